"""faster-whisper engine (CTranslate2). Loads CT2 folders directly (the bundled model included)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_compression_ratio, merge_punctuations

from voicehist.errors import ModelNotFound
from voicehist.transcribe.engine import SAMPLE_RATE, Result, Segment, Word, clip_time, join_text
from voicehist.transcribe.models import ModelInfo
from voicehist.transcribe.packing import speech_spans


class FasterWhisperEngine:
    name = "faster-whisper"

    def __init__(
        self,
        info: ModelInfo,
        *,
        beam_size: int = 5,
        compute_type: str = "int8",
        cpu_threads: int = 0,
        workers: int = 0,
        word_timestamps: bool = True,
        temperature: float | tuple[float, ...] = 0.0,
        without_timestamps: bool = False,
    ) -> None:
        if info.kind != "ct2":
            raise ModelNotFound(
                f"faster-whisper needs a CTranslate2 model folder; {info.path} is an openai checkpoint. "
                "Use --engine whisper-timestamped for it."
            )
        self.info = info
        self.model_name = info.name
        self.beam_size = beam_size
        self.compute_type = compute_type
        # one model replica per worker, one thread each by default: decoding is latency-bound (a batch of a few
        # clips keeps two threads of one replica half idle), so two single-thread replicas decode about twice
        # as fast on two cores (bench/transcribe.py); windows and batches are shared among them
        available = cores()
        self.workers = workers or min(available, MAX_WORKERS)
        self.cpu_threads = cpu_threads or max(1, available // self.workers)
        self.word_timestamps = word_timestamps
        # beam search only, no sampled fallback: CTranslate2 samples from a per-thread generator seeded once, so
        # a clip whose beam result failed Whisper's thresholds came out differently from run to run ("Deal
        # glass." one run, "Thank you. Thank you." the next, for a real "view glass"); on the 188 real clips
        # of tests/fixtures/real_voices the fallback fired on 29 and never changed the words (WER 0.115 both)
        self.temperature = temperature
        self.without_timestamps = without_timestamps
        self._silence_encoding: np.ndarray | None = None
        self.model = WhisperModel(
            str(info.path),
            device="cpu",
            compute_type=compute_type,
            cpu_threads=self.cpu_threads,
            num_workers=self.workers,
            local_files_only=True,
        )
        self.language: str | None = None if self.model.model.is_multilingual else "en"

    def settings(self) -> dict[str, Any]:
        return {
            "beam_size": self.beam_size,
            "compute_type": self.compute_type,
            "word_timestamps": self.word_timestamps,
            "condition_on_previous_text": False,
            "without_timestamps": self.without_timestamps,
            "temperature": self.temperature,
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
        if out and out[0].words and (spans := speech_spans(audio)):  # alone, too, the first word starts at 0.0 s
            words = _from_onset(out[0].words, spans[0]["start"] / SAMPLE_RATE)
            out[0] = replace(out[0], start=min(max(out[0].start, words[0].start), out[0].end), words=words)
        return Result(join_text(out), info.language, out, self.settings())

    def decode_masked(
        self,
        windows: Sequence[np.ndarray],
        spans: Sequence[Sequence[tuple[float, float]]],
        *,
        stop: Callable[[], bool] | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> list[list[Result | None]]:
        """Shared encoding, separate decoding: each <= 30 s window is encoded once; then every clip (a span of
        seconds in its window) is decoded against a copy of the encoding of an all-silence window in which only
        the clip's own frames (+- MASK_MARGIN) come from its window. No decoder sees another clip's text or
        frames. The prompt starts at the clip's first timestamp; segments that begin after the clip's end
        (decoded from silence) are dropped. Word times come from ``align()`` on the clip's kept frames followed
        by ALIGN_TAIL seconds of the encoding of silence, relative to the clip's start. Windows and clips are
        shared among the engine's workers (model replicas). Returns, per window, one result per span.

        Windows are encoded a few at a time (one per worker) and clips decoded in rounds of DECODE_ROUND per worker;
        after each step ``on_progress(fraction)`` says how far the call has got (encoding counts as the first half)
        and ``stop()`` is asked: when it says yes, the clips decoded so far are finished (continued, aligned) and
        the others' results are None (all of them when the stop comes while encoding)."""
        out: list[list[Result | None]] = [[None for _ in s] for s in spans]
        if stop is not None and stop():
            return out
        encoded = self._encode_windows(windows, stop=stop, on_progress=on_progress)
        if encoded is None:  # stopped while encoding
            return out
        clips = self._masked_clips(encoded, spans)
        if not clips:
            return out
        tokenizer = Tokenizer(
            self.model.hf_tokenizer, self.model.model.is_multilingual, task="transcribe", language="en"
        )
        self._detect_languages(clips)
        multilingual = self.model.model.is_multilingual
        for c in clips:  # the prompt's timestamp: where the clip's speech starts
            c.onset = _speech_onset(c, windows[c.window])
            c.prompt = _prompt(tokenizer, multilingual, c.language, c.onset)
        clips = self._decode_rounds(clips, tokenizer, stop=stop, on_progress=on_progress)
        self._continue_decodes(clips, windows, tokenizer)
        aligned = self._align_clips(tokenizer, clips)
        for c, words in zip(clips, aligned, strict=True):
            out[c.window][c.position] = self._clip_result(c, tokenizer, words)
        return out

    def _encode_windows(
        self,
        windows: Sequence[np.ndarray],
        *,
        stop: Callable[[], bool] | None,
        on_progress: Callable[[float], None] | None,
    ) -> np.ndarray | None:
        """The encoder output of every window, None when ``stop()`` says yes between two steps. A window's encoding
        is the longest uninterruptible step (about 1 s on one core for tiny.en): a few at a time (one per worker),
        so that a stop is heard and the bar moves while a unit's windows are encoded (the first half of it)."""
        parts: list[np.ndarray] = []
        step = max(1, self.workers)
        for first in range(0, len(windows), step):
            parts.append(self._encode(windows[first : first + step]))
            done = min(first + step, len(windows))
            if on_progress is not None:
                on_progress(0.5 * done / len(windows))
            if stop is not None and done < len(windows) and stop():
                return None
        return np.concatenate(parts) if parts else self._encode([])

    def _masked_clips(self, encoded: np.ndarray, spans: Sequence[Sequence[tuple[float, float]]]) -> list[_Clip]:
        """Per clip: its kept frames [f0, f1) and the encoding its decoder gets, a silent window with only these
        frames from the clip's window (a whole window: with fewer frames of silence the decoder loops)."""
        silence = self._silence()
        margin = int(round(MASK_MARGIN / FRAME_SECONDS))
        clips: list[_Clip] = []
        for k, window_spans in enumerate(spans):
            for j, (start, end) in enumerate(window_spans):
                f0 = max(int(start / FRAME_SECONDS) - margin, 0)
                f1 = min(int(np.ceil(end / FRAME_SECONDS)) + margin, FRAMES)
                row = silence.copy()
                row[f0:f1] = encoded[k, f0:f1]
                clips.append(_Clip(k, j, start, end, f0, f1, row, memory=row))
        return clips

    def _detect_languages(self, clips: list[_Clip]) -> None:
        """English for an English-only model or a language given; else each clip's language detected from its own
        frames (a multilingual model)."""
        languages = [self.language or "en"] * len(clips)
        if self.language is None:
            model = self.model.model
            for members in _split(list(range(len(clips))), max(1, len(clips) // 8), contiguous=True):
                found = model.detect_language(_view([clips[i].row for i in members]))
                for i, r in zip(members, found, strict=True):
                    languages[i] = str(r[0][0]).strip("<|>")
        for c, lang in zip(clips, languages, strict=True):
            c.language = lang

    def _generate(self, clips: list[_Clip]) -> list[Any]:
        """One decode of each clip from its prompt and what its decoder sees (``memory``), in one batch."""
        longest = max(c.end - c.start for c in clips)
        return list(
            self.model.model.generate(
                _view([c.memory for c in clips]),
                [c.prompt for c in clips],
                beam_size=self.beam_size,
                max_length=min(self.model.max_length, int(20 + 12 * longest)),
                return_scores=True,
                return_no_speech_prob=True,
                suppress_blank=True,
                suppress_tokens=[-1],
                max_initial_timestamp_index=FRAMES,
            )
        )

    def _decode_batches(self, clips: list[_Clip], costs: list[float]) -> list[Any]:
        """``_generate`` over ``clips`` shared among the workers by cost, results in the clips' order."""
        parts = _balance(costs, self.workers)
        results: list[Any] = [None] * len(clips)
        tasks = [[clips[j] for j in part] for part in parts]
        for part, decoded in zip(parts, self._parallel(self._generate, tasks), strict=True):
            for j, r in zip(part, decoded, strict=True):
                results[j] = r
        return results

    def _decode_rounds(
        self,
        clips: list[_Clip],
        tokenizer: Any,
        *,
        stop: Callable[[], bool] | None,
        on_progress: Callable[[float], None] | None,
    ) -> list[_Clip]:
        """Every clip's first decode, in rounds (so that a stop is heard and progress shown within seconds), each
        round's clips shared among the workers by expected cost (its length, plus a fixed part for the 1500
        frames). Returns the clips decoded: all of them, unless a stop came."""
        per_round = DECODE_ROUND * self.workers
        for first in range(0, len(clips), per_round):
            members = clips[first : first + per_round]
            decoded = self._decode_batches(members, [1.0 + c.end - c.start for c in members])
            for c, r in zip(members, decoded, strict=True):
                c.decoded = r
                c.text = _own_text(r.sequences_ids[0], tokenizer.eot, tokenizer.timestamp_begin, c.end + MASK_MARGIN)
            last = first + len(members)
            if on_progress is not None:
                on_progress(0.5 + 0.5 * last / len(clips))
            if stop is not None and last < len(clips) and stop():
                break
        return [c for c in clips if c.decoded is not None]

    def _continue_decodes(self, clips: list[_Clip], windows: Sequence[np.ndarray], tokenizer: Any) -> None:
        """A decode that stopped before the clip's speech did (the decoder sometimes ends after a sentence) goes on
        from its last timestamp, as Whisper seeks on in a file: the clip's frames from that timestamp on, a new
        prompt, up to CONTINUE_ROUNDS times; an unfinished segment after it is decoded again, not kept twice."""
        eot, ts_begin = tokenizer.eot, tokenizer.timestamp_begin
        latest = [list(c.decoded.sequences_ids[0]) for c in clips]
        kept: list[list[int]] = [[] for _ in clips]  # text of the passes before the latest, to its last timestamp
        reached = [-1.0 for _ in clips]  # the last timestamp a pass went on from
        for _round in range(CONTINUE_ROUNDS):
            more: list[int] = []
            rest: list[float] = []
            for i, c in enumerate(clips):
                found = _unfinished(c, latest[i], windows[c.window], eot, ts_begin)
                if found is None or found[0] <= reached[i]:  # a pass that got no further ends the clip's decode
                    continue
                last, cut = found
                reached[i] = last
                # the text kept is what the clip's text holds of the latest pass, up to its last timestamp (words a
                # continuation wrote again were dropped from it, and must not come back)
                before = _own_text(latest[i][: cut + 1], eot, ts_begin, c.end + MASK_MARGIN)
                kept[i] = kept[i] + _after_overlap(tokenizer, kept[i], before)
                self._seek(c, tokenizer, last)
                more.append(i)
                rest.append(c.end - last)
            if not more:
                break
            for i, r in zip(more, self._decode_batches([clips[i] for i in more], rest), strict=True):
                latest[i] = list(r.sequences_ids[0])
                own = _own_text(latest[i], eot, ts_begin, clips[i].end + MASK_MARGIN)
                clips[i].text = kept[i] + _after_overlap(tokenizer, kept[i], own)

    def _seek(self, clip: _Clip, tokenizer: Any, last: float) -> None:
        """Make the clip's next decode start CONTINUE_CONTEXT seconds before its last timestamp: a new prompt, and
        the frames already written out (but for those seconds) turned to silence, so that it cannot write them
        again (the words it writes again from the context are dropped by ``_after_overlap``)."""
        multilingual = self.model.model.is_multilingual
        clip.prompt = _prompt(tokenizer, multilingual, clip.language, max(last - CONTINUE_CONTEXT, 0.0))
        fl = min(max(int(round((last - CONTINUE_CONTEXT) / FRAME_SECONDS)), clip.f0), clip.f1)
        clip.memory = self._silence().copy()
        clip.memory[fl : clip.f1] = clip.row[fl : clip.f1]

    def _align_clips(self, tokenizer: Any, clips: list[_Clip]) -> list[list[dict[str, Any]]]:
        """Word timings of each clip's text. Alignment (the text is given, so the decoder cannot loop) runs on a
        shorter slice: the kept frames moved to the start of the encoding of silence, ALIGN_TAIL seconds of it
        after them, rounded up to a bucket so that clips batch together."""
        silence = self._silence()
        slices: list[np.ndarray] = []
        for c in clips:
            n = c.f1 - c.f0
            size = next((b for b in ALIGN_BUCKETS if b >= n + int(ALIGN_TAIL / FRAME_SECONDS)), FRAMES)
            piece = silence[:size].copy()
            piece[:n] = c.row[c.f0 : c.f1]
            slices.append(piece)
        spans = [(c.f1 - c.f0) * FRAME_SECONDS for c in clips]
        return self._align(tokenizer, slices, [c.text for c in clips], spans, [c.language for c in clips])

    def _clip_result(self, clip: _Clip, tokenizer: Any, words: list[dict[str, Any]]) -> Result:
        """One clip's result: its text, one segment with its aligned words (times relative to the clip's start)
        and the figures the packing checks read."""
        r = clip.decoded
        seq_len = len(r.sequences_ids[0])
        avg_logprob = float(r.scores[0]) * seq_len / (seq_len + 1)
        text = tokenizer.decode(clip.text).strip()
        dur = clip.end - clip.start
        shift = clip.f0 * FRAME_SECONDS  # where the clip's slice starts in its window
        local = tuple(
            Word(
                w["word"].strip(),
                clip_time(w["start"] + shift - clip.start, dur),
                clip_time(w["end"] + shift - clip.start, dur),
                float(w["probability"]),
            )
            for w in words
            if w["word"].strip()
        )
        local = _from_onset(local, clip.onset - clip.start)
        # the segment's no-speech probability is not saved as the clip's: on a masked encoding (mostly the encoding
        # of silence) it is high for speech too; settings keep it for the VAD check
        segment = Segment(
            local[0].start if local else 0.0, local[-1].end if local else dur, text, avg_logprob, None, local
        )
        settings = {
            **self.settings(),
            "packed": True,
            "masked": True,
            "compression_ratio": round(get_compression_ratio(text), 3) if text else 0.0,
            "no_speech": float(r.no_speech_prob) > 0.6 and avg_logprob < -1.0,
            "no_speech_prob": round(float(r.no_speech_prob), 4),
        }
        return Result(text, clip.language, [segment] if text else [], settings)

    def _encode(self, windows: Sequence[np.ndarray]) -> np.ndarray:
        """The encoder output of each window, the windows shared among the model's workers."""
        feats = [self._features(w) for w in windows]
        parts = _split(list(range(len(feats))), self.workers, contiguous=True)
        encoded = self._parallel(lambda p: np.asarray(self.model.model.encode(_view([feats[i] for i in p]))), parts)
        return np.concatenate(encoded) if encoded else np.zeros((0, 1500, 1), dtype=np.float32)

    def _parallel(self, fn: Callable[[_P], _T], parts: Sequence[_P]) -> list[_T]:
        """``fn`` over ``parts`` on the engine's worker threads (CTranslate2 runs each call on a free replica of
        the model and releases the GIL), results in order."""
        if self.workers <= 1 or len(parts) <= 1:
            return [fn(p) for p in parts]
        with ThreadPoolExecutor(self.workers) as pool:
            return list(pool.map(fn, parts))

    def _features(self, audio: np.ndarray) -> np.ndarray:
        n = 30 * SAMPLE_RATE
        a = np.zeros(n, dtype=np.float32)
        a[: min(len(audio), n)] = audio[:n]
        return np.ascontiguousarray(self.model.feature_extractor(a)[:, :3000], dtype=np.float32)

    def _silence(self) -> np.ndarray:
        if self._silence_encoding is None:
            feats = self._features(np.zeros(0, dtype=np.float32))[None]
            self._silence_encoding = np.asarray(self.model.model.encode(ctranslate2.StorageView.from_array(feats)))[0]
        return self._silence_encoding

    def _align(
        self, tokenizer: Any, slices: list[np.ndarray], texts: list[list[int]], spans: list[float], langs: list[str]
    ) -> list[list[dict[str, Any]]]:
        """Word timings by cross-attention + DTW on each clip's slice (faster-whisper's own routine), the time
        warping limited to the frames up to the clip's end; one call per slice length and language."""

        out: list[list[dict[str, Any]]] = [[] for _ in texts]
        todo = [i for i, t in enumerate(texts) if t]
        if not todo or not self.word_timestamps:
            return out
        multilingual = self.model.model.is_multilingual
        keys = [(len(slices[i]), langs[i]) for i in todo]
        tasks = [[todo[j] for j in part] for _, same in _groups(keys) for part in _split(same, self.workers)]

        def align(members: list[int]) -> list[list[dict[str, Any]]]:
            tok = tokenizer
            if multilingual:
                tok = Tokenizer(self.model.hf_tokenizer, True, task="transcribe", language=langs[members[0]])
            num_frames = [min(int(np.ceil(spans[i] * 100)), 2 * len(slices[i])) for i in members]
            return list(
                self.model.find_alignment(
                    tok, [texts[i] for i in members], _view([slices[i] for i in members]), num_frames
                )
            )

        for part, found in zip(tasks, self._parallel(align, tasks), strict=True):
            for i, words in zip(part, found, strict=True):
                merge_punctuations(words, "\"'“¿([{-", "\"'.。,，!！?？:：”)]}、")
                out[i] = words
        return out


MASK_MARGIN = 0.5  # seconds of a clip's window kept on each side of it (less than the gap between clips)
# Word alignment runs on a clip's kept frames and this much of the encoding of silence after them, not on a whole
# window: 1.6-2.5x less alignment time, word times within 10-20 ms on average of a whole window's (95th
# percentile 40-90 ms; bench sets corpus, d, e). Slices are rounded up to a bucket so that clips batch together.
ALIGN_TAIL = 4.0
ALIGN_BUCKETS = (300, 600, 1000, 1500)
CONTINUE_SLACK = 1.0  # seconds of a clip's speech left after its decoded words that make its decode go on
CONTINUE_ROUNDS = 2
CONTINUE_CONTEXT = 1.0  # seconds before the last timestamp a continuation hears again
MAX_WORKERS = 4  # model replicas at most (each holds its own weights)
# clips per worker in one round of decoding: between rounds a stop (Ctrl-C) is heard and the progress bar moves
# (windows are encoded one per worker at a time for the same reason). Measured on 40 corpus clips, 2 cores with
# other work running (load 5-8, so noisy): rounds of 4 ran 15-35% slower than one round, rounds of 8 about 10%;
# with these rounds and encoding, a whole run took 22-24 s against 27-39 s before (side by side, alternating), and
# Ctrl-C stopped the command in 1.8-4.1 s instead of 32-34 s (after transcribing everything).
DECODE_ROUND = 6

FRAMES = 1500  # encoder frames per 30 s window
FRAME_SECONDS = 30.0 / FRAMES

_T = TypeVar("_T")
_P = TypeVar("_P")


@dataclass
class _Clip:
    """One clip of a masked decode: where it is, what its decoder sees, what it has decoded so far."""

    window: int  # index of its window
    position: int  # its place among the window's spans
    start: float  # seconds in its window
    end: float
    f0: int  # its kept frames [f0, f1) (the clip +- MASK_MARGIN)
    f1: int
    row: np.ndarray  # the encoding of silence with its kept frames from its window
    memory: np.ndarray  # what its decoder sees (a continuation sees less than ``row``)
    language: str = "en"
    onset: float = 0.0  # where its speech starts in its window (Silero VAD, padding included)
    prompt: list[int] = field(default_factory=list)
    decoded: Any = None  # CTranslate2's result of its first decode
    text: list[int] = field(default_factory=list)  # its own text tokens, continuations included


def _prompt(tokenizer: Any, multilingual: bool, language: str, seconds: float) -> list[int]:
    """The start-of-transcript sequence (with the clip's language on a multilingual model) and a first timestamp
    at ``seconds`` into the window."""
    seq = list(tokenizer.sot_sequence)
    if multilingual:
        seq[1] = tokenizer.tokenizer.token_to_id(f"<|{language}|>")
    return [*seq, tokenizer.timestamp_begin + max(int(round(seconds / FRAME_SECONDS)), 0)]


def _speech_onset(clip: _Clip, window: np.ndarray) -> float:
    """Where the clip's speech starts in its window (Silero VAD, with its 0.4 s of padding), in seconds: the first
    timestamp of the clip's prompt. A decoder whose prompt sets the segment's start in silence writes that silence
    as words: real recordings start with up to a second of silence, and with the timestamp at the clip's start
    (less the margin) tiny.en wrote "You" for "View glass" or "Alexa" twice (issue 18). The clip's start less the
    margin when VAD hears no speech (the checks decide about such clips)."""
    first = max(clip.start - MASK_MARGIN, 0.0)
    audio = window[int(clip.start * SAMPLE_RATE) : int(clip.end * SAMPLE_RATE)]
    spans = speech_spans(audio) if len(audio) else []
    return max(first, clip.start + spans[0]["start"] / SAMPLE_RATE) if spans else first


def _from_onset(words: tuple[Word, ...], onset: float) -> tuple[Word, ...]:
    """The first word starts no earlier than the clip's speech (``onset`` seconds into the clip). Alignment on a
    masked encoding gives the first word the clip's first frames, silence included, so that every packed clip's
    first word started at 0.0 s while the speaker began a second later (issue 18); Silero VAD's onset, padding
    included, is never after the speech. A word that ends before the onset is left as aligned."""
    if not words or onset <= words[0].start or words[0].end <= onset:
        return words
    first = words[0]
    return (Word(first.word, round(onset, 3), first.end, first.probability), *words[1:])


def _unfinished(
    clip: _Clip, tokens: Sequence[int], window: np.ndarray, eot: int, ts_begin: int
) -> tuple[float, int] | None:
    """Where a clip's decode must go on from: (its last timestamp in seconds, that token's index) when it wrote
    text, stopped more than CONTINUE_SLACK before the clip's end and Silero VAD hears speech in the rest."""
    found = _last_time(tokens, eot, ts_begin)
    if not clip.text or found is None or clip.end - found[0] <= CONTINUE_SLACK:
        return None
    rest = window[int(found[0] * SAMPLE_RATE) : int(clip.end * SAMPLE_RATE)]
    return found if _speech_after(rest, CONTINUE_SLACK) else None


def _view(rows: Sequence[np.ndarray]) -> Any:
    return ctranslate2.StorageView.from_array(np.ascontiguousarray(np.stack(rows)))


def _groups(keys: Sequence[Hashable]) -> list[tuple[Hashable, list[int]]]:
    """Indices grouped by key, in key order of first appearance."""
    out: dict[Hashable, list[int]] = {}
    for i, k in enumerate(keys):
        out.setdefault(k, []).append(i)
    return list(out.items())


def _split(items: list[int], parts: int, *, contiguous: bool = False) -> list[list[int]]:
    """``items`` in at most ``parts`` non-empty parts of near-equal size (round robin unless ``contiguous``)."""
    if not items:
        return []
    parts = max(1, min(parts, len(items)))
    if contiguous:
        size, extra = divmod(len(items), parts)
        bounds = [k * size + min(k, extra) for k in range(parts + 1)]
        return [items[bounds[k] : bounds[k + 1]] for k in range(parts)]
    return [items[k::parts] for k in range(parts)]


def _balance(costs: Sequence[float], parts: int) -> list[list[int]]:
    """Indices of ``costs`` in at most ``parts`` non-empty groups of near-equal total cost (longest first, each
    to the group with the least so far), each group in index order."""
    groups: list[list[int]] = [[] for _ in range(max(1, min(parts, len(costs))))]
    totals = [0.0] * len(groups)
    for i in sorted(range(len(costs)), key=lambda i: -costs[i]):
        k = totals.index(min(totals))
        groups[k].append(i)
        totals[k] += costs[i]
    return [sorted(g) for g in groups if g]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _last_time(tokens: Sequence[int], eot: int, ts_begin: int) -> tuple[float, int] | None:
    """The last timestamp a decode wrote before its end-of-text: (seconds, its index), None without one."""
    last = None
    for i, t in enumerate(tokens):
        if t == eot:
            break
        if t >= ts_begin:
            last = ((t - ts_begin) * 0.02, i)
    return last


def _after_overlap(tokenizer: Any, before: list[int], after: list[int], longest: int = 12) -> list[int]:
    """``after`` less its first words when they repeat the last words of ``before``, case and punctuation aside
    (a continuation that heard the end of the text again)."""
    if not before or not after:
        return after
    words_before, _ = tokenizer.split_to_word_tokens(before)
    words_after, tokens_after = tokenizer.split_to_word_tokens(after)

    def norm(words: list[str]) -> list[str]:
        return [re.sub(r"[^\w']", "", w.lower()) for w in words]

    for k in range(min(longest, len(words_before), len(words_after)), 0, -1):
        if norm(words_before[-k:]) == norm(words_after[:k]):
            return [t for part in tokens_after[k:] for t in part]
    return after


def _speech_after(audio: np.ndarray, seconds: float) -> bool:
    """Does ``audio`` (a clip's rest after its decoded words) hold speech that lasts past ``seconds``? (Silero VAD,
    as the packing checks use it.)"""
    spans = speech_spans(audio) if len(audio) else []
    return bool(spans) and spans[-1]["end"] / SAMPLE_RATE > seconds


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
