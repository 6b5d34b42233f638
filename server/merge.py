"""Three-way merge of one pushed change against the server's record (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_MISSING = object()


@dataclass(frozen=True)
class FieldConflict:
    field: str
    base_value: Any
    local_value: Any
    server_value: Any


# A deletion made from an older version of a record that was edited since.
DELETED_VERSUS_EDITED = FieldConflict(field="deleted", base_value=False, local_value=True,
                                      server_value=False)


@dataclass(frozen=True)
class MergeResult:
    data: dict[str, Any]  # the record's data after the merge
    taken: dict[str, Any] = field(default_factory=dict)  # fields taken from the push
    conflicts: tuple[FieldConflict, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.taken)


def apply_direct(server: dict[str, Any], local: dict[str, Any]) -> MergeResult:
    """The push was made against the current version: take every field that differs."""
    taken = {k: v for k, v in local.items() if server.get(k, _MISSING) != v}
    return MergeResult(data={**server, **taken}, taken=taken)


def three_way(
    base: dict[str, Any] | None, server: dict[str, Any], local: dict[str, Any]
) -> MergeResult:
    """Merge per field: ``base`` is the version the push was made against (None: unknown).

    - local equals server: nothing to do;
    - server still holds the base value (changed here only): take local;
    - local holds the base value (changed on the server only): keep server;
    - otherwise both changed it to different values: keep the server's value
      and report a conflict carrying all three.
    """
    known = base is not None
    base = base or {}
    taken: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, local_value in local.items():
        server_value = server.get(name)
        if name in server and server_value == local_value:
            continue
        base_value = base.get(name, _MISSING)
        if name not in server or (
            known and base_value is not _MISSING and server_value == base_value
        ):
            taken[name] = local_value
        elif known and base_value is not _MISSING and local_value == base_value:
            continue
        else:
            conflicts.append(
                FieldConflict(
                    field=name,
                    base_value=None if base_value is _MISSING else base_value,
                    local_value=local_value,
                    server_value=server_value,
                )
            )
    return MergeResult(data={**server, **taken}, taken=taken, conflicts=tuple(conflicts))


def differing(server: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """The pushed fields whose value differs from the server's (kept when a push is refused)."""
    return {k: v for k, v in local.items() if server.get(k, _MISSING) != v}
