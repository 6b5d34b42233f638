"""What IT needs to help with a problem, as plain text, without personal data.

Version, platform, Python (and Qt, from the desktop), the store's state (whether it
exists, locked or unlocked, its schema version, counts of records only), the last
sync's time and result, the server's host name (never a path or a credential), the
machine-wide settings in force and where the log is. Help > Copy diagnostic details
puts it on the clipboard; ``hearth diagnostics --store DIR`` prints it.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.logs import log_folder, log_level_in_force
from app.reference.machine_settings import machine_folder, machine_settings
from app.store.caseload_store import read_meta
from app.store.store_state import store_state
from app.sync import status as sync_meta
from app.version import version
from db.models.assessments import Assessment
from db.models.consent import Consent
from db.models.families import Family, Person
from db.models.plans import PlanAction
from db.models.visits import Visit

COUNTED = (("families", Family), ("people", Person), ("consents", Consent),
           ("assessments", Assessment), ("visits", Visit), ("plan actions", PlanAction))


@dataclass(frozen=True)
class StoreFacts:
    """Counts and states read from an open store; nothing a person typed."""

    schema: str
    counts: dict[str, int] = field(default_factory=dict)
    server_host: str = ""
    enrolled: bool = False
    last_synced: str = ""
    waiting: int = 0
    open_conflicts: int = 0
    set_aside: int = 0


def host_only(url: str) -> str:
    """The server's host (and port), never its path, query or credentials."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{host}:{parts.port}" if host and parts.port else host


def store_facts(session: Session) -> StoreFacts:
    """Read on the store's thread (a service function: session first)."""
    schema = MigrationContext.configure(session.connection()).get_current_revision() or "none"
    counts = {
        label: int(session.scalar(
            select(func.count()).select_from(model).where(model.deleted.is_(False))) or 0)
        for label, model in COUNTED
    }
    status = sync_meta.sync_status(session)
    return StoreFacts(
        schema=schema,
        counts=counts,
        server_host=host_only(status.server_url),
        enrolled=status.enrolled,
        last_synced=read_meta(session, sync_meta.META_LAST_SYNCED) or "never",
        waiting=status.waiting,
        open_conflicts=status.open_conflicts,
        set_aside=status.set_aside,
    )


def diagnostic_text(
    folder: Path,
    *,
    locked: bool,
    facts: StoreFacts | None,
    last_sync_result: str = "",
    extra: Sequence[tuple[str, str]] = (),
) -> str:
    """The details, one ``Name: value`` line each."""
    level, fixed = log_level_in_force()
    machine = machine_settings()
    lines = [
        ("Hearth", version()),
        ("Platform", platform.platform()),
        ("Python", sys.version.split()[0]),
        *extra,
        ("Store folder", str(folder)),
        ("Store", store_state(folder)),
        ("Store locked", "yes" if locked else "no"),
    ]
    if facts is not None:
        lines += [
            ("Schema version", facts.schema),
            ("Records", ", ".join(f"{n} {label}" for label, n in facts.counts.items())),
            ("Server", facts.server_host or "not connected"),
            ("Last sync", facts.last_synced),
            ("Changes waiting to sync", str(facts.waiting)),
            ("Open conflicts", str(facts.open_conflicts)),
            ("Records set aside", str(facts.set_aside)),
        ]
    if last_sync_result:
        lines.append(("Last sync result", last_sync_result))
    lines += [
        ("Machine settings folder", str(machine_folder())),
        ("Set by the organisation", ", ".join(sorted(machine.sources)) or "nothing"),
        *(("Machine settings problem", problem) for problem in machine.problems),
        ("Log folder", str(log_folder())),
        ("Log level", level + (" (set by the organisation)" if fixed else "")),
    ]
    return "\n".join(f"{name}: {value}" for name, value in lines) + "\n"
