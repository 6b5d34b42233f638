"""How the agency types a worker picks read inside a sentence written to a family.

The agency types (app/reference/choices.AGENCIES) are labels for a list ("Voluntary
sector", "School"); dropped into a sentence they read as a fragment ("share
information with Voluntary sector"). Each known type has the words a family would
use; a name the worker typed is kept as it was written (it may be a proper name).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.documents.layout.text import words_list

IN_A_SENTENCE: dict[str, str] = {
    "Health visiting": "your health visitor",
    "School": "your children's school",
    "Early years setting": "your children's nursery or early years setting",
    "GP": "your GP",
    "Midwifery": "your midwife",
    "Police": "the police",
    "Housing": "your housing officer",
    "Children's social care": "children's social care",
    "Child and adolescent mental health": "the child and adolescent mental health service (CAMHS)",
    "Adult mental health": "the adult mental health service",
    "Drug and alcohol service": "the drug and alcohol service",
    "Youth service": "the youth service",
    "Family nurse partnership": "the Family Nurse Partnership",
    "Domestic abuse service": "the domestic abuse service",
    "Voluntary sector": "the voluntary organisations (charities) working with your family",
}


def agency_in_a_sentence(agency: str) -> str:
    """The words for one agency inside a sentence."""
    return IN_A_SENTENCE.get(agency.strip(), agency.strip())


def agencies_in_a_sentence(agencies: Sequence[str]) -> str:
    """'your GP, your children's school and the police'."""
    return words_list([agency_in_a_sentence(a) for a in agencies])
