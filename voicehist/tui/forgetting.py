"""Forget from the main screen: ask first, then remove the audio and local transcripts of the selection (else
of the highlighted clip) in the screen's write worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from voicehist.store import Database, forget, queries
from voicehist.store.records import ClipRow
from voicehist.tui.decisions import WriteOp, clips_words
from voicehist.tui.messages import DataChanged
from voicehist.tui.screens.modals import ConfirmModal
from voicehist.tui.text import fmt_number

WHAT_STAYS = (
    "Their audio files and local transcripts are removed from voicehist's store. "
    "Times, devices and vendor transcripts stay: deletion requests need them. "
    "Nothing changes at the vendor."
)


def forget_op(ids: list[str] | None) -> WriteOp:
    """The write that forgets ``ids`` (None: the clips selected when it runs)."""

    def op(db: Database) -> DataChanged:
        summary = forget.forget_clips(db, ids if ids is not None else queries.selected_ids(db))
        return DataChanged(f"Forgot {clips_words(summary.clips)} ({summary.audio_files_removed} audio files removed).")

    return op


class Forgetting:
    def __init__(
        self,
        app: App[Any],
        write: Callable[[WriteOp], object],
        before: Callable[[], None],
        notify: Callable[[str], None],
    ) -> None:
        self._app = app
        self._write = write
        self._before = before  # stop playback: the audio is about to go
        self._notify = notify

    def ask(self, selected: int, row: ClipRow | None) -> None:
        """The ``selected`` clips; with none selected, the highlighted one (``row``)."""
        if not selected and row is None:
            self._notify("Nothing is selected and no clip is highlighted.")
            return
        if selected:
            ids, what = None, "the selected clip" if selected == 1 else f"the {selected:,} selected clips"
        else:
            assert row is not None
            ids, what = [row.id], f"the highlighted clip {fmt_number(row.number)}"

        def done(yes: bool | None) -> None:
            if yes:
                self._before()
                self._write(forget_op(ids))

        body = WHAT_STAYS + ("" if selected else "\n(Nothing is selected, so this is the highlighted clip.)")
        self._app.push_screen(ConfirmModal(f"Forget {what}?", body, yes="Forget"), done)
