"""Kill test of the visit dialog's draft: a worker types a note, the process is killed
mid-word (a crash, a flat battery), and what had been typed up to a second before the
kill is in the store, ready to be offered again."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.store.caseload_store import Profile, create_store, open_store
from db.models import FormDraft
from tests.builders import add_family
from tests.ui.casework.draft_typist import TEXT

TYPIST = Path(__file__).with_name("draft_typist.py")
PROJECT = Path(__file__).resolve().parents[3]
ROUNDS = 3  # each round is offered the last one's draft: two chained re-offers
ALLOWED_LOSS_S = 1.0  # "loses at most the last second of typing"


def draft_note(folder: Path, passphrase: str, family_id: str) -> str:
    store = open_store(folder, passphrase)
    try:
        fields = store.run(
            lambda s: s.scalar(
                select(FormDraft.fields).where(FormDraft.key == f"visit:new:{family_id}")
            )
        )
    finally:
        store.close()
    return str((fields or {}).get("notes", ""))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_visit_dialog_keeps_all_but_the_last_second(
    store_dir: Path, passphrase: str, profile: Profile
) -> None:
    store = create_store(store_dir, passphrase, profile)
    try:
        family_id = store.run(add_family, profile, "Typewell").id
    finally:
        store.close()
    rng = random.Random()
    env = {
        **os.environ,
        "HEARTH_PASSPHRASE": passphrase,
        "PYTHONPATH": str(PROJECT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    before = ""  # the draft as the last round left it: offered again, typing goes on after
    for _round in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, str(TYPIST), str(store_dir), family_id],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT, env=env,
        )
        assert child.stdout is not None
        typed_at: list[tuple[int, float]] = []
        try:
            ready = child.stdout.readline().split()
            assert ready[:1] == ["READY"], child.stderr.read()
            assert int(ready[1]) == len(before), "the draft was offered again, whole"
            stop_after = time.time() + rng.uniform(1.5, 4.0)
            while time.time() < stop_after:
                line = child.stdout.readline().split()
                if not line or line[0] == "DONE":
                    break
                typed_at.append((int(line[0]), float(line[1])))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(30)
        killed_at = time.time()
        kept = draft_note(store_dir, passphrase, family_id)
        must_have = max(
            (n for n, at in typed_at if at <= killed_at - ALLOWED_LOSS_S), default=0
        )
        assert kept.startswith(before), "what was kept before is still there"
        typed = kept[len(before):]
        assert TEXT.startswith(typed), "the draft is exactly what was typed, in order"
        assert len(typed) >= must_have, (len(typed), must_have, len(typed_at))
        before = kept
