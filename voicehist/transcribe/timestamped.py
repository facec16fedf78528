"""whisper-timestamped engine (openai-whisper checkpoints; CT2 models are converted once and cached)."""

from __future__ import annotations

import contextlib
import importlib.util
import io
from typing import Any

import numpy as np

from voicehist.errors import EngineUnavailable
from voicehist.transcribe.convert import cached_checkpoint, load_checkpoint
from voicehist.transcribe.engine import Result, Segment, Word, join_text
from voicehist.transcribe.models import ModelInfo, converted_dir

INSTALL_HINT = (
    "scripts/setup.sh env installs it; in your own environment: pip install 'voicehist[timestamped]' (with "
    "PyTorch's CPU build first, see the README), then pip install --no-deps openai-whisper whisper-timestamped"
)


def require_timestamped() -> None:
    """The whisper-timestamped engine needs torch, openai-whisper and whisper-timestamped, which the default
    install leaves out (the faster-whisper engine needs none of them)."""
    missing = [m for m in ("torch", "whisper", "whisper_timestamped") if importlib.util.find_spec(m) is None]
    if missing:
        raise EngineUnavailable(
            f"the whisper-timestamped engine is not installed here (missing: {', '.join(missing)}). "
            f"Use the default engine (faster-whisper), or add it: {INSTALL_HINT}."
        )


class TimestampedEngine:
    name = "whisper-timestamped"
    workers = 1  # one torch model; calls are not run side by side

    def __init__(self, info: ModelInfo, *, beam_size: int = 5, threads: int | None = None) -> None:
        require_timestamped()

        self.info = info
        self.model_name = info.name
        self.beam_size = beam_size
        if threads:
            import torch

            torch.set_num_threads(threads)
        path = cached_checkpoint(info.path, converted_dir(), name=info.name) if info.kind == "ct2" else info.path
        self.checkpoint = path
        self.model = load_checkpoint(path)
        self.model.eval()
        self.language: str | None = "en" if not self.model.is_multilingual else None

    def settings(self) -> dict[str, Any]:
        return {"beam_size": self.beam_size, "condition_on_previous_text": False}

    def transcribe(self, audio: np.ndarray) -> Result:
        import whisper_timestamped as wt

        kwargs: dict[str, Any] = {}
        if self.beam_size > 1:
            kwargs = {
                "beam_size": self.beam_size,
                "best_of": self.beam_size,
                "temperature": (0.0, 0.2, 0.4, 0.6, 0.8, 1.0),
            }
        import torch

        # the temperature fallback samples from torch's generator: seeded for each clip, a clip gets the same
        # words every run, whatever was transcribed before it (calls are never run side by side: workers = 1)
        torch.manual_seed(0)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            r = wt.transcribe_timestamped(
                self.model,
                np.ascontiguousarray(audio, dtype=np.float32),
                language=self.language,
                condition_on_previous_text=False,
                vad=False,
                fp16=False,
                verbose=None,
                **kwargs,
            )
        out: list[Segment] = []
        for s in r.get("segments", []):
            words = tuple(
                Word(w["text"].strip(), float(w["start"]), float(w["end"]), float(w.get("confidence", 0.0)))
                for w in s.get("words", [])
                if w["text"].strip()
            )
            out.append(
                Segment(
                    float(s["start"]),
                    float(s["end"]),
                    s["text"].strip(),
                    s.get("avg_logprob"),
                    s.get("no_speech_prob"),
                    words,
                )
            )
        return Result(join_text(out), r.get("language") or self.language, out, self.settings())
