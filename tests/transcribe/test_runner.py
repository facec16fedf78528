"""The runner on a real SQLite file: results, FTS, failures, no-audio clips, resume, cancel, CLI."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.transcribe.conftest import add_clips, norm
from voicehist.store import transcripts as tstore
from voicehist.store.queries import ClipFilter, list_clips
from voicehist.transcribe.runner import transcribe_pending

pytestmark = pytest.mark.slow

FILES = [
    "int01_time.wav",
    "int02_kitchen.wav",
    "int04_jazz.wav",
    "acc11_cat.wav",
    "int14_joke.wav",
    "acc10_traffic.wav",
    "int06_milk.wav",
    "pair1_1_heat.wav",
]


def _statuses(db) -> dict[str, str]:
    return {r["id"]: r["transcript_status"] for r in db["clips"].rows}


def test_runner_transcribes_saves_words_and_updates_fts(db, speech, fw_engine) -> None:
    ids = add_clips(db, FILES[:4])
    db["clips"].insert({"id": "textonly", "vendor": "alexa", "vendor_transcript": "what time is it"})
    db["clips"].insert({"id": "gone", "vendor": "alexa", "audio_path": "missing.wav"})
    seen: list[tuple[int, int]] = []
    summary = transcribe_pending(db, progress=lambda d, t, label: seen.append((d, t)))
    assert (summary.done, summary.failed, summary.no_audio) == (4, 1, 1)
    assert summary.audio_seconds > 5 and summary.wall_seconds > 0 and not summary.cancelled
    assert [e.clip_id for e in summary.errors] == ["gone"]
    assert "missing.wav" in summary.errors[0].error
    doc = summary.to_json()
    assert doc["errors"] == [{"clip_id": "gone", "error": summary.errors[0].error}]
    assert json.loads(json.dumps(doc))["done"] == 4
    assert seen[-1] == (5, 5)
    st = _statuses(db)
    assert [st[i] for i in ids] == ["done"] * 4
    assert st["textonly"] == "no_audio" and st["gone"] == "failed"
    assert "missing.wav" in db["clips"].get("gone")["transcript_error"]
    # the transcript, its words, and the FTS index
    t = tstore.get_transcript(db, ids[1])
    assert t is not None and "kitchen lights" in norm(t["text"])
    assert t["engine"] == "faster-whisper" and t["model"] == "tiny.en"
    assert t["confidence"] == pytest.approx(sum(w["probability"] for w in t["words"]) / len(t["words"]))
    assert t["settings"]["beam_size"] == 5
    # the run knows which clips shared a window (for the bench's bleed count); the database never holds it
    assert set(summary.neighbours) <= set(ids) and summary.neighbours
    assert all(n is None or n in ids for near in summary.neighbours.values() for n in near)
    assert "neighbours" not in doc
    assert not any("window_neighbours" in (row["settings"] or "") for row in db["transcripts"].rows)
    duration = db["clips"].get(ids[1])["duration"] or 10
    assert all(0 <= w["start"] <= w["end"] <= duration for w in t["words"])
    hits = list_clips(db, ClipFilter(query="kitchen"))
    assert [h.id for h in hits] == [ids[1]]
    assert [h.id for h in list_clips(db, ClipFilter(query="cat"))] == [ids[3]]
    # a second run finds nothing to do and adds nothing
    again = transcribe_pending(db)
    assert again.done == 0 and db["transcripts"].count == 4


def test_limit_resume_after_interruption_and_no_duplicates(db, speech, fw_engine) -> None:
    add_clips(db, FILES)
    first = transcribe_pending(db, limit=3)
    assert first.done == 3 and first.remaining == 5
    # a run killed mid-window leaves claimed clips 'running', under the lease of a process that is gone
    claimed = tstore.claim_pending(db, 2)
    assert {_statuses(db)[c.id] for c in claimed} == {"running"}
    gone = subprocess.Popen(["true"])
    gone.wait()
    db.execute("UPDATE transcribe_runs SET pid = ?, proc_start = NULL", [gone.pid])
    db.conn.commit()
    resumed = transcribe_pending(db)
    assert resumed.reset == 2 and resumed.done == 5 and resumed.remaining == 0
    assert set(_statuses(db).values()) == {"done"}
    assert db["transcripts"].count == len(FILES)
    per_clip = db.execute("SELECT clip_id, count(*) FROM transcripts GROUP BY clip_id").fetchall()
    assert all(n == 1 for _, n in per_clip) and len(per_clip) == len(FILES)
    words = db.execute("SELECT count(*), count(DISTINCT transcript_id) FROM words").fetchone()
    assert words[1] == len(FILES) and words[0] > 3 * len(FILES)


def test_cancel_stops_cleanly_keeping_finished_work(db, speech, fw_engine) -> None:
    n = len(add_clips(db, FILES * 6))  # 48 clips: several units of 2 packed windows
    units = {"n": 0}

    def progress(done: int, total: int, label: str) -> None:
        if label.startswith("clip"):  # a unit finished and was saved
            units["n"] += 1

    # let the first unit finish, then stop
    summary = transcribe_pending(db, cancel=lambda: units["n"] >= 1, progress=progress, batch_windows=2)
    assert summary.cancelled
    assert 0 < summary.done < n and summary.remaining == n - summary.done
    st = _statuses(db)
    assert "running" not in st.values()
    assert sum(1 for s in st.values() if s == "done") == summary.done == db["transcripts"].count


def test_whisper_timestamped_runner(db, speech, wt_engine) -> None:
    ids = add_clips(db, FILES[:2])
    summary = transcribe_pending(db, engine="whisper-timestamped")
    assert summary.engine == "whisper-timestamped" and summary.done == 2
    assert "what time is it" in norm(db["clips"].get(ids[0])["transcript"])
    got = tstore.get_transcript(db, ids[1])
    assert got is not None and got["engine"] == "whisper-timestamped"


def test_cli_transcribe_json_and_models(db_path, speech, fw_engine) -> None:
    from click.testing import CliRunner

    from voicehist.cli import cli
    from voicehist.store import open_db

    db = open_db(db_path)
    add_clips(db, FILES[:3])
    db.close()
    result = CliRunner().invoke(cli, ["transcribe", "--db", str(db_path), "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["done"] == 2 and doc["failed"] == 0 and doc["remaining"] == 1
    assert doc["audio_seconds"] > 0 and doc["wall_seconds"] > 0
    quiet = CliRunner().invoke(cli, ["transcribe", "--db", str(db_path), "-q"])
    assert quiet.exit_code == 0 and "Transcribed 1 clip(s)" in quiet.stdout
    assert "Loading the model" not in quiet.stderr and "Transcribing" not in quiet.stderr
    models = CliRunner().invoke(cli, ["models", "--json"])
    assert models.exit_code == 0
    listing = json.loads(models.stdout)
    assert listing["default_engine"] == "faster-whisper"
    assert any(m["bundled"] and m["name"] == "tiny.en" for m in listing["models"])
    bad = CliRunner().invoke(cli, ["transcribe", "--db", str(db_path), "--model", "huge-v9"])
    assert bad.exit_code != 0


def test_stop_mid_unit_finishes_decoded_clips_and_drops_the_rest(db, speech, fw_engine) -> None:
    """Ctrl-C during one big unit: the stop is heard between windows being encoded and between rounds of
    decoding, not after the whole unit; the clips decoded so far are saved, the rest go back to the queue; the bar
    moves while the unit runs (encoding is its first half)."""
    n = len(add_clips(db, FILES * 3))  # 24 short clips: a single unit of packed windows
    seen: list[int] = []
    stop: dict[str, Any] = {"after": 0, "asked": False}

    def progress(done: int, total: int, label: str) -> None:
        seen.append(done)
        if 0 < done < total and done > stop["after"]:
            stop["asked"] = True  # press Ctrl-C now

    # a stop while the windows are encoded: no clip is decoded yet, so the whole unit goes back to the queue
    stop["after"] = 0
    first = transcribe_pending(db, progress=progress, cancel=lambda: bool(stop["asked"]))
    assert first.cancelled and first.done == 0 and first.remaining == n
    assert any(0 < d < n for d in seen), seen
    assert set(_statuses(db).values()) == {"pending"}
    # a stop once decoding has begun (past the encoding half): the clips decoded so far are finished and saved
    seen.clear()
    stop.update(after=n // 2, asked=False)
    summary = transcribe_pending(db, progress=progress, cancel=lambda: bool(stop["asked"]))
    assert summary.cancelled and summary.reset == 0
    assert 0 < summary.done < n, "the stop must cut the unit short, keeping the clips already decoded"
    st = _statuses(db)
    assert "running" not in st.values()
    assert sum(1 for s in st.values() if s == "done") == summary.done == db["transcripts"].count
    assert summary.remaining == n - summary.done
    again = transcribe_pending(db)
    assert again.reset == 0 and again.done == n - summary.done and not again.cancelled


def test_stop_mid_unit_unpacked_and_whisper_timestamped_path(db, speech, fw_engine) -> None:
    n = len(add_clips(db, FILES[:6]))
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    summary = transcribe_pending(db, cancel=cancel, pack=False, batch_windows=6)
    assert summary.cancelled and summary.done < n
    assert sum(1 for s in _statuses(db).values() if s == "done") == summary.done == db["transcripts"].count


def test_cli_ctrl_c_stops_within_the_unit_and_says_so(db_path, speech, fw_engine) -> None:
    """The real command, a real SIGINT: exit 130, the truthful message, and the next run reports no leftovers."""
    import os
    import signal
    import sys
    import time

    from voicehist.store import open_db

    db = open_db(db_path)
    n = len(add_clips(db, FILES * 4))
    db.close()
    env = {**os.environ, "COLUMNS": "100"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "voicehist", "transcribe", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    check = open_db(db_path)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:  # wait until clips are claimed (a unit runs)
        if check.execute("SELECT count(*) FROM clips WHERE transcript_status = 'running'").fetchone()[0]:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, (out, err)
    assert "Stopping: the clips already decoded" in err
    done = check.execute("SELECT count(*) FROM clips WHERE transcript_status = 'done'").fetchone()[0]
    assert done < n
    assert f"Stopped: {done} clip(s) transcribed and saved; {n - done} clip(s) still pending." in out
    assert check.execute("SELECT count(*) FROM clips WHERE transcript_status = 'running'").fetchone()[0] == 0
    check.close()
    again = subprocess.run(
        [sys.executable, "-m", "voicehist", "transcribe", "--db", str(db_path), "-q", "--limit", "1"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert again.returncode == 0, again.stderr
    assert "interrupted run" not in again.stdout
