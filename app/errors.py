"""Errors a person can act on. Each carries a message fit to show as it is."""

from __future__ import annotations

import traceback
from pathlib import Path


class HearthError(Exception):
    """Base for every error the application explains to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongPassphrase(HearthError):
    def __init__(self, message: str = "") -> None:
        super().__init__(
            message or "That passphrase is not right for this store. Nothing was changed."
        )


class WeakPassphrase(HearthError):
    pass


class KeyFileDamaged(HearthError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            "The store's key file is damaged or has been altered "
            f"({detail}). The store was not opened and nothing was changed. "
            "Restore the key file from a backup or ask your administrator."
        )


class NotAHearthStore(HearthError):
    pass


class IncompleteStore(NotAHearthStore):
    """A store whose making was interrupted (by an older Hearth): it holds no records
    and can be set aside (:mod:`app.store.set_aside`)."""


class StoreMissing(HearthError):
    pass


class StoreExists(HearthError):
    pass


class StoreLocked(HearthError):
    def __init__(self) -> None:
        super().__init__("The store is locked. Unlock it with your passphrase first.")


class StoreNotWritable(HearthError):
    def __init__(self) -> None:
        super().__init__(
            "Hearth cannot write to this computer's store: its folder may be read-only, or "
            "the disk full. What you typed is still here and has not been saved; Hearth "
            "tries again, and nothing saved before is lost."
        )


class UnexpectedProblem(HearthError):
    def __init__(self) -> None:
        super().__init__(
            "Something went wrong and this was not saved. What you typed is still here; "
            "nothing you saved before was lost."
        )


class RecordFinal(HearthError):
    pass


class NotFound(HearthError):
    pass


class ValidationFailed(HearthError):
    """Input that cannot be saved; ``problems`` maps a field name to a message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        summary = "; ".join(self.problems.values())
        super().__init__(f"Please check: {summary}")


_OUR_PACKAGES = ("app", "db", "server", "ui")


def described(exc: BaseException) -> str:
    """An unexpected error as it may be logged: its type and where it happened (the last
    place in Hearth's own code), never its message, which can hold what people typed
    (a database error quotes the values it was given)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if any(p in _OUR_PACKAGES for p in Path(f.filename).parts[-4:-1])]
    chosen = ours or list(frames)
    if not chosen:
        return type(exc).__name__
    frame = chosen[-1]
    place = "/".join(Path(frame.filename).parts[-2:])
    return f"{type(exc).__name__} at {place}:{frame.lineno} ({frame.name})"
