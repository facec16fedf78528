"""The one way voicehist reads a clip's audio: :func:`decode` -> :class:`Decoded` (mono float32 samples).

soundfile (libsndfile) reads WAV, FLAC, OGG and MP3; channels are averaged; with ``rate`` the samples are
resampled with soxr (very high quality). Transcription asks for 16 kHz (:data:`SPEECH_RATE`); playback, the
level line and the detector's loudness measure take the file's own rate. A file that is missing or cannot be
read raises :class:`AudioDecodeError`, whose message names the file and says why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voicehist.audio.probe import implausible
from voicehist.errors import VoicehistError

SPEECH_RATE = 16_000  # what Whisper listens at
RESAMPLE_QUALITY = "VHQ"


class AudioDecodeError(VoicehistError):
    """The audio file is missing or cannot be decoded; the message says which file and why."""


@dataclass(frozen=True)
class Decoded:
    samples: np.ndarray  # float32 mono, -1..1
    sample_rate: int
    channels: int = 1  # in the file (the samples are always mono)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate else 0.0

    def resampled(self, rate: int) -> Decoded:
        """The same audio at ``rate`` Hz (itself when it already is)."""
        if rate == self.sample_rate or len(self.samples) == 0:
            return Decoded(self.samples, rate, self.channels)
        import soxr

        out = soxr.resample(self.samples, self.sample_rate, rate, quality=RESAMPLE_QUALITY)
        return Decoded(np.ascontiguousarray(out, dtype=np.float32), rate, self.channels)


def decode(path: str | os.PathLike[str], rate: int | None = None) -> Decoded:
    """Read ``path`` into mono float32 samples, at ``rate`` Hz when given, else at the file's own rate."""
    import soundfile as sf

    p = Path(path)
    if not p.is_file():
        raise AudioDecodeError(f"audio file is missing: {p} (was it forgotten or moved?)")

    try:
        info = sf.info(str(p))
    except Exception as e:  # libsndfile raises several types; all mean "cannot read" (re-raised as one)
        raise AudioDecodeError(f"cannot decode {p.name}: {e}") from e
    why = implausible(int(info.samplerate), int(info.channels), int(info.frames) if info.frames < 2**62 else None)
    if why:  # a clip stored by an older voicehist, before import refused such headers
        raise AudioDecodeError(f"cannot decode {p.name}: {why}")
    try:
        data, sr = sf.read(str(p), dtype="float32", always_2d=True)
    except Exception as e:  # libsndfile raises several types; all mean "cannot read" (re-raised as one)
        raise AudioDecodeError(f"cannot decode {p.name}: {e}") from e
    mono = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    decoded = Decoded(np.ascontiguousarray(mono, dtype=np.float32), int(sr), int(data.shape[1]))
    return decoded if rate is None else decoded.resampled(rate)


__all__ = ["SPEECH_RATE", "AudioDecodeError", "Decoded", "decode"]
