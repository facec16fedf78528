"""A clip's loudness: for display, peak levels across it and a level line (a one-line waveform strip); for the
detector, a voice's level (:func:`speech_level`).

The samples come from :func:`voicehist.audio.decode.decode`."""

from __future__ import annotations

import numpy as np

BLOCKS = " ▁▂▃▄▅▆▇█"


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


def peak_dbfs(samples: np.ndarray, sample_rate: int, frame_s: float = 0.03) -> float:
    """The loudest ``frame_s`` frame's RMS level in dBFS (-120 for no samples)."""
    if samples.size == 0:
        return -120.0
    frame = max(1, int(sample_rate * frame_s))
    n = len(samples) // frame
    if n == 0:
        rms = float(np.sqrt(np.mean(samples**2)))
    else:
        frames = samples[: n * frame].reshape(n, frame)
        rms = float(np.sqrt((frames**2).mean(axis=1)).max())
    return 20.0 * float(np.log10(max(rms, 1e-6)))


def speech_level(samples: np.ndarray) -> float:
    """A voice's level: the RMS of the louder half of its 20 ms frames at 16 kHz (its speech, not its pauses); 0.0
    when shorter than one frame."""
    frames = np.asarray(samples, dtype=np.float64)[: len(samples) // 320 * 320].reshape(-1, 320)
    if not len(frames):
        return 0.0
    e = np.sort(np.sqrt((frames**2).mean(axis=1)))[len(frames) // 2 :]
    return float(np.sqrt((e**2).mean()))
