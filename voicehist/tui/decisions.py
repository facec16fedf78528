"""The user's decisions from the main screen: flag one clip or the selection, and undo the last change.

A plain object: it builds each write (a function of a database connection that says what it did) and hands
it to ``write``, which the screen runs in a worker; ``notify`` tells the user why nothing happened."""

from __future__ import annotations

from collections.abc import Callable

from voicehist.store import Database, queries
from voicehist.store.queries import Decision
from voicehist.store.records import ClipRow
from voicehist.tui.messages import DataChanged, Undo
from voicehist.tui.text import fmt_number

WriteOp = Callable[[Database], DataChanged]
WORDS: dict[Decision | None, str] = {"accidental": "accidental", "not_accidental": "not accidental", None: "unset"}


def clips_words(n: int) -> str:
    return f"{n:,} clip" + ("" if n == 1 else "s")


class Decisions:
    def __init__(self, write: Callable[[WriteOp], object], notify: Callable[[str], None]) -> None:
        self._write = write
        self._notify = notify
        self.undo: Undo | None = None  # what the last change replaced

    def changed(self, event: DataChanged) -> None:
        """A write finished: remember what it replaced, if it says."""
        if event.undo is not None:
            self.undo = event.undo

    def decide(self, ids: list[str], decision: Decision | None, what: str) -> None:
        def op(db: Database) -> DataChanged:
            before = queries.decisions_of(db, ids)
            n = queries.set_decision(db, ids, decision)
            return DataChanged(f"Marked {what} {WORDS[decision]}." if n else "", undo=before)

        self._write(op)

    def flag(self, row: ClipRow | None, decision: Decision | None) -> bool:
        """The highlighted clip (``row``); False when there is none."""
        if row is None:
            self._notify("No clip highlighted.")
            return False
        self.decide([row.id], decision, fmt_number(row.number) or "the clip")
        return True

    def flag_selection(self, selected: int, row: ClipRow | None, decision: Decision | None) -> None:
        """The ``selected`` clips; with nothing selected, the highlighted clip (the same rule as Del)."""
        if selected:

            def op(db: Database) -> DataChanged:
                ids = queries.selected_ids(db)
                before = queries.decisions_of(db, ids)
                queries.set_decision(db, ids, decision)
                return DataChanged(f"Marked {selected:,} selected clips {WORDS[decision]} (z undoes).", undo=before)

            self._write(op)
            return
        if row is None:
            self._notify("Nothing is selected and no clip is highlighted.")
            return
        self.decide([row.id], decision, f"the highlighted clip {fmt_number(row.number)} (nothing is selected):")

    def undo_last(self) -> None:
        before, self.undo = self.undo, None
        if before is None:
            self._notify("Nothing to undo.")
            return

        def op(db: Database) -> DataChanged:
            queries.restore_decisions(db, before)
            return DataChanged(f"Undone: {clips_words(len(before))} back to how they were.")

        self._write(op)
