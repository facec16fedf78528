"""The review app driven through Textual's Pilot on a real database with real audio."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from tests.tui.data import clip_json_from_cli
from tests.tui.pilot import (
    clips,
    ids_shown,
    main_screen,
    make,
    notes,
    open_palette,
    palette,
    run,
    screen_text,
    type_text,
)
from voicehist.store import open_db
from voicehist.store.queries import get_clip, selected_ids
from voicehist.tui.app import VoicehistApp
from voicehist.tui.headless import settle
from voicehist.tui.screens.main import MainScreen
from voicehist.tui.widgets.clip_list import ClipList
from voicehist.tui.widgets.detail import DetailPane
from voicehist.tui.widgets.player_bar import PlayerBar


def test_first_paint_lists_newest_first_with_counts_and_detail(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        assert ids_shown(pilot) == ["g02", "g01", "c04", "c03", "c02", "c01", "g03"]
        counts = str(pilot.app.screen.query_one("#counts").render())
        assert "7 clips" in counts and "6 transcribed" in counts and "0 selected" in counts
        detail = pilot.app.screen.query_one(DetailPane)
        assert detail.clip is not None and detail.clip.id == "g02"
        await pilot.press("j", "j")
        assert clips(pilot).current_id == "c04"
        await pilot.press("k")
        assert clips(pilot).current_id == "g01"
        await pilot.press("G")
        assert clips(pilot).current_id == "g03"
        await settle(pilot)
        assert detail.clip is not None and detail.clip.audio_problem
        await pilot.press("g")
        assert clips(pilot).current_id == "g02"

    run(make(tui_db), scenario)


def test_search_as_you_type_over_both_transcripts(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, Input)
        await type_text(pilot, "elect")
        await settle(pilot)
        # only in the local transcript ("the election results..."), the vendor one says "not intended"
        assert ids_shown(pilot) == ["c02"]
        line = clips(pilot).render_line(0)
        assert "election" in line.text
        match_style = clips(pilot).get_component_rich_style("cliplist--match")
        assert any(seg.text.startswith("elect") and seg.style and seg.style.underline for seg in line)
        assert match_style.underline
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "timer")
        await settle(pilot)
        assert ids_shown(pilot) == ["g01"]
        await pilot.press("enter")
        assert isinstance(pilot.app.focused, ClipList)
        # a match past the end of a narrow cell is brought into view
        main_screen(pilot).query_one("#search", Input).value = "lights"
        await settle(pilot)
        assert ids_shown(pilot) == ["c04"]
        await pilot.resize_terminal(70, 40)
        await settle(pilot)
        row = clips(pilot).render_line(0).text
        assert "turn on the office lights" not in row and "…" in row and "lights" in row
        await pilot.resize_terminal(140, 40)
        # a query with FTS syntax characters is taken literally and never raises
        main_screen(pilot).query_one("#search", Input).value = 'AND "( NOT'
        await settle(pilot)
        assert ids_shown(pilot) == []
        assert pilot.app.screen.query_one("#empty").display
        assert "No clips match" in str(pilot.app.screen.query_one("#empty").render())

    run(make(tui_db), scenario)


def test_filters_device_vendor_flag_audio_and_dates(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        screen = main_screen(pilot)
        screen.query_one("#vendor", Select).value = "google"
        await settle(pilot)
        assert ids_shown(pilot) == ["g02", "g01", "g03"]
        screen.query_one("#audio", Select).value = "no"
        await settle(pilot)
        assert ids_shown(pilot) == ["g03"]
        screen.query_one("#audio", Select).clear()
        screen.query_one("#vendor", Select).clear()
        screen.query_one("#device", Select).value = "Kitchen Echo"
        await settle(pilot)
        assert ids_shown(pilot) == ["c03", "c01"]
        screen.query_one("#device", Select).clear()
        screen.query_one("#flag", Select).value = "suspected"
        await settle(pilot)
        assert ids_shown(pilot) == ["g02", "c04", "c02"]
        screen.query_one("#flag", Select).clear()
        screen.query_one("#since", Input).value = "2024-03-02"
        screen.query_one("#until", Input).value = "2024-03-04"
        await settle(pilot)
        assert ids_shown(pilot) == ["c04", "c03", "c02"]
        screen.query_one("#until", Input).value = "2024-03-0"  # half typed: ignored, marked invalid
        await settle(pilot)
        assert screen.query_one("#until", Input).has_class("-invalid")
        assert ids_shown(pilot) == ["g02", "g01", "c04", "c03", "c02"]

    run(make(tui_db), scenario)


def test_flagging_highlighted_clip_and_the_cli_agrees(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        # g02 is suspected by the detector; the user says it was intended: the user wins (then the next row)
        await pilot.press("n")
        await settle(pilot)
        assert clips(pilot).current_id == "g01"
        await pilot.press("a")  # g01: automatic "intended", the user flags it
        await settle(pilot)
        await pilot.press("a", "k", "u", "k")  # c04: flagged then unset again
        await settle(pilot)
        detail = pilot.app.screen.query_one(DetailPane)
        assert detail.clip is not None and detail.clip.id == "c04" and detail.clip.decision is None
        assert "A" in clips(pilot).render_line(1).text[:3]

    run(make(tui_db), scenario)
    cli = clip_json_from_cli(tui_db)
    assert cli["g02"]["flagged"] is False and cli["g02"]["decision"] == "not_accidental"
    assert cli["g01"]["flagged"] is True and cli["g01"]["decision"] == "accidental"
    assert cli["c04"]["flagged"] is True and cli["c04"]["decision"] is None  # back to the automatic label


def test_bulk_selection_persists_and_flags_the_selection(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("space", "space")  # each Space selects and moves on: g02, g01
        await settle(pilot)
        assert "2 selected" in str(pilot.app.screen.query_one("#counts").render())
        await pilot.press("k", "space")  # toggles g01 off again
        await settle(pilot)
        assert "1 selected" in str(pilot.app.screen.query_one("#counts").render())
        main_screen(pilot).query_one("#vendor", Select).value = "alexa"
        await settle(pilot)
        await pilot.press("asterisk")  # select all matching: the four Alexa clips
        await settle(pilot)
        assert "5 selected" in str(pilot.app.screen.query_one("#counts").render())
        await pilot.press("i")  # invert within the Alexa results: none of them stays selected
        await settle(pilot)
        assert "1 selected" in str(pilot.app.screen.query_one("#counts").render())
        await pilot.press("A")  # flag the selection (g02)
        await settle(pilot)

    run(make(tui_db), scenario)
    db = open_db(tui_db)
    assert selected_ids(db) == ["g02"]
    clip = get_clip(db, "g02")
    assert clip is not None and clip.decision == "accidental"
    db.close()

    async def clear(pilot: Pilot[Any]) -> None:
        assert "1 selected" in str(pilot.app.screen.query_one("#counts").render())  # persisted
        await pilot.press("x")
        await settle(pilot)
        assert "0 selected" in str(pilot.app.screen.query_one("#counts").render())

    run(make(tui_db), clear)


def test_playback_through_null_device_highlights_the_spoken_word(tui_db: Path, clock: Any) -> None:
    app = make(tui_db, clock)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("j", "j", "j", "j")  # c02: "the election results were unacceptable"
        await settle(pilot)
        detail = pilot.app.screen.query_one(DetailPane)
        assert detail.clip is not None and detail.clip.id == "c02"
        words = detail.clip.words
        await pilot.press("p")
        await settle(pilot)
        bar = pilot.app.screen.query_one(PlayerBar)
        assert len(bar.levels) == 80 and max(bar.levels) == 1.0
        clock.advance(((words[1].start or 0.0) + (words[1].end or 0.0)) / 2)
        await pilot.pause(0.25)  # the player bar looks 10 times a second
        assert detail.current_word == 1
        assert "election" in str(bar.render()) and "▶" in str(bar.render())
        clock.advance((words[3].start or 0.0) - (words[1].start or 0.0))
        await pilot.pause(0.25)
        assert detail.current_word == 3
        await pilot.press("s")
        assert not app.player.status().playing
        assert "■" in str(bar.render())
        await pilot.press("r")  # replay from the start
        await settle(pilot)
        await pilot.pause(0.25)
        assert app.player.status().playing and detail.current_word == 0
        await pilot.press("right_square_bracket")  # play next: c01
        await settle(pilot)
        assert clips(pilot).current_id == "c01" and app.player.clip_id == "c01"
        await pilot.press("j")  # g03 has no audio: a message in words, nothing breaks
        await pilot.press("p")
        await settle(pilot)
        assert any("cannot be played: the export had no recording" in n for n in notes(pilot))
        assert isinstance(pilot.app.screen, MainScreen)

    run(app, scenario)


NO_DEVICE_SCRIPT = """
import asyncio, sys
from tests.tui.pilot import notes
from voicehist.tui.app import VoicehistApp
from voicehist.tui.headless import settle
async def main():
    app = VoicehistApp(sys.argv[1])
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        print("NOTES:", notes(pilot))
        print("RUNNING:", app.is_running)
asyncio.run(main())
"""


def test_no_sound_device_is_a_clear_message_not_a_crash(tui_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type hw card 99 }\n")  # a card that does not exist
    out = subprocess.run(
        [sys.executable, "-c", NO_DEVICE_SCRIPT, str(tui_db)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(home), "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "no sound device available" in out.stdout
    assert "RUNNING: True" in out.stdout
    assert "ALSA lib" not in out.stderr  # ALSA's chatter would draw over the terminal UI


def test_palette_offers_context_commands_and_runs_them(tui_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    async def scenario(pilot: Pilot[Any]) -> None:
        await palette(pilot, "select all")
        assert "7 selected" in str(pilot.app.screen.query_one("#counts").render())
        # with a selection, the palette offers selection actions, and export writes a CSV
        await palette(pilot, "csv")
        path_input = pilot.app.screen.query_one("#path-input", Input)
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)

    run(make(tui_db), scenario)
    with open(target, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["g02", "g01", "c04", "c03", "c02", "c01", "g03"]
    assert rows[4]["reasons"].startswith("vendor says")
    assert oct(target.stat().st_mode & 0o777) == "0o600"


async def palette_names(pilot: Pilot[Any], query: str = "") -> list[str]:
    """Open the command palette, type ``query``, read the commands it offers, close it."""
    from textual.command import CommandList

    await open_palette(pilot, query)
    options = pilot.app.screen.query_one(CommandList)
    names = [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return names


def test_palette_commands_depend_on_context(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        names = " | ".join(await palette_names(pilot))
        assert "Select all matching clips" in names and "Play highlighted clip" in names
        assert "Forget" not in names  # nothing selected yet
        await pilot.press("space")
        await settle(pilot)
        names = " | ".join(await palette_names(pilot))
        assert "Forget 1 selected clips…" in names
        assert "Create deletion request…" in names and "Deletion requests" in names

    run(make(tui_db), scenario)


def test_forget_through_the_confirm_modal(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("j", "j", "j", "j", "space", "k")  # select c02 (Space moves on), back to it
        await settle(pilot)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")  # declined: nothing happens
        await settle(pilot)
        detail = pilot.app.screen.query_one(DetailPane)
        assert detail.clip is not None and detail.clip.audio_path
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert clips(pilot).current_id == "c02"
        assert detail.clip is not None and detail.clip.audio_path is None and detail.clip.words == ()

    run(make(tui_db), scenario)
    db = open_db(tui_db)
    clip = get_clip(db, "c02")
    assert clip is not None and clip.transcript is None and clip.vendor_transcript
    assert selected_ids(db) == []
    db.close()


def test_help_lists_every_key(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        table = pilot.app.screen.query_one("#help-table", Static)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(table.content)
        text = console.export_text()
        for binding in (*MainScreen.BINDINGS, *ClipList.BINDINGS, *VoicehistApp.BINDINGS):
            assert binding.tooltip or binding.description, binding  # type: ignore[union-attr]
            assert (binding.tooltip or binding.description) in text, binding  # type: ignore[union-attr]
        assert "↓ / j" in text and "Shift+↓ / J" in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)

    run(make(tui_db), scenario)


def test_empty_database_says_how_to_import(vh_home: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        empty = pilot.app.screen.query_one("#empty")
        assert empty.display and "voicehist import PATH" in str(empty.render())
        await pilot.press("p", "a", "space", "j")  # nothing to act on: no crash
        await settle(pilot)
        assert any("No clip highlighted" in n for n in notes(pilot))
        assert isinstance(pilot.app.screen, MainScreen)

    run(make(vh_home / "data" / "voicehist.db"), scenario)


def test_worker_failure_becomes_a_notification(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        main_screen(pilot).start_job("Import", ["/no/such/export.zip"])
        await settle(pilot)
        assert main_screen(pilot).job is None
        assert any("no such file or folder" in n for n in notes(pilot))
        assert isinstance(pilot.app.screen, MainScreen)

    run(make(tui_db), scenario)


def test_theme_switches(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        before = pilot.app.theme
        await pilot.press("ctrl+t")
        assert pilot.app.theme != before

    run(make(tui_db), scenario)


def test_import_transcribe_detect_from_the_app_with_progress_and_cancel(vh_home: Path) -> None:
    """Real core functions run in the app's job worker: the bundled sample, the bundled Whisper model."""
    from textual.message import Message

    from voicehist.sample import sample_export
    from voicehist.tui.widgets.job_bar import JobBar

    seen: list[Message] = []
    db_path = vh_home / "data" / "voicehist.db"

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = main_screen(pilot)
        assert screen.query_one("#empty").display
        await palette(pilot, "import")  # Import an export… from the palette, path typed into its modal
        pilot.app.screen.query_one("#path-input", Input).value = str(sample_export())
        await pilot.press("enter")
        await pilot.pause()
        assert screen.job == "Import" or screen.counts.get("clips") == 14
        await settle(pilot)
        assert screen.job is None and not screen.query_one("#jobbar").display
        assert clips(pilot).total == 14 and not screen.query_one("#empty").display
        devices = screen.query_one("#device", Select)
        devices.value = "Kitchen Echo Dot"  # the new devices are offered (an unknown value would raise)
        await settle(pilot)
        assert 0 < clips(pilot).total < 14
        devices.clear()
        await settle(pilot)
        # transcription, cancelled at once: stops cleanly, keeps what finished, the app carries on
        assert isinstance(pilot.app.focused, ClipList)  # the list came back and has the keys again
        await pilot.press("slash")  # while typing a search, Ctrl+K must still cancel
        assert isinstance(pilot.app.focused, Input)
        screen.start_job("Transcribe")
        await pilot.press("ctrl+k")
        # the runner stops between units (up to 16 windows, seconds on a loaded machine): wait for the job to end
        for _ in range(300):
            await settle(pilot)
            if screen.job is None:
                break
            await pilot.pause(0.1)
        assert screen.job is None and isinstance(pilot.app.screen, MainScreen)
        # the detector from the palette
        await palette(pilot, "detector")
        assert screen.counts["suspected"] >= 1

    run(make(db_path), scenario, message_hook=seen.append)
    seen = list({id(m): m for m in seen}.values())  # the hook sees a bubbling message at each node
    jobs = [m.job for m in seen if isinstance(m, JobBar.Finished)]
    assert jobs == ["Import", "Transcribe", "Detect"]
    assert any(isinstance(m, JobBar.Progress) and m.job == "Import" and m.total == 14 for m in seen)
    imported = next(m for m in seen if isinstance(m, JobBar.Finished) and m.job == "Import")
    assert imported.summary is not None and imported.summary.text.startswith("14 new clips imported")
    cancelled = next(m for m in seen if isinstance(m, JobBar.Finished) and m.job == "Transcribe")
    assert cancelled.summary is not None
    # the runner stops between units of up to 8 packed windows; these 14 clips fit in one, so the stop may come
    # after the last clip, which stops nothing: then the summary says what was done, not "cancelled"
    if cancelled.summary.cancelled:
        assert cancelled.summary.text.startswith("Cancelled; finished work was kept.")
    else:
        assert cancelled.summary.text.startswith("13 clips transcribed"), cancelled.summary.text


def test_large_history_is_paged_never_loaded_whole(vh_home: Path) -> None:
    """12,000 clips: the list reads only the pages it shows, keeps a bounded cache, and End reaches the oldest."""
    from voicehist.tui.widgets.clip_list import MAX_PAGES, PAGE

    path = vh_home / "data" / "voicehist.db"
    db = open_db(path)
    n = 12_000
    db.table("clips").insert_all(
        (
            {
                "id": f"k{i:05d}",
                "vendor": "alexa",
                "recorded_at": (
                    f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{i % 59:02d}.{i:05d}Z"
                ),
                "device": f"Echo {i % 5}",
                "vendor_transcript": f"turn on light number {i}",
                "transcript": f"turn on light number {i}",
                "transcript_status": "done",
            }
            for i in range(n)
        ),
        batch_size=5000,
    )
    oldest = db.execute("SELECT id FROM clips ORDER BY recorded_at ASC, id ASC LIMIT 1").fetchone()[0]
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        cl = clips(pilot)
        assert cl.total == n
        assert cl.pages.misses == 0 and len(cl.pages) == 1  # the first page came with the search worker
        for _ in range(10):
            await pilot.press("pagedown")
        assert cl.cursor > 10 * 20
        await pilot.press("end")
        assert cl.current_id == oldest
        assert len(cl.pages) <= MAX_PAGES and cl.pages.misses * PAGE < n / 10
        # the last clip is on screen, not under a horizontal scrollbar
        top, height = int(cl.scroll_offset.y), cl.scrollable_content_region.height
        assert top <= cl.cursor < top + height and not cl.show_horizontal_scrollbar
        assert cl.cursor - top == height - 1
        await pilot.press("home")
        await pilot.press("slash", *"11345", "enter")
        await settle(pilot)
        assert ids_shown(pilot) == ["k11345"]

    run(make(path), scenario)


def test_mouse_click_highlights_a_row(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.click(ClipList, offset=(10, 3))
        await pilot.pause()
        assert clips(pilot).current_id == "c03"
        assert pilot.app.screen.query_one(DetailPane).clip.id == "c03"  # type: ignore[union-attr]

    run(make(tui_db), scenario)


def test_narrow_terminal_hides_the_detail_pane_until_asked(tui_db: Path) -> None:
    from voicehist.tui.widgets.clip_list import header_text

    async def main() -> None:
        app = make(tui_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            detail = pilot.app.screen.query_one(DetailPane)
            assert not detail.display
            cl = clips(pilot)
            width = cl.scrollable_content_region.width
            row = cl.render_line(0).text
            head = str(header_text(width))
            assert len(head) == len(row) == width and head.endswith("dur score") and row.endswith("0.80")
            await pilot.press("d")
            assert detail.display
            await pilot.press("d")
            assert not detail.display

    asyncio.run(main())


def test_find_play_flag_on_the_real_demo_with_whisper_word_times(demo_db: Path, clock: Any) -> None:
    """The 'done when' path on the bundled export, transcribed by the real model: find by a word, play it
    (the highlighted word follows Whisper's own timestamps), flag it, select several."""
    app = make(demo_db, clock)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("slash", *"timer", "enter")
        await settle(pilot)
        assert clips(pilot).total >= 1
        detail = pilot.app.screen.query_one(DetailPane)
        clip = detail.clip
        assert clip is not None and "timer" in (clip.transcript or "").lower()
        words = clip.words
        assert words and all((w.end or 0.0) >= (w.start or 0.0) for w in words)
        target = next(i for i, w in enumerate(words) if "timer" in w.word.lower())
        await pilot.press("p")
        await settle(pilot)
        clock.advance(((words[target].start or 0.0) + (words[target].end or 0.0)) / 2)
        await pilot.pause(0.25)
        assert detail.current_word == target
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape", "slash")
        main_screen(pilot).query_one("#search", Input).value = ""
        await settle(pilot)
        await pilot.press("enter", "space", "space", "space")
        await settle(pilot)
        assert main_screen(pilot).counts["selected"] == 3
        assert isinstance(pilot.app.screen, MainScreen)

    run(app, scenario)
    cli = clip_json_from_cli(demo_db)
    flagged_by_user = [c for c in cli.values() if c["decision"] == "accidental"]
    assert len(flagged_by_user) == 1 and "timer" in flagged_by_user[0]["transcript"].lower()
    assert sum(1 for c in cli.values() if c["selected"]) == 3


def test_an_unexpected_worker_error_shows_a_modal_and_the_app_goes_on(tui_db: Path) -> None:
    """A write the database refuses for a reason nobody foresaw (a trigger here): a modal, and the app goes on."""
    from voicehist.tui.screens.modals import MessageModal

    db = open_db(tui_db)
    db.execute("CREATE TRIGGER no_flags BEFORE INSERT ON flags BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    db.execute("CREATE TRIGGER no_flag_updates BEFORE UPDATE ON flags BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MessageModal)
        assert "disk on fire" in screen_text(pilot)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)
        await pilot.press("j")
        assert clips(pilot).current_id == "c04"

    run(make(tui_db), scenario)
