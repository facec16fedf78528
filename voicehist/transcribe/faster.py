"""faster-whisper engine (CTranslate2). Loads CT2 folders directly (the bundled model included)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from voicehist.errors import ModelNotFound
from voicehist.transcribe.engine import SAMPLE_RATE, Result, Segment, Word, join_text
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
        batched: bool = True,
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
        self.batched = batched
        self._pipeline: Any = None
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
        """Several <= 30 s windows in one batched pass (CTranslate2 batches encoder and beam search).

        Each window is decoded exactly once (no seeking within it), with timestamp tokens, and word times from
        the cross-attention alignment."""
        if not self.batched or len(windows) == 0:
            return [self.transcribe(w) for w in windows]
        from faster_whisper import BatchedInferencePipeline

        if self._pipeline is None:
            self._pipeline = BatchedInferencePipeline(self.model)
        offsets: list[float] = []
        pos = 0
        for w in windows:
            offsets.append(pos / SAMPLE_RATE)
            pos += len(w)
        audio = np.concatenate([np.asarray(w, dtype=np.float32) for w in windows])
        clips = [{"start": o, "end": o + len(w) / SAMPLE_RATE} for o, w in zip(offsets, windows, strict=True)]
        self._pipeline.last_speech_timestamp = 0.0
        segments, info = self._pipeline.transcribe(
            audio,
            language=self.language,
            beam_size=self.beam_size,
            word_timestamps=self.word_timestamps,
            without_timestamps=False,
            vad_filter=False,
            clip_timestamps=clips,
            batch_size=len(windows),
            temperature=0.0,
        )
        per: list[list[Segment]] = [[] for _ in windows]
        for s in segments:
            k = max(i for i, o in enumerate(offsets) if o <= s.start + 1e-3) if s.start >= 0 else 0
            o = offsets[k]
            words = tuple(
                Word(w.word.strip(), float(w.start) - o, float(w.end) - o, float(w.probability))
                for w in (s.words or [])
                if w.word.strip()
            )
            per[k].append(
                Segment(float(s.start) - o, float(s.end) - o, s.text.strip(), s.avg_logprob, s.no_speech_prob, words)
            )
        return [Result(join_text(segs), info.language, segs, {**self.settings(), "batched": True}) for segs in per]
