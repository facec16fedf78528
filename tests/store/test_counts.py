"""The header's counts and ``stats`` read through indexes; they must count what one pass over the view counts."""

from __future__ import annotations

import itertools
from typing import Any

from sqlite_utils import Database

from voicehist.store.queries import ClipFilter, count_clips, header_counts, stats

LABELS = (None, "accidental", "intended", "unknown")
DECISIONS = (None, "accidental", "not_accidental", "something else")  # the last: a value no rule names


def _fill(db: Database) -> None:
    """Every (label, decision) pair, clips with no flags row, and a spread of statuses, selections and audio."""
    clips: list[dict[str, Any]] = []
    flags: list[dict[str, Any]] = []
    for i, (label, decision, has_flags) in enumerate(itertools.product(LABELS, DECISIONS, (True, False))):
        cid = f"c{i:03d}"
        clips.append(
            {
                "id": cid,
                "vendor": "alexa" if i % 3 else "google",
                "recorded_at": f"2024-02-{1 + i % 28:02d}T08:00:00Z",
                "device": "Kitchen Echo",
                "audio_path": None if i % 5 == 0 else f"ab/{i}.wav",
                "audio_problem": "unreadable" if i % 7 == 0 else None,
                "transcript_status": "done" if i % 2 else "pending",
                "selected": 1 if i % 4 == 0 else 0,
            }
        )
        if has_flags and (label is not None or decision is not None):
            flags.append({"clip_id": cid, "score": 0.5, "label": label, "decision": decision})
    db.table("clips").insert_all(clips)
    db.table("flags").insert_all(flags)


def _one_pass(db: Database, f: ClipFilter) -> dict[str, int]:
    """The counts as one pass over the joined view reads them (what ``stats`` did before)."""
    where, args = f.where()
    row = db.execute(
        f"""SELECT count(*), sum(transcript_status = 'done'), sum(flagged = 1),
                   sum(auto_label = 'accidental' AND decision IS NULL), sum(selected = 1),
                   sum(audio_path IS NOT NULL AND audio_problem IS NULL), sum(audio_problem IS NOT NULL)
            FROM clip_view WHERE {where}""",
        args,
    ).fetchone()
    keys = ("clips", "transcribed", "flagged", "suspected", "selected", "with_audio", "audio_problems")
    return dict(zip(keys, (int(v or 0) for v in row), strict=True))


def test_counts_match_one_pass_over_the_view(db: Database) -> None:
    _fill(db)
    whole = _one_pass(db, ClipFilter())
    assert whole["flagged"] and whole["suspected"] and whole["selected"] and whole["audio_problems"]
    assert stats(db) == whole
    assert header_counts(db) == {k: whole[k] for k in ("clips", "transcribed", "flagged", "suspected", "selected")}
    for f in (
        ClipFilter(vendor="google"),
        ClipFilter(flagged="flagged"),
        ClipFilter(flagged="not_flagged"),
        ClipFilter(flagged="suspected", vendor="alexa"),
        ClipFilter(has_audio=False),
        ClipFilter(selected=True),
    ):
        assert stats(db, f) == _one_pass(db, f), f
        assert count_clips(db, f) == _one_pass(db, f)["clips"], f


def test_counts_of_an_empty_database(db: Database) -> None:
    assert stats(db) == dict.fromkeys(_one_pass(db, ClipFilter()), 0)
    assert header_counts(db)["clips"] == 0
