"""The consent form: what the family has agreed to, in plain words, then how to
withdraw, then a signature and date block for each person consenting.

Made from every consent recorded for the family (newest first). Consent still
in force gets signature blocks; consent since withdrawn is listed with the
date it was withdrawn, so the paper copy never says more than is agreed now.
Everything a parent agrees to, and how to change their mind, comes before the
first signature. The worker's own notes (consent notes, why the person can
decide) are never loaded into the form, so they cannot print on the family's copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.consent import list_consents
from app.casework.consent_data import ConsentData, WithdrawalData
from app.dates import uk
from app.documents.agency_words import agencies_in_a_sentence
from app.documents.family_facts import (
    FamilyFacts,
    NothingToPrint,
    family_facts,
    find_family,
    stamps_of,
)
from app.documents.layout.document_info import (
    DocumentInfo,
    RecordStamp,
    RenderOptions,
    combined_stamp,
)
from app.documents.layout.pdf import render as render_pdf
from app.documents.layout.story import Story
from app.documents.layout.text import words_list
from app.store.caseload_store import Profile
from db.models import Consent, ConsentWithdrawal

TITLE = "Consent form"


@dataclass(frozen=True)
class ConsentItem:
    given_by: str
    giving_as: str  # "Parent or carer", "Young person", ...
    given_on: dt.date
    method: str
    taken_by: str
    assess: bool
    share_agencies: tuple[str, ...]
    refer_services: tuple[str, ...]
    # what is still agreed now (after any withdrawal)
    assess_now: bool
    share_now: tuple[str, ...]
    refer_now: tuple[str, ...]
    state: str  # in_force, partly_withdrawn, withdrawn
    withdrawals: tuple[str, ...]  # one plain sentence each


@dataclass(frozen=True)
class ConsentFormData:
    family: FamilyFacts
    consents: tuple[ConsentItem, ...]  # newest first
    worker: str
    stamp: RecordStamp


def _giving_as(consent: ConsentData, family: FamilyFacts) -> str:
    person = family.person(consent.given_by_person_id)
    if person is None:
        return "Parent or carer"
    if person.role == "child":
        return "Young person"
    if person.relationship:
        return f"Parent or carer ({person.relationship})"
    return "Parent or carer"


def _withdrawal_text(w: WithdrawalData) -> str:
    if w.all_of_it:
        what = "all of this consent"
    else:
        parts = []
        if w.assess:
            parts.append("the assessment")
        if w.share_agencies:
            parts.append("sharing with " + agencies_in_a_sentence(w.share_agencies))
        if w.refer_services:
            parts.append("referring to " + words_list(list(w.refer_services)))
        what = words_list(parts) or "part of this consent"
    who = f" by {w.withdrawn_by}" if w.withdrawn_by else ""
    return f"Withdrawn{who} on {uk(w.withdrawn_on)}: {what}."


def load(session: Session, actor: Profile, family_reference: str) -> ConsentFormData:
    family_row = find_family(session, family_reference)
    family = family_facts(session, family_row)
    consents = list_consents(session, actor, family.id)
    if not consents:
        raise NothingToPrint(f"Family {family.reference} has no consent recorded to print.")
    rows = list(
        session.scalars(select(Consent).where(Consent.family_id == family.id))
    ) + list(
        session.scalars(select(ConsentWithdrawal).where(ConsentWithdrawal.family_id == family.id))
    )
    items = tuple(
        ConsentItem(
            given_by=c.given_by_name,
            giving_as=_giving_as(c, family),
            given_on=c.given_on,
            method=c.method_label,
            taken_by=c.taken_by,
            assess=c.scope_assess,
            share_agencies=c.share_agencies,
            refer_services=c.refer_services,
            assess_now=c.assess_now,
            share_now=c.share_now,
            refer_now=c.refer_now,
            state=c.state,
            withdrawals=tuple(_withdrawal_text(w) for w in c.withdrawals),
        )
        for c in consents
    )
    return ConsentFormData(
        family=family,
        consents=items,
        worker=actor.name,
        stamp=combined_stamp(stamps_of(rows)),
    )


# ---------------------------------------------------------------- the page

ASSESS_WORDS = (
    "We can work with you and your family to understand what is going well and "
    "what help you need. This is called an Early Help Assessment. It includes "
    "talking with your children and listening to what they say."
)


def _agreed(assess: bool, share: tuple[str, ...], refer: tuple[str, ...]) -> list[str]:
    out = []
    if assess:
        out.append(ASSESS_WORDS)
    if share:
        out.append(
            "We can share information about your family with "
            f"{agencies_in_a_sentence(share)}, so that we can all help in the same way. "
            "We only share what they need to know."
        )
    if refer:
        out.append(
            f"We can ask {words_list(list(refer))} to offer your family support, "
            "and give them the information they need to do that."
        )
    return out


def render(data: ConsentFormData, options: RenderOptions | None = None) -> bytes:
    family = data.family
    info = DocumentInfo(
        title=TITLE,
        family_reference=family.reference,
        family_name=family.display_name,
        stamp=data.stamp,
        subject="What the family has agreed to, and how to change their mind",
        author=data.worker,
    )
    return render_pdf(info, partial(_write, data), options)


def _write(data: ConsentFormData, story: Story) -> None:
    family = data.family
    story.title("Your consent to early help", f"{family.display_name} · {family.reference}")
    story.callout(
        "This form says what you have agreed to. Nothing else will happen without "
        "asking you first. You can change your mind at any time: please read "
        "\u201cHow to change your mind\u201d before you sign."
    )
    in_force = [c for c in data.consents if c.state != "withdrawn"]
    withdrawn = [c for c in data.consents if c.state == "withdrawn"]
    # Sections flow (each heading keeps with what follows it): kept whole, a long one
    # left most of a page blank before it, and in large print page 1 held only the box.
    for item in in_force:
        _what_was_agreed(story, item)
    if withdrawn:
        _no_longer(story, withdrawn)
    _how_to_withdraw(story, family)
    if in_force:
        _signatures(story, in_force)


def _no_longer(story: Story, withdrawn: list[ConsentItem]) -> None:
    story.heading("Consent that is no longer in force")
    story.para(
        "These were agreed before and have since been withdrawn. "
        "Nothing is done under them any more."
    )
    for item in withdrawn:
        story.subheading(f"{item.given_by}, {uk(item.given_on)}")
        story.bullets(_agreed(item.assess, item.share_agencies, item.refer_services))
        for line in item.withdrawals:
            story.muted(line)


def _how_to_withdraw(story: Story, family: FamilyFacts) -> None:
    story.heading("How to change your mind")
    lead = family.lead_text()
    who = f"{lead}, or " if lead else ""
    story.para(
        f"You can withdraw all or part of your consent at any time. Tell {who}any "
        "member of the early help team, by phone, by letter or when we see you. "
        "You do not have to give a reason."
    )
    story.para(
        "We will write down the date you told us and stop straight away. Information "
        "already shared cannot be taken back, but we will tell the people who have it "
        "that you have withdrawn your consent."
    )
    story.para(
        "Withdrawing consent does not stop you using services everyone can use, such "
        "as your GP, health visitor or school. If we are ever worried that a child is "
        "at risk of serious harm, we may have to share information without consent "
        "to keep them safe; we would tell you if we did, unless that put a child at risk."
    )


def _signatures(story: Story, in_force: list[ConsentItem]) -> None:
    """After everything agreed and how to withdraw: each consent's signature blocks,
    kept on one page with their heading."""
    for number, item in enumerate(in_force):
        people = [(item.given_by, item.giving_as)]
        if item.taken_by:
            people.append((item.taken_by, "Worker taking consent"))
        with story.together():  # the section's heading stays with the first pair of blocks
            if number == 0:
                story.heading("Signatures")
                story.para(
                    "By signing you confirm that you have read this form, or had it read to "
                    "you, and that it says what you have agreed to."
                )
            story.subheading(f"Consent given by {item.given_by} on {uk(item.given_on)}")
            story.signature_blocks(people)


def _what_was_agreed(story: Story, item: ConsentItem) -> None:
    story.heading(f"Consent given by {item.given_by}")
    story.facts(
        [
            ("Given by", item.given_by),
            ("Giving consent as", item.giving_as),
            ("Date", uk(item.given_on)),
            ("How it was given", item.method),
            ("Taken by", item.taken_by),
        ]
    )
    story.subheading("What you have agreed to")
    story.bullets(_agreed(item.assess_now, item.share_now, item.refer_now))
    if item.withdrawals:
        story.subheading("What you have since withdrawn")
        story.bullets(list(item.withdrawals))
