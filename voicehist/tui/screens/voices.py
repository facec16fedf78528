"""The Voices screen: who was recorded. Each voice with its clips, devices, dates and pitch; listen to its
samples, name it, merge two voices, say that one is your child's, and filter the clip list by a voice.

Analysing new clips (decode, VAD, embedding) and every write run in thread workers on their own connection;
the table is filled from :func:`voicehist.voices.summary`, the same figures as ``voicehist voices``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, get_current_worker

from voicehist import voices as core
from voicehist.safetext import markup_safe, visible
from voicehist.store import Database, audio_dir_of
from voicehist.store.flags import resolve_ids
from voicehist.store.queries import get_clip
from voicehist.store.voices import voice_choices
from voicehist.tui.failures import report_failure
from voicehist.tui.reader import post_read, read
from voicehist.tui.screens.modals import ConfirmModal, InputModal
from voicehist.tui.widgets.clip_list import ClipList, header_text
from voicehist.tui.widgets.filter_bar import FilterBar
from voicehist.tui.widgets.player_bar import start_playback


def voice_label(v: dict[str, Any]) -> str:
    return v["name"] or f"voice {v['id']}"


class VoicesScreen(Screen[int | None]):
    """Dismissed with the voice to filter the clip list by (``f``), or None."""

    DEFAULT_CSS = """
    VoicesScreen #voices-status { height: auto; color: $text-muted; padding: 0 1; }
    VoicesScreen #voices-detail { height: auto; padding: 0 1; }
    VoicesScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="voices.close", tooltip="Back to the clips"),
        Binding("p", "play", "Listen", id="voices.play", tooltip="Play this voice's next sample clip"),
        Binding("n", "name", "Name", id="voices.name", tooltip="Name this voice"),
        Binding("m", "merge", "Merge", id="voices.merge", tooltip="Merge another voice into this one"),
        Binding("k", "child", "Child?", id="voices.child", tooltip="Mark or unmark this voice as your child's"),
        Binding("s", "split", "", show=False, id="voices.split", tooltip="This voice is two people: split it"),
        Binding("f", "filter", "Show clips", id="voices.filter", tooltip="Show this voice's clips in the list"),
        Binding("u", "update", "", show=False, id="voices.update", tooltip="Analyse new clips again"),
    ]

    class Loaded(Message):
        def __init__(self, doc: dict[str, Any]) -> None:
            super().__init__()
            self.doc = doc

    def __init__(self, *, update: bool = True) -> None:
        super().__init__()
        self.update_first = update
        self.doc: dict[str, Any] = {"voices": []}
        self._sample_turn: dict[int, int] = {}

    @property
    def _db_path(self) -> Path:
        return Path(self.app.db_path)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static("Listening for voices in new clips…", id="voices-status")
        yield DataTable(id="voices-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="voices-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("voice", "name", "clips", "devices", "first", "last", "pitch", "note")
        table.focus()
        self._load(self.update_first)

    # -- data --------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="voices")
    def _load(self, analyse: bool) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            text = f"Listening for voices: {done} of {total} new clip(s)… (Esc: stop, keep what is done)"
            self.app.call_from_thread(self._status, text)

        def load(db: Database) -> VoicesScreen.Loaded | None:
            if analyse:  # leaving the screen cancels the worker: the clips analysed so far are kept
                core.update(db, progress=progress, cancelled=lambda: worker.is_cancelled)
            return None if worker.is_cancelled else self.Loaded(core.summary(db))

        post_read(self, self._db_path, load, migrate=True)

    def _status(self, text: str) -> None:
        self.query_one("#voices-status", Static).update(Text(text))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        was = self.current()  # the cursor stays on the same voice, wherever a rename or merge moved it
        self.doc = event.doc
        table = self.query_one(DataTable)
        keep = table.cursor_row
        if was is not None:
            keep = next((i for i, v in enumerate(event.doc["voices"]) if v["id"] == was["id"]), keep)
        table.clear()
        for v in event.doc["voices"]:
            note = (
                "your child" if v["child"] else ("may be a child?" if v["may_be_child"] and v["child"] is None else "")
            )
            table.add_row(
                str(v["id"]),
                Text(visible(v["name"] or "")),
                str(v["clips"]),
                Text(visible(", ".join(v["devices"]))),
                (v["first"] or "")[:10],
                (v["last"] or "")[:10],
                f"{v['pitch_hz']} Hz" if v["pitch_hz"] else "-",
                note,
                key=str(v["id"]),
            )
        if event.doc["voices"]:
            table.move_cursor(row=min(keep, len(event.doc["voices"]) - 1))
        n = len(event.doc["voices"])
        once = event.doc.get("one_off_clips", 0)
        self._status(
            f"{n} voice(s)" + (f", and {once} heard in one clip only" if once else "")
            + " · p: listen · n: name · m: merge · k: child · f: show clips · Esc: back"
            if n
            else "No voices yet: no clip has enough speech with playable audio."
        )  # fmt: skip
        self._show_detail()

    def current(self) -> dict[str, Any] | None:
        table = self.query_one(DataTable)
        voices = self.doc.get("voices") or []
        if not voices or table.cursor_row < 0 or table.cursor_row >= len(voices):
            return None
        return voices[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        v = self.current()
        text = Text()
        if v is not None:
            text.append(f"{voice_label(v)}: ", "bold")
            text.append(f"{v['clips']} clip(s), {v['accidental']} accidental; samples ")
            text.append(", ".join(f"#{n}" for n in v["samples"][:5]) or "none")
            if v["child"] is None and v["may_be_child"]:
                text.append(f"\nmay be a child: {v['child_evidence']}. Only you can tell (k).", "yellow")
        self.query_one("#voices-detail", Static).update(text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    # -- actions -----------------------------------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss(None)

    def action_filter(self) -> None:
        v = self.current()
        if v is not None:
            self.dismiss(int(v["id"]))

    def action_update(self) -> None:
        self._status("Listening for voices in new clips…")
        self._load(True)

    def action_play(self) -> None:
        v = self.current()
        if v is None or not v["samples"]:
            self.notify("This voice has no clip with playable audio.", severity="warning")
            return
        turn = self._sample_turn.get(v["id"], 0)
        number = v["samples"][turn % len(v["samples"])]
        self._sample_turn[v["id"]] = turn + 1
        self._play(number)
        self.notify(markup_safe(f"Playing #{number} ({voice_label(v)}); p again: the next sample"), timeout=3)

    @work(thread=True, exclusive=True, exit_on_error=False, group="voices-play")
    def _play(self, number: int) -> None:
        def sample(db: Database) -> tuple[str, Path | None]:
            (cid,) = resolve_ids(db, [str(number)])
            clip = get_clip(db, cid)
            return cid, audio_dir_of(db) / clip.audio_path if clip and clip.audio_path else None

        cid, path = read(self._db_path, sample, migrate=True)
        if path is not None:
            start_playback(self.app.player, path, cid)  # type: ignore[attr-defined]

    def action_name(self) -> None:
        v = self.current()
        if v is None:
            return

        def done(name: str | None) -> None:
            if name:
                self._write("rename", str(v["id"]), name)

        self.app.push_screen(InputModal(f"Name {voice_label(v)}:", "Emma", v["name"] or ""), done)

    def action_merge(self) -> None:
        v = self.current()
        if v is None:
            return

        def done(other: str | None) -> None:
            if other:
                self._write("merge", str(v["id"]), other)

        self.app.push_screen(
            InputModal(f"Which voice is the same person as {voice_label(v)}? (its number or name)", "2"), done
        )

    def action_child(self) -> None:
        v = self.current()
        if v is None:
            return
        if v["child"]:
            self._write("child", str(v["id"]), None)
            return
        body = (
            "Only you can say whose voice this is. Marked as your child's, its clips can be named in a COPPA request "
            "(a parent's request to delete a child's recordings)."
        )
        if v["may_be_child"]:
            body += f"\n\nWhat voicehist measured: {v['child_evidence']}."

        def done(yes: bool | None) -> None:
            if yes:
                self._write("child", str(v["id"]), True)

        self.app.push_screen(ConfirmModal(f"Is {voice_label(v)} your child's voice?", body, "Yes, my child"), done)

    def action_split(self) -> None:
        v = self.current()
        if v is None or v["clips"] < 2:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._write("split", str(v["id"]), None)

        self.app.push_screen(
            ConfirmModal(
                f"Split {voice_label(v)} in two?",
                "Its clips are divided where they differ most; the smaller part becomes a new voice (m merges back).",
                "Split",
            ),
            done,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="voices-write")
    def _write(self, what: str, voice: str, arg: Any) -> None:
        post_read(self, self._db_path, lambda db: self.Loaded(self._changed(db, what, voice, arg)), migrate=True)

    def _changed(self, db: Database, what: str, voice: str, arg: Any) -> dict[str, Any]:
        """Rename, merge, mark as a child's or split ``voice`` (in the write worker); the voices read again."""
        if what == "rename":
            core.rename(db, voice, arg)
        elif what == "merge":
            core.merge(db, voice, arg)
        elif what == "child":
            core.mark_child(db, voice, arg)
        elif what == "split":
            vid, new, moved = core.split(db, voice)
            said = (
                f"Split: {moved} clip(s) of voice {vid} are now voice {new}"
                + (" (one clip: a one-off voice, not listed; m merges it back by its number)" if moved == 1 else "")
                if new is not None
                else "Too few analysed clips to split."
            )
            self.app.call_from_thread(self.notify, said, timeout=8)
        return core.summary(db)


def open_voices(main: Any) -> None:
    """From the main screen (V): the Voices screen; ``f`` there filters the clip list by the chosen voice."""

    def chosen(voice: int | None) -> None:
        load_voice_choices(main)  # names may have changed
        if voice is not None:
            main.query_one(FilterBar).choose_voice(voice)

    main.app.push_screen(VoicesScreen(), chosen)


def load_voice_choices(main: Any) -> None:
    """Fill the filter row's voice choice (a thread worker on its own connection)."""

    def work_() -> None:
        options = [(label, str(vid)) for vid, label in read(main.db_path, voice_choices)]

        def show() -> None:
            main.query_one(FilterBar).set_voice_choices(options)
            cl = main.query_one(ClipList)
            if cl.show_voices != bool(options):
                cl.show_voices = bool(options)
                width = cl.scrollable_content_region.width
                main.query_one("#list-header").update(header_text(width, main._sort, cl.show_voices))
                cl.refresh()

        main.app.call_from_thread(show)

    main.run_worker(work_, thread=True, exclusive=True, group="voice-choices", exit_on_error=False)
