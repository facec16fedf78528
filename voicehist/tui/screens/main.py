"""The main screen: its layout and bindings, and the glue between the widgets and the database.

Every database read that can be slow runs in a thread worker with its own connection and posts a message; the
result list reads single pages on demand (milliseconds) through the screen's UI-thread connection. Playback
lives in :class:`PlayerBar`, long jobs in :class:`JobBar`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, Static
from textual.worker import Worker, get_current_worker

from voicehist.audio.player import Player
from voicehist.dates import BadDate, parse_span
from voicehist.localtime import local
from voicehist.safetext import markup_safe
from voicehist.store import Database, audio_dir_of, open_db, queries
from voicehist.store.queries import ClipFilter, Decision, SortKey
from voicehist.store.records import ClipDetail, ClipRow
from voicehist.store.requests import requests_of_clips
from voicehist.tui.clipinfo import load_detail
from voicehist.tui.commands import Command, ReviewCommands, review_commands
from voicehist.tui.decisions import Decisions, WriteOp, clips_words
from voicehist.tui.exporting import Exporting
from voicehist.tui.failures import report_failure
from voicehist.tui.forgetting import Forgetting
from voicehist.tui.job_control import JobControl
from voicehist.tui.jobs import Job
from voicehist.tui.messages import (
    ChoicesReady,
    CountsReady,
    DataChanged,
    DetailReady,
    OrderReady,
    PositionReady,
    ResultsReady,
)
from voicehist.tui.reader import post_read
from voicehist.tui.screens.modals import InputModal
from voicehist.tui.screens.report import ReportScreen
from voicehist.tui.screens.requests import open_request_modal, open_requests_screen
from voicehist.tui.screens.voices import load_voice_choices, open_voices
from voicehist.tui.selection import Selection
from voicehist.tui.text import fmt_number
from voicehist.tui.widgets.clip_list import PAGE, ClipList, header_text
from voicehist.tui.widgets.detail import DetailPane
from voicehist.tui.widgets.filter_bar import FilterBar, preset_range
from voicehist.tui.widgets.job_bar import JobBar
from voicehist.tui.widgets.player_bar import PlayerBar

NARROW = 110  # below this width the detail pane starts hidden
COUNTS_EVERY_S = 3.0  # another process may be importing or transcribing: the header follows it
SORTS: tuple[SortKey, ...] = ("time", "time_asc", "device", "duration", "score")
SORT_WORDS = {
    "time": "newest first",
    "time_asc": "oldest first",
    "device": "device",
    "duration": "longest first",
    "score": "highest score first",
}
EMPTY_DB = (
    "No clips yet.\n\n"
    "Import your Alexa or Google Assistant voice-history export:\n"
    "  • press Ctrl+P and choose “Import an export…”, or\n"
    "  • run  voicehist import PATH  (a zip, a folder or a JSON file).\n\n"
    "To look around first, run  voicehist demo."
)
NO_MATCH = "No clips match the search and filters. Press c to clear them."


def jump_bound(text: str) -> str:
    """For :func:`queries.first_at_or_before`: a string just below the end of the span ``text`` names, so that
    every ``recorded_at`` inside the span (``…SSZ``, ``…SS.fffZ``) compares below it and none after it does."""
    end = parse_span(text).end.astimezone(dt.UTC) - dt.timedelta(seconds=1)
    return end.strftime("%Y-%m-%dT%H:%M:%S") + "~"  # "~" sorts after "Z", "." and the digits


class MainScreen(Screen[None]):
    COMMANDS = {ReviewCommands}
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="main.search", tooltip="Search transcripts (/)"),
        Binding("escape", "focus_list", "List", show=False, id="main.focus_list", tooltip="Back to the list"),
        Binding("p", "play", "Play", id="main.play", tooltip="Play the highlighted clip"),
        Binding("s", "stop", "Stop", show=False, id="main.stop", tooltip="Stop playback"),
        Binding("r", "replay", "Replay", show=False, id="main.replay", tooltip="Play the last clip again"),
        Binding("right_square_bracket", "play_next", "", show=False, id="main.play_next", tooltip="Play the next clip"),
        Binding("a", "flag('accidental')", "Accidental", id="main.flag", tooltip="Flag highlighted: accidental"),
        Binding(
            "n", "flag('not_accidental')", "", show=False, id="main.unflag", tooltip="Mark highlighted: not accidental"
        ),
        Binding("u", "flag(None)", "", show=False, id="main.unset", tooltip="Unset your decision (highlighted)"),
        Binding(
            "A",
            "flag_selection('accidental')",
            "",
            show=False,
            id="main.flag_sel",
            tooltip="Flag the selection (else the highlighted clip): accidental",
        ),
        Binding(
            "N",
            "flag_selection('not_accidental')",
            "",
            show=False,
            id="main.unflag_sel",
            tooltip="Mark the selection (else the highlighted clip): not accidental",
        ),
        Binding(
            "U",
            "flag_selection(None)",
            "",
            show=False,
            id="main.unset_sel",
            tooltip="Unset decisions of the selection (else the highlighted clip)",
        ),
        Binding(
            "z,ctrl+z", "undo", "", show=False, id="main.undo", tooltip="Undo the last decision (one clip or many)"
        ),
        Binding(
            "asterisk,ctrl+a",
            "select_all",
            "",
            show=False,
            id="main.select_all",
            tooltip="Select every clip matching the search and filters",
        ),
        Binding("i", "invert_selection", "", show=False, id="main.invert", tooltip="Invert selection (within results)"),
        Binding("x", "clear_selection", "", show=False, id="main.clear", tooltip="Clear the selection"),
        Binding(
            "o", "sort", "", show=False, id="main.sort", tooltip="Sort by: time, oldest first, device, duration, score"
        ),
        Binding("c", "clear_filters", "", show=False, id="main.clear_filters", tooltip="Clear search and every filter"),
        Binding("t", "jump_to_date", "", show=False, id="main.jump", tooltip="Jump to a date"),
        Binding("e", "export_csv", "", show=False, id="main.export", tooltip="Export selection (or results) as CSV"),
        Binding(
            "delete",
            "forget",
            "",
            show=False,
            id="main.forget",
            tooltip="Forget the selection (else the highlighted clip), asks first",
        ),
        Binding(
            "ctrl+k",
            "cancel_job",
            "",
            show=False,
            priority=True,
            id="main.cancel_job",
            tooltip="Cancel the running job (works while typing too)",
        ),
        Binding("d", "toggle_detail", "", show=False, id="main.detail", tooltip="Show or hide the detail pane"),
        Binding("R", "report", "", show=False, id="main.report", tooltip="Summary report of the current results"),
        Binding(
            "D",
            "deletion_request",
            "",
            show=False,
            id="main.request",
            tooltip="Create a deletion request for the selection (else the accidental clips among the results)",
        ),
        Binding("Q", "requests", "", show=False, id="main.requests", tooltip="Tracked deletion requests"),
        Binding("V", "voices", "", show=False, id="main.voices", tooltip="Voices: who was recorded"),
    ]

    def __init__(self, db_path: str | Path, player: Player, *, advance: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.player = player
        self.advance = advance  # after Space or a/n/u, move to the next row
        self.db: Database = open_db(self.db_path)  # the UI thread's own connection (creates, migrates)
        self._generation = 0
        self._generation_shown = 0
        self._counts: dict[str, int] = {}
        self._detail_auto = True
        self._keep_cursor = False
        self.decisions = Decisions(self._write, self.decisions_notice)
        self.selection = Selection(self._write)
        self.jobs = JobControl(self.app, lambda: self.query_one(JobBar))
        self.exporting = Exporting(self.app, self._write)
        self.forgetting = Forgetting(
            self.app, self._write, lambda: self.query_one(PlayerBar).stop(), self.decisions_notice
        )
        self._sort: SortKey = "time"
        self._play_when_loaded: str | None = None
        self._painted = False  # the first results were shown (then the header and the filter choices are read)

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="counts")
        with Horizontal(id="searchbar"):
            yield Input(placeholder="Search both transcripts (as you type)…", id="search")
        yield FilterBar(id="filters")
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield Static("", id="list-header")
                yield ClipList(self._fetch_page, self._fetch_ids, id="clips")
                yield Static("", id="empty")
            yield DetailPane(id="detail")
        yield JobBar(self.db_path, id="jobbar")
        yield PlayerBar(self.player, id="player")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.is_headless:  # nobody to see a blinking cursor; snapshots stay stable
            self.query_one("#search", Input).cursor_blink = False
        self.query_one(ClipList).focus()
        self.refresh_results()  # the header's counts and the filter choices follow the first page (_results_ready)
        self.set_interval(COUNTS_EVERY_S, self.refresh_counts, name="counts")

    def on_unmount(self) -> None:
        self.db.close()

    @on(ClipList.WidthChanged)
    def _list_width(self, event: ClipList.WidthChanged) -> None:
        voices = self.query_one(ClipList).show_voices
        self.query_one("#list-header", Static).update(header_text(event.width, self._sort, voices))

    def _fetch_page(self, f: ClipFilter, offset: int, limit: int) -> list[ClipRow]:
        return queries.page(self.db, f, offset, limit)

    def _fetch_ids(self, ids: list[str]) -> list[ClipRow]:
        return queries.rows_by_ids(self.db, ids)

    def on_resize(self, event: events.Resize) -> None:
        if self._detail_auto:  # narrow terminals give the list the room; `d` shows the detail pane
            self.query_one(DetailPane).display = event.size.width >= NARROW
        self._render_counts()

    def action_report(self) -> None:
        self.app.push_screen(ReportScreen(self.current_filter()))

    def action_deletion_request(self) -> None:
        open_request_modal(self)

    def action_requests(self) -> None:
        open_requests_screen(self)

    def action_voices(self) -> None:
        open_voices(self)

    def action_toggle_detail(self) -> None:
        self._detail_auto = False
        detail = self.query_one(DetailPane)
        detail.display = not detail.display

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    # -- the current filter ------------------------------------------------------------------------
    def current_filter(self) -> ClipFilter:
        query = self.query_one("#search", Input).value.strip()
        return ClipFilter(query=query or None, sort=self._sort, **self.query_one(FilterBar).values())

    # -- reads (workers) ---------------------------------------------------------------------------
    def refresh_results(self) -> None:
        self._generation += 1
        self._search(self._generation, self.current_filter())

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, generation: int, f: ClipFilter) -> None:
        worker = get_current_worker()

        def first_page(db: Database) -> ResultsReady | None:
            total = queries.count_clips(db, f)
            first = queries.page(db, f, 0, PAGE)
            marks = requests_of_clips(db, [r.id for r in first])  # the list's request mark, read here
            return None if worker.is_cancelled else ResultsReady(generation, f, total, first, marks)

        post_read(self, self.db_path, first_page)

    @work(thread=True, exclusive=True, group="order", exit_on_error=False)
    def _read_order(self, generation: int, f: ClipFilter) -> None:
        """The whole order, so deep pages cost the same as the first; started once the first page is painted
        (100,000 ids cost the UI thread its share of the GIL while they are read)."""
        worker = get_current_worker()

        def order(db: Database) -> OrderReady | None:
            ids = queries.clip_ids(db, f)
            if worker.is_cancelled or generation != self._generation:
                return None
            self.post_message(OrderReady(generation, f, ids))
            # then the request marks of every result (~0.17 s for 100,000 ids): paging by id need not wait
            marks = requests_of_clips(db, ids)
            return None if worker.is_cancelled else OrderReady(generation, f, ids, marks)

        post_read(self, self.db_path, order)

    def refresh_counts(self) -> None:
        self._count()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _count(self) -> None:
        post_read(self, self.db_path, lambda db: CountsReady(queries.header_counts(db)))

    @work(thread=True, exclusive=True, group="choices", exit_on_error=False)
    def _load_choices(self) -> None:
        def choices(db: Database) -> ChoicesReady:
            return ChoicesReady(queries.distinct_values(db, "device"), queries.distinct_values(db, "vendor"))

        post_read(self, self.db_path, choices)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load_detail(self, clip_id: str) -> None:
        def detail(db: Database) -> DetailReady:
            return DetailReady(clip_id, load_detail(db, clip_id))

        post_read(self, self.db_path, detail)

    @on(ChoicesReady)
    def _choices_ready(self, event: ChoicesReady) -> None:
        bar = self.query_one(FilterBar)
        bar.set_choices("device", event.devices)
        bar.set_choices("vendor", event.vendors)

    @on(ResultsReady)
    def _results_ready(self, event: ResultsReady) -> None:
        if event.generation != self._generation:
            return  # a newer search is on its way
        self._generation_shown = event.generation
        keep, self._keep_cursor = self._keep_cursor, False
        self.query_one(ClipList).set_results(
            event.filter, event.total, event.first, keep_cursor=keep, requests=event.requests
        )
        self._render_counts()
        self._update_empty()
        # once this page is on screen: the whole order, and (the first time) the header's counts and the filter
        # row's choices; none of them holds up the list
        if event.total > PAGE:
            self.call_after_refresh(self._read_order, event.generation, event.filter)
        if not self._painted:
            self._painted = True
            self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.refresh_counts()
        self._load_choices()
        load_voice_choices(self)

    @on(OrderReady)
    def _order_ready(self, event: OrderReady) -> None:
        if event.generation == self._generation:
            self.query_one(ClipList).set_order(event.filter, event.ids, event.requests)

    @on(CountsReady)
    def _counts_ready(self, event: CountsReady) -> None:
        before = {k: v for k, v in self._counts.items() if k != "selected"}
        self._counts = event.counts
        after = {k: v for k, v in event.counts.items() if k != "selected"}
        if before and before != after:  # another process (or a job) changed clips: show them
            self._keep_cursor = True
            self.query_one(ClipList).invalidate()
            self.refresh_results()
            if before.get("clips") != after.get("clips"):
                self._load_choices()
        self._render_counts()
        self._update_empty()

    def _render_counts(self) -> None:
        c = self._counts
        if not c:
            return
        narrow = self.size.width < 100
        text = Text(no_wrap=True, overflow="ellipsis")
        if not narrow:
            text.append(" voicehist ", "bold reverse")
            text.append("  ")
        shown = self.query_one(ClipList).total
        total = f"{shown:,} of {clips_words(c['clips'])}" if shown != c["clips"] else clips_words(c["clips"])
        text.append(("showing " if not narrow and shown != c["clips"] else "") + total, "bold")
        text.append(f" · {c['selected']:,} selected", "bold cyan" if c["selected"] else "")
        text.append(f" · {c['flagged']:,} flagged", "red" if c["flagged"] else "")
        text.append(
            f" · {c['suspected']:,} " + ("susp." if narrow else "suspected"), "yellow" if c["suspected"] else ""
        )
        text.append(f" · {c['transcribed']:,} " + ("transcr." if narrow else "transcribed"))
        if self._sort != "time" and not narrow:  # narrow: the arrow in the column titles says it
            text.append(f" · sorted: {SORT_WORDS[self._sort]}", "dim")
        self.query_one("#counts", Static).update(text)

    def _update_empty(self) -> None:
        clips = self.query_one(ClipList)
        if self._generation_shown == 0 or (not clips.total and not self._counts):
            return  # no results, or none and the counts not read yet: say nothing rather than flash the wrong words
        empty = self.query_one("#empty", Static)
        if clips.total:
            empty.display = False
            if not clips.display:
                clips.display = True
                search = self.query_one("#search", Input)
                if self.focused is None or (self.focused is search and not search.value):
                    clips.focus()  # the list came back (after an import): it gets the keys again
            return
        empty.update(EMPTY_DB if self._counts.get("clips", 1) == 0 else NO_MATCH)
        empty.display = True
        clips.display = False

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.refresh_results()

    @on(Input.Changed, "#since, #until")
    @on(Select.Changed, "#device, #vendor, #flag, #audio, #voice")
    def _filters_changed(self) -> None:
        self.refresh_results()

    @on(Select.Changed, "#when")
    def _when_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        bar = self.query_one(FilterBar)
        preset = str(event.value)
        if preset != "month":
            bar.set_dates(*preset_range(preset))
            return

        def check(value: str) -> str | None:
            try:
                preset_range("month", value)
            except BadDate as e:
                return str(e)
            return None

        def done(value: str | None) -> None:
            if value:
                bar.set_dates(*preset_range("month", value))

        self.app.push_screen(InputModal("Which month?", "2024-03", check=check), done)

    @on(Input.Submitted, "#search, #since, #until")
    def _submitted(self) -> None:
        self.query_one(ClipList).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        self.query_one(FilterBar).clear()
        self.query_one(ClipList).focus()

    def action_sort(self) -> None:
        self._set_sort(SORTS[(SORTS.index(self._sort) + 1) % len(SORTS)])
        self.notify(f"Sorted: {SORT_WORDS[self._sort]}.", timeout=2)
        self.refresh_results()

    def _set_sort(self, key: SortKey) -> None:
        """The order of the list; the column titles' arrow follows it."""
        self._sort = key
        self.query_one("#list-header", Static).update(
            header_text(
                self.query_one(ClipList).scrollable_content_region.width,
                self._sort,
                self.query_one(ClipList).show_voices,
            )
        )

    def action_jump_to_date(self) -> None:
        def check(value: str) -> str | None:
            try:
                parse_span(value)
            except BadDate as e:
                return str(e)
            return None

        def done(value: str | None) -> None:
            if not value:
                return
            if self._sort != "time":
                self._set_sort("time")
                self.notify("Sorted newest first to jump to a date.", timeout=3)
                self._keep_cursor = True
                self.refresh_results()
            self._jump(self._generation, self.current_filter(), jump_bound(value))

        self.app.push_screen(
            InputModal("Jump to the first clip on or before (a date, 'yesterday', '2w'…):", "2024-03-20", check=check),
            done,
        )

    @work(thread=True, exclusive=True, group="jump", exit_on_error=False)
    def _jump(self, generation: int, f: ClipFilter, when: str) -> None:
        post_read(self, self.db_path, lambda db: PositionReady(generation, queries.first_at_or_before(db, f, when)))

    @on(PositionReady)
    def _position_ready(self, event: PositionReady) -> None:
        clips = self.query_one(ClipList)
        if event.index >= clips.total:
            self.notify("Every clip shown is newer than that date: showing the oldest.", timeout=4)
        clips.move_to(event.index)
        clips.focus()

    # -- detail ------------------------------------------------------------------------------------
    @on(ClipList.Highlighted)
    def _highlighted(self, event: ClipList.Highlighted) -> None:
        detail = self.query_one(DetailPane)
        detail.query_words = self.query_one(ClipList).filter.query
        if event.clip_id is None:
            detail.show(None)
        else:
            self._load_detail(event.clip_id)

    @on(DetailReady)
    def _detail_ready(self, event: DetailReady) -> None:
        if event.clip_id != self.query_one(ClipList).current_id and event.clip_id != self._play_when_loaded:
            return  # the cursor moved on
        if event.clip_id == self.query_one(ClipList).current_id:
            self.query_one(DetailPane).show(event.clip)
        if event.clip_id == self._play_when_loaded:
            self._play_when_loaded = None
            if event.clip is not None:
                self._play(event.clip.clip)

    def decisions_notice(self, text: str) -> None:
        """Why a key did nothing (nothing highlighted, nothing to undo...)."""
        self.notify(text, severity="warning", timeout=3)

    def highlighted_row(self) -> ClipRow | None:
        return self.query_one(ClipList).current

    # -- writes (workers) --------------------------------------------------------------------------
    @work(thread=True, group="write", exit_on_error=False)
    def _write(self, op: WriteOp) -> None:
        """Run one write (``op`` returns what to tell the screen) on this worker's own connection."""
        post_read(self, self.db_path, op)

    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        self._keep_cursor = True
        self.decisions.changed(event)
        self.query_one(ClipList).invalidate()
        self.refresh_results()
        self.refresh_counts()
        if event.note:
            self.notify(markup_safe(event.note), timeout=3)

    def _advance(self) -> None:
        """After a decision or Space on a row, the next row (unless ``[app] advance_after_decision = false``)."""
        if self.advance:
            self.query_one(ClipList).action_cursor(1)

    def action_flag(self, decision: Decision | None) -> None:
        if self.decisions.flag(self.highlighted_row(), decision):
            self._advance()

    def action_flag_selection(self, decision: Decision | None) -> None:
        self.decisions.flag_selection(self._counts.get("selected", 0), self.highlighted_row(), decision)

    @property
    def can_undo(self) -> bool:
        return self.decisions.undo is not None

    def action_undo(self) -> None:
        self.decisions.undo_last()

    @on(ClipList.ToggleRequested)
    def _toggle(self, event: ClipList.ToggleRequested) -> None:
        self.selection.set([event.clip_id], event.selected)
        self._advance()

    @on(ClipList.SelectRequested)
    def _select_range(self, event: ClipList.SelectRequested) -> None:
        self.selection.set(list(event.clip_ids))

    def action_select_all(self) -> None:
        self.selection.select_all(self.current_filter())

    def action_invert_selection(self) -> None:
        self.selection.invert(self.current_filter())

    def action_clear_selection(self) -> None:
        self.selection.clear()

    # -- export and forget -------------------------------------------------------------------------
    def action_export_csv(self) -> None:
        if self._counts.get("selected"):
            self.exporting.ask(ClipFilter(selected=True), "the selection")
        else:
            self.exporting.ask(self.current_filter(), "the current results")

    def action_forget(self) -> None:
        """Ask, then remove audio and local transcripts of the selection (else the highlighted clip)."""
        self.forgetting.ask(self._counts.get("selected", 0), self.highlighted_row())

    # -- focus -------------------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one(ClipList).focus()

    # -- playback (the player bar plays; the screen finds the clip) --------------------------------
    def action_play(self) -> None:
        row = self.highlighted_row()
        if row is None:
            self.notify("No clip highlighted.", severity="warning")
            return
        if not row.has_audio:
            if row.forgotten:
                when = local(row.forgotten_at, seconds=False)
                why = f"you had voicehist forget it on {when}; its audio is gone"
            else:
                why = row.audio_problem or "the export had no recording for it"
            self.notify(markup_safe(f"Clip {fmt_number(row.number)} cannot be played: {why}."), severity="warning")
            return
        detail = self.query_one(DetailPane).clip
        if detail is not None and detail.id == row.id:
            self._play(detail)
        else:
            self._play_when_loaded = row.id
            self._load_detail(row.id)

    def _play(self, clip: ClipDetail) -> None:
        self.query_one(PlayerBar).play(clip.id, audio_dir_of(self.db) / (clip.audio_path or ""), clip.words)

    @on(PlayerBar.WordChanged)
    def _word_changed(self, event: PlayerBar.WordChanged) -> None:
        detail = self.query_one(DetailPane)
        if detail.clip and detail.clip.id == event.clip_id:
            detail.highlight_word(event.index)

    def action_stop(self) -> None:
        self.query_one(PlayerBar).stop()

    def action_replay(self) -> None:
        bar = self.query_one(PlayerBar)
        if bar.playing_id is None:
            self.action_play()
            return
        if bar.playing_id != self.query_one(ClipList).current_id:
            self.notify("Replaying the last clip played.", timeout=2)
        bar.replay()

    def action_play_next(self) -> None:
        clips = self.query_one(ClipList)
        clips.move_to(clips.cursor + 1)
        self.action_play()

    # -- long jobs: import, transcribe, detect -----------------------------------------------------
    def start_job(self, job: Job, paths: list[str] | None = None) -> None:
        self.jobs.start(job, paths)

    def action_import(self) -> None:
        self.jobs.ask_import()

    @on(JobBar.Finished)
    def _job_finished(self, event: JobBar.Finished) -> None:
        self.jobs.finished(event.job, event.summary)
        self._load_choices()
        self.post_message(DataChanged())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.jobs.can_cancel(self.focused) if action == "cancel_job" else True

    def action_cancel_job(self) -> None:
        self.jobs.cancel()

    @property
    def job(self) -> str | None:
        return self.jobs.running

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def palette_commands(self) -> list[Command]:
        return review_commands(self)
