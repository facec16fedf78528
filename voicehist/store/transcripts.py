"""The transcription queue and its results: claim pending clips, save transcripts + words, record failures.

Status of a clip (``clips.transcript_status``): pending -> running (claimed by a runner) -> done | failed;
no_audio for clips without a recording. A runner that dies leaves 'running' rows: :func:`reset_running` puts them
back to pending at the start of the next run, so a killed run loses at most the clips it had in flight.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from voicehist.store import utcnow

if TYPE_CHECKING:
    from voicehist.transcribe.engine import Result


@dataclass(frozen=True)
class PendingClip:
    id: str
    audio_path: str
    duration: float | None


@dataclass(frozen=True)
class SavedResult:
    clip_id: str
    result: Result
    engine: str
    model: str


def reset_running(db: Database) -> int:
    """Interrupted work goes back to the queue. Returns how many clips were reset."""
    with db.atomic():
        cur = db.execute("UPDATE clips SET transcript_status = 'pending' WHERE transcript_status = 'running'")
        return int(cur.rowcount)


def mark_missing_audio(db: Database) -> int:
    """Pending clips that have no recording become 'no_audio' (there is nothing to transcribe)."""
    with db.atomic():
        cur = db.execute(
            "UPDATE clips SET transcript_status = 'no_audio' "
            "WHERE transcript_status = 'pending' AND (audio_path IS NULL OR audio_path = '')"
        )
        return int(cur.rowcount)


def count_by_status(db: Database) -> dict[str, int]:
    rows = db.execute("SELECT COALESCE(transcript_status, 'pending'), count(*) FROM clips GROUP BY 1").fetchall()
    return {str(status): int(n) for status, n in rows}


def count_pending(db: Database) -> int:
    row = db.execute(
        "SELECT count(*) FROM clips WHERE transcript_status = 'pending' AND audio_path IS NOT NULL AND audio_path != ''"
    ).fetchone()
    return int(row[0])


def claim_pending(db: Database, n: int) -> list[PendingClip]:
    """Atomically move up to ``n`` pending clips (oldest first) to 'running' and return them."""
    if n <= 0:
        return []
    with db.atomic():
        rows = db.execute(
            "SELECT id, audio_path, duration FROM clips "
            "WHERE transcript_status = 'pending' AND audio_path IS NOT NULL AND audio_path != '' "
            "ORDER BY COALESCE(recorded_at, ''), id LIMIT ?",
            [n],
        ).fetchall()
        ids = [r[0] for r in rows]
        if ids:
            db.execute(
                f"UPDATE clips SET transcript_status = 'running', transcript_error = NULL "
                f"WHERE id IN ({', '.join('?' for _ in ids)})",
                ids,
            )
    return [PendingClip(r[0], r[1], r[2]) for r in rows]


def release(db: Database, ids: Sequence[str]) -> int:
    """Put claimed clips back to 'pending' (a run that stops early)."""
    if not ids:
        return 0
    with db.atomic():
        cur = db.execute(
            f"UPDATE clips SET transcript_status = 'pending' "
            f"WHERE transcript_status = 'running' AND id IN ({', '.join('?' for _ in ids)})",
            list(ids),
        )
        return int(cur.rowcount)


def _insert_result(db: Database, item: SavedResult, now: str) -> int:
    r = item.result
    cur = db.execute(
        "INSERT INTO transcripts (clip_id, engine, model, text, language, avg_logprob, no_speech_prob, confidence, "
        "settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            item.clip_id,
            item.engine,
            item.model,
            r.text,
            r.language,
            r.avg_logprob,
            r.no_speech_prob,
            r.confidence,
            json.dumps(r.settings, sort_keys=True),
            now,
        ],
    )
    transcript_id = int(cur.lastrowid or 0)
    words = r.words
    if words:
        db.conn.executemany(
            "INSERT INTO words (transcript_id, idx, word, start, end, probability) VALUES (?, ?, ?, ?, ?, ?)",
            [(transcript_id, i, w.word, w.start, w.end, w.probability) for i, w in enumerate(words)],
        )
    db.execute(
        "UPDATE clips SET transcript = ?, transcript_id = ?, transcript_status = 'done', transcript_error = NULL "
        "WHERE id = ?",
        [r.text, transcript_id, item.clip_id],
    )
    return transcript_id


def save_batch(db: Database, results: Sequence[SavedResult], failures: Sequence[tuple[str, str]] = ()) -> list[int]:
    """Write a batch of results and failures in one transaction. Returns the new transcript ids."""
    now = utcnow()
    ids: list[int] = []
    with db.atomic():
        for item in results:
            ids.append(_insert_result(db, item, now))
        for clip_id, error in failures:
            db.execute(
                "UPDATE clips SET transcript_status = 'failed', transcript_error = ? WHERE id = ?",
                [error[:2000], clip_id],
            )
    return ids


def retry_failed(db: Database) -> int:
    """Failed clips go back to the queue."""
    with db.atomic():
        cur = db.execute(
            "UPDATE clips SET transcript_status = 'pending', transcript_error = NULL WHERE transcript_status = 'failed'"
        )
        return int(cur.rowcount)


def get_transcript(db: Database, clip_id: str) -> dict[str, Any] | None:
    """The clip's current transcript with its words (start/end in seconds within the clip), or None."""
    row = db.execute(
        "SELECT t.* FROM transcripts t JOIN clips c ON c.transcript_id = t.id WHERE c.id = ?", [clip_id]
    ).fetchone()
    if row is None:
        return None
    cols = [d[0] for d in db.execute("SELECT * FROM transcripts LIMIT 0").description]
    doc = dict(zip(cols, row, strict=True))
    doc["settings"] = json.loads(doc["settings"]) if doc.get("settings") else {}
    doc["words"] = [
        {"word": w, "start": s, "end": e, "probability": p}
        for w, s, e, p in db.execute(
            "SELECT word, start, end, probability FROM words WHERE transcript_id = ? ORDER BY idx", [doc["id"]]
        ).fetchall()
    ]
    return doc


def word_index_at(words: Sequence[dict[str, Any]], t: float) -> int | None:
    """The index (into ``words``) of the word being spoken at ``t`` seconds, else None."""
    for i, w in enumerate(words):
        start, end = w.get("start"), w.get("end")
        if start is None or end is None:
            continue
        if start <= t < end:
            return i
    return None


def requeue(db: Database, ids: Sequence[str]) -> int:
    """Put these clips back in the queue to be transcribed again (``transcribe --force``): done and failed
    clips that have audio become pending. Their current transcript stays (listed and searchable) until the
    new one replaces it; older transcripts are kept in ``transcripts``. Returns how many were queued."""
    queued = 0
    with db.atomic():
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ", ".join("?" for _ in chunk)
            cur = db.execute(
                f"UPDATE clips SET transcript_status = 'pending', transcript_error = NULL WHERE id IN ({marks})"
                " AND transcript_status IN ('done', 'failed') AND audio_path IS NOT NULL AND audio_path != ''",
                chunk,
            )
            queued += int(cur.rowcount)
    return queued
