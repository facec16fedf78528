"""The app's deletion-request modal and requests screen, driven with Textual's Pilot on a real database."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select, Static

from voicehist.store import open_db
from voicehist.store.requests import list_requests
from voicehist.tui.app import VoicehistApp
from voicehist.tui.headless import settle
from voicehist.tui.screens.modals import ConfirmModal
from voicehist.tui.screens.requests import RequestModal, RequestsScreen


async def palette(pilot: Any, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for key in words:
        await pilot.press("space" if key == " " else key)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


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
    assert (req["vendor"], req["law"], req["clips"], req["format"]) == ("amazon", "gdpr", 7, "txt")
    assert req["sent_on"] is not None and req["done_on"] is None


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
        assert [(r["id"], r["vendor"]) for r in list_requests(db)] == [(1, "amazon"), (2, "google")]
    finally:
        db.close()
