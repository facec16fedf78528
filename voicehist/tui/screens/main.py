"""The main screen: its layout and bindings, and the glue between the widgets and the database.

Every database read that can be slow runs in a thread worker with its own connection and posts a message; the
result list reads single pages on demand (milliseconds) through the screen's UI-thread connection. Playback
lives in :class:`PlayerBar`, long jobs in :class:`JobBar`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from sqlite_utils import Database
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, Static
from textual.worker import Worker, get_current_worker

from voicehist.audio.player import Player
from voicehist.dates import BadDate, parse_span
from voicehist.errors import VoicehistError
from voicehist.safetext import markup_safe
from voicehist.store import audio_dir_of, export, forget, open_db, queries
from voicehist.store.queries import ClipFilter, Decision, SortKey
from voicehist.store.records import ClipDetail, ClipRow
from voicehist.store.requests import requests_of_clips
from voicehist.tui.clipinfo import load_detail
from voicehist.tui.commands import Command, ReviewCommands, review_commands
from voicehist.tui.failures import report_failure
from voicehist.tui.messages import (
    ChoicesReady,
    CountsReady,
    DataChanged,
    DetailReady,
    OrderReady,
    PositionReady,
    ResultsReady,
)
from voicehist.tui.screens.modals import ConfirmModal, InputModal, MessageModal
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
WORDS: dict[Decision | None, str] = {"accidental": "accidental", "not_accidental": "not accidental", None: "unset"}
Undo = dict[str, Decision | None]


def jump_bound(text: str) -> str:
    """For :func:`queries.first_at_or_before`: a string just below the end of the span ``text`` names, so that
    every ``recorded_at`` inside the span (``…SSZ``, ``…SS.fffZ``) compares below it and none after it does."""
    end = parse_span(text).end.astimezone(dt.UTC) - dt.timedelta(seconds=1)
    return end.strftime("%Y-%m-%dT%H:%M:%S") + "~"  # "~" sorts after "Z", "." and the digits


def _clips(n: int) -> str:
    return f"{n:,} clip" + ("" if n == 1 else "s")


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
        self._undo: Undo | None = None
        self._sort: SortKey = "time"
        self._play_when_loaded: str | None = None

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
        self.refresh_results()
        self.refresh_counts()
        self._load_choices()
        from voicehist.tui.screens.voices import load_voice_choices

        load_voice_choices(self)
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
        from voicehist.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.current_filter()))

    def action_deletion_request(self) -> None:
        from voicehist.tui.screens.requests import open_request_modal

        open_request_modal(self)

    def action_requests(self) -> None:
        from voicehist.tui.screens.requests import open_requests_screen

        open_requests_screen(self)

    def action_voices(self) -> None:
        from voicehist.tui.screens.voices import open_voices

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

    def _reader(self) -> Database:
        return open_db(self.db_path, migrate=False)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, generation: int, f: ClipFilter) -> None:
        worker = get_current_worker()
        db = self._reader()
        try:
            total = queries.count_clips(db, f)
            first = queries.page(db, f, 0, PAGE)
            marks = requests_of_clips(db, [r.id for r in first])  # the list's request mark, read here
            if worker.is_cancelled:
                return
            self.post_message(ResultsReady(generation, f, total, first, marks))
            if total > PAGE:  # then the whole order, so deep pages cost the same as the first
                ids = queries.clip_ids(db, f)
                if worker.is_cancelled:
                    return
                self.post_message(OrderReady(generation, f, ids))
                # then the request marks of every result (~0.17 s for 100,000 ids): paging by id need not wait
                marks = requests_of_clips(db, ids)
                if not worker.is_cancelled:
                    self.post_message(OrderReady(generation, f, ids, marks))
        finally:
            db.close()

    def refresh_counts(self) -> None:
        self._count()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _count(self) -> None:
        db = self._reader()
        try:
            counts = queries.stats(db)
        finally:
            db.close()
        self.post_message(CountsReady(counts))

    @work(thread=True, exclusive=True, group="choices", exit_on_error=False)
    def _load_choices(self) -> None:
        db = self._reader()
        try:
            devices, vendors = queries.distinct_values(db, "device"), queries.distinct_values(db, "vendor")
        finally:
            db.close()
        self.post_message(ChoicesReady(devices, vendors))

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load_detail(self, clip_id: str) -> None:
        db = self._reader()
        try:
            clip = load_detail(db, clip_id)
        finally:
            db.close()
        self.post_message(DetailReady(clip_id, clip))

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
        total = f"{shown:,} of {_clips(c['clips'])}" if shown != c["clips"] else _clips(c["clips"])
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
        if self._generation_shown == 0:
            return  # no results yet: say nothing rather than flash "no clips"
        clips = self.query_one(ClipList)
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
        db = self._reader()
        try:
            index = queries.first_at_or_before(db, f, when)
        finally:
            db.close()
        self.post_message(PositionReady(generation, index))

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

    def highlighted_row(self) -> ClipRow | None:
        return self.query_one(ClipList).current

    # -- writes (workers) --------------------------------------------------------------------------
    @work(thread=True, group="write", exit_on_error=False)
    def _write(self, op: Callable[[Database], DataChanged]) -> None:
        """Run one write (``op`` returns what to tell the screen) on this worker's own connection."""
        db = open_db(self.db_path, migrate=False)
        try:
            done = op(db)
        finally:
            db.close()
        self.post_message(done)

    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        self._keep_cursor = True
        if event.undo is not None:
            self._undo = event.undo
        self.query_one(ClipList).invalidate()
        self.refresh_results()
        self.refresh_counts()
        if event.note:
            self.notify(markup_safe(event.note), timeout=3)

    def _decide(self, ids: list[str], decision: Decision | None, what: str) -> None:
        def op(db: Database) -> DataChanged:
            before = queries.decisions_of(db, ids)
            n = queries.set_decision(db, ids, decision)
            return DataChanged(f"Marked {what} {WORDS[decision]}." if n else "", undo=before)

        self._write(op)

    def _advance(self) -> None:
        """After a decision or Space on a row, the next row (unless ``[app] advance_after_decision = false``)."""
        if self.advance:
            self.query_one(ClipList).action_cursor(1)

    def action_flag(self, decision: Decision | None) -> None:
        row = self.highlighted_row()
        if row is None:
            self.notify("No clip highlighted.", severity="warning")
            return
        self._decide([row.id], decision, fmt_number(row.number) or "the clip")
        self._advance()

    def action_flag_selection(self, decision: Decision | None) -> None:
        """The selection; with nothing selected, the highlighted clip (the same rule as Del)."""
        if self._counts.get("selected"):
            n = self._counts["selected"]

            def op(db: Database) -> DataChanged:
                ids = queries.selected_ids(db)
                before = queries.decisions_of(db, ids)
                queries.set_decision(db, ids, decision)
                return DataChanged(f"Marked {n:,} selected clips {WORDS[decision]} (z undoes).", undo=before)

            self._write(op)
            return
        row = self.highlighted_row()
        if row is None:
            self.notify("Nothing is selected and no clip is highlighted.", severity="warning")
            return
        self._decide([row.id], decision, f"the highlighted clip {fmt_number(row.number)} (nothing is selected):")

    @property
    def can_undo(self) -> bool:
        return self._undo is not None

    def action_undo(self) -> None:
        before = self._undo
        if before is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._undo = None

        def op(db: Database) -> DataChanged:
            queries.restore_decisions(db, before)
            return DataChanged(f"Undone: {_clips(len(before))} back to how they were.")

        self._write(op)

    @on(ClipList.ToggleRequested)
    def _toggle(self, event: ClipList.ToggleRequested) -> None:
        one = ClipFilter(ids=(event.clip_id,))
        value = event.selected

        def op(db: Database) -> DataChanged:
            queries.set_selected(db, one, value)
            return DataChanged()  # the count in the header says it

        self._write(op)
        self._advance()

    @on(ClipList.SelectRequested)
    def _select_range(self, event: ClipList.SelectRequested) -> None:
        some = ClipFilter(ids=tuple(event.clip_ids))

        def op(db: Database) -> DataChanged:
            queries.set_selected(db, some, True)
            return DataChanged()

        self._write(op)

    def action_select_all(self) -> None:
        f = self.current_filter()
        self._write(lambda db: DataChanged(f"Selected {_clips(queries.set_selected(db, f, True))} more."))

    def action_invert_selection(self) -> None:
        f = self.current_filter()
        self._write(lambda db: DataChanged(f"Inverted the selection of {_clips(queries.invert_selection(db, f))}."))

    def action_clear_selection(self) -> None:
        self._write(
            lambda db: DataChanged(
                f"Cleared the selection ({_clips(queries.set_selected(db, ClipFilter(selected=True), False))})."
            )
        )

    # -- export ------------------------------------------------------------------------------------
    def action_export_csv(self) -> None:
        selected = bool(self._counts.get("selected"))
        f = ClipFilter(selected=True) if selected else self.current_filter()

        def check(value: str) -> str | None:
            path = Path(value).expanduser()
            if path.is_dir():
                return f"{path} is a folder: add a file name, e.g. {path / 'voicehist-clips.csv'}"
            if not path.parent.is_dir():
                return f"There is no folder {path.parent}: create it first or choose another."
            return None

        def write(path: Path, overwrite: bool = False) -> None:
            def op(db: Database) -> DataChanged:
                try:
                    n = export.export_csv(db, f, str(path), overwrite=overwrite)
                except OSError as e:
                    raise VoicehistError(f"Could not write {path}: {e.strerror or e}.") from e
                return DataChanged(f"Exported {_clips(n)} to {path}.")

            self._write(op)

        def chosen(value: str | None) -> None:
            if not value:
                return
            path = Path(value).expanduser()
            if path.exists():
                self.app.push_screen(
                    ConfirmModal(
                        f"Replace {path.name}?", f"{path} already exists. Replace it with the export?", yes="Replace"
                    ),
                    lambda yes: write(path, overwrite=True) if yes else None,
                )
            else:
                write(path)

        what = "the selection" if selected else "the current results"
        self.app.push_screen(
            InputModal(f"Export {what} as CSV to:", value=str(Path.cwd() / "voicehist-clips.csv"), check=check), chosen
        )

    # -- forget ------------------------------------------------------------------------------------
    def action_forget(self) -> None:
        """Ask, then remove audio and local transcripts of the selection (else the highlighted clip)."""
        n = self._counts.get("selected", 0)
        row = self.highlighted_row()
        if not n and row is None:
            self.notify("Nothing is selected and no clip is highlighted.", severity="warning")
            return
        ids = None if n else [row.id] if row else []
        number = fmt_number(row.number if row else None)
        if n:
            what = "the selected clip" if n == 1 else f"the {n:,} selected clips"
        else:
            what = f"the highlighted clip {number}"

        def op(db: Database) -> DataChanged:
            summary = forget.forget_clips(db, ids if ids is not None else queries.selected_ids(db))
            return DataChanged(f"Forgot {_clips(summary.clips)} ({summary.audio_files_removed} audio files removed).")

        def done(yes: bool | None) -> None:
            if yes:
                self.query_one(PlayerBar).stop()
                self._write(op)

        self.app.push_screen(
            ConfirmModal(
                f"Forget {what}?",
                "Their audio files and local transcripts are removed from voicehist's store. "
                "Times, devices and vendor transcripts stay: deletion requests need them. "
                "Nothing changes at the vendor."
                + ("" if n else "\n(Nothing is selected, so this is the highlighted clip.)"),
                yes="Forget",
            ),
            done,
        )

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
                from voicehist.localtime import local

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
    def start_job(self, job: str, paths: list[str] | None = None) -> None:
        self.query_one(JobBar).start(job, paths)

    def action_import(self) -> None:
        def done(path: str | None) -> None:
            if path:
                self.start_job("Import", [path])

        def check(value: str) -> str | None:
            return None if Path(value).expanduser().exists() else f"There is no file or folder {value}."

        self.app.push_screen(InputModal("Import an export (zip, folder or JSON file):", "path", check=check), done)

    @on(JobBar.Finished)
    def _job_finished(self, event: JobBar.Finished) -> None:
        if event.summary is not None:
            s = event.summary
            self.notify(
                markup_safe(s.text), title=event.job, severity="warning" if s.problems else "information", timeout=8
            )
            if s.problems:
                shown = s.problems[:200]
                more = len(s.problems) - len(shown)
                body = "\n".join(f"• {p}" for p in shown) + (f"\n… and {more:,} more" if more else "")
                self.app.push_screen(
                    MessageModal(f"{event.job}: {len(s.problems):,} problem{'s' * (len(s.problems) != 1)}", body)
                )
        self._load_choices()
        self.post_message(DataChanged())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_job" and self.job is None and isinstance(self.focused, Input):
            return False  # nothing to cancel: Ctrl+K stays the input's "delete to the end"
        return True

    def action_cancel_job(self) -> None:
        self.query_one(JobBar).cancel()

    @property
    def job(self) -> str | None:
        return self.query_one(JobBar).job

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def palette_commands(self) -> list[Command]:
        return review_commands(self)
