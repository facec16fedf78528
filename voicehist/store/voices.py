"""The voices tables (see schema m010_voices): embeddings per clip, voices, and each clip's voice.

Only SQL lives here; the grouping and the evidence are in :mod:`voicehist.voices`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from sqlite_utils import Database

from voicehist.store import utcnow, write_transaction
from voicehist.store.queries import _chunks
from voicehist.store.records import AudioClip, Voice, VoiceMember

DIM = 256


def pending_clips(db: Database, model: str, limit: int | None = None) -> list[AudioClip]:
    """Clips with playable audio and no embedding by ``model`` yet, oldest first."""
    sql = (
        "SELECT id, number, audio_path FROM clips WHERE forgotten_at IS NULL AND audio_path IS NOT NULL"
        " AND audio_problem IS NULL AND id NOT IN (SELECT clip_id FROM voice_embeddings WHERE model = ?)"
        " ORDER BY COALESCE(recorded_at, ''), id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [AudioClip(*r) for r in db.execute(sql, [model])]


def count_pending(db: Database, model: str) -> int:
    return int(
        db.execute(
            "SELECT count(*) FROM clips WHERE forgotten_at IS NULL AND audio_path IS NOT NULL"
            " AND audio_problem IS NULL AND id NOT IN (SELECT clip_id FROM voice_embeddings WHERE model = ?)",
            [model],
        ).fetchone()[0]
    )


def save_embedding(db: Database, clip_id: str, model: str, features: dict[str, Any]) -> None:
    """Store one clip's analysis (``features``: vector, status, speech_seconds, ...); a clip forgotten meanwhile
    is skipped (its embedding must not come back)."""
    vector = features.get("vector")
    blob = None if vector is None else np.asarray(vector, dtype="<f4").tobytes()
    with write_transaction(db):
        alive = db.execute("SELECT 1 FROM clips WHERE id = ? AND forgotten_at IS NULL", [clip_id]).fetchone()
        if not alive:
            return
        db.execute(
            "INSERT OR REPLACE INTO voice_embeddings (clip_id, model, vector, status, speech_seconds, voiced_seconds,"
            " pitch_hz, centroid_hz, error, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                clip_id,
                model,
                blob,
                features["status"],
                features.get("speech_seconds"),
                features.get("voiced_seconds"),
                features.get("pitch_hz"),
                features.get("centroid_hz"),
                features.get("error"),
                utcnow(),
            ],
        )


def embeddings(db: Database, model: str) -> tuple[list[str], np.ndarray, list[int | None]]:
    """(clip ids, their embeddings, their current voice) for every live clip with an embedding."""
    ids: list[str] = []
    vecs: list[np.ndarray] = []
    voices: list[int | None] = []
    for cid, blob, vid in db.execute(
        "SELECT e.clip_id, e.vector, c.voice_id FROM voice_embeddings e JOIN clips c ON c.id = e.clip_id"
        " WHERE e.model = ? AND e.vector IS NOT NULL AND c.forgotten_at IS NULL ORDER BY e.clip_id",
        [model],
    ):
        ids.append(cid)
        vecs.append(np.frombuffer(blob, dtype="<f4"))
        voices.append(vid)
    return ids, (np.stack(vecs) if vecs else np.zeros((0, DIM), dtype=np.float32)), voices


def embedding_of(db: Database, clip_id: str) -> bytes | None:
    row = db.execute("SELECT vector FROM voice_embeddings WHERE clip_id = ?", [clip_id]).fetchone()
    return row[0] if row else None


def new_voice(db: Database) -> int:
    cur = db.execute("INSERT INTO voices (created_at) VALUES (?)", [utcnow()])
    return int(cur.lastrowid or 0)


def set_memberships(db: Database, members: dict[str, tuple[int, float]]) -> None:
    """Each clip's voice and confidence (clip id -> (voice, confidence)), in one transaction with the names."""
    with write_transaction(db):
        for cid, (vid, conf) in members.items():
            db.execute("UPDATE clips SET voice_id = ?, voice_confidence = ? WHERE id = ?", [vid, conf, cid])
        _sync_names(db)


def create_voices(db: Database, count: int) -> list[int]:
    with write_transaction(db):
        return [new_voice(db) for _ in range(count)]


def _sync_names(db: Database) -> None:
    db.execute(
        "UPDATE clips SET voice_name = (SELECT name FROM voices WHERE voices.id = clips.voice_id)"
        " WHERE voice_id IS NOT NULL OR voice_name IS NOT NULL"
    )
    db.execute("DELETE FROM voices WHERE name IS NULL AND child IS NULL AND id NOT IN"
               " (SELECT DISTINCT voice_id FROM clips WHERE voice_id IS NOT NULL)")  # fmt: skip


def voice_rows(db: Database) -> dict[int, Voice]:
    """Every voice by its number."""
    cols = ", ".join(f.name for f in fields(Voice))
    return {int(r[0]): Voice(*r) for r in db.execute(f"SELECT {cols} FROM voices ORDER BY id")}


def voice_members(db: Database) -> list[VoiceMember]:
    """Every live clip that has a voice, with what the summary needs."""
    return [
        VoiceMember(*r)
        for r in db.execute(
            "SELECT c.id, c.number, c.voice_id, c.voice_confidence, c.device, c.recorded_at, c.audio_path,"
            " c.audio_problem, c.raw, e.pitch_hz, e.centroid_hz, e.voiced_seconds, e.speech_seconds,"
            " (SELECT f.decision FROM flags f WHERE f.clip_id = c.id) AS decision,"
            " (SELECT f.label FROM flags f WHERE f.clip_id = c.id) AS auto_label"
            " FROM clips c LEFT JOIN voice_embeddings e ON e.clip_id = c.id"
            " WHERE c.voice_id IS NOT NULL AND c.forgotten_at IS NULL ORDER BY c.voice_id, c.number"
        )
    ]


def status_counts(db: Database) -> dict[str, int]:
    out = {str(s): int(n) for s, n in db.execute("SELECT status, count(*) FROM voice_embeddings GROUP BY status")}
    out["no_audio"] = int(
        db.execute(
            "SELECT count(*) FROM clips WHERE forgotten_at IS NULL"
            " AND (audio_path IS NULL OR audio_problem IS NOT NULL)"
        ).fetchone()[0]
    )
    return out


def voice_choices(db: Database) -> list[tuple[int, str]]:
    """(number, label) of the voices worth filtering by: named, or heard in two clips or more."""
    counts = dict(db.execute("SELECT voice_id, count(*) FROM clips WHERE voice_id IS NOT NULL GROUP BY voice_id"))
    return [(vid, r.name or f"voice {vid}") for vid, r in voice_rows(db).items() if counts.get(vid, 0) >= 2 or r.name]


def name_voice(db: Database, vid: int, name: str | None, source: str = "user", person_type: str | None = None) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE voices SET name = ?, name_source = ?, vendor_person_type = COALESCE(?, vendor_person_type)"
            " WHERE id = ?",
            [name, source if name else None, person_type, vid],
        )
        _sync_names(db)


def voice_named(db: Database, name: str) -> int | None:
    row = db.execute("SELECT id FROM voices WHERE name = ? COLLATE NOCASE", [name]).fetchone()
    return int(row[0]) if row else None


def merge_voices(db: Database, keep: int, gone: int) -> int:
    """Move every clip of voice ``gone`` to ``keep``; ``keep`` takes ``gone``'s name and child mark where it has
    none. Returns how many clips moved."""
    with write_transaction(db):
        a = db.execute("SELECT name, child FROM voices WHERE id = ?", [keep]).fetchone()
        b = db.execute(
            "SELECT name, name_source, vendor_person_type, child FROM voices WHERE id = ?", [gone]
        ).fetchone()
        moved = db.execute("UPDATE clips SET voice_id = ? WHERE voice_id = ?", [keep, gone]).rowcount
        db.execute("DELETE FROM voices WHERE id = ?", [gone])
        if a is not None and b is not None:
            if a[0] is None and b[0] is not None:
                db.execute(
                    "UPDATE voices SET name = ?, name_source = ?, vendor_person_type = ? WHERE id = ?",
                    [b[0], b[1], b[2], keep],
                )
            if a[1] is None and b[3] is not None:
                db.execute("UPDATE voices SET child = ? WHERE id = ?", [b[3], keep])
        _sync_names(db)
    return int(moved)


def move_clips(db: Database, ids: Iterable[str], vid: int) -> None:
    with write_transaction(db):
        for chunk in _chunks(list(ids)):
            db.execute(f"UPDATE clips SET voice_id = ? WHERE id IN ({', '.join('?' for _ in chunk)})", [vid, *chunk])
        _sync_names(db)


def mark_child(db: Database, vid: int, child: bool | None) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE voices SET child = ?, child_marked_at = ? WHERE id = ?",
            [None if child is None else int(child), None if child is None else utcnow(), vid],
        )


def clip_ids_of_voice(db: Database, vid: int) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM clips WHERE voice_id = ? AND forgotten_at IS NULL", [vid])]


def forget_voice_data(db: Database, ids: Sequence[str]) -> int:
    """Part of forgetting clips (called inside forget's transaction): their embeddings and voice membership go."""
    removed = 0
    for chunk in _chunks(list(ids)):
        marks = ", ".join("?" for _ in chunk)
        removed += db.execute(f"DELETE FROM voice_embeddings WHERE clip_id IN ({marks})", list(chunk)).rowcount
        db.execute(
            f"UPDATE clips SET voice_id = NULL, voice_confidence = NULL, voice_name = NULL WHERE id IN ({marks})",
            list(chunk),
        )
    return removed


def persons_info(raw: str | None) -> list[dict[str, Any]]:
    """The Alexa ``personsInfo`` entries anywhere in a clip's raw vendor record (the record's own or its items')."""
    if not raw:
        return []
    try:
        doc = json.loads(raw)
    except ValueError:
        return []
    found: list[dict[str, Any]] = []

    def walk(x: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "personsInfo" and isinstance(v, list):
                    found.extend(p for p in v if isinstance(p, dict))
                else:
                    walk(v, depth + 1)
        elif isinstance(x, list):
            for v in x:
                walk(v, depth + 1)

    walk(doc)
    return found


@dataclass(frozen=True, slots=True)
class VoiceFigure:
    """One voice among a filter's clips: how many clips it was heard in, and how many of those were accidental."""

    id: int
    name: str | None
    child: bool
    clips: int
    accidental: int


def voice_figures(db: Database, where: str, args: list[Any]) -> list[VoiceFigure]:
    """Clips and accidental clips per voice among the clips of a filter (``where`` over clip_view), most heard
    first."""
    rows = db.execute(
        f"SELECT voice_id, MAX(voice_name), count(*),"
        f" SUM(CASE WHEN flagged = 1 THEN 1 ELSE 0 END),"
        f" (SELECT child FROM voices WHERE voices.id = clip_view.voice_id)"
        f" FROM clip_view WHERE ({where}) AND voice_id IS NOT NULL AND forgotten_at IS NULL"
        f" GROUP BY voice_id ORDER BY 3 DESC, voice_id",
        args,
    ).fetchall()
    return [VoiceFigure(int(v), name, bool(child), int(n), int(acc or 0)) for v, name, n, acc, child in rows]
