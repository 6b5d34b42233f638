"""A picture answer (``type: picture``): a child's drawing scanned or photographed.

A file the worker chooses is read into memory (never copied anywhere), checked, turned
the right way up, made no larger than :data:`LONGEST_SIDE` pixels on its longest side
and saved again as a JPEG drawn from the pixels alone, so nothing the camera or scanner
wrote (GPS position, date, device, comments, thumbnails) is kept. The answer is a small
JSON object held with the assessment's other answers in the encrypted store, and it
travels with them through sync: :data:`MAX_STORED_BYTES` keeps one well inside the
service's request limit (``app.sync.protocol.MAX_BODY_BYTES``, 4 MiB), base64 and all.

Messages are sentences fit to show beside the field; none names the file.
"""

from __future__ import annotations

import base64
import binascii
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

LONGEST_SIDE = 1600
# The picture as stored, before base64 (which adds a third on the sync wire).
MAX_STORED_BYTES = 700 * 1024
# The largest file offered (a phone photo is 3-12 MB; a flatbed scan at 600 dpi ~25 MB).
MAX_FILE_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 60_000_000  # more is no photo or scan of a drawing (or a decompression bomb)
# What is tried, in turn, until the picture fits: (longest side, JPEG quality).
_ATTEMPTS = ((LONGEST_SIDE, 85), (LONGEST_SIDE, 72), (1280, 72), (1024, 65), (800, 60))
_READABLE = frozenset({"JPEG", "MPO", "PNG", "GIF", "BMP", "WEBP", "TIFF"})
MEDIA_TYPES = ("image/jpeg", "image/png")
_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
ANSWER_KEYS = frozenset({"type", "width", "height", "data"})

NOT_A_PICTURE = (
    "This file is not a picture Hearth can read. Choose a photo or scan of the "
    "drawing saved as JPEG or PNG."
)


class PictureRefused(ValueError):
    """A file that cannot be taken as a picture; ``message`` says why, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Picture:
    """A picture ready to store: its encoded bytes, size and kind."""

    data: bytes
    width: int
    height: int
    media_type: str = "image/jpeg"

    def answer(self) -> dict[str, Any]:
        """The picture as the answer stored (JSON)."""
        return {
            "type": self.media_type,
            "width": self.width,
            "height": self.height,
            "data": base64.b64encode(self.data).decode("ascii"),
        }


def read_picture_file(path: Path) -> Picture:
    """The picture in the file at ``path``, made ready to store (see :func:`prepare_picture`)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PictureRefused(
                f"This file is too large ({size / 1024 / 1024:.0f} MB; at most "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB). Scan or photograph the drawing at a "
                "lower resolution and choose it again."
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise PictureRefused(
            "Hearth could not read this file. Check that it is still there and that you may "
            "open it."
        ) from None
    return prepare_picture(raw)


def prepare_picture(raw: bytes) -> Picture:
    """A picture from a file's bytes: checked, the right way up, downscaled, without its
    metadata. Raises :class:`PictureRefused` for what is not a picture, or too large."""
    if len(raw) > MAX_FILE_BYTES:
        raise PictureRefused(f"This file is too large (at most {MAX_FILE_BYTES // 2**20} MB).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                if image.format not in _READABLE:
                    raise PictureRefused(NOT_A_PICTURE)
                if image.width * image.height > MAX_PIXELS:
                    raise PictureRefused(_too_many_pixels(image.width, image.height))
                shrink = min(1.0, LONGEST_SIDE / max(image.size))
                # a JPEG decodes at 1/2, 1/4 or 1/8 size while it keeps LONGEST_SIDE
                image.draft("RGB", (int(image.width * shrink) + 1, int(image.height * shrink) + 1))
                upright = ImageOps.exif_transpose(image)
                pixels = _plain_rgb(upright)
    except PictureRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureRefused(_too_many_pixels(0, 0)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PictureRefused(NOT_A_PICTURE) from None
    return _fitted(pixels)


def _too_many_pixels(width: int, height: int) -> str:
    size = f" ({width} × {height} pixels)" if width and height else ""
    return (
        f"This picture is too large to take{size}. Scan or photograph the drawing at a "
        "lower resolution and choose it again."
    )


def _plain_rgb(image: Image.Image) -> Image.Image:
    """The pixels alone, in RGB: transparency laid on white, nothing from the file's info."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    rgb = image.convert("RGB") if image.mode != "RGB" else image.copy()
    rgb.info = {}  # nothing from the file (EXIF, comments, ICC, XMP) goes with the pixels
    return rgb


def _fitted(pixels: Image.Image) -> Picture:
    """The picture as a JPEG no larger than LONGEST_SIDE and MAX_STORED_BYTES."""
    sized = pixels
    for side, quality in _ATTEMPTS:
        if max(sized.size) > side:
            sized = sized.copy()
            sized.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=2.0)
        out = io.BytesIO()
        sized.save(out, "JPEG", quality=quality)
        if out.tell() <= MAX_STORED_BYTES:
            return Picture(out.getvalue(), sized.width, sized.height)
    raise PictureRefused(  # pragma: no cover - a 800 px JPEG at quality 60 always fits
        "This picture could not be made small enough to keep. Try a simpler scan."
    )


def picture_from_answer(value: Any) -> Picture | None:
    """The stored picture of an answer, or None when the answer is not a readable one."""
    if picture_problem(value) is not None:
        return None
    return Picture(
        base64.b64decode(value["data"]), value["width"], value["height"], value["type"]
    )


def picture_problem(value: Any) -> str | None:
    """What is wrong with a picture answer as stored, or None (a check of its form: the
    bytes are decoded only where a picture is shown or printed)."""
    broken = "This picture could not be read; choose it again."
    if not isinstance(value, dict) or set(value) != ANSWER_KEYS:
        return broken
    kind, width, height, data = (value[k] for k in ("type", "width", "height", "data"))
    if kind not in MEDIA_TYPES or not isinstance(data, str):
        return broken
    for side in (width, height):
        if isinstance(side, bool) or not isinstance(side, int) or not 0 < side <= LONGEST_SIDE:
            return broken
    if len(data) > (MAX_STORED_BYTES + 2) // 3 * 4:
        return "This picture is too large to keep; choose it again."
    try:
        head = base64.b64decode(data[:16], validate=True)
    except (binascii.Error, ValueError):
        return broken
    return None if head.startswith(_MAGIC[kind]) else broken


def picture_words(value: Any) -> str:
    """A picture answer in words (for lists of answers; the picture itself is shown apart)."""
    picture = value if isinstance(value, dict) else {}
    width, height = picture.get("width"), picture.get("height")
    if isinstance(width, int) and isinstance(height, int):
        return f"A picture is attached ({width} × {height} pixels)."
    return "A picture is attached."
