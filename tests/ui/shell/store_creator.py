"""Creates a store, to be killed part way (tests/ui/shell/test_creation_kills.py).

    python store_creator.py FOLDER PASSPHRASE pause|run

``pause``: before each step that writes or renames (each os.replace, os.rename and
os.mkdir, and each stage of create_store), print ``step <name>`` and wait for a line
on stdin, so the test can kill it at exactly that point. ``run``: print ``ready``,
wait for a line, then create the store at full speed and print ``done``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from app.store import caseload_store, vault  # noqa: E402
from app.store.caseload_store import Profile, create_store  # noqa: E402

PROFILE = Profile("Robin Testworker", "family_support_worker", "North Locality Team",
                  "robin.testworker")


def pausing(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print(f"step {name}", flush=True)
        sys.stdin.readline()
        return fn(*args, **kwargs)

    return wrapper


def main() -> None:
    folder, passphrase, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    vault.DEFAULT_KDF = vault.KdfParams(iterations=1, lanes=1, memory_kib=1024)
    if mode == "pause":
        for name in ("replace", "rename", "mkdir"):
            setattr(os, name, pausing(f"os.{name}", getattr(os, name)))
        for name in ("building_folder", "migrate_with_backup", "write_meta", "move_into_place",
                     "make_engine"):
            setattr(caseload_store, name, pausing(name, getattr(caseload_store, name)))
        vault.create_key_file = pausing("create_key_file", vault.create_key_file)
    else:
        print("ready", flush=True)
        sys.stdin.readline()
    create_store(folder, passphrase, PROFILE).close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
