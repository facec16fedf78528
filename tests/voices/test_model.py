"""The speaker encoder run in numpy is resemblyzer's network: same weights, same numbers as PyTorch's LSTM."""

from __future__ import annotations

import pickle
from importlib import metadata

import numpy as np
import pytest

from tests.voices.helpers import VOICES
from voicehist.audio.decode import decode
from voicehist.voices import model
from voicehist.voices.features import analyse, pitch_and_centroid


def test_weights_are_read_without_torch_or_resemblyzer_code() -> None:
    w = model.read_legacy_torch(model.weights_path().read_bytes())
    assert w["lstm.weight_ih_l0"].shape == (1024, 40) and w["linear.weight"].shape == (256, 256)
    assert all(a.dtype == np.float32 and np.isfinite(a).all() for a in w.values())


def test_numpy_forward_pass_matches_pytorchs_lstm() -> None:
    torch = pytest.importorskip("torch")
    w = model.read_legacy_torch(model.weights_path().read_bytes())
    lstm = torch.nn.LSTM(40, 256, 3, batch_first=True)
    linear = torch.nn.Linear(256, 256)
    lstm.load_state_dict({k[5:]: torch.from_numpy(v) for k, v in w.items() if k.startswith("lstm.")})
    linear.load_state_dict({k[7:]: torch.from_numpy(v) for k, v in w.items() if k.startswith("linear.")})
    wav = decode(VOICES / "household" / "1688-142285-0000.flac", 16_000).samples
    mels = np.stack([model.mel_spectrogram(wav)[:160]])
    with torch.no_grad():
        _, (h, _) = lstm(torch.from_numpy(mels))
        e = torch.relu(linear(h[-1]))
        expected = (e / e.norm(dim=1, keepdim=True)).numpy()
    got = model.Encoder(w)(mels)
    assert np.abs(got - expected).max() < 1e-4


def test_a_tampered_weights_file_cannot_run_code() -> None:
    class Evil:
        def __reduce__(self):
            return (print, ("owned",))

    with pytest.raises(pickle.UnpicklingError):
        model.read_legacy_torch(pickle.dumps(Evil()))


def test_missing_weights_say_how_to_install_them(monkeypatch: pytest.MonkeyPatch) -> None:
    def gone(name: str):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(model.metadata, "distribution", gone)
    with pytest.raises(model.EncoderMissing, match="pip install --no-deps resemblyzer==0.1.4"):
        model.weights_path()


def test_one_persons_clips_are_closer_than_two_peoples() -> None:
    def emb(name: str) -> np.ndarray:
        v = analyse(decode(VOICES / "household" / f"{name}.flac", 16_000).samples)
        assert v.status == "ok" and v.embedding is not None
        return v.embedding

    a1, a2 = emb("1688-142285-0000"), emb("1688-142285-0001")
    b1 = emb("2609-156975-0000")
    assert float(a1 @ a2) > 0.8 > float(a1 @ b1)


def test_silence_has_no_voice_and_pitch_is_measured_on_voiced_sound() -> None:
    silent = analyse(np.zeros(16_000 * 2, dtype=np.float32))
    assert silent.embedding is None and silent.status == "no_speech"
    t = np.arange(16_000 * 2) / 16_000
    tone = np.sum([np.sin(2 * np.pi * 300 * k * t) / k for k in range(1, 6)], axis=0).astype(np.float32) * 0.3
    pitch, voiced, _ = pitch_and_centroid(tone)
    assert pitch is not None and abs(pitch - 300) < 5 and voiced > 1.5


def test_voices_run_without_torch_librosa_or_resemblyzers_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys, numpy as np;"
        "from voicehist.voices.features import analyse;"
        "from voicehist.audio.decode import decode;"
        f"v = analyse(decode({str(VOICES / 'household' / '1688-142285-0000.flac')!r}, 16000).samples);"
        "assert v.embedding is not None;"
        "bad = [m for m in ('torch', 'librosa', 'webrtcvad', 'resemblyzer') if m in sys.modules];"
        "assert not bad, bad"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
