"""The report screen in the real app (Textual Pilot): key and palette open it, it shows the figures of the
current filter, saves them as a file, and a snapshot keeps its look."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from tests.report.conftest import NOW
from tests.tui.pilot import palette
from voicehist.store.queries import ClipFilter
from voicehist.tui.app import VoicehistApp
from voicehist.tui.headless import settle
from voicehist.tui.screens.report import ReportScreen

SIZE = (100, 40)


async def _report(pilot: Pilot[Any]) -> ReportScreen:
    await settle(pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen)
    return screen


def _body(screen: ReportScreen) -> str:
    from voicehist.report.text import render_text

    assert screen.figures is not None
    return render_text(screen.figures, width=82)


def test_key_opens_report_of_the_current_filter(fixture_db_path: Path) -> None:
    async def main() -> None:
        app = VoicehistApp(fixture_db_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("R")
            screen = await _report(pilot)
            assert screen.figures.clips == 9 and screen.figures.accidental.total == 4
            assert "9 clips over 48 days" in _body(screen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ReportScreen)

    asyncio.run(main())


def test_palette_opens_report(fixture_db_path: Path) -> None:
    async def main() -> None:
        app = VoicehistApp(fixture_db_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await palette(pilot, "Summary report")
            screen = await _report(pilot)
            assert screen.figures.clips == 9

    asyncio.run(main())


def test_save_report_as(fixture_db_path: Path, tmp_path: Path) -> None:
    async def main() -> None:
        app = VoicehistApp(fixture_db_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(ReportScreen(ClipFilter(device="Kitchen Echo"), now=NOW))
            screen = await _report(pilot)
            assert screen.figures.clips == 5
            target = tmp_path / "kitchen.md"
            await pilot.press("s")
            await pilot.pause()
            inp = app.screen.query_one("Input")
            inp.value = str(target)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            text = target.read_text(encoding="utf-8")
            assert text.startswith("# Voice history report") and "device Kitchen Echo" in text
            assert target.stat().st_mode & 0o777 == 0o600
            # saving over it asks first: "no" leaves the file as it was, "Replace" replaces it
            target.write_text("mine", encoding="utf-8")
            for answer, expected in (("escape", "mine"), ("y", None)):
                await pilot.press("s")
                await pilot.pause()
                app.screen.query_one("Input").value = str(target)  # type: ignore[attr-defined]
                await pilot.press("enter")
                await pilot.pause()
                assert "Replace" in str(app.screen.query_one("Button", Button).label)  # the confirm modal
                await pilot.press(answer)
                await app.workers.wait_for_complete()
                await pilot.pause()
                got = target.read_text(encoding="utf-8")
                assert got == expected if expected else got.startswith("# Voice history report")
            # a name without a known suffix is refused, with a message, and nothing is written
            await pilot.press("s")
            await pilot.pause()
            app.screen.query_one("Input").value = str(tmp_path / "report.doc")  # type: ignore[attr-defined]
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not (tmp_path / "report.doc").exists()
            assert isinstance(app.screen, ReportScreen)

    asyncio.run(main())


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_report_screen_snapshot(snap_compare: Any, fixture_db_path: Path) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.push_screen(ReportScreen(now=NOW))
        await _report(pilot)

    app = VoicehistApp(fixture_db_path)
    assert snap_compare(app, terminal_size=SIZE, run_before=before)
