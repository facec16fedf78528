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
        self._silence_encoding: np.ndarray | None = None
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

    def decode_masked(
        self, windows: Sequence[np.ndarray], spans: Sequence[Sequence[tuple[float, float]]]
    ) -> list[list[Result]]:
        """Shared encoding, separate decoding: each <= 30 s window is encoded once; then every clip (a span of
        seconds in its window) is decoded in one batch against a copy of the encoding of an all-silence window
        in which only the clip's own frames (+- MASK_MARGIN) come from its window. No decoder sees another
        clip's text or frames. The prompt starts at the clip's first timestamp; segments that begin after the
        clip's end (decoded from silence) are dropped. Word times come from ``align()`` on the same masked
        encoding, relative to the clip's start. Returns, per window, one result per span."""
        import ctranslate2
        from faster_whisper.tokenizer import Tokenizer

        frames = 1500  # encoder frames per 30 s window (20 ms each)
        step = 30.0 / frames
        feats = np.stack([self._features(w) for w in windows])
        encoded = np.asarray(self.model.model.encode(ctranslate2.StorageView.from_array(feats)))
        silence = self._silence()
        margin = int(round(MASK_MARGIN / step))
        masked: list[np.ndarray] = []
        where: list[tuple[int, float, float]] = []
        for k, window_spans in enumerate(spans):
            for start, end in window_spans:
                f0 = max(int(start / step) - margin, 0)
                f1 = min(int(np.ceil(end / step)) + margin, frames)
                x = silence.copy()
                x[f0:f1] = encoded[k, f0:f1]
                masked.append(x)
                where.append((k, start, end))
        out: list[list[Result]] = [[] for _ in windows]
        if not masked:
            return out
        memory = ctranslate2.StorageView.from_array(np.ascontiguousarray(np.stack(masked)))
        model = self.model.model
        tokenizer = Tokenizer(self.model.hf_tokenizer, model.is_multilingual, task="transcribe", language="en")
        sot = list(tokenizer.sot_sequence)
        languages = [self.language or "en"] * len(where)
        if self.language is None:  # multilingual model, no language given: detect it from the clip's own frames
            languages = [str(r[0][0]).strip("<|>") for r in model.detect_language(memory)]
        prompts: list[list[int]] = []
        for (_, start, _), lang in zip(where, languages, strict=True):
            seq = list(sot)
            if model.is_multilingual:
                seq[1] = tokenizer.tokenizer.token_to_id(f"<|{lang}|>")
            first = max(int(round(max(start - MASK_MARGIN, 0.0) / step)), 0)
            prompts.append(seq + [tokenizer.timestamp_begin + first])
        longest = max(end - start for _, start, end in where)
        results = model.generate(
            memory,
            prompts,
            beam_size=self.beam_size,
            max_length=min(self.model.max_length, int(20 + 12 * longest)),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=[-1],
            max_initial_timestamp_index=frames,
        )
        texts: list[list[int]] = []
        for (_, _start, end), r in zip(where, results, strict=True):
            texts.append(_own_text(r.sequences_ids[0], tokenizer.eot, tokenizer.timestamp_begin, end + MASK_MARGIN))
        # alignment: the clip's kept frames moved to the start of a silence encoding, so that the time warping
        # starts at the clip (not at the window's start) and ends at its end
        crops = []
        firsts = []
        for x, (_, start, end) in zip(masked, where, strict=True):
            f0 = max(int(start / step) - margin, 0)
            f1 = min(int(np.ceil(end / step)) + margin, frames)
            c = silence.copy()
            c[: f1 - f0] = x[f0:f1]
            crops.append(c)
            firsts.append((f0 * step, (f1 - f0) * step))
        aligned = self._align(tokenizer, crops, texts, [n for _, n in firsts], languages)
        for (k, start, end), r, text_tokens, words, lang, (shift, _) in zip(
            where, results, texts, aligned, languages, firsts, strict=True
        ):
            seq_len = len(r.sequences_ids[0])
            avg_logprob = float(r.scores[0]) * seq_len / (seq_len + 1)
            text = tokenizer.decode(text_tokens).strip()
            dur = end - start
            local = tuple(
                Word(
                    w["word"].strip(),
                    round(min(max(w["start"] + shift - start, 0.0), dur), 3),
                    round(min(max(w["end"] + shift - start, 0.0), dur), 3),
                    float(w["probability"]),
                )
                for w in words
                if w["word"].strip()
            )
            segments = (
                [
                    Segment(
                        local[0].start if local else 0.0,
                        local[-1].end if local else dur,
                        text,
                        avg_logprob,
                        # not saved as the clip's no-speech probability: on a masked encoding (mostly the
                        # encoding of silence) it is high for speech too; settings keep it for the VAD check
                        None,
                        local,
                    )
                ]
                if text
                else []
            )
            settings = {
                **self.settings(),
                "packed": True,
                "masked": True,
                "compression_ratio": round(get_compression_ratio(text), 3) if text else 0.0,
                "no_speech": float(r.no_speech_prob) > 0.6 and avg_logprob < -1.0,
                "no_speech_prob": round(float(r.no_speech_prob), 4),
            }
            result = Result(text, lang, segments, settings)
            out[k].append(result)
        return out

    def _features(self, audio: np.ndarray) -> np.ndarray:
        n = 30 * SAMPLE_RATE
        a = np.zeros(n, dtype=np.float32)
        a[: min(len(audio), n)] = audio[:n]
        return np.ascontiguousarray(self.model.feature_extractor(a)[:, :3000], dtype=np.float32)

    def _silence(self) -> np.ndarray:
        if self._silence_encoding is None:
            import ctranslate2

            feats = self._features(np.zeros(0, dtype=np.float32))[None]
            self._silence_encoding = np.asarray(self.model.model.encode(ctranslate2.StorageView.from_array(feats)))[0]
        return self._silence_encoding

    def _align(
        self, tokenizer: Any, crops: list[np.ndarray], texts: list[list[int]], spans: list[float], langs: list[str]
    ) -> list[list[dict[str, Any]]]:
        """Word timings by cross-attention + DTW on each clip's masked encoding (faster-whisper's own routine),
        attention limited to the frames up to the clip's end."""
        import ctranslate2
        from faster_whisper.transcribe import merge_punctuations

        out: list[list[dict[str, Any]]] = [[] for _ in texts]
        todo = [i for i, t in enumerate(texts) if t]
        if not todo or not self.word_timestamps:
            return out
        sub = ctranslate2.StorageView.from_array(np.ascontiguousarray(np.stack([crops[i] for i in todo])))
        num_frames = [min(int(np.ceil(spans[i] * 100)), 3000) for i in todo]
        if self.model.model.is_multilingual and len(set(langs)) > 1:
            per = [
                self.model.find_alignment(tokenizer, [texts[i]], _row(sub, j), num_frames[j])
                for j, i in enumerate(todo)
            ]
            found = [p[0] for p in per]
        else:
            found = self.model.find_alignment(tokenizer, [texts[i] for i in todo], sub, num_frames)
        for i, words in zip(todo, found, strict=True):
            merge_punctuations(words, "\"'“¿([{-", "\"'.。,，!！?？:：”)]}、")
            out[i] = words
        return out


MASK_MARGIN = 0.5  # seconds of a clip's window kept on each side of it (less than the gap between clips)


def _row(view: Any, j: int) -> Any:
    import ctranslate2

    return ctranslate2.StorageView.from_array(np.ascontiguousarray(np.asarray(view)[j : j + 1]))


def _own_text(tokens: Sequence[int], eot: int, ts_begin: int, end: float) -> list[int]:
    """The text tokens of a clip's decode, less two kinds of segment: one that begins after the clip's end
    (+ margin), where the decoder saw only the silence that replaced the neighbours, so anything it wrote is
    invented; and one that repeats the segment before it word for word (Whisper's repetition loop)."""
    segments: list[tuple[float, list[int]]] = []
    start = 0.0
    current: list[int] = []
    for t in tokens:
        if t == eot:
            break
        if t >= ts_begin:
            if current:  # an end timestamp closes the segment
                segments.append((start, current))
                current = []
            start = (t - ts_begin) * 0.02  # the latest timestamp before a segment's text is its start
            continue
        current.append(t)
    if current:
        segments.append((start, current))
    kept: list[int] = []
    previous: list[int] = []
    for start, text in segments:
        if not text or start >= end or text == previous:
            continue
        kept.extend(text)
        previous = text
    return kept


def get_compression_ratio(text: str) -> float:
    import zlib

    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data))
