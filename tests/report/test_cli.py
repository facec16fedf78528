"""`voicehist report` and `voicehist sensitive` run for real (subprocess) on exports built at test time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.importers.helpers import make_zip
from tests.importers.test_alexa_archive import export_files
from tests.importers.test_alexa_json_google import english_takeout
from tests.report.fixture_db import HOSTILE

REPO = Path(__file__).resolve().parents[2]


def vh(*args: str, db: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "voicehist", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


class _Cells(HTMLParser):
    """Text of the element with id ``want`` (a table: its rows of cells)."""

    def __init__(self, want: str) -> None:
        super().__init__()
        self.want, self.depth, self.rows = want, 0, []  # type: ignore[var-annotated]
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if dict(attrs).get("id") == self.want:
            self.depth = 1
        elif self.depth:
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif self.depth and tag in ("table", "b"):
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth and self.cell is not None:
            self.cell.append(data)
        elif self.depth and not self.rows:
            self.rows.append([data.strip()])


def cells(page: str, element_id: str) -> list[list[str]]:
    p = _Cells(element_id)
    p.feed(page)
    return p.rows


@pytest.fixture
def unseen_db(tmp_path: Path) -> Path:
    """Two exports voicehist has not seen (an Alexa archive with every odd case, a Google Takeout), imported,
    scored, and one decision of the user's each way."""
    db = tmp_path / "unseen.db"
    alexa = make_zip(tmp_path / "Alexa.zip", export_files())
    google = make_zip(tmp_path / "takeout.zip", english_takeout())
    vh("import", str(alexa), str(google), db=db, ok=False)  # exit 1: the archive has deliberate problems
    vh("flag", "--auto", db=db)
    clips = json.loads(vh("list", "--json", db=db).stdout)["clips"]
    flagged = [c for c in clips if c["flagged"]]
    kept = [c for c in clips if not c["flagged"]]
    assert flagged and kept
    vh("flag", "--clear", str(flagged[0]["number"]), db=db)
    vh("flag", "--set", str(kept[0]["number"]), db=db)
    return db


def test_html_totals_equal_list_json(unseen_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    vh("report", "--format", "html", "-o", str(out), db=unseen_db)
    assert out.stat().st_mode & 0o777 == 0o600
    page = out.read_text(encoding="utf-8")
    listed = json.loads(vh("list", "--json", db=unseen_db).stdout)
    clips = listed["clips"]
    assert int(cells(page, "total-clips")[0][0]) == listed["total"] == len(clips)
    assert int(cells(page, "total-accidental")[0][0]) == sum(1 for c in clips if c["flagged"] is True)
    by_device = {row[0]: int(row[1]) for row in cells(page, "by-device")[1:]}
    expected = Counter(c["device"] or "(no device)" for c in clips)
    assert by_device == dict(expected)
    by_vendor = {row[0]: int(row[1]) for row in cells(page, "by-vendor")[1:]}
    assert by_vendor == dict(Counter(c["vendor"] for c in clips))
    acc_rows = {row[0]: int(row[3]) for row in cells(page, "acc-device")[1:]}
    expected_acc = dict.fromkeys(expected, 0)
    expected_acc.update(Counter(c["device"] or "(no device)" for c in clips if c["flagged"] is True))
    assert acc_rows == expected_acc
    assert page.count("<svg") == 3 and "<script" not in page


def test_filters_are_those_of_list(unseen_db: Path) -> None:
    doc = json.loads(vh("report", "--json", "--vendor", "google", db=unseen_db).stdout)
    listed = json.loads(vh("list", "--json", "--vendor", "google", db=unseen_db).stdout)
    assert doc["clips"] == listed["total"] > 0
    assert doc["filter"] == {"vendor": "google"}
    assert doc["accidental"]["total"] == sum(1 for c in listed["clips"] if c["flagged"] is True)


def test_pdf_file_and_formats(fixture_db_path: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = tmp_path / "report.pdf"
    pdf.write_text("old")
    pdf.chmod(0o644)
    kept = vh("report", "-o", str(pdf), db=fixture_db_path, ok=False)  # never replaced without --force
    assert kept.returncode == 2 and "--force" in kept.stderr and pdf.read_text() == "old"
    vh("report", "-o", str(pdf), "--force", db=fixture_db_path)  # the suffix picks the format
    assert pdf.stat().st_mode & 0o777 == 0o600  # the new file is private
    text = " ".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    assert "4 of 9 clips count as accidental" in re.sub(r"\s+", " ", text)
    bad = vh("report", "--format", "pdf", db=fixture_db_path, ok=False)
    assert bad.returncode == 2 and "-o" in bad.stderr and "Traceback" not in bad.stderr
    md = vh("report", "--format", "md", db=fixture_db_path).stdout
    assert md.startswith("# Voice history report") and "&lt;script&gt;" in md and HOSTILE not in md
    text_out = vh("report", db=fixture_db_path).stdout
    assert "9 clips over 48 days" in text_out
    assert max(len(line) for line in text_out.splitlines()) <= 80


def test_bad_output_paths_are_clear_errors(fixture_db_path: Path, tmp_path: Path) -> None:
    missing = vh("report", "-o", str(tmp_path / "no" / "such" / "r.html"), db=fixture_db_path, ok=False)
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "internal" not in missing.stderr
    odd = vh("report", "-o", str(tmp_path / "r.docx"), db=fixture_db_path, ok=False)
    assert odd.returncode == 2 and ".pdf" in odd.stderr
    assert not (tmp_path / "r.docx").exists()
    vh("report", "--format", "md", "-o", str(tmp_path / "r.docx"), db=fixture_db_path)  # --format says it
    assert (tmp_path / "r.docx").read_text().startswith("# Voice history report")


def test_empty_database(tmp_path: Path) -> None:
    from voicehist.store import open_db

    open_db(tmp_path / "empty.db").close()  # a database with nothing imported yet
    out = vh("report", db=tmp_path / "empty.db").stdout
    assert "holds no clips" in out
    missing = vh("report", db=tmp_path / "nothing-here.db", ok=False)
    assert missing.returncode == 2 and "no database" in missing.stderr and not (tmp_path / "nothing-here.db").exists()


def test_sensitive_json(fixture_db_path: Path) -> None:
    doc = json.loads(vh("sensitive", "--json", db=fixture_db_path).stdout)
    assert set(doc) == {"findings"}
    first = doc["findings"][0]
    assert {"clip", "category", "words", "source", "start", "end"} <= set(first)
    assert [(x["clip"], x["category"], x["source"]) for x in doc["findings"]] == [
        ("c2", "phone", "local"),
        ("c5", "secret", "local"),
        ("c5", "health", "local"),
        ("c5", "health", "local"),
        ("c8", "person", "vendor"),
        ("c8", "phone", "vendor"),
    ]
    only = json.loads(vh("sensitive", "--json", "--category", "phone", "--device", "Kitchen Echo",
                         db=fixture_db_path).stdout)  # fmt: skip
    assert [x["words"] for x in only["findings"]] == ["five five five one two three four", "206-555-0188"]
    table = vh("sensitive", db=fixture_db_path).stdout
    assert "#5" in table and "diabetes" in table and "6 finding(s) in 3 clip(s)" in table
