"""Realistic casework for the demo's first families, so that every screen and
every printed document has something true-to-life to show: consent, an Early
Help Assessment (signed off by a team lead), a Graded Care Profile 2 for a
child where neglect is the worry (twice, to show change), a safety map where
safety is the worry, a Family Action Meeting, the family plan, visits, a
review, significant events, and for closed families a closure.

Everything is written through the services a worker uses, so each record has its
outbox operation and audit event and passes the same checks (only the completion dates
of the made-up history are set back). All of it is synthetic (``stories.yaml``).

:func:`add_casework` is called by :func:`app.demo.seed.seed` for the first few
families only (the bulk seed of thousands of families stays fast).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_completion import complete_assessment, review_assessment
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment, ReviewRequest
from app.casework.assessment_drafts import save_draft, start_assessment
from app.casework.chronology import save_chronology_entry
from app.casework.chronology_data import ChronologyEntryRequest
from app.casework.closure import CloseRequest, OutcomeAchieved, outcomes_to_close
from app.casework.closure_writes import close_family
from app.casework.consent_data import ConsentRequest
from app.casework.consent_writes import record_consent
from app.casework.meetings import (
    Attendee,
    MeetingRequest,
    PlanReviewRequest,
    record_review,
    save_meeting,
)
from app.casework.plan_data import ActionProgress, ActionRequest, NeedRequest, OutcomeRequest
from app.casework.plan_writes import save_action, save_need, save_outcome
from app.casework.supervision import OversightAction, SupervisionRequest, record_supervision
from app.casework.visit_data import ChildSeen, VisitRequest, uk_to_utc
from app.casework.visit_writes import save_visit
from app.dates import today
from app.demo.family_words import Household, Words, household
from app.demo.form_fill import complete_answers, settle_history
from app.demo.stories import Story, progress_note, story_book, story_for
from app.forms.loader import FormRegistry, load_default
from app.forms.scoring import suggestion_for
from app.reference.form_options import reference_options
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import Family, Person


class _Casework:
    def __init__(self, session: Session, actor: Profile, registry: FormRegistry,
                 levels: LevelsOfNeed, rng: random.Random) -> None:
        self.session = session
        self.actor = actor
        self.trained = replace(actor, gcp2_trained=True)
        self.lead = Profile(story_book().team_lead, "team_lead", actor.team, "morgan.ellis",
                            gcp2_trained=True)
        self.registry = registry
        self.levels = levels
        self.lowest = levels.levels[0].code  # universal help: a family there has no meeting
        self.rng = rng
        self.options = reference_options([(lv.code, lv.label) for lv in levels.levels])
        self.on = today()
        self.made: list[str] = []  # assessments completed for the family in hand

    # -- helpers

    def _people(self, h: Household) -> dict[str, str]:
        return {p.id: p.role for p in self.session.scalars(
            select(Person).where(Person.family_id == h.family.id, Person.deleted.is_(False)))}

    def _assess(self, actor: Profile, h: Household, form_id: str, answers: dict[str, Any],
                child: Person | None = None) -> str:
        form = self.registry.latest(form_id)
        draft = start_assessment(self.session, actor, NewAssessment(
            h.family.id, form, child.id if child is not None else None), self.registry)
        answers = complete_answers(form, answers, self._people(h), self.options, self.rng)
        save_draft(self.session, actor, DraftSave(draft.id, answers, form.pages[-1].id))
        complete_assessment(self.session, actor, CompleteAssessment(draft.id, options=self.options),
                            self.registry)
        self.made.append(draft.id)
        return draft.id

    def _owner(self, h: Household, owner: str, words: Words) -> dict[str, Any]:
        if owner == "carer" and h.carer is not None:
            return {"owner_kind": "person", "owner_id": h.carer.id}
        if owner == "second_carer":
            who = h.second_carer or h.carer
            if who is not None:
                return {"owner_kind": "person", "owner_id": who.id}
        if owner == "child" and words.child is not None:
            return {"owner_kind": "person", "owner_id": words.child.id}
        if owner == "worker":
            return {"owner_kind": "agency", "owner_name": f"{self.actor.name} (Early Help)"}
        for agency in h.agencies:
            if agency.agency == owner:
                return {"owner_kind": "agency", "owner_id": agency.id}
        return {"owner_kind": "agency", "owner_name": owner}

    # -- the pathway

    def family(self, family: Family) -> None:
        h = household(self.session, family)
        if h.carer is None or not h.children or family.request_date is None:
            return
        story = story_for(family.request_reason, self.rng)
        words = Words(h, self.actor)
        start = family.request_date
        span = (self.on - start).days
        if span < 14:
            return
        consent_on = start + dt.timedelta(days=min(7, span // 6))
        self._consent(h, consent_on)
        ehat_on = consent_on + dt.timedelta(days=min(7, span // 6))
        ehat_id = self._ehat(h, story, words, ehat_on)
        if story.gcp2 and self.rng.random() < 0.9:
            self._gcp2(h, story, words)
        if story.safety is not None:
            self._safety(h, story, words)
        settle_history(self.session, self.lead, self.made, ehat_on)  # its own dates
        fam_on = ehat_on + dt.timedelta(days=min(14, span // 5))
        if fam_on >= self.on - dt.timedelta(days=2) or family.level_code == self.lowest:
            self._visits(h, story, words, ehat_on, self.on)  # no meeting for universal help
            return
        attendees = self._attendees(h, words)
        meeting = save_meeting(self.session, self.actor, MeetingRequest(
            family_id=family.id, kind="family_action_meeting", held_on=fam_on,
            venue=self.rng.choice(("Family home", f"{words.values['school']}",
                                   "Children's centre meeting room")),
            chair=self.actor.name, attendees=attendees,
            family_views=words(story.family_views), child_views=words(story.child_views),
            decisions=words(story.decisions),
            next_review_on=fam_on + dt.timedelta(weeks=6),
        ))
        actions = self._plan(h, story, words, ehat_id, fam_on)
        review_on = fam_on + dt.timedelta(weeks=6)
        last_visit_day = review_on if review_on < self.on else self.on
        self._visits(h, story, words, fam_on, last_visit_day)
        if review_on < self.on - dt.timedelta(days=1):
            self._review(family, story, words, actions, meeting.venue, attendees, review_on)
        closing = max(review_on, fam_on) + dt.timedelta(days=7)  # when a closed family closed
        last = (closing - start).days if family.status == "closed" else span  # nothing after
        for event, source, impact in story.events:
            save_chronology_entry(self.session, self.actor, ChronologyEntryRequest(
                family_id=family.id,
                occurred_on=start + dt.timedelta(days=self.rng.randint(0, max(last - 1, 0))),
                event=words(event), source=source, impact_on_child=words(impact),
                significant=True, child_person_id=words.child.id if words.child else None,
            ))
        if self.rng.random() < 0.6:  # the team lead's oversight of the case
            held = fam_on + dt.timedelta(days=self.rng.randint(7, 28))
            if held < self.on and (family.status != "closed" or held < closing):
                record_supervision(self.session, self.lead, SupervisionRequest(
                    family.id, held, words(story.decisions),
                    "Keep working to the plan; check progress at the review.",
                    (OversightAction("Chase the outstanding actions", self.actor.name,
                                     held + dt.timedelta(days=14)),),
                    held + dt.timedelta(weeks=8),
                ))
        if family.status == "closed":
            self._close(h, story, words, closing)

    def _review(self, family: Family, story: Story, words: Words,
                actions: list[tuple[str, dt.date]], venue: str,
                attendees: tuple[Attendee, ...], review_on: dt.date) -> None:
        """The plan review six weeks after the Family Action Meeting."""
        updates = []
        for action_id, due in actions:
            if due <= review_on:
                status = self.rng.choice(("achieved", "achieved", "on_track", "not_achieved"))
            else:
                status = self.rng.choice(("on_track", "not_started"))
            updates.append(ActionProgress(action_id, status, progress_note(status, self.rng)))
        upcoming = family.next_review if family.next_review and family.next_review > review_on \
            else review_on + dt.timedelta(weeks=6)
        record_review(self.session, self.actor, PlanReviewRequest(
            meeting=MeetingRequest(
                family_id=family.id, kind="review", held_on=review_on,
                venue=venue, chair=self.actor.name, attendees=attendees,
                family_views=words(story.review_family_views),
                child_views=words(story.child_views),
                decisions=words(story.review_decisions),
                next_review_on=upcoming,
            ),
            updates=tuple(updates),
        ))

    def _consent(self, h: Household, given_on: dt.date) -> None:
        assert h.carer is not None
        share = tuple(a.agency for a in h.agencies)
        refer = ("Children's centre parents' group",) if self.rng.random() < 0.4 else ()
        record_consent(self.session, self.actor, ConsentRequest(
            family_id=h.family.id, given_by_person_id=h.carer.id, given_by_name="",
            method=self.rng.choice(("signed_paper", "signed_paper", "verbal")),
            given_on=given_on, scope_assess=True, share_agencies=share, refer_services=refer,
        ))
        if h.second_carer is not None and self.rng.random() < 0.5:
            record_consent(self.session, self.actor, ConsentRequest(
                family_id=h.family.id, given_by_person_id=h.second_carer.id, given_by_name="",
                method="signed_paper", given_on=given_on, scope_assess=True,
                share_agencies=share[:1],
            ))

    def _ehat(self, h: Household, story: Story, words: Words, on: dt.date) -> str:
        assert h.carer is not None
        answers: dict[str, Any] = {k: words(v) for k, v in story.ehat.items()}
        answers.update(
            assessment_date=on.isoformat(),
            requested_by=h.family.request_source if h.family.request_source in
            {o.value for o in self.options["request_sources"]} else "other",
            children_assessed=[c.id for c in h.children],
            people_seen=[h.carer.id] + [c.id for c in h.children],
            children_voice=[{
                "voice_child": (words.child or h.children[0]).id,
                "voice_how": self.rng.choice(("talking", "three_houses", "drawing")),
                "voice_seen_alone": True,
                "voice_words": words(story.child_words),
            }],
            parents_voice=[{
                "voice_adult": h.carer.id,
                "voice_adult_words": words(story.carer_words),
                "voice_adult_wants": words(story.carer_wants),
            }],
            family_agrees="agree",
            fam_needed=True,
            recommended_level=h.family.level_code or self.levels.step_down_choice(""),
            other_tools=["gcp2"] if story.gcp2 else
            (["safety_mapping"] if story.safety else ["none"]),
        )
        ehat_id = self._assess(self.actor, h, "ehat", answers)
        if self.rng.random() < 0.75:
            review_assessment(self.session, self.lead, ReviewRequest(ehat_id, "signed_off"))
        return ehat_id

    def _gcp2(self, h: Household, story: Story, words: Words) -> None:
        child = words.child
        if child is None:
            return
        form = self.registry.latest("gcp2")
        story_gcp2 = story_book().gcp2
        for round_ in (0, 1) if self.rng.random() < 0.7 else (0,):
            answers: dict[str, Any] = {}
            for sub, grade in story_gcp2.grades.items():
                improved = bool(round_ and grade > 2)
                answers[sub] = grade - 1 if improved else grade
                answers[f"{sub}_evidence"] = words(
                    story_gcp2.better[sub] if improved else story_gcp2.evidence[sub]
                )
            for item in form.top_fields():
                if item.type == "grade" and item.suggested_from:
                    answers[item.id] = suggestion_for(form, item, answers).grade
            answers.update(
                strengths_summary=words(story_gcp2.strengths_summary),
                concerns_summary=words(story_gcp2.concerns_summary),
                carer_view=words(story_gcp2.carer_view),
                next_steps=story_gcp2.next_steps,
            )
            self._assess(self.trained, h, "gcp2", answers, child)

    def _safety(self, h: Household, story: Story, words: Words) -> None:
        safety = story.safety
        assert safety is not None
        for scores in (safety["earlier_scores"], None):
            rows = []
            for i, (name, role, score, why) in enumerate(safety["scores"]):
                rows.append({
                    "participant_name": words(name),
                    "participant_role": role,
                    "score": scores[i] if scores is not None else score,
                    "score_reason": words(why) if scores is None else "Early days.",
                })
            answers = {
                "harm": words(safety["harm"]),
                "danger": words(safety["danger"]),
                "complicating_factors": words(safety["complicating_factors"]),
                "existing_safety": words(safety["existing_safety"]),
                "strengths": words(safety["strengths"]),
                "danger_goals": [
                    {"danger_statement": words(d), "safety_goal": words(g)}
                    for d, g in safety["danger_goals"]
                ],
                "safety_goals": words(safety["safety_goals"]),
                "next_steps": words(safety["next_steps"]),
                "scaling": rows,
            }
            self._assess(self.actor, h, "signs_of_safety", answers)

    def _attendees(self, h: Household, words: Words) -> tuple[Attendee, ...]:
        out = [Attendee(name="", role="Parent", person_id=h.carer.id)] if h.carer else []
        if h.second_carer is not None:
            out.append(Attendee(name="", role="Parent", person_id=h.second_carer.id,
                                attended=self.rng.random() < 0.6))
        out.append(Attendee(name=self.actor.name, role="Family support worker",
                            agency="Early Help"))
        for agency in h.agencies[:3]:
            out.append(Attendee(name=agency.contact_name or agency.agency,
                                role=agency.contact_role, agency=agency.agency,
                                attended=self.rng.random() < 0.75))
        return tuple(out)

    def _plan(self, h: Household, story: Story, words: Words, ehat_id: str,
              fam_on: dt.date) -> list[tuple[str, dt.date]]:
        made: list[tuple[str, dt.date]] = []
        for need_story in story.needs:
            need = save_need(self.session, self.actor, NeedRequest(
                family_id=h.family.id, text=words(need_story.need), domain=need_story.domain,
                assessment_id=ehat_id))
            outcome = save_outcome(self.session, self.actor, OutcomeRequest(
                need_id=need.id, text=words(need_story.outcome)))
            for action in need_story.actions:
                due = fam_on + dt.timedelta(days=action.due_days)
                status = "on_track" if due > self.on else self.rng.choice(
                    ("achieved", "achieved", "on_track", "not_started"))
                saved = save_action(self.session, self.actor, ActionRequest(
                    outcome_id=outcome.id, text=words(action.text), due_on=due, status=status,
                    progress_note=progress_note(status, self.rng),
                    **self._owner(h, action.owner, words)))
                made.append((saved.id, due))
        return made

    def _visits(self, h: Household, story: Story, words: Words, first: dt.date,
                last: dt.date) -> None:
        assert h.carer is not None
        last = min(last, self.on - dt.timedelta(days=1))  # a visit is recorded once it happened
        days = (last - first).days
        if days < 1:
            return
        count = min(len(story.visit_notes), max(1, days // 10))
        for i in range(count):
            day = first + dt.timedelta(days=int(days * (i + 1) / (count + 1)))
            kind = "phone" if story.visit_notes[i].startswith("Phone") else (
                "school" if "at school" in story.visit_notes[i] else "home_visit")
            seen_child = kind != "phone"
            alone = "alone" in story.visit_notes[i]
            save_visit(self.session, self.actor, VisitRequest(
                family_id=h.family.id,
                occurred_at=uk_to_utc(day, self.rng.choice((10, 11, 14, 15, 16)),
                                      self.rng.choice((0, 15, 30))),
                kind=kind,
                seen=(h.carer.id,) if kind != "school" else (),
                children_seen=tuple(
                    ChildSeen(c.id, seen=seen_child and (c is words.child or kind == "home_visit"),
                              seen_alone=alone and c is words.child)
                    for c in h.children
                ),
                child_words=words(story.visit_child_words[i]).strip('"') if seen_child else "",
                notes=words(story.visit_notes[i]),
                follow_ups=tuple(words(f) for f in story.follow_ups[i:i + 1]),
            ))

    def _close(self, h: Household, story: Story, words: Words, closed_on: dt.date) -> None:
        closed_on = min(closed_on, self.on)
        outcomes = outcomes_to_close(self.session, self.actor, h.family.id)
        achieved = tuple(
            OutcomeAchieved(o.outcome_id, self.rng.choice(("yes", "yes", "partly")),
                            "Agreed at the closing visit.")
            for o in outcomes
        )
        close_family(self.session, self.actor, CloseRequest(
            family_id=h.family.id, closed_on=closed_on, reason="needs_met",
            reason_detail="The family's needs can now be met by universal services.",
            outcomes_achieved=achieved, family_feedback=words(story.family_feedback),
            child_feedback=words(story.child_feedback),
        ))


def _shipped_forms() -> FormRegistry:
    """The forms, read once per process (reading them takes a while)."""
    return load_default().registry


def add_casework(
    session: Session, actor: Profile,
    family_ids: Sequence[str],
    levels: LevelsOfNeed,
    seed: int = 1,
    registry: FormRegistry | None = None,
) -> int:
    """Give each family a casework history; return how many got one."""
    registry = registry or _shipped_forms()
    work = _Casework(session, actor, registry, levels, random.Random(seed))
    done = 0
    for fid in family_ids:
        family = session.get(Family, fid)
        if family is None or family.deleted:
            continue
        before = done
        work.family(family)
        done = before + 1
    return done
