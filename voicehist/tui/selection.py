"""The selection from the main screen: toggle a row, add a range, select all, invert, clear.

A plain object, like :class:`voicehist.tui.decisions.Decisions`: each change is a write handed to ``write``."""

from __future__ import annotations

from collections.abc import Callable

from voicehist.store import Database, queries
from voicehist.store.queries import ClipFilter
from voicehist.tui.decisions import WriteOp, clips_words
from voicehist.tui.messages import DataChanged


class Selection:
    def __init__(self, write: Callable[[WriteOp], object]) -> None:
        self._write = write

    def set(self, ids: list[str], value: bool = True) -> None:
        """Select (or unselect) these clips; the header's count says it."""
        some = ClipFilter(ids=tuple(ids))

        def op(db: Database) -> DataChanged:
            queries.set_selected(db, some, value)
            return DataChanged()

        self._write(op)

    def select_all(self, f: ClipFilter) -> None:
        self._write(lambda db: DataChanged(f"Selected {clips_words(queries.set_selected(db, f, True))} more."))

    def invert(self, f: ClipFilter) -> None:
        self._write(
            lambda db: DataChanged(f"Inverted the selection of {clips_words(queries.invert_selection(db, f))}.")
        )

    def clear(self) -> None:
        def op(db: Database) -> DataChanged:
            n = queries.set_selected(db, ClipFilter(selected=True), False)
            return DataChanged(f"Cleared the selection ({clips_words(n)}).")

        self._write(op)
