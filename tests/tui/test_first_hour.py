"""The first hour at 80×24 (issue 21), through the real app and Pilot: the flag menu's words whole, the column
titles uncut, the transcript above the fold of the detail pane, `t` keeping the sort arrow true, `D` with nothing
selected taking only the accidental clips and saying so, the letter form asking for the requester, the requests
footer whole, a forgotten clip's `p` and the report's title in words."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, Select

from tests.tui.pilot import clips, main_screen, make, run, screen_text
from voicehist.tui.headless import settle
from voicehist.tui.screens.modals import InputModal
from voicehist.tui.screens.requests import RequestModal, RequestsScreen, reflow
from voicehist.tui.widgets.clip_list import header_text
from voicehist.tui.widgets.detail import DetailPane

SMALL = (80, 24)


def test_the_flag_menu_shows_its_words_whole_at_80_columns(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        box = main_screen(pilot).query_one("#flag", Select)
        box.focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = box.query_one("SelectOverlay")
        assert overlay.region.width >= len("suspected, not reviewed") + 2
        assert overlay.region.right <= 80  # kept on screen
        text = screen_text(pilot)
        for words in ("flagged accidental", "suspected, not reviewed", "vendor: not intended"):
            assert words in text, text

    run(make(tui_db), scenario, size=SMALL)


def test_column_titles_are_never_cut_inside_a_word() -> None:
    for width in range(40, 140):  # the list is never narrower (the detail pane leaves it 47 at 80 columns)
        line = header_text(width).plain
        assert "what was sa " not in line + " " and "sai " not in line + " ", (width, line)
        assert "what was said" in line or " said" in line or "transcript" in line, (width, line)


def test_the_detail_pane_shows_the_transcripts_above_the_fold(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("d")
        await settle(pilot)
        pane = main_screen(pilot).query_one(DetailPane)
        assert pane.display and pane.clip is not None
        text = screen_text(pilot)
        assert "Local transcript" in text and "Vendor transcript" in text  # on screen without scrolling
        assert pane.scroll_y == 0
        assert text.index("Local transcript") < text.index("Vendor transcript")

    run(make(tui_db), scenario, size=SMALL)


def test_jump_to_a_date_puts_the_sort_arrow_back_on_time(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("o", "o")  # oldest first, then by device
        await settle(pilot)
        header = str(main_screen(pilot).query_one("#list-header").render())
        assert "device↑" in header
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InputModal)
        pilot.app.screen.query_one(Input).value = "2024-03-04"
        await pilot.press("enter")
        await settle(pilot)
        header = str(main_screen(pilot).query_one("#list-header").render())
        assert re.search(r"time( \((UTC|local)\))?↓", header) and "device↑" not in header, header
        assert clips(pilot).current_id == "c04"

    run(make(tui_db), scenario, size=SMALL)


async def _open_request(pilot: Pilot[Any]) -> RequestModal:
    await pilot.press("D")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, RequestModal), screen_text(pilot)
    return modal


def test_d_with_nothing_selected_takes_only_accidental_clips_and_says_how_many(tui_db: Path, tmp_path: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        modal = await _open_request(pilot)
        assert modal._filter.flagged == "flagged"  # never the intended clips of the results
        # three clips count as accidental: two Amazon, one Google; a letter goes to one company
        status = " ".join(str(modal.query_one("#request-status").render()).split())
        assert "more than one vendor" in status
        modal.query_one("#request-vendor", Select).value = "amazon"
        await settle(pilot)
        title = " ".join(str(modal.query_one("#dialog-title", Label).render()).split())
        assert title.startswith("Deletion request for 2 Amazon clip(s) (1 of another vendor left out"), title
        assert "nothing selected, so the clips counted as accidental among the results" in title
        preview = str(modal.query_one("#request-preview-text").render())
        assert "turn on the office lights" in preview or "c04" in preview or "#4" in preview
        assert "what's the weather today" not in preview  # c01, intended: not in the letter

    run(make(tui_db), scenario, size=SMALL)


def test_d_with_no_accidental_result_takes_the_results_and_says_so(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        main_screen(pilot).query_one("#search", Input).value = "weather"  # c01 (intended) and g01 (intended)
        await settle(pilot)
        main_screen(pilot).query_one("#vendor", Select).value = "alexa"
        await settle(pilot)
        modal = await _open_request(pilot)
        title = " ".join(str(modal.query_one("#dialog-title", Label).render()).split())
        assert "no result counts as accidental, so every clip the results show" in title, title
        assert title.startswith("Deletion request for 1 Amazon clip(s)"), title

    run(make(tui_db), scenario, size=SMALL)


def test_the_letter_form_asks_for_the_requester_and_keeps_it(tui_db: Path, tmp_path: Path, vh_home: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        modal = await _open_request(pilot)
        modal.query_one("#request-vendor", Select).value = "amazon"
        await settle(pilot)
        status = " ".join(str(modal.query_one("#request-status").render()).split())
        assert "Type your name and your account's e-mail above" in status
        assert "[your name]" in str(modal.query_one("#request-preview-text").render())
        modal.query_one("#request-name", Input).value = "Ada Lovelace"
        modal.query_one("#request-email", Input).value = "ada@example.com"
        await settle(pilot)
        preview = str(modal.query_one("#request-preview-text").render())
        assert "Ada Lovelace" in preview and "ada@example.com" in preview and "[your name]" not in preview
        modal.query_one("#request-path", Input).value = str(tmp_path / "letter.md")
        await settle(pilot)
        await pilot.click("#request-save")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RequestModal)
        assert "Ada Lovelace" in (tmp_path / "letter.md").read_text()
        config = tomllib.loads((vh_home / "config" / "config.toml").read_text())
        assert config["requester"] == {"name": "Ada Lovelace", "email": "ada@example.com"}
        # the next letter's form starts with them
        modal = await _open_request(pilot)
        assert modal.query_one("#request-name", Input).value == "Ada Lovelace"

    run(make(tui_db), scenario, size=(140, 40))


def test_the_letter_preview_wraps_once() -> None:
    letter = (
        "Dear Sir or Madam,\n\n"
        "I ask you to erase the recordings listed below, with their transcripts and anything derived from\n"
        "them, under Article 17 of the GDPR.\n"
        "  - Alexa app -> More -> Settings -> Alexa Privacy -> Review Voice History, filter by date\n"
        "    range and device.\n"
        "| # | time |\n"
        "| 1 | 2024 |\n"
    )
    out = reflow(letter).split("\n")
    assert out[2] == (
        "I ask you to erase the recordings listed below, with their transcripts and anything derived from them,"
        " under Article 17 of the GDPR."
    )
    assert out[3].startswith("  - Alexa app") and out[3].endswith("filter by date range and device.")
    assert out[-3:] == ["| # | time |", "| 1 | 2024 |", ""]


def test_the_requests_footer_fits_80_columns(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RequestsScreen)
        lines = screen_text(pilot).splitlines()
        footer = lines[-1]
        for key in ("s Sent", "a Answered", "v Verify", "w Letter"):
            assert key in footer, footer
        assert footer.rstrip().endswith("Commands"), footer  # nothing cut at the right edge
        said = " ".join(" ".join(lines).split())
        assert "Also: e extended · d done · f reminder · c complaint · x cancel the request" in said

    run(make(tui_db), scenario, size=SMALL)


def test_playing_a_forgotten_clip_says_it_was_forgotten(tui_db: Path) -> None:
    from voicehist.store import open_db
    from voicehist.store.forget import forget_clips

    db = open_db(tui_db)
    forget_clips(db, ["c01"])
    db.close()

    async def scenario(pilot: Pilot[Any]) -> None:
        cl = clips(pilot)
        index = next(i for i in range(cl.total) if getattr(cl.row(i), "id", None) == "c01")
        cl.move_to(index)
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        said = " ".join(str(t.render()) for t in pilot.app.screen.query("Toast"))
        assert "you had voicehist forget it" in said and "had no recording" not in said

    run(make(tui_db), scenario, size=SMALL)


def test_the_report_title_says_the_filter_in_words(tui_db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        main_screen(pilot).query_one("#flag", Select).value = "flagged"
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        status = str(pilot.app.screen.query_one("#report-status").render())
        assert "clips counted as accidental" in status and "flagged=" not in status

    run(make(tui_db), scenario, size=SMALL)


def test_the_forms_status_asks_for_the_requester_in_the_apps_words() -> None:
    from voicehist.tui.screens.requests import _NO_REQUESTER

    warning = (
        "Request 1 already covers these clips: Save writes its letter, nothing new is tracked. no requester name or"
        " e-mail set: the letter says [your name] and [your account e-mail]; give --name/--email, or set them once"
        ' with voicehist config set requester.name "Your Name" (and requester.email); check the address'
    )
    said = _NO_REQUESTER.sub("ASK", warning)
    assert said.startswith("Request 1 already covers") and "ASK; check the address" in said and "--name" not in said
