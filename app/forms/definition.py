"""What a form is, once its file has been read and checked.

Everything here is a frozen dataclass built by :mod:`app.forms.schema`; nothing
here reads files, touches the store or imports Qt. An assessment keeps the
form's ``id`` and ``version`` and its answers as JSON keyed by field id:

* text, long_text, choice, date (ISO ``YYYY-MM-DD``): a string (an identifier such as an
  NHS number is kept as typed)
* multi_choice: a list of option values
* number: an int or float; grade: an int 1-5; scale: an int in its range
* yes_no: true or false
* person: a person id (a list of ids when ``multiple``)
* repeat: a list of rows, each a mapping of the group's own field ids
* confirmation: ``{"by": name, "at": ISO date and time (UTC)}``: who confirmed, and when
* guidance: never answered (words for the worker)
* family_value: the value from the family record when the form was filled in
* picture: ``{"type": "image/jpeg", "width": w, "height": h, "data": base64}``: a scan
  or photo re-encoded without its metadata (see :mod:`app.forms.pictures`)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

FIELD_TYPES: tuple[str, ...] = (
    "text",
    "long_text",
    "choice",
    "multi_choice",
    "date",
    "number",
    "yes_no",
    "person",
    "grade",
    "scale",
    "repeat",
    "guidance",
    "confirmation",
    "family_value",
    "picture",
)

# How a long_text field may look in the wizard and on paper (``look:``): ``house`` draws
# a house with its name on the roof and the answer written inside (three houses).
LOOKS: tuple[str, ...] = ("house",)

PERSON_FILTERS: tuple[str, ...] = ("all", "children", "adults")

# The kinds of person a person field can take (``takes``), and the family roles
# (app.reference.choices.PERSON_ROLES codes) of each kind.
PERSON_KINDS: tuple[str, ...] = ("child", "unborn", "adult")
KIND_ROLES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "child": frozenset({"child"}),
        "unborn": frozenset({"unborn"}),
        "adult": frozenset({"parent_carer", "significant_adult"}),
    }
)
# What the older ``filter`` key means in kinds: ``takes`` replaces it.
FILTER_KINDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"all": PERSON_KINDS, "children": ("child", "unborn"), "adults": ("adult",)}
)

# Named option lists a choice can take its options from (``options_from``).
# The lists themselves are reference data supplied by the caller; see
# :func:`app.reference.form_options.reference_options`.
SUGGESTIONS = {
    # the family's people (children and adults, not a baby not yet born) and the worker
    "household": "the family's people and the worker",
}
OPTION_SOURCES: tuple[str, ...] = ("levels_of_need", "agencies", "request_sources")

GRADES: tuple[int, ...] = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    other: bool = False  # "other, please say": choosing it asks for the words too


@dataclass(frozen=True)
class OptionLists:
    """A council's option lists (``option_lists.yaml``), each defined once and used by
    many fields through ``options_from: list_name``."""

    lists: Mapping[str, tuple[Option, ...]]
    source: str = ""  # the file it came from, for messages only


@dataclass(frozen=True)
class Condition:
    """When a field (or page) is shown (or a field needed): ``{field: x, equals: v}``,
    ``{field: x, in: [a, b]}`` (also written ``one_of``), ``{field: x, answered: true}``,
    ``{field: x, less_than: n}``, ``{field: x, more_than: n}``, or a combination:
    ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``.

    For a multi_choice field, ``equals`` means "v is among the choices" and
    ``in`` means "any of these is among the choices".
    """

    field: str  # "" for a combination
    operator: str  # "equals", "in", "answered", "less_than", "more_than"; "all", "any", "not"
    value: Any = None  # the value for "equals", a tuple for "in", a bool for "answered"
    parts: tuple[Condition, ...] = ()  # the conditions "all", "any" or "not" combine

    def leaves(self) -> Iterator[Condition]:
        """The conditions on one field each, inside any combination."""
        if self.parts:
            for part in self.parts:
                yield from part.leaves()
        else:
            yield self


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    visible_if: Condition | None = None
    required_if: Condition | None = None  # needed only when this holds (while shown)
    # choice, multi_choice
    options: tuple[Option, ...] = ()
    options_from: str = ""  # a reference data list, looked up when the form is used
    options_list: str = ""  # the council option list its options were copied from
    # a text box made for an "other, please say" option: the choice field it belongs to
    other_of: str = ""
    # number (any range), scale (default 0-10)
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: str = ""
    # text, long_text
    max_length: int | None = None
    # long_text: how it looks (LOOKS; "" for a plain box) and a house's name on its roof
    look: str = ""
    house_name: str = ""
    # text: an identifier the answer is checked as (app.forms.identifiers.IDENTIFIERS)
    validate: str = ""
    # text: names offered while typing (SUGGESTIONS), any other name typed freely
    suggest: str = ""
    # date: limits
    not_in_future: bool = False
    not_before_birth: bool = False
    # person
    person_filter: str = "all"
    person_takes: tuple[str, ...] = PERSON_KINDS
    multiple: bool = False
    # grade: five descriptors (grade 1 first) or a key into a descriptor file
    descriptors: tuple[str, ...] = ()
    descriptors_from: str = ""
    suggested_from: tuple[str, ...] = ()
    # scale
    low_label: str = ""
    high_label: str = ""
    point_labels: tuple[str, ...] = ()  # wording at every point, lowest first (optional)
    # guidance: the words shown (no answer); confirmation: the words confirmed
    text: str = ""
    # family_value: which value the family record gives (app.forms.family_values)
    family_value: str = ""
    # repeat
    fields: tuple[Field, ...] = ()
    min_rows: int = 0
    max_rows: int | None = None
    row_label: str = ""
    add_label: str = ""
    for_each: str = ""  # a row for each person chosen in this (multiple) person field

    @property
    def grade_points(self) -> tuple[int, ...]:
        """A grade field's grades, best first (1 to 5 unless its min and max say)."""
        low = int(self.minimum) if self.minimum is not None else GRADES[0]
        high = int(self.maximum) if self.maximum is not None else GRADES[-1]
        return tuple(range(low, high + 1))

    @property
    def is_repeat(self) -> bool:
        return self.type == "repeat"

    @property
    def person_roles(self) -> frozenset[str]:
        """The family roles a person field can take (from ``takes``, or ``filter``)."""
        return frozenset().union(*(KIND_ROLES[kind] for kind in self.person_takes))

    @property
    def descriptor_set(self) -> str:
        """The descriptor file key's set name (``gcp2`` in ``gcp2.nutrition``)."""
        return self.descriptors_from.partition(".")[0]

    @property
    def descriptor_key(self) -> str:
        """The entry within the descriptor set (``nutrition`` in ``gcp2.nutrition``)."""
        return self.descriptors_from.partition(".")[2]

    def point_label(self, score: Any) -> str:
        """A scale's wording for one point ('' when the scale has none)."""
        low = int(self.minimum if self.minimum is not None else 0)
        index = score - low if isinstance(score, int) and not isinstance(score, bool) else -1
        return self.point_labels[index] if 0 <= index < len(self.point_labels) else ""

    @property
    def roof(self) -> str:
        """What a house (``look: house``) says on its roof: its name, or its label."""
        return self.house_name or self.label

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    help: str = ""
    fields: tuple[Field, ...] = ()
    visible_if: Condition | None = None


@dataclass(frozen=True)
class Outcome:
    """Fields whose answers the application acts on when a form is completed, and
    which a summary shows first: the level of need agreed, whether a Family Action
    Meeting is needed, and the children the assessment is about; and the fields that
    say what is going well, which the family plan opens with."""

    recommended_level_field: str = ""
    fam_needed_field: str = ""
    children_field: str = ""
    strengths_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scaling:
    """Where a form keeps its participants' 0-10 scaling rows."""

    group: str
    name_field: str
    role_field: str
    score_field: str
    heading: str = ""  # printed above the scores (a default when empty)
    introduction: str = ""  # printed under the heading (what the ends mean when empty)


@dataclass(frozen=True)
class MapColumn:
    """One column of a summary map (e.g. the three-column safety map)."""

    title: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: str
    kind: str
    description: str = ""
    pages: tuple[Page, ...] = ()
    version_date: dt.date | None = None  # when this version was issued, as workers read it
    per_child: bool = False
    outcome: Outcome | None = None
    scaling: Scaling | None = None
    map_columns: tuple[MapColumn, ...] = ()
    example: bool = False  # shipped as an example: offered only when a council asks for it
    source: str = ""  # the file it came from, for messages only
    _index: Mapping[str, Field] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _parents: Mapping[str, str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _pages: Mapping[str, str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index: dict[str, Field] = {}
        parents: dict[str, str] = {}
        pages: dict[str, str] = {}
        for page in self.pages:
            for top in page.fields:
                index.setdefault(top.id, top)
                pages.setdefault(top.id, page.id)
                for sub in top.fields:
                    index.setdefault(sub.id, sub)
                    parents.setdefault(sub.id, top.id)
                    pages.setdefault(sub.id, page.id)
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_parents", MappingProxyType(parents))
        object.__setattr__(self, "_pages", MappingProxyType(pages))

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    def field(self, field_id: str) -> Field:
        """Any field by id, including those inside repeating groups."""
        try:
            return self._index[field_id]
        except KeyError:
            raise KeyError(f"form {self.id} v{self.version} has no field {field_id!r}") from None

    def has_field(self, field_id: str) -> bool:
        return field_id in self._index

    def page(self, page_id: str) -> Page:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(f"form {self.id} v{self.version} has no page {page_id!r}")

    def parent_of(self, field_id: str) -> str | None:
        """The repeating group holding a field, or None for a top-level field."""
        return self._parents.get(field_id)

    def page_of(self, field_id: str) -> str:
        """The id of the page a field (or a field inside a group) is on."""
        return self._pages[field_id]

    def top_fields(self) -> Iterator[Field]:
        for page in self.pages:
            yield from page.fields

    def all_fields(self) -> Iterator[Field]:
        for top in self.top_fields():
            yield top
            yield from top.fields


@dataclass(frozen=True)
class DescriptorSet:
    """Grade descriptors held in their own file, so a council holding a licence
    (e.g. for the official GCP2 wording) can replace ours without code changes.

    ``name`` is the set a form refers to (``descriptors_from: gcp2.nutrition``
    refers to set ``gcp2``, entry ``nutrition``); ``id`` and ``version`` name
    this particular file's content.
    """

    name: str
    id: str
    version: int
    title: str
    licensed: bool
    entries: Mapping[str, tuple[str, ...]]
    source_note: str = ""
    source: str = ""  # the file it came from, for messages only

    def get(self, key: str) -> tuple[str, ...] | None:
        return self.entries.get(key)


def descriptors_for(
    field: Field, sets: Mapping[str, DescriptorSet] | None = None
) -> tuple[str, ...]:
    """The five descriptors for a grade field (grade 1 first), or ``()``."""
    if field.descriptors:
        return field.descriptors
    if field.descriptors_from and sets is not None:
        chosen = sets.get(field.descriptor_set)
        if chosen is not None:
            return chosen.get(field.descriptor_key) or ()
    return ()


def options_for(
    field: Field, reference: Mapping[str, Sequence[Option]] | None = None
) -> tuple[Option, ...] | None:
    """A choice field's options; None when they come from a list not supplied."""
    if field.options_from:
        if reference is None or field.options_from not in reference:
            return None
        return tuple(reference[field.options_from])
    return field.options
