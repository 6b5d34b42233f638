"""What a pulled page changed reaches the views as a change notice: each new record's
kind under its family, an audit event as audited only, and never as a local change
(so nothing is waiting to be sent). Real SQLCipher store; synthetic data."""

from __future__ import annotations

from app.records.changes import tracked
from app.store.caseload_store import Store
from app.sync.pull import apply_page, checked_ahead
from tests.app.sync.test_set_aside import FAMILY, change, family, page, person, pid

OTHER = "0b9a1c3e-0000-4000-8000-00000000f002"


def test_a_pulled_page_notices_each_family_and_kind_it_brought(store: Store) -> None:
    audit = change("audit_event", pid(9), 9, {"at": "2026-12-01T10:00:00Z", "actor": "robin",
                                               "action": "open", "entity": "family",
                                               "entity_id": FAMILY, "family_id": FAMILY})
    result, changes = store.run(tracked(apply_page), checked_ahead(page(
        family(FAMILY, 1), family(OTHER, 2), person(pid(1), 3), person(pid(2), 4), audit)))
    assert result.applied == 5
    assert changes.touches(FAMILY, {"person"}) and changes.touches(FAMILY, {"family"})
    assert changes.touches(OTHER, {"family"}) and not changes.touches(OTHER, {"person"})
    assert changes.entities == {"family", "person"}
    assert changes.audited and not changes.local
