"""The transcription runner: a resumable queue over the clips table.

``transcribe_pending(db, ...)`` is what the CLI, the TUI and ``voicehist demo`` call. It resets interrupted work,
claims pending clips a few at a time, decodes them, packs short clips into shared 30-second windows, writes each
window's results in one transaction, records per-clip errors, and polls ``cancel`` between windows (finished work
is kept; claimed clips that were not finished go back to pending).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from voicehist.audio.decode import decode
from voicehist.errors import VoicehistError
from voicehist.jobs import Cancel, Progress
from voicehist.store import Database, audio_dir_of
from voicehist.store import transcripts as store
from voicehist.transcribe.engine import SAMPLE_RATE, Engine
from voicehist.transcribe.models import normalise_engine, resolve_model
from voicehist.transcribe.packing import (
    CUT_SEARCH,
    DEFAULT_GAP,
    DEFAULT_LEAD,
    MAX_PIECE,
    NEIGHBOURS,
    Stopped,
    plan_windows,
    transcribe_clips,
)

# Silence between packed clips (faster-whisper; whisper-timestamped decodes clips alone). It must exceed the
# masking margin (faster.MASK_MARGIN) so that a clip's kept frames never reach into its neighbour's audio. The
# neighbours still reach a clip through the encoder's self-attention: 0.6 s let them change first words ("Alexa,
# add" heard as "Alexa and"); 2 s halved the WER on the corpus (0.159 -> 0.089) and set d (0.323 -> 0.194) and
# cut it on sets e and f, for about a quarter more windows to encode (bench/transcribe.py; gaps 0.6-3 s measured).
ENGINE_GAP = {"faster-whisper": 2.0, "whisper-timestamped": 1.0}

CLAIM_STEP = 1  # claimed one at a time, just before it is decoded: no claim waits behind another clip's decoding
DEFAULT_BATCH_WINDOWS = 16  # packed windows encoded and decoded together (fewer points where a worker waits;
# 16 against 8, same run, quiet: set g 4.27x per-file against 3.61x, corpus 4.63x against 4.09x, real every-3rd 6.30x
# against 5.31x; a stop still finishes or requeues one unit)
MAX_BATCH_WINDOWS = 12  # at most, when a long clip's pieces join a unit (each window's encoding is 2.3 MB)

_engines: dict[tuple[Any, ...], Engine] = {}
_engines_lock = threading.Lock()


@dataclass(frozen=True)
class ClipError:
    """A clip the run could not transcribe, and why (in words)."""

    clip_id: str
    error: str


@dataclass
class RunSummary:
    engine: str
    model: str
    done: int = 0
    failed: int = 0
    no_audio: int = 0  # clips skipped because they have no recording
    reset: int = 0  # interrupted clips put back in the queue at start
    remaining: int = 0  # still pending after this run
    audio_seconds: float = 0.0
    wall_seconds: float = 0.0
    cancelled: bool = False
    packed: int = 0  # clips transcribed inside a shared window
    alone: int = 0  # clips decoded on their own (too long to pack, or packing off)
    fallback: int = 0  # clips whose packed decode failed a check (no words, repetition...), decoded again alone
    errors: list[ClipError] = field(default_factory=list)
    # per packed clip, the clips before and after it in its window (bench/transcribe.py's bleed count); not in
    # to_json: clip ids of other clips have no place in a report about this one
    neighbours: dict[str, tuple[str | None, ...]] = field(default_factory=dict, repr=False)

    @property
    def rtf(self) -> float | None:
        return self.wall_seconds / self.audio_seconds if self.audio_seconds else None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("neighbours", None)
        d["audio_seconds"] = round(self.audio_seconds, 3)
        d["wall_seconds"] = round(self.wall_seconds, 3)
        d["rtf"] = round(self.rtf, 4) if self.rtf is not None else None
        return d


def get_engine(engine: str | None = None, model: str | None = None, **options: Any) -> Engine:
    """A loaded engine, cached per (engine, model, options) for the life of the process."""
    name = normalise_engine(engine)
    info = resolve_model(model)
    key = (name, str(info.path), tuple(sorted(options.items())))
    with _engines_lock:
        if key not in _engines:
            if name == "faster-whisper":  # an engine's libraries load only when it is chosen (CTranslate2, torch)
                from voicehist.transcribe.faster import FasterWhisperEngine  # lazy: see above

                _engines[key] = FasterWhisperEngine(info, **options)
            else:
                from voicehist.transcribe.timestamped import TimestampedEngine  # lazy: see above

                _engines[key] = TimestampedEngine(info, **options)
        return _engines[key]


@dataclass
class _Item:
    clip: store.PendingClip
    audio: np.ndarray

    @property
    def seconds(self) -> float:
        return len(self.audio) / SAMPLE_RATE


def transcribe_pending(
    db: Database,
    *,
    engine: str | None = None,
    model: str | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    pack: bool = True,
    gap: float | None = None,
    batch_windows: int = DEFAULT_BATCH_WINDOWS,
    engine_options: dict[str, Any] | None = None,
) -> RunSummary:
    """Transcribe the pending clips of ``db`` (at most ``limit``) and return a summary.

    ``gap`` (silence between packed clips) defaults to what bench/transcribe.py found best for the engine."""
    t0 = time.perf_counter()
    eng = get_engine(engine, model, **(engine_options or {}))
    queue = _Queue(db, eng, limit=limit, progress=progress, pack=pack)
    if gap is None:
        gap = ENGINE_GAP.get(eng.name, DEFAULT_GAP)
    summary = queue.summary
    queue.report("loading")
    try:
        while True:
            if cancel is not None and cancel():
                summary.cancelled = bool(queue.buffer) or queue.claimed < queue.total  # a stop after the last clip
                break
            queue.fill(gap, batch_windows)
            if not queue.buffer:
                break
            unit = queue.next_unit(gap, batch_windows)
            windows = min(max(batch_windows, _windows(unit, gap)), MAX_BATCH_WINDOWS)
            queue.in_flight = unit
            dropped = _run_unit(
                db,
                eng,
                unit,
                summary,
                pack=pack,
                gap=gap,
                batch_windows=windows,
                stop=lambda: bool(cancel and cancel()),
                moving=queue.moving(len(unit)),
            )
            queue.in_flight = []
            queue.finished += len(unit) - len(dropped)
            queue.report(unit[-1].clip.id)
            if dropped:  # a stop came while the unit ran: its clips not finished go back to the queue
                store.release(db, [it.clip.id for it in dropped])
                summary.cancelled = True
                break
    finally:
        queue.release_leftover()
    summary.remaining = store.count_pending(db)
    summary.wall_seconds = time.perf_counter() - t0
    return summary


class _Queue:
    """The pending clips of one run: claimed a few at a time into a buffer of decoded audio, taken from it a unit
    (up to a batch of windows) at a time."""

    def __init__(self, db: Database, eng: Engine, *, limit: int | None, progress: Progress | None, pack: bool) -> None:
        self.db, self.progress, self.pack = db, progress, pack
        self.summary = RunSummary(engine=eng.name, model=eng.model_name)
        self.summary.reset = store.reset_running(db)
        store.mark_missing_audio(db)
        self.summary.no_audio = store.count_by_status(db).get("no_audio", 0)
        self.total = store.count_pending(db)
        if limit is not None:
            self.total = min(self.total, max(limit, 0))
        self.audio_dir = audio_dir_of(db)
        self.claimed = 0
        self.finished = 0
        self.buffer: list[_Item] = []
        self.in_flight: list[_Item] = []  # the unit being transcribed (released if an exception escapes)
        self.exhausted = False

    def report(self, label: str) -> None:
        if self.progress is not None:
            self.progress(self.finished, self.total, label)

    def moving(self, n: int) -> Callable[[float], None]:
        """The bar moves while a unit of ``n`` clips runs (whole clips only)."""
        base = self.finished

        def move(fraction: float) -> None:
            if self.progress is not None:
                self.progress(base + min(int(fraction * n), n - 1), self.total, "")

        return move

    def fill(self, gap: float, batch_windows: int) -> None:
        """Claim clips until the buffer holds more than a unit's worth of windows (or the queue is empty); a clip
        whose audio cannot be decoded is recorded as failed."""
        while not self.exhausted:
            if self.buffer and (not self.pack or _windows(self.buffer, gap) > batch_windows):
                break
            want = min(CLAIM_STEP, self.total - self.claimed)
            batch = store.claim_pending(self.db, want) if want > 0 else []
            if not batch:
                self.exhausted = True
                break
            self.claimed += len(batch)
            failures: list[tuple[str, str]] = []
            for clip in batch:
                try:
                    audio = _decode(self.audio_dir, clip)
                except VoicehistError as e:
                    failures.append((clip.id, str(e)))
                    continue
                self.buffer.append(_Item(clip, audio))
            if failures:
                store.save_batch(self.db, [], failures)
                self.summary.failed += len(failures)
                self.summary.errors.extend(ClipError(c, e) for c, e in failures)
                self.finished += len(failures)
                self.report("decode errors")

    def next_unit(self, gap: float, batch_windows: int) -> list[_Item]:
        """Take the next unit of work from the buffer: up to ``batch_windows`` windows of clips; clips too long
        for a window (cut into pieces by transcribe_clips) go with them, so that the workers share their pieces
        with short clips."""
        buffer = self.buffer
        groups, alone = plan_windows([it.seconds for it in buffer], gap=gap, lead=DEFAULT_LEAD)
        if not self.pack:
            unit = [buffer[alone[0]]] if alone else [buffer[i] for g in groups[:batch_windows] for i in g]
        else:
            room = max(batch_windows - sum(_pieces(buffer[i].seconds) for i in alone), 1)
            unit = [buffer[i] for i in sorted([*alone, *(i for g in groups[:room] for i in g)])]
        unit = unit or [buffer[0]]
        ids = {id(it) for it in unit}
        self.buffer = [it for it in buffer if id(it) not in ids]
        return unit

    def release_leftover(self) -> None:
        """Claimed clips not finished (a stop, an exception) go back to the queue."""
        leftover = [it.clip.id for it in [*self.buffer, *self.in_flight]]
        if leftover:
            store.release(self.db, leftover)


def _pieces(seconds: float) -> int:
    """How many windows a clip too long for one takes at most (its pieces are cut at pauses, each at least
    MAX_PIECE - CUT_SEARCH long)."""
    return max(1, math.ceil(seconds / (MAX_PIECE - CUT_SEARCH)))


def _windows(items: list[_Item], gap: float) -> int:
    """The windows ``items`` fill when packed (a long clip counted by its pieces)."""
    groups, alone = plan_windows([it.seconds for it in items], gap=gap, lead=DEFAULT_LEAD)
    return len(groups) + sum(_pieces(items[i].seconds) for i in alone)


def _decode(audio_dir: Path, clip: store.PendingClip) -> np.ndarray:
    path = Path(clip.audio_path)
    if not path.is_absolute():
        path = audio_dir / path
    return decode(path, SAMPLE_RATE).samples


def _run_unit(
    db: Database,
    eng: Engine,
    unit: list[_Item],
    summary: RunSummary,
    *,
    pack: bool,
    gap: float,
    batch_windows: int,
    stop: Cancel | None = None,
    moving: Callable[[float], None] | None = None,
) -> list[_Item]:
    """Transcribe and save one unit (on an error, each of its clips again alone, so that one bad clip fails
    alone). When ``stop()`` says yes while it runs, the clips already decoded are finished and saved; returns the
    clips dropped (not saved, still claimed)."""
    audios = [it.audio for it in unit]
    dropped: list[_Item] = []
    try:
        try:
            results = transcribe_clips(
                eng,
                audios,
                pack=pack,
                gap=gap,
                batch_windows=batch_windows,
                stop=stop,
                on_progress=moving,
            )
            done = list(zip(unit, results, strict=True))
        except Stopped as s:
            done = [(it, r) for it, r in zip(unit, s.results, strict=True) if r is not None]
            dropped = [it for it, r in zip(unit, s.results, strict=True) if r is None]
        for it, r in done:  # which clips shared its window: for the run's summary only, never saved
            near = r.settings.pop(NEIGHBOURS, None)
            if near is not None:
                summary.neighbours[it.clip.id] = tuple(None if j is None else unit[j].clip.id for j in near)
        saved = [store.SavedResult(it.clip.id, r, eng.name, eng.model_name) for it, r in done]
        store.save_batch(db, saved)
        for _, r in done:
            if r.settings.get("fallback"):
                summary.fallback += 1
            elif r.settings.get("packed"):
                summary.packed += 1
            else:
                summary.alone += 1
        summary.done += len(saved)
        summary.audio_seconds += sum(it.seconds for it, _ in done)
        return dropped
    except Exception as e:  # noqa: BLE001 - one clip's failure must not stop the run; retried one by one
        if len(unit) == 1:
            error = f"{type(e).__name__}: {e}"
            store.save_batch(db, [], [(unit[0].clip.id, error)])
            summary.failed += 1
            summary.errors.append(ClipError(unit[0].clip.id, error))
            return []
    for k, it in enumerate(unit):
        if stop is not None and stop():
            return unit[k:]
        dropped = _run_unit(db, eng, [it], summary, pack=False, gap=gap, batch_windows=1, stop=stop)
        if dropped:
            return [*dropped, *unit[k + 1 :]]
    return []
