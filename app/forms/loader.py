"""Loading folders of form definitions into a registry.

Every ``*.yaml`` file in a folder is read. A file with mistakes is reported
(file, path, problem) and left out; the others load, so one council's typo
never stops the application starting. The registry keeps every version of
every form, so an assessment always renders with the version it was made with.

Folders are read in order (the shipped ``forms/`` first, then a council's own
folder); a council adds a form, or a new version of one of its own, by dropping a
file in. A council's file may not use an id Hearth ships, nor one starting
``hearth_`` (:mod:`app.forms.reserved_ids`): such a file is reported and left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.forms.definition import DescriptorSet, FormDefinition, Option, OptionLists
from app.forms.problems import Problem, ReadResult
from app.forms.reserved_ids import refuse_reserved, shipped_ids
from app.forms.schema import field_path, read_text
from app.store.paths import config_folder

# A council's option lists, read before its forms (see forms/README.md).
OPTION_LISTS_FILE = "option_lists.yaml"
SHIPPED_FORMS = Path(__file__).resolve().parent.parent.parent / "forms"


def default_folders() -> list[Path]:
    """The shipped forms, then a council's own: ``HEARTH_FORMS_DIR`` if set,
    and the ``forms`` folder in the application's configuration folder if it
    exists."""
    folders = [SHIPPED_FORMS]
    env = os.environ.get("HEARTH_FORMS_DIR")
    if env:
        folders.append(Path(env))
    council = config_folder() / "forms"
    if council.is_dir():
        folders.append(council)
    return folders


@dataclass(frozen=True)
class FormRegistry:
    """Every loaded form version and descriptor file. Read-only; build a new
    one (e.g. with :meth:`with_descriptors`) to change it."""

    forms: Mapping[tuple[str, int], FormDefinition] = field(default_factory=dict)
    descriptor_files: Mapping[tuple[str, int], DescriptorSet] = field(default_factory=dict)
    preferred_descriptors: Mapping[str, tuple[str, int]] = field(default_factory=dict)

    def get(self, form_id: str, version: int) -> FormDefinition:
        """The exact version an assessment was made with."""
        try:
            return self.forms[(form_id, version)]
        except KeyError:
            raise KeyError(f"form {form_id!r} version {version} is not loaded") from None

    def has(self, form_id: str, version: int | None = None) -> bool:
        if version is None:
            return any(key[0] == form_id for key in self.forms)
        return (form_id, version) in self.forms

    def versions(self, form_id: str) -> list[int]:
        return sorted(version for fid, version in self.forms if fid == form_id)

    def latest(self, form_id: str) -> FormDefinition:
        """The newest version of a form: what a new assessment uses."""
        versions = self.versions(form_id)
        if not versions:
            raise KeyError(f"no form {form_id!r} is loaded")
        return self.forms[(form_id, versions[-1])]

    def form_ids(self) -> list[str]:
        return sorted({fid for fid, _ in self.forms})

    def latest_forms(self, kind: str | None = None) -> list[FormDefinition]:
        """The newest version of each form (of one kind, if given), by title."""
        out = [self.latest(fid) for fid in self.form_ids()]
        if kind is not None:
            out = [form for form in out if form.kind == kind]
        return sorted(out, key=lambda form: (form.title.lower(), form.id))

    def __iter__(self) -> Iterator[FormDefinition]:
        return iter(self.forms[key] for key in sorted(self.forms))

    def __len__(self) -> int:
        return len(self.forms)

    # ---- descriptor files

    def descriptor_file(self, file_id: str, version: int) -> DescriptorSet:
        """An exact descriptor file, e.g. the one an old GCP2 was made with."""
        return self.descriptor_files[(file_id, version)]

    def descriptor_set(self, name: str) -> DescriptorSet | None:
        """The descriptors new assessments use for a set (``gcp2``): the one
        chosen with :meth:`with_descriptors`, otherwise a licensed file over our
        neutral wording, then the highest version."""
        chosen = self.preferred_descriptors.get(name)
        if chosen is not None and chosen in self.descriptor_files:
            return self.descriptor_files[chosen]
        candidates = [d for d in self.descriptor_files.values() if d.name == name]
        if not candidates:
            return None
        return max(candidates, key=lambda d: (d.licensed, d.version, d.id))

    def active_descriptors(self) -> dict[str, DescriptorSet]:
        """The descriptor set in use for each set name, for :func:`descriptors_for`."""
        names = {d.name for d in self.descriptor_files.values()}
        out: dict[str, DescriptorSet] = {}
        for name in names:
            chosen = self.descriptor_set(name)
            if chosen is not None:
                out[name] = chosen
        return out

    def descriptors_used(self, form: FormDefinition) -> dict[str, DescriptorSet]:
        """The descriptor sets in use for the grade fields of one form, by set
        name: what a new assessment should record (id and version) so it keeps
        rendering with the same wording."""
        active = self.active_descriptors()
        names = {item.descriptor_set for item in form.all_fields() if item.descriptors_from}
        return {name: active[name] for name in sorted(names) if name in active}

    def descriptor_problems(self, candidate: DescriptorSet) -> list[Problem]:
        """What is missing from a descriptor file (e.g. a council's licensed
        file being imported) for the loaded forms that use its set."""
        problems: list[Problem] = []
        for form in self:
            for item in form.all_fields():
                if (
                    item.descriptors_from
                    and item.descriptor_set == candidate.name
                    and candidate.get(item.descriptor_key) is None
                ):
                    problems.append(
                        Problem(
                            candidate.source or candidate.id,
                            f"descriptors.{item.descriptor_key}",
                            f"missing: form {form.id!r} version {form.version} needs "
                            f"descriptors for {item.descriptor_key!r}",
                        )
                    )
        unique: dict[str, Problem] = {p.path: p for p in problems}
        return list(unique.values())

    def with_descriptors(self, chosen: DescriptorSet) -> FormRegistry:
        """A registry in which ``chosen`` is the descriptor set new assessments use."""
        files = dict(self.descriptor_files)
        files[(chosen.id, chosen.version)] = chosen
        preferred = dict(self.preferred_descriptors)
        preferred[chosen.name] = (chosen.id, chosen.version)
        return FormRegistry(
            forms=self.forms, descriptor_files=files, preferred_descriptors=preferred
        )


@dataclass(frozen=True)
class LoadResult:
    registry: FormRegistry
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]  # every file read

    @property
    def ok(self) -> bool:
        return not self.problems


def _display(path: Path) -> str:
    return str(path)


def load_folders(folders: Iterable[Path | str]) -> LoadResult:
    """Read every ``*.yaml`` in each folder (in order, not recursing). Every folder but
    the shipped ``forms/`` is a council's."""
    shipped: list[tuple[str, str]] = []
    council: list[tuple[str, str]] = []
    files: list[Path] = []
    problems: list[Problem] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            problems.append(
                Problem(_display(folder), "(folder)", "not a folder, or it cannot be read")
            )
            continue
        texts = shipped if folder.resolve() == SHIPPED_FORMS else council
        for path in sorted(folder.glob("*.yaml")):
            files.append(path)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
                problems.append(Problem(_display(path), "(file)", f"cannot be read: {reason}"))
                continue
            texts.append((_display(path), text))
    return _assemble(_read_all(shipped, council, problems), problems, files)


def load_folder(folder: Path | str) -> LoadResult:
    return load_folders([folder])


def load_texts(
    texts: Sequence[tuple[str, str]], council: Sequence[tuple[str, str]] = ()
) -> LoadResult:
    """Load ``(file name, text)`` pairs; for content not on disk. ``council`` are a
    council's own files, which may not use an id Hearth ships or keeps."""
    problems: list[Problem] = []
    return _assemble(_read_all(texts, council, problems), problems, [])


def _read_all(
    texts: Sequence[tuple[str, str]],
    council: Sequence[tuple[str, str]],
    problems: list[Problem],
) -> list[ReadResult]:
    """Read the council's option lists (files named ``option_lists.yaml``) first, so
    that the forms read after them can use them; a council's file using a reserved id
    is left out."""
    everything = [*texts, *council]
    first = [(name, text) for name, text in everything if _is_option_lists(name)]
    results = [read_text(text, name) for name, text in first]
    lists: dict[str, tuple[Option, ...]] = {}
    for result in results:
        if not isinstance(result.document, OptionLists):
            continue
        for list_name, options in result.document.lists.items():
            if list_name in lists:
                problems.append(
                    result.problem_at(
                        ("option_lists", list_name),
                        f"the list {list_name!r} is defined in another option_lists.yaml too; "
                        "this one was left out",
                    )
                )
                continue
            lists[list_name] = options
    results += [read_text(text, name, lists) for name, text in texts
                if not _is_option_lists(name)]
    if council:
        reserved = shipped_ids(SHIPPED_FORMS) | {
            result.document.id for result in results
            if isinstance(result.document, (FormDefinition, DescriptorSet))
        }
        results += [refuse_reserved(read_text(text, name, lists), reserved)
                    for name, text in council if not _is_option_lists(name)]
    return results


def _is_option_lists(name: str) -> bool:
    """An option list file: ``option_lists.yaml`` (``from-server-option_lists.yaml``
    when it came from the service)."""
    return Path(name).name.endswith(OPTION_LISTS_FILE)


def _assemble(results: list[ReadResult], problems: list[Problem], files: list[Path]) -> LoadResult:
    forms, descriptors, descriptor_results = _sort_documents(results, problems)
    _leave_out_incomplete_descriptors(forms, descriptors, descriptor_results, problems)
    accepted = _usable_forms(forms, descriptors, problems)
    registry = FormRegistry(forms=accepted, descriptor_files=descriptors)
    return LoadResult(registry=registry, problems=tuple(problems), files=tuple(files))


def _sort_documents(
    results: list[ReadResult], problems: list[Problem]
) -> tuple[
    dict[tuple[str, int], tuple[FormDefinition, ReadResult]],
    dict[tuple[str, int], DescriptorSet],
    dict[tuple[str, int], ReadResult],
]:
    """The forms and descriptor files read, each (id, version) once: a second copy is
    left out with a problem."""
    forms: dict[tuple[str, int], tuple[FormDefinition, ReadResult]] = {}
    descriptors: dict[tuple[str, int], DescriptorSet] = {}
    descriptor_results: dict[tuple[str, int], ReadResult] = {}
    for result in results:
        problems.extend(result.problems)
        document = result.document
        if isinstance(document, DescriptorSet):
            key = (document.id, document.version)
            if key in descriptors:
                problems.append(
                    result.problem_at(
                        ("id",),
                        f"descriptor file {document.id!r} version {document.version} is also "
                        f"in {descriptors[key].source}; this copy was left out",
                    )
                )
                continue
            descriptors[key] = document
            descriptor_results[key] = result
        elif isinstance(document, FormDefinition):
            if document.key in forms:
                problems.append(
                    result.problem_at(
                        ("version",),
                        f"form {document.id!r} version {document.version} is also in "
                        f"{forms[document.key][0].source}; this copy was left out "
                        "(give a changed form a new version number)",
                    )
                )
                continue
            forms[document.key] = (document, result)
    return forms, descriptors, descriptor_results


def _leave_out_incomplete_descriptors(
    forms: dict[tuple[str, int], tuple[FormDefinition, ReadResult]],
    descriptors: dict[tuple[str, int], DescriptorSet],
    descriptor_results: dict[tuple[str, int], ReadResult],
    problems: list[Problem],
) -> None:
    """A descriptor file must cover every entry the forms using its set need;
    one that does not is left out (the forms fall back on another file)."""
    needed: dict[str, dict[str, FormDefinition]] = {}
    for form, _ in forms.values():
        for item in form.all_fields():
            if item.descriptors_from:
                needed.setdefault(item.descriptor_set, {}).setdefault(item.descriptor_key, form)
    for key, chosen in list(descriptors.items()):
        gaps = [
            (entry, form)
            for entry, form in sorted(needed.get(chosen.name, {}).items())
            if chosen.get(entry) is None
        ]
        for entry, form in gaps:
            problems.append(
                descriptor_results[key].problem_at(
                    ("descriptors",),
                    f"missing the entry {entry!r}, which form {form.id!r} version "
                    f"{form.version} uses; this file was left out",
                )
            )
        if gaps:
            del descriptors[key]


def _usable_forms(
    forms: dict[tuple[str, int], tuple[FormDefinition, ReadResult]],
    descriptors: dict[tuple[str, int], DescriptorSet],
    problems: list[Problem],
) -> dict[tuple[str, int], FormDefinition]:
    """The forms that have a usable descriptor file for every set they grade with."""
    accepted: dict[tuple[str, int], FormDefinition] = {}
    for key, (form, result) in forms.items():
        missing: list[Problem] = []
        for item in form.all_fields():
            if item.descriptors_from and not any(
                d.name == item.descriptor_set for d in descriptors.values()
            ):
                missing.append(
                    result.problem_at(
                        field_path(form, item.id) + ("descriptors_from",),
                        f"no usable descriptor file for {item.descriptor_set!r} was found "
                        f"(a file with descriptors_for: {item.descriptor_set})",
                    )
                )
        if missing:
            problems.extend(missing)
            continue
        accepted[key] = form
    return accepted


def load_default() -> LoadResult:
    """The shipped forms plus any council forms (see :func:`default_folders`)."""
    return load_folders(default_folders())
