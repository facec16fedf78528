"""Forgetting clips: what voicehist heard and kept of them leaves its store, down to the bytes on disk.

A forgotten clip keeps only a tombstone: its id, number, time, device, vendor, vendor id, the user's decision
and the automatic label and score (so that a deletion request can still name it), plus the sha256 of its
audio, a one-way digest that lets a re-import recognise the recording without storing it again. Its audio
file (unless a clip that is not forgotten shares it), local transcripts, words, full-text rows and the
automatic reasons that quoted what was said are removed; with ``vendor_text`` also the vendor's transcript,
response, raw record and the export's file name for it. Then the database is scrubbed: ``secure_delete`` is
on for every connection, the full-text index is merged, the file is vacuumed and the WAL is checkpointed and
truncated, so no byte of what was said stays in the database file, its WAL or the audio store.

Re-importing an export does not bring a forgotten clip back (see ``voicehist.store.writes.write_clips``)
unless the user asks for it (``voicehist import --restore-forgotten``).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from voicehist.store import audio_dir_of, utcnow, write_transaction
from voicehist.store.queries import _chunks
from voicehist.store.voices import forget_voice_data
from voicehist.store.writes import FORGOTTEN_FILE, FORGOTTEN_PROBLEM

NEUTRAL_REASON = "some reasons quoted the forgotten transcript and were removed"
_QUOTES = re.compile("['\"\u2018\u2019\u201c\u201d]")


@dataclass
class ForgetSummary:
    clips: int = 0
    already_forgotten: int = 0  # of ``clips``: forgotten before (a second pass may add --vendor-text)
    audio_files_removed: int = 0
    transcripts_removed: int = 0
    reasons_removed: int = 0
    voice_embeddings_removed: int = 0
    vendor_text: bool = False
    scrubbed: bool = False  # the database file was vacuumed and its WAL truncated
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _quotes(reason: str, texts: Sequence[str]) -> bool:
    if _QUOTES.search(reason):
        return True
    low = reason.lower()
    return any(t and t.strip().lower() in low for t in texts)


def _clean_reasons(db: Database, clip_id: str, texts: Sequence[str]) -> int:
    row = db.execute("SELECT reasons FROM flags WHERE clip_id = ?", [clip_id]).fetchone()
    if row is None or not row[0]:
        return 0
    try:
        reasons = [str(r) for r in json.loads(row[0])]
    except (ValueError, TypeError):
        reasons = [NEUTRAL_REASON]
    kept = [r for r in reasons if r == NEUTRAL_REASON or not _quotes(r, texts)]
    removed = len(reasons) - len(kept)
    if removed and NEUTRAL_REASON not in kept:
        kept.append(NEUTRAL_REASON)
    if removed or kept != reasons:
        db.execute("UPDATE flags SET reasons = ? WHERE clip_id = ?", [json.dumps(kept, ensure_ascii=False), clip_id])
    return removed


def _file_names(db: Database, ids: Sequence[str]) -> set[str]:
    """Every name the export gave these clips' files (with and without folders): a loose file's name can hold
    the words that were said, e.g. ``(2018-05-16T15_07_41+0200)_TEXT(call the doctor).wav``."""
    marks = ", ".join("?" for _ in ids)
    names: set[str] = set()
    for audio_name, recorded_raw, raw in db.execute(
        f"SELECT audio_name, recorded_raw, raw FROM clips WHERE id IN ({marks})", list(ids)
    ):
        names.update(n for n in (audio_name, recorded_raw) if n)
        try:
            doc = json.loads(raw) if raw else None
        except ValueError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("file"), str):
            names.add(doc["file"])
    for (name,) in db.execute(f"SELECT audio_name FROM clip_sources WHERE clip_id IN ({marks})", list(ids)):
        if name:
            names.add(name)
    names |= {n.replace("\\", "/").rsplit("/", 1)[-1] for n in names}
    return {n for n in names if len(n.strip()) >= 3}


def _scrub_source_problems(db: Database, names: set[str]) -> None:
    """Replace the entries of every source's problem list that name one of these files."""
    if not names:
        return
    for sid, problems in db.execute("SELECT id, problems FROM sources").fetchall():
        try:
            entries = json.loads(problems or "[]")
        except ValueError:
            continue
        if not isinstance(entries, list):
            continue
        changed = False
        for e in entries:
            if not isinstance(e, dict):
                continue
            text = f"{e.get('file', '')}\n{e.get('problem', '')}"
            if any(n in text for n in names):
                e["file"], e["problem"] = FORGOTTEN_FILE, FORGOTTEN_PROBLEM
                changed = True
        if changed:
            db.execute("UPDATE sources SET problems = ? WHERE id = ?", [json.dumps(entries, ensure_ascii=False), sid])


def _shred(path: Path) -> bool:
    """Overwrite a file with zeros, then remove it. A file with other hard links (another database's store
    adopted from the old shared folder) is only unlinked: its bytes still belong to that other name."""
    try:
        st = path.stat()
        if st.st_nlink == 1 and st.st_size:
            with open(path, "r+b") as fh:
                remaining = st.st_size
                block = b"\0" * min(remaining, 1 << 20)
                while remaining > 0:
                    n = min(remaining, len(block))
                    fh.write(block[:n])
                    remaining -= n
                fh.flush()
                os.fsync(fh.fileno())
        path.unlink()
        return True
    except FileNotFoundError:
        return False


def scrub(db: Database) -> bool:
    """Make deleted content leave the file: merge the full-text index, vacuum, checkpoint and truncate the WAL.
    Returns False when another connection kept the WAL from being truncated (it is on the next scrub)."""
    if db["clips_fts"].exists():
        db.execute("INSERT INTO clips_fts(clips_fts) VALUES('optimize')")
        db.conn.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    db.conn.commit()
    try:
        db.execute("VACUUM")  # belt and braces: secure_delete has already zeroed what was deleted
    except sqlite3.OperationalError:
        return False
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return not busy


def forget_clips(
    db: Database, ids: Sequence[str], *, vendor_text: bool = False, scrub_file: bool = True
) -> ForgetSummary:
    """Forget clips (full ids): remove their audio, local transcripts, words, full-text rows and the reasons
    that quoted them; with ``vendor_text`` also the vendor's text and raw record. Unknown ids are listed in
    ``missing``. Nothing at the vendor changes: this is about voicehist's copy only."""
    summary = ForgetSummary(vendor_text=vendor_text)
    files: set[str] = set()
    now = utcnow()
    with write_transaction(db):
        for chunk in _chunks(list(dict.fromkeys(ids))):
            files |= _forget_chunk(db, chunk, summary, now)
        unused = files - _still_used(db, files)
    summary.audio_files_removed = _shred_audio(audio_dir_of(db), unused)
    if scrub_file and summary.clips:
        summary.scrubbed = scrub(db)
    return summary


def _forget_chunk(db: Database, chunk: Sequence[str], summary: ForgetSummary, now: str) -> set[str]:
    """Forget the clips of one chunk of ids (inside forget's transaction); returns their audio files."""
    marks = ", ".join("?" for _ in chunk)
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            f"SELECT id, audio_path, transcript, vendor_transcript, forgotten_at FROM clips WHERE id IN ({marks})",
            list(chunk),
        )
    }
    summary.missing.extend(c for c in chunk if c not in rows)
    present = [c for c in chunk if c in rows]
    if not present:
        return set()
    summary.already_forgotten += sum(1 for r in rows.values() if r[3])
    for cid in present:
        _, transcript, vendor, _ = rows[cid]
        said = _said(db, cid, transcript, vendor if summary.vendor_text else None)
        summary.reasons_removed += _clean_reasons(db, cid, said)
    marks = ", ".join("?" for _ in present)
    db.execute(f"UPDATE clips SET transcript_id = NULL WHERE id IN ({marks})", present)
    summary.voice_embeddings_removed += forget_voice_data(db, present)  # voices are derived from the audio
    db.execute(
        f"DELETE FROM words WHERE transcript_id IN (SELECT id FROM transcripts WHERE clip_id IN ({marks}))",
        present,
    )
    summary.transcripts_removed += db.execute(f"DELETE FROM transcripts WHERE clip_id IN ({marks})", present).rowcount
    db.execute(f"UPDATE flags SET wake_audio = NULL WHERE clip_id IN ({marks})", present)
    db.execute(
        "UPDATE clips SET audio_path = NULL, audio_format = NULL, duration = NULL, sample_rate = NULL,"
        " channels = NULL, audio_problem = NULL, transcript = NULL, transcript_status = 'no_audio',"
        " transcript_error = NULL, selected = 0, claimed_by = NULL,"
        f" forgotten_at = COALESCE(forgotten_at, ?) WHERE id IN ({marks})",
        [now, *present],
    )
    if summary.vendor_text:
        _forget_vendor_text(db, present)
    summary.clips += len(present)
    return {r[0] for r in rows.values() if r[0]}


def _said(db: Database, clip_id: str, transcript: str | None, vendor: str | None) -> list[str]:
    """What was said in a clip, as every text of it voicehist keeps (the vendor's when it goes too)."""
    texts = [transcript or ""]
    texts += [str(t) for (t,) in db.execute("SELECT text FROM transcripts WHERE clip_id = ?", [clip_id])]
    texts.append(vendor or "")
    return [t for t in texts if t and t.strip()]


def _forget_vendor_text(db: Database, ids: list[str]) -> None:
    """The vendor's text, raw record and the export's file names of these clips, and the source problems that
    named those files."""
    names = _file_names(db, ids)
    marks = ", ".join("?" for _ in ids)
    db.execute(
        "UPDATE clips SET vendor_transcript = NULL, vendor_response = NULL, raw = NULL, audio_name = NULL,"
        f" recorded_raw = NULL, vendor_text_forgotten = 1 WHERE id IN ({marks})",
        ids,
    )
    _scrub_source_problems(db, names)
    db.execute(f"UPDATE clip_sources SET audio_name = NULL WHERE clip_id IN ({marks})", ids)


def _still_used(db: Database, files: set[str]) -> set[str]:
    """Those of these audio files that a clip still uses (one not forgotten shares the recording)."""
    return {
        r[0]
        for chunk in _chunks(sorted(files))
        for r in db.execute(
            f"SELECT DISTINCT audio_path FROM clips WHERE audio_path IN ({', '.join('?' for _ in chunk)})",
            list(chunk),
        )
    }


def _shred_audio(store: Path, files: set[str]) -> int:
    """Shred these files of the audio store (never a path outside it); returns how many were removed."""
    base = store.resolve()
    removed = 0
    for rel in sorted(files):
        target = store / rel
        try:
            if target.resolve().is_relative_to(base) and _shred(target):
                removed += 1
        except OSError:
            pass
    return removed


def is_forgotten(db: Database, clip_id: str) -> bool:
    row = db.execute("SELECT forgotten_at FROM clips WHERE id = ?", [clip_id]).fetchone()
    return bool(row and row[0])


__all__ = ["ForgetSummary", "forget_clips", "scrub", "is_forgotten", "NEUTRAL_REASON"]
