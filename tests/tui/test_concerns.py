"""The main screen's concerns as plain objects, on a real SQLite file: each builds the write the screen runs in
a worker; here the writes run in turn, as the worker would, and what they say is what the user reads."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.clips import make_clip
from voicehist.errors import VoicehistError
from voicehist.store import queries
from voicehist.store.queries import ClipFilter
from voicehist.tui.decisions import Decisions, WriteOp
from voicehist.tui.exporting import DEFAULT_NAME, check_target, export_op
from voicehist.tui.forgetting import forget_op
from voicehist.tui.job_control import problems_message
from voicehist.tui.messages import DataChanged
from voicehist.tui.selection import Selection


def _fill(db: Database, n: int = 5) -> list[str]:
    ids = [f"c{i}" for i in range(n)]
    db.table("clips").insert_all(
        {"id": cid, "vendor": "alexa", "recorded_at": f"2024-03-0{i + 1}T10:00:00Z", "number": i + 1, "selected": 0}
        for i, cid in enumerate(ids)
    )
    return ids


class Worker:
    """Runs each write on the connection, as the screen's write worker does, and keeps what they said."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.said: list[DataChanged] = []
        self.notes: list[str] = []

    def write(self, op: WriteOp) -> None:
        self.said.append(op(self.db))

    def notify(self, text: str) -> None:
        self.notes.append(text)


def test_decisions_flag_the_selection_and_undo_it(db: Database) -> None:
    ids = _fill(db)
    w = Worker(db)
    decisions = Decisions(w.write, w.notify)
    assert decisions.flag(make_clip(id=ids[0], number=1), "not_accidental")
    assert w.said[-1].note == "Marked #1 not accidental."
    decisions.changed(w.said[-1])
    queries.set_selected(db, ClipFilter(ids=tuple(ids[:3])), True)
    decisions.flag_selection(3, None, "accidental")
    assert w.said[-1].note == "Marked 3 selected clips accidental (z undoes)."
    decisions.changed(w.said[-1])
    assert queries.decisions_of(db, ids[:3]) == dict.fromkeys(ids[:3], "accidental")
    decisions.undo_last()  # back to before the bulk change: c0 not accidental, c1 and c2 undecided
    assert w.said[-1].note == "Undone: 3 clips back to how they were."
    assert queries.decisions_of(db, ids[:3]) == {ids[0]: "not_accidental", ids[1]: None, ids[2]: None}
    decisions.undo_last()
    assert w.notes == ["Nothing to undo."] and len(w.said) == 3


def test_decisions_say_why_nothing_happened(db: Database) -> None:
    _fill(db)
    w = Worker(db)
    decisions = Decisions(w.write, w.notify)
    assert not decisions.flag(None, "accidental")
    decisions.flag_selection(0, None, None)
    assert w.notes == ["No clip highlighted.", "Nothing is selected and no clip is highlighted."] and not w.said


def test_selection_toggles_selects_all_inverts_and_clears(db: Database) -> None:
    ids = _fill(db)
    w = Worker(db)
    selection = Selection(w.write)
    selection.set([ids[0]])
    assert queries.selected_ids(db) == [ids[0]]
    selection.set([ids[0]], False)
    assert queries.selected_ids(db) == []
    selection.select_all(ClipFilter(since="2024-03-03"))
    assert w.said[-1].note == "Selected 3 clips more." and sorted(queries.selected_ids(db)) == ids[2:]
    selection.invert(ClipFilter())
    assert sorted(queries.selected_ids(db)) == ids[:2]
    selection.clear()
    assert w.said[-1].note == "Cleared the selection (2 clips)." and queries.selected_ids(db) == []


def test_a_jobs_problems_are_listed_up_to_200() -> None:
    title, body = problems_message("Import", [f"f{i}.json: bad" for i in range(203)])
    assert title == "Import: 203 problems"
    assert body.startswith("• f0.json: bad\n") and body.endswith("• f199.json: bad\n… and 3 more")
    assert problems_message("Import", ["a: b"]) == ("Import: 1 problem", "• a: b")


def test_export_checks_its_target_and_writes_the_clips_picked(db: Database, tmp_path: Path) -> None:
    ids = _fill(db)
    assert check_target(str(tmp_path)) == f"{tmp_path} is a folder: add a file name, e.g. {tmp_path / DEFAULT_NAME}"
    assert "There is no folder" in (check_target(str(tmp_path / "no" / "x.csv")) or "")
    target = tmp_path / "out.csv"
    assert check_target(str(target)) is None
    said = export_op(ClipFilter(since="2024-03-04"), target)(db)
    assert said.note == f"Exported 2 clips to {target}."
    assert [r["id"] for r in csv.DictReader(target.open(encoding="utf-8"))] == [ids[4], ids[3]]
    with pytest.raises(VoicehistError):  # an existing file is kept unless the user said replace
        export_op(ClipFilter(), target)(db)
    assert export_op(ClipFilter(), target, overwrite=True)(db).note == f"Exported 5 clips to {target}."


def test_forget_the_clips_given_or_the_selection(db: Database) -> None:
    ids = _fill(db)
    assert forget_op([ids[0]])(db).note == "Forgot 1 clip (0 audio files removed)."
    queries.set_selected(db, ClipFilter(ids=tuple(ids[1:3])), True)
    assert forget_op(None)(db).note == "Forgot 2 clips (0 audio files removed)."
    gone = {r["id"] for r in db.query("SELECT id FROM clips WHERE forgotten_at IS NOT NULL")}
    assert gone == set(ids[:3])
