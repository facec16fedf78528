"""One decoder for every reader of audio: transcription, playback, the level line and the detector."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voicehist.audio import decode as decode_module
from voicehist.audio import levels as levels_module
from voicehist.audio.decode import SPEECH_RATE, AudioDecodeError, Decoded, decode
from voicehist.audio.levels import level_line, levels, peak_dbfs
from voicehist.audio.player import PlaybackError, Player
from voicehist.detect import audio_level_dbfs
from voicehist.errors import VoicehistError

SPEECH = Path(__file__).resolve().parent.parent / "fixtures" / "speech"


def _tone(path: Path, rate: int, seconds: float = 1.0, channels: int = 1, amp: float = 0.5) -> None:
    t = np.arange(int(rate * seconds)) / rate
    tone = (amp * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    sf.write(path, np.stack([tone] * channels, axis=1) if channels > 1 else tone, rate)


def test_decode_keeps_the_files_own_rate_unless_asked(tmp_path: Path) -> None:
    _tone(tmp_path / "s.wav", 44_100, channels=2)
    d = decode(tmp_path / "s.wav")
    assert (d.sample_rate, d.channels, d.samples.dtype, d.samples.ndim) == (44_100, 2, np.float32, 1)
    assert len(d.samples) == 44_100 and d.duration == pytest.approx(1.0)
    at16 = decode(tmp_path / "s.wav", SPEECH_RATE)
    assert at16.sample_rate == SPEECH_RATE and at16.channels == 2 and abs(len(at16.samples) - 16_000) <= 2
    assert at16.duration == pytest.approx(1.0, abs=1e-3)
    spectrum = np.abs(np.fft.rfft(at16.samples))
    assert abs(np.argmax(spectrum) * SPEECH_RATE / len(at16.samples) - 440) < 3
    same = decode(tmp_path / "s.wav", 44_100)
    assert np.array_equal(same.samples, d.samples)


def test_one_error_type_for_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(AudioDecodeError, match="missing: .*gone.wav") as missing:
        decode(tmp_path / "gone.wav")
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEgarbage")
    with pytest.raises(AudioDecodeError, match="cannot decode bad.wav") as broken:
        decode(bad, SPEECH_RATE)
    assert isinstance(missing.value, VoicehistError) and isinstance(broken.value, VoicehistError)


def test_there_is_one_decoder() -> None:
    """levels.py measures loudness; decoding, its result type and its error live in decode.py alone."""
    for name in ("decode", "Decoded", "AudioDecodeError", "resample"):
        assert not hasattr(levels_module, name), name
    assert decode_module.decode is decode


def test_levels_and_level_line_from_a_decoded_clip() -> None:
    d = decode(SPEECH / "real_office_lights_review.wav")
    lv = levels(d.samples, 40)
    assert len(lv) == 40 and max(lv) == 1.0 and min(lv) < 0.5
    line = level_line(lv)
    assert len(line) == 40 and "█" in line


def test_peak_dbfs_and_the_detectors_level(tmp_path: Path) -> None:
    _tone(tmp_path / "t.wav", 22_050, amp=0.5)
    d = decode(tmp_path / "t.wav")
    assert peak_dbfs(d.samples, d.sample_rate) == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.05)
    assert audio_level_dbfs(tmp_path / "t.wav") == pytest.approx(peak_dbfs(d.samples, d.sample_rate))
    assert peak_dbfs(np.zeros(0, dtype=np.float32), 16_000) == -120.0
    assert peak_dbfs(np.zeros(100, dtype=np.float32), 16_000) == -120.0
    (tmp_path / "bad.wav").write_bytes(b"not audio at all")
    assert audio_level_dbfs(tmp_path / "bad.wav") is None
    assert audio_level_dbfs(tmp_path / "gone.wav") is None


def test_the_player_plays_what_was_decoded_without_reading_the_file_again(tmp_path: Path, null_sound: None) -> None:
    path = tmp_path / "odd.flac"
    _tone(path, 12_345, seconds=2.0)
    decoded = decode(path)
    path.unlink()  # the player must not go back to the file: the caller decoded it once
    now = [10.0]
    player = Player(clock=lambda: now[0])
    assert player.play(decoded, "c1") == pytest.approx(2.0)
    now[0] += 0.5
    st = player.status()
    assert st.playing and st.position == pytest.approx(0.5) and st.clip_id == "c1"
    assert player.replay() == pytest.approx(2.0)  # replays the same decoded clip
    player.stop()
    with pytest.raises(PlaybackError, match="no audio"):
        player.play(Decoded(np.zeros(0, dtype=np.float32), 16_000))


def test_replay_before_anything_was_played() -> None:
    with pytest.raises(PlaybackError, match="nothing has been played"):
        Player().replay()
