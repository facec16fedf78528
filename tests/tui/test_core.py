"""The core pieces under the app: forget_clips, export_csv, paging, levels, the player (ALSA null device)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voicehist.audio.decode import AudioDecodeError, Decoded, decode
from voicehist.audio.levels import level_line, levels
from voicehist.audio.player import PlaybackError, Player, to_pcm16
from voicehist.store import audio_dir_of, open_db
from voicehist.store.forget import forget_clips
from voicehist.store.queries import ClipFilter, get_clip, list_clips, page, position_of
from voicehist.store.records import Word
from voicehist.store.transcripts import word_index_at

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real" / "office_lights_review.wav"


def test_forget_removes_audio_and_transcripts_but_keeps_the_clip(tui_db: Path) -> None:
    db = open_db(tui_db)
    store = audio_dir_of(db)
    c02 = get_clip(db, "c02")
    assert c02 is not None
    audio = store / (c02.audio_path or "")
    assert audio.exists()
    # another clip sharing the same audio file keeps it on disk
    db.execute("UPDATE clips SET audio_path = ? WHERE id = 'c01'", [c02.audio_path])
    summary = forget_clips(db, ["c02", "nope"])
    assert summary.clips == 1 and summary.transcripts_removed == 1 and summary.missing == ["nope"]
    assert summary.audio_files_removed == 0 and audio.exists()
    after = get_clip(db, "c02")
    assert after is not None
    assert after.audio_path is None and after.transcript is None and after.words == ()
    assert after.vendor_transcript == "Audio was not intended for Alexa" and after.recorded_at
    assert list_clips(db, ClipFilter(query="election")) == []  # FTS follows
    summary = forget_clips(db, ["c01"])
    assert summary.audio_files_removed == 1 and not audio.exists()
    assert db.execute("SELECT count(*) FROM words WHERE transcript_id IN (1, 2)").fetchone()[0] == 0
    assert summary.to_json()["clips"] == 1
    db.close()


def test_page_and_position(tui_db: Path) -> None:
    db = open_db(tui_db)
    f = ClipFilter()
    assert [r.id for r in page(db, f, 2, 3)] == ["c04", "c03", "c02"]
    assert position_of(db, f, "c02") == 4
    assert position_of(db, ClipFilter(vendor="google"), "c02") is None
    db.close()


def test_word_index_at() -> None:
    words = [Word(0, "a", 0.0, 0.5, 0.9), Word(1, "b", 0.6, 1.0, 0.9), Word(2, "c", None, None, None)]
    assert [word_index_at(words, t) for t in (0.1, 0.55, 0.7, 2.0)] == [0, None, 1, None]


def test_levels_follow_the_audio() -> None:
    d = decode(REAL)
    assert d.sample_rate == 16000 and abs(d.duration - 34.5) < 0.01
    lv = levels(d.samples, 40)
    assert len(lv) == 40 and max(lv) == 1.0 and min(lv) < 0.5
    line = level_line(lv)
    assert len(line) == 40 and "█" in line
    assert levels(np.zeros(100, dtype=np.float32), 5) == [0.0] * 5


def test_decode_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....WAVEnot really")
    with pytest.raises(AudioDecodeError, match="cannot decode bad.wav"):
        decode(bad)
    with pytest.raises(AudioDecodeError, match="missing"):
        decode(tmp_path / "gone.wav")


def test_unusual_rates_are_resampled_for_the_sound_card(tmp_path: Path) -> None:
    path = tmp_path / "odd.flac"
    t = np.arange(12345) / 12345
    sf.write(path, (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), 12345)
    data, rate = to_pcm16(decode(path))
    assert rate == 16000 and abs(len(data) / 2 / rate - 1.0) < 0.01


def test_player_position_from_the_clock(null_alsa_home: Path) -> None:
    now = [50.0]
    player = Player(clock=lambda: now[0])
    duration = player.play(decode(REAL), "c04")
    assert abs(duration - 34.5) < 0.01
    now[0] += 10
    st = player.status()
    assert st.playing and abs(st.position - 10) < 1e-6 and st.clip_id == "c04"
    player.stop()
    now[0] += 5
    st = player.status()
    assert not st.playing and abs(st.position - 10) < 1e-6
    player.play(decode(REAL), "c04", start=30)
    now[0] += 10
    st = player.status()
    assert not st.playing and st.position == pytest.approx(34.5, abs=0.01)  # finished
    with pytest.raises(PlaybackError, match="no audio"):
        player.play(Decoded(np.zeros(0, dtype=np.float32), 16000))


def test_demo_command_is_idempotent(demo_db: Path) -> None:
    """`voicehist demo --no-tui` on a demo database it already built (session fixture: the same build_demo):
    nothing new is imported or transcribed, and the figures stay the same."""
    import json

    from voicehist.store.queries import stats

    db = open_db(demo_db)
    before = stats(db)
    db.close()
    assert before["clips"] >= 10 and before["transcribed"] >= 10 and before["flagged"] >= 1
    out = subprocess.run(
        [sys.executable, "-m", "voicehist", "demo", "--no-tui", "--json", "--db", str(demo_db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    doc = json.loads(out.stdout)
    assert Path(doc["db"]) == demo_db
    assert doc["import"]["new"] == 0 and doc["transcribe"]["done"] == 0 and doc["stats"] == before


def test_demo_goes_to_the_data_dir_by_default(vh_home: Path) -> None:
    from voicehist.cli.app import _db_path
    from voicehist.paths import locations

    assert _db_path(None, default=locations().data_dir / "demo.db") == vh_home / "data" / "demo.db"


def test_voicehist_without_a_terminal_or_with_a_bad_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    out = subprocess.run(
        [sys.executable, "-m", "voicehist", "--db", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2 and "is not a voicehist database" in out.stderr and "Traceback" not in out.stderr
    good = tmp_path / "fresh.db"
    out = subprocess.run(
        [sys.executable, "-m", "voicehist", "--db", str(good)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 2 and "needs a terminal" in out.stderr
    assert good.exists()  # created with the current schema, ready for `voicehist import`


def test_forget_command(tui_db: Path) -> None:
    import json

    def forget(*ids: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "voicehist", "--db", str(tui_db), "forget", "--json", *ids]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60)

    out = forget("c01", "zz")  # ids are resolved first, as in every command: an unknown one changes nothing
    assert out.returncode == 2 and "zz" in out.stderr and out.stdout == ""
    out = forget("c01")
    assert out.returncode == 0
    doc = json.loads(out.stdout)
    assert doc["clips"] == 1 and doc["audio_files_removed"] == 1 and doc["missing"] == []
    db = open_db(tui_db)
    clip = get_clip(db, "c01")
    assert clip is not None and clip.audio_path is None and clip.transcript is None
    db.close()
