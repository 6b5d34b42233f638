"""What the Assessments tab says about one assessment: the line under the list for the
selected one, and the words for an assessment whose form is not on this computer."""

from __future__ import annotations

from app.casework.assessment_data import AssessmentSummary
from app.dates import uk
from app.families.allocation import shown_name

from ui.assessments.assessment_words import local_date, title_text

ASK = "ask whoever looks after Hearth's settings for your council"
# The Status column of an assessment whose form version is not loaded here (its status
# and whom to ask in full are in the line under the list).
FORM_MISSING = "Form not on this computer: ask your administrator"


def form_missing_text(row: AssessmentSummary) -> str:
    return (f"This assessment was made with version {row.form_version} of its form, which "
            "is not on this computer, so it cannot be opened here until that form is put "
            f"back: {ASK}. Everything else about the family carries on as usual.")


def detail_text(
    row: AssessmentSummary, original: AssessmentSummary | None, *, form_missing: bool = False
) -> str:
    """The selected assessment in a few lines (``original``: the one it amends, if listed)."""
    lines = [
        f"{title_text(row)}"
        + (f" about {row.child_name}" if row.child_name else "")
        + f" (form version {row.form_version}). Started by {row.started_by} on "
        f"{uk(local_date(row.started_at))}."
    ]
    if form_missing:
        lines.append(form_missing_text(row))
    if row.is_final:
        lines.append(f"Completed by {row.completed_by} on {uk(local_date(row.completed_at))}.")
    review = row.latest_review
    if review is not None:
        who = review.reviewer_name or shown_name(review.reviewed_by)
        when = uk(local_date(review.reviewed_at))
        if review.outcome == "returned":
            lines.append(f"Returned by {who} on {when}: “{review.comment}”")
            if not row.superseded and not row.amended_by_id:
                lines.append("Use Amend… to make the corrections.")
        else:
            lines.append(
                f"Signed off by {who} on {when}."
                + (f" “{review.comment}”" if review.comment else "")
            )
    if row.amends_id and original is not None:
        lines.append(
            f"This corrects the assessment completed on {uk(local_date(original.completed_at))}."
        )
        if original.latest_review is not None and original.latest_review.outcome == "returned":
            lines.append(f"It was returned with: “{original.latest_review.comment}”")
    return "\n".join(lines)
