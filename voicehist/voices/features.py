"""What voicehist measures in one clip's speech: the voice embedding, the pitch and a spectrum figure.

Only the speech counts: Silero VAD (the one voicehist's transcription uses, :func:`speech_spans`) finds it, and
the silence and noise around it are left out, so two clips of one person recorded in different rooms compare by
voice, not by room. A clip with less than :data:`MIN_SPEECH` seconds of speech gets no embedding (too little to
say whose voice it is) but keeps its pitch when it has any.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voicehist.transcribe.packing import speech_spans
from voicehist.voices.model import embed_speech

RATE = 16_000
MIN_SPEECH = 0.5  # seconds of speech below which a clip has no embedding
FRAME = 640  # 40 ms pitch frames (two periods of a 50 Hz voice)
HOP = 160
F0_MIN, F0_MAX = 60.0, 500.0
VOICED_THRESHOLD = 0.25  # YIN's cumulative-mean-normalised difference at the chosen lag, below = voiced


@dataclass(frozen=True)
class ClipVoice:
    embedding: np.ndarray | None  # 256 float32, unit length; None when too little speech
    speech_seconds: float
    pitch_hz: float | None  # median F0 of the voiced frames
    voiced_seconds: float
    centroid_hz: float | None  # median spectral centroid of the voiced frames (brightness; higher in children)
    status: str  # ok | no_speech | too_short


def speech_only(samples: np.ndarray) -> np.ndarray:
    """The clip's speech, its spans joined end to end (Silero VAD)."""
    spans = speech_spans(samples)
    if not spans:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate([samples[s["start"] : s["end"]] for s in spans]).astype(np.float32)


def analyse(samples: np.ndarray) -> ClipVoice:
    """Everything voicehist keeps about a 16 kHz clip's voice."""
    speech = speech_only(np.asarray(samples, dtype=np.float32))
    seconds = len(speech) / RATE
    if seconds == 0:
        return ClipVoice(None, 0.0, None, 0.0, None, "no_speech")
    pitch, voiced, centroid = pitch_and_centroid(speech)
    if seconds < MIN_SPEECH:
        return ClipVoice(None, seconds, pitch, voiced, centroid, "too_short")

    return ClipVoice(embed_speech(speech), seconds, pitch, voiced, centroid, "ok")


def pitch_and_centroid(speech: np.ndarray) -> tuple[float | None, float, float | None]:
    """(median F0 in Hz, voiced seconds, median spectral centroid in Hz of the voiced frames), by YIN."""
    x = np.asarray(speech, dtype=np.float64)
    if len(x) < FRAME * 2:
        return None, 0.0, None
    n = 1 + (len(x) - FRAME) // HOP
    idx = np.arange(FRAME)[None, :] + HOP * np.arange(n)[:, None]
    frames = x[idx]
    frames = frames - frames.mean(axis=1, keepdims=True)
    energy = np.sqrt(np.mean(frames**2, axis=1))
    loud = energy > max(1e-4, 0.1 * float(np.percentile(energy, 90)))
    w = FRAME // 2
    lag_min, lag_max = int(RATE / F0_MAX), int(RATE / F0_MIN)
    # YIN difference function d(tau) = sum (x_j - x_{j+tau})^2 over a window of w samples, via FFT correlation
    spec_len = 1 << int(np.ceil(np.log2(FRAME * 2)))
    a = frames[:, :w]
    fa = np.fft.rfft(a, spec_len)
    fb = np.fft.rfft(frames, spec_len)
    corr = np.fft.irfft(np.conj(fa) * fb, spec_len)[:, : w + 1]
    sq = np.cumsum(np.concatenate([np.zeros((n, 1)), frames**2], axis=1), axis=1)
    e0 = sq[:, w][:, None]
    taus = np.arange(w + 1)
    e_tau = sq[:, taus + w] - sq[:, taus]
    d = e0 + e_tau - 2 * corr
    d[:, 0] = 0
    cum = np.cumsum(d[:, 1:], axis=1) / np.arange(1, w + 1)
    cmnd = np.ones_like(d)
    cmnd[:, 1:] = d[:, 1:] / np.where(cum > 0, cum, 1)
    search = cmnd[:, lag_min : lag_max + 1]
    # YIN: the first dip below the threshold, followed down to its bottom (the global minimum is often a multiple
    # of the period, an octave too low); frames with no such dip take the global minimum and count as unvoiced
    below = search < VOICED_THRESHOLD
    rows = np.arange(n)
    best = np.where(below.any(axis=1), np.argmax(below, axis=1), np.argmin(search, axis=1))
    for _ in range(search.shape[1]):
        nxt = np.minimum(best + 1, search.shape[1] - 1)
        down = search[rows, nxt] < search[rows, best]
        if not down.any():
            break
        best = np.where(down, nxt, best)
    best_val = search[rows, best]
    voiced = loud & (best_val < VOICED_THRESHOLD)
    if not voiced.any():
        return None, 0.0, None
    lags = (best + lag_min).astype(np.float64)
    f0 = RATE / lags[voiced]
    window = np.hanning(FRAME)
    mag = np.abs(np.fft.rfft(frames[voiced] * window, axis=1))
    freqs = np.fft.rfftfreq(FRAME, 1 / RATE)
    centroid = (mag * freqs).sum(axis=1) / np.maximum(mag.sum(axis=1), 1e-12)
    return float(np.median(f0)), float(voiced.sum() * HOP / RATE), float(np.median(centroid))
