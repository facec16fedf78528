"""The transcription queue and its results: claim pending clips, save transcripts + words, record failures.

Status of a clip (``clips.transcript_status``): pending -> running (claimed by a runner) -> done | failed;
no_audio for clips without a recording. Claims are leases: ``clips.claimed_by`` names the owner (one per
process: host, pid and the process's start time), whose row in ``transcribe_runs`` carries a heartbeat that
every claim and save renews. :func:`reset_running` puts back to pending only the claims of owners that are gone
(same host and the process no longer exists, or no heartbeat for :data:`STALE_SECONDS`), so two runs on one
database share the work, and a killed run loses at most the clips it had in flight. A result is saved only
while its clip is still claimed by the same owner: a clip is never transcribed into two transcripts.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from voicehist.store import utcnow, write_transaction
from voicehist.store.records import Word

STALE_SECONDS = 30 * 60  # a claim from another host with no heartbeat for this long is taken back

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


def _proc_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), to tell a live pid from a reused one."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            stat = fh.read()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _proc_state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return None


_owner: tuple[int, str] | None = None


def owner_id() -> str:
    """This process's claim owner: host, pid and a random part (a forked child gets its own)."""
    global _owner
    pid = os.getpid()
    if _owner is None or _owner[0] != pid:
        _owner = (pid, f"{socket.gethostname()}:{pid}:{uuid.uuid4().hex[:8]}")
    return _owner[1]


def _alive(host: str, pid: int, proc_start: str | None, heartbeat_at: float, now: float) -> bool:
    if host != socket.gethostname():
        return now - heartbeat_at < STALE_SECONDS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if _proc_state(pid) == "Z":  # killed, not yet reaped
        return False
    start = _proc_start(pid)
    return proc_start is None or start is None or start == proc_start


def _touch(db: Database) -> str:
    """Register (or renew) this process's lease; call inside a write transaction. Returns the owner id."""
    owner = owner_id()
    db.execute(
        "INSERT INTO transcribe_runs (owner, host, pid, proc_start, started_at, heartbeat_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(owner) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
        [owner, socket.gethostname(), os.getpid(), _proc_start(os.getpid()), utcnow(), time.time()],
    )
    return owner


@dataclass(frozen=True)
class OtherRun:
    """Another live transcription run on the same database."""

    host: str
    pid: int
    started_at: str  # UTC ISO time
    running: int  # clips it holds claimed now


def other_runs(db: Database) -> list[OtherRun]:
    """Other live transcription runs on this database."""
    now = time.time()
    out = []
    for owner, host, pid, start, started_at, beat in db.execute(
        "SELECT owner, host, pid, proc_start, started_at, heartbeat_at FROM transcribe_runs WHERE owner != ?",
        [owner_id()],
    ).fetchall():
        if _alive(host, pid, start, beat, now):
            running = db.execute("SELECT count(*) FROM clips WHERE claimed_by = ?", [owner]).fetchone()[0]
            out.append(OtherRun(host=host, pid=int(pid), started_at=started_at, running=int(running)))
    return out


def reset_running(db: Database) -> int:
    """Interrupted work goes back to the queue: claims whose owner is gone (or that have no owner). Claims of a
    run that is still alive are left alone. Returns how many clips were reset."""
    now = time.time()
    with write_transaction(db):
        runs = db.execute("SELECT owner, host, pid, proc_start, heartbeat_at FROM transcribe_runs").fetchall()
        live = {o for o, h, p, s, b in runs if _alive(h, p, s, b, now)}
        dead = [o for o, *_ in runs if o not in live]
        for o in dead:
            db.execute("DELETE FROM transcribe_runs WHERE owner = ?", [o])
        rows = db.execute("SELECT id, claimed_by FROM clips WHERE transcript_status = 'running'").fetchall()
        stale = [cid for cid, by in rows if by is None or by not in live]
        for i in range(0, len(stale), 500):
            chunk = stale[i : i + 500]
            db.execute(
                f"UPDATE clips SET transcript_status = 'pending', claimed_by = NULL"
                f" WHERE id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
        return len(stale)


def mark_missing_audio(db: Database) -> int:
    """Pending clips that have no recording become 'no_audio' (there is nothing to transcribe)."""
    with write_transaction(db):  # the write lock first: another run may be writing (no "database is locked")
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
        "SELECT count(*) FROM clips WHERE transcript_status = 'pending' AND audio_path IS NOT NULL"
        " AND audio_path != '' AND forgotten_at IS NULL"
    ).fetchone()
    return int(row[0])


def claim_pending(db: Database, n: int) -> list[PendingClip]:
    """Atomically move up to ``n`` pending clips (oldest first) to 'running' and return them."""
    if n <= 0:
        return []
    with write_transaction(db):  # the write lock first: two runs never read the same pending rows
        owner = _touch(db)
        rows = db.execute(
            "SELECT id, audio_path, duration FROM clips "
            "WHERE transcript_status = 'pending' AND audio_path IS NOT NULL AND audio_path != '' "
            "AND forgotten_at IS NULL ORDER BY COALESCE(recorded_at, ''), id LIMIT ?",
            [n],
        ).fetchall()
        ids = [r[0] for r in rows]
        if ids:
            db.execute(
                f"UPDATE clips SET transcript_status = 'running', transcript_error = NULL, claimed_by = ? "
                f"WHERE transcript_status = 'pending' AND id IN ({', '.join('?' for _ in ids)})",
                [owner, *ids],
            )
    return [PendingClip(r[0], r[1], r[2]) for r in rows]


def release(db: Database, ids: Sequence[str]) -> int:
    """Put claimed clips back to 'pending' (a run that stops early)."""
    if not ids:
        return 0
    with write_transaction(db):
        cur = db.execute(
            f"UPDATE clips SET transcript_status = 'pending', claimed_by = NULL "
            f"WHERE transcript_status = 'running' AND claimed_by = ? AND id IN ({', '.join('?' for _ in ids)})",
            [owner_id(), *ids],
        )
        return int(cur.rowcount)


def _still_mine(db: Database, clip_id: str, owner: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM clips WHERE id = ? AND transcript_status = 'running' AND claimed_by = ?"
        " AND forgotten_at IS NULL",
        [clip_id, owner],
    ).fetchone()
    return row is not None


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
        "UPDATE clips SET transcript = ?, transcript_id = ?, transcript_status = 'done', transcript_error = NULL, "
        "claimed_by = NULL WHERE id = ?",
        [r.text, transcript_id, item.clip_id],
    )
    return transcript_id


def save_batch(db: Database, results: Sequence[SavedResult], failures: Sequence[tuple[str, str]] = ()) -> list[int]:
    """Write a batch of results and failures in one transaction. Returns the new transcript ids.

    Only clips this process still holds a claim on are written: a clip whose claim was taken back (its
    owner looked dead) or that was forgotten meanwhile is skipped, so no clip gets two transcripts."""
    now = utcnow()
    ids: list[int] = []
    with write_transaction(db):
        owner = _touch(db)
        for item in results:
            if _still_mine(db, item.clip_id, owner):
                ids.append(_insert_result(db, item, now))
        for clip_id, error in failures:
            if _still_mine(db, clip_id, owner):
                db.execute(
                    "UPDATE clips SET transcript_status = 'failed', transcript_error = ?, claimed_by = NULL"
                    " WHERE id = ?",
                    [error[:2000], clip_id],
                )
    return ids


def retry_failed(db: Database) -> int:
    """Failed clips go back to the queue."""
    with write_transaction(db):  # the write lock first: another run may be writing (no "database is locked")
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


def word_index_at(words: Sequence[Word], t: float) -> int | None:
    """The index (into ``words``) of the word being spoken at ``t`` seconds, else None."""
    for i, w in enumerate(words):
        start, end = w.start, w.end
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
    with write_transaction(db):  # the write lock first: another run may be writing (no "database is locked")
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
