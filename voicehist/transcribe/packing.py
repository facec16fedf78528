"""Pack several short clips into one 30-second Whisper window, then split the words back by time.

Whisper always encodes 30 s; an assistant clip lasts 1-6 s, so one clip per window is mostly padding. Clips are
laid end to end with ``gap`` seconds of silence between them; each word of the window's result goes to the clip
whose (gap-extended) span holds the word's midpoint, and its times are made relative to that clip. Where the split
is ambiguous (a word straddles a whole gap, a word lies far from every clip, a clip with audio got no word at
all, or more than a second of a clip's speech, by the voice-activity detector, has no word) the affected clips
are packed again (the runner puts them at the start of its next window) and, if still ambiguous, decoded on
their own. A clip with no word in which the voice-activity detector hears no speech either
is accepted as empty (noise, silence), without a per-clip decode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from voicehist.transcribe.engine import SAMPLE_RATE, Engine, Result, Segment, Word

WINDOW_SECONDS = 30.0
DEFAULT_GAP = 1.0  # the runner picks a per-engine gap (runner.ENGINE_GAP)
DEFAULT_LEAD = 0.5


@dataclass(frozen=True)
class Placement:
    index: int  # position in the caller's list of clips
    offset: float  # where the clip starts in the window, seconds
    duration: float

    @property
    def end(self) -> float:
        return self.offset + self.duration


@dataclass
class Window:
    audio: np.ndarray
    placements: list[Placement]


def _dur(a: np.ndarray) -> float:
    return len(a) / SAMPLE_RATE


def plan_windows(
    durations: Sequence[float], *, gap: float = DEFAULT_GAP, lead: float = DEFAULT_LEAD, window: float = WINDOW_SECONDS
) -> tuple[list[list[int]], list[int]]:
    """Greedy, in order: groups of clip indices that fit one window, and the indices too long to pack."""
    groups: list[list[int]] = []
    alone: list[int] = []
    current: list[int] = []
    used = lead
    limit = window - 0.5  # keep a little tail so the last word is not cut at the window's edge
    for i, d in enumerate(durations):
        if d <= 0:
            alone.append(i)
            continue
        if lead + d > limit:
            alone.append(i)
            continue
        need = d if not current else gap + d
        if used + need > limit:
            groups.append(current)
            current, used = [], lead
            need = d
        current.append(i)
        used += need
    if current:
        groups.append(current)
    return groups, alone


def build_window(audios: Sequence[np.ndarray], indices: Sequence[int], *, gap: float, lead: float) -> Window:
    parts: list[np.ndarray] = [np.zeros(int(round(lead * SAMPLE_RATE)), dtype=np.float32)]
    placements: list[Placement] = []
    pos = lead
    gap_samples = np.zeros(int(round(gap * SAMPLE_RATE)), dtype=np.float32)
    for k, i in enumerate(indices):
        if k:
            parts.append(gap_samples)
            pos += len(gap_samples) / SAMPLE_RATE
        a = np.asarray(audios[i], dtype=np.float32)
        parts.append(a)
        placements.append(Placement(i, pos, _dur(a)))
        pos += _dur(a)
    parts.append(np.zeros(int(round(0.3 * SAMPLE_RATE)), dtype=np.float32))
    return Window(np.concatenate(parts), placements)


def split_result(result: Result, window: Window, *, gap: float) -> tuple[dict[int, Result], set[int]]:
    """Per-clip results from a window's result, and the clip indices whose split is ambiguous."""
    places = window.placements
    buckets: dict[int, list[tuple[Word, Segment]]] = {p.index: [] for p in places}
    ambiguous: set[int] = set()
    half = gap / 2
    for seg in result.segments:
        for w in seg.words:
            mid = (w.start + w.end) / 2
            k = min(range(len(places)), key=lambda j: max(places[j].offset - mid, mid - places[j].end, 0.0))
            p = places[k]
            distance = max(p.offset - mid, mid - p.end, 0.0)
            if distance > half + 0.25:
                ambiguous.add(p.index)  # a word in the silence: hallucinated or misplaced
            touched = [q for q in places if w.start < q.end - 0.05 and w.end > q.offset + 0.05]
            if len(touched) > 1:  # a word that covers a whole gap belongs to two clips
                ambiguous.update(q.index for q in touched)
            buckets[p.index].append((w, seg))
    out: dict[int, Result] = {}
    for p in places:
        items = buckets[p.index]
        if not items:
            if p.duration > 0.3:
                ambiguous.add(p.index)  # audio but no word: maybe skipped by the packed decode; check alone
            out[p.index] = Result("", result.language, [], {**result.settings, "packed": True})
            continue
        segments: list[Segment] = []
        current: list[Word] = []
        current_seg: Segment | None = None
        for w, seg in items:
            local = Word(
                w.word,
                round(min(max(w.start - p.offset, 0.0), p.duration), 3),
                round(min(max(w.end - p.offset, 0.0), p.duration), 3),
                w.probability,
            )
            if current_seg is not None and seg is not current_seg:
                segments.append(_segment(current, current_seg))
                current = []
            current_seg = seg
            current.append(local)
        if current_seg is not None:
            segments.append(_segment(current, current_seg))
        text = " ".join(w.word for s in segments for w in s.words)
        out[p.index] = Result(text, result.language, segments, {**result.settings, "packed": True})
    return out, ambiguous


def _segment(words: list[Word], parent: Segment) -> Segment:
    text = " ".join(w.word for w in words)
    return Segment(words[0].start, words[-1].end, text, parent.avg_logprob, parent.no_speech_prob, tuple(words))


def transcribe_clips(
    engine: Engine,
    audios: Sequence[np.ndarray],
    *,
    pack: bool = True,
    gap: float = DEFAULT_GAP,
    lead: float = DEFAULT_LEAD,
    on_window: Callable[[list[int]], None] | None = None,
    batch_windows: int = 1,
    repack_rounds: int = 1,
    deferrable: Sequence[bool] | None = None,
    vad: bool = True,
    chunk_long: bool = True,
) -> list[Result | None]:
    """Transcribe many clips, packed into shared windows where possible; results in the input's order.

    Clips whose split is ambiguous are packed again with the other ambiguous clips (``repack_rounds`` times: a
    decoder that stopped before the window's last clips gets them again) and finally decoded on their own; or,
    where ``deferrable[i]`` is true, left as None so that the caller can pack them with its next clips."""
    results: list[Result | None] = [None] * len(audios)
    if not pack:
        for i, a in enumerate(audios):
            results[i] = _alone(engine, a)
            if on_window:
                on_window([i])
        return results
    todo = list(range(len(audios)))
    alone: list[int] = []
    incomplete: list[int] = []
    for round_ in range(max(repack_rounds, 0) + 1):
        if not todo:
            break
        groups, too_long = plan_windows([_dur(audios[i]) for i in todo], gap=gap, lead=lead)
        alone.extend(todo[k] for k in too_long)
        groups = [[todo[k] for k in g] for g in groups]
        windows = [build_window(audios, g, gap=gap, lead=lead) for g in groups]
        retry: list[int] = []
        step = max(batch_windows, 1)
        for start in range(0, len(windows), step):
            chunk = windows[start : start + step]
            window_results = engine.transcribe_windows([w.audio for w in chunk])
            for window, window_result in zip(chunk, window_results, strict=True):
                split, ambiguous = split_result(window_result, window, gap=gap)
                for p in window.placements:
                    if p.index in ambiguous and not split[p.index].words and vad and not has_speech(audios[p.index]):
                        # no word, and the voice-activity detector hears no speech either: nothing was said
                        split[p.index].settings["vad_no_speech"] = True
                        results[p.index] = split[p.index]
                        ambiguous.discard(p.index)
                    elif p.index in ambiguous:
                        retry.append(p.index)
                    elif vad and misses_speech(split[p.index], audios[p.index]):
                        # the one-pass window decode stopped inside this clip: decoding it alone (which seeks
                        # past each segment) recovers the rest; packing it again would stop the same way
                        incomplete.append(p.index)
                        ambiguous.add(p.index)
                    else:
                        if round_:
                            split[p.index].settings["repacked"] = True
                        results[p.index] = split[p.index]
                if on_window:
                    on_window([p.index for p in window.placements if p.index not in ambiguous])
        todo = sorted(retry)
    # what is still ambiguous after re-packing (often: the decoder stopped early, or a clip with no speech)
    last = sorted(incomplete) + [i for i in todo if not (deferrable is not None and deferrable[i])]
    for i, r in zip(last, _alone_batched(engine, audios, last, batch_windows=batch_windows, vad=vad), strict=True):
        results[i] = r
        if on_window:
            on_window([i])
    for i in alone:
        results[i] = _long(engine, audios[i], batch_windows=batch_windows) if chunk_long else _alone(engine, audios[i])
        if on_window:
            on_window([i])
    return results


def cut_points(audio: np.ndarray, *, max_seconds: float = 29.0, search_seconds: float = 8.0) -> list[tuple[int, int]]:
    """Cut a long clip into pieces of at most ``max_seconds``, each cut at the quietest 100 ms in the last
    ``search_seconds`` before the limit (a pause between words, where there is one)."""
    n = len(audio)
    limit = int(max_seconds * SAMPLE_RATE)
    hop = SAMPLE_RATE // 100  # 10 ms frames
    pieces: list[tuple[int, int]] = []
    start = 0
    while n - start > limit:
        lo = start + int((max_seconds - search_seconds) * SAMPLE_RATE)
        hi = start + limit
        seg = np.asarray(audio[lo:hi], dtype=np.float32)
        frames = len(seg) // hop
        energy = (seg[: frames * hop].reshape(frames, hop) ** 2).mean(axis=1)
        smooth = np.convolve(energy, np.ones(10) / 10, mode="same")  # 100 ms
        cut = lo + int(np.argmin(smooth)) * hop + hop // 2
        pieces.append((start, cut))
        start = cut
    pieces.append((start, n))
    return pieces


def _long(engine: Engine, audio: np.ndarray, *, batch_windows: int) -> Result:
    """A clip longer than one window: cut at pauses, decode the pieces as a batch of windows, join them."""
    pieces = cut_points(audio)
    dur = _dur(audio)
    segments: list[Segment] = []
    language = None
    step = max(batch_windows, 1)
    for k in range(0, len(pieces), step):
        batch = pieces[k : k + step]
        results = engine.transcribe_windows([audio[a:b] for a, b in batch])
        for (a, _), r in zip(batch, results, strict=True):
            off = a / SAMPLE_RATE
            language = language or r.language
            for s in r.segments:
                words = tuple(
                    Word(
                        w.word,
                        round(min(max(w.start + off, 0.0), dur), 3),
                        round(min(max(w.end + off, 0.0), dur), 3),
                        w.probability,
                    )
                    for w in s.words
                )
                segments.append(Segment(s.start + off, s.end + off, s.text, s.avg_logprob, s.no_speech_prob, words))
    settings = {**engine.settings(), "packed": False, "pieces": len(pieces)}
    return Result(" ".join(s.text for s in segments if s.text), language, segments, settings)


UNCOVERED_SECONDS = 1.0


def misses_speech(result: Result, audio: np.ndarray, *, slack: float = UNCOVERED_SECONDS) -> bool:
    """Did a packed decode leave part of this clip's speech without words? (The decoder sometimes stops after a
    clip's first sentence, or skips its start.) Cheap test first: words that reach to within ``slack`` of both
    ends of the clip are fine; only otherwise is the voice-activity detector asked where the speech is."""
    words = [w for s in result.segments for w in s.words]
    if not words:
        return False  # handled by the no-word rule
    dur = _dur(audio)
    first, last = words[0].start, words[-1].end
    if first <= slack and dur - last <= slack:
        return False
    spans = _speech_spans(audio)
    if not spans:
        return False
    speech_start = spans[0]["start"] / SAMPLE_RATE
    speech_end = spans[-1]["end"] / SAMPLE_RATE
    return speech_end - last > slack or first - speech_start > slack


def _speech_spans(audio: np.ndarray) -> list[dict[str, int]]:
    """Silero VAD (bundled with faster-whisper, run by onnxruntime): the clip's speech, in samples."""
    from voicehist.offline import quiet_dependencies

    quiet_dependencies()  # no onnxruntime telemetry, before its VAD session is made
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return list(get_speech_timestamps(np.asarray(audio, dtype=np.float32), VadOptions(min_silence_duration_ms=100)))


def has_speech(audio: np.ndarray) -> bool:
    """Does this clip hold any speech at all?"""
    return bool(_speech_spans(audio))


def _alone_batched(
    engine: Engine, audios: Sequence[np.ndarray], indices: Sequence[int], *, batch_windows: int, vad: bool
) -> list[Result]:
    """Clips that could not share a window: each gets a window of its own, decoded as a batch (one pass); a clip
    whose one-pass result still misses speech is decoded on its own, with seeking."""
    out: list[Result] = []
    step = max(batch_windows, 1)
    for k in range(0, len(indices), step):
        chunk = list(indices[k : k + step])
        windows = [build_window(audios, [i], gap=0.0, lead=DEFAULT_LEAD) for i in chunk]
        for i, window, window_result in zip(
            chunk, windows, engine.transcribe_windows([w.audio for w in windows]), strict=True
        ):
            split, _ = split_result(window_result, window, gap=0.0)
            r = split[i]
            words = [w for s in r.segments for w in s.words]
            if (not words and (not vad or has_speech(audios[i]))) or (vad and misses_speech(r, audios[i])):
                out.append(_alone(engine, audios[i], fallback=True))
            else:
                r.settings["fallback"] = True
                r.settings["packed"] = False
                out.append(r)
    return out


def _alone(engine: Engine, audio: np.ndarray, *, fallback: bool = False) -> Result:
    if len(audio) == 0:
        return Result("", None, [], {**engine.settings(), "packed": False})
    r = engine.transcribe(audio)
    dur = _dur(audio)
    segments = [
        Segment(
            s.start,
            s.end,
            s.text,
            s.avg_logprob,
            s.no_speech_prob,
            tuple(
                Word(w.word, round(min(max(w.start, 0.0), dur), 3), round(min(max(w.end, 0.0), dur), 3), w.probability)
                for w in s.words
            ),
        )
        for s in r.segments
    ]
    settings = {**r.settings, "packed": False}
    if fallback:
        settings["fallback"] = True
    return Result(r.text, r.language, segments, settings)
