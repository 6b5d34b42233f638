"""The family plan's own words, in one voice: the plan speaks to the family ("you", "your
family", children by name); "we" is the early help team writing it, and "together" is
the family and everyone working with them. What workers typed is printed as they typed
it, under a label, and never rewritten.
"""

from __future__ import annotations

import datetime as dt

from app.dates import uk

# What each action status means, in the family's words (the review record shares them).
STATUS_WORDS: dict[str, str] = {
    "not_started": "Not started yet",
    "on_track": "Going well",
    "achieved": "Done",
    "not_achieved": "Not done",
    "no_longer_needed": "No longer needed",
}
# An ended plan: each action as it stood when the plan ended.
FINAL_STATUS_WORDS: dict[str, str] = {
    "not_started": "Not started when the plan ended",
    "on_track": "Still going when the plan ended",
    "achieved": "Done",
    "not_achieved": "Not done",
    "no_longer_needed": "No longer needed",
}
AREA_WORDS: dict[str, str] = {
    "health": "Health",
    "education": "School and learning",
    "housing": "Home",
    "income": "Money",
    "relationships": "Family and relationships",
    "safety": "Keeping safe",
    "wellbeing": "Feeling well",
}
# How far each outcome was achieved, as the closure recorded it.
ACHIEVED_WORDS: dict[str, str] = {
    "yes": "Achieved",
    "partly": "Partly achieved",
    "no": "Not achieved",
}
# Why a plan ended, finishing "This plan ended on 12/03/2026 ..." (a closure's reason).
ENDED_WHEN: dict[str, str] = {
    "needs_met": (
        "when we agreed with you that services everyone can use, such as your GP, health "
        "visitor and school, could support your family from then on"
    ),
    "stepped_up": "when your family's support moved to children's social care",
    "moved_out_of_area": "when your family moved out of the area",
    "consent_withdrawn": "when you told us you no longer wanted help from early help",
    "disengaged": "when we stopped working on it together",
}

INTRO = (
    "This is your plan. It says what you want to be different, and who will do what to "
    "help, by when. We will look at it together at each review and change it when we "
    "need to."
)
SUBJECT = "Your family plan: what you want to be different, and who will do what by when"
NO_STRENGTHS = (
    "Nothing is written here yet. We will write down with you what is going well for "
    "your family: your strengths, and the people and things that help."
)
OWN_STRENGTHS = "Written in your plan"
SIGNING = "By signing, you agree to this plan and to working on it together. Your lead " \
    "professional signs too."
HELP_AGAIN = (
    "Services everyone can use, such as your GP, health visitor and school, are still "
    "there for you. If you need help again, you can ask any of them, or contact the "
    "early help team."
)


def for_family(family_name: str) -> str:
    """'For the Baker family' ('For your family' without a name)."""
    return f"For the {family_name} family" if family_name else "For your family"


def ended_sentence(closed_on: dt.date | None, reason: str) -> str:
    """'This plan ended on 12/03/2026, when your family moved out of the area.'"""
    when = f" on {uk(closed_on)}" if closed_on else ""
    why = ENDED_WHEN.get(reason, "")
    return f"This plan ended{when}" + (f", {why}." if why else ".")


def ended_intro(closed_on: dt.date | None, reason: str) -> str:
    return (
        ended_sentence(closed_on, reason)
        + " It is kept as a record of what you worked on and how far each thing got: "
        "nothing in it needs signing, and there are no more reviews."
    )


def review_words(next_review: dt.date | None, as_of: dt.date) -> str:
    """When the family will next look at the plan with us."""
    purpose = "to see how the plan is going: what has worked, what has not, and what " \
        "needs to change."
    if next_review and next_review < as_of:
        return (
            f"Your review was due by {uk(next_review)}. We will agree a new date with you "
            f"soon, {purpose}"
        )
    if next_review:
        return f"We will meet with you again on or before {uk(next_review)} {purpose}"
    return "We will agree the date of your next review with you."


def contact_words(lead: str) -> str:
    return (
        f"If anything changes before then, or you want to talk about your plan, contact {lead}."
        if lead
        else ""
    )
