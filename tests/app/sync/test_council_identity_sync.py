"""The council's identity travels the real way: the administrator loads it with
``hearth-server load-reference`` (its logo a file beside the JSON), a device fetches it as
it syncs, and the next document printed there carries it: name, address, phones, the
privacy notice and the logo (an image in the PDF), with the worker's own contact details.
All of it synthetic."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from app.documents.catalogue import load_document, render_document
from app.documents.layout.document_info import RenderOptions
from app.reference.worker_contact import WorkerContact, save_worker_contact
from app.store.paths import config_folder
from server import cli as server_cli
from tests.app.sync.devices import Device, Service
from tests.builders import add_numbered_plan, small_family
from tests.council_files import COUNCIL_NAME, PRIVACY, council_data, write_council
from tests.pdf_text import read_pdf


def page_images(content: bytes, page: int = 0) -> list[str]:
    """The names of the image XObjects drawn on a page."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    xobjects = reader.pages[page]["/Resources"].get("/XObject", {})
    return [name for name, ref in xobjects.items() if ref.get_object()["/Subtype"] == "/Image"]


def test_the_identity_loaded_on_the_service_is_on_the_next_document_a_device_prints(
    service: Service, device: Callable[[str, str], Device], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "council"
    write_council(folder)
    reference = folder / "reference.json"
    reference.write_text(json.dumps({"council": council_data()}), encoding="utf-8")
    monkeypatch.setenv("HEARTH_DATABASE_URL", f"sqlite:///{tmp_path / 'server.db'}")
    assert server_cli.main(["load-reference", str(reference)]) == 0
    assert "Loaded council." in capsys.readouterr().out

    robin = device("robin", "robin")
    family = small_family(robin.store, robin.actor)
    add_numbered_plan(robin.store, robin.actor, family, 3)
    robin.run(save_worker_contact, robin.actor,
              WorkerContact("01632 960123", "robin@northshire.example.gov.uk"))
    before = robin.run(load_document, robin.actor, family.reference, "plan")
    assert before.letterhead.council.name == "Your local council"

    report = robin.sync()
    assert "name and contact details" in report.reference_changed
    assert report.reference_problems == ()
    assert (config_folder() / "council.json").is_file()

    printable = robin.run(load_document, robin.actor, family.reference, "plan")
    for large_print in (False, True):
        content = render_document("plan", printable, RenderOptions(large_print=large_print))
        pdf = read_pdf(content)
        first, text = pdf.pages[0], pdf.text
        assert COUNCIL_NAME in first and "Phone 01632 960000" in first
        assert "Town Hall, High Street, Northtown NT1 1AA" in (text if large_print else first)
        assert page_images(content, 0), "the logo is not on the first page"
        assert all(not page_images(content, n) for n in range(1, pdf.page_count))
        assert "Contact" in pdf.outline
        for said in ("Your worker", "Robin Synthetic", "Phone 01632 960123",
                     "Email robin@northshire.example.gov.uk", "Phone 01632 960000",
                     "Early help team 01632 960001", PRIVACY,
                     "www.northshire.example.gov.uk/privacy"):
            assert said in text, said
