"""Issue 10: `kill -9` at several points of an import, then a rerun: the database is intact, every clip is
there exactly once, the source's counts are right and no half-written file is left in the audio store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.importers.helpers import ALEXA_CSV_HEADER, REPO, wav

CLIPS = 240


def export(path: Path) -> Path:
    lines = [",".join(ALEXA_CSV_HEADER)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(CLIPS):
            name = f"audio/utt-{i:04d}.wav"
            zf.writestr(name, wav(seconds=0.25, seed=i))
            lines.append(f"2021-03-01T10:{i // 60:02d}:{i % 60:02d}Z,Echo,,request {i},,utt-{i:04d},{name}")
        zf.writestr("Alexa/voice_history.csv", "\n".join(lines) + "\n")
    return path


def clip_count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(con.execute("SELECT count(*) FROM clips").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def start(db: Path, src: Path, home: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, VOICEHIST_HOME=str(home), PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", "voicehist", "import", "--json", "--db", str(db), str(src)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
    )  # fmt: skip


# clips are written in batches of 64: each run is killed at the first batch that reaches the count given
@pytest.mark.parametrize("kill_points", [(0, 64), (100, 160)])
def test_kill_9_mid_import_then_rerun(kill_points: tuple[int, int], tmp_path: Path, vh_home: Path) -> None:
    src = export(tmp_path / "amazon.zip")
    db = vh_home / "data" / "voicehist.db"
    for k in kill_points:  # killed twice, at two different points
        proc = start(db, src, vh_home)
        deadline = time.monotonic() + 60
        while clip_count(db) < k and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if k == 0:
            time.sleep(0.3)  # before anything is written, or while the first batch is
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    done = start(db, src, vh_home)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err.decode()
    import json

    report = json.loads(out)
    assert report["sources"][0]["already_imported"] is False  # the first import had not finished
    assert report["new"] + report["existing"] == CLIPS

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*), count(DISTINCT audio_sha256), count(DISTINCT number) FROM clips"
                           ).fetchone() == (CLIPS, CLIPS, CLIPS)  # fmt: skip
        assert con.execute("SELECT count(*) FROM clips WHERE audio_path IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT clips_seen, clips_new FROM sources").fetchall() == [(CLIPS, CLIPS)]
        assert con.execute("SELECT count(*) FROM clip_sources").fetchone()[0] == CLIPS
    finally:
        con.close()
    store = db.with_suffix(".audio")  # each database owns its audio store
    assert not [p for p in store.rglob("*") if p.name.startswith(".tmp-")]
    assert len([p for p in store.rglob("*.wav")]) == CLIPS

    again = start(db, src, vh_home)
    out, _ = again.communicate(timeout=120)
    assert json.loads(out)["sources"][0]["already_imported"] is True


def test_ctrl_c_stops_an_import_cleanly_and_the_same_command_finishes_it(tmp_path: Path, vh_home: Path) -> None:
    """Issue 22: Ctrl-C (SIGINT) while a big voice-history JSON is streamed in: exit 130, the summary says the
    import was interrupted, what was written stays, and the same command then imports the rest."""
    import json

    from tests.fuzz.hostile import big_json

    records = 60_000
    src = big_json(tmp_path / "voice_history.json", records=records)
    db = vh_home / "data" / "voicehist.db"
    proc = start(db, src, vh_home)
    deadline = time.monotonic() + 60
    while clip_count(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    first = json.loads(out)
    assert first["cancelled"] is True and 0 < first["new"] < records
    assert clip_count(db) == first["new"]

    done = start(db, src, vh_home)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err.decode()
    second = json.loads(out)
    assert second["sources"][0]["already_imported"] is False  # the interrupted import had not finished
    assert (second["new"], second["existing"]) == (records - first["new"], first["new"])
    assert clip_count(db) == records


def test_next_import_removes_temp_files_of_dead_writers_only(tmp_path: Path, db, capfd) -> None:
    from tests.importers.helpers import make_tree
    from voicehist.importers import import_paths
    from voicehist.store import audio_dir_of

    sub = audio_dir_of(db) / "ab"
    sub.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        left = sub / f".tmp-{dead.pid}-k1"  # a killed import's half-written file
        busy = sub / f".tmp-{alive.pid}-k2"  # another import writing right now
        old = sub / ".tmp-x8y7z6"  # an old name without a pid, an hour old
        for p in (left, busy, old):
            p.write_bytes(b"RIFF half")
        os.utime(old, (time.time() - 7200, time.time() - 7200))
        import_paths(db, [make_tree(tmp_path / "f", {"a.wav": wav(seed=1)})])
        assert not left.exists() and not old.exists()
        assert busy.exists()
    finally:
        alive.kill()
        alive.wait()
