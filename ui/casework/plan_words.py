"""What the Plan tab says above the tree: its warnings (as rich text) and its summary
line, from the plan's plain data."""

from __future__ import annotations

from app.casework.plan_data import PlanData
from app.dates import uk


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def warnings_html(plan: PlanData) -> str:
    """The plan's warnings as a short list ("" when there are none)."""
    if not plan.warnings:
        return ""
    lines = [_esc(w.message) for w in plan.warnings if w.kind == "single_domain"]
    no_owner = sum(1 for w in plan.warnings if w.kind == "no_owner")
    no_date = sum(1 for w in plan.warnings if w.kind == "no_due_date")
    if no_owner:
        lines.append(
            f"{_count(no_owner, 'action has', 'actions have')} no owner: "
            "say who will do it (a family member or an agency)."
        )
    if no_date:
        lines.append(
            f"{_count(no_date, 'action has', 'actions have')} no due date: "
            "say by when it will be done."
        )
    return (
        "<b>Check the plan</b><ul style='margin: 2px 0 0 -20px;'>"
        + "".join(f"<li>{line}</li>" for line in lines)
        + "</ul>"
    )


def summary_text(plan: PlanData) -> str:
    """'1 thing going well · 2 needs · 3 outcomes · 5 actions (1 achieved).   Next review: …'
    ("" for a plan with nothing in it)."""
    if plan.is_empty and not plan.strengths:
        return ""
    actions = plan.actions
    achieved = sum(1 for a in actions if a.status == "achieved")
    overdue = len(plan.overdue_actions())
    parts = [
        _count(len(plan.needs), "need", "needs"),
        _count(len(plan.outcomes), "outcome", "outcomes"),
        _count(len(actions), "action", "actions")
        + f" ({achieved} achieved"
        + (f", {overdue} overdue" if overdue else "")
        + ")",
    ]
    if plan.strengths:
        parts.insert(0, _count(len(plan.strengths), "thing going well", "things going well"))
    review = (
        f"Next review: {uk(plan.next_review)}" if plan.next_review else "No review date set yet"
    )
    return " · ".join(parts) + ".   " + review + "."
