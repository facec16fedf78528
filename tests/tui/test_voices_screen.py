"""The Voices screen, driven through Pilot on a real multi-speaker database (LibriSpeech voices, the real
encoder): list the voices, listen to a sample, name one, mark a child, and filter the clip list by a voice."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from tests.tui.pilot import clips, ids_shown, main_screen, make, notes, run, type_text
from tests.voices.helpers import make_export
from voicehist.store import open_db
from voicehist.tui.headless import settle
from voicehist.tui.screens.voices import VoicesScreen
from voicehist.tui.widgets.detail import DetailPane


@pytest.fixture(scope="module")
def voices_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from voicehist.importers import import_paths

    root = tmp_path_factory.mktemp("voices_tui")
    db = open_db(root / "data" / "voicehist.db")
    try:
        import_paths(db, [make_export(root / "export")])  # voices not analysed yet: the screen does it
    finally:
        db.close()
    return root / "data"


@pytest.fixture
def voices_db(voices_template: Path, vh_home: Path) -> Path:
    shutil.copytree(voices_template, vh_home / "data", dirs_exist_ok=True)
    return vh_home / "data" / "voicehist.db"


async def _voices(pilot: Pilot[Any]) -> VoicesScreen:
    await pilot.press("V")
    screen = pilot.app.screen
    assert isinstance(screen, VoicesScreen)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    return screen


def test_voices_screen_analyses_names_marks_and_filters(voices_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await _voices(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 3  # three people; the guest heard once is not a household voice
        assert "Emma" in str(table.get_row_at(0)) or any("Emma" in str(table.get_row_at(i)) for i in range(3))
        # name the highlighted voice
        await pilot.press("down")
        target = screen.current()
        assert target is not None and target["name"] is None
        await pilot.press("n")
        assert isinstance(pilot.app.focused, Input)
        await type_text(pilot, "Grandpa")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        named = screen.current()
        assert named is not None and named["name"] == "Grandpa"
        # listen: the null sound device plays the voice's best sample
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        assert any("Playing #" in n for n in notes(pilot))
        # mark as a child: a confirmation first, and the person's word is stored
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        child = screen.current()
        assert child is not None and child["child"] is True
        # s: split (confirmed), then m: merge back by number
        before = len(screen.doc["voices"])
        await pilot.press("s", "y")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        said = [n for n in notes(pilot) if "Split:" in n]
        assert said, notes(pilot)
        new = int(said[-1].split("are now voice ")[1].split()[0])
        await pilot.press("m")
        await type_text(pilot, str(new))
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert len(screen.doc["voices"]) == before
        merged = screen.current()
        assert merged is not None and merged["id"] == target["id"] and merged["clips"] == target["clips"]
        # f: back to the list, filtered by this voice
        await pilot.press("f")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        main = main_screen(pilot)
        assert pilot.app.screen is main
        voice_select = main.query_one("#voice", Select)
        assert voice_select.display and voice_select.value == str(target["id"])
        shown = ids_shown(pilot)
        assert len(shown) == target["clips"]
        await settle(pilot)
        detail = main.query_one(DetailPane)
        assert detail.clip is not None and detail.clip.voice_name == "Grandpa"
        assert clips(pilot).total == target["clips"]
        # the list has a voice column once there are voices, with the name in it
        assert clips(pilot).show_voices and "voice" in str(main.query_one("#list-header").render())
        row = clips(pilot).row(0)
        assert row is not None and "Grandpa" in str(clips(pilot)._row_text(row, 100))

    run(make(voices_db), scenario)
