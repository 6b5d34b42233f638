"""Keep a crash from writing the process's memory (an open store's key, what people
typed) to disk: no core dump."""

from __future__ import annotations

import sys


def forbid_core_dumps() -> bool:
    """Switch core dumps off for this process; return whether they are off."""
    if sys.platform == "win32":
        return True  # Windows writes no core file unless a debugger or WER is set up for it
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
