"""The store key's Argon2id derivation started early, beside a command's imports.

A command-line run (``hearth families``, ``check``, ``print``) spends most of its
time importing what it needs; Argon2id at the production cost (about 0.2 s) releases
the GIL, so it can run on the second core meanwhile. :func:`start` derives on a
thread from the key file's salt and costs; :func:`take` hands the result to the
unlock that asks for the same passphrase, salt and costs, once. Anything else (no
key file, a damaged one, a passphrase change under way) is left to the real unlock,
which derives as before and reports what is wrong. Nothing is written.
"""

from __future__ import annotations

import hmac
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol


class Deriver(Protocol):
    def derive_now(self, passphrase: str, salt: bytes) -> bytes: ...


@dataclass
class _Early:
    passphrase: bytes
    salt: bytes
    params: Deriver
    result: Future[bytes]


_lock = threading.Lock()
_waiting: list[_Early] = []


def start(params: Deriver, passphrase: str, salt: bytes) -> None:
    """Begin deriving, on a thread, the key these would derive (the salt and costs read
    from the store's key file: :func:`app.store.vault.salt_and_costs`)."""
    early = _Early(passphrase.encode("utf-8"), salt, params, Future())

    def derive() -> None:
        try:
            early.result.set_result(params.derive_now(passphrase, salt))
        except BaseException as exc:  # noqa: BLE001 - handed to the unlock, which derives again
            early.result.set_exception(exc)

    with _lock:
        _waiting.append(early)
    threading.Thread(target=derive, name="hearth-early-key", daemon=True).start()


def take(params: Deriver, passphrase: str, salt: bytes) -> bytes | None:
    """The key derived early for exactly these, once; None if there is none."""
    phrase = passphrase.encode("utf-8")
    with _lock:
        found = next((e for e in _waiting if e.params == params and e.salt == salt
                      and hmac.compare_digest(e.passphrase, phrase)), None)
        if found is None:
            return None
        _waiting.remove(found)
    try:
        return found.result.result()
    except Exception:  # noqa: BLE001 - derive again in the caller, where errors are reported
        return None
