"""An update appended to a PDF (PDF 32000-1, 7.5.6 "Incremental updates"): new objects
and replacements for old ones, written as PDF text. The new objects are packed into one
compressed object stream and the update's cross-reference section is a compressed
cross-reference stream (7.5.7, 7.5.8), so thousands of small objects, such as a
structure tree's elements, are quick to write and take little room."""

from __future__ import annotations

import re
import struct
import zlib
from functools import lru_cache

# What may stand in a PDF name as it is; anything else is written as #xx.
_REGULAR = re.compile(r"[!-~]")
_DELIMITERS = set("()<>[]{}/%#")
VERSION = b"1.7"  # object and cross-reference streams need 1.5; PDF/UA-1 is built on 1.7


@lru_cache(maxsize=256)
def name(value: str) -> str:
    """``value`` as a PDF name, ``/P`` for ``P``."""
    return "/" + "".join(
        ch if _REGULAR.fullmatch(ch) and ch not in _DELIMITERS
        else "".join(f"#{byte:02X}" for byte in ch.encode("utf-8"))
        for ch in value
    )


def text_string(value: str) -> str:
    """``value`` as a PDF text string in any script (UTF-16BE, written in hex)."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


class Update:
    """The objects of an update to ``content``, a PDF whose trailer gives ``size``."""

    def __init__(self, content: bytes, size: int) -> None:
        found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", content[-1024:])
        if not content.startswith(b"%PDF-") or found is None:
            raise ValueError("Not a PDF file that can be updated: no startxref at its end.")
        self._previous = int(found.group(1))
        self._content = content if content.endswith(b"\n") else content + b"\n"
        self._next = size
        self._packed: dict[int, bytes] = {}  # new objects, packed in an object stream
        self._plain: dict[int, bytes] = {}  # streams, and the file's objects replaced

    def reserve(self) -> int:
        """The number of a new object, to be written with :meth:`add`."""
        number = self._next
        self._next += 1
        return number

    def add(self, number: int, body: str) -> None:
        """New object ``number`` (not a stream) is ``body``."""
        self._packed[number] = body.encode("latin-1")

    def replace(self, number: int, body: bytes) -> None:
        """The file's object ``number`` is now ``body``."""
        self._plain[number] = body

    def add_stream(self, number: int, entries: str, data: bytes) -> None:
        """New object ``number`` is a stream of ``data`` (uncompressed) with ``entries``."""
        self._plain[number] = (f"<<{entries}/Length {len(data)}>>\nstream\n".encode()
                               + data + b"\nendstream")

    def _pack(self) -> dict[int, int]:
        """Pack the new objects into one object stream; where each sits in it."""
        numbers = sorted(self._packed)
        places: list[str] = []
        body = bytearray()
        for number in numbers:
            places.append(f"{number} {len(body)}")
            body += self._packed[number] + b"\n"
        header = (" ".join(places) + "\n").encode()
        data = zlib.compress(bytes(header + body))
        packed_in = self.reserve()
        self._plain[packed_in] = (
            f"<</Type/ObjStm/N {len(numbers)}/First {len(header)}/Filter/FlateDecode"
            f"/Length {len(data)}>>\nstream\n".encode() + data + b"\nendstream"
        )
        return {number: index for index, number in enumerate(numbers)} | {-1: packed_in}

    def finish(self, kept: str) -> bytes:
        """The updated file; ``kept`` are the entries of the file's trailer it keeps
        (its ``/Root``, ``/Info`` and ``/ID``, as PDF text)."""
        packed = self._pack() if self._packed else {-1: 0}
        packed_in = packed.pop(-1)
        xref = self.reserve()
        out = bytearray(self._content)
        out[5:8] = max(bytes(out[5:8]), VERSION)  # the header's version, as long as before
        rows: dict[int, tuple[int, int, int]] = {n: (2, packed_in, i) for n, i in packed.items()}
        for number in sorted(self._plain):
            rows[number] = (1, len(out), 0)
            out += f"{number} 0 obj\n".encode() + self._plain[number] + b"\nendobj\n"
        rows[xref] = (1, len(out), 0)
        numbers = sorted(rows)
        data = zlib.compress(b"".join(struct.pack(">BII", *rows[n]) for n in numbers))
        index = " ".join(f"{run[0]} {len(run)}" for run in _runs(numbers))
        out += (f"{xref} 0 obj\n<</Type/XRef/Size {self._next}/W[1 4 4]/Index[{index}]"
                f"{kept}/Prev {self._previous}/Filter/FlateDecode/Length {len(data)}>>\n"
                "stream\n").encode()
        out += data + f"\nendstream\nendobj\nstartxref\n{rows[xref][1]}\n%%EOF\n".encode()
        return bytes(out)


def _runs(numbers: list[int]) -> list[list[int]]:
    """Sorted object numbers in runs of consecutive ones (a cross-reference subsection each)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] + 1 == number:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs
