"""Where a failed worker goes: a plain notification for errors a user can act on, a modal for bugs."""

from __future__ import annotations

from textual.widget import Widget
from textual.worker import Worker, WorkerState

from voicehist.errors import VoicehistError
from voicehist.safetext import markup_safe
from voicehist.tui.screens.modals import MessageModal


def report_failure(node: Widget, event: Worker.StateChanged) -> None:
    """Call from ``on_worker_state_changed`` of any node that runs workers (the event does not bubble)."""
    if event.state != WorkerState.ERROR:
        return
    err = event.worker.error
    if isinstance(err, VoicehistError):
        node.notify(markup_safe(str(err), one_line=False), title="voicehist", severity="error", timeout=8)
    else:
        node.app.push_screen(
            MessageModal(
                "Something went wrong (a bug in voicehist)",
                f"{type(err).__name__}: {err}\n\nWhat you had done is kept. Please report this message.",
            )
        )
