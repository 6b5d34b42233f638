"""Realistic casework for the demo's first families, so that every screen and
every printed document has something true-to-life to show: consent, an Early
Help Assessment (signed off by a team lead), a Graded Care Profile 2 for a
child where neglect is the worry (twice, to show change), a safety map where
safety is the worry, a Family Action Meeting, the family plan, visits, reviews,
significant events, and for closed families a closure.

The story fits the family: its days follow the family's request, level history and
closure (app/demo/timeline.py), and its words the age of the child the work centres on,
on the day each record speaks of (app/demo/stories.yaml, app/demo/family_words.py).

Everything is written through the services a worker uses, so each record has its
outbox operation and audit event and passes the same checks (only the completion,
sign-off and recording times of the made-up history are set back). All of it is
synthetic (``stories.yaml``).

:func:`add_casework` is called by :func:`app.demo.seed.seed` for the first few
families only (the bulk seed of thousands of families stays fast).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy.orm import Session

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
from app.casework.plan_data import (
    ActionProgress,
    ActionRequest,
    NeedRequest,
    OutcomeRequest,
    StrengthRequest,
)
from app.casework.plan_writes import save_action, save_need, save_outcome, save_strength
from app.demo.casework_assessments import (
    record_ehat,
    record_gcp2s,
    record_safety_maps,
    record_three_houses,
)
from app.demo.casework_contacts import record_events, record_oversight, record_visits
from app.demo.casework_context import Casework
from app.demo.diary import bring_plan_up_to_date
from app.demo.family_words import Household, Words, household
from app.demo.form_fill import settle_history
from app.demo.stories import Story, progress_note, story_book, story_for
from app.demo.timeline import Timeline, timeline
from app.demo.word_lists import reason_for
from app.forms.loader import FormRegistry, load_default
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import Family

# What the worker writes in the plan as going well, to the family (fits any family).
PLAN_STRENGTHS = (
    "You asked for help early, and you have come to every meeting.",
    "You know your children well and speak up for them.",
    "You keep the children's routines going, even on the hard days.",
    "Your family and friends are there for you and the children.",
    "You are honest with us about what is hard, so we can help with the right things.",
)

class _Casework(Casework):
    # -- the pathway

    def family(self, family: Family) -> None:
        h = household(self.session, family)
        t = timeline(self.session, family, self.levels, self.on)
        if h.carer is None or t is None:
            return
        focus = h.focus(reason_for(family.request_reason), t.start)
        if focus is None:  # no child born yet when the request came
            return
        story = story_for(family.request_reason, self.rng)
        words = Words(h, self.actor, focus, t.start)
        self._consent(h, t.consent_on)
        ehat_id = record_ehat(self, h, story, words, t)
        if story.gcp2 and self.rng.random() < 0.9:
            record_gcp2s(self, h, words, t)
        if story.safety is not None:
            record_safety_maps(self, h, story, words, t)
        record_three_houses(self, h, words, t)
        settle_history(self.session, self.lead, self.made, self.rng, min(t.end, self.on))
        if t.fam_on is not None:  # only at an early help level: never at universal
            self._meeting_and_plan(h, story, words, t, ehat_id)
        visits = record_visits(self, h, story, words, t)
        record_events(self, h, story.events, words, t, visits)
        record_oversight(self, h, story, words, t)
        # By today (or the closure) the worker has brought the plan up to date.
        bring_plan_up_to_date(self.session, self.actor, h.family.id,
                              min(t.closed_on or self.on, self.on), self.rng,
                              still_open=h.family.status == "open"
                              and h.family.level_code in t.early_help)
        if t.closed_on is not None:
            self._close(h, story, words.on(t.closed_on), t.closed_on)

    def _meeting_and_plan(self, h: Household, story: Story, words: Words, t: Timeline,
                          ehat_id: str) -> None:
        assert t.fam_on is not None
        w = words.on(t.fam_on)
        attendees = self._attendees(h)
        school = w.values()["school"]
        venues = ["Family home", "Children's centre meeting room"]
        if w.band in ("child", "teen") and not school.startswith("the "):
            venues.append(school)
        venue = self.rng.choice(venues)
        save_meeting(self.session, self.actor, MeetingRequest(
            family_id=h.family.id, kind="family_action_meeting", held_on=t.fam_on,
            venue=venue, chair=self.actor.name, attendees=attendees,
            family_views=w(story.family_views), child_views=w(story.child_views),
            decisions=w(story.decisions),
            next_review_on=t.reviews[0] if t.reviews else t.fam_on + dt.timedelta(weeks=6),
        ))
        actions = self._plan(h, story, w, ehat_id, t.fam_on)
        for text in random.Random(h.family.id).sample(PLAN_STRENGTHS, 2):  # its own draw
            save_strength(self.session, self.actor, StrengthRequest(h.family.id, text))
        for number, review_on in enumerate(t.reviews):
            self._review(h, story, words.on(review_on), actions, venue, attendees, t, number)

    def _review(self, h: Household, story: Story, w: Words,
                actions: dict[str, tuple[dt.date, str]], venue: str,
                attendees: tuple[Attendee, ...], t: Timeline, number: int) -> None:
        """A plan review, six weeks after the meeting or the review before."""
        review_on = w.day
        updates = []
        for action_id, (due, was) in actions.items():
            if was == "achieved":
                status = was
            elif due <= review_on:
                status = self.rng.choice(("achieved", "achieved", "on_track", "not_achieved"))
            else:
                status = self.rng.choice(("on_track", "not_started")) if was != "on_track" \
                    else "on_track"
            actions[action_id] = (due, status)
            updates.append(ActionProgress(action_id, status, progress_note(status, self.rng)))
        later = story_book().later_review
        upcoming = t.reviews[number + 1] if number + 1 < len(t.reviews) else None
        if upcoming is None:
            planned = h.family.next_review
            upcoming = planned if planned and planned >= review_on + dt.timedelta(weeks=4) \
                and h.family.status == "open" else review_on + dt.timedelta(weeks=6)
        record_review(self.session, self.actor, PlanReviewRequest(
            meeting=MeetingRequest(
                family_id=h.family.id, kind="review", held_on=review_on,
                venue=venue, chair=self.actor.name, attendees=attendees,
                family_views=w(story.review_family_views if number == 0
                               else later["family_views"]),
                child_views=w(story.child_views if number == 0 else later["child_views"]),
                decisions=w(story.review_decisions if number == 0 else later["decisions"]),
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

    def _attendees(self, h: Household) -> tuple[Attendee, ...]:
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
              fam_on: dt.date) -> dict[str, tuple[dt.date, str]]:
        """The plan agreed at the meeting; returns each action's due day and status."""
        made: dict[str, tuple[dt.date, str]] = {}
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
                    **self.owner(h, str(words.pick(action.owner)), words.child)))
                made[saved.id] = (due, status)
        return made

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


def shipped_forms() -> FormRegistry:
    """The forms (shipped and the council's); reading them takes a while, so a caller
    writing many families' casework reads them once and passes them to each."""
    return load_default().registry


def add_casework(
    session: Session,
    actor: Profile,
    family_ids: Sequence[str],
    levels: LevelsOfNeed,
    seed: int = 1,
    registry: FormRegistry | None = None,
) -> int:
    """Give each family a casework history; return how many got one."""
    registry = registry or shipped_forms()
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
