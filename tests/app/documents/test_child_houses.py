"""A three houses assessment prints as the child's own page: three drawn houses with the
child's words inside (in any script), the child's name and the date, and the child's
drawing on a page of its own; a tagged PDF whose figures say the words, in normal and
large print, and a web page copy that carries them. Real store, real PDFs read back;
every name and word is invented."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterator

import pikepdf
import pytest
from PIL import Image, ImageDraw

from app import dates
from app.documents.catalogue import load_document, render_document
from app.documents.family_facts import form_registry
from app.documents.layout.document_info import RenderOptions
from app.documents.web_page import render_with_web_page
from app.forms.loader import load_default
from app.forms.pictures import prepare_picture
from app.store.caseload_store import Profile, Store
from tests.app.documents.test_council_form_documents import complete, otterburns
from tests.app.documents.test_large_print import assert_no_small_text
from tests.pdf_accessibility import assert_tagged
from tests.pdf_text import read_pdf

TODAY = dates.today()
WORRIES = "When the big boys shout at the bus stop."
GOOD = "Our cat Biscuit, and swimming on Saturdays with Gran."
DREAMS_ARABIC = "أريد حديقة كبيرة"  # "I want a big garden"
DREAMS_CHINESE = "我想要一只小狗"  # "I want a puppy"


@pytest.fixture(autouse=True)
def fresh_forms() -> Iterator[None]:
    form_registry.cache_clear()
    yield
    form_registry.cache_clear()


def drawing() -> bytes:
    """A synthetic 'photo' of a child's drawing: a house in crayon colours, 2400 px wide."""
    image = Image.new("RGB", (2400, 1800), "white")
    pen = ImageDraw.Draw(image)
    pen.polygon([(300, 900), (800, 300), (1300, 900)], fill=(220, 40, 40))
    pen.rectangle([380, 900, 1220, 1600], fill=(40, 80, 220))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def houses_done(store: Store, profile: Profile, *, picture: bool = True) -> str:
    ids = otterburns(store, profile)
    registry = load_default().registry
    answers = {
        "date": (TODAY - dt.timedelta(days=2)).isoformat(), "how_done": "both",
        "house_of_worries": WORRIES, "house_of_good_things": GOOD,
        "house_of_dreams": f"{DREAMS_ARABIC}\n{DREAMS_CHINESE}",
        "worker_notes": "Ria smiled when she drew the cat.",
    }
    if picture:
        answers["drawing"] = prepare_picture(drawing()).answer()
    complete(store, profile, registry, ids.id, "three_houses", answers, child_id=ids["ria"])
    return ids.reference


def images_on_pages(content: bytes) -> list[int]:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return [number for number, page in enumerate(pdf.pages, 1) for _ in page.get_images()]


def test_the_childs_page_prints_houses_words_name_date_and_drawing(
    store: Store, profile: Profile
) -> None:
    reference = houses_done(store, profile)
    data = store.run(load_document, profile, reference, "assessments")
    made = render_with_web_page("assessments", data)
    pdf = read_pdf(made.pdf)
    text = unicodedata.normalize("NFKC", pdf.text)
    flat = " ".join(text.split())
    assert "Ria Otterburn's three houses" in flat and "Ria Otterburn's drawing" in flat
    for name in ("House of worries", "House of good things", "House of dreams"):
        assert name in flat
    assert WORRIES in flat and GOOD in flat and DREAMS_CHINESE in flat
    assert "Ria smiled when she drew the cat." in flat  # the rest of the answers too
    day = TODAY - dt.timedelta(days=2)
    assert f"Ria Otterburn · {day:%d/%m/%Y}" in flat
    # the drawing: one image, on its own page after the houses
    pages = images_on_pages(made.pdf)
    assert len(pages) == 1
    houses_page = next(i for i, page in enumerate(pdf.pages, 1) if "House of worries" in page)
    assert pages[0] > houses_page
    # tagged: each house a figure that says its words; the drawing described too
    tagged = assert_tagged(made.pdf, "three houses")
    alts = [node.alt for node in tagged.nodes if node.role == "Figure"]
    assert any("House of worries" in alt and WORRIES in alt for alt in alts)
    assert any(DREAMS_ARABIC in alt and DREAMS_CHINESE in alt for alt in alts)
    assert any("own drawing" in alt for alt in alts)
    # the web page copy carries the words
    for words in (WORRIES, GOOD, DREAMS_ARABIC, DREAMS_CHINESE):
        assert words in made.html


def test_large_print_houses_are_16_points_and_tagged(store: Store, profile: Profile) -> None:
    reference = houses_done(store, profile)
    data = store.run(load_document, profile, reference, "assessments")
    content = render_document("assessments", data, RenderOptions(large_print=True))
    assert_no_small_text("assessments", content)
    assert_tagged(content, "three houses, large print")
    flat = " ".join(read_pdf(content).text.split())
    assert WORRIES in flat and GOOD in flat
    assert len(images_on_pages(content)) == 1


def test_long_words_continue_in_a_house_on_the_next_page(store: Store, profile: Profile) -> None:
    ids = otterburns(store, profile)
    long_words = " ".join(f"Worry number {n} is about the dark." for n in range(1, 160))
    complete(store, profile, load_default().registry, ids.id, "three_houses", {
        "date": TODAY.isoformat(), "how_done": "told", "house_of_worries": long_words,
        "house_of_good_things": GOOD, "house_of_dreams": "A dog.",
    }, child_id=ids["ria"])
    data = store.run(load_document, profile, ids.reference, "assessments")
    content = render_document("assessments", data)
    pdf = read_pdf(content)
    flat = " ".join(pdf.text.split())
    assert "Worry number 1 is" in flat and "Worry number 159 is about the dark." in flat
    assert "House of worries, continued" in flat
    assert images_on_pages(content) == []  # no drawing attached, no drawing page
    tagged = assert_tagged(content, "a long house")
    worries = [n for n in tagged.nodes if n.role == "Figure" and "House of worries" in n.alt]
    assert len(worries) == 1  # both pieces are one figure
