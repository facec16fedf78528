"""One request per demand, its letters any time, cancel/delete, and the reminder and complaint when the vendor
does not answer, on a real store through the real command line."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

from tests.requests.helpers import alexa_archive, plain_body
from tests.requests.test_tracking import vh
from tests.requests.test_verify import EARLIER, LATER

NAME = ("--name", "Ann Example", "--email", "ann@example.org")


def _earlier(tmp_path: Path, capsys) -> None:
    a = alexa_archive(tmp_path / "earlier.zip", list(EARLIER.values()))
    rc, _, err = vh(capsys, "import", str(a))
    assert rc == 0, err


def test_one_demand_in_five_formats_is_one_request(vh_home: Path, tmp_path: Path, capsys) -> None:
    _earlier(tmp_path, capsys)
    files = [tmp_path / f"letter.{ext}" for ext in ("md", "txt", "html", "csv", "eml")]
    for i, f in enumerate(files):
        rc, out, err = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", *NAME, "-o", str(f))
        assert rc == 0, err
        said = " ".join(err.split())
        if i == 0:
            assert "Request 1 stored: 6 Amazon clip(s)" in said
        else:
            assert "Request 1 already covers the same 6 Amazon clip(s) under GDPR" in said and "--new" in said
    rc, out, _ = vh(capsys, "requests", "--json")
    [r] = json.loads(out)["requests"]
    assert r["files"] == [str(f.resolve()) for f in files] and r["clips"] == [1, 2, 3, 4, 5, 6]
    # the note for the user never went into a letter
    for f in files:
        assert "Before you send" not in f.read_text() and "voicehist requests mark" not in f.read_text()
    msg = email.message_from_bytes(files[4].read_bytes(), policy=policy.default)
    assert msg["To"] is None and not list(msg.iter_attachments())  # Amazon: a web form, nothing to attach

    # another law, or a different set of clips, is another demand; --new makes another on purpose
    rc, _, err = vh(capsys, "request", "--vendor", "amazon", "--law", "uk-gdpr", *NAME, "--format", "txt")
    assert rc == 0 and "Request 2 stored" in err
    rc, _, err = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", *NAME, "--new", "--format", "txt")
    assert rc == 0 and "Request 3 stored" in err

    # verify: one block per request
    later = alexa_archive(tmp_path / "later.zip", LATER)
    rc, out, _ = vh(capsys, "verify", str(later))
    assert [line.split(" (")[0] for line in out.splitlines() if line.startswith("Request ")] == [
        "Request 1",
        "Request 2",
        "Request 3",
    ]
    assert "This export added 6 clip(s) voicehist had not seen" in " ".join(out.split())
    assert "voicehist transcribe && voicehist flag --auto" in out


def test_show_writes_any_format_and_never_overwrites(vh_home: Path, tmp_path: Path, capsys) -> None:
    _earlier(tmp_path, capsys)
    rc, _, _ = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", *NAME, "--format", "md")
    target = tmp_path / "again.form.txt"
    rc, out, err = vh(capsys, "requests", "show", "1", "--format", "form", "-o", str(target), "--tz", "Europe/Paris")
    assert rc == 0, err
    form = target.read_text()
    # plain text for a web form: no Markdown escapes, no table syntax, UTC and local times, every clip
    assert "\\[" not in form and "|---" not in form and "**" not in form
    assert "2026-03-04 10:00:00 UTC (11:00:00 CET)" in form and form.count("- #") == 6
    target.write_text("mine")
    rc, _, err = vh(capsys, "requests", "show", "1", "--format", "form", "-o", str(target))
    assert rc == 2 and "--force" in err and target.read_text() == "mine"
    rc, _, err = vh(
        capsys, "requests", "show", "1", "-o", str(target), "--format", "form", "--force", "--tz", "Europe/Paris"
    )
    assert rc == 0 and target.read_text() == form
    rc, out, _ = vh(capsys, "requests", "show", "1", "--format", "txt")
    assert out.startswith("Ann Example") and "Amazon Europe Core" in out
    rc, _, err = vh(capsys, "requests", "show", "1", "--tz", "Mars/Olympus")
    assert rc == 2 and "not a time zone" in err
    rc, _, err = vh(capsys, "requests", "show", "7")
    assert rc == 2 and "no request number 7" in err


def test_cancel_and_delete(vh_home: Path, tmp_path: Path, capsys) -> None:
    _earlier(tmp_path, capsys)
    vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", "--name", "Zed Secretname", "--format", "txt")
    vh(capsys, "request", "--vendor", "amazon", "--law", "ccpa", *NAME, "--format", "txt")
    rc, out, _ = vh(capsys, "requests", "cancel", "2")
    assert rc == 0 and "Request 2 cancelled" in out
    rc, out, _ = vh(capsys, "requests", "--json")
    assert [r["status"] for r in json.loads(out)["requests"]] == ["not sent", "cancelled"]
    rc, _, err = vh(capsys, "requests", "mark", "2", "sent")
    assert rc == 2 and "cancelled" in err
    rc, out, _ = vh(capsys, "verify", str(alexa_archive(tmp_path / "later.zip", LATER)), "--json")
    assert [r["id"] for r in json.loads(out)["requests"]] == [1]  # a cancelled request is not checked

    # delete asks first; without a yes nothing changes
    rc, _, _ = vh(capsys, "requests", "delete", "1")
    assert rc != 0
    rc, out, _ = vh(capsys, "requests", "--json")
    assert len(json.loads(out)["requests"]) == 2
    rc, out, _ = vh(capsys, "requests", "delete", "1", "--yes")
    assert rc == 0 and "Request 1 deleted" in out
    rc, out, _ = vh(capsys, "requests", "--json")
    assert [r["id"] for r in json.loads(out)["requests"]] == [2]
    rc, _, err = vh(capsys, "requests", "show", "1")
    assert rc == 2 and "was deleted" in err
    rc, out, _ = vh(capsys, "list", "--json", "--vendor-status", "gone")
    assert json.loads(out)["clips"] == []  # the status it gave the clips went with it
    # tombstoned like forget: the requester's name left the database file and its WAL
    data = b"".join(p.read_bytes() for p in (vh_home / "data").glob("voicehist.db*") if p.is_file())
    assert b"Secretname" not in data
    rc, _, err = vh(capsys, "request", "--vendor", "amazon", "--law", "uk-gdpr", *NAME, "--format", "txt")
    assert "Request 3 stored" in err  # the number is never given again


def test_overdue_request_yields_reminder_and_complaint(vh_home: Path, tmp_path: Path, capsys) -> None:
    _earlier(tmp_path, capsys)
    vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", *NAME, "--format", "txt")
    rc, _, err = vh(capsys, "requests", "followup", "1")
    assert rc == 2 and "never marked sent" in err
    vh(capsys, "requests", "mark", "1", "sent", "--on", "2026-03-20")
    vh(capsys, "verify", str(alexa_archive(tmp_path / "later.zip", LATER)))
    rc, out, _ = vh(capsys, "requests")
    assert "OVERDUE" in out and "voicehist requests followup 1" in " ".join(out.split())

    rc, reminder, err = vh(capsys, "requests", "followup", "1", "--tz", "Europe/Luxembourg")
    assert rc == 0, err
    flat = " ".join(reminder.split())
    assert "20 March 2026" in flat and "20 April 2026" in flat  # the original date and the deadline
    assert "still holds 3 of the 6 recordings" in flat and "later.zip" in flat
    for n in range(1, 7):
        assert f"#{n}, " in reminder  # the same clips
    assert "#3, 2026-03-05 10:00:00 UTC (11:00:00 CET), Living Room Echo" in flat and "still held" in flat
    assert "CNPD" in flat

    target = tmp_path / "complaint.eml"
    rc, _, err = vh(capsys, "requests", "complain", "1", "-o", str(target), "--tz", "Europe/Luxembourg")
    assert rc == 0, err
    msg = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    body = " ".join(plain_body(msg).split())
    assert body.split("Subject:")[0].count("CNPD") == 1 and "Article 77 GDPR" in body
    assert "Amazon Europe Core S.à r.l." in body and "20 April 2026" in body and "I sent a reminder on" in body
    attachments = {a.get_filename(): a.get_content() for a in msg.iter_attachments()}
    assert set(attachments) == {"request-1.txt", "evidence.csv"}
    evidence = attachments["evidence.csv"].splitlines()
    assert evidence[0].startswith("number,recorded_at_utc,local_time") and len(evidence) == 7
    assert sum("still_present" in line for line in evidence) == 3
    rc, _, err = vh(capsys, "requests", "complain", "1", "-o", str(target))
    assert rc == 2 and "--force" in err

    rc, out, _ = vh(capsys, "requests", "--json")
    [r] = json.loads(out)["requests"]
    assert r["followup"] and r["complained"]

    # the report: a verification column and the count still held after the deadline
    rc, out, _ = vh(capsys, "report", "--format", "md")
    assert "| verification |" in out and "3 clip(s) still held after the deadline" in out
    assert "2 gone, 3 held, 1 unverifiable, checked" in out
