"""Issue 20, findings 4, 6 and 7: bad command-line input is a plain error (exit 2), never exit 70; bad --db
targets are refused before SQLite touches them; nothing from the data reaches the screen as terminal control."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.attack.exports import HOSTILE_TEXT, RAW_UNSAFE, table
from voicehist.cli import cli
from voicehist.cli.common import run_guarded

BIG = str(2**63)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database imported from a table whose device names and transcripts carry escapes and bidi controls."""
    from voicehist.importers import import_paths
    from voicehist.store import open_db

    root = tmp_path_factory.mktemp("hostile")
    device = HOSTILE_TEXT.replace(",", " ")
    export = table(root / "export", [f"2020-01-01T00:00:00Z,{device},{HOSTILE_TEXT},u1",
                                     "2020-01-02T00:00:00Z,Echo,call bob at bob@example.com,u2"])  # fmt: skip
    db = open_db(root / "v.db")
    try:
        assert import_paths(db, [export]).new == 2
    finally:
        db.close()
    return root / "v.db"


def vh(capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capfd.readouterr()
    code = run_guarded(cli, list(args))
    out, err = capfd.readouterr()
    return code, out, err


BAD_INPUT = [
    ["show", BIG],
    ["show", "99999999999999999999999999999"],
    ["show", "²"],
    ["flag", "--set", BIG],
    ["forget", BIG, "--yes"],
    ["list", "--limit", BIG],
    ["search", "hi", "--limit", BIG],
    ["transcribe", "--limit", BIG],
    ["request", "--vendor", "amazon", "--law", "gdpr", "--ids", BIG, "--dry-run"],
    ["requests", "mark", BIG, "sent"],
    ["list", "--since", "9999-12-31"],
    ["list", "--until", "9999-12-31"],
    ["list", "--since", "100000y"],
    ["list", "--since", "99999999999999999999d"],
    ["export", "--since", "9999-12-31"],
    ["import", "/"],
    ["import", ""],
    *[
        [
            "request",
            "--vendor",
            "amazon",
            "--law",
            "gdpr",
            "--ids",
            "1",
            "--format",
            "eml",
            "--name",
            "A",
            "--email",
            email,
            "--dry-run",
        ]  # fmt: skip
        for email in ("a@b, c@d", "not-an-email", "jö@exämple.com", "a@example.com\nBcc: x@y.z")
    ],
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=lambda a: " ".join(a)[:60])
def test_bad_input_is_exit_2(args: list[str], hostile_db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    code, out, err = vh(capfd, *args, "--db", str(hostile_db))
    assert code == 2, (code, err)
    assert "internal error" not in err and "Traceback" not in err and err.strip()


def test_request_day_out_of_range(hostile_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "v.db"
    db.write_bytes(hostile_db.read_bytes())
    code, _, err = vh(capfd, "request", "--vendor", "amazon", "--law", "gdpr", "--ids", "1", "--name", "A",
                      "--email", "a@example.com", "--db", str(db))  # fmt: skip
    assert code == 0, err
    assert vh(capfd, "requests", "mark", "1", "sent", "--on", "9999-12-31", "--db", str(db))[0] == 2
    assert vh(capfd, "requests", "mark", "1", "sent", "--on", "2026-01-05", "--db", str(db))[0] == 0
    for args in (["requests"], ["report"]):
        assert vh(capfd, *args, "--db", str(db))[0] == 0


def test_bad_db_targets(tmp_path: Path, capfd: pytest.CaptureFixture[str], hostile_db: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    dangling = tmp_path / "dangling.db"
    dangling.symlink_to(tmp_path / "nowhere.db")
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    journal = Path("/dev/null-journal")
    before = journal.stat().st_mtime_ns if journal.exists() else None
    for target in ("/dev/null", str(fifo), str(dangling), str(damaged)):
        for args in (["list"], ["search", "hi"], ["import", str(tmp_path)]):
            code, out, err = vh(capfd, *args, "--db", target)
            assert code == 2, (target, args, code, err)
            assert "internal error" not in err
    assert not (tmp_path / "nowhere.db").exists()
    assert (journal.stat().st_mtime_ns if journal.exists() else None) == before  # never written by voicehist

    # a database that lost its full-text index: rebuilt on the next writable open; search works again
    import sqlite3

    db = tmp_path / "nofts.db"
    db.write_bytes(hostile_db.read_bytes())
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE clips_fts")
    conn.commit()
    conn.close()
    code, out, err = vh(capfd, "search", "bob", "--json", "--db", str(db))
    assert code == 0, err
    assert [c["number"] for c in json.loads(out)["clips"]] == [2]


SCREEN = [
    ["export"],
    ["export", "--format", "json"],
    ["list"],
    ["list", "--json"],
    ["show", "1"],
    ["show", "1", "--json"],
    ["search", "hi"],
    ["sensitive"],
    ["sensitive", "--json"],
    ["report"],
    ["report", "--format", "md"],
    ["report", "--format", "html"],
]


@pytest.mark.parametrize("args", SCREEN, ids=" ".join)
def test_no_raw_control_reaches_the_screen(
    args: list[str], hostile_db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, err = vh(capfd, *args, "--db", str(hostile_db))
    assert code in (0, 1), err
    for ch in RAW_UNSAFE:
        assert ch not in out + err, (args, hex(ord(ch)))
    if ("--json" in args or "json" in args) and args[0] != "sensitive":  # still the same data once parsed
        assert HOSTILE_TEXT in _strings(json.loads(out))


def _strings(doc: object) -> list[str]:
    if isinstance(doc, str):
        return [doc]
    if isinstance(doc, dict):
        return [s for v in doc.values() for s in _strings(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in _strings(v)]
    return []


def test_report_html_file_has_no_raw_control(
    hostile_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    assert vh(capfd, "report", "-o", str(out), "--db", str(hostile_db))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "\\ESC" in text and not any(ch in text for ch in RAW_UNSAFE)
