"""Issue 20, finding 8: traced with strace, no command writes, creates or removes a file outside voicehist's
folders and the output the user named, and none runs another program (no ldconfig, gcc or ld for the PDF,
no SQLite temporary files in $TMPDIR)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.privacy.conftest import cli_env, make_export

STRACE = shutil.which("strace")
CALLS = "execve,open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,link,linkat,symlink,symlinkat"
WRITES = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC")
PATH = re.compile(r'"((?:[^"\\]|\\.)*)"')
DEVICES = ("/dev/null", "/dev/tty", "/dev/pts/", "/dev/urandom", "/dev/shm/")  # shm: multiprocessing locks


def _strace_works() -> bool:
    if STRACE is None:
        return False
    probe = subprocess.run([str(STRACE), "-f", "-e", "trace=execve", "-o", "/dev/null", "true"], capture_output=True)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _strace_works(), reason="strace is missing or cannot trace here (ptrace)")


def traced(args: list[str], home: Path, log: Path) -> tuple[int, list[str]]:
    env = cli_env(home, PYTHONDONTWRITEBYTECODE="1")  # Python's own byte-code cache is not voicehist's writing
    run = subprocess.run(
        [str(STRACE), "-f", "-qq", "-e", f"trace={CALLS}", "-o", str(log), sys.executable, "-m", "voicehist", *args],
        env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    return run.returncode, log.read_text(errors="replace").splitlines()


def problems(lines: list[str], allowed: list[Path]) -> list[str]:
    """Each traced call that ran a program or wrote outside ``allowed`` (failed calls changed nothing)."""
    bad = []
    roots = [str(p.resolve()) for p in allowed]
    first_exec = True
    for line in lines:
        if re.search(r"= -1 E\w+", line) or "resumed>" in line and "= -1" in line:
            continue
        call = re.match(r"\d+\s+(\w+)\(", line)
        if not call:
            continue
        name = call.group(1)
        paths = PATH.findall(line)
        if name == "execve":
            if first_exec:  # the interpreter itself
                first_exec = False
                continue
            bad.append(line)
            continue
        if name in ("open", "openat", "creat") and not (WRITES.search(line) or name == "creat"):
            continue  # reading
        for p in paths[:2] if name.startswith(("rename", "link", "symlink")) else paths[:1]:
            if p.startswith(DEVICES) or any(p == r or p.startswith(r + "/") for r in roots):
                continue
            bad.append(line)
    return bad


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_export(tmp_path_factory.mktemp("trace_export") / "export")


def test_every_command_stays_in_its_folders(export: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ["import", str(export)],
        ["transcribe", "--limit", "2"],
        ["flag", "--auto"],
        ["list", "--json"],
        ["search", "time"],
        ["sensitive"],
        ["report"],
        ["report", "--format", "md", "-o", str(out / "r.md")],
        ["report", "--format", "html", "-o", str(out / "r.html")],
        ["report", "--format", "pdf", "-o", str(out / "r.pdf")],
        [
            "request",
            "--vendor",
            "amazon",
            "--law",
            "gdpr",
            "--flagged",
            "--name",
            "A",
            "--email",
            "a@example.com",
            "-o",
            str(out / "letter.md"),
        ],  # fmt: skip
        ["export", "-o", str(out / "clips.csv")],
        ["export", "--format", "json", "-o", str(out / "clips.json")],
        ["forget", "1", "--yes"],
    ]
    found: dict[str, list[str]] = {}
    for i, args in enumerate(commands):
        code, lines = traced(args, home, tmp_path / f"trace{i}.log")
        assert code in (0, 1), (args, code)
        allowed = [home]
        named = [Path(a) for a in args if a.startswith(str(out))]
        if named:  # the named file, and the temporary file beside it that is renamed into place
            allowed += named + [out / ".voicehist-"]
        bad = [b for b in problems(lines, allowed) if "/.voicehist-" not in b or str(out) not in b]
        if bad:
            found[" ".join(args)] = bad[:5]
    assert not found, found
    for name in ("r.md", "r.html", "r.pdf", "letter.md", "clips.csv", "clips.json"):
        assert (out / name).is_file(), name


def test_sqlite_temporary_storage_is_memory(db) -> None:
    """SQLite's temporary tables and sort files (``etilqs_*`` in $TMPDIR) held pages of transcripts: every
    connection keeps them in memory, read-only ones included."""
    from voicehist.store import db_path_of, open_db

    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    ro = open_db(db_path_of(db), read_only=True)
    try:
        assert ro.execute("PRAGMA temp_store").fetchone()[0] == 2
    finally:
        ro.close()
