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
    assert target.read_text().startswith("Before you send this") and oct(target.stat().st_mode & 0o777) == "0o600"
    db = open_db(db_path)
    try:
        [req] = list_requests(db)
    finally:
        db.close()
    assert (req["vendor"], req["law"], req["clips"], req["format"]) == ("amazon", "gdpr", 7, "txt")
    assert req["sent_on"] is not None and req["done_on"] is None
