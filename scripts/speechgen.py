"""Speech for fixtures, shared by make_sample.py and make_speech_corpus.py: espeak-ng, 16 kHz mono."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

SR = 16_000


def noise_floor(n: int, seed: int, level: float = 0.0006) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(n) * level).astype(np.float32)


def speak(text: str, voice: str, speed: int, seed: int, tmp: Path) -> np.ndarray:
    """``text`` in an espeak-ng voice, peak 0.6, with a 0.25 s lead-in, 0.3 s tail and a faint seeded floor."""
    raw = tmp / "espeak.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    audio, sr = sf.read(raw, dtype="float32")
    if audio.ndim > 1:
        audio = audio.mean(axis=1)
    audio = soxr.resample(audio, sr, SR).astype(np.float32)
    audio = audio * (0.6 / (float(np.max(np.abs(audio))) or 1.0))
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    if loud.size:  # espeak-ng pads its own silence: trim it (recordings start a fraction of a second early)
        audio = audio[max(0, loud[0] - 160) : loud[-1] + 800]
    lead = np.zeros(int(0.25 * SR), dtype=np.float32)
    tail = np.zeros(int(0.3 * SR), dtype=np.float32)
    out = np.concatenate([lead, audio, tail])
    return out + noise_floor(len(out), seed)
