"""The one error an administrative request raises: :class:`AdminError`."""

from __future__ import annotations


class AdminError(ValueError):
    """An administrative request that cannot be done; the message is one clear line."""
