"""How a visit is put into words: its status, which children were seen, the
sentence about when it becomes final, and the detail shown on the Visits tab."""

from __future__ import annotations

from app.casework.visit_data import VisitData
from app.dates import uk_instant

from ui.casework.tab_pieces import names
from ui.widgets.theme import box_style, tint


def draft_style() -> str:
    return box_style("warning")


def final_style() -> str:
    return box_style("success")


def planned_style() -> str:
    return box_style("info")


def status_text(v: VisitData) -> str:
    if v.planned:
        return "Planned"
    if v.is_final:
        return "Final" + (
            f" (+{len(v.addenda)} addend{'a' if len(v.addenda) != 1 else 'um'})"
            if v.addenda
            else ""
        )
    return "Draft"


def children_text(v: VisitData) -> str:
    if v.planned:
        return ""
    parts = []
    for c in v.children_seen:
        first = c.name.split(" ")[0] if c.name else "A child"
        if c.pregnancy is not None:
            talked = "pregnancy talked about" if c.pregnancy else "pregnancy not talked about"
            parts.append(f"Expected baby: {talked}")
        elif c.seen_alone:
            parts.append(f"{first}: seen alone")
        elif c.seen:
            parts.append(f"{first}: seen")
        else:
            parts.append(f"{first}: not seen")
    return "; ".join(parts)


def final_sentence(v: VisitData) -> str:
    if v.planned:
        return (
            f"Planned for {v.when_text}. When it has happened, record what happened here: "
            "change the details if needed and choose “Record visit”."
        )
    if v.is_final:
        how = (
            f"finalised by {v.finalised_by}"
            if v.finalised_by
            else "it became final by itself when the time to change it ran out"
        )
        return (
            f"Final since {uk_instant(v.final_at)} ({how}). A final record cannot be changed: "
            "use “Add addendum…” to correct it or add to it."
        )
    when = f" at {uk_instant(v.final_at)}" if v.final_at else ""
    return (
        f"Draft, recorded by {v.recorded_by}. You can change it until it becomes final by "
        f"itself{when}, or until you finalise it."
    )


def visit_detail_html(v: VisitData) -> str:
    lines = [f"<h3 style='margin:0'>{escape_html(v.title)}</h3>"]
    lines.append(f"<p>{escape_html(final_sentence(v))}</p>")
    if not v.planned:
        seen = names([n for n in v.seen_names if n])
        lines.append(f"<p><b>Seen:</b> {escape_html(seen) or 'no one recorded'}</p>")
        if v.children_seen:
            lines.append(f"<p><b>Children:</b> {escape_html(children_text(v))}</p>")
        if v.child_words:
            lines.append(
                f"<p><b>What the child said:</b><br><i>{lines_html(v.child_words)}</i></p>"
            )
    if v.notes:
        lines.append(f"<p><b>Notes:</b><br>{escape_html(v.notes).replace(chr(10), '<br>')}</p>")
    if v.follow_ups:
        lines.append(
            "<p><b>Follow-ups:</b></p><ul>"
            + "".join(
                f"<li>{escape_html(f.text)}{' <i>(in the plan)</i>' if f.action_id else ''}</li>"
                for f in v.follow_ups
            )
            + "</ul>"
        )
    for a in v.addenda:
        lines.append(
            f"<p style='background:{tint('neutral')}'><b>Addendum, {a.when_text}, "
            f"{escape_html(a.by)}:</b><br>{escape_html(a.text)}</p>"
        )
    return "".join(lines)


def lines_html(text: str) -> str:
    return escape_html(text).replace("\n", "<br>")


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
