"""The council's logo: a PNG or JPEG image of limited size, checked before it is used.

In the council's file the logo is the name of an image file beside it
(``"logo": "council-logo.png"``); what the central service stores and sends is the
image itself as a ``data:`` address (``"data:image/png;base64,..."``), so it travels
inside the reference data. Either way the image is checked: its kind, its size in
bytes and in pixels, and that it reads to the end (a damaged file fails here, never
half-way through printing).
"""

from __future__ import annotations

import base64
import binascii
import io
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_LOGO_BYTES = 256 * 1024
MAX_LOGO_PIXELS = 4000  # each side
MIN_LOGO_PIXELS = 16
MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
DATA_PREFIX = "data:"


class LogoProblem(ValueError):
    """What is wrong with a logo, in words fit to show after the file's name."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    media_type: str  # image/png or image/jpeg
    width: int  # pixels
    height: int

    @property
    def aspect(self) -> float:
        """Width over height."""
        return self.width / self.height

    def data_uri(self) -> str:
        return f"{DATA_PREFIX}{self.media_type};base64,{base64.b64encode(self.data).decode()}"


def _size_words(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count // 1024} KB"


@lru_cache(maxsize=4)
def logo_from_bytes(data: bytes) -> Logo:
    """The logo in ``data``, checked; LogoProblem says what is wrong."""
    if len(data) > MAX_LOGO_BYTES:
        raise LogoProblem(
            f"the logo is {_size_words(len(data))}; it must be at most "
            f"{MAX_LOGO_BYTES // 1024} KB (an image about 600 pixels across is plenty)"
        )
    from PIL import Image, UnidentifiedImageError  # read only when a council has a logo

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format or "", image.size
                if kind not in MEDIA_TYPES:
                    raise LogoProblem(
                        f"the logo is a {kind or 'kind of'} image; it must be PNG or JPEG"
                    )
                if max(width, height) > MAX_LOGO_PIXELS or min(width, height) < MIN_LOGO_PIXELS:
                    raise LogoProblem(
                        f"the logo is {width} by {height} pixels; each side must be "
                        f"{MIN_LOGO_PIXELS} to {MAX_LOGO_PIXELS} pixels"
                    )
                image.load()  # reads it to the end: a cut-off or damaged file fails here
    except LogoProblem:
        raise
    except UnidentifiedImageError:
        raise LogoProblem("the logo is not a PNG or JPEG image") from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise LogoProblem("the logo image is damaged and cannot be read") from None
    return Logo(data=bytes(data), media_type=MEDIA_TYPES[kind], width=width, height=height)


def logo_from_data_uri(text: str) -> Logo:
    """The logo in a ``data:image/png;base64,...`` (or image/jpeg) address."""
    head, _, payload = text.partition(",")
    if head not in (f"{DATA_PREFIX}{t};base64" for t in MEDIA_TYPES.values()):
        raise LogoProblem(
            "the logo must be data:image/png;base64,... or data:image/jpeg;base64,..."
        )
    if len(payload) > MAX_LOGO_BYTES * 4 // 3 + 4:
        raise LogoProblem(
            f"the logo is over {MAX_LOGO_BYTES // 1024} KB; it must be at most "
            f"{MAX_LOGO_BYTES // 1024} KB"
        )
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise LogoProblem("the logo's data is not valid base64") from None
    return logo_from_bytes(data)


def logo_from_file(path: Path) -> Logo:
    """The logo in the image file ``path``."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise LogoProblem(
                f"the logo file {path.name} is {_size_words(size)}; it must be at most "
                f"{MAX_LOGO_BYTES // 1024} KB (an image about 600 pixels across is plenty)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise LogoProblem(
            f"the logo file {path.name} cannot be read ({exc.strerror or 'unreadable'})"
        ) from None
    return logo_from_bytes(data)


def logo_from_value(value: object, folder: Path | None) -> Logo:
    """The logo a council's file names: a ``data:`` address, or (when the file is read
    from ``folder``) the name of an image file there."""
    if not isinstance(value, str) or not value.strip():
        raise LogoProblem("the logo must be the name of a PNG or JPEG file, in quotes")
    value = value.strip()
    if value.startswith(DATA_PREFIX):
        return logo_from_data_uri(value)
    if folder is None:
        raise LogoProblem(
            "the logo must be the image itself (data:image/png;base64,...); "
            "hearth-server load-reference puts a logo file named in the file there"
        )
    return logo_from_file(folder / value)
