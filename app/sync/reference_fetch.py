"""Fetching the council's reference data (levels of need, agencies, forms, its name and
contact details) from the service and installing it, and saying what arrived.

A sync fetches it once an hour (:data:`REFERENCE_EVERY_SECONDS`); "Fetch the council's
settings now" in the app and ``hearth sync --reference`` fetch it whatever the hour
says (``every=None``). Installing is :func:`app.reference.council_config.install_reference`.

What takes effect at once: the forms (the app reads them again for new wizards and
lists), the agencies, the council's name and contact details and its choice of forms
(read afresh each time). The levels of need are used from the next time Hearth starts:
every open screen holds them, and families may move to new levels at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from app.reference.council_config import Installed, install_reference
from app.store.caseload_store import read_meta, write_meta
from app.sync.pulled_values import instant
from app.sync.status import META_REFERENCE_CHECKED
from app.sync.transport import DeviceRevoked, SyncError, SyncTransport
from db.models import utcnow

log = logging.getLogger(__name__)

# Seconds between fetches of the council's reference data.
REFERENCE_EVERY_SECONDS = 3600.0

# What install_reference reports (its labels) that needs Hearth to start again.
NEEDS_RESTART = ("levels of need",)


def fetch_reference(
    run: Callable[..., Any], transport: SyncTransport, every: float | None
) -> Installed:
    """Fetch and install the council's reference data if it is due (``every`` seconds
    since the last fetch; None: now). A failure is reported, and tried again next sync.
    ``run(fn, *args)`` runs ``fn(session, *args)`` on the store's thread."""
    checked = instant(run(read_meta, META_REFERENCE_CHECKED))
    if checked is not None and every is not None and (
        utcnow() - checked
    ).total_seconds() < every:
        return Installed()
    try:
        data = transport.reference()
    except DeviceRevoked:
        raise
    except SyncError as exc:
        log.info("could not fetch reference data: %s", exc.message)
        problem = (f"The council's reference data could not be fetched ({exc.message}); "
                   "the next sync tries again.")
        return Installed(problems=[problem])
    try:
        installed = install_reference(data)
    except OSError as exc:  # e.g. a full disk: what was installed before stays
        return Installed(problems=[
            f"The council's reference data could not be saved ({exc.strerror}); "
            "the next sync tries again."])
    run(write_meta, META_REFERENCE_CHECKED, utcnow().isoformat())
    return installed


def _joined(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def arrived_text(changed: Sequence[str], whence: str = "") -> str:
    """What arrived, as the worker reads it ("The council's forms and levels of need
    arrived.", ``whence`` before the full stop), with what waits for a restart; "" when
    nothing changed."""
    if not changed:
        return ""
    # Forms first: they are what a worker notices at once.
    ordered = sorted(changed, key=lambda label: (label != "forms", label))
    text = f"The council's {_joined(ordered)} arrived{whence}."
    later = [label for label in ordered if label in NEEDS_RESTART]
    if later:
        text += (f" Hearth uses the new {_joined(later)} from the next time it starts: "
                 "close Hearth and open it again to use them now.")
    return text


def fetch_outcome(changed: Sequence[str], problems: Sequence[str]) -> str:
    """The answer to "fetch the council's settings now": what arrived, or that nothing
    changed, then any problem (one line each)."""
    lines = [arrived_text(changed) or (
        "Nothing has changed: this computer already has the council's latest settings."
        if not problems else "")]
    if problems:
        lines.append("Not installed, so Hearth keeps what it had:")
        lines.extend(f"• {problem}" for problem in problems)
    return "\n".join(line for line in lines if line)
