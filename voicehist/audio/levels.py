"""Decode a clip for playback and display: mono float samples, and a level line for a waveform strip."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from voicehist.errors import VoicehistError

BLOCKS = " ▁▂▃▄▅▆▇█"


class AudioDecodeError(VoicehistError):
    """The audio file is missing or cannot be decoded."""


@dataclass(frozen=True)
class Decoded:
    samples: np.ndarray  # float32 mono, -1..1
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate else 0.0


def decode(path: str | os.PathLike[str]) -> Decoded:
    """Read any format libsndfile knows (WAV, MP3, OGG, FLAC) into mono float32."""
    import soundfile as sf

    if not os.path.exists(path):
        raise AudioDecodeError(f"audio file not found: {path} (was it forgotten or moved?)")
    try:
        data, rate = sf.read(os.fspath(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as e:
        raise AudioDecodeError(f"cannot decode {os.path.basename(path)}: {e}") from e
    mono = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    return Decoded(np.ascontiguousarray(mono, dtype=np.float32), int(rate))


def resample(d: Decoded, rate: int) -> Decoded:
    if d.sample_rate == rate or len(d.samples) == 0:
        return Decoded(d.samples, rate)
    import soxr

    out = soxr.resample(d.samples, d.sample_rate, rate)
    return Decoded(np.ascontiguousarray(out, dtype=np.float32), rate)


def levels(samples: np.ndarray, n: int) -> list[float]:
    """``n`` peak levels (0..1) across the clip, scaled so the loudest bucket is 1."""
    if n <= 0:
        return []
    if len(samples) == 0:
        return [0.0] * n
    edges = np.linspace(0, len(samples), n + 1).astype(int)
    peaks = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        chunk = samples[a:b] if b > a else samples[a : a + 1]
        peaks.append(float(np.sqrt(np.mean(np.square(chunk, dtype=np.float64)))) if len(chunk) else 0.0)
    top = max(peaks)
    if top <= 1e-9:
        return [0.0] * n
    return [p / top for p in peaks]


def level_line(values: list[float]) -> str:
    """A one-line waveform of block characters."""
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[min(top, max(0, round(v * top)))] for v in values)
