"""voicehist's SQLite store: one file, WAL, migrations, FTS5 over both transcripts.

``Database`` objects are tied to the thread that opened them: every thread (TUI worker, transcription
runner) calls :func:`open_db` for its own connection. WAL lets readers work while a writer commits.

Every connection runs with ``secure_delete`` on (deleted content is overwritten with zeros). A database file
or folder that cannot be written is opened read-only (reading works; a write is refused with a plain
message). A file that is not SQLite, or a database upgraded by a newer voicehist, is refused.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from voicehist import __version__
from voicehist.errors import NewerDatabase, NoDatabase, NotADatabase
from voicehist.paths import (
    DIR_MODE,
    FILE_MODE,
    audio_store_for,
    legacy_audio_store_for,
    locations,
    own_dir,
    private_dir,
    private_file,
)
from voicehist.store.schema import FTS_COLUMNS, FTS_TOKENIZE, migrations

BUSY_TIMEOUT_MS = 10_000
META_TABLE = "voicehist_meta"


def default_db_path() -> Path:
    return locations().db_path


def describe_file(path: Path) -> str:
    """A few words on what a file that is not a database looks like ("a ZIP archive", "a JSON text file")."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as e:
        return f"a file that cannot be read ({e.strerror})"
    if not head:
        return "an empty file"
    import filetype

    kind = filetype.guess(head)
    if kind is not None:
        return f"a {kind.extension.upper()} file ({kind.mime})"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return "a binary file of an unknown kind"
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return "a JSON text file"
    if stripped[:1] == "<":
        return "an HTML/XML text file"
    return "a text file"


def _writable(db_path: Path) -> bool:
    folder = db_path.parent if str(db_path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        return False
    return not db_path.exists() or os.access(db_path, os.W_OK)


def _connect_read_only(db_path: Path) -> sqlite3.Connection:
    """Open without writing anything: ``mode=ro`` when SQLite can use (or make) the WAL index, else
    ``immutable=1`` (a read-only file system: nothing can change the file under us)."""
    uri = db_path.absolute().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)


def _not_a_database(db_path: Path, e: sqlite3.DatabaseError) -> NotADatabase:
    return NotADatabase(
        f"{db_path} is not a voicehist database: it is {describe_file(db_path)} ({e}). "
        "Pass the right file with --db, or a new file name to start a new database."
    )


def _known_migrations() -> list[str]:
    """Every migration this version has, in order: what sqlite-utils' public ``pending`` (read-only) lists for
    a database that has none applied."""
    return [m.name for m in migrations.pending(Database(memory=True))]


def check_version(db: Database, db_path: Path) -> None:
    """Refuse a database that holds migrations this version does not know (it was upgraded by a newer one)."""
    if not db["_sqlite_migrations"].exists():
        return
    applied = [m.name for m in migrations.applied(db)]
    known = _known_migrations()
    unknown = [n for n in applied if n not in known]
    if not unknown:
        return
    by = None
    if db[META_TABLE].exists():
        row = db.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_written_by'").fetchone()
        by = row[0] if row else None
    newer = f"voicehist {by}" if by else "a newer voicehist"
    raise NewerDatabase(
        f"{db_path} was upgraded by {newer} (its schema has {', '.join(unknown)}); this is voicehist "
        f"{__version__}, whose schema ends at {known[-1]}. Use {newer} or later with this database; "
        "it was not changed."
    )


def _record_version(db: Database) -> None:
    db.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
    db.execute(
        f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_written_by', ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [__version__],
    )
    db.conn.commit()


def open_db(
    path: str | os.PathLike[str] | None = None,
    *,
    migrate: bool = True,
    create: bool = True,
    read_only: bool | None = None,
) -> Database:
    """Open the database at ``path`` with private permissions and the current schema.

    ``create=False``: a missing file is an error (:class:`NoDatabase`) and nothing is created. ``read_only``:
    None opens read-only exactly when the file or its folder cannot be written.
    """
    db_path = Path(path) if path is not None else default_db_path()
    _refuse_odd_file(db_path)
    existed = db_path.exists()
    if not existed and not create:
        raise NoDatabase(
            f"there is no database at {db_path}; check the --db path, or import an export first "
            "(`voicehist import PATH`)"
        )
    if db_path.is_dir():
        raise NotADatabase(f"{db_path} is a folder, not a database file; pass a file name with --db")
    if not existed:
        private_dir(db_path.parent)
    ro = (not _writable(db_path)) if read_only is None else read_only
    if ro and not existed:
        raise NoDatabase(f"there is no database at {db_path}, and its folder cannot be written to create one")
    if not existed:
        # create the file 0600 before SQLite writes a byte into it
        fd = os.open(db_path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
        os.close(fd)
    try:
        if ro:
            db = Database(_connect_read_only(db_path))
        else:
            db = Database(db_path)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # sorts, indexes and VACUUM work in memory, never in etilqs_* files in $TMPDIR (pages of transcripts)
        db.execute("PRAGMA temp_store = MEMORY")
        db.execute("PRAGMA foreign_keys = ON")
        if not ro:
            db.execute("PRAGMA secure_delete = ON")
            db.execute("PRAGMA synchronous = NORMAL")
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
        else:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        if "not a database" in str(e):
            raise _not_a_database(db_path, e) from e
        raise
    check_version(db, db_path)
    if migrate:
        pending = migrations.pending(db)
        if pending and ro:
            db.close()
            raise NotADatabase(
                f"{db_path} needs an upgrade to this version's schema ({pending[0].name}...), but it cannot "
                "be written (read-only). Open it once where it is writable."
            )
        if pending:
            migrations.apply(db)
            _record_version(db)
    _check_fts(db, db_path, ro)
    if not ro:
        private_file(db_path)
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                private_file(side)
        _adopt_legacy_audio(db, db_path)
    return db


def _refuse_odd_file(db_path: Path) -> None:
    """A database is a regular file (or a link to one) or a name where one can be made: never a device such as
    /dev/null (SQLite would put its journal beside it, in /dev), a FIFO (reading it would block), a socket, or
    a link that points nowhere (creating the database would create whatever the link names)."""
    try:
        st = os.lstat(db_path)
    except FileNotFoundError:
        return
    except OSError as e:
        raise NotADatabase(f"{db_path} cannot be used as the database: {e.strerror or e}") from e
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(db_path)
        except OSError:
            raise NotADatabase(
                f"{db_path} is a symbolic link to {os.readlink(db_path)}, which does not exist; pass the database "
                "file itself with --db (voicehist never creates a file through a link)"
            ) from None
    if stat.S_ISDIR(st.st_mode):
        raise NotADatabase(f"{db_path} is a folder, not a database file; pass a file name with --db")
    if not stat.S_ISREG(st.st_mode):
        raise NotADatabase(
            f"{db_path} is not a regular file (a device, FIFO or socket), so it cannot be a database; pass a file "
            "name with --db"
        )


def _check_fts(db: Database, db_path: Path, read_only: bool) -> None:
    """A database whose full-text index was dropped (by hand, or a damaged copy) gets it back, rebuilt from the
    clips; read-only, it is refused with a message (search would fail, and so would every write)."""
    if not db["clips"].exists() or db["clips_fts"].exists():
        return
    if read_only:
        raise NotADatabase(
            f"{db_path} has lost its full-text index (clips_fts); open it once where it can be written and "
            "voicehist rebuilds it"
        )
    for suffix in ("ai", "ad", "au"):  # the triggers that fed the lost index (sqlite-utils' names)
        db.execute(f"DROP TRIGGER IF EXISTS clips_{suffix}")
    clips = db.table("clips")
    clips.enable_fts(list(FTS_COLUMNS), create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    clips.rebuild_fts()
    db.conn.commit()


def db_path_of(db: Database) -> Path:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])


def audio_dir_of(db: Database) -> Path:
    """This database's own audio store (``NAME.audio/`` beside ``NAME.db``). A read-only database whose audio
    still sits in the old shared ``audio/`` folder (not yet moved) is read from there."""
    path = db_path_of(db)
    store = audio_store_for(path)
    if not store.exists():
        legacy = legacy_audio_store_for(path)
        if legacy.is_dir() and not os.access(path.parent, os.W_OK):
            return legacy
    return store


def _adopt_legacy_audio(db: Database, db_path: Path) -> None:
    """Give a database written before per-database stores its own copy of the audio it references.

    Older versions kept one ``audio/`` folder beside every database in a folder (so ``forget`` in one
    database deleted audio another still used). The first writable open builds ``NAME.audio/`` from the
    files this database references: hard links where the file system allows (no extra space), else copies,
    in a temporary folder renamed into place when complete. The shared folder is never changed: other
    databases may still use it.
    """
    store = audio_store_for(db_path)
    legacy = legacy_audio_store_for(db_path)
    if store.exists() or not legacy.is_dir() or not db["clips"].exists():
        return
    rels = [r[0] for r in db.execute("SELECT DISTINCT audio_path FROM clips WHERE audio_path IS NOT NULL")]
    if not rels:
        return
    work = Path(tempfile.mkdtemp(prefix=f".{store.name}.moving-", dir=db_path.parent))
    try:
        os.chmod(work, DIR_MODE)
        base = legacy.resolve()
        for rel in rels:
            src = legacy / rel
            try:
                if not src.resolve().is_relative_to(base) or not src.is_file():
                    continue
            except OSError:
                continue
            dest = work / rel
            if dest.parent != work and not dest.parent.exists():
                own_dir(dest.parent)
            try:
                os.link(src, dest)
            except OSError:
                shutil.copy2(src, dest)
                os.chmod(dest, FILE_MODE)
        try:
            os.rename(work, store)
        except OSError as e:  # another process finished first
            if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock at its start (``BEGIN IMMEDIATE``).

    A deferred transaction that reads and then writes can fail at once with "database is locked" when another
    process wrote in between (the busy timeout does not apply); taking the lock first waits for it instead.
    """
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def utcnow() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


__all__ = [
    "open_db",
    "default_db_path",
    "db_path_of",
    "audio_dir_of",
    "utcnow",
    "write_transaction",
    "describe_file",
    "Database",
]
