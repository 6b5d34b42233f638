"""What a document is made from: the record version it comes from, what every page
says about it, and the options it is printed with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.dates import uk_instant
from app.documents.layout.letterhead import Letterhead


@dataclass(frozen=True)
class RecordStamp:
    """Which version of the underlying record a document was made from."""

    version: int | None  # the server's revision; None until first synced
    updated_at: dt.datetime | None = None

    def text(self) -> str:
        if self.version is not None:
            return f"Made from record version {self.version}"
        if self.updated_at is not None:
            return (
                "Made from a record not yet synced "
                f"(last changed {uk_instant(self.updated_at)})"
            )
        return "Made from a record not yet synced"


def combined_stamp(stamps: Iterable[RecordStamp]) -> RecordStamp:
    """The stamp of a document made from several records: the highest version
    when all are synced; otherwise "not yet synced" with the latest change."""
    items = list(stamps)
    if not items:
        return RecordStamp(None, None)
    changed = [s.updated_at for s in items if s.updated_at is not None]
    latest = max(changed) if changed else None
    if any(s.version is None for s in items):
        unsynced = [s.updated_at for s in items if s.version is None and s.updated_at is not None]
        return RecordStamp(None, max(unsynced) if unsynced else latest)
    return RecordStamp(max(s.version or 0 for s in items), latest)


@dataclass(frozen=True)
class DocumentInfo:
    """What every page of a document says about it."""

    title: str
    family_reference: str
    family_name: str
    stamp: RecordStamp
    subject: str = ""
    author: str = ""


@dataclass(frozen=True)
class RenderOptions:
    large_print: bool = False
    printed_on: dt.date | None = None  # today when not given
    # The council's identity and the worker's contact details (none: no council block
    # and no Contact box; the catalogue always gives one).
    letterhead: Letterhead | None = None
