"""A demo family's assessments: the Early Help Assessment, a Graded Care Profile 2 for the
child where neglect is the worry (a second one some three months later, to show change)
and a safety map where safety is the worry (again after the meeting), each in words that
fit the child's age on its day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from app.demo.casework_context import Casework
from app.demo.family_words import Household, Words
from app.demo.stories import Story, story_book
from app.demo.timeline import Timeline
from app.forms.scoring import suggestion_for
from db.models import Assessment

DAY = dt.timedelta(days=1)


def record_ehat(work: Casework, h: Household, story: Story, words: Words, t: Timeline) -> str:
    """The EHAT, on the timeline's day for it; returns its id."""
    assert h.carer is not None and words.child is not None
    w = words.on(t.ehat_on)
    answers: dict[str, Any] = {k: w(v) for k, v in story.ehat.items()}
    answers["reason_for_assessment"] = w(story.opening(h.family.request_reason))
    # A meeting when the family is at early help, or moving up to it next.
    fam_needed = t.recommended_level() in t.early_help
    if not fam_needed:  # help at the universal level: no meeting, no plan
        answers.pop("fam_reason", None)
        answers.update(story_book().universal_ehat)
    born = h.born_by(t.ehat_on)
    answers = {k: v for k, v in answers.items() if v}
    answers.update(
        assessment_date=t.ehat_on.isoformat(),
        requested_by=h.family.request_source if h.family.request_source in
        {o.value for o in work.options["request_sources"]} else "other",
        children_assessed=[c.id for c in born],
        people_seen=[h.carer.id] + [c.id for c in born],
        children_voice=[{
            "voice_child": words.child.id,
            "voice_how": w.pick(story.voice_how),
            "voice_seen_alone": w.band in ("child", "teen"),
            "voice_words": w(story.child_words),
        }],
        parents_voice=[{
            "voice_adult": h.carer.id,
            "voice_adult_words": w(story.carer_words),
            "voice_adult_wants": w(story.carer_wants),
        }],
        family_agrees="agree",
        fam_needed=fam_needed,
        recommended_level=(t.recommended_level() or h.family.level_code
                           or work.levels.step_down_choice("")),
        other_tools=["gcp2"] if story.gcp2 else
        (["safety_mapping"] if story.safety else ["none"]),
    )
    return work.assess(work.actor, h, "ehat", answers, t.ehat_on)


def record_gcp2s(work: Casework, h: Household, words: Words, t: Timeline) -> None:
    """A GCP2 for the child soon after the EHAT and, most times, a second one some three
    months on (one grade better where things improved)."""
    child = words.child
    first = t.ehat_on + 3 * DAY
    if child is None or first >= min(t.end, work.on):
        return
    days = [first]
    # Repeated some three months on: after the meeting that asked for it, when there is one.
    second = first + work.rng.randint(70, 84) * DAY
    if t.fam_on is not None:
        second = max(second, t.fam_on + work.rng.randint(56, 80) * DAY)
    if work.rng.random() < 0.7 and second < min(t.end, work.on):
        days.append(second)
    form = work.registry.latest("gcp2")
    gcp2 = story_book().gcp2
    for round_, day in enumerate(days):
        w = words.on(day)
        answers: dict[str, Any] = {}
        for sub, grade in gcp2.grades.items():
            improved = bool(round_ and grade > 2)
            answers[sub] = grade - 1 if improved else grade
            answers[f"{sub}_evidence"] = w(gcp2.better[sub] if improved else gcp2.evidence[sub])
        for item in form.top_fields():
            if item.type == "grade" and item.suggested_from:
                answers[item.id] = suggestion_for(form, item, answers).grade
        answers.update(
            strengths_summary=w(gcp2.strengths_summary),
            concerns_summary=w(gcp2.concerns_summary),
            carer_view=w(gcp2.carer_view),
            next_steps=w(gcp2.next_steps),
        )
        work.assess(work.trained, h, "gcp2", answers, day, child)


def record_safety_maps(work: Casework, h: Household, story: Story, words: Words,
                       t: Timeline) -> None:
    """A safety map soon after the EHAT (the early scores) and, when there is time, another
    five weeks after the meeting (the scores now)."""
    safety = story.safety
    assert safety is not None
    first = t.ehat_on + 3 * DAY
    second = (t.fam_on or t.ehat_on) + 35 * DAY
    if first >= min(t.end, work.on):
        return
    days = [first] + ([second] if second < min(t.end, work.on) else [])
    for number, day in enumerate(days):
        w = words.on(day)
        early = number == 0
        rows = [{
            "participant_name": w(row.name),
            "participant_role": row.role,
            "score": row.earlier if early else row.score,
            "score_reason": "Early days." if early else w(row.why),
        } for row in safety.scores if w.band in row.bands]
        answers = {
            "harm": w(safety.harm),
            "danger": w(safety.danger),
            "complicating_factors": w(safety.complicating_factors),
            "existing_safety": w(safety.existing_safety),
            "strengths": w(safety.strengths),
            "danger_goals": [
                {"danger_statement": w(d), "safety_goal": w(g)} for d, g in safety.danger_goals
            ],
            "safety_goals": w(safety.safety_goals),
            "next_steps": w(safety.next_steps),
            "scaling": rows,
        }
        work.assess(work.actor, h, "signs_of_safety", answers, day)


def record_three_houses(work: Casework, h: Household, words: Words, t: Timeline) -> None:
    """Three houses with the family's child a week after the EHAT: once in the demo (the
    first family with a child of five to fifteen then), so the tool is there to see."""
    child = words.child
    day = t.ehat_on + 7 * DAY
    if child is None or child.date_of_birth is None or day >= min(t.end, work.on):
        return
    made = select(Assessment.id).where(Assessment.form_id == "three_houses").limit(1)
    if work.session.scalar(made) is not None:  # one family in the store shows it
        return
    age = (day - child.date_of_birth).days // 365
    if not 5 <= age <= 15:
        return
    name = child.given_name
    answers = {
        "date": day.isoformat(),
        "how_done": "both",
        "who_was_there": f"Just {name} and me, at the kitchen table.",
        "house_of_worries": "When people at home are cross with each other. Being late "
                            "for school.",
        "house_of_good_things": "My bedroom and my books. Playing football with my friends. "
                                "Gran's dinners on Sunday.",
        "house_of_dreams": "Everyone happy at home. Getting to school on time and being in "
                           "the football team.",
        "worker_notes": f"{name} drew quickly and talked about school most. Shared with the "
                        "parents with their agreement.",
    }
    draws = work.rng.getstate()  # the rest of the demo is drawn as it was without it
    work.assess(work.actor, h, "three_houses", answers, day, child)
    work.rng.setstate(draws)
