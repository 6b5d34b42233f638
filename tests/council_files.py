"""A synthetic council's identity for tests: its council.json and a logo drawn with Pillow.

"Northshire" is made up; its phone numbers are in Ofcom's range for drama
(01632 960xxx) and its addresses end in example.gov.uk, so none reaches anyone."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

COUNCIL_NAME = "Northshire Council (synthetic)"
PRIVACY = ("Northshire Council uses your family's information to give you early help and "
           "shares it only as you agree, or where someone may be at risk of harm.")


def logo_png(size: tuple[int, int] = (480, 160), *, noise: bool = False) -> bytes:
    """A logo: a blue disc and an orange bar on a transparent ground (``noise``: random
    pixels, which do not compress, for a file too large)."""
    if noise:
        import os

        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGBA", size, (255, 255, 255, 0))
        draw = ImageDraw.Draw(image)
        h = size[1]
        draw.ellipse((h * 0.06, h * 0.06, h * 0.94, h * 0.94), fill=(31, 78, 121, 255))
        if size[0] > h * 1.3:
            draw.rectangle((h * 1.1, h * 0.3, size[0] - h * 0.06, h * 0.7),
                           fill=(200, 120, 30, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def council_data(**changes: Any) -> dict[str, Any]:
    """The synthetic council's identity as its file says it (logo: council-logo.png)."""
    data: dict[str, Any] = {
        "name": COUNCIL_NAME,
        "address": ["Town Hall", "High Street", "Northtown NT1 1AA"],
        "phone": "01632 960000",
        "team_phone": "01632 960001",
        "email": "earlyhelp@northshire.example.gov.uk",
        "website": "https://www.northshire.example.gov.uk",
        "privacy_notice": PRIVACY,
        "privacy_url": "https://www.northshire.example.gov.uk/privacy",
        "logo": "council-logo.png",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def write_council(folder: Path, data: dict[str, Any] | None = None, *,
                  logo: bytes | None = None) -> Path:
    """council.json (and, unless ``logo`` is b"", council-logo.png) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    if logo != b"":
        (folder / "council-logo.png").write_bytes(logo or logo_png())
    path = folder / "council.json"
    path.write_text(json.dumps(council_data() if data is None else data), encoding="utf-8")
    return path
