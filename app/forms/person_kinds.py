"""The kinds of person a person field takes (child, unborn baby, adult), in plain words:
what a picker says when nobody fits, and why a chosen person does not."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from app.forms.definition import KIND_ROLES, PERSON_KINDS, Field

ONE: Mapping[str, str] = MappingProxyType(
    {"child": "a child", "unborn": "an unborn baby", "adult": "an adult"}
)
MANY: Mapping[str, str] = MappingProxyType(
    {"child": "children", "unborn": "unborn babies", "adult": "adults"}
)


def kind_of_role(role: str) -> str | None:
    """The kind of person (child, unborn, adult) a family role is, or None."""
    return next((kind for kind in PERSON_KINDS if role in KIND_ROLES[kind]), None)


def either(words: Sequence[str]) -> str:
    """``a, b or c``."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def kinds_words(field: Field) -> str:
    """The kinds of person a field takes, as a plural: "children (born)", "adults"."""
    takes = field.person_takes
    if set(takes) == set(PERSON_KINDS):
        return "people"
    if set(takes) == {"child", "unborn"}:
        return "children"
    if takes == ("child",):
        return "children (born)"
    return either([MANY[kind] for kind in takes])


def nobody_text(field: Field) -> str:
    """What a person picker says when the family has nobody of the kinds it takes."""
    return (
        f"No {kinds_words(field)} are recorded in this family yet: "
        "add them to the family record first."
    )


def nothing_to_add(field: Field) -> str:
    """What a repeating group says when each row needs a person (``field``) the family
    does not have: each child's view in a family expecting its first baby."""
    return (
        f"No {kinds_words(field)} are recorded in this family, so nothing is needed here "
        "yet."
    )


def wrong_kind(field: Field, role: str) -> str:
    """Why a person of this role cannot answer this field."""
    kind = kind_of_role(role)
    wanted = either([ONE[k] for k in field.person_takes])
    if kind is None:
        return f"Please choose {wanted}."
    return f"{ONE[kind].capitalize()} cannot be chosen here: please choose {wanted}."


def nobody_fits(field: Field, people: Mapping[str, str] | None) -> bool:
    """True when the family has nobody of the kinds a person field takes (or a repeat's
    required person field takes, as in "each child's view" for a family expecting its
    first baby): the field cannot be answered, so it is not required."""
    if people is None:
        return False
    if field.type == "person":
        return not any(role in field.person_roles for role in people.values())
    return field.is_repeat and any(
        sub.type == "person" and sub.required and nobody_fits(sub, people) for sub in field.fields
    )
