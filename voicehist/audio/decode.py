"""Decode a clip to 16 kHz mono float32 (soundfile reads WAV/FLAC/OGG/MP3; soxr resamples, high quality)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from voicehist.errors import VoicehistError

TARGET_RATE = 16_000


class AudioDecodeError(VoicehistError):
    """The audio file could not be read; the message says which file and why."""


def decode(path: str | os.PathLike[str], *, rate: int = TARGET_RATE, quality: str = "VHQ") -> np.ndarray:
    """Read ``path`` and return mono float32 samples at ``rate`` Hz (channels are averaged)."""
    import soundfile as sf
    import soxr

    p = Path(path)
    if not p.is_file():
        raise AudioDecodeError(f"Audio file is missing: {p}")
    try:
        data, sr = sf.read(str(p), dtype="float32", always_2d=True)
    except Exception as e:  # noqa: BLE001 - libsndfile raises several types; all mean "cannot read"
        raise AudioDecodeError(f"Cannot decode {p.name}: {e}") from e
    mono = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    if sr != rate and mono.size:
        mono = soxr.resample(mono, sr, rate, quality=quality)
    return np.ascontiguousarray(mono, dtype=np.float32)
