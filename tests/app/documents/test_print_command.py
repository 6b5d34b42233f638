"""``hearth print``: a PDF for a family's document, large print, a web page, and
one-line errors (no data, no such family, bad arguments, a folder that is not there).
A plan, its large print copy, a warning and a web page are printed by a real
subprocess; what the command says for each mistake is seen by running its main in
this process (``hearth_here``, tests/app/cli_in_process.py: a process costs seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.store.caseload_store import Profile, Store
from tests.app.cli_in_process import Hearth, Ran
from tests.builders import SYNTHETIC_PASSPHRASE as PASSPHRASE
from tests.builders import add_numbered_plan, small_family
from tests.html_reading import read_html
from tests.pdf_text import assert_page_furniture, read_pdf

ROOT = Path(__file__).resolve().parents[3]


def hearth(*args: str, passphrase: str | None = PASSPHRASE) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_PASSPHRASE"}
    if passphrase is not None:
        env["HEARTH_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def here(hearth_here: Hearth, *args: str, passphrase: str | None = PASSPHRASE) -> Ran:
    """The command run in this process, given ``passphrase`` as :func:`hearth` gives it."""
    return hearth_here(*args, env={} if passphrase is None else {"HEARTH_PASSPHRASE": passphrase})


def one_line_error(result: subprocess.CompletedProcess[str] | Ran, status: int = 1) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hearth: ")
    return lines[0]


def test_print_a_plan_and_a_large_print_copy(
    store: Store, store_dir: Path, profile: Profile, tmp_path: Path
) -> None:
    fam = small_family(store, profile)
    texts = add_numbered_plan(store, profile, fam, 12)
    store.close()  # the command opens the store itself
    out = tmp_path / "plan.pdf"
    result = hearth("print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "plan", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"for family {fam.reference}" in result.stdout and str(out) in result.stdout
    pdf = read_pdf(out.read_bytes())
    assert_page_furniture(pdf, fam.reference, "Made from a record not yet synced")
    for text in texts:
        assert text in pdf.text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    large = tmp_path / "plan-large.pdf"
    result = hearth("print", "--store", str(store_dir), "--family", fam.reference.lower(),
                    "--document", "plan", "--out", str(large), "--large-print")
    assert result.returncode == 0, result.stderr
    assert "large print" in result.stdout
    assert read_pdf(large.read_bytes()).page_count > pdf.page_count


def test_a_missing_document_is_a_one_line_error(
    store: Store, store_dir: Path, profile: Profile, tmp_path: Path, hearth_here: Hearth
) -> None:
    fam = small_family(store, profile)
    store.close()
    out = tmp_path / "ehat.pdf"
    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "ehat", "--out", str(out))
    line = one_line_error(result)
    assert line == f"hearth: Family {fam.reference} has no completed EHAT to print."
    assert not out.exists()

    result = here(hearth_here, "print", "--store", str(store_dir), "--family", "EH-424242",
                    "--document", "consent", "--out", str(out))
    assert "no family with the reference EH-424242" in one_line_error(result)


def test_bad_arguments_and_places(store: Store, store_dir: Path, profile: Profile,
                                  tmp_path: Path, hearth_here: Hearth) -> None:
    fam = small_family(store, profile)
    store.close()
    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "letter", "--out", str(tmp_path / "x.pdf"))
    assert "invalid choice" in one_line_error(result, status=2)
    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "consent")
    assert "--out" in one_line_error(result, status=2)
    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "consent", "--out", str(tmp_path / "nowhere" / "x.pdf"))
    assert "does not exist" in one_line_error(result)
    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "consent", "--out", str(tmp_path / "x.pdf"), passphrase=None)
    assert "no passphrase given" in one_line_error(result)
    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "consent", "--out", str(tmp_path / "x.pdf"),
                    passphrase="not-the-passphrase-at-all")
    assert "passphrase is not right" in one_line_error(result)
    assert not (tmp_path / "x.pdf").exists()


def test_help_lists_the_documents(hearth_here: Hearth) -> None:
    result = here(hearth_here, "print", "--help")
    assert result.returncode == 0
    for name in ("consent", "plan", "ehat", "gcp2", "sos", "review", "closure", "chronology"):
        assert name in result.stdout
    assert "--large-print" in result.stdout


def test_print_warns_of_a_character_it_cannot_print_by_its_code_only(
    store: Store, store_dir: Path, profile: Profile, tmp_path: Path
) -> None:
    from sqlalchemy import update

    from db.models import Person

    fam = small_family(store, profile)
    add_numbered_plan(store, profile, fam, 2)
    store.run(lambda session: session.execute(
        update(Person).where(Person.id == fam.child_id).values(given_name="Skye\U0001fae0")))
    store.close()
    out = tmp_path / "plan.pdf"
    result = hearth("print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "plan", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()
    assert result.stderr.startswith("warning: This character cannot be printed")
    assert "U+1FAE0" in result.stderr
    assert "Skye" not in result.stderr and "\U0001fae0" not in result.stderr
    assert "Skye\ufffd" in read_pdf(out.read_bytes()).text


def test_print_a_plan_as_a_web_page(
    store: Store, store_dir: Path, profile: Profile, tmp_path: Path, hearth_here: Hearth
) -> None:
    fam = small_family(store, profile)
    texts = add_numbered_plan(store, profile, fam, 3)
    store.close()
    out = tmp_path / "plan.html"
    result = hearth("print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "plan", "--format", "html", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "web page" in result.stdout and str(out) in result.stdout
    page = read_html(out.read_text(encoding="utf-8"))
    assert page.lang == "en-GB" and fam.reference in page.title
    assert page.headings[0][0] == "h1"
    for text in texts:
        assert text in page.text
    assert "Made from a record not yet synced" in page.text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "plan", "--format", "word", "--out", str(out))
    assert "--format" in one_line_error(result, status=2)
    result = here(hearth_here, "print", "--store", str(store_dir), "--family", fam.reference,
                    "--document", "plan", "--format", "html", "--out", str(tmp_path))
    assert one_line_error(result).endswith(f"give a file name for the web page, "
                                           f"e.g. {tmp_path}/plan.html.")
