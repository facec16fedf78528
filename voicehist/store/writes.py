"""Writes done by importing: sources (by fingerprint), clips (stable ids), clip_sources, the audio store.

The audio store is content-addressed: ``<audio_dir>/<sha[:2]>/<sha>.<ext>``, folders 0700, files 0600.
Clip writes happen in one transaction per batch.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from voicehist.paths import DIR_MODE, FILE_MODE, own_dir
from voicehist.store import audio_dir_of, utcnow, write_transaction

# clip columns an importer may set; everything else belongs to other steps (transcription, flags)
CLIP_COLUMNS = (
    "id", "vendor", "recorded_at", "recorded_raw", "device", "vendor_transcript", "vendor_response",
    "vendor_kind", "vendor_id", "audio_name", "audio_path", "audio_sha256", "audio_format", "duration",
    "sample_rate", "channels", "audio_problem", "raw", "transcript_status",
)  # fmt: skip
AUDIO_COLUMNS = ("audio_path", "audio_sha256", "audio_format", "duration", "sample_rate", "channels",
                 "audio_problem")  # fmt: skip


# what stands in a source's problems for the file of a clip whose vendor text was forgotten
FORGOTTEN_FILE = "(the file of a forgotten clip)"
FORGOTTEN_PROBLEM = "(not kept: the clip was forgotten with its vendor text)"

TEMP_PREFIX = ".tmp-"  # files being written into the audio store: ``.tmp-<pid>-<random>``


def clean_temp_files(audio_dir: Path) -> int:
    """Remove temporary files an interrupted import left in the audio store; returns how many.

    A temp file carries the writer's pid: one whose process is gone is removed; one of a running process
    (another import writing now) is left alone, except an old one without a pid in its name."""
    removed = 0
    if not audio_dir.is_dir():
        return 0
    now = time.time()
    for sub in audio_dir.iterdir():
        if not sub.is_dir() or sub.is_symlink():
            continue
        for f in sub.iterdir():
            if not f.name.startswith(TEMP_PREFIX):
                continue
            pid_text = f.name[len(TEMP_PREFIX) :].split("-", 1)[0]
            if pid_text.isdigit():
                stale = int(pid_text) == os.getpid() or not _alive(int(pid_text))
            else:
                try:
                    stale = now - f.lstat().st_mtime > 3600
                except OSError:
                    continue
            if stale:
                try:
                    f.unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def store_audio(audio_dir: Path, data: bytes, sha256: str, ext: str) -> str:
    """Copy ``data`` into the store (once); return its path relative to ``audio_dir``."""
    own_dir(audio_dir)  # the store is voicehist's own: always 0700
    sub = audio_dir / sha256[:2]
    if not sub.exists():
        sub.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(sub, DIR_MODE)
    rel = f"{sha256[:2]}/{sha256}.{ext}"
    target = audio_dir / rel
    if target.exists() and target.stat().st_size == len(data):
        return rel
    fd, tmp = tempfile.mkstemp(dir=sub, prefix=f"{TEMP_PREFIX}{os.getpid()}-")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return rel


def upsert_source(
    db: Database, *, fingerprint: str, path: str, name: str, vendor: str, importer: str
) -> tuple[int, bool]:
    """The source row for this export: (id, first_time). The same export imported twice is one source.

    ``clips_seen`` stays NULL until an import of the source finishes: a source whose earlier import was
    interrupted (killed, cancelled) is still being imported for the first time, not "imported before"."""
    now = utcnow()
    row = db.execute("SELECT id, clips_seen FROM sources WHERE fingerprint = ?", [fingerprint]).fetchone()
    if row:
        with db.atomic():
            db.execute("UPDATE sources SET last_imported_at = ?, path = ? WHERE id = ?", [now, path, row[0]])
        return int(row[0]), row[1] is None
    with db.atomic():
        cur = db.execute(
            "INSERT INTO sources (fingerprint, path, name, vendor, importer, first_imported_at, last_imported_at,"
            " clips_seen, clips_new, problems, unrecognised) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, '[]', '[]')",
            [fingerprint, path, name, vendor, importer, now, now],
        )
    return int(cur.lastrowid or 0), True


def finish_source(
    db: Database,
    source_id: int,
    *,
    seen: int,
    problems: Sequence[tuple[str, str]],
    unrecognised: Sequence[str],
    complete: bool = True,
) -> None:
    """Record what an import of this source found. ``clips_new`` counts the clips this source brought first
    (whichever run wrote them, so a resumed import counts right); an incomplete run leaves ``clips_seen``
    NULL, so that the next run finishes the first import."""
    probs = json.dumps([{"file": f, "problem": p} for f, p in problems], ensure_ascii=False)
    unrec = json.dumps(list(unrecognised), ensure_ascii=False)
    with db.atomic():
        db.execute(
            "UPDATE sources SET clips_seen = ?, clips_new = (SELECT count(*) FROM clips WHERE source_id = ?),"
            " problems = ?, unrecognised = ? WHERE id = ?",
            [seen if complete else None, source_id, probs, unrec, source_id],
        )


@dataclass
class WriteResult:
    clip_id: str
    new: bool
    names_forgotten: bool = False  # the clip's vendor text was forgotten: its file names are not kept either


def find_forgotten_by_audio(db: Database, sha256: str) -> str | None:
    """A forgotten clip whose audio had this sha256, whatever its vendor (the same recording may come back in
    another vendor's export or in a loose folder)."""
    row = db.execute(
        "SELECT id FROM clips WHERE audio_sha256 = ? AND forgotten_at IS NOT NULL ORDER BY id LIMIT 1", [sha256]
    ).fetchone()
    return str(row[0]) if row else None


def find_clip_by_audio(db: Database, vendor: str, sha256: str) -> str | None:
    row = db.execute(
        "SELECT id FROM clips WHERE vendor = ? AND audio_sha256 = ? ORDER BY id LIMIT 1", [vendor, sha256]
    ).fetchone()
    return str(row[0]) if row else None


# a stored clip's state as a write needs it
_STATE = "audio_path, audio_sha256, audio_problem, forgotten_at, vendor_text_forgotten"
_EXISTING = f"SELECT {_STATE} FROM clips WHERE id = ?"

# what a restore puts back on a forgotten clip (from the export being imported)
RESTORE_COLUMNS = ("vendor_transcript", "vendor_response", "raw", "audio_name", *AUDIO_COLUMNS)


@dataclass(frozen=True)
class Forgotten:
    """What identifies forgotten clips to an import, so their audio is not even copied into the store."""

    ids: frozenset[str]
    audio: frozenset[str]  # audio sha256, whatever the vendor: the same recording through another door

    def covers(self, clip_id: str | None, vendor: str, sha256: str | None) -> bool:
        return (clip_id is not None and clip_id in self.ids) or (sha256 is not None and sha256 in self.audio)


def forgotten_clips(db: Database) -> Forgotten:
    rows = db.execute("SELECT id, audio_sha256 FROM clips WHERE forgotten_at IS NOT NULL").fetchall()
    return Forgotten(frozenset(r[0] for r in rows), frozenset(r[1] for r in rows if r[1]))


def _drop_unused_audio(db: Database, rel: str) -> None:
    """An audio file written for a clip that turned out to be forgotten goes again (unless a live clip uses it)."""
    if db.execute("SELECT 1 FROM clips WHERE audio_path = ? LIMIT 1", [rel]).fetchone():
        return
    store = audio_dir_of(db)
    target = store / rel
    try:
        if target.resolve().is_relative_to(store.resolve()):
            target.unlink()
    except OSError:
        pass


BULK_FTS_ROWS = 100  # from this many rows a batch indexes its new clips for search in one statement


@contextmanager
def _fts_in_bulk(db: Database, rows: int) -> Iterator[None]:
    """Inside a write transaction: for a batch of ``rows`` new clips, index them for full-text search in one
    statement at the end instead of through the insert trigger row by row. The trigger's per-row cost (about
    45 µs, FTS5's statement overhead) was a third of a 100,000-record JSON import. The trigger is dropped and
    made again from its own SQL within the same transaction, so no other connection ever sees it missing,
    and an error rolls both back."""
    row = (
        db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'clips_ai'").fetchone()
        if rows >= BULK_FTS_ROWS
        else None
    )
    if row is None:
        yield
        return
    last = db.execute("SELECT COALESCE(max(rowid), 0) FROM clips").fetchone()[0]
    db.execute("DROP TRIGGER clips_ai")
    yield
    db.execute(
        "INSERT INTO clips_fts (rowid, vendor_transcript, transcript)"
        " SELECT rowid, vendor_transcript, transcript FROM clips WHERE rowid > ?",
        [last],
    )
    db.execute(row[0])


def write_clips(
    db: Database, source_id: int, rows: Sequence[dict[str, Any]], *, restore_forgotten: bool = False
) -> list[WriteResult]:
    """Insert new clips, link every clip to this source; one transaction for the batch.

    A row whose id already exists is not overwritten (the user's data stays as it is), except that audio
    is filled in when the stored clip never had usable audio. A forgotten clip stays forgotten (its audio is
    not stored again, it is not queued for transcription) unless ``restore_forgotten``: then the export's
    audio and vendor text come back and it is transcribed again. A row without a vendor id
    (``_content_match``) whose audio is already stored for the same vendor counts as that clip.
    """
    results: list[WriteResult] = []
    dropped: list[str] = []
    with write_transaction(db), _fts_in_bulk(db, len(rows)):
        batch = _Batch(db, source_id, [str(r["id"]) for r in rows])
        for row in rows:
            clip_id, existing = batch.resolve(row)
            link_name = row.get("audio_name")
            if existing is None:
                batch.insert(clip_id, row)
                results.append(WriteResult(clip_id, True))
            elif existing[3] is not None:  # forgotten
                if restore_forgotten:
                    _restore(db, clip_id, row)
                    results.append(WriteResult(clip_id, False))
                else:
                    if row.get("audio_path"):
                        dropped.append(str(row["audio_path"]))
                    if existing[4]:  # the vendor's text was forgotten too, and file names can hold it
                        link_name = None
                    results.append(WriteResult(clip_id, False, names_forgotten=bool(existing[4])))
            else:
                _fill_audio(db, clip_id, existing, row)
                results.append(WriteResult(clip_id, False))
            batch.link(clip_id, link_name)
        batch.flush()
    for rel in dropped:
        _drop_unused_audio(db, rel)
    return results


_INSERT = (
    f"INSERT INTO clips ({', '.join(CLIP_COLUMNS)}, source_id, imported_at, number)"
    f" VALUES ({', '.join('?' for _ in CLIP_COLUMNS)}, ?, ?, ?)"
)
_LINK = "INSERT OR IGNORE INTO clip_sources (clip_id, source_id, audio_name) VALUES (?, ?, ?)"


class _Batch:
    """One batch of clip writes (inside its transaction). The stored state of the batch's ids is read in a few
    statements up front, and new clips and links are written with one statement each at the end: a row-by-row
    SELECT, INSERT and link were most of the write time of a 100,000-record import. A row that must see what
    the rows before it wrote (an id seen earlier in the batch, a match by audio) first writes what waits."""

    def __init__(self, db: Database, source_id: int, ids: list[str]) -> None:
        self.db, self.source_id, self.now = db, source_id, utcnow()
        self.number = db.execute("SELECT COALESCE(max(number), 0) FROM clips").fetchone()[0]  # the writer's lock
        self.stored = _stored(db, ids)
        self.touched: set[str] = set()  # ids this batch wrote or linked: their stored state is read again
        self.clips: list[list[Any]] = []
        self.links: list[tuple[str, int, Any]] = []

    def resolve(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...] | None]:
        """The id this row is written under and that clip's stored state (None: a new clip)."""
        clip_id = str(row["id"])
        existing = self._read(clip_id) if clip_id in self.touched else self.stored.get(clip_id)
        sha = row.get("audio_sha256")
        if existing is None and row.get("_content_match") and sha:
            self.flush()
            other = find_clip_by_audio(self.db, str(row["vendor"]), str(sha))
            if other is not None:
                clip_id, existing = other, self._read(other)
        if existing is None and sha:
            # the recording of a forgotten clip, come back under another vendor or id: it is that clip
            other = find_forgotten_by_audio(self.db, str(sha))
            if other is not None:
                clip_id, existing = other, self._read(other)
        self.touched.add(clip_id)
        return clip_id, existing

    def _read(self, clip_id: str) -> tuple[Any, ...] | None:
        self.flush()
        row = self.db.execute(_EXISTING, [clip_id]).fetchone()
        return None if row is None else tuple(row)

    def insert(self, clip_id: str, row: dict[str, Any]) -> None:
        self.number += 1
        values = [row.get(k) for k in CLIP_COLUMNS]
        values[CLIP_COLUMNS.index("id")] = clip_id
        self.clips.append([*values, self.source_id, self.now, self.number])

    def link(self, clip_id: str, audio_name: Any) -> None:
        self.links.append((clip_id, self.source_id, audio_name))

    def flush(self) -> None:
        """Write the new clips and links that wait (clips first: a link names its clip)."""
        if self.clips:
            self.db.conn.executemany(_INSERT, self.clips)
            self.clips.clear()
        if self.links:
            self.db.conn.executemany(_LINK, self.links)
            self.links.clear()


def _stored(db: Database, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """The stored state (as ``_EXISTING`` reads it) of those of these ids that are clips already."""
    out: dict[str, tuple[Any, ...]] = {}
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), 500):
        chunk = unique[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        for r in db.execute(f"SELECT id, {_STATE} FROM clips WHERE id IN ({marks})", chunk).fetchall():
            out[str(r[0])] = tuple(r[1:])
    return out


def _restore(db: Database, clip_id: str, row: dict[str, Any]) -> None:
    """A forgotten clip brought back (``--restore-forgotten``): the export's audio and vendor text, transcribed
    again."""
    values = {c: row.get(c) for c in RESTORE_COLUMNS}
    sets = ", ".join(f"{c} = COALESCE({c}, ?)" for c in values)
    db.execute(
        f"UPDATE clips SET {sets}, forgotten_at = NULL, vendor_text_forgotten = 0, transcript_status = ? WHERE id = ?",
        [*values.values(), "pending" if row.get("audio_path") else "no_audio", clip_id],
    )


def _fill_audio(db: Database, clip_id: str, existing: tuple[Any, ...], row: dict[str, Any]) -> None:
    """A clip stored before without usable audio gets this row's audio (and is queued for transcription)."""
    had_none = existing[0] is None and (existing[1] is None or existing[2] is not None)
    if had_none and row.get("audio_path"):
        sets = ", ".join(f"{c} = ?" for c in AUDIO_COLUMNS)
        db.execute(
            f"UPDATE clips SET {sets}, transcript_status = CASE WHEN transcript_status = 'no_audio'"
            " THEN 'pending' ELSE transcript_status END WHERE id = ?",
            [row.get(c) for c in AUDIO_COLUMNS] + [clip_id],
        )


def source_rows(db: Database, ids: Sequence[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    cur = db.execute(f"SELECT * FROM sources WHERE id IN ({marks}) ORDER BY id", list(ids))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
