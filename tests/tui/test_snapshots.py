"""Snapshot tests of the real app on the test database (fixed theme, no cursor blink)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerFailed

from voicehist.tui.app import make_app

SIZE = (130, 36)


async def _settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass
        await pilot.pause()


def test_main_screen(snap_compare: Any, tui_db: Path) -> None:
    assert snap_compare(make_app(tui_db, theme="textual-dark", blink=False), terminal_size=SIZE, run_before=_settle)


def test_search_with_selection_and_flag(snap_compare: Any, tui_db: Path) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("slash", "e", "l", "e", "c", "t", "enter")
        await _settle(pilot)
        await pilot.press("space", "a")
        await _settle(pilot)

    assert snap_compare(make_app(tui_db, theme="textual-dark", blink=False), terminal_size=SIZE, run_before=before)


def test_help_screen(snap_compare: Any, tui_db: Path) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(tui_db, theme="textual-dark", blink=False), terminal_size=SIZE, run_before=before)
