"""A council's licensed GCP2 grade descriptors, imported into the store.

Hearth ships GCP2's structure with neutral descriptors of its own
(``forms/gcp2_descriptors_neutral.yaml``). A council licensed by the NSPCC
gives its administrator the official wording as a descriptor file of the same
structure (see ``forms/README.md``). Importing it here:

* checks it with the forms engine's own checks (:func:`app.forms.schema.read_descriptor_file`,
  then :meth:`~app.forms.loader.FormRegistry.descriptor_problems` for every
  entry a loaded form needs); a malformed file is refused with one
  ``file: path: problem`` line per mistake and nothing is stored;
* keeps the file's text inside the encrypted store (``store_meta``, key
  :data:`META_KEY`), never as a file on disk, with who imported it and when;
* makes it the set every *later* assessment uses (:func:`registry_with_imported`).
  Each assessment records the descriptor file it was started with
  (``Assessment.descriptors_source``), and every imported version is kept, so
  an older GCP2 still shows the wording it was made with.

Only administrators may import (or go back to the shipped wording). The
import is audited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.errors import HearthError
from app.forms.definition import DescriptorSet
from app.forms.loader import FormRegistry
from app.forms.problems import Problem
from app.forms.schema import read_descriptor_file
from app.records import writes as records
from app.store.caseload_store import Profile, read_meta, write_meta
from db.models import utcnow

META_KEY = "imported_descriptor_files"
MAX_FILE_BYTES = 1024 * 1024
GCP2 = "gcp2"


class AdministratorsOnly(HearthError):
    def __init__(self) -> None:
        super().__init__(
            "Only an administrator can change the GCP2 descriptors. Nothing was changed."
        )


class DescriptorFileInvalid(HearthError):
    """A descriptor file that cannot be used; ``problems`` lists each mistake."""

    def __init__(self, file_name: str, problems: Sequence[Problem | str]) -> None:
        self.problems = tuple(str(p) for p in problems)
        shown = self.problems[:8]
        more = len(self.problems) - len(shown)
        lines = "\n".join(shown) + (f"\n...and {more} more" if more > 0 else "")
        super().__init__(
            f"{file_name} cannot be used as GCP2 descriptors, so nothing was imported:\n{lines}"
        )


@dataclass(frozen=True)
class DescriptorImport:
    """A file chosen by the administrator: its name (for messages) and its text."""

    file_name: str
    text: str


@dataclass(frozen=True)
class DescriptorFileInfo:
    name: str  # the set (gcp2)
    id: str
    version: int
    title: str
    licensed: bool
    source_note: str
    entries: int
    in_use: bool  # what new assessments use
    imported: bool  # False for a file shipped with Hearth or in a forms folder
    imported_by: str = ""
    imported_at: dt.datetime | None = None
    file_name: str = ""


# ---------------------------------------------------------------- reading files


def read_import_file(path: Path | str) -> DescriptorImport:
    """Read a chosen file (no store access: run it off the UI thread)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise HearthError(
                f"{path.name} is too large to be a descriptor file "
                f"({size // 1024} KB; at most {MAX_FILE_BYTES // 1024} KB). Nothing was imported."
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise HearthError(
            f"{path.name} is not UTF-8 text, so it cannot be a descriptor file. Nothing was imported."
        ) from None
    except OSError as exc:
        raise HearthError(
            f"{path.name} cannot be read ({exc.strerror or 'unknown error'}). Nothing was imported."
        ) from None
    return DescriptorImport(file_name=path.name, text=text)


@lru_cache(maxsize=32)
def _parse(file_name: str, text: str) -> DescriptorSet | tuple[Problem, ...]:
    result = read_descriptor_file(text, file_name)
    return result if isinstance(result, DescriptorSet) else tuple(result)


def _same_content(a: DescriptorSet, b: DescriptorSet) -> bool:
    return (
        a.name == b.name
        and a.title == b.title
        and a.licensed == b.licensed
        and dict(a.entries) == dict(b.entries)
    )


def check_descriptor_file(
    request: DescriptorImport, registry: FormRegistry, name: str = GCP2
) -> DescriptorSet:
    """The checked descriptor set, or DescriptorFileInvalid listing every mistake."""
    if len(request.text.encode("utf-8")) > MAX_FILE_BYTES:
        raise DescriptorFileInvalid(request.file_name, ["(file): the file is too large"])
    parsed = _parse(request.file_name, request.text)
    if not isinstance(parsed, DescriptorSet):
        raise DescriptorFileInvalid(request.file_name, parsed)
    if parsed.name != name:
        raise DescriptorFileInvalid(
            request.file_name,
            [
                Problem(
                    request.file_name,
                    "descriptors_for",
                    f"this file holds descriptors for {parsed.name!r}, not {name!r}",
                )
            ],
        )
    users = [
        form
        for form in registry
        if any(item.descriptor_set == name for item in form.all_fields() if item.descriptors_from)
    ]
    if not users:
        raise DescriptorFileInvalid(
            request.file_name,
            [Problem(request.file_name, "descriptors_for", f"no loaded form uses {name!r} descriptors")],
        )
    problems = registry.descriptor_problems(parsed)
    if problems:
        raise DescriptorFileInvalid(request.file_name, problems)
    known = registry.descriptor_files.get((parsed.id, parsed.version))
    if known is not None and not _same_content(known, parsed):
        raise DescriptorFileInvalid(
            request.file_name,
            [
                Problem(
                    request.file_name,
                    "version",
                    f"a different file with id {parsed.id!r} and version {parsed.version} is "
                    "already in use; give changed wording a new version number",
                )
            ],
        )
    return parsed


# ---------------------------------------------------------------- the store


def _stored(session: Session) -> dict[str, Any]:
    raw = read_meta(session, META_KEY, "")
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    files = data.get("files")
    active = data.get("active")
    return {
        "files": [f for f in files if isinstance(f, dict)] if isinstance(files, list) else [],
        "active": dict(active) if isinstance(active, dict) else {},
    }


def _stored_sets(session: Session) -> list[tuple[DescriptorSet, dict[str, Any]]]:
    out: list[tuple[DescriptorSet, dict[str, Any]]] = []
    for entry in _stored(session)["files"]:
        parsed = _parse(str(entry.get("file_name", "")), str(entry.get("text", "")))
        if isinstance(parsed, DescriptorSet):
            out.append((parsed, entry))
    return out


def imported_descriptor_files(session: Session) -> tuple[DescriptorSet, ...]:
    """Every descriptor file imported into this store, oldest first."""
    return tuple(chosen for chosen, _ in _stored_sets(session))


def registry_with_imported(session: Session, registry: FormRegistry) -> FormRegistry:
    """``registry`` with the imported files added (so old assessments find the
    wording they used) and the administrator's choice in use for new ones. An
    imported file that lacks an entry a (newer) loaded form needs is kept for
    old assessments, but new ones go back to the shipped wording."""
    stored = _stored(session)
    sets = _stored_sets(session)
    if not sets and not stored["active"]:
        return registry
    files = dict(registry.descriptor_files)
    for chosen, _ in sets:
        files.setdefault((chosen.id, chosen.version), chosen)
    preferred = dict(registry.preferred_descriptors)
    for name, choice in stored["active"].items():
        wanted: tuple[str, int] | None = None
        if isinstance(choice, list) and len(choice) == 2:
            try:
                wanted = (str(choice[0]), int(choice[1]))
            except (TypeError, ValueError):
                wanted = None
        candidate = files.get(wanted) if wanted is not None else None
        if (
            wanted is not None
            and candidate is not None
            and candidate.name == name
            and not registry.descriptor_problems(candidate)
        ):
            preferred[name] = wanted
            continue
        # "shipped", or an imported file no longer usable: the best file that
        # was not imported (a licensed one in a forms folder, else ours).
        shipped = registry.descriptor_set(name)
        if shipped is not None:
            preferred[name] = (shipped.id, shipped.version)
    return FormRegistry(
        forms=registry.forms, descriptor_files=files, preferred_descriptors=preferred
    )


def _info(
    chosen: DescriptorSet, in_use: DescriptorSet | None, entry: Mapping[str, Any] | None
) -> DescriptorFileInfo:
    imported_at = None
    if entry is not None and isinstance(entry.get("imported_at"), str):
        try:
            imported_at = dt.datetime.fromisoformat(entry["imported_at"])
        except ValueError:
            imported_at = None
    return DescriptorFileInfo(
        name=chosen.name,
        id=chosen.id,
        version=chosen.version,
        title=chosen.title,
        licensed=chosen.licensed,
        source_note=chosen.source_note,
        entries=len(chosen.entries),
        in_use=in_use is not None and (in_use.id, in_use.version) == (chosen.id, chosen.version),
        imported=entry is not None,
        imported_by=str(entry.get("imported_by", "")) if entry is not None else "",
        imported_at=imported_at,
        file_name=str(entry.get("file_name", "")) if entry is not None else "",
    )


def descriptor_files(
    session: Session, actor: Profile, registry: FormRegistry, name: str = GCP2
) -> tuple[DescriptorFileInfo, ...]:
    """Every descriptor file for a set (shipped and imported), the one in use marked."""
    full = registry_with_imported(session, registry)
    in_use = full.descriptor_set(name)
    entries = {(s.id, s.version): e for s, e in _stored_sets(session)}
    out = [
        _info(chosen, in_use, entries.get(key))
        for key, chosen in sorted(full.descriptor_files.items())
        if chosen.name == name
    ]
    return tuple(out)


def descriptors_in_use(session: Session, registry: FormRegistry, name: str = GCP2) -> DescriptorSet | None:
    """The descriptor set a new assessment would use now."""
    return registry_with_imported(session, registry).descriptor_set(name)


def import_descriptor_file(
    session: Session,
    actor: Profile,
    request: DescriptorImport,
    registry: FormRegistry,
    name: str = GCP2,
) -> DescriptorFileInfo:
    """Check and keep a council's descriptor file; later assessments use it."""
    if actor.role != "administrator":
        raise AdministratorsOnly()
    full = registry_with_imported(session, registry)
    chosen = check_descriptor_file(request, full, name)
    stored = _stored(session)
    kept = {(known.id, known.version): e for known, e in _stored_sets(session)}
    entry = kept.get((chosen.id, chosen.version))
    if entry is None:
        entry = {
            "file_name": request.file_name,
            "text": request.text,
            "imported_by": actor.name,
            "imported_at": utcnow().isoformat(),
        }
        stored["files"].append(entry)
    stored["active"][name] = [chosen.id, chosen.version]
    write_meta(session, META_KEY, json.dumps(stored))
    records.audit(session, actor, "import_descriptors")
    return _info(chosen, chosen, entry)


def use_shipped_descriptors(
    session: Session, actor: Profile, registry: FormRegistry, name: str = GCP2
) -> DescriptorFileInfo | None:
    """Go back to the descriptors shipped with Hearth (or in a forms folder) for
    new assessments; imported files are kept for the assessments that used them."""
    if actor.role != "administrator":
        raise AdministratorsOnly()
    stored = _stored(session)
    stored["active"][name] = "shipped"
    write_meta(session, META_KEY, json.dumps(stored))
    records.audit(session, actor, "use_shipped_descriptors")
    chosen = registry.descriptor_set(name)
    return None if chosen is None else _info(chosen, chosen, None)
