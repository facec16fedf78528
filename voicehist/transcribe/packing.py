"""Pack short clips into shared 30-second windows for the encoder; decode every clip from its own frames only.

Whisper always encodes 30 s; an assistant clip lasts 1-6 s, so one clip per window is mostly padding. Clips are
laid end to end with ``gap`` seconds of silence between them and each window is encoded once. Decoding is
separate: every clip is decoded against a copy of the encoding of silence in which only its own frames (and a
margin shorter than the gap) come from the window (``FasterWhisperEngine.decode_masked``). A clip's decoder never
sees another clip's audio frames or text, so no word is ever assigned to a clip by its time. A clip whose
decode fails a check is decoded alone; one with no words in which the voice-activity detector hears no speech
is accepted as empty (noise, silence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from voicehist.offline import quiet_dependencies
from voicehist.transcribe.engine import SAMPLE_RATE, Engine, Result, Segment, Word, clip_time

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
    """Groups of clip indices that fit one window each, and the indices too long to pack (or empty).

    First fit, longest clip first: a 22 s clip's window takes the short clips that fit after it, so fewer windows
    are encoded (bench sets f and g: 6 windows instead of 8 in order). Each group lists its indices in order,
    and the groups are ordered by their first index."""
    limit = window - 0.5  # keep a little tail so the last word is not cut at the window's edge
    bins: list[tuple[list[float], list[int]]] = []  # (seconds used, indices)
    alone: list[int] = []
    for i in sorted(range(len(durations)), key=lambda i: -durations[i]):
        d = durations[i]
        if d <= 0 or lead + d > limit:
            alone.append(i)
            continue
        for used, members in bins:
            if used[0] + gap + d <= limit:
                used[0] += gap + d
                members.append(i)
                break
        else:
            bins.append(([lead + d], [i]))
    return sorted((sorted(m) for _, m in bins), key=lambda g: g[0]), sorted(alone)


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


def transcribe_clips(
    engine: Engine,
    audios: Sequence[np.ndarray],
    *,
    pack: bool = True,
    gap: float = DEFAULT_GAP,
    lead: float = DEFAULT_LEAD,
    on_window: Callable[[list[int]], None] | None = None,
    batch_windows: int = 1,
    vad: bool = True,
    stop: Callable[[], bool] | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> list[Result]:
    """Transcribe many clips; results in the input's order, word times relative to each clip.

    With ``pack`` and an engine that decodes masked encodings (faster-whisper), clips share 30 s windows for the
    encoder only: each clip is decoded on its own from its own frames (see ``FasterWhisperEngine.decode_masked``),
    so no clip's transcript can hold a neighbour's words. Clips longer than a window are cut at pauses first;
    the pieces are packed like clips and joined again. A clip is decoded alone (per file, the engine's own
    way) when its packed decode has no words although the voice-activity detector hears speech, when the
    decode looks like a failure (too repetitive, too improbable), or when its words stop well before the speech
    does. Engines without masked decoding (whisper-timestamped) decode every clip alone.

    ``stop()`` is asked between rounds of decoding: when it says yes, the clips decoded so far are finished and
    :class:`Stopped` is raised with the results so far (None for the clips dropped). ``on_progress(fraction)``
    tells how far the call has got (0..1) as it goes."""
    masked = getattr(engine, "decode_masked", None)
    if not pack or masked is None:
        return _each_alone(engine, audios, on_window=on_window, stop=stop, on_progress=on_progress)
    run = _PackedRun(engine, audios, gap=gap, lead=lead, vad=vad)
    step = max(batch_windows, 1)
    for first in range(0, len(run.groups), step):
        done, stopped = run.decode(masked, run.groups[first : first + step], stop=stop, on_progress=on_progress)
        run.finish(done, stop=stop if stopped else None)
        if on_window and done:
            on_window(done)
        if not stopped and stop is not None and first + step < len(run.groups) and stop():
            stopped = True
        if stopped:
            raise Stopped(run.results)
    for i in range(len(audios)):
        if run.results[i] is None:  # only clips with no audio at all
            run.results[i] = run.checked(i) or _alone(engine, audios[i], fallback=True)
            if on_window:
                on_window([i])
    return [r for r in run.results if r is not None]


def _each_alone(
    engine: Engine,
    audios: Sequence[np.ndarray],
    *,
    on_window: Callable[[list[int]], None] | None,
    stop: Callable[[], bool] | None,
    on_progress: Callable[[float], None] | None,
) -> list[Result]:
    """Every clip decoded alone (no packing, or an engine without masked decoding)."""
    count = [0]

    def each() -> None:
        count[0] += 1
        if on_progress is not None:
            on_progress(count[0] / max(len(audios), 1))

    results = _alone_all(engine, audios, stop=stop, each=each)
    for i, r in enumerate(results):
        if r is not None and on_window:
            on_window([i])
    if any(r is None for r in results):
        raise Stopped(results)
    return [r for r in results if r is not None]


@dataclass(frozen=True)
class _Unit:
    """What is packed: a clip, or a piece of a clip longer than a window."""

    clip: int  # index of the clip in the caller's list
    first: int  # first sample of the piece in the clip
    audio: np.ndarray


class _PackedRun:
    """One ``transcribe_clips`` call with packing: the clips' units planned into windows, their masked decodes, the
    checks that join a clip's pieces and send a failed decode to be decoded alone."""

    def __init__(self, engine: Engine, audios: Sequence[np.ndarray], *, gap: float, lead: float, vad: bool) -> None:
        self.engine, self.audios, self.gap, self.lead, self.vad = engine, audios, gap, lead, vad
        self.units: list[_Unit] = []
        for i, a in enumerate(audios):
            if _dur(a) > MAX_PIECE:
                self.units.extend(_Unit(i, s, a[s:e]) for s, e in cut_points(a, max_seconds=MAX_PIECE))
            else:
                self.units.append(_Unit(i, 0, a))
        self.groups, empty = plan_windows([_dur(u.audio) for u in self.units], gap=gap, lead=lead)
        self.unit_results: dict[int, Result] = {
            k: Result("", None, [], {**engine.settings(), "packed": False}) for k in empty
        }
        self.results: list[Result | None] = [None] * len(audios)
        self.before: dict[int, int | None] = {}  # the clips before and after each clip in its window
        self.after: dict[int, int | None] = {}
        self.pieces_left = {i: sum(1 for u in self.units if u.clip == i) for i in range(len(audios))}
        for k in empty:
            self.pieces_left[self.units[k].clip] -= 1
        self.total = max(sum(len(g) for g in self.groups), 1)
        self.decoded = 0  # units decoded so far

    def decode(
        self,
        masked: Callable[..., list[list[Result | None]]],
        chunk: list[list[int]],
        *,
        stop: Callable[[], bool] | None,
        on_progress: Callable[[float], None] | None,
    ) -> tuple[list[int], bool]:
        """Encode and decode one chunk of windows; returns the clips all of whose units are now decoded, and
        whether a stop dropped some."""
        windows = [build_window([u.audio for u in self.units], g, gap=self.gap, lead=self.lead) for g in chunk]
        base, in_chunk = self.decoded, sum(len(w.placements) for w in windows)

        def chunk_progress(fraction: float) -> None:
            if on_progress is not None:
                on_progress(min((base + fraction * in_chunk) / self.total, 1.0))

        spans = [[(p.offset, p.end) for p in w.placements] for w in windows]
        if stop is None and on_progress is None:
            decoded = masked([w.audio for w in windows], spans)
        else:
            decoded = masked([w.audio for w in windows], spans, stop=stop, on_progress=chunk_progress)
        self.decoded += in_chunk
        done: list[int] = []
        stopped = False
        for window, per_clip in zip(windows, decoded, strict=True):
            owners = [self.units[p.index].clip for p in window.placements]
            for j, (p, r) in enumerate(zip(window.placements, per_clip, strict=True)):
                if r is None:  # dropped by a stop
                    stopped = True
                    continue
                self.unit_results[p.index] = r
                clip = owners[j]
                # the clips before and after it in the window (for bench/transcribe.py's bleed count; the runner
                # takes it out of the settings before they are saved)
                self.before.setdefault(clip, owners[j - 1] if j else None)
                self.after[clip] = owners[j + 1] if j + 1 < len(owners) else None
                self.pieces_left[clip] -= 1
                if self.pieces_left[clip] == 0:
                    done.append(clip)
        return sorted(set(done)), stopped

    def pieces_of(self, clip: int) -> list[tuple[int, Result]]:
        return [(u.first, self.unit_results[k]) for k, u in enumerate(self.units) if u.clip == clip]

    def checked(self, clip: int) -> Result | None:
        return _check(self.engine, self.audios[clip], self.pieces_of(clip), vad=self.vad)

    def finish(self, done: list[int], *, stop: Callable[[], bool] | None) -> None:
        """The results of clips whose units are all decoded: checked and joined, or, where a check fails, each
        decoded alone (side by side)."""
        again: list[int] = []
        for clip in done:
            result = self.checked(clip)
            if result is None:
                again.append(clip)
                continue
            self.results[clip] = result
            if result.settings.get("packed"):
                result.settings[NEIGHBOURS] = [self.before.get(clip), self.after.get(clip)]
        alone = _alone_all(self.engine, [self.audios[c] for c in again], fallback=True, stop=stop)
        for clip, r in zip(again, alone, strict=True):
            self.results[clip] = r


NEIGHBOURS = "window_neighbours"  # settings key: [clip before, clip after] in the window (indices), not saved
MAX_PIECE = 29.0  # a clip longer than this (seconds) is cut at pauses into pieces of at most this
CUT_SEARCH = 8.0  # seconds before MAX_PIECE in which a cut looks for a pause: a piece lasts at least the difference
COMPRESSION_LIMIT = 2.4  # Whisper's thresholds for a failed decode (repetition, improbable text)
LOGPROB_LIMIT = -1.0
NO_SPEECH_LIMIT = 0.6
SHORT_WORDS = 4


def _check(engine: Engine, audio: np.ndarray, pieces: list[tuple[int, Result]], *, vad: bool) -> Result | None:
    """One clip's result from its masked decode(s), checked and joined; None when the clip must be decoded
    alone instead."""
    if len(audio) == 0 or not pieces:
        return Result("", None, [], {**engine.settings(), "packed": False})
    joined = _join(engine, audio, pieces)
    failed = stretched_word(joined) or any(
        r.settings.get("compression_ratio", 0.0) > COMPRESSION_LIMIT
        or (r.avg_logprob is not None and r.avg_logprob < LOGPROB_LIMIT and not r.settings.get("no_speech"))
        for _, r in pieces
    )
    # the no-speech probability is high on most masked encodings (they are mostly silence), so it only decides
    # which short transcripts the voice-activity detector must confirm ("You" decoded from noise)
    silent = all(
        not r.words
        or r.settings.get("no_speech")
        or (r.settings.get("no_speech_prob", 0.0) > NO_SPEECH_LIMIT and len(r.words) <= SHORT_WORDS)
        for _, r in pieces
    )
    if silent and not failed:
        if not vad or not has_speech(audio):
            # no words (or the model's no-speech rule), and the voice-activity detector hears no speech either
            return Result("", joined.language, [], {**joined.settings, "vad_no_speech": True})
        if not joined.words:
            failed = True
        # else the no-speech rule fired but there is speech: keep the clip's own words if they cover it (a clip
        # of real speech packed among others came out as "Alexa Alexa", its sentence unwritten)
    if not failed and vad and misses_speech(joined, audio):
        failed = True
    return None if failed else joined


def _join(engine: Engine, audio: np.ndarray, pieces: list[tuple[int, Result]]) -> Result:
    if len(pieces) == 1 and pieces[0][0] == 0:
        r = pieces[0][1]
        return Result(r.text, r.language, list(r.segments), dict(r.settings))
    dur = _dur(audio)
    segments: list[Segment] = []
    language = None
    for first, r in pieces:
        off = first / SAMPLE_RATE
        language = language or r.language
        for s in r.segments:
            words = tuple(
                Word(w.word, clip_time(w.start + off, dur), clip_time(w.end + off, dur), w.probability) for w in s.words
            )
            segments.append(Segment(s.start + off, s.end + off, s.text, s.avg_logprob, s.no_speech_prob, words))
    settings = {**pieces[0][1].settings, "pieces": len(pieces)}
    settings["compression_ratio"] = max(r.settings.get("compression_ratio", 0.0) for _, r in pieces)
    settings["no_speech"] = all(r.settings.get("no_speech") for _, r in pieces)
    return Result(" ".join(s.text for s in segments if s.text), language, segments, settings)


def cut_points(
    audio: np.ndarray, *, max_seconds: float = MAX_PIECE, search_seconds: float = CUT_SEARCH
) -> list[tuple[int, int]]:
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


UNCOVERED_SECONDS = 1.0
STRETCHED_WORD_SECONDS = 2.0  # a word the aligner spread over this long,
STRETCHED_WORD_PROBABILITY = 0.2  # at this little probability, covers speech the decoder did not write


def stretched_word(result: Result) -> bool:
    """Did the decoder write a word the audio does not hold, which the aligner then spread over speech it never
    transcribed? Seen on real voices: "Alexa, what do I hear, see?" packed among other clips that start with
    "Alexa" came out as "Alexa Alexa", the second word 5 s long at probability 0.00."""
    return any(
        w.end - w.start > STRETCHED_WORD_SECONDS and w.probability < STRETCHED_WORD_PROBABILITY
        for s in result.segments
        for w in s.words
    )


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
    spans = speech_spans(audio)
    if not spans:
        return False
    speech_start = spans[0]["start"] / SAMPLE_RATE
    speech_end = spans[-1]["end"] / SAMPLE_RATE
    return speech_end - last > slack or first - speech_start > slack


def speech_spans(audio: np.ndarray) -> list[dict[str, int]]:
    """Silero VAD (bundled with faster-whisper, run by onnxruntime): the clip's speech, in samples."""
    quiet_dependencies()  # no onnxruntime telemetry, before its VAD session is made
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return list(get_speech_timestamps(np.asarray(audio, dtype=np.float32), VadOptions(min_silence_duration_ms=100)))


def has_speech(audio: np.ndarray) -> bool:
    """Does this clip hold any speech at all?"""
    return bool(speech_spans(audio))


class Stopped(Exception):  # a stop, not an error (so not StoppedError)
    """A stop was asked for during :func:`transcribe_clips`: ``results`` holds the clips finished (None for the
    clips dropped)."""

    def __init__(self, results: list[Result | None]) -> None:
        super().__init__("stopped")
        self.results = results


def _alone_all(
    engine: Engine,
    audios: Sequence[np.ndarray],
    *,
    fallback: bool = False,
    stop: Callable[[], bool] | None = None,
    each: Callable[[], None] | None = None,
) -> list[Result | None]:
    """Each clip decoded alone, in order; on an engine with several model replicas (faster-whisper's workers),
    that many clips at once. Once ``stop()`` says yes, the clips not started yet are None; ``each()`` is called
    after every clip decoded."""

    def one(a: np.ndarray) -> Result | None:
        if stop is not None and stop():
            return None
        r = _alone(engine, a, fallback=fallback)
        if each is not None:
            each()
        return r

    if engine.workers <= 1 or len(audios) <= 1:
        return [one(a) for a in audios]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(engine.workers, len(audios))) as pool:
        return list(pool.map(one, audios))


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
            tuple(Word(w.word, clip_time(w.start, dur), clip_time(w.end, dur), w.probability) for w in s.words),
        )
        for s in r.segments
    ]
    settings = {**r.settings, "packed": False}
    if fallback:
        settings["fallback"] = True
    return Result(r.text, r.language, segments, settings)
