"""Queries and writes the review app needs beyond :mod:`voicehist.store.queries`: paging a window of the
result list, CSV export of a selection, and forgetting clips (audio + transcripts) from voicehist's store."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from voicehist.store import audio_dir_of
from voicehist.store.queries import ClipFilter, _chunks, clip_json, iter_clips, list_clips

# What one row of the result list needs (no raw JSON, no long columns).
LIST_COLUMNS = (
    "id, recorded_at, device, vendor, vendor_transcript, transcript, duration, score, flagged, decision,"
    " auto_label, selected, audio_path, audio_problem, transcript_status"
)


def page(db: Database, f: ClipFilter, offset: int, limit: int) -> list[dict[str, Any]]:
    """Rows ``offset .. offset+limit`` of the result list (newest first), only the listed columns."""
    return list_clips(db, f, limit=limit, offset=offset, columns=LIST_COLUMNS)


def rows_by_ids(db: Database, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The list rows of ``ids``, in the order given (a page of a precomputed result order)."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    found = {r["id"]: r for r in db.query(f"SELECT {LIST_COLUMNS} FROM clip_view WHERE id IN ({marks})", list(ids))}
    return [found[i] for i in ids if i in found]


def position_of(db: Database, f: ClipFilter, clip_id: str) -> int | None:
    """The row index of ``clip_id`` within the results of ``f`` (None when it is not among them)."""
    rows = list_clips(db, f.with_(ids=(clip_id,)), limit=1, columns="recorded_at, id")
    if not rows:
        return None
    where, args = f.where()
    sql = f"SELECT count(*) FROM clip_view WHERE {where} AND (COALESCE(recorded_at, ''), id) > (?, ?)"
    return int(db.execute(sql, [*args, rows[0]["recorded_at"] or "", clip_id]).fetchone()[0])


CSV_FIELDS = (
    "id",
    "vendor",
    "recorded_at",
    "device",
    "vendor_id",
    "audio_name",
    "vendor_transcript",
    "transcript",
    "duration",
    "has_audio",
    "flagged",
    "decision",
    "score",
    "reasons",
)


def export_csv(db: Database, f: ClipFilter, path: str | os.PathLike[str]) -> int:
    """Write the clips matching ``f`` to a CSV file (created 0600: it holds transcripts); returns the count."""
    target = Path(path)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    n = 0
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CSV_FIELDS))
        writer.writeheader()
        for row in iter_clips(db, f):
            doc = clip_json(row)
            out = {k: doc.get(k) for k in CSV_FIELDS}
            out["reasons"] = "; ".join(doc["reasons"])
            writer.writerow(out)
            n += 1
    return n


@dataclass
class ForgetSummary:
    clips: int = 0
    audio_files_removed: int = 0
    transcripts_removed: int = 0
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def forget_clips(db: Database, ids: Sequence[str]) -> ForgetSummary:
    """Remove clips' audio files and local transcripts from voicehist's own store.

    The clip rows stay (time, device, vendor transcript and vendor id are what a deletion request needs);
    their audio path, local transcript and words go. An audio file shared with a clip that is not being
    forgotten is kept. Nothing at the vendor changes: this is about voicehist's copy only.
    """
    summary = ForgetSummary()
    store = audio_dir_of(db)
    wanted = list(dict.fromkeys(ids))
    files: set[str] = set()
    with db.atomic():
        for chunk in _chunks(wanted):
            marks = ", ".join("?" for _ in chunk)
            rows = {r[0]: r[1] for r in db.execute(f"SELECT id, audio_path FROM clips WHERE id IN ({marks})", chunk)}
            summary.missing.extend(c for c in chunk if c not in rows)
            present = [c for c in chunk if c in rows]
            if not present:
                continue
            marks = ", ".join("?" for _ in present)
            files.update(p for p in rows.values() if p)
            tids = [r[0] for r in db.execute(f"SELECT id FROM transcripts WHERE clip_id IN ({marks})", present)]
            for tchunk in _chunks([str(t) for t in tids]):
                tm = ", ".join("?" for _ in tchunk)
                db.execute(f"DELETE FROM words WHERE transcript_id IN ({tm})", list(tchunk))
            db.execute(f"UPDATE clips SET transcript_id = NULL WHERE id IN ({marks})", present)
            summary.transcripts_removed += db.execute(
                f"DELETE FROM transcripts WHERE clip_id IN ({marks})", present
            ).rowcount
            db.execute(
                f"UPDATE clips SET audio_path = NULL, transcript = NULL, transcript_status = 'no_audio',"
                f" transcript_error = NULL, selected = 0 WHERE id IN ({marks})",
                present,
            )
            summary.clips += len(present)
        still_used = {
            r[0]
            for chunk in _chunks(sorted(files))
            for r in db.execute(
                f"SELECT DISTINCT audio_path FROM clips WHERE audio_path IN ({', '.join('?' for _ in chunk)})",
                list(chunk),
            )
        }
    for rel in sorted(files - still_used):
        target = store / rel
        try:
            if target.resolve().is_relative_to(store.resolve()) and target.exists():
                target.unlink()
                summary.audio_files_removed += 1
        except OSError:
            pass
    return summary


def word_index_at(words: Sequence[dict[str, Any]], t: float) -> int | None:
    """The index (into ``words``) of the word being spoken at ``t`` seconds, else None."""
    for i, w in enumerate(words):
        start, end = w.get("start"), w.get("end")
        if start is None or end is None:
            continue
        if start <= t < end:
            return i
    return None


def reasons_of(row: dict[str, Any]) -> list[str]:
    r = row.get("reasons")
    return list(json.loads(r)) if r else []
