"""A form can ask for a house to write in (``look: house``) and a picture (``type:
picture``): ``hearth forms check`` names every mistake in them; a picture answer is a
file made ready to keep (upright, at most 1600 px, re-encoded without its metadata) or
refused with a sentence; a stored picture answer is checked like any answer. Synthetic
pictures only, made here."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from app.forms.answers import display_value, validate_answers
from app.forms.loader import SHIPPED_FORMS, load_folder
from app.forms.pictures import (
    LONGEST_SIDE,
    MAX_STORED_BYTES,
    NOT_A_PICTURE,
    PictureRefused,
    picture_problem,
    prepare_picture,
    read_picture_file,
)
from app.sync.protocol import MAX_BODY_BYTES
from tests.app.forms.test_command import hearth

BAD = """
id: riverbank_houses
version: 1
title: Riverbank houses
kind: riverbank_houses
pages:
  - id: only
    title: Houses
    fields:
      - {id: castle, type: long_text, label: A castle, look: castle}
      - {id: short, type: text, label: One line, look: house}
      - {id: roof_only, type: long_text, label: A roof, house_name: The roof}
      - {id: drawing, type: picture, label: Drawing, max_length: 10}
      - id: rows
        type: repeat
        label: Rows
        fields:
          - {id: row_picture, type: picture, label: A picture in a row}
"""


def noisy_photo(width: int, height: int, **save: object) -> bytes:
    """A synthetic photo that does not compress away (random pixels)."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, **save)
    return out.getvalue()


def test_forms_check_names_each_mistake_of_houses_and_pictures(tmp_path: Path) -> None:
    (tmp_path / "riverbank_houses.yaml").write_text(BAD, encoding="utf-8")
    result = hearth("forms", "check", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("fields[0].look: unknown look 'castle' (look takes one of house)" in x
               for x in lines)
    assert any("fields[1].look: 'look' is not used by a text field" in x for x in lines)
    assert any("fields[2].house_name: house_name is the name on a house's roof" in x
               for x in lines)
    assert any("fields[3].max_length: 'max_length' is not used by a picture field" in x
               for x in lines)
    assert any("fields[4].fields[0].type: a picture cannot sit inside a repeating group" in x
               for x in lines)


def test_the_shipped_three_houses_draws_houses_and_takes_a_drawing() -> None:
    registry = load_folder(SHIPPED_FORMS).registry
    latest = registry.latest("three_houses")
    assert latest.version == 2 and registry.has("three_houses", 1)  # v1 kept for old ones
    houses = [f for f in latest.all_fields() if f.look == "house"]
    assert [f.roof for f in houses] == ["House of worries", "House of good things",
                                        "House of dreams"]
    assert [f.type for f in latest.all_fields() if f.id == "drawing"] == ["picture"]
    first = registry.get("three_houses", 1)
    assert all(f.look == "" for f in first.all_fields())


def test_a_photo_is_turned_upright_downscaled_and_loses_its_metadata() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Testcam"
    exif[0x0112] = 6  # taken sideways
    raw = noisy_photo(3000, 2000, exif=exif.tobytes(), comment=b"Quorvandelle")
    picture = prepare_picture(raw)
    assert (picture.width, picture.height) == (1067, 1600)
    assert len(picture.data) <= MAX_STORED_BYTES
    with Image.open(io.BytesIO(picture.data)) as kept:
        assert kept.size == (1067, 1600) and not kept.getexif()
        assert "comment" not in kept.info and "exif" not in kept.info
    assert b"Testcam" not in picture.data and b"Quorvandelle" not in picture.data
    # base64 and all, a picture is far inside one sync request
    answer = picture.answer()
    assert picture_problem(answer) is None
    assert len(answer["data"]) < MAX_BODY_BYTES // 4


def test_a_png_with_transparency_and_text_chunks_is_kept_as_a_plain_jpeg() -> None:
    image = Image.new("RGBA", (400, 300), (255, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Quorvandelle")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    picture = prepare_picture(out.getvalue())
    assert (picture.width, picture.height) == (400, 300)  # never made larger
    assert b"Quorvandelle" not in picture.data
    with Image.open(io.BytesIO(picture.data)) as kept:
        assert kept.getpixel((10, 10)) in {(255, 255, 255), (254, 255, 255), (255, 255, 254)}


@pytest.mark.parametrize("raw", [b"", b"%PDF-1.7 not a picture", b"\xff\xd8\xff broken jpeg"])
def test_what_is_not_a_picture_is_refused_in_words(raw: bytes) -> None:
    with pytest.raises(PictureRefused) as refused:
        prepare_picture(raw)
    assert refused.value.message == NOT_A_PICTURE


def test_a_huge_picture_or_file_is_refused_in_words(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 8_000)).save(out, "PNG")  # 80 million pixels, a small file
    with pytest.raises(PictureRefused, match="too large to take"):
        prepare_picture(out.getvalue())
    big = tmp_path / "scan.tif"
    with big.open("wb") as handle:
        handle.truncate(41 * 1024 * 1024)
    with pytest.raises(PictureRefused, match=r"too large \(41 MB; at most 40 MB\)"):
        read_picture_file(big)
    with pytest.raises(PictureRefused, match="could not read this file"):
        read_picture_file(tmp_path / "gone.jpg")


def test_a_stored_picture_answer_is_checked_and_shown_in_words() -> None:
    registry = load_folder(SHIPPED_FORMS).registry
    form = registry.latest("three_houses")
    drawing = next(f for f in form.all_fields() if f.id == "drawing")
    good = prepare_picture(noisy_photo(200, 100)).answer()
    assert display_value(drawing, good) == "A picture is attached (200 × 100 pixels)."
    base = {"date": "2026-11-30", "how_done": "drawing", "house_of_worries": "x",
            "house_of_good_things": "y", "house_of_dreams": "z"}
    assert validate_answers(form, {**base, "drawing": good}) == {}
    for bad in ({**good, "data": base64.b64encode(b"GIF89a....").decode()},
                {**good, "width": LONGEST_SIDE + 1}, {**good, "extra": 1}, "a picture"):
        problems = validate_answers(form, {**base, "drawing": bad})
        assert problems == {"drawing": "This picture could not be read; choose it again."}
    missing = validate_answers(form, {**base, "house_of_worries": " "})
    assert missing == {"house_of_worries": "Please answer this question."}


def test_the_demo_fills_a_required_picture_with_a_synthetic_one() -> None:
    from random import Random

    from app.demo.form_fill import generic_answer
    from app.forms.definition import Field

    answer = generic_answer(Field("drawing", "picture", "Drawing", required=True), {}, {},
                            Random(7))
    assert picture_problem(answer) is None and (answer["width"], answer["height"]) == (320, 240)
