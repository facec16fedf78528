"""What a new user trips over in the review app (issue 11), each through the real app and Pilot."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.tui.data import clip_json_from_cli
from tests.tui.pilot import clips, ids_shown, main_screen, make, notes, run, screen_text
from voicehist.detect import DetectSummary
from voicehist.importers import ImportReport
from voicehist.store import open_db
from voicehist.transcribe.runner import ClipError, RunSummary
from voicehist.tui.headless import settle
from voicehist.tui.jobs import detect_summary, import_summary, transcribe_summary
from voicehist.tui.screens.main import MainScreen
from voicehist.tui.screens.modals import ConfirmModal, InputModal
from voicehist.tui.widgets.clip_list import W_MARK
from voicehist.tui.widgets.detail import DetailPane

SMALL = (80, 24)


def counts_text(pilot: Pilot[Any]) -> str:
    return str(main_screen(pilot).query_one("#counts").render())


def test_selected_rows_keep_their_columns(tui_db: Path) -> None:
    """The selection mark is one cell in every terminal (● is ambiguous-width and shifted the row)."""

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("j", "j", "j", "j", "space")  # c02 (score 0.91) selected
        await settle(pilot)
        cl = clips(pilot)
        selected, plain = cl.render_line(4).text, cl.render_line(5).text
        assert selected.endswith("0.91") and plain.endswith("0.05") and len(selected) == len(plain)
        assert all(unicodedata.east_asian_width(ch) in ("Na", "N", "H") for ch in selected[:W_MARK])
        assert selected[0] != " " and plain[0] == " "

    run(make(tui_db), scenario)


def test_forget_dialog_text_is_whole(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        shown = set(screen_text(pilot).replace("█", " ").split())
        words = "Their audio files and local transcripts are removed from voicehist's store. Times, devices and vendor "
        words += "transcripts stay: deletion requests need them. Nothing changes at the vendor."
        assert not [w for w in words.split() if w not in shown]  # every word whole, none cut
        await pilot.press("n")

    run(make(tui_db), scenario)


def test_export_to_a_missing_folder_says_so_and_overwrite_asks(tui_db: Path, tmp_path: Path) -> None:
    existing = tmp_path / "keep.csv"
    existing.write_text("precious\n")

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("e")
        await pilot.pause()
        box = pilot.app.screen.query_one("#path-input", Input)
        box.value = str(tmp_path / "no" / "such" / "out.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InputModal)  # still asking, with a plain message
        assert "There is no folder" in screen_text(pilot) and "Something went wrong" not in screen_text(pilot)
        box.value = str(existing)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal) and "already exists" in screen_text(pilot)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert existing.read_text() == "precious\n"
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#path-input", Input).value = str(existing)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert existing.read_text().startswith("id,") or "g02" in existing.read_text()
        assert any("Exported 7 clips" in n for n in notes(pilot))

    run(make(tui_db), scenario)


def test_statuses_and_job_summaries_are_words() -> None:
    text = transcribe_summary(RunSummary("faster-whisper", "tiny.en", no_audio=13)).text
    assert text == "0 clips transcribed, 13 clips without audio skipped."
    failed = transcribe_summary(RunSummary("faster-whisper", "tiny.en", failed=1, errors=[ClipError("c1", "bad")]))
    assert failed.text == "0 clips transcribed, 1 clip failed." and failed.problems == ["c1: bad"]
    unknown = ["x.bin: not recognised"]  # the importers name the file and say why
    report = import_summary(ImportReport(new=27, problems=[("a.wav", "not audio")], unrecognised=unknown))
    assert "27 new clips imported" in report.text and "1 file not understood" in report.text
    assert "2 problems" in report.text and report.problems == ["a.wav: not audio", "x.bin: not recognised"]
    detect = detect_summary(DetectSummary(scored=5, accidental=2, intended=3, cancelled=True))
    assert detect.cancelled and detect.text == (
        "Cancelled; finished work was kept. 5 clips scored: 2 suspected accidental, 3 intended, 0 unsure."
    )


def test_list_says_statuses_in_words(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        row = clips(pilot).render_line(6).text  # g03: no audio
        assert "no_audio" not in row and "(" not in row
        assert "play some jazz" in row or "broken audio" in row

    run(make(tui_db), scenario)


def test_bulk_keys_and_delete_follow_one_rule_with_nothing_selected(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("A")  # nothing selected: the highlighted clip (g02), like Del
        await settle(pilot)
        assert any("highlighted clip #6" in n and "accidental" in n for n in notes(pilot))
        await pilot.press("delete")
        await pilot.pause()
        assert "the highlighted clip #6" in screen_text(pilot)
        await pilot.press("n")

    run(make(tui_db), scenario)
    assert clip_json_from_cli(tui_db)["g02"]["decision"] == "accidental"


def test_cancel_with_nothing_running_says_so(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert any("No job is running" in n for n in notes(pilot))

    run(make(tui_db), scenario)


def test_show_keys_once_in_the_palette(tui_db: Path) -> None:
    from tests.tui.test_app import palette_names

    async def scenario(pilot: Pilot[Any]) -> None:
        names = await palette_names(pilot, "keys")
        assert sum(1 for n in names if "keys" in n.lower()) == 1, names

    run(make(tui_db), scenario)


def test_a_decision_or_space_moves_to_the_next_row_unless_turned_off(tui_db: Path, vh_home: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("a")
        assert clips(pilot).current_id == "g01"
        await pilot.press("space")
        assert clips(pilot).current_id == "c04"
        await settle(pilot)

    run(make(tui_db), scenario)
    (vh_home / "config").mkdir(exist_ok=True)
    (vh_home / "config" / "config.toml").write_text("[app]\nadvance_after_decision = false\n")

    async def stays(pilot: Pilot[Any]) -> None:
        await pilot.press("a", "space")
        assert clips(pilot).current_id == "g02"
        await settle(pilot)

    run(make(tui_db), stays)


def test_small_terminal_shows_filter_names_and_whole_counts(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        text = screen_text(pilot)
        for name in ("device", "vendor", "flag", "audio", "when", "since", "until"):
            assert name in text, name
        assert "any ▼" not in text
        first = text.splitlines()[0]
        assert "7 clips" in first and "transcr" in first and "…" not in first

    run(make(tui_db), scenario, size=SMALL)


def test_sort_by_column(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("o")  # oldest first
        await settle(pilot)
        assert ids_shown(pilot) == ["g03", "c01", "c02", "c03", "c04", "g01", "g02"]
        await pilot.press("o")  # device
        await settle(pilot)
        assert ids_shown(pilot)[:2] == ["c03", "c01"]  # Kitchen Echo
        await pilot.press("o")  # duration, longest first
        await settle(pilot)
        assert ids_shown(pilot)[0] == "c04"
        await pilot.press("o")  # score, highest first
        await settle(pilot)
        assert ids_shown(pilot)[:2] == ["c02", "g02"]
        assert "↓score" in str(main_screen(pilot).query_one("#list-header").render())
        await pilot.press("o")  # back to newest first
        await settle(pilot)
        assert ids_shown(pilot)[0] == "g02"

    run(make(tui_db), scenario)


def test_dates_presets_errors_and_jump(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        screen = main_screen(pilot)
        screen.query_one("#since", Input).value = "garbage"
        await settle(pilot)
        assert "since: cannot read 'garbage' as a date" in str(screen.query_one("#date-error").render())
        assert len(ids_shown(pilot)) == 7  # ignored, not "nothing"
        screen.query_one("#since", Input).value = "2024-3-2"
        screen.query_one("#until", Input).value = "2024/03/04"
        await settle(pilot)
        assert ids_shown(pilot) == ["c04", "c03", "c02"]
        assert str(screen.query_one("#date-error").render()) == ""
        screen.query_one("#since", Input).value = "2024-03-05"
        await settle(pilot)
        assert "after until" in str(screen.query_one("#date-error").render())
        await pilot.press("c")  # clear everything
        await settle(pilot)
        assert len(ids_shown(pilot)) == 7 and screen.query_one("#since", Input).value == ""
        screen.query_one("#when", Select).value = "month"  # a month…: asks which
        await pilot.pause()
        assert isinstance(pilot.app.screen, InputModal)
        pilot.app.screen.query_one(Input).value = "2024-02"
        await pilot.press("enter")
        await settle(pilot)
        assert ids_shown(pilot) == ["g03"]
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("t")  # jump to a date
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "yesterdayish"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InputModal) and "cannot read 'yesterdayish' as a date" in screen_text(pilot)
        pilot.app.screen.query_one(Input).value = "2024-03-03"
        await pilot.press("enter")
        await settle(pilot)
        assert clips(pilot).current_id == "c03"

    run(make(tui_db), scenario)


def test_preset_today_and_last_7_days(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        screen = main_screen(pilot)
        screen.query_one("#when", Select).value = "7d"
        await settle(pilot)
        assert screen.query_one("#since", Input).value and ids_shown(pilot) == []  # the test clips are from 2024
        assert "No clips match" in str(screen.query_one("#empty").render())

    run(make(tui_db), scenario)


def test_filters_my_decisions_vendor_not_intended_broken_audio_no_device(tui_db: Path) -> None:
    db = open_db(tui_db)
    db.execute("UPDATE clips SET device = NULL WHERE id = 'g01'")
    db.execute("UPDATE clips SET audio_problem = 'truncated WAV' WHERE id = 'c03'")
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = main_screen(pilot)
        await pilot.press("n")  # g02: my decision
        await settle(pilot)
        screen.query_one("#flag", Select).value = "decided"
        await settle(pilot)
        assert ids_shown(pilot) == ["g02"]
        screen.query_one("#flag", Select).value = "vendor_not_intended"
        await settle(pilot)
        assert ids_shown(pilot) == ["c02"]
        assert clips(pilot).render_line(0).text[2] == "v"  # the badge
        await pilot.press("c")
        screen.query_one("#audio", Select).value = "broken"
        await settle(pilot)
        assert ids_shown(pilot) == ["c03"]
        await pilot.press("c")
        await settle(pilot)
        screen.query_one("#device", Select).value = "\x00none"
        await settle(pilot)
        assert ids_shown(pilot) == ["g01"]
        assert "(none)" in clips(pilot).render_line(0).text

    run(make(tui_db), scenario)


def test_undo_the_last_decision_and_bulk_decision(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("a")  # g02 accidental
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("asterisk")
        await settle(pilot)
        await pilot.press("N")  # all seven: not accidental
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert any("Undone: 7 clips" in n for n in notes(pilot))

    run(make(tui_db), scenario)
    cli = clip_json_from_cli(tui_db)
    assert all(c["decision"] is None for c in cli.values())


def test_shift_range_selection(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("shift+down", "shift+down")
        await settle(pilot)
        assert "3 selected" in counts_text(pilot)
        await pilot.click("#clips", offset=(10, 5), shift=True)  # from c04 (the range start) to c01
        await settle(pilot)
        assert "6 selected" in counts_text(pilot)

    run(make(tui_db), scenario)
    cli = clip_json_from_cli(tui_db)
    assert sorted(i for i, c in cli.items() if c["selected"]) == ["c01", "c02", "c03", "c04", "g01", "g02"]


def test_clip_numbers_in_list_and_detail(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        assert "#6" in clips(pilot).render_line(0).text  # g02 is the sixth clip written
        assert "#" in str(main_screen(pilot).query_one("#list-header").render())
        assert "#6" in screen_text(pilot).split("│", 1)[-1]  # the detail pane too

    run(make(tui_db), scenario)


def test_strings_from_an_export_are_shown_as_text(tui_db: Path) -> None:
    db = open_db(tui_db)
    db.execute("UPDATE clips SET device = '[bold red]x', transcript = 'hi \x1b[2J there' WHERE id = 'g02'")
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        row = clips(pilot).render_line(0).text
        assert "[bold red]x" in row and "\x1b" not in row and "\\ESC[2J" in row
        await settle(pilot)
        text = screen_text(pilot)
        assert "\\ESC[2J" in text and "\x1b" not in text
        assert "[bold red]x" in text  # in the device filter's choices and the detail pane

    run(make(tui_db), scenario)


def test_header_follows_another_process(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        assert "6 transcribed" in counts_text(pilot)
        db = open_db(tui_db)  # another process finishes a transcription
        db.execute("UPDATE clips SET transcript = 'jazz', transcript_status = 'done' WHERE id = 'g03'")
        db.close()
        await pilot.pause(3.5)
        await settle(pilot)
        assert "7 transcribed" in counts_text(pilot)

    run(make(tui_db), scenario)


def test_a_forgotten_clip_shows_as_forgotten(tui_db: Path) -> None:
    db = open_db(tui_db)
    if "forgotten_at" not in db["clips"].columns_dict:  # privacy's m004 adds it
        db.execute("ALTER TABLE clips ADD COLUMN forgotten_at TEXT")
    db.execute(
        "UPDATE clips SET forgotten_at = '2024-05-01T00:00:00Z', transcript = NULL, audio_path = NULL WHERE id = 'g02'"
    )
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        assert "forgotten" in clips(pilot).render_line(0).text
        detail = main_screen(pilot).query_one(DetailPane)
        assert detail.clip is not None and detail.clip.forgotten_at
        assert isinstance(pilot.app.screen, MainScreen)

    run(make(tui_db), scenario)


def test_detail_pane_open_at_80_columns_keeps_duration_and_score_in_view(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("d")
        await settle(pilot)
        cl = clips(pilot)
        row = cl.render_line(0).text
        assert len(row) == cl.scrollable_content_region.width and row.rstrip().endswith("2.3s  0.80")
        assert str(main_screen(pilot).query_one("#list-header").render()).endswith("dur score")

    run(make(tui_db), scenario, size=SMALL)


def test_import_shows_its_problems_in_words(vh_home: Path, tmp_path: Path) -> None:
    """An export with a broken audio file: the toast counts it and a dialog lists it (it used to be hidden)."""
    import shutil

    from voicehist.sample import sample_export

    export = tmp_path / "export"
    shutil.copytree(sample_export(), export)
    broken = sorted((export / "Alexa" / "Alexa.VoiceHistory" / "Audio").glob("*.wav"))[0]
    broken.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" + b"\x00" * 64)

    async def scenario(pilot: Pilot[Any]) -> None:
        main_screen(pilot).start_job("Import", [str(export)])
        await settle(pilot)
        assert any("new clips imported" in n and "problem" in n for n in notes(pilot))
        text = screen_text(pilot)
        assert "Import: 1 problem" in text and "1 problems" not in text
        assert broken.name in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)

    run(make(vh_home / "data" / "voicehist.db"), scenario)


def test_a_bad_app_setting_is_explained_and_the_app_still_opens(tui_db: Path, vh_home: Path) -> None:
    (vh_home / "config").mkdir(exist_ok=True)
    (vh_home / "config" / "config.toml").write_text('[app]\nadvance_after_decision = "no"\n')

    async def scenario(pilot: Pilot[Any]) -> None:
        assert any("app.advance_after_decision must be true or false" in n for n in notes(pilot))
        await pilot.press("a")
        assert clips(pilot).current_id == "g01"  # the default: move on
        await settle(pilot)

    run(make(tui_db), scenario)
