"""Deadlines, the `request` / `requests` / `requests mark` commands, and what they store."""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicehist.cli import cli
from voicehist.cli.common import run_guarded
from voicehist.requests.deadlines import ack_due, answer_due
from voicehist.requests.tracking import timeline
from voicehist.store.requests import RequesterRecord, StoredRequest

D = _dt.date


@pytest.mark.parametrize(
    ("law", "received", "extended", "due"),
    [
        ("gdpr", D(2026, 1, 31), False, D(2026, 2, 28)),  # one month from 31 January: the last day of February
        ("gdpr", D(2028, 1, 31), False, D(2028, 2, 29)),  # ... in a leap year
        ("uk-gdpr", D(2024, 2, 29), False, D(2024, 3, 29)),
        ("gdpr", D(2026, 3, 31), False, D(2026, 4, 30)),
        ("gdpr", D(2026, 1, 31), True, D(2026, 4, 30)),  # extended: three months from receipt
        ("gdpr", D(2026, 11, 30), True, D(2027, 2, 28)),
        ("ccpa", D(2026, 1, 31), False, D(2026, 3, 17)),  # 45 calendar days
        ("ccpa", D(2026, 1, 31), True, D(2026, 5, 1)),  # 90
        ("ccpa", D(2027, 12, 20), False, D(2028, 2, 3)),
    ],
)
def test_answer_due(law: str, received: _dt.date, extended: bool, due: _dt.date) -> None:
    assert answer_due(law, received, extended) == due


def test_ccpa_acknowledgement_in_business_days() -> None:
    assert ack_due("ccpa", D(2026, 11, 20)) == D(2026, 12, 4)  # Friday: ten weekdays on
    assert ack_due("ccpa", D(2026, 11, 21)) == D(2026, 12, 7)  # Saturday: counts from Monday
    assert ack_due("ccpa", D(2026, 11, 22)) == D(2026, 12, 7)  # Sunday too
    assert ack_due("ccpa", D(2026, 11, 18)) == D(2026, 12, 2)  # Wednesday, across a weekend twice
    assert ack_due("gdpr", D(2026, 11, 20)) is None


def test_timeline_overdue() -> None:
    req = StoredRequest(
        id=1,
        vendor="amazon",
        law="gdpr",
        created_at="2026-01-30T10:00:00Z",
        access=False,
        requester=RequesterRecord(),
        format="txt",
        file=None,
        files=(),
        clips=3,
        sent_on="2026-01-31",
    )
    assert timeline(req, D(2026, 2, 28)).overdue is False
    t = timeline(req, D(2026, 3, 1))
    assert t.overdue is True and t.status == "sent" and t.answer_due == "2026-02-28"
    assert timeline(replace(req, extended_on="2026-02-20"), D(2026, 3, 1)).overdue is False
    assert timeline(replace(req, answered_on="2026-03-05"), D(2026, 6, 1)).overdue is False
    assert timeline(replace(req, sent_on=None), D(2027, 1, 1)).status == "not sent"


def run(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), catch_exceptions=False, standalone_mode=False)
    return (result.return_value if isinstance(result.return_value, int) else 0), result.stdout, result.stderr


def vh(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command as a user runs it (exit codes and error messages through run_guarded)."""
    rc = run_guarded(cli, list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_request_writes_stores_and_tracks(account_home: Path, tmp_path: Path, capsys) -> None:
    letter = tmp_path / "letter.html"
    rc, out, err = vh(
        capsys,
        "request",
        "--vendor",
        "alexa",
        "--law",
        "gdpr",
        "--ids",
        "1, #2",
        "--ids",
        "3",
        "--name",
        "Ann Example",
        "--email",
        "ann@example.org",
        "-o",
        str(letter),
    )
    assert rc == 0, err
    assert out == "" and "Request 1 stored: 3 Amazon clip(s) under GDPR" in err and "warning" not in err
    assert oct(letter.stat().st_mode & 0o777) == "0o600"
    html = letter.read_text()
    assert html.startswith("<!DOCTYPE html>") and "voicehist" not in html and "Before you send" not in html
    assert "voicehist requests mark 1 sent" in " ".join(err.split())  # the note: on the terminal, not in the letter
    rc, out, _ = vh(capsys, "requests", "--json")
    [r] = json.loads(out)["requests"]
    assert (r["id"], r["vendor"], r["law"], r["clips"], r["status"], r["sent"], r["answer_due"]) == (
        1,
        "amazon",
        "gdpr",
        [1, 2, 3],
        "not sent",
        None,
        None,
    )
    assert r["file"] == str(letter.resolve()) and r["files"] == [str(letter.resolve())] and r["clip_count"] == 3
    # the document's keys, in order: the Timeline's fields, then how many clips (a contract scripts rely on)
    assert list(r) == [
        "id", "vendor", "law", "clips", "created", "sent", "ack_due", "answer_due", "answered", "extended", "done",
        "status", "overdue", "file", "files", "cancelled", "followup", "complained", "access", "last_checked",
        "still_present", "gone", "unverifiable", "all_gone", "clip_count",
    ]  # fmt: skip

    rc, out, err = vh(capsys, "requests", "mark", "1", "answered")
    assert rc == 2 and "never marked sent" in err
    rc, out, _ = vh(capsys, "requests", "mark", "#1", "sent", "--on", "2026-01-31")
    assert rc == 0 and "answer due 2026-02-28" in out
    rc, out, _ = vh(capsys, "requests", "mark", "1", "extended", "--on", "2026-02-20", "--json")
    assert json.loads(out)["answer_due"] == "2026-04-30"
    rc, _, err = vh(capsys, "requests", "mark", "1", "extended")
    assert rc == 2 and "already extended" in err
    rc, _, err = vh(capsys, "requests", "mark", "1", "done")
    assert rc == 2 and "voicehist verify" in err
    rc, _, err = vh(capsys, "requests", "mark", "9", "sent")
    assert rc == 2 and "no request number 9" in err
    rc, _, err = vh(capsys, "requests", "mark", "1", "sent", "--on", "03/04/2026")
    assert rc == 2 and "ambiguous" in err
    rc, _, err = vh(capsys, "requests", "mark", "1", "sent", "--on", "2999-01-01")
    assert rc == 2 and "after today" in err
    rc, _, err = vh(capsys, "requests", "mark", "1", "sent", "--on", "tomorrow")
    assert rc == 2 and ("after today" in err or "cannot read" in err)
    rc, out, _ = vh(capsys, "requests", "mark", "1", "sent", "--on", "last month")  # like every date option
    first = (_dt.date.today().replace(day=1) - _dt.timedelta(days=1)).replace(day=1)
    assert rc == 0 and f"marked sent on {first.isoformat()} ('last month' read as its first day" in out
    vh(capsys, "requests", "mark", "1", "sent", "--on", "2026-01-31")

    # long past its (extended) deadline and unanswered: overdue, in the table too
    rc, out, _ = vh(capsys, "requests")
    assert rc == 0 and "OVERDUE" in out and "2026-04-30" in out
    rc, out, _ = vh(capsys, "requests", "mark", "1", "answered", "--on", "2026-03-01")
    rc, out, _ = vh(capsys, "requests", "--json")
    r = json.loads(out)["requests"][0]
    assert (r["status"], r["overdue"], r["answered"]) == ("answered", False, "2026-03-01")


def test_ccpa_request_shows_acknowledgement(account_home: Path, capsys) -> None:
    rc, out, err = vh(capsys, "request", "--vendor", "google", "--law", "ccpa", "--format", "txt")
    assert rc == 0 and "§1798.105" in out and "warning:" in err and "[your name]" in err
    vh(capsys, "requests", "mark", "1", "sent", "--on", "2026-11-21")
    rc, out, _ = vh(capsys, "requests", "--json")
    r = json.loads(out)["requests"][0]
    assert (r["ack_due"], r["answer_due"]) == ("2026-12-07", "2027-01-05")
    rc, out, _ = vh(capsys, "requests")
    assert "public holidays are not taken into account" in out


def test_requester_from_config(account_home: Path, capsys) -> None:
    cfg = account_home / "config" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('[requester]\nname = "Bo Config"\nemail = "bo@example.org"\njurisdiction = "UK"\n')
    rc, out, err = vh(capsys, "request", "--vendor", "amazon", "--dry-run", "--format", "txt")
    assert rc == 0 and "Bo Config" in out and "bo@example.org" in out and "UK GDPR" in out
    assert "[your name]" not in out and "Dry run" in err
    rc, out, _ = vh(capsys, "requests", "--json")
    assert json.loads(out)["requests"] == []  # a dry run stores nothing


def test_empty_selection_stores_nothing(account_home: Path, tmp_path: Path, capsys) -> None:
    out_file = tmp_path / "nothing.md"
    rc, out, err = vh(
        capsys, "request", "--vendor", "amazon", "--law", "gdpr", "--query", "zebrafinch", "-o", str(out_file)
    )
    assert rc == 2 and out == ""
    assert "no clips match this selection" in err and "nothing was stored" in err and "Traceback" not in err
    assert not out_file.exists()
    rc, out, err = vh(capsys, "request", "--vendor", "google", "--law", "gdpr", "--ids", "1")
    assert rc == 2 and "none of the 1 clip(s) this selection chooses is Google's" in err
    rc, out, _ = vh(capsys, "requests", "--json")
    assert json.loads(out)["requests"] == []


def test_mixed_vendors_are_refused(account_home: Path, capsys) -> None:
    rc, out, err = vh(capsys, "request", "--law", "gdpr")
    assert rc == 2 and "more than one vendor (7 amazon, 3 google)" in err and "--vendor amazon" in err
    rc, out, err = vh(capsys, "request", "--ids", "7", "--ids", "8")  # one vendor's clips: inferred, but no law
    assert rc == 2 and "--law gdpr" in err
    rc, out, err = vh(capsys, "request", "--ids", "7,8", "--law", "gdpr", "--dry-run")
    assert rc == 0 and "Google Ireland Limited" in out


def test_how_manual(account_home: Path, capsys) -> None:
    rc, out, err = vh(capsys, "request", "--vendor", "amazon", "--how", "manual", "--device", "Bedroom Echo")
    assert rc == 0
    assert "Review Voice History" in out and "Visit 1: dates 2026-03-09, device Bedroom Echo" in out
    rc, out, _ = vh(capsys, "requests", "--json")
    assert json.loads(out)["requests"] == []


def test_existing_output_file_is_kept_unless_forced(account_home: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "letter.eml"
    target.write_text("old")
    os.chmod(target, 0o644)
    rc, _, err = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", "-o", str(target))
    assert rc == 2 and "--force" in err and "nothing was stored" in err and target.read_text() == "old"
    rc, out, _ = vh(capsys, "requests", "--json")
    assert json.loads(out)["requests"] == []
    rc, _, err = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", "-o", str(target), "--force")
    assert rc == 0, err
    assert oct(target.stat().st_mode & 0o777) == "0o600" and target.read_bytes().startswith(b"Subject:")


def test_unwritable_output_stores_nothing(account_home: Path, tmp_path: Path, capsys) -> None:
    rc, out, err = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", "-o", str(tmp_path / "no" / "x.md"))
    assert rc == 2 and "does not exist" in err and "nothing was stored" in err and "Traceback" not in err
    rc, out, _ = vh(capsys, "requests", "--json")
    assert json.loads(out)["requests"] == []
