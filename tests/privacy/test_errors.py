"""Errors that are the user's: plain message, exit 2 (or 1 when finished work was kept), never a traceback.

Read-only file systems and full disks are real: a private mount namespace (``unshare -m``, root) holds a
read-only bind mount of the data folder, or a 64 KiB tmpfs. Where that is not allowed the tests are skipped;
the mapping of the same errors is also tested directly."""

from __future__ import annotations

import errno
import json
import shlex
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.privacy.conftest import cli_env, make_export, voicehist
from voicehist import __version__
from voicehist.cli.common import user_error
from voicehist.errors import EXIT_PROBLEMS, EXIT_USAGE


def _clean(out: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr, out.stderr


def test_a_file_that_is_not_sqlite_says_what_it_is(vh_home: Path, tmp_path: Path) -> None:
    fake = tmp_path / "voicehist.db"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("a.txt", "hello" * 100)
    before = fake.read_bytes()
    for args in (("list", "--json"), ("search", "x"), ("import", str(tmp_path)), ("flag", "--auto")):
        out = voicehist(*args, "--db", str(fake), home=vh_home)
        assert out.returncode == 2, (args, out.stderr)
        _clean(out)
        assert "not a voicehist database" in out.stderr and "ZIP" in out.stderr
    text = tmp_path / "notes.db"
    text.write_text("just some notes, not a database at all\n" * 20)
    out = voicehist("list", "--db", str(text), home=vh_home)
    assert out.returncode == 2 and "a text file" in out.stderr
    assert fake.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused_naming_both(vh_home: Path, tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo")])
    assert voicehist("import", "-q", str(export), "--db", str(db), home=vh_home).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('voicehist', 'm042_future', 'x')"
    )
    conn.execute("UPDATE voicehist_meta SET value = '9.1.0' WHERE key = 'schema_written_by'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db.read_bytes()
    for args in (("list",), ("import", str(export)), ("transcribe",)):
        out = voicehist(*args, "--db", str(db), home=vh_home)
        assert out.returncode == 2, out.stderr
        _clean(out)
        assert "9.1.0" in out.stderr and __version__ in out.stderr and "m042_future" in out.stderr
    assert db.read_bytes() == before


def _unshare_ok() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        r = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10)
    except OSError:
        return False
    return r.returncode == 0


needs_namespace = pytest.mark.skipif(not _unshare_ok(), reason="needs root and `unshare -m` for a private mount")


def _in_namespace(setup: str, *cmds: list[str], home: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run voicehist commands in a private mount namespace after ``setup`` (shell). One process each."""
    outs = []
    for cmd in cmds:
        line = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "voicehist", *cmd])
        script = f'set -e\n{setup}\nset +e\n{line}\necho "__RC__=$?" >&2\n'
        r = subprocess.run(
            ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=cli_env(home), timeout=300
        )
        rc = int(r.stderr.rsplit("__RC__=", 1)[1].strip()) if "__RC__=" in r.stderr else r.returncode
        outs.append(subprocess.CompletedProcess(cmd, rc, r.stdout, r.stderr.rsplit("__RC__=", 1)[0]))
    return outs


@needs_namespace
def test_read_only_file_system_list_and_search_work_writes_are_refused(vh_home: Path, tmp_path: Path) -> None:
    data = tmp_path / "ro"
    db = data / "voicehist.db"
    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo"), ("int02_kitchen.wav", "Echo")])
    assert voicehist("import", "-q", str(export), "--db", str(db), home=vh_home).returncode == 0
    q = shlex.quote(str(data))
    ro = f"mount --bind {q} {q}\nmount -o remount,bind,ro {q}"
    listed, found, flagged, imported = _in_namespace(
        ro,
        ["list", "--json", "--db", str(db)],
        ["search", "time", "--json", "--db", str(db)],
        ["flag", "--set", "1", "--db", str(db)],
        ["import", str(export), "--db", str(db)],
        home=vh_home,
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["count"] == 2
    assert found.returncode == 0 and json.loads(found.stdout)["count"] == 1, found.stderr
    for out in (flagged, imported):
        assert out.returncode == 2, out.stderr
        _clean(out)
        assert "read-only" in out.stderr


@needs_namespace
def test_disk_full_is_a_plain_message_and_keeps_the_database_sound(vh_home: Path, tmp_path: Path) -> None:
    small = tmp_path / "small"
    small.mkdir()
    db = small / "voicehist.db"
    files = [(f, "Echo") for f in ("acc13_tv_news.wav", "acc14_tv_drama.wav", "int01_time.wav", "int02_kitchen.wav")]
    export = make_export(tmp_path / "export", files)
    check = (
        f"{shlex.quote(sys.executable)} -c 'import sqlite3,sys; "
        f'print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])\' {shlex.quote(str(db))}'
    )
    setup = f"mount -t tmpfs -o size=256k,mode=0700 tmpfs {shlex.quote(str(small))}"
    line = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "voicehist", "import", str(export), "--db", str(db)])
    script = f'{setup}\n{line}\necho "__RC__=$?" >&2\n{check}\n'
    r = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=cli_env(vh_home), timeout=300
    )
    rc = int(r.stderr.rsplit("__RC__=", 1)[1].split()[0])
    assert rc in (EXIT_PROBLEMS, EXIT_USAGE), r.stderr
    assert "disk is full" in r.stderr and "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert r.stdout.strip().splitlines()[-1] == "ok"  # what was committed is intact


@pytest.mark.parametrize(
    "exc, command, code",
    [
        (sqlite3.OperationalError("database or disk is full"), "import", EXIT_PROBLEMS),
        (OSError(errno.ENOSPC, "No space left on device"), "transcribe", EXIT_PROBLEMS),
        (OSError(errno.ENOSPC, "No space left on device"), "list", EXIT_USAGE),
        (sqlite3.OperationalError("attempt to write a readonly database"), "flag", EXIT_USAGE),
        (OSError(errno.EROFS, "Read-only file system"), "import", EXIT_USAGE),
        (sqlite3.DatabaseError("file is not a database"), "list", EXIT_USAGE),
    ],
)
def test_user_errors_map_to_plain_messages(exc: BaseException, command: str, code: int) -> None:
    wrapped = RuntimeError("while writing")
    wrapped.__cause__ = exc  # found anywhere in the chain
    for e in (exc, wrapped):
        known = user_error(e, command)
        assert known is not None and known.exit_code == code
    assert user_error(ValueError("a bug"), "list") is None
