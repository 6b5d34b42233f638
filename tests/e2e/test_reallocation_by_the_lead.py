"""A team lead moves a family from the app, offline, and syncs: the service takes the
change (the lead may make it), the old worker's device hands over and purges, the new
worker's device pulls the family, and all three agree."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from app.families.allocation import reallocate
from db.models import Family, OutboxOp


def test_the_leads_move_reaches_every_device(client: Any, live_server: Any) -> None:
    robin, sam, lee = client("robin", "robin"), client("sam", "sam"), client("lee", "lee")
    fid = robin.new_family("Fern")
    pid = robin.add_child(fid, "Cai")
    robin.sync()
    lee.sync()
    assert lee.family(fid) is not None  # the lead holds the team's families

    lead = dataclasses.replace(lee.actor, role="team_lead")
    assert lee.run(reallocate, lead, [fid], "sam") == 1
    lee.sync()

    assert robin.sync().purged_families == 1
    assert robin.family(fid) is None and robin.person(pid) is None
    assert robin.count(OutboxOp, OutboxOp.family_id == fid) == 0
    sam.sync()
    assert sam.family(fid).allocated_to == "sam"
    assert sam.person(pid).given_name == "Cai"
    lee.sync()
    assert lee.family(fid).allocated_to == "sam"


def test_a_worker_cannot_move_a_family_even_by_editing_the_store(
    client: Any, live_server: Any
) -> None:
    robin, sam = client("robin", "robin"), client("sam", "sam")
    fid = robin.new_family("Oak")
    robin.sync()
    with pytest.raises(Exception, match="Only a team lead"):
        robin.run(reallocate, robin.actor, [fid], "sam")
    robin.edit(Family, fid, allocated_to="sam")  # around the app: the service refuses it
    robin.sync()
    sam.sync()
    assert sam.family(fid) is None
