"""faster-whisper engine (CTranslate2). Loads CT2 folders directly (the bundled model included)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from voicehist.errors import ModelNotFound
from voicehist.transcribe.engine import Result, Segment, Word, join_text
from voicehist.transcribe.models import ModelInfo


class FasterWhisperEngine:
    name = "faster-whisper"

    def __init__(
        self,
        info: ModelInfo,
        *,
        beam_size: int = 5,
        compute_type: str = "int8",
        cpu_threads: int = 0,
        word_timestamps: bool = True,
        temperature: float | tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
        without_timestamps: bool = False,
    ) -> None:
        if info.kind != "ct2":
            raise ModelNotFound(
                f"faster-whisper needs a CTranslate2 model folder; {info.path} is an openai checkpoint. "
                "Use --engine whisper-timestamped for it."
            )
        from faster_whisper import WhisperModel

        self.info = info
        self.model_name = info.name
        self.beam_size = beam_size
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads
        self.word_timestamps = word_timestamps
        self.temperature = temperature
        self.without_timestamps = without_timestamps
        self.model = WhisperModel(
            str(info.path), device="cpu", compute_type=compute_type, cpu_threads=cpu_threads, local_files_only=True
        )
        self.language: str | None = None if self.model.model.is_multilingual else "en"

    def settings(self) -> dict[str, Any]:
        return {
            "beam_size": self.beam_size,
            "compute_type": self.compute_type,
            "word_timestamps": self.word_timestamps,
            "condition_on_previous_text": False,
            "without_timestamps": self.without_timestamps,
        }

    def transcribe(self, audio: np.ndarray) -> Result:
        segments, info = self.model.transcribe(
            audio,
            language=self.language,
            beam_size=self.beam_size,
            word_timestamps=self.word_timestamps,
            condition_on_previous_text=False,
            vad_filter=False,
            without_timestamps=self.without_timestamps,
            temperature=list(self.temperature) if isinstance(self.temperature, tuple) else self.temperature,
        )
        out: list[Segment] = []
        for s in segments:
            words = tuple(
                Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
                for w in (s.words or [])
                if w.word.strip()
            )
            out.append(Segment(float(s.start), float(s.end), s.text.strip(), s.avg_logprob, s.no_speech_prob, words))
        return Result(join_text(out), info.language, out, self.settings())

    def transcribe_windows(self, windows: Sequence[np.ndarray]) -> list[Result]:
        return [self.transcribe(w) for w in windows]
