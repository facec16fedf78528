"""Snapshot tests of the real app on the test database (fixed theme, no cursor blink)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.tui.pilot import make
from voicehist.tui.headless import settle

SIZE = (130, 36)


def test_main_screen(snap_compare: Any, tui_db: Path) -> None:
    assert snap_compare(make(tui_db), terminal_size=SIZE, run_before=settle)


def test_search_with_selection_and_flag(snap_compare: Any, tui_db: Path) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash", "e", "l", "e", "c", "t", "enter")
        await settle(pilot)
        await pilot.press("space", "a")
        await settle(pilot)

    assert snap_compare(make(tui_db), terminal_size=SIZE, run_before=before)


def test_help_screen(snap_compare: Any, tui_db: Path) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make(tui_db), terminal_size=SIZE, run_before=before)


def test_main_screen_at_80x24(snap_compare: Any, tui_db: Path) -> None:
    assert snap_compare(make(tui_db), terminal_size=(80, 24), run_before=settle)
