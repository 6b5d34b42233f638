"""JSON written by the service with orjson: its answers to pushes, and the JSON columns
it stores (records, their history, the results of ops taken).

orjson writes the same JSON as the standard library several times faster. What it
cannot write (a whole number beyond 64 bits, a dictionary key that is not a string,
text with a lone surrogate) falls back to the standard library, so nothing that
was stored before is refused now. Reading stays with the standard library: orjson
reads a whole number beyond 64 bits as a float, which would change a value.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from fastapi.responses import JSONResponse


def dumps_text(value: Any) -> str:
    """``value`` as JSON text (the engine's ``json_serializer``)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(value)


class FastJSONResponse(JSONResponse):
    """A JSON answer written by orjson (Starlette's writer for what orjson cannot write)."""

    def render(self, content: Any) -> bytes:
        try:
            return orjson.dumps(content)
        except TypeError:
            return super().render(content)
