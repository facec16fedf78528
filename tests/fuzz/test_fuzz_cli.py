"""Issue 20: property-based fuzzing of the command line's options (ids, numbers, dates, e-mail addresses,
output paths) and of every output writer, through the real entry point in this process.

Invariants for any input: exit 0, 1 or 2 (never 70), no traceback; a writer never follows a symbolic link,
never opens a device or FIFO, never replaces a file without --force, and what it creates is 0600.
Derandomized: CI runs the same examples every time (about 400, well under a minute).
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attack.exports import HOSTILE_TEXT, table
from voicehist.cli import cli
from voicehist.cli.common import run_guarded

FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from([str(2**63 - 1), str(2**63), str(2**64), "0", "-1", "1e9", "٣", "²", "#1", "# 1", "0x10"]),
)
DATES = st.one_of(
    st.from_regex(r"\A-?\d{1,6}([-/.]\d{1,3}){0,2}( \d{1,2}:\d{2})?\Z"),
    st.from_regex(r"\A\d{1,25} ?(h|d|w|mo|y|days|years)( ago)?\Z"),
    st.sampled_from(["9999-12-31", "0001-01-01", "0000-01-01", "today", "last year", "31.02.2020", "2020-13"]),
    st.text(max_size=20),
)
EMAILS = st.one_of(
    st.from_regex(r"\A[^@\s]{0,10}@[^@\s]{0,10}\Z"),
    st.sampled_from(["a@b, c@d", "not-an-email", "jö@exämple.com", "a@example.com\nBcc: x@y.z", "<a@b.c>"]),
    st.text(max_size=30),
)
WORDS = st.text(max_size=30)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from voicehist.importers import import_paths
    from voicehist.store import open_db

    root = tmp_path_factory.mktemp("fuzz_cli")
    export = table(root / "export", [f"2020-01-01T00:00:00Z,Echo,{HOSTILE_TEXT},u1",
                                     "2020-01-02T00:00:00Z,Echo,call bob at bob@example.com,u2"])  # fmt: skip
    db = open_db(root / "v.db")
    try:
        import_paths(db, [export])
    finally:
        db.close()
    return root / "v.db"


def _alarm(*_: object) -> None:
    raise TimeoutError("the command blocked (a FIFO opened for writing?)")


def run(capfd: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str]:
    capfd.readouterr()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(30)
    try:
        code = run_guarded(cli, [*args, "--db", str(db)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    out, err = capfd.readouterr()
    assert code in (0, 1, 2), (args, code, err[-500:])
    assert "Traceback" not in out + err and "internal error" not in err, (args, err[-500:])
    return code, err


@given(number=NUMBERS)
@FUZZ
def test_ids_and_numbers(number: str, fuzz_db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    for args in (["show", number], ["flag", "--set", number], ["list", "--limit", number],
                 ["requests", "mark", number, "sent"],
                 ["request", "--vendor", "amazon", "--law", "gdpr", "--ids", number, "--dry-run"]):  # fmt: skip
        run(capfd, fuzz_db, *args)


@given(since=DATES, until=DATES)
@FUZZ
def test_dates(since: str, until: str, fuzz_db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    run(capfd, fuzz_db, "list", "--since", since, "--until", until)
    run(capfd, fuzz_db, "report", "--since", since)
    run(capfd, fuzz_db, "requests", "mark", "1", "sent", "--on", since)
    run(capfd, fuzz_db, "requests")


@given(email=EMAILS, name=WORDS, fmt=st.sampled_from(["eml", "md", "txt", "csv", "html"]))
@FUZZ
def test_requester(email: str, name: str, fmt: str, fuzz_db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    run(capfd, fuzz_db, "request", "--vendor", "amazon", "--law", "gdpr", "--ids", "1", "--format", fmt,
        "--email", email, "--name", name, "--dry-run")  # fmt: skip


KINDS = ["new", "file", "link", "dangling", "fifo", "folder", "missing-folder", "dev-null", "empty"]


@pytest.fixture
def places(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


def _make(kind: str, root: Path, n: int, suffix: str) -> tuple[str, Path | None]:
    """(the -o argument, a file whose bytes must not change) for one kind of target."""
    base = root / f"t{n}{suffix}"
    victim = root / f"victim{n}.txt"
    if kind == "new":
        return str(base), None
    if kind == "file":
        base.write_text("mine\n")
        return str(base), base
    if kind == "link":
        victim.write_text("victim\n")
        base.symlink_to(victim)
        return str(base), victim
    if kind == "dangling":
        base.symlink_to(root / f"nowhere{n}")
        return str(base), None
    if kind == "fifo":
        os.mkfifo(base)
        return str(base), None
    if kind == "folder":
        base.mkdir()
        return str(base), None
    if kind == "missing-folder":
        return str(root / f"no{n}" / f"x{suffix}"), None
    if kind == "dev-null":
        return "/dev/null", None
    return "", None


WRITERS = {
    "report-md": (["report", "--format", "md"], ".md"),
    "report-html": (["report", "--format", "html"], ".html"),
    "report-txt": (["report", "--format", "text"], ".txt"),
    "export-csv": (["export"], ".csv"),
    "export-json": (["export", "--format", "json"], ".json"),
    "request-md": (
        ["request", "--vendor", "amazon", "--law", "gdpr", "--ids", "1", "--name", "A", "--email", "a@example.com"],
        ".md",
    ),  # fmt: skip
}


@given(writer=st.sampled_from(sorted(WRITERS)), kind=st.sampled_from(KINDS), force=st.booleans())
@settings(FUZZ, max_examples=150)
def test_every_writer(
    writer: str, kind: str, force: bool, fuzz_db: Path, places: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    test_every_writer.n = getattr(test_every_writer, "n", 0) + 1  # type: ignore[attr-defined]
    n = test_every_writer.n  # type: ignore[attr-defined]
    args, suffix = WRITERS[writer]
    target, keep = _make(kind, places, n, suffix)
    before = keep.read_bytes() if keep else None
    dev_null = os.stat("/dev/null")
    code, err = run(capfd, fuzz_db, *args, "-o", target, *(["--force"] if force else []))
    if keep is not None and (kind == "link" or not force):
        assert keep.read_bytes() == before, (writer, kind, force)
    if kind in ("fifo", "folder", "missing-folder", "dev-null", "empty") or (kind in ("file", "link") and not force):
        assert code == 2, (writer, kind, force, code, err)
    if code == 0 and kind in ("new", "file", "link", "dangling"):
        made = Path(target)
        assert made.is_file() and not made.is_symlink()
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
    after = os.stat("/dev/null")
    assert (after.st_mode, after.st_uid) == (dev_null.st_mode, dev_null.st_uid)  # never chmod-ed
