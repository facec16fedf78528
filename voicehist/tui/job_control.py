"""Long jobs from the main screen: ask for an export to import, start and cancel a job, tell how it ended.

The :class:`JobBar` runs the job in a worker; this object is what the screen asks of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Input

from voicehist.safetext import markup_safe
from voicehist.tui.jobs import Job, JobSummary
from voicehist.tui.screens.modals import InputModal, MessageModal
from voicehist.tui.widgets.job_bar import JobBar

MAX_PROBLEMS_SHOWN = 200


def problems_message(job: str, problems: list[str]) -> tuple[str, str]:
    """The title and body of the modal listing a job's ``problems`` (the first 200, then how many more)."""
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    body = "\n".join(f"• {p}" for p in shown) + (f"\n… and {more:,} more" if more else "")
    return f"{job}: {len(problems):,} problem{'s' * (len(problems) != 1)}", body


def _exists(value: str) -> str | None:
    return None if Path(value).expanduser().exists() else f"There is no file or folder {value}."


class JobControl:
    def __init__(self, app: App[Any], bar: Callable[[], JobBar]) -> None:
        self._app = app
        self._bar = bar

    @property
    def running(self) -> str | None:
        return self._bar().job

    def start(self, job: Job, paths: list[str] | None = None) -> None:
        self._bar().start(job, paths)

    def ask_import(self) -> None:
        def done(path: str | None) -> None:
            if path:
                self.start("Import", [path])

        self._app.push_screen(InputModal("Import an export (zip, folder or JSON file):", "path", check=_exists), done)

    def cancel(self) -> None:
        self._bar().cancel()

    def can_cancel(self, focused: object) -> bool:
        """Ctrl+K cancels a job even while typing; with none running it stays the input's "delete to the end"."""
        return not (self.running is None and isinstance(focused, Input))

    def finished(self, job: str, summary: JobSummary | None) -> None:
        """Tell what the job did (None: it failed, and the failure was reported on its own)."""
        if summary is None:
            return
        self._app.notify(
            markup_safe(summary.text), title=job, severity="warning" if summary.problems else "information", timeout=8
        )
        if summary.problems:
            self._app.push_screen(MessageModal(*problems_message(job, summary.problems)))
