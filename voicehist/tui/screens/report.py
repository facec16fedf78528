"""The summary report in the app: the figures for the current filter, charts drawn with block characters, and
"save report as…" (text, Markdown, HTML or PDF, by the file's suffix).

The figures are computed in a thread worker on its own connection; the same renderer as `voicehist report`
draws them, so the app and the command line show the same numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker

from voicehist.errors import VoicehistError
from voicehist.report import compute, fmt, format_for, render, write_private
from voicehist.report.text import render as render_rich
from voicehist.store.queries import ClipFilter
from voicehist.tui.failures import report_failure
from voicehist.tui.reader import post_read
from voicehist.tui.screens.modals import ConfirmModal, InputModal


class ReportScreen(Screen[None]):
    DEFAULT_CSS = """
    ReportScreen { align: center top; }
    ReportScreen #report-body { width: 84; max-width: 100%; padding: 0 1; }
    ReportScreen #report-status { height: 1; color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="report.close", tooltip="Back to the clips"),
        Binding("s,ctrl+s", "save", "Save as…", id="report.save", tooltip="Save the report (txt, md, html, pdf)"),
        Binding("r", "refresh_report", "Refresh", show=False, id="report.refresh", tooltip="Compute the figures again"),
    ]

    class Ready(Message):
        def __init__(self, figures: Any) -> None:
            super().__init__()
            self.figures = figures

    def __init__(self, f: ClipFilter | None = None, *, now: str | None = None) -> None:
        super().__init__()
        self.filter = f or ClipFilter()
        self.now = now
        self.figures: Any = None

    def compose(self) -> ComposeResult:
        yield Static("Computing the report…", id="report-status")
        with VerticalScroll(id="report-scroll"):
            yield Static("", id="report-body")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh_report()

    def action_refresh_report(self) -> None:
        self.query_one("#report-status", Static).update("Computing the report…")
        self._compute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def _compute(self) -> None:
        db_path = Path(self.app.db_path)  # type: ignore[attr-defined]
        post_read(self, db_path, lambda db: self.Ready(compute(db, self.filter, now=self.now)), migrate=True)

    @on(Ready)
    def _show(self, event: Ready) -> None:
        self.figures = event.figures
        self.query_one("#report-body", Static).update(render_rich(event.figures))
        scope = fmt.filter_text(event.figures.filter)
        self.query_one("#report-status", Static).update(f"{event.figures.title} · {scope} · s: save as… · Esc: back")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_save(self) -> None:
        if self.figures is None:
            self.notify("The report is still being computed.", severity="warning")
            return

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()
            if target.is_file() or target.is_symlink():
                what = "is a symbolic link" if target.is_symlink() else "already exists"

                def answered(replace: bool | None) -> None:
                    if replace:  # a symbolic link itself is replaced, never what it points to (write_private)
                        self._save(path, overwrite=True)
                    else:
                        self.notify(f"Not saved: {target} {what} and was left as it is.", timeout=5)

                self.app.push_screen(
                    ConfirmModal("Replace the file?", f"{target} {what}. Replace it?", yes="Replace"), answered
                )
                return
            self._save(path)

        self.app.push_screen(
            InputModal("Save report as… (.txt, .md, .html or .pdf)", "report.html", str(Path.cwd() / "report.html")),
            chosen,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="report-save")
    def _save(self, path: str, overwrite: bool = False) -> None:
        target = Path(path).expanduser()
        kind = format_for(target)
        try:
            if kind is None:
                raise VoicehistError(f"{target.name}: end the name in .txt, .md, .html or .pdf")
            write_private(target, render(self.figures, kind), overwrite=overwrite)
        except (VoicehistError, OSError) as e:
            self.app.call_from_thread(self.notify, f"Not saved: {e}", severity="error", timeout=8)
            return
        self.app.call_from_thread(self.notify, f"Saved the {kind} report to {target}", timeout=5)
