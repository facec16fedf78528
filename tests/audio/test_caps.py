"""Issue 20, finding 4: a tiny file that declares an absurd rate or length is refused at import by name, a
stored one (an older import) fails alone at transcription, and a run never holds a claim on a clip it is not
decoding or transcribing."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from voicehist.audio.decode import AudioDecodeError, decode
from voicehist.audio.probe import AudioProblem, probe

SPEECH = Path(__file__).resolve().parents[1] / "fixtures" / "speech"


def wav(rate: int, frames: int = 20_000, channels: int = 1) -> bytes:
    """A real PCM WAV file whose header declares ``rate`` Hz (40 KB of samples by default)."""
    pcm = (b"\x10\x00\xf0\xff" * (frames * channels // 2 + 1))[: frames * channels * 2]
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * 2 * channels, 2 * channels, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(pcm)) + pcm
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.mark.parametrize("rate", [1, 100, 3_000, 10_000_000])
def test_absurd_rate_is_a_named_problem(rate: int) -> None:
    with pytest.raises(AudioProblem, match="implausible sample rate"):
        probe(wav(rate))


def test_plausible_rates_still_probe() -> None:
    for rate in (8_000, 16_000, 44_100, 48_000):
        info = probe(wav(rate))
        assert info.sample_rate == rate and info.duration == pytest.approx(20_000 / rate)


def test_import_refuses_it_by_name(tmp_path: Path) -> None:
    from tests.privacy.conftest import voicehist

    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "one-hertz.wav").write_bytes(wav(1))
    shutil.copy(SPEECH / "acc01_alex_call.wav", folder / "fine.wav")
    home = tmp_path / "home"
    out = voicehist("import", str(folder), "--json", home=home, timeout=60)
    assert out.returncode == 1, out.stderr
    assert "one-hertz.wav" in out.stdout and "implausible sample rate: 1 Hz" in out.stdout


def test_a_stored_absurd_file_fails_fast_at_decode(tmp_path: Path) -> None:
    f = tmp_path / "old.wav"
    f.write_bytes(wav(1))
    with pytest.raises(AudioDecodeError, match="implausible sample rate"):
        decode(f, 16_000)


def test_transcription_claims_only_what_it_works_on(db, speech_db_clips) -> None:
    from voicehist.store import open_db
    from voicehist.store import transcripts as store
    from voicehist.store.queries import get_clip
    from voicehist.transcribe import runner

    decoded: list[str] = []
    seen: list[tuple[str, set[str]]] = []
    real = runner._decode

    def watching(audio_dir, clip):
        other = open_db(speech_db_clips, migrate=False)
        try:
            running = {r[0] for r in other.execute("SELECT id FROM clips WHERE transcript_status = 'running'")}
        finally:
            other.close()
        seen.append((clip.id, running))
        out = real(audio_dir, clip)
        decoded.append(clip.id)
        return out

    runner._decode = watching
    try:
        summary = runner.transcribe_pending(db)
    finally:
        runner._decode = real
    assert summary.done == 3 and summary.failed == 1
    for cid, running in seen:  # while a clip was decoded: it, and clips already decoded for its unit, no others
        assert cid in running and running - {cid} <= set(decoded), (cid, running)
    bad = [c for c, _ in seen if "implausible" in (getattr(get_clip(db, c), "transcript_error", None) or "")]
    assert len(bad) == 1
    assert store.count_by_status(db).get("running", 0) == 0


@pytest.fixture
def speech_db_clips(db, tmp_path: Path) -> Path:
    """Three real speech clips and one 1 Hz file stored as an older voicehist would have (before the cap)."""
    from voicehist.importers import import_paths
    from voicehist.store import audio_dir_of, db_path_of

    folder = tmp_path / "export"
    folder.mkdir()
    for i, name in enumerate(["acc01_alex_call.wav", "acc02_election.wav", "acc03_alexis_kids.wav", "x"]):
        target = folder / f"(2020-01-0{i + 1}T10_00_00+0000)_clip.wav"
        if name == "x":
            target.write_bytes(wav(16_000))  # stored as fine, then made absurd in the store below
        else:
            shutil.copy(SPEECH / name, target)
    report = import_paths(db, [folder])
    assert report.new == 4
    rel = db.execute("SELECT audio_path FROM clips WHERE recorded_at LIKE '2020-01-04%'").fetchone()[0]
    (audio_dir_of(db) / rel).write_bytes(wav(1))
    return db_path_of(db)
