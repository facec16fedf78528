"""SQL for the accidental-activation detector: what it reads, what it writes, and resolving clip ids.

The automatic columns (score, label, reasons, detector, scored_at) are the detector's; ``decision`` and
``decided_at`` are the user's and are never touched here except by :func:`voicehist.store.queries.set_decision`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from voicehist.errors import VoicehistError
from voicehist.store import utcnow
from voicehist.store.records import Flag

_CLIP_COLUMNS = (
    "id, vendor, recorded_at, device, vendor_transcript, vendor_response, vendor_kind, vendor_id, audio_name,"
    " audio_path, audio_problem, duration, raw, transcript, transcript_id, transcript_status, decision"
)


def pair_index_rows(db: Database) -> list[dict[str, Any]]:
    """The light columns of every clip that the split-interaction logic needs."""
    return list(
        db.query(
            "SELECT id, vendor, device, recorded_at, vendor_kind, vendor_id, vendor_transcript FROM clips"
            " ORDER BY COALESCE(device, ''), COALESCE(recorded_at, ''), id"
        )
    )


def count_clips_to_score(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM clips WHERE forgotten_at IS NULL").fetchone()[0])


def iter_clips_to_score(db: Database, batch: int = 200) -> Iterator[list[dict[str, Any]]]:
    """Batches of clip_view rows with ``transcript_info`` and ``words`` attached (keyset paging on id).
    Forgotten clips are left out: they keep the label and reasons they had."""
    last = ""
    while True:
        rows = list(
            db.query(
                f"SELECT {_CLIP_COLUMNS} FROM clip_view WHERE id > ? AND forgotten_at IS NULL ORDER BY id LIMIT ?",
                [last, batch],
            )
        )
        if not rows:
            return
        tids = [r["transcript_id"] for r in rows if r.get("transcript_id")]
        infos: dict[int, dict[str, Any]] = {}
        words: dict[int, list[dict[str, Any]]] = {}
        if tids:
            marks = ", ".join("?" for _ in tids)
            for info in db.query(
                f"SELECT id, engine, model, language, avg_logprob, no_speech_prob, confidence FROM transcripts"
                f" WHERE id IN ({marks})",
                tids,
            ):
                infos[int(info["id"])] = info
            for w in db.query(
                f"SELECT transcript_id, idx, word, start, end, probability FROM words WHERE transcript_id IN ({marks})"
                " ORDER BY transcript_id, idx",
                tids,
            ):
                words.setdefault(int(w["transcript_id"]), []).append(w)
        ids = [r["id"] for r in rows]
        cached = {
            str(f["clip_id"]): f["wake_audio"]
            for f in db.query(
                f"SELECT clip_id, wake_audio FROM flags WHERE wake_audio IS NOT NULL AND clip_id IN"
                f" ({', '.join('?' for _ in ids)})",
                ids,
            )
        }
        for r in rows:
            r["wake_audio_cached"] = _json_or_none(cached.get(r["id"]))
            tid = r.get("transcript_id")
            r["transcript_info"] = infos.get(int(tid)) if tid else None
            r["words"] = words.get(int(tid), []) if tid else []
        yield rows
        last = rows[-1]["id"]


def _json_or_none(text: Any) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Score:
    clip_id: str
    score: float
    label: str
    reasons: list[str]
    wake_audio: dict[str, Any] | None = None  # the acoustic wake-word evidence measured for it (kept as a cache)


def write_scores(db: Database, scores: Sequence[Score], detector: str) -> int:
    """Store automatic scores in one transaction. The user's decision columns are left exactly as they are."""
    now = utcnow()
    with db.atomic():
        for s in scores:
            db.execute(
                "INSERT INTO flags (clip_id, score, label, reasons, detector, scored_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(clip_id) DO UPDATE SET score = excluded.score, label = excluded.label,"
                " reasons = excluded.reasons, detector = excluded.detector, scored_at = excluded.scored_at",
                [s.clip_id, s.score, s.label, json.dumps(s.reasons, ensure_ascii=False), detector, now],
            )
            if s.wake_audio is not None:
                db.execute("UPDATE flags SET wake_audio = ? WHERE clip_id = ?", [json.dumps(s.wake_audio), s.clip_id])
    return len(scores)


def clear_scores(db: Database) -> int:
    """Forget every automatic score (decisions stay); rows holding nothing else go. Forgotten clips keep theirs
    (they cannot be scored again)."""
    live = "clip_id NOT IN (SELECT id FROM clips WHERE forgotten_at IS NOT NULL)"
    with db.atomic():
        db.execute(
            "UPDATE flags SET score = NULL, label = NULL, reasons = NULL, detector = NULL, scored_at = NULL"
            f" WHERE {live}"
        )
        cur = db.execute(f"DELETE FROM flags WHERE decision IS NULL AND {live}")
    return cur.rowcount


def label_counts(db: Database) -> dict[str, int]:
    out = {"accidental": 0, "intended": 0, "unknown": 0, "unscored": 0, "decided": 0}
    for label, n in db.execute(
        "SELECT COALESCE(flags.label, 'unscored'), count(*) FROM clips LEFT JOIN flags ON flags.clip_id = clips.id"
        " GROUP BY 1"
    ):
        out[str(label)] = int(n)
    out["decided"] = int(db.execute("SELECT count(*) FROM flags WHERE decision IS NOT NULL").fetchone()[0])
    return out


def get_flag(db: Database, clip_id: str) -> Flag | None:
    """The clip's flag (None: neither the detector nor the user has said anything about it)."""
    row = db.execute(
        "SELECT clip_id, score, label, reasons, detector, scored_at, decision, decided_at FROM flags WHERE clip_id = ?",
        [clip_id],
    ).fetchone()
    if row is None:
        return None
    cid, score, label, reasons, *rest = row
    return Flag(cid, score, label, tuple(json.loads(reasons)) if reasons else (), *rest)


def _like(db: Database, pattern: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM clips WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 3", [pattern])]


class UnknownClipId(VoicehistError):
    """An id (or prefix) on the command line matches no clip, or more than one."""


def resolve_ids(db: Database, given: Sequence[str]) -> list[str]:
    """Full clip ids for clip numbers (``42`` or ``#42``), full ids or unique pieces of an id; an unknown or
    ambiguous one is an error naming it."""
    out: list[str] = []
    problems: list[str] = []
    for raw in given:
        p = raw.strip()
        if not p:
            continue
        if db.execute("SELECT 1 FROM clips WHERE id = ?", [p]).fetchone():
            out.append(p)
            continue
        number = p.removeprefix("#")
        if number.isascii() and number.isdigit():  # the short number shown in every listing
            n = int(number)
            row = db.execute("SELECT id FROM clips WHERE number = ?", [n]).fetchone() if n < 2**63 else None
            if row is None:
                problems.append(f"no clip has the number {number}")
            else:
                out.append(row[0])
            continue
        escaped = p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        matches = _like(db, escaped + "%")
        if not matches:  # Alexa ids share their first characters: accept a unique piece from anywhere in the id
            matches = _like(db, "%" + escaped + "%")
        if len(matches) == 1:
            out.append(matches[0])
        elif not matches:
            problems.append(f"no clip id starts with or contains {p!r}")
        else:
            shown = ", ".join(m if len(m) <= 40 else m[:18] + "…" + m[-18:] for m in matches[:2])
            problems.append(f"{p!r} is ambiguous (matches {shown}, ...): give more characters")
    if problems:
        raise UnknownClipId("; ".join(problems) + ". See `voicehist list` for ids.")
    return list(dict.fromkeys(out))


__all__ = [
    "Score",
    "pair_index_rows",
    "count_clips_to_score",
    "iter_clips_to_score",
    "write_scores",
    "clear_scores",
    "label_counts",
    "get_flag",
    "resolve_ids",
    "UnknownClipId",
]


def evaluation_rows(db: Database) -> list[dict[str, Any]]:
    """What the detector's evaluation (:mod:`voicehist.detect.evaluate`) compares with a set's labels, a row a
    clip in id order: its vendor ids and text, the local transcript and the stored automatic label."""
    return list(
        db.query(
            "SELECT id, vendor_id, audio_name, vendor_transcript, vendor_kind, transcript, audio_problem,"
            " duration, score, auto_label, reasons FROM clip_view ORDER BY id"
        )
    )
