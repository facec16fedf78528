"""voicehist's SQLite store: one file, WAL, migrations, FTS5 over both transcripts.

``Database`` objects are tied to the thread that opened them: every thread (TUI worker, transcription
runner) calls :func:`open_db` for its own connection. WAL lets readers work while a writer commits.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from sqlite_utils import Database

from voicehist.paths import audio_store_for, locations, private_dir, private_file
from voicehist.store.schema import migrations

BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> Path:
    return locations().db_path


def open_db(path: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path`` with private permissions and the current schema."""
    db_path = Path(path) if path is not None else default_db_path()
    private_dir(db_path.parent)
    existed = db_path.exists()
    if not existed:
        # create the file 0600 before SQLite writes a byte into it
        fd = os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    db = Database(db_path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()
    if migrate:
        migrations.apply(db)
    private_file(db_path)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            private_file(side)
    return db


def db_path_of(db: Database) -> Path:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])


def audio_dir_of(db: Database) -> Path:
    return audio_store_for(db_path_of(db))


def utcnow() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


__all__ = ["open_db", "default_db_path", "db_path_of", "audio_dir_of", "utcnow", "Database"]
