"""The job line: one long job at a time (import, transcribe, detect) in a worker, its progress, Ctrl+K cancels.

The job's end is signalled once, by :class:`JobBar.Finished` (posted from the worker thread whatever happened).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, ProgressBar
from textual.worker import Worker, get_current_worker

from voicehist.safetext import visible
from voicehist.store import open_db
from voicehist.tui import jobs
from voicehist.tui.failures import report_failure


class JobBar(Horizontal):
    class Progress(Message):
        """Progress of the running job. A flood collapses to the newest."""

        def __init__(self, job: str, done: int, total: int, label: str) -> None:
            super().__init__()
            self.job = job
            self.done = done
            self.total = total
            self.label = label

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, JobBar.Progress) and message.job == self.job

    class Finished(Message):
        """The job ended; ``summary`` is None when it failed (the failure is reported on its own)."""

        def __init__(self, job: str, summary: jobs.JobSummary | None) -> None:
            super().__init__()
            self.job = job
            self.summary = summary

    def __init__(self, db_path: Path, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.db_path = db_path
        self.job: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="job-label")
        yield ProgressBar(id="job-progress", show_eta=False)

    def on_mount(self) -> None:
        self.display = False

    def start(self, job: jobs.Job, paths: list[str] | None = None) -> bool:
        """Start ``job``; False (and a message) when another one is running."""
        if self.job is not None:
            self.notify(f"{self.job} is still running (Ctrl+K cancels it).", severity="warning")
            return False
        self.job = job
        self.display = True
        self.query_one("#job-label", Label).update(f"{job}: starting…")
        self.query_one("#job-progress", ProgressBar).update(total=None, progress=0)
        self._run(job, list(paths or []))
        return True

    def cancel(self) -> None:
        if self.job is None:
            self.notify("No job is running: nothing to cancel.", timeout=3)
            return
        self.workers.cancel_group(self, "job")
        self.notify(f"Cancelling {self.job}; finished work is kept.", timeout=3)

    @work(thread=True, exclusive=True, group="job", exit_on_error=False)
    def _run(self, job: jobs.Job, paths: list[str]) -> None:
        worker = get_current_worker()
        summary: jobs.JobSummary | None = None

        def progress(done: int, total: int, label: str) -> None:
            self.post_message(self.Progress(job, done, total, label))

        try:
            db = open_db(self.db_path)
            try:
                summary = jobs.run_job(
                    job,
                    db,
                    paths,
                    progress=progress,
                    cancel=lambda: worker.is_cancelled,
                )
            finally:
                db.close()
        finally:
            self.post_message(self.Finished(job, summary))

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        self.query_one("#job-label", Label).update(Text(f"{event.job}: {visible(event.label)}  (Ctrl+K cancels)"))
        self.query_one("#job-progress", ProgressBar).update(total=max(1, event.total), progress=event.done)

    @on(Finished)
    def _finished(self) -> None:
        self.job = None
        self.display = False  # the message bubbles on to the screen

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)
