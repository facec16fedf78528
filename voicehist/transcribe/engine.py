"""The one interface every transcription engine implements, and the one result shape they all return."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Word:
    word: str  # as the model wrote it (leading space stripped)
    start: float  # seconds within the clip
    end: float
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float | None
    no_speech_prob: float | None
    words: tuple[Word, ...] = ()


@dataclass
class Result:
    text: str
    language: str | None
    segments: list[Segment] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)  # how this result was made (packing, beam, ...)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def confidence(self) -> float | None:
        """Mean word probability; None when there are no words."""
        words = self.words
        return float(np.mean([w.probability for w in words])) if words else None

    @property
    def avg_logprob(self) -> float | None:
        values = [s.avg_logprob for s in self.segments if s.avg_logprob is not None]
        return float(np.mean(values)) if values else None

    @property
    def no_speech_prob(self) -> float | None:
        values = [s.no_speech_prob for s in self.segments if s.no_speech_prob is not None]
        return float(np.mean(values)) if values else None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "confidence": self.confidence,
            "avg_logprob": self.avg_logprob,
            "no_speech_prob": self.no_speech_prob,
            "segments": [asdict(s) for s in self.segments],
        }


def join_text(segments: Sequence[Segment]) -> str:
    return " ".join(s.text.strip() for s in segments if s.text.strip())


class Engine(Protocol):
    """A loaded model that turns 16 kHz mono float32 audio into a :class:`Result`."""

    name: str  # "faster-whisper" | "whisper-timestamped"
    model_name: str
    workers: int  # how many calls of ``transcribe`` may run at once (from as many threads)

    def transcribe(self, audio: np.ndarray) -> Result:
        """One piece of audio (any length), word timestamps relative to its start."""
        ...

    def settings(self) -> dict[str, Any]: ...


def clip_time(seconds: float, duration: float) -> float:
    """A word time in a clip: rounded to the millisecond, never before 0 or after the clip's end (the end taken
    down to the millisecond, so that float error in ``duration`` cannot put a word past it)."""
    return min(max(round(float(seconds), 3), 0.0), math.floor(duration * 1000) / 1000)
