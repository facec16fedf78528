"""Transcription under interruption and concurrency, with the real CLI, the real bundled model and real
espeak-ng clips: `kill -9` at several points then a rerun, two runs at once, readers while a writer runs.

After every scenario: ``integrity_check`` ok, exactly one transcript per clip, no orphan transcripts or words."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.privacy.conftest import cli_env, make_export, voicehist

FILES = [
    ("int01_time.wav", "Echo"),
    ("int03_timer.wav", "Echo"),
    ("int05_weather.wav", "Echo"),
    ("int14_joke.wav", "Echo"),
    ("acc09_alex_salt.wav", "Echo"),
    ("acc11_cat.wav", "Echo"),
    ("pair1_1_heat.wav", "Echo"),
    ("int16_morning.wav", "Echo"),
]


@pytest.fixture
def imported(vh_home: Path, tmp_path: Path) -> Path:
    export = make_export(tmp_path / "export", FILES)
    db = vh_home / "data" / "voicehist.db"
    out = voicehist("import", "-q", str(export), "--db", str(db), home=vh_home)
    assert out.returncode == 0, out.stderr
    return db


def _query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_consistent(db: Path, *, finished: bool) -> None:
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]
    per_clip = _query(db, "SELECT clip_id, count(*) FROM transcripts GROUP BY clip_id HAVING count(*) > 1")
    assert per_clip == [], f"clips with two transcripts: {per_clip}"
    orphans = _query(
        db, "SELECT count(*) FROM transcripts t WHERE NOT EXISTS (SELECT 1 FROM clips c WHERE c.transcript_id = t.id)"
    )
    assert orphans == [(0,)], "transcripts no clip points at"
    assert _query(db, "SELECT count(*) FROM words WHERE transcript_id NOT IN (SELECT id FROM transcripts)") == [(0,)]
    done = _query(db, "SELECT count(*) FROM clips WHERE transcript_status = 'done'")[0][0]
    assert _query(db, "SELECT count(*) FROM transcripts") == [(done,)]
    if finished:
        assert done == len(FILES)
        assert _query(db, "SELECT count(*) FROM clips WHERE transcript_status != 'done'") == [(0,)]
        assert _query(db, "SELECT count(DISTINCT transcript_id) FROM words") == [(len(FILES),)]


def _start(db: Path, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "voicehist", "transcribe", "--json", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(home),
    )


def _wait_for(db: Path, sql: str, proc: subprocess.Popen[str], timeout: float = 120) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            if _query(db, sql)[0][0]:
                return True
        except sqlite3.OperationalError:
            pass
        time.sleep(0.02)
    return False


def _kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_kill_9_at_several_points_then_rerun(imported: Path, vh_home: Path) -> None:
    db = imported
    # 1: while the model loads (nothing claimed yet)
    p = _start(db, vh_home)
    time.sleep(0.5)
    _kill(p)
    assert_consistent(db, finished=False)
    # 2: with clips claimed ('running'), before any result is saved
    p = _start(db, vh_home)
    assert _wait_for(db, "SELECT count(*) FROM clips WHERE transcript_status = 'running'", p)
    _kill(p)
    assert _query(db, "SELECT count(*) FROM clips WHERE transcript_status = 'running'")[0][0] > 0
    assert_consistent(db, finished=False)
    # 3: after the first results were saved
    p = _start(db, vh_home)
    assert _wait_for(db, "SELECT count(*) FROM clips WHERE transcript_status = 'done'", p)
    _kill(p)
    assert_consistent(db, finished=False)
    # the rerun takes the dead runs' claims back and finishes with exact counts
    out = voicehist("transcribe", "--json", "--db", str(db), home=vh_home)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["remaining"] == 0 and doc["failed"] == 0
    assert_consistent(db, finished=True)


def test_two_runs_at_once_share_the_work(imported: Path, vh_home: Path) -> None:
    db = imported
    a, b = _start(db, vh_home), _start(db, vh_home)
    outs = [p.communicate(timeout=300) for p in (a, b)]
    assert a.returncode == 0 and b.returncode == 0, outs
    docs = [json.loads(o[0]) for o in outs]
    assert sum(d["done"] for d in docs) == len(FILES), docs  # every clip once, by one run or the other
    assert all(d["failed"] == 0 for d in docs)
    assert_consistent(db, finished=True)


def test_readers_never_see_database_is_locked_while_a_writer_runs(imported: Path, vh_home: Path) -> None:
    db = imported
    writer = _start(db, vh_home)
    env = cli_env(vh_home)
    reads = 0
    try:
        while writer.poll() is None or reads < 4:
            for args in (("list", "--json"), ("search", "alexa", "--json")):
                r = subprocess.run(
                    [sys.executable, "-m", "voicehist", *args, "--db", str(db)],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=60,
                )
                assert r.returncode == 0 and "locked" not in r.stderr, r.stderr
                json.loads(r.stdout)
                reads += 1
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert reads >= 4
    assert_consistent(db, finished=True)


def test_a_live_runs_claims_are_not_reset(imported: Path, vh_home: Path) -> None:
    """The bug behind 340 transcripts for 300 clips: a second run reset the first one's claims."""
    from voicehist.store import open_db
    from voicehist.store import transcripts as tstore

    code = (
        "import sys, time\n"
        "from voicehist.store import open_db\n"
        "from voicehist.store.transcripts import claim_pending\n"
        "db = open_db(sys.argv[1]); print(len(claim_pending(db, 3)), flush=True); time.sleep(120)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(imported)], stdout=subprocess.PIPE, text=True, env=cli_env(vh_home)
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "3"
        db = open_db(imported)
        assert tstore.reset_running(db) == 0  # its owner is alive
        assert [r.pid for r in tstore.other_runs(db)] == [holder.pid]
        mine = tstore.claim_pending(db, 10)
        assert len(mine) == len(FILES) - 3  # the rest, not the clips the other run holds
    finally:
        _kill(holder)
    assert tstore.reset_running(db) == 3  # its owner is gone: its claims go back to the queue
    db.close()
