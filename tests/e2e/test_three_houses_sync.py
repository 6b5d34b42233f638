"""A child's drawing travels with its three houses assessment through the live service:
several drafts, each with a drawing as large as Hearth keeps one, push in one sync (the
batches stay under the service's request limit rather than being refused as too large),
reach the team lead's laptop byte for byte, and a completed one arrives completed. Real
service on loopback, real encrypted stores; synthetic pictures made here."""

from __future__ import annotations

import os
from io import BytesIO
from typing import Any

from PIL import Image

from app.casework import assessment_completion, assessment_drafts, assessments
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment
from app.forms.loader import load_default
from app.forms.pictures import MAX_STORED_BYTES, prepare_picture
from app.reference.levels_of_need import load_levels
from app.sync.protocol import MAX_BODY_BYTES
from tests.builders import TODAY, make_household

FAMILIES = 10  # drawings enough that one push of them all would pass the request limit


def largest_drawing() -> dict[str, Any]:
    """A drawing as large as one is kept (random pixels do not compress away)."""
    noise = Image.frombytes("RGB", (2400, 1800), os.urandom(2400 * 1800 * 3))
    out = BytesIO()
    noise.save(out, "JPEG", quality=95)
    answer = prepare_picture(out.getvalue()).answer()
    assert len(answer["data"]) > MAX_STORED_BYTES * 0.6  # a large one, base64
    return answer


def test_drawings_sync_in_batches_under_the_limit_and_arrive_whole(
    client: Any, live_server: Any
) -> None:
    levels, registry = load_levels(), load_default().registry
    form = registry.latest("three_houses")
    robin, lee = client("robin", "robin"), client("lee", "lee")
    actor = robin.actor
    made: dict[str, dict[str, Any]] = {}
    for number in range(FAMILIES):
        household = make_household(robin.store, actor, levels, f"Drawbridge{number}")
        detail = robin.run(assessment_drafts.start_assessment, actor,
                           NewAssessment(household.family_id, form, household.child_id),
                           registry)
        answers = {
            "date": TODAY.isoformat(), "how_done": "drawing",
            "house_of_worries": f"Worry {number}", "house_of_good_things": "Football",
            "house_of_dreams": "A tree house", "drawing": largest_drawing(),
        }
        robin.run(assessment_drafts.save_draft, actor, DraftSave(detail.id, answers, ""))
        made[detail.id] = answers
    assert sum(len(a["drawing"]["data"]) for a in made.values()) > MAX_BODY_BYTES
    first = next(iter(made))
    robin.run(assessment_completion.complete_assessment, actor, CompleteAssessment(first),
              registry)

    report = robin.sync()
    assert report.waiting == 0 and report.rejected == 0
    lee.sync()
    for assessment_id, answers in made.items():
        theirs = lee.run(assessments.load_assessment, lee.actor, assessment_id)
        assert theirs.answers["drawing"] == answers["drawing"]
        assert theirs.answers["house_of_worries"] == answers["house_of_worries"]
        assert (theirs.completed_at is not None) == (assessment_id == first)
