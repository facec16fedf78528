"""Deletion requests in the app: a modal that builds one (live preview, save) and a screen that tracks them.

Every database call runs in a thread worker on its own connection; the widgets only show what comes back.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Input, Label, Select, Static
from textual.worker import Worker

from voicehist.errors import VoicehistError
from voicehist.paths import locations, write_private
from voicehist.requests import letter_of, make_request
from voicehist.requests.build import Requester, read_requester
from voicehist.requests.followup import record_letter, render_followup
from voicehist.requests.render import DEFAULT_SUFFIX, EXTENSIONS, format_for, render_note
from voicehist.requests.tracking import mark, timelines
from voicehist.requests.verify import verify_paths
from voicehist.settings import change_setting
from voicehist.store import Database
from voicehist.store.queries import ClipFilter, count_clips
from voicehist.store.requests import next_request_number, same_request, set_request_column
from voicehist.tui.failures import report_failure
from voicehist.tui.messages import DataChanged
from voicehist.tui.reader import post_read
from voicehist.tui.screens.modals import ConfirmModal, InputModal

if TYPE_CHECKING:
    from voicehist.requests.tracking import Timeline

PREVIEW_CSS = """
RequestModal { align: center middle; }
RequestModal #request-dialog { width: 96%; height: 92%; border: thick $primary; background: $surface; padding: 0 1; }
RequestModal #request-options { height: auto; margin: 0; }  /* 80x24: every line for the preview */
RequestModal #request-options Select { width: 1fr; max-width: 24; margin-right: 2; }
RequestModal #request-options #request-vendor { max-width: 16; }
RequestModal #request-options #request-format { max-width: 12; }
RequestModal #request-options Checkbox { width: auto; }
RequestModal #request-path { width: 1fr; }
RequestModal #request-who { height: auto; }
RequestModal #request-who Input { width: 1fr; margin-right: 1; }
RequestModal #request-preview { height: 1fr; border: round $secondary; }
RequestModal #request-status { height: auto; width: 100%; color: $warning; }
RequestModal #request-note-box { height: auto; max-height: 25%; border-left: thick $warning; padding-left: 1; }
RequestModal #request-note { height: auto; width: 100%; color: $text-muted; }
RequestModal #request-buttons { height: auto; align-horizontal: right; }
RequestModal #request-buttons Button { margin-left: 2; }
RequestsScreen #requests-note { height: auto; padding: 0 1; }
RequestsScreen #requests-keys { height: auto; padding: 0 1; color: $text-muted; }
RequestsScreen #requests-empty { height: auto; padding: 1 1 0 1; color: $text-muted; }
"""


DEADLINE_NOTE = (
    "Deadlines run from the day a request is marked sent. CCPA receipts: business days, holidays not counted."
)
MORE_KEYS = "Also: e extended · d done · f reminder · c complaint · x cancel the request (? lists every key)."
NO_REQUESTS = (
    "No deletion requests yet. On the main screen, D writes one for the selected clips (else for the accidental "
    "clips among those the search and filters show) and keeps track of it here; so does `voicehist request`."
)


def _today() -> _dt.date:
    return _dt.datetime.now(_dt.UTC).date()


def letter_folder(app: Any) -> Path:
    """Where letters go by default: the folder last chosen in this app, else the current directory; never
    voicehist's private folders."""
    folder = Path(getattr(app, "letter_folder", None) or Path.cwd())
    loc = locations()
    for private in (loc.data_dir, loc.cache_dir, loc.config_dir):
        if folder.resolve().is_relative_to(private.resolve()):
            return Path.home()
    return folder


def _refuse_existing(value: str) -> str | None:
    path = Path(value).expanduser()
    if path.exists() or path.is_symlink():
        return f"{path} already exists and is kept: give another file name"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return None


@dataclass
class _Choice:
    vendor: str | None
    law: str
    fmt: str
    access: bool
    path: str
    name: str = ""  # the requester, as typed in the form (config.toml's [requester] fills it in)
    email: str = ""


def _requester(choice: _Choice) -> Requester:
    """config.toml's requester, with the name and e-mail typed in the form."""
    base = read_requester()
    return replace(base, name=choice.name.strip() or base.name, email=choice.email.strip() or base.email)


def _make(db: Database, f: ClipFilter, choice: _Choice, fmt: str, **how: Any) -> Any:
    """:func:`make_request` for the form's ``choice`` (the preview: ``dry_run``; the save: ``out``)."""
    return make_request(
        db, f, vendor=choice.vendor, law=choice.law, requester=_requester(choice), fmt=fmt, access=choice.access,
        **how,
    )  # fmt: skip


class RequestModal(ModalScreen[str | None]):
    """Pick vendor, law and format, read the letter, save it. Dismisses with a note (None when cancelled)."""

    DEFAULT_CSS = PREVIEW_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="request.cancel")]

    class Previewed(Message):
        def __init__(
            self,
            text: str,
            problem: str | None,
            name: str | None = None,
            note: str = "",
            summary: str | None = None,
            chosen: tuple[ClipFilter, str] | None = None,
        ) -> None:
            super().__init__()
            self.text = text
            self.problem = problem
            self.name = name  # the default file name of this request (amazon-gdpr-request-3.md)
            self.note = note  # the note for the user: shown here, never part of the letter
            self.summary = summary  # what the letter names: "9 Amazon clip(s) (2 of another vendor left out)"
            self.chosen = chosen  # the fallback filter and its words, when the first choice matched nothing

    class Saved(Message):
        def __init__(self, note: str | None, problem: str | None) -> None:
            super().__init__()
            self.note = note
            self.problem = problem

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    def __init__(
        self,
        db_path: Path,
        f: ClipFilter,
        describe: str,
        vendor: str | None = None,
        fallback: tuple[ClipFilter, str] | None = None,
    ) -> None:
        super().__init__()
        self._db_path = Path(db_path)
        self._filter = f
        self._describe = describe
        self._vendor = vendor
        self._fallback = fallback  # (filter, words) to use instead when ``f`` matches no clip
        self._path_typed = False  # the user typed a path: the default name no longer follows the choices
        self._setting_path = False

    def _folder(self) -> Path:
        return letter_folder(self.app)

    def compose(self) -> ComposeResult:
        default = ""
        try:
            who = read_requester()
        except VoicehistError:
            who = None
        with Vertical(id="request-dialog"):
            yield Label(f"Deletion request: {self._describe}", id="dialog-title")
            with Horizontal(id="request-who"):
                yield Input(
                    value=(who.name or "") if who else "",
                    placeholder="your name (needed in the letter)",
                    id="request-name",
                    compact=True,
                )
                yield Input(
                    value=(who.email or "") if who else "",
                    placeholder="your account's e-mail",
                    id="request-email",
                    compact=True,
                )
            with Horizontal(id="request-options"):
                yield Select(
                    [("Amazon", "amazon"), ("Google", "google")],
                    prompt="vendor (auto)",  # blank: the vendor of the clips
                    value=self._vendor or Select.NULL,
                    id="request-vendor",
                    compact=True,
                )
                yield Select(
                    [("GDPR (EU/EEA)", "gdpr"), ("UK GDPR", "uk-gdpr"), ("CCPA (California)", "ccpa")],
                    value="gdpr",
                    allow_blank=False,
                    id="request-law",
                    compact=True,
                )
                yield Select(
                    [(f, f) for f in ("md", "txt", "html", "eml", "csv", "form")],
                    value="md",
                    allow_blank=False,
                    id="request-format",
                    compact=True,
                )
                yield Checkbox("access (Art. 15)", id="request-access", compact=True)
            yield Input(value=default, placeholder="save to (file)", id="request-path", compact=True)
            with VerticalScroll(id="request-note-box"):  # for you, not for the vendor: never in the letter
                yield Static("", id="request-note", markup=False)
            with VerticalScroll(id="request-preview"):
                yield Static("", id="request-preview-text", markup=False)
            yield Static("", id="request-status", markup=False)
            with Horizontal(id="request-buttons"):
                yield Button("Save and track", variant="primary", id="request-save", compact=True)
                yield Button("Cancel", id="request-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#request-path", Input).cursor_blink = not self.app.is_headless
        self._refresh_preview()

    def _choice(self) -> _Choice:
        vendor = self.query_one("#request-vendor", Select).value
        return _Choice(
            vendor=vendor if isinstance(vendor, str) else None,
            law=str(self.query_one("#request-law", Select).value),
            fmt=str(self.query_one("#request-format", Select).value),
            access=self.query_one("#request-access", Checkbox).value,
            path=self.query_one("#request-path", Input).value.strip(),
            name=self.query_one("#request-name", Input).value,
            email=self.query_one("#request-email", Input).value,
        )

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Changed, "#request-name")
    @on(Input.Changed, "#request-email")
    def _refresh_preview(self) -> None:
        self._preview(self._choice())

    @on(Input.Changed, "#request-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if not self._setting_path:
            self._path_typed = True
        fmt = EXTENSIONS.get(Path(event.value.strip()).suffix.lower())
        select = self.query_one("#request-format", Select)
        if fmt and select.value != fmt:
            select.value = fmt

    @work(thread=True, exclusive=True, group="request-preview", exit_on_error=False)
    def _preview(self, choice: _Choice) -> None:
        post_read(self, self._db_path, lambda db: self._previewed(db, choice))

    def _previewed(self, db: Database, choice: _Choice) -> Previewed:
        """The letter ``choice`` would write, not stored (in the preview worker)."""
        # read once: the UI thread may clear the fallback (_show_preview) while this worker runs
        f, fallback, chosen = self._filter, self._fallback, None
        try:
            if fallback is not None and count_clips(db, f) == 0 and count_clips(db, fallback[0]):
                f, chosen = fallback[0], fallback
            made = _make(db, f, choice, "txt", dry_run=True)
            problem = "; ".join(made.warnings) or None
            d = made.draft
            earlier = same_request(db, d.vendor.key, d.law.key, [c.id for c in d.clips])
            number = earlier or next_request_number(db)
            d.number = number
            if earlier:
                same = f"Request {earlier} already covers these clips: Save writes its letter, nothing new is tracked."
                problem = f"{same} {problem}" if problem else same
            name = f"{d.vendor.key}-{d.law.key}-request-{number}{DEFAULT_SUFFIX[choice.fmt]}"
            note = render_note(d, fmt=choice.fmt, wrap=False)
            named = len(d.clips)
            rest = count_clips(db, f) - named
            summary = f"{named} {d.vendor.name} clip(s)" + (
                f" ({rest} of another vendor left out: choose it in the vendor box for them)" if rest > 0 else ""
            )
            return self.Previewed(made.content.decode("utf-8"), problem, name, note, summary=summary, chosen=chosen)
        except VoicehistError as e:
            return self.Previewed("", str(e), chosen=chosen)

    @on(Previewed)
    def _show_preview(self, event: Previewed) -> None:
        problem = event.problem
        if problem:  # the command line's advice on the requester; here the form asks
            problem = _NO_REQUESTER.sub(
                "Type your name and your account's e-mail above: the letter needs them (they are kept in"
                " config.toml for the next letter).",
                problem,
            )
        event.problem = problem
        if event.chosen is not None:  # nothing accidental among the results: every result, and the title says so
            self._filter, self._describe = event.chosen
            self._fallback = None
        title = f"Deletion request: {self._describe}"
        if event.summary:
            title = f"Deletion request for {event.summary}: {self._describe}"
        self.query_one("#dialog-title", Label).update(Text(title))
        self.query_one("#request-preview-text", Static).update(reflow(event.text))
        self.query_one("#request-status", Static).update(Text(event.problem or ""))
        self.query_one("#request-note", Static).update(Text(event.note))
        if event.name and not self._path_typed:
            self._setting_path = True
            try:
                self.query_one("#request-path", Input).value = str(self._folder() / event.name)
            finally:
                self._setting_path = False

    @on(Button.Pressed, "#request-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#request-save")
    def _save_pressed(self) -> None:
        choice = self._choice()
        if not choice.path:
            self.query_one("#request-status", Static).update("Give a file to save the letter to.")
            return
        target = Path(choice.path).expanduser()
        if target.exists() or target.is_symlink():

            def answered(replace: bool | None) -> None:
                if replace:
                    self._save(choice, True)
                else:
                    self.query_one("#request-status", Static).update(
                        Text(f"{target} is there already and was kept; choose another file name.")
                    )

            self.app.push_screen(
                ConfirmModal("Replace the file?", f"{target} already exists. Replace it with this letter?", "Replace"),
                answered,
            )
            return
        self._save(choice, False)

    @work(thread=True, exclusive=True, group="request-save", exit_on_error=False)
    def _save(self, choice: _Choice, overwrite: bool = False) -> None:
        post_read(self, self._db_path, lambda db: self._saved_to(db, choice, overwrite))

    def _saved_to(self, db: Database, choice: _Choice, overwrite: bool) -> Saved:
        """Store the request ``choice`` makes and write its letter (in the save worker)."""
        target = Path(choice.path).expanduser()
        try:
            made = _make(db, self._filter, choice, choice.fmt, out=str(target), overwrite=overwrite)
            _remember_requester(choice)
        except VoicehistError as e:
            return self.Saved(None, str(e))
        d = made.draft
        what = f"{len(d.clips)} {d.vendor.name} clip(s) under {d.law.title}"
        note = (
            f"Request {made.number} already covers these {what}; its letter was written to {choice.path}."
            if made.existing
            else f"Request {made.number} stored: {what}, written to {choice.path}."
        )
        self.app.call_from_thread(setattr, self.app, "letter_folder", str(target.parent))
        return self.Saved(note, None)

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        if event.problem:
            self.query_one("#request-status", Static).update(Text(event.problem))
            return
        self.dismiss(event.note)


class RequestsScreen(Screen[None]):
    """Tracked requests with their deadlines (overdue in the error colour); mark them, verify a later export."""

    DEFAULT_CSS = PREVIEW_CSS
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="requests.back"),
        # one word each, and the rarer ones off the footer (the line under the table and `?` list them): at 80
        # columns every key shown must fit
        Binding("s", "mark('sent')", "Sent", id="requests.sent", tooltip="Mark the request sent today"),
        Binding("a", "mark('answered')", "Answered", id="requests.answered", tooltip="Mark it answered today"),
        Binding("e", "mark('extended')", "Extended", show=False, id="requests.extended", tooltip="It was extended"),
        Binding("d", "mark('done')", "Done", show=False, id="requests.done", tooltip="Every clip is gone"),
        Binding("v", "verify", "Verify", id="requests.verify", tooltip="Verify against a later export"),
        Binding("w", "letter('show')", "Letter", id="requests.write", tooltip="Write the request's letter again"),
        Binding("f", "letter('followup')", "Reminder", show=False, id="requests.followup", tooltip="A reminder"),
        Binding("c", "letter('complain')", "Complaint", show=False, id="requests.complain", tooltip="A complaint"),
        Binding("x", "cancel_request", "Cancel request", show=False, id="requests.cancel", tooltip="Cancel it"),
    ]
    LETTERS = {
        "show": ("Write request {n}'s letter to (md, txt, html, csv, eml or form .txt):", ".md"),
        "followup": ("Write the reminder for request {n} to (txt, md or eml):", "-reminder.txt"),
        "complain": ("Write the complaint about request {n} to the authority (eml attaches the evidence):",
                     "-complaint.eml"),
    }  # fmt: skip
    COLUMNS = ("#", "vendor", "law", "clips", "created", "sent", "ack due", "answer due", "answered", "status",
               "last check")  # fmt: skip
    NARROW_COLUMNS = ("#", "vendor", "law", "clips", "sent", "answer due", "status")  # under 120 columns

    class Loaded(Message):
        def __init__(self, rows: list[Timeline], note: str | None = None, problem: str | None = None) -> None:
            super().__init__()
            self.rows = rows
            self.note = note
            self.problem = problem

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self._db_path = Path(db_path)
        self.rows: list[Timeline] = []
        self.columns: tuple[str, ...] = self.COLUMNS

    def compose(self) -> ComposeResult:
        yield Label("Deletion requests", id="dialog-title")
        yield DataTable(id="requests-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="requests-empty")
        yield Static(DEADLINE_NOTE, id="requests-note")  # a Static wraps at 80 columns; a Label was cut
        yield Static(MORE_KEYS, id="requests-keys")  # the keys the footer leaves out
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.columns = self.COLUMNS if self.app.size.width >= 120 else self.NARROW_COLUMNS
        if self.columns is self.NARROW_COLUMNS:
            self.query_one("#requests-note", Static).update(
                DEADLINE_NOTE + " A wider terminal (120 columns) also shows created, the CCPA receipt due date,"
                " answered and the last verification."
            )
        for col in self.columns:
            table.add_column(col, key=col)
        self._run()

    @work(thread=True, exclusive=True, group="requests", exit_on_error=False)
    def _run(self, change: Callable[[Database], str] | None = None) -> None:
        """``change`` (which says what it did) on this worker's own connection, then the requests read again;
        a :class:`VoicehistError` it raises is told to the user."""

        def work(db: Database) -> RequestsScreen.Loaded:
            note = problem = None
            try:
                note = change(db) if change is not None else None
            except VoicehistError as e:
                problem = str(e)
            return self.Loaded(timelines(db, _today()), note, problem)

        post_read(self, self._db_path, work)

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.rows = event.rows
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        error = self.app.theme_variables.get("error", "red")
        for t in event.rows:
            due = Text(t.answer_due or "")
            status = Text(t.status)
            if t.overdue:
                due.stylize(f"bold {error}")
                status = Text("OVERDUE", style=f"bold {error}")
            check = ""
            if t.last_checked:
                check = f"{t.gone} gone, {t.still_present} present, {t.unverifiable} ?"
            values = [str(t.id), t.vendor, t.law, str(t.clips), t.created, t.sent or "", t.ack_due or "", due,
                      t.answered or "", status, check]  # fmt: skip
            cells = dict(zip(self.COLUMNS, values, strict=True))
            table.add_row(*(cells[c] for c in self.columns), key=str(t.id))
        if event.rows:
            table.move_cursor(row=min(row, len(event.rows) - 1))
        late = [str(t.id) for t in event.rows if t.overdue]
        self.query_one("#requests-empty", Static).update(
            NO_REQUESTS
            if not event.rows
            else (
                f"Overdue: {', '.join(late)}. f writes a reminder to the vendor, c a complaint to the authority"
                " with what `verify` found."
                if late
                else ""
            )  # fmt: skip
        )
        self.query_one("#requests-empty", Static).display = not event.rows or bool(late)
        if event.note:
            self.notify(event.note, timeout=3)
        if event.problem:
            self.notify(event.problem, severity="error", timeout=8)

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)].id

    def action_mark(self, event: str) -> None:
        number = self._current()
        if number is not None:
            self._run(lambda db: _marked(db, number, event))

    def action_letter(self, kind: str) -> None:
        number = self._current()
        if number is None:
            return
        row = next(r for r in self.rows if r.id == number)
        if kind != "show" and not row.overdue:
            due = f" (answer due {row.answer_due})" if row.answer_due else " (not marked sent)"
            self.notify(f"Request {number} is not overdue{due}: a {'reminder' if kind == 'followup' else 'complaint'}"
                        " comes after the deadline.", severity="warning", timeout=6)  # fmt: skip
            return
        title, suffix = self.LETTERS[kind]
        default = letter_folder(self.app) / f"{row.vendor}-{row.law}-request-{number}{suffix}"

        def done(path: str | None) -> None:
            if path:
                self._run(lambda db: self._letter_written(db, kind, number, str(Path(path).expanduser())))

        self.app.push_screen(InputModal(title.format(n=number), "file", str(default), _refuse_existing), done)

    def _letter_written(self, db: Database, kind: str, number: int, path: str) -> str:
        """Write request ``number``'s letter, reminder or complaint (``kind``) to ``path`` (in the worker)."""
        now = _dt.datetime.now(_dt.UTC)
        if kind == "show":
            letter_of(db, number, format_for(path, None), out=path)
            note = f"Request {number}'s letter written to {path}."
        else:
            fmt = format_for(path, None)
            _, content = render_followup(db, number, kind, fmt if fmt in ("txt", "md", "eml") else "txt", now)
            write_private(path, content)
            record_letter(db, number, kind, now.date())
            what = "reminder" if kind == "followup" else "complaint"
            note = f"Request {number}: the {what} was written to {path}."
        self.app.call_from_thread(setattr, self.app, "letter_folder", str(Path(path).parent))
        return note

    def action_cancel_request(self) -> None:
        number = self._current()
        if number is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._run(lambda db: _marked(db, number, "cancel"))

        self.app.push_screen(
            ConfirmModal(f"Cancel request {number}?", "It stays listed as cancelled and is no longer verified.",
                         "Cancel it"), done)  # fmt: skip

    def action_verify(self) -> None:
        def done(path: str | None) -> None:
            if path:
                self._run(lambda db: _verified(db, path))

        self.app.push_screen(InputModal("Verify against a later export (zip, folder or JSON file):", "path"), done)

    def action_close(self) -> None:
        self.app.pop_screen()
        # a verify, a cancel or a mark here changes the list's marks and the detail pane: they follow
        self.app.screen.post_message(DataChanged())


def _marked(db: Database, number: int, event: str) -> str:
    """Mark request ``number``: sent, answered, extended, done, or cancelled (``cancel``), as of today."""
    if event == "cancel":
        set_request_column(db, number, "cancelled_on", _today().isoformat())
        return f"Request {number} cancelled."
    mark(db, str(number), event, _today())
    return f"Request {number} marked {event}."


def _verified(db: Database, path: str) -> str:
    """Verify the tracked requests against the later export at ``path`` (imported first), in words."""
    found = verify_paths(db, [str(Path(path).expanduser())])
    parts = [f"{r.id}: {len(r.gone)} gone, {len(r.still_present)} still present" for r in found.requests]
    note = f"Imported {found.report.new} new clip(s). " + ("; ".join(parts) or "No open requests.")
    if found.report.new:
        note += (
            " The new clips are not transcribed or scored yet: on the main screen, Ctrl+P"
            ' "Transcribe pending clips", then "Run the automatic detector".'
        )
    return note


# make_request's warning when the requester is not set (it ends with the command that sets it)
_NO_REQUESTER = re.compile(r"no requester [^;]*;.*?\(and requester\.email\)", re.S)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)]|#\d+|\[\d+\])\s")


def reflow(letter: str, width: int = 78) -> str:
    """The text letter (wrapped at ``width`` for e-mail) with each wrapped paragraph joined into one line again,
    so that the preview wraps it once, to its own width, instead of cutting every line a second time. Lines that
    start a list item, table rows and short lines (a heading, an address) stay as they are."""
    out: list[str] = []
    for line in letter.split("\n"):
        prev = out[-1] if out else ""
        continues = (
            prev.strip()
            and line.strip()
            and len(prev) >= width - 24
            and not _LIST_ITEM.match(line)
            and "|" not in line
            and "|" not in prev
        )
        if continues:
            out[-1] = prev.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _remember_requester(choice: _Choice) -> None:
    """A name or e-mail typed in the form that config.toml does not hold yet is kept there for the next letter
    (`voicehist config` shows it; one already set is never changed from here)."""
    have = read_requester()
    pairs = (("requester.name", choice.name, have.name), ("requester.email", choice.email, have.email))
    for key, typed, known in pairs:
        if typed.strip() and not known:
            try:
                change_setting(key, typed)
            except VoicehistError:
                pass  # a malformed e-mail stays in this letter only; the letter itself was written


def open_request_modal(main: Any) -> None:
    """From the main screen: a request for the selection; with nothing selected, for the clips counted as
    accidental among the results (never the intended ones, unless the flag filter itself asks for them, or none
    of the results counts as accidental: then all of them, and the title says so)."""
    counts = getattr(main, "counts", {}) or {}
    fallback: tuple[ClipFilter, str] | None = None
    if counts.get("selected"):
        f, describe = ClipFilter(selected=True), f"the {counts['selected']} selected clip(s)"
    else:
        f = main.current_filter()
        if f.flagged is None:
            fallback = (f, "nothing selected and no result counts as accidental, so every clip the results show")
            f = f.with_(flagged="flagged")
            describe = "nothing selected, so the clips counted as accidental among the results"
        else:
            describe = "nothing selected, so the clips the search and filters show"

    def done(note: str | None) -> None:
        if note:
            main.notify(note, timeout=6)
            main.post_message(DataChanged())  # the list's request marks and the detail pane follow

    main.app.push_screen(RequestModal(main.app.db_path, f, describe, fallback=fallback), done)


def open_requests_screen(main: Any) -> None:
    main.app.push_screen(RequestsScreen(main.app.db_path))
