"""The main screen: counts, search, filters, the result list, the detail pane and the player line.

Every database read that can be slow runs in an exclusive thread worker with its own connection and posts a
message; the result list reads single pages on demand (milliseconds) through the app's UI-thread connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from sqlite_utils import Database
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, get_current_worker

from voicehist.store import export, forget, queries
from voicehist.store.queries import ClipFilter
from voicehist.tui.messages import (
    CountsReady,
    DataChanged,
    JobFinished,
    JobProgress,
    OrderReady,
    PlaybackStarted,
    ResultsReady,
)
from voicehist.tui.widgets.clip_list import PAGE, ClipList, header_text
from voicehist.tui.widgets.detail import DetailPane
from voicehist.tui.widgets.filter_bar import FilterBar
from voicehist.tui.widgets.player_bar import PlayerBar

if TYPE_CHECKING:
    from voicehist.tui.app import VoicehistApp

NARROW = 110  # below this width the detail pane starts hidden
EMPTY_DB = (
    "No clips yet.\n\n"
    "Import your Alexa or Google Assistant voice-history export:\n"
    "  • press Ctrl+P and choose “Import an export…”, or\n"
    "  • run  voicehist import PATH  (a zip, a folder or a JSON file).\n\n"
    "To look around first, run  voicehist demo."
)
NO_MATCH = "No clips match the search and filters."


def forget_note(ids: list[str]) -> Callable[[Database], str]:
    def op(db: Database) -> str:
        summary = forget.forget_clips(db, ids)
        return f"Forgot {summary.clips} clips ({summary.audio_files_removed} audio files removed)."

    return op


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="main.search", tooltip="Search transcripts (/)"),
        Binding("escape", "focus_list", "List", show=False, id="main.focus_list", tooltip="Back to the list"),
        Binding("p", "play", "Play", id="main.play", tooltip="Play the highlighted clip"),
        Binding("s", "stop", "Stop", show=False, id="main.stop", tooltip="Stop playback"),
        Binding("r", "replay", "Replay", show=False, id="main.replay", tooltip="Play the last clip again"),
        Binding(
            "right_square_bracket", "play_next", "Next", show=False, id="main.play_next", tooltip="Play the next clip"
        ),
        Binding("a", "flag('accidental')", "Accidental", id="main.flag", tooltip="Flag highlighted: accidental"),
        Binding(
            "n",
            "flag('not_accidental')",
            "Not acc.",
            show=False,
            id="main.unflag",
            tooltip="Mark highlighted: not accidental",
        ),
        Binding("u", "flag(None)", "Unset", show=False, id="main.unset", tooltip="Unset your decision (highlighted)"),
        Binding(
            "A",
            "flag_selection('accidental')",
            "",
            show=False,
            id="main.flag_sel",
            tooltip="Flag selection: accidental",
        ),
        Binding(
            "N",
            "flag_selection('not_accidental')",
            "",
            show=False,
            id="main.unflag_sel",
            tooltip="Mark selection: not accidental",
        ),
        Binding("U", "flag_selection(None)", "", show=False, id="main.unset_sel", tooltip="Unset decision (selection)"),
        Binding(
            "asterisk,ctrl+a",
            "select_all",
            "Select all",
            id="main.select_all",
            tooltip="Select every clip matching the search and filters",
        ),
        Binding("i", "invert_selection", "", show=False, id="main.invert", tooltip="Invert selection (within results)"),
        Binding("x", "clear_selection", "", show=False, id="main.clear", tooltip="Clear the selection"),
        Binding("e", "export_csv", "", show=False, id="main.export", tooltip="Export selection (or results) as CSV"),
        Binding("delete", "forget", "", show=False, id="main.forget", tooltip="Forget selected clips (asks first)"),
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
    ]

    def __init__(self) -> None:
        super().__init__()
        self._generation = 0
        self._counts: dict[str, int] = {}
        self._job: str | None = None
        self._playing_words: list[dict[str, Any]] = []
        self._playing_id: str | None = None
        self._detail_auto = True
        self._generation_shown = 0

    @property
    def vh(self) -> VoicehistApp:
        return self.app  # type: ignore[return-value]

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="counts")
        with Horizontal(id="searchbar"):
            yield Input(placeholder="Search both transcripts (as you type)…", id="search")
        yield FilterBar(
            queries.distinct_values(self.vh.db, "device"), queries.distinct_values(self.vh.db, "vendor"), id="filters"
        )
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield Static("", id="list-header")
                yield ClipList(self._fetch_page, self._fetch_ids, id="clips")
                yield Static("", id="empty")
            yield DetailPane(id="detail")
        with Horizontal(id="jobbar"):
            yield Label("", id="job-label")
            yield ProgressBar(id="job-progress", show_eta=False)
        yield PlayerBar(id="player")
        yield Footer()

    def on_mount(self) -> None:
        for inp in self.query(Input):
            inp.cursor_blink = self.vh.blink
        self.query_one("#jobbar").display = False
        self.query_one(ClipList).focus()
        self.refresh_results()
        self.refresh_counts()
        self.set_interval(0.1, self.tick, name="playback")

    @on(ClipList.WidthChanged)
    def _list_width(self, event: ClipList.WidthChanged) -> None:
        self.query_one("#list-header", Static).update(header_text(event.width))

    def _fetch_page(self, f: ClipFilter, offset: int, limit: int) -> list[dict[str, Any]]:
        return queries.page(self.vh.db, f, offset, limit)

    def _fetch_ids(self, ids: list[str]) -> list[dict[str, Any]]:
        return queries.rows_by_ids(self.vh.db, ids)

    def on_resize(self, event: events.Resize) -> None:
        if self._detail_auto:  # narrow terminals give the list the room; `d` shows the detail pane
            self.query_one(DetailPane).display = event.size.width >= NARROW

    def action_report(self) -> None:
        from voicehist.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.current_filter()))

    def action_toggle_detail(self) -> None:
        self._detail_auto = False
        detail = self.query_one(DetailPane)
        detail.display = not detail.display

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        self.vh.worker_state_changed(event)

    def _refresh_filter_options(self) -> None:
        bar = self.query_one(FilterBar)
        bar.set_choices("device", queries.distinct_values(self.vh.db, "device"))
        bar.set_choices("vendor", queries.distinct_values(self.vh.db, "vendor"))

    # -- the current filter ------------------------------------------------------------------------
    def current_filter(self) -> ClipFilter:
        query = self.query_one("#search", Input).value.strip()
        return ClipFilter(query=query or None, **self.query_one(FilterBar).values())

    # -- search and counts (workers) ---------------------------------------------------------------
    def refresh_results(self) -> None:
        self._generation += 1
        self._search(self._generation, self.current_filter())

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, generation: int, f: ClipFilter) -> None:
        from voicehist.store import open_db

        worker = get_current_worker()
        db = open_db(self.vh.db_path, migrate=False)
        try:
            total = queries.count_clips(db, f)
            first = queries.page(db, f, 0, PAGE)
            if worker.is_cancelled:
                return
            self.post_message(ResultsReady(generation, f, total, first))
            if total > PAGE:  # then the whole order, so deep pages cost the same as the first
                ids = queries.clip_ids(db, f)
                if not worker.is_cancelled:
                    self.post_message(OrderReady(generation, f, ids))
        finally:
            db.close()

    def refresh_counts(self) -> None:
        self._count()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _count(self) -> None:
        from voicehist.store import open_db

        db = open_db(self.vh.db_path, migrate=False)
        try:
            counts = queries.stats(db)
        finally:
            db.close()
        self.post_message(CountsReady(counts))

    @on(ResultsReady)
    def _results_ready(self, event: ResultsReady) -> None:
        if event.generation != self._generation:
            return  # a newer search is on its way
        self._generation_shown = event.generation
        clips = self.query_one(ClipList)
        keep = getattr(self, "_keep_cursor", False)
        self._keep_cursor = False
        clips.set_results(event.filter, event.total, event.first, keep_cursor=keep)
        self._render_counts()
        self._update_empty()

    @on(OrderReady)
    def _order_ready(self, event: OrderReady) -> None:
        if event.generation == self._generation:
            self.query_one(ClipList).set_order(event.filter, event.ids)

    @on(CountsReady)
    def _counts_ready(self, event: CountsReady) -> None:
        self._counts = event.counts
        self._render_counts()
        self._update_empty()

    def _render_counts(self) -> None:
        c = self._counts
        if not c:
            return
        text = Text()
        text.append(" voicehist ", "bold reverse")
        shown = self.query_one(ClipList).total
        if shown != c["clips"]:
            text.append(f"  showing {shown:,} of {c['clips']:,} clips", "bold")
        else:
            text.append(f"  {c['clips']:,} clips", "bold")
        text.append(f" · {c['selected']:,} selected", "bold cyan" if c["selected"] else "")
        text.append(f" · {c['flagged']:,} flagged", "red" if c["flagged"] else "")
        text.append(f" · {c['suspected']:,} suspected", "yellow" if c["suspected"] else "")
        text.append(f" · {c['transcribed']:,} transcribed")
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
                if self.focused is None:
                    clips.focus()
            return
        empty.update(EMPTY_DB if self._counts.get("clips", 1) == 0 else NO_MATCH)
        empty.display = True
        clips.display = False

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.refresh_results()

    @on(Input.Changed, "#since, #until")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.refresh_results()
        self.refresh_counts()

    @on(Input.Submitted, "#search, #since, #until")
    def _submitted(self) -> None:
        self.query_one(ClipList).focus()

    # -- detail ------------------------------------------------------------------------------------
    @on(ClipList.Highlighted)
    def _highlighted(self, event: ClipList.Highlighted) -> None:
        clip = queries.get_clip(self.vh.db, event.clip_id) if event.clip_id else None
        detail = self.query_one(DetailPane)
        detail.query_words = self.query_one(ClipList).filter.query
        detail.show(clip)
        if clip and clip["id"] == self._playing_id:
            self.tick()

    def current_clip(self) -> dict[str, Any] | None:
        """The highlighted clip, in full (the detail pane's copy when it is up to date)."""
        cid = self.query_one(ClipList).current_id
        detail = self.query_one(DetailPane)
        if detail.clip is not None and detail.clip["id"] == cid:
            return detail.clip
        clip = queries.get_clip(self.vh.db, cid) if cid else None
        detail.show(clip)
        return clip

    # -- writes (workers) --------------------------------------------------------------------------
    @work(thread=True, group="write", exit_on_error=False)
    def _write(self, op: Callable[[Database], str]) -> None:
        """Run one write (``op`` returns the note to show) on this worker's own connection."""
        from voicehist.store import open_db

        db = open_db(self.vh.db_path, migrate=False)
        try:
            note = op(db)
        finally:
            db.close()
        self.post_message(DataChanged(note))

    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        self._keep_cursor = True
        self._refresh_filter_options()
        clips = self.query_one(ClipList)
        clips.invalidate()
        self.refresh_results()
        self.refresh_counts()
        if event.note:
            self.notify(event.note, timeout=3)

    def action_flag(self, decision: queries.Decision | None) -> None:
        cid = self.query_one(ClipList).current_id
        if cid is None:
            self.notify("No clip highlighted.", severity="warning")
            return
        word = {"accidental": "accidental", "not_accidental": "not accidental", None: "unset"}[decision]
        self._write(lambda db: f"Marked {word}." if queries.set_decision(db, [cid], decision) else "")

    def action_flag_selection(self, decision: queries.Decision | None) -> None:
        if not self._counts.get("selected"):
            self.notify("Nothing is selected (space selects, * selects all matching).", severity="warning")
            return
        word = {"accidental": "accidental", "not_accidental": "not accidental", None: "unset"}[decision]
        self._write(
            lambda db: f"Marked {queries.set_decision(db, queries.selected_ids(db), decision)} selected clips {word}."
        )

    @on(ClipList.ToggleRequested)
    def _toggle(self, event: ClipList.ToggleRequested) -> None:
        row = self.query_one(ClipList).current
        value = not bool(row and row.get("selected"))
        one = ClipFilter(ids=(event.clip_id,))

        def toggle(db: Database) -> str:
            queries.set_selected(db, one, value)
            return ""  # the count in the header says it

        self._write(toggle)

    def action_select_all(self) -> None:
        f = self.current_filter()
        self._write(lambda db: f"Selected {queries.set_selected(db, f, True)} more clips.")

    def action_invert_selection(self) -> None:
        f = self.current_filter()
        self._write(lambda db: f"Inverted the selection of {queries.invert_selection(db, f)} clips.")

    def action_clear_selection(self) -> None:
        self._write(
            lambda db: f"Cleared the selection ({queries.set_selected(db, ClipFilter(selected=True), False)} clips)."
        )

    def export_csv(self, path: str) -> None:
        f = ClipFilter(selected=True) if self._counts.get("selected") else self.current_filter()
        self._write(lambda db: f"Exported {export.export_csv(db, f, path)} clips to {path}.")

    def action_export_csv(self) -> None:
        from pathlib import Path

        from voicehist.tui.screens.modals import PathModal

        def done(path: str | None) -> None:
            if path:
                self.export_csv(str(Path(path).expanduser()))

        what = "the selection" if self._counts.get("selected") else "the current results"
        self.app.push_screen(
            PathModal(f"Export {what} as CSV to:", value=str(Path.cwd() / "voicehist-clips.csv")), done
        )

    def forget(self, ids: list[str] | None = None) -> None:
        """Ask, then remove audio and local transcripts of the selection (or the highlighted clip)."""
        from voicehist.tui.screens.modals import ConfirmModal

        if ids is None:
            ids = queries.selected_ids(self.vh.db)
            if not ids:
                cid = self.query_one(ClipList).current_id
                ids = [cid] if cid else []
        if not ids:
            self.notify("Nothing to forget.", severity="warning")
            return
        chosen = list(ids)

        def done(yes: bool | None) -> None:
            if yes:
                self.vh.player.stop()
                self._write(forget_note(chosen))

        self.app.push_screen(
            ConfirmModal(
                f"Forget {len(chosen)} clip(s)?",
                "Their audio files and local transcripts are removed from voicehist's store.\n"
                "Times, devices and vendor transcripts stay (deletion requests need them).\n"
                "Nothing changes at the vendor.",
                yes="Forget",
            ),
            done,
        )

    def action_forget(self) -> None:
        self.forget()

    # -- focus -------------------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one(ClipList).focus()

    # -- playback ----------------------------------------------------------------------------------
    def action_play(self) -> None:
        clip = self.current_clip()
        if clip is None:
            self.notify("No clip highlighted.", severity="warning")
            return
        if not clip.get("audio_path"):
            self.notify(clip.get("audio_problem") or "This clip has no audio.", severity="warning")
            return
        from voicehist.store import audio_dir_of

        path = str(audio_dir_of(self.vh.db) / clip["audio_path"])
        self._playing_words = list(clip.get("words") or [])
        self._play(clip["id"], path)

    @work(thread=True, exclusive=True, group="play", exit_on_error=False)
    def _play(self, clip_id: str, path: str) -> None:
        from voicehist.audio.decode import decode
        from voicehist.audio.levels import levels

        decoded = decode(path)
        lv = levels(decoded.samples, 80)
        duration = self.vh.player.play(decoded, clip_id)
        self.post_message(PlaybackStarted(clip_id, duration, lv))

    @on(PlaybackStarted)
    def _playback_started(self, event: PlaybackStarted) -> None:
        self._playing_id = event.clip_id
        bar = self.query_one(PlayerBar)
        bar.levels = event.levels
        self.tick()

    def action_stop(self) -> None:
        self.vh.player.stop()
        self.tick()

    def action_replay(self) -> None:
        clip = self.current_clip()
        if self._playing_id and (clip is None or clip["id"] != self._playing_id):
            self.notify("Replaying the last clip played.", timeout=2)
        if self._playing_id is None:
            self.action_play()
            return
        self._replay()

    @work(thread=True, exclusive=True, group="play", exit_on_error=False)
    def _replay(self) -> None:
        self.vh.player.replay()

    def action_play_next(self) -> None:
        clips = self.query_one(ClipList)
        clips.move_to(clips.cursor + 1)
        self.action_play()

    def tick(self) -> None:
        """Move the position, the level line and the word highlight (10 times a second)."""
        if self._playing_id is None:
            return
        from voicehist.store.transcripts import word_index_at

        st = self.vh.player.status()
        key = (st.clip_id, round(st.position, 1), st.playing, self.query_one(DetailPane).clip is not None)
        if key == getattr(self, "_last_tick", None):
            return  # nothing moved (finished or stopped): no repaint
        self._last_tick = key
        idx = word_index_at(self._playing_words, st.position) if st.playing else None
        word = self._playing_words[idx]["word"] if idx is not None else None
        self.query_one(PlayerBar).show_position(st.playing, st.position, st.duration, word)
        detail = self.query_one(DetailPane)
        if detail.clip and detail.clip["id"] == self._playing_id:
            detail.highlight_word(idx)

    # -- long jobs: import, transcribe, detect -----------------------------------------------------
    def start_job(self, job: str, paths: list[str] | None = None) -> None:
        if self._job is not None:
            self.notify(f"{self._job} is still running (Ctrl+K cancels it).", severity="warning")
            return
        self._job = job
        self.query_one("#jobbar").display = True
        self.query_one("#job-label", Label).update(f"{job}: starting…")
        self.query_one("#job-progress", ProgressBar).update(total=None, progress=0)
        self._run_job(job, paths or [])

    @work(thread=True, exclusive=True, group="job", exit_on_error=False)
    def _run_job(self, job: str, paths: list[str]) -> None:
        from voicehist.store import open_db
        from voicehist.tui.jobs import run_job

        worker = get_current_worker()
        db = open_db(self.vh.db_path)
        try:
            summary = run_job(
                job,
                db,
                paths,
                progress=lambda d, t, label: self._post_progress(job, d, t, label),
                cancel=lambda: worker.is_cancelled,
            )
        finally:
            db.close()
            self.app.call_from_thread(self._job_done)
        self.post_message(JobFinished(job, summary))

    def _post_progress(self, job: str, done: int, total: int, label: str) -> None:
        self.post_message(JobProgress(job, done, total, label))

    def _job_done(self) -> None:
        self._job = None
        self.query_one("#jobbar").display = False

    @on(JobProgress)
    def _job_progress(self, event: JobProgress) -> None:
        self.query_one("#job-label", Label).update(f"{event.job}: {event.label}  (Ctrl+K cancels)")
        self.query_one("#job-progress", ProgressBar).update(total=max(1, event.total), progress=event.done)

    @on(JobFinished)
    def _job_finished(self, event: JobFinished) -> None:
        self.notify(event.summary, title=event.job, timeout=6)
        self.post_message(DataChanged())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_job":
            return self._job is not None  # otherwise Ctrl+K stays the input's "delete to the end"
        return True

    def action_cancel_job(self) -> None:
        if self._job is None:
            self.notify("No job is running.", timeout=2)
            return
        self.workers.cancel_group(self, "job")
        self.notify(f"Cancelling {self._job}; finished work is kept.", timeout=3)

    @property
    def job(self) -> str | None:
        return self._job

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)
