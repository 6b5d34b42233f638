"""The council's identity on documents: read from council.json in the configuration
folder (a logo file beside it), installed from the service, a neutral default without
one, and every mistake said with the file's name, the identity read before kept."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.reference.contact_checks import email_problem, phone_problem, web_problem
from app.reference.council_config import install_reference, reference_problems
from app.reference.council_identity import (
    DEFAULT_IDENTITY,
    GENERAL_PRIVACY,
    LAST_GOOD_FILE_NAME,
    council_identity,
    embed_logo,
)
from app.reference.council_logo import MAX_LOGO_BYTES, LogoProblem, logo_from_bytes
from app.store.paths import config_folder
from tests.council_files import COUNCIL_NAME, PRIVACY, council_data, logo_png, write_council


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), (31, 78, 121)).save(out, "GIF")
    return out.getvalue()


def test_without_a_file_documents_carry_a_neutral_identity_that_is_no_real_council() -> None:
    loaded = council_identity()
    assert loaded.problem == ""
    assert loaded.identity is DEFAULT_IDENTITY
    identity = loaded.identity
    assert identity.name == "Your local council" and not identity.supplied
    assert identity.logo is None and identity.phone == "" and identity.address == ()
    assert identity.privacy_notice == GENERAL_PRIVACY


def test_a_councils_file_with_its_logo_is_read_from_the_configuration_folder() -> None:
    write_council(config_folder())
    loaded = council_identity()
    assert loaded.problem == ""
    identity = loaded.identity
    assert identity.name == COUNCIL_NAME and identity.supplied
    assert identity.address == ("Town Hall", "High Street", "Northtown NT1 1AA")
    assert (identity.phone, identity.team_phone) == ("01632 960000", "01632 960001")
    assert identity.privacy_notice == PRIVACY
    assert identity.privacy_url.endswith("/privacy")
    assert identity.logo is not None and identity.logo.media_type == "image/png"
    assert (identity.logo.width, identity.logo.height) == (480, 160)


def _problem_after(data: Any, logo: bytes | None = None) -> str:
    path = write_council(config_folder(), data, logo=logo)
    problem = council_identity().problem
    assert problem.startswith(f"{path}: "), problem  # the file is named first
    assert "Traceback" not in problem
    return problem


@pytest.mark.parametrize(("data", "logo", "said"), [
    (council_data(name=None), None, "the council's name is missing"),
    (council_data(name="  "), None, "the council's name is missing"),
    (council_data(name=42), None, "name must be text in quotes, not a number"),
    (council_data(phone=1632960000), None, "phone must be text in quotes, not a number"),
    (council_data(phone="call the town hall"), None, "phone: a phone number has only digits"),
    (council_data(email="earlyhelp at northshire"), None, "email: an email address looks like"),
    (council_data(address=12), None, "address must be a list of lines"),
    (council_data(privacy_notice="x" * 1300), None, "privacy_notice is 1300 characters"),
    (council_data(phone_number="01632 960000"), None, "unknown field phone_number"),
    (council_data(), logo_png((400, 400), noise=True), "it must be at most 256 KB"),
    (council_data(), logo_png()[:300], "the logo image is damaged and cannot be read"),
    (council_data(), b"GIF89a" + b"\0" * 64, "the logo is not a PNG or JPEG image"),
    (council_data(), _gif(), "the logo is a GIF image; it must be PNG or JPEG"),
    (council_data(), logo_png((8, 8)), "each side must be 16 to 4000 pixels"),
    (council_data(logo="missing.png"), b"", "the logo file missing.png cannot be read"),
    ([COUNCIL_NAME], None, "it must be a JSON object"),
])
def test_each_mistake_is_said_with_the_file_and_the_identity_before_stays(
    data: Any, logo: bytes | None, said: str
) -> None:
    write_council(config_folder())
    assert council_identity().identity.name == COUNCIL_NAME  # read well once
    problem = _problem_after(data, logo)
    assert said in problem
    assert "read before are used until it is put right" in problem
    assert council_identity().identity.name == COUNCIL_NAME  # the last good identity


def test_the_last_good_identity_is_kept_beside_the_file_logo_and_all() -> None:
    """A copy outlives the session (Hearth restarted with a broken file still uses it)
    and holds the logo itself, so a logo file deleted since is no loss."""
    write_council(config_folder())
    council_identity()
    copy = json.loads((config_folder() / LAST_GOOD_FILE_NAME).read_text(encoding="utf-8"))
    assert copy["name"] == COUNCIL_NAME and copy["logo"].startswith("data:image/png;base64,")
    (config_folder() / "council-logo.png").unlink()
    loaded = council_identity()
    assert "the logo file council-logo.png cannot be read" in loaded.problem
    assert loaded.identity.name == COUNCIL_NAME and loaded.identity.logo is not None
    assert loaded.identity.privacy_notice == PRIVACY


def test_a_file_that_was_never_good_leaves_the_neutral_identity_and_says_why() -> None:
    path = config_folder() / "council.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    loaded = council_identity()
    assert loaded.identity is DEFAULT_IDENTITY
    assert loaded.problem.startswith(f"{path}: is not valid JSON")
    assert "general council identity until it is put right" in loaded.problem
    path.write_bytes(b"\xff\xfe{")
    assert "is not UTF-8 text" in council_identity().problem


def test_a_file_put_right_is_used_at_once() -> None:
    _problem_after(council_data(name=None))
    write_council(config_folder())
    assert council_identity().problem == ""
    assert council_identity().identity.name == COUNCIL_NAME


def test_the_service_stores_the_logo_itself_and_devices_install_it() -> None:
    folder = config_folder().parent / "admin"
    write_council(folder)
    sent = embed_logo(council_data(), folder)
    assert sent["logo"].startswith("data:image/png;base64,")
    assert reference_problems({"council": sent}) == []
    # A file name means nothing on a device: the service sends the image itself.
    assert "the logo must be the image itself" in reference_problems(
        {"council": council_data()})[0]
    installed = install_reference({"council": sent})
    assert installed.changed == ["name and contact details"] and installed.problems == []
    stored = json.loads((config_folder() / "council.json").read_text(encoding="utf-8"))
    assert stored == sent
    identity = council_identity().identity
    assert identity.name == COUNCIL_NAME and identity.logo is not None
    # A damaged identity from the service is refused; the installed one stays.
    broken = {**sent, "logo": "data:image/png;base64,AAAA", "phone": []}
    installed = install_reference({"council": broken})
    assert installed.changed == []
    assert installed.problems == [
        "council: phone must be text in quotes, not a list; the logo is not a PNG or JPEG "
        "image"]
    assert json.loads((config_folder() / "council.json").read_text(encoding="utf-8")) == sent


def test_a_logo_too_large_is_refused_before_it_is_read() -> None:
    with pytest.raises(LogoProblem, match="at most 256 KB"):
        logo_from_bytes(b"\x89PNG" + os.urandom(MAX_LOGO_BYTES))
    assert logo_from_bytes(logo_png()).aspect == 3.0


def test_embedding_a_logo_file_that_is_not_there_says_which(tmp_path: Path) -> None:
    with pytest.raises(LogoProblem, match="the logo file gone.png cannot be read"):
        embed_logo(council_data(logo="gone.png"), tmp_path)


@pytest.mark.parametrize("phone", ["01632 960123", "+44 1632 960123", "(01632) 960-123",
                                   "01632 960123 ext 45", "01632 960123 x45", ""])
def test_phone_numbers_people_write_pass(phone: str) -> None:
    assert phone_problem(phone) == ""


@pytest.mark.parametrize("phone", ["0163 two", "12345", "01632 960123 960123 960123",
                                   "+44 (0) 1632 960123 or 960124"])
def test_phone_slips_are_caught(phone: str) -> None:
    assert phone_problem(phone).startswith("A phone number")


def test_email_and_web_checks() -> None:
    assert email_problem("sam.worker@northshire.example.gov.uk") == ""
    for bad in ("sam.worker", "sam worker@example.org", "sam@example", "@example.org"):
        assert email_problem(bad).startswith("An email address looks like"), bad
    assert web_problem("https://www.example.gov.uk/privacy") == ""
    assert web_problem("www.example.gov.uk") == ""
    assert web_problem("not a web address").startswith("A web address looks like")
