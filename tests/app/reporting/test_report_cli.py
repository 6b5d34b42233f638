"""``hearth report`` on the seeded store: a CSV report written by a real subprocess; the
other formats, one worker's report and the mistakes by running the command's main in this
process (``hearth_here``, tests/app/cli_in_process.py: a process costs seconds)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from app.dates import uk
from app.store.caseload_store import Store
from tests.app.cli.test_cli import assert_one_clear_error, hearth
from tests.app.cli_in_process import Hearth
from tests.app.reporting.conftest import PERIOD, Seeded
from tests.builders import SYNTHETIC_PASSPHRASE

ENV = {"HEARTH_PASSPHRASE": SYNTHETIC_PASSPHRASE}
DATES = ("--from", uk(PERIOD.start), "--to", uk(PERIOD.end))


def test_report_writes_each_format(
    store: Store, store_dir: Path, seeded: Seeded, tmp_path: Path, hearth_here: Hearth
) -> None:
    store.close()
    for fmt in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"report.{fmt}"
        run = hearth if fmt == "csv" else hearth_here  # one real process is enough
        result = run("report", "--store", str(store_dir), *DATES, "--format", fmt,
                     "--out", str(out), env=ENV)
        assert result.returncode == 0, result.stderr
        assert f"to {out} ({fmt})" in result.stdout
    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text())))
    step = next(r for r in rows if r["Row"] == "Step ups without a completed EHAT before")
    assert step["Value"] == "1" and step["Family references"] == seeded.refs["C"]
    book = load_workbook(tmp_path / "report.xlsx")
    assert "Definitions" in book.sheetnames and "plan_actions" in book.sheetnames
    pdf = PdfReader(tmp_path / "report.pdf")
    assert "Team report" in (pdf.pages[0].extract_text() or "")


def test_report_for_one_worker(
    store: Store, store_dir: Path, seeded: Seeded, tmp_path: Path, hearth_here: Hearth
) -> None:
    store.close()
    out = tmp_path / "mine.csv"
    result = hearth_here("report", "--store", str(store_dir), *DATES,
                         "--worker", "sam.otherworker", "--format", "csv", "--out", str(out),
                         env=ENV)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    total = next(r for r in rows if (r["Figure id"], r["Row"]) == ("open_by_level", "Total"))
    assert sorted(total["Family references"].split()) == sorted(
        seeded.refs[x] for x in "BEI")


def test_report_mistakes_are_one_line(store: Store, store_dir: Path, tmp_path: Path,
                                      hearth_here: Hearth) -> None:
    store.close()
    bad_date = hearth_here("report", "--store", str(store_dir), "--from", "31/02/2026", "--to",
                           "01/03/2026", "--format", "csv", "--out", str(tmp_path / "x"), env=ENV)
    assert bad_date.returncode == 2
    assert_one_clear_error(bad_date, "date")
    backwards = hearth_here("report", "--store", str(store_dir), "--from", "02/03/2026",
                            "--to", "01/03/2026", "--format", "csv", "--out",
                            str(tmp_path / "x"), env=ENV)
    assert backwards.returncode == 1
    assert_one_clear_error(backwards, "ends before it starts")
    level = hearth_here("report", "--store", str(store_dir), *DATES, "--level", "high",
                        "--format", "csv", "--out", str(tmp_path / "x"), env=ENV)
    assert level.returncode == 1
    assert_one_clear_error(level, "no level of need 'high'", "early_help")
    assert not (tmp_path / "x").exists()
