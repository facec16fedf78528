"""The app's deletion-request modal and requests screen, driven with Textual's Pilot on a real database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select, Static

from tests.tui.pilot import palette
from voicehist.store import open_db
from voicehist.store.requests import list_requests
from voicehist.tui.app import VoicehistApp
from voicehist.tui.headless import settle
from voicehist.tui.screens.modals import ConfirmModal
from voicehist.tui.screens.requests import RequestModal, RequestsScreen


def test_create_track_and_mark_from_the_app(account_home: Path, tmp_path: Path) -> None:
    db_path = account_home / "data" / "voicehist.db"
    target = tmp_path / "amazon.txt"

    async def main() -> None:
        app = VoicehistApp(db_path)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await palette(pilot, "create deletion")
            modal = app.screen
            assert isinstance(modal, RequestModal)
            status = modal.query_one("#request-status")
            assert "more than one vendor" in str(status.render())  # both vendors match: say so, build nothing
            modal.query_one("#request-vendor", Select).value = "amazon"
            await settle(pilot)
            preview = str(modal.query_one("#request-preview-text", Static).render())
            assert "Amazon Europe Core S.à r.l." in preview and "Article 17 GDPR" in preview
            modal.query_one("#request-path", Input).value = str(target)
            await settle(pilot)
            assert modal.query_one("#request-format", Select).value == "txt"  # from the file's extension
            await pilot.click("#request-save")
            await settle(pilot)
            assert not isinstance(app.screen, RequestModal)

            await palette(pilot, "deletion requests")
            screen = app.screen
            assert isinstance(screen, RequestsScreen)
            table = screen.query_one(DataTable)
            assert table.row_count == 1
            assert [str(c) for c in table.get_row_at(0)[:4]] == ["1", "amazon", "gdpr", "7"]
            await pilot.press("s")
            await settle(pilot)
            assert str(table.get_row_at(0)[9]) == "sent"
            await pilot.press("d")  # not verified yet: refused, with the reason shown
            await settle(pilot)
            assert str(table.get_row_at(0)[9]) == "sent"

    asyncio.run(main())
    text = target.read_text()
    assert "Before you send" not in text and "voicehist" not in text  # the note stays in the app
    assert text.startswith("[your name]") and oct(target.stat().st_mode & 0o777) == "0o600"
    db = open_db(db_path)
    try:
        [req] = list_requests(db)
    finally:
        db.close()
    assert (req.vendor, req.law, req.clips, req.format) == ("amazon", "gdpr", 7, "txt")
    assert req.sent_on is not None and req.done_on is None


def test_save_never_overwrites_and_names_each_request(account_home: Path, tmp_path: Path, monkeypatch: Any) -> None:
    """Save on an Amazon request and then on a Google one: two files named per request in the current
    directory (not voicehist's private folder); Save onto an existing file asks, and No keeps it."""
    db_path = account_home / "data" / "voicehist.db"
    work = tmp_path / "letters"
    work.mkdir()
    monkeypatch.chdir(work)

    async def save(pilot: Any, app: VoicehistApp, vendor: str) -> RequestModal:
        await palette(pilot, "create deletion")
        modal = app.screen
        assert isinstance(modal, RequestModal)
        modal.query_one("#request-vendor", Select).value = vendor
        await settle(pilot)
        return modal

    async def main() -> None:
        app = VoicehistApp(db_path)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            modal = await save(pilot, app, "amazon")
            path = modal.query_one("#request-path", Input).value
            assert path == str(work / "amazon-gdpr-request-1.md")
            note = str(modal.query_one("#request-note", Static).render())
            assert "Review Voice History" in note and "Choose how long to save recordings" in note
            await pilot.click("#request-save")
            await settle(pilot)
            assert not isinstance(app.screen, RequestModal)

            modal = await save(pilot, app, "google")
            assert modal.query_one("#request-path", Input).value == str(work / "google-gdpr-request-2.md")
            await pilot.click("#request-save")
            await settle(pilot)

            # the Amazon demand again: it is request 1's file, which exists: a question, and No keeps it
            modal = await save(pilot, app, "amazon")
            assert modal.query_one("#request-path", Input).value == str(work / "amazon-gdpr-request-1.md")
            (work / "amazon-gdpr-request-1.md").write_text("mine")
            await pilot.click("#request-save")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, RequestModal)
            assert "was kept" in str(app.screen.query_one("#request-status", Static).render())
            assert (work / "amazon-gdpr-request-1.md").read_text() == "mine"
            await pilot.click("#request-save")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert not isinstance(app.screen, RequestModal)

    asyncio.run(main())
    amazon, google = (work / "amazon-gdpr-request-1.md").read_text(), (work / "google-gdpr-request-2.md").read_text()
    assert "Amazon Europe Core" in amazon and "Google Ireland Limited" in google
    assert not list((account_home / "data").glob("*.md"))  # nothing in voicehist's private folder
    db = open_db(db_path)
    try:
        assert [(r.id, r.vendor) for r in list_requests(db)] == [(1, "amazon"), (2, "google")]
    finally:
        db.close()


def test_overdue_request_reminder_and_complaint_from_the_app(
    account_home: Path, tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    """The requests screen of an overdue request: F writes the reminder, C the complaint, each under a default
    name in the current folder; a file that is there already is kept (the dialog asks for another name)."""
    from voicehist.cli import cli
    from voicehist.cli.common import run_guarded

    db_path = account_home / "data" / "voicehist.db"
    work = tmp_path / "letters"
    work.mkdir()
    monkeypatch.chdir(work)
    assert run_guarded(cli, ["request", "--vendor", "google", "--law", "gdpr", "--format", "txt"]) == 0
    assert run_guarded(cli, ["requests", "mark", "1", "sent", "--on", "2026-01-05"]) == 0
    capsys.readouterr()
    (work / "google-gdpr-request-1-complaint.eml").write_text("mine")

    async def main() -> None:
        app = VoicehistApp(db_path)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await palette(pilot, "deletion requests")
            screen = app.screen
            assert isinstance(screen, RequestsScreen)
            assert "Overdue: 1" in str(screen.query_one("#requests-empty", Static).render())
            await pilot.press("f")
            await settle(pilot)
            box = app.screen.query_one("#path-input", Input)
            assert box.value == str(work / "google-gdpr-request-1-reminder.txt")
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("enter")  # the default name is taken: refused, the dialog stays
            await settle(pilot)
            assert "already exists and is kept" in str(app.screen.query_one("#dialog-error", Static).render())
            box = app.screen.query_one("#path-input", Input)
            box.value = str(work / "complaint.txt")
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen

    asyncio.run(main())
    reminder = " ".join((work / "google-gdpr-request-1-reminder.txt").read_text().split())
    assert "Reminder" in reminder and "5 January 2026" in reminder and "5 February 2026" in reminder
    complaint = " ".join((work / "complaint.txt").read_text().split())
    assert complaint.startswith("[your name]") and "Data Protection Commission (DPC)" in complaint
    assert (work / "google-gdpr-request-1-complaint.eml").read_text() == "mine"
    db = open_db(db_path)
    try:
        [req] = list_requests(db)
    finally:
        db.close()
    assert req.followup_on and req.complained_on


def test_verify_in_the_app_marks_each_clip(account_home: Path, tmp_path: Path, capsys: Any) -> None:
    """V on the requests screen imports a later export; back on the list, each requested clip carries what the
    vendor did (G gone, H still held, U unverifiable) and the detail pane says it in words, in local time."""
    from tests.requests.helpers import ALEXA_ROWS, alexa_archive
    from tests.tui.pilot import screen_text
    from voicehist.cli import cli
    from voicehist.cli.common import run_guarded
    from voicehist.tui.widgets.clip_list import ClipList

    db_path = account_home / "data" / "voicehist.db"
    assert run_guarded(cli, ["request", "--vendor", "amazon", "--law", "gdpr", "--format", "txt"]) == 0
    capsys.readouterr()
    later = alexa_archive(tmp_path / "later.zip", [ALEXA_ROWS[0], ALEXA_ROWS[5]])  # #1 and #6 still there

    async def main() -> None:
        app = VoicehistApp(db_path)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await palette(pilot, "deletion requests")
            await pilot.press("v")
            await settle(pilot)
            app.screen.query_one("#path-input", Input).value = str(later)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(0.5)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RequestsScreen)
            assert "4 gone, 2 present, 1 ?" in str(screen.query_one(DataTable).get_row_at(0)[-1])
            await pilot.press("escape")
            await settle(pilot)
            cl = app.screen.query_one(ClipList)
            marks = {}
            for y in range(cl.size.height):
                text = cl.render_line(y).text
                parts = text.split()
                num = next((p for p in parts if p.startswith("#") and p[1:].isdigit()), None)
                if num:
                    marks[int(num[1:])] = text[:4]
            assert "G" in marks[2] and "G" in marks[5] and "H" in marks[1] and "H" in marks[6] and "U" in marks[10]
            assert "D" not in marks[1] and "G" not in marks[7] and "H" not in marks[7]  # #7 is Google's, not asked
            await pilot.press("end")  # the oldest clip, #1
            await settle(pilot)
            text = " ".join(screen_text(pilot).split())
            # the detail pane's "at the vendor" line (the SVG's text runs join label and value without the gap)
            assert "at the vendor" in text and "still held by the vendor (verified" in text
            assert "in later.zip, request 1)" in text

    asyncio.run(main())
