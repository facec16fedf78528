"""The app says what the command line says: dates read by voicehist.dates, the flag in flag_words' words,
deletion requests and sensitive findings of a clip (issues 8, 12, 13), each through the real app and Pilot."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.tui.pilot import clips, ids_shown, main_screen, make, run, screen_text
from voicehist.requests.deadlines import answer_due
from voicehist.store import open_db
from voicehist.store.queries import get_clip
from voicehist.store.records import field, flag_words
from voicehist.store.requests import RequesterRecord, create_request, record_event
from voicehist.tui.headless import settle
from voicehist.tui.screens.modals import InputModal
from voicehist.tui.screens.requests import DEADLINE_NOTE, NO_REQUESTS, RequestModal, RequestsScreen
from voicehist.tui.widgets.clip_list import REQUEST_MARK, W_MARK
from voicehist.tui.widgets.detail import DetailPane

WIDE = (300, 40)  # the detail pane's lines unwrapped, so a line can be read whole from the screen


def error_line(pilot: Pilot[Any]) -> str:
    return str(main_screen(pilot).query_one("#date-error").render())


async def type_date(pilot: Pilot[Any], box: str, value: str) -> None:
    main_screen(pilot).query_one(f"#{box}", Input).value = value
    await settle(pilot)


def detail_lines(pilot: Pilot[Any]) -> list[str]:
    """The detail pane's rows on screen (the part right of the pane's border)."""
    return [" ".join(line.split("│", 1)[1].split()) for line in screen_text(pilot).splitlines() if "│" in line]


def test_show_and_the_detail_pane_name_a_clips_facts_alike(tui_db: Path) -> None:
    """One field list: `voicehist show` and the detail pane print the same label beside the same value."""
    shown = subprocess.run(
        [sys.executable, "-m", "voicehist", "--db", str(tui_db), "show", "6", "--tz", "UTC"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert shown.returncode == 0, shown.stderr
    show_lines = {" ".join(line.split()) for line in shown.stdout.splitlines()}
    both = ("id", "device", "recorded_raw", "vendor_id", "audio_name", "audio_format", "duration", "flagged")

    async def scenario(pilot: Pilot[Any]) -> None:
        clip = main_screen(pilot).query_one(DetailPane).clip
        assert clip is not None and clip.number == 6
        # screen_text can lose the space after a grid's longest key (the terminal shows it): compare without spaces
        pane = {line.replace(" ", "") for line in detail_lines(pilot)}
        for name in both:
            f = field(name)
            line = f"{f.label} {f.text(clip)}"
            assert line in show_lines and line.replace(" ", "") in pane, line

    run(make(tui_db), scenario, size=WIDE)


def test_date_boxes_take_the_command_lines_forms(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await type_date(pilot, "since", "01.03.2024")  # day first with dots, as --since reads it
        await type_date(pilot, "until", "3.3.2024")
        assert error_line(pilot) == ""
        assert sorted(ids_shown(pilot)) == ["c01", "c02", "c03"]  # the whole 3 March included
        await type_date(pilot, "until", "03/04/2024")  # 3 April or 4 March: refused, not guessed
        assert "ambiguous" in error_line(pilot) and "until" in error_line(pilot)
        assert main_screen(pilot).query_one("#until", Input).has_class("-invalid")
        assert sorted(ids_shown(pilot)) == ["c01", "c02", "c03", "c04", "g01", "g02"]  # the bad box is ignored
        await type_date(pilot, "until", "")
        await type_date(pilot, "since", "last month")  # relative words; the fixture's clips are from 2024
        assert error_line(pilot) == "" and ids_shown(pilot) == []
        await type_date(pilot, "since", "2024-03-05")
        await type_date(pilot, "until", "2024-03-01")
        assert "nothing can match" in error_line(pilot)

    run(make(tui_db), scenario)


def test_jump_to_a_date_takes_the_command_lines_forms(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InputModal)
        box = pilot.app.screen.query_one(Input)
        box.value = "03/04/2024"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InputModal) and "ambiguous" in screen_text(pilot)
        box.value = "4.3.2024"  # 4 March: the first clip on or before it, newest first, is c04 (19:30 that day)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, InputModal)
        assert clips(pilot).current_id == "c04"

    run(make(tui_db), scenario)


def test_flag_words_are_the_command_lines(tui_db: Path) -> None:
    db = open_db(tui_db)
    rows = {cid: get_clip(db, cid) for cid in ("g02", "g01")}
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        first = rows["g02"]
        assert first is not None
        assert f"flag {flag_words(first, detail=True)}" in detail_lines(pilot)  # "suspected (detector)"
        await pilot.press("j")
        await settle(pilot)
        second = rows["g01"]
        assert second is not None
        assert f"flag {flag_words(second, detail=True)}" in detail_lines(pilot)  # "looks intended (detector)"

    run(make(tui_db), scenario, size=WIDE)


def _request_sent_for_c04(tui_db: Path) -> int:
    """A GDPR request for clip c04, marked sent on 2026-11-20; its id."""
    db = open_db(tui_db)
    c04 = get_clip(db, "c04")
    assert c04 is not None
    rid = create_request(
        db,
        vendor="amazon",
        law="gdpr",
        clip_ids=["c04"],
        requester=RequesterRecord(),
        access=False,
        fmt="txt",
        file=None,
    )
    record_event(db, rid, "sent", "2026-11-20")
    db.close()
    return rid


def test_requests_show_in_the_list_and_the_detail_pane(tui_db: Path) -> None:
    rid = _request_sent_for_c04(tui_db)
    due = answer_due("gdpr", dt.date(2026, 11, 20)).isoformat()

    async def scenario(pilot: Pilot[Any]) -> None:
        cl = clips(pilot)
        marks = {cl.row(i).id: cl.render_line(i).text[:W_MARK] for i in range(cl.total)}  # type: ignore[union-attr]
        assert REQUEST_MARK in marks["c04"] and not [k for k, m in marks.items() if REQUEST_MARK in m and k != "c04"]
        await pilot.press("j", "j")  # g02, g01, c04
        await settle(pilot)
        line = f"request in deletion request #{rid} (GDPR, sent 2026-11-20, answer due {due})"
        assert line in detail_lines(pilot)

    run(make(tui_db), scenario, size=WIDE)


def test_sensitive_findings_show_in_the_detail_pane(tui_db: Path) -> None:
    db = open_db(tui_db)
    said = "call me at five five five one two three four about my insulin"
    db.table("clips").update("c01", {"vendor_transcript": said})
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("G", "k")  # c01: the oldest but g03
        await settle(pilot)
        detail = main_screen(pilot).query_one(DetailPane)
        assert detail.clip is not None and detail.clip.id == "c01"
        found = [line for line in detail_lines(pilot) if line.startswith("sensitive")]
        assert found and "phone (five five five" in found[0] and "health (insulin)" in found[0]

    run(make(tui_db), scenario, size=WIDE)


def test_a_request_made_in_the_app_marks_its_clips_at_once(tui_db: Path, tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("j", "j", "space")  # c04 selected
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, RequestModal)
        modal.query_one("#request-vendor", Select).value = "amazon"
        modal.query_one("#request-path", Input).value = str(tmp_path / "letter.md")
        await settle(pilot)
        await pilot.click("#request-save")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RequestModal)
        cl = clips(pilot)
        marked = [cl.row(i).id for i in range(cl.total) if REQUEST_MARK in cl.render_line(i).text[:W_MARK]]  # type: ignore[union-attr]
        assert marked == ["c04"]
        await pilot.press("k")  # Space moved on to c03: back to c04
        await settle(pilot)
        assert any(line.startswith("request in deletion request #1 (GDPR, created") for line in detail_lines(pilot))

    run(make(tui_db), scenario, size=WIDE)


def test_requests_screen_at_80_columns_says_how_to_make_one_and_keeps_its_note_whole(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RequestsScreen)
        words = set(screen_text(pilot).split())
        for text in (NO_REQUESTS, DEADLINE_NOTE):
            assert not [w for w in text.split() if w not in words]  # every word on screen, none cut

    run(make(tui_db), scenario, size=(80, 24))


def test_a_date_error_is_read_whole_at_80_columns(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await type_date(pilot, "since", "03/04/2024")
        shown = " ".join(screen_text(pilot).split())
        assert "is ambiguous" in shown and "Write it as YYYY-MM-DD" in shown  # wrapped under the row, not cut

    run(make(tui_db), scenario, size=(80, 24))


def test_request_marks_reach_rows_past_the_first_page(vh_home: Path) -> None:
    """250 clips (more than a page): the worker reads the marks of every result, and G shows the oldest's."""
    path = vh_home / "data" / "voicehist.db"
    db = open_db(path)
    db.table("clips").insert_all(
        {"id": f"k{i:03d}", "vendor": "alexa", "recorded_at": f"2023-01-01T00:{i // 60:02d}:{i % 60:02d}Z"}
        for i in range(250)
    )
    oldest, newest = get_clip(db, "k000"), get_clip(db, "k249")
    assert oldest is not None and newest is not None
    create_request(
        db,
        vendor="amazon",
        law="gdpr",
        clip_ids=["k000", "k249"],
        requester=RequesterRecord(),
        access=False,
        fmt="md",
        file=None,
    )
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        cl = clips(pilot)
        assert cl.total == 250 and cl.row(0).id == "k249"  # type: ignore[union-attr]
        assert REQUEST_MARK in cl.render_line(0).text[:W_MARK]
        await pilot.press("G")
        await settle(pilot)
        assert cl.current_id == "k000"
        line = cl.cursor - int(cl.scroll_offset.y)
        assert REQUEST_MARK in cl.render_line(line).text[:W_MARK]
        assert REQUEST_MARK not in cl.render_line(line - 1).text[:W_MARK]

    run(make(path), scenario)


def test_the_requests_table_fits_80_columns_and_shows_everything_at_140(tui_db: Path) -> None:
    _request_sent_for_c04(tui_db)

    def scenario(wanted: tuple[str, ...]) -> Any:
        async def run_it(pilot: Pilot[Any]) -> None:
            await pilot.press("Q")
            await settle(pilot)
            lines = screen_text(pilot).splitlines()
            header = next(line for line in lines if line.lstrip().startswith("#") and "vendor" in line)
            for col in wanted:  # every heading on the visible line
                assert col in header, (col, header)
            names = " ".join(RequestsScreen.COLUMNS).split()
            assert [w for w in header.split() if w not in names] == [], header  # none cut ("la" of "last check")
            assert "2026-11-20" in screen_text(pilot)

        return run_it

    run(make(tui_db), scenario(RequestsScreen.NARROW_COLUMNS), size=(80, 24))
    run(make(tui_db), scenario(RequestsScreen.COLUMNS), size=(140, 40))
