"""A lead returns an assessment with a comment on their own laptop; after both sync, the
worker's Today shows it with the comment, and it leaves Today once the worker has
completed the amendment (two devices against a real service)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from app import dates
from app.casework.assessment_completion import review_assessment
from app.casework.assessment_data import ReviewRequest
from app.casework.today import today_items
from app.screens.team_screen import waiting_for_me
from tests.builders import add_assessment


def returned(client: Any) -> list[Any]:
    return [i for i in client.run(today_items, client.actor) if i.kind == "returned_assessment"]


def test_a_returned_assessment_reaches_the_workers_today_and_leaves_it(
    client: Any, live_server: Any
) -> None:
    robin, lee = client("robin", "robin"), client("lee", "lee")
    fid = robin.new_family("Hazel")
    done = dates.today() - dt.timedelta(days=3)
    ehat = robin.run(lambda s: add_assessment(s, robin.actor, fid, completed_on=done))
    robin.sync()
    lee.sync()
    lead = dataclasses.replace(lee.actor, role="team_lead")
    waiting = lee.run(waiting_for_me, lead)
    assert [w.assessment_id for w in waiting] == [ehat]

    lee.run(review_assessment, lead, ReviewRequest(ehat, "returned", "Add the child's views."))
    lee.sync()
    assert lee.run(waiting_for_me, lead) == ()  # off the lead's queue
    assert returned(robin) == []  # not until robin syncs
    robin.sync()
    items = returned(robin)
    assert len(items) == 1 and "Add the child's views." in items[0].detail
    assert items[0].record_id == ehat

    # The worker amends and completes it again: it leaves Today and is back with the lead.
    robin.run(lambda s: add_assessment(
        s, robin.actor, fid, completed_on=dates.today(), amends_id=ehat))
    assert returned(robin) == []
    robin.sync()
    lee.sync()
    assert [w.resubmitted for w in lee.run(waiting_for_me, lead)] == [True]
