"""Transcription benchmark: accuracy (WER) and speed (RTF, throughput) of voicehist's runner vs per-file baselines.

    nice python bench/transcribe.py [CLIPS_DIR] [--variant "beam=1,gap=1.5"]... [--skip-wt] [--every N --start K]

CLIPS_DIR (default tests/fixtures/speech/) holds audio clips and their reference texts, as a ``manifest.json``
list of ``{"file": ..., "text": ...}``, a CSV/TSV table (``path``/``sentence`` columns and the like, or
LJSpeech-style ``file|text`` lines), or ``name.wav`` + ``name.txt`` pairs in any subfolder. Clips with an
empty reference (noise only) or an excerpt as reference (text with "...") are transcribed for the timing but left
out of the WER.

In one run, on the same decoded clips and the same model (the bundled tiny.en unless ``--model``):
  1. per-file whisper-timestamped (converted checkpoint, beam 5, one clip per call)
  2. per-file faster-whisper (library defaults: compute_type default, beam 5, word timestamps; one clip per call),
     and the same at int8 with the files shared among as many single-thread workers as the runner uses (on a
     machine with more than one core): the runner's compute type and parallelism without its shared encoding;
     and the batched peer: faster-whisper's BatchedInferencePipeline over the clips concatenated, each clip's
     span given as clip_timestamps (what its maintainer suggests for many files), int8, the runner's threads
  3. voicehist's runner (``transcribe_pending`` on a temporary DB: decode, packing, DB writes) with each engine,
     plus any ``--variant`` of the faster-whisper runner.
  4. the machine limit: just encoding the packed windows and decoding their tokens (faster-whisper's masked
     decode without word alignment, checks, fallbacks or DB writes).
Prints WER (whisper's EnglishTextNormalizer + jiwer, over all clips with a reference), bleed (below), RTF (wall /
audio seconds) and throughput relative to per-file faster-whisper in wall and CPU time, as a Markdown table.
Model loads are not timed.

Bleed: for every clip, the words at its start and at its end (up to its first / last word that is in its own
reference) that are not in its own reference, are in the reference of the clip packed next to it on that side
in its window (the one before it for words at its start, the one after it for words at its end, as the runner
placed them; clip i-1 and i+1 for the per-file methods), and are not in the clip's per-file faster-whisper
transcript (the clip decoded alone). Counted per method
over the whole set. (With any other clip's reference, short words of a mishearing - "a", "to", "on" - counted
too, in every method alike.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AUDIO_EXT = {".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a"}


@dataclass
class Clip:
    path: Path
    reference: str
    background: str = ""  # speech under the clip (a manifest's "background"): its own audio, not another clip's


@dataclass
class Row:
    method: str
    settings: str
    wer: float
    bleed: int
    rtf: float
    wall: float
    cpu: float  # CPU seconds of this process (all threads): steadier than wall time on a shared machine
    hyps: list[str]


FILE_KEYS = ("file", "path", "audio", "filename", "audio_file", "wav")
TEXT_KEYS = ("text", "reference", "transcript", "sentence", "ref", "transcription", "normalized_text")


def _pick(item: dict[str, Any], keys: tuple[str, ...]) -> str:
    lowered = {str(k).lower(): v for k, v in item.items()}
    return next((str(lowered[k]) for k in keys if lowered.get(k) not in (None, "")), "")


def _from_table(folder: Path, table: Path) -> list[Clip]:
    """A CSV/TSV with a header naming the audio file and its text (Common Voice ``path``/``sentence`` and
    the like), or LJSpeech-style ``file|text`` lines without a header."""
    import csv

    text = table.read_text(encoding="utf-8-sig")
    delim = "\t" if table.suffix.lower() == ".tsv" else ("|" if "|" in text.splitlines()[0] else ",")
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    clips: list[Clip] = []
    if any(h in FILE_KEYS for h in header):
        for r in rows[1:]:
            item = dict(zip(header, r, strict=False))
            clips.append(Clip(folder / _pick(item, FILE_KEYS), _pick(item, TEXT_KEYS)))
    else:  # file|text
        for r in rows:
            if len(r) >= 2:
                name = r[0] if Path(r[0]).suffix else r[0] + ".wav"
                clips.append(Clip(folder / name, r[-1]))
    return clips


def load_clips(folder: Path) -> list[Clip]:
    """Clips and reference texts from ``folder``: a manifest.json (list, or {"clips": [...]}), a CSV/TSV table
    (metadata.csv, *.tsv), or audio files each with a same-named .txt/.lab beside it (searched recursively)."""
    manifest = folder / "manifest.json"
    tables = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in (".csv", ".tsv")]
    clips: list[Clip] = []
    if manifest.is_file():
        doc = json.loads(manifest.read_text())
        items = doc["clips"] if isinstance(doc, dict) else doc
        clips = [
            Clip(folder / _pick(item, FILE_KEYS), _pick(item, TEXT_KEYS), str(item.get("background") or ""))
            for item in items
        ]
    elif tables:
        clips = [c for t in tables for c in _from_table(folder, t)]
    else:
        for p in sorted(folder.rglob("*")):
            if p.suffix.lower() in AUDIO_EXT:
                ref = next((q for q in (p.with_suffix(".txt"), p.with_suffix(".lab")) if q.is_file()), None)
                clips.append(Clip(p, ref.read_text(encoding="utf-8").strip() if ref else ""))
    missing = [c for c in clips if not c.path.is_file()]
    if missing:
        print(f"skipping {len(missing)} clip(s) whose audio is missing, e.g. {missing[0].path}", file=sys.stderr)
    clips = [c for c in clips if c.path.is_file()]
    if not clips:
        sys.exit(f"no clips found in {folder}")
    return clips


def wer(refs: list[str], hyps: list[str]) -> float:
    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    # a reference with "..." is an excerpt (words left out): it cannot score a full transcript
    pairs = [(norm(r), norm(h)) for r, h in zip(refs, hyps, strict=True) if norm(r).strip() and "..." not in r]
    return float(jiwer.wer([r for r, _ in pairs], [h or "<empty>" for _, h in pairs]))


def _words(text: str) -> list[str]:
    from whisper.normalizers import EnglishTextNormalizer

    return EnglishTextNormalizer()(text).split()


def bleed(
    refs: list[str],
    hyps: list[str],
    alone: list[str],
    *,
    backgrounds: list[str] | None = None,
    neighbours: list[tuple[int | None, int | None]] | None = None,
    show: bool = False,
) -> int:
    """Words at a clip's edges that belong to a neighbouring clip's reference, not its own, and that the clip
    decoded alone does not produce (see the module's docstring)."""
    ref_words = [set(_words(r)) for r in refs]
    owns = [w | set(_words(b)) for w, b in zip(ref_words, backgrounds or [""] * len(refs), strict=True)]
    count = 0
    for i, hyp in enumerate(hyps):
        words = _words(hyp)
        own = owns[i]  # its reference, and the background speech under it, where a manifest names it
        seen: set[int] = set()
        solo = set(_words(alone[i]))
        bad: list[str] = []
        # words at its start would come from the clip before it, words at its end from the clip after it
        before, after = neighbours[i] if neighbours else (i - 1, i + 1)
        for order, j in ((range(len(words)), before), (range(len(words) - 1, -1, -1), after)):
            neighbour = ref_words[j] - own if j is not None and 0 <= j < len(refs) else set()
            for k in order:
                if words[k] in own:
                    break
                if words[k] in neighbour and words[k] not in solo and k not in seen:
                    bad.append(words[k])
                seen.add(k)
        if bad and show:
            print(f"  bleed in clip {i}: {bad} in {hyp!r}")
        count += len(bad)
    return count


# the clips before and after each clip in its window, as the last packed method placed them (bleed counts a
# word only if it is in one of these clips' references); empty for per-file methods: clip i-1 and i+1 are used
LAST_NEIGHBOURS: list[tuple[int | None, int | None]] = []


def machine_limit(audios: list[Any]) -> tuple[list[str], float]:
    """Encode the packed windows and decode their tokens, nothing else: the floor for the default design."""
    from voicehist.transcribe.packing import DEFAULT_LEAD, build_window, plan_windows
    from voicehist.transcribe.runner import DEFAULT_BATCH_WINDOWS, ENGINE_GAP, get_engine

    eng: Any = get_engine("faster-whisper")
    gap = ENGINE_GAP["faster-whisper"]
    pieces = [a[: 29 * 16000] for a in audios] + [a[29 * 16000 :] for a in audios if len(a) > 29 * 16000]
    groups, _ = plan_windows([len(a) / 16000 for a in pieces], gap=gap, lead=DEFAULT_LEAD)
    t = time.perf_counter()
    hyps = [""] * len(pieces)
    near: list[tuple[int | None, int | None]] = [(None, None)] * len(pieces)
    keep = eng.word_timestamps
    eng.word_timestamps = False
    try:
        for k in range(0, len(groups), DEFAULT_BATCH_WINDOWS):
            windows = [
                build_window(pieces, g, gap=gap, lead=DEFAULT_LEAD) for g in groups[k : k + DEFAULT_BATCH_WINDOWS]
            ]
            out = eng.decode_masked(
                [w.audio for w in windows], [[(p.offset, p.end) for p in w.placements] for w in windows]
            )
            for w, rs in zip(windows, out, strict=True):
                for j, (p, r) in enumerate(zip(w.placements, rs, strict=True)):
                    hyps[p.index] = r.text
                    ps = w.placements
                    near[p.index] = (ps[j - 1].index if j else None, ps[j + 1].index if j + 1 < len(ps) else None)
    finally:
        eng.word_timestamps = keep
    wall = time.perf_counter() - t
    n = len(audios)  # a long clip's second piece (index >= n) stands for the clip itself
    LAST_NEIGHBOURS[:] = [tuple(None if j is None else (j if j < n else j - n) for j in near[i]) for i in range(n)]  # type: ignore[misc]
    return hyps[:n], wall


_fw_models: dict[str, Any] = {}


def per_file_faster(model_path: str, audios: list[Any]) -> tuple[list[str], float]:
    from faster_whisper import WhisperModel

    if model_path not in _fw_models:
        _fw_models[model_path] = WhisperModel(model_path, device="cpu", local_files_only=True)
        list(_fw_models[model_path].transcribe(audios[0], beam_size=5, word_timestamps=True, language="en")[0])
    model = _fw_models[model_path]
    t = time.perf_counter()
    hyps = []
    for a in audios:
        segments, _ = model.transcribe(a, beam_size=5, word_timestamps=True, language="en")
        hyps.append(" ".join(s.text.strip() for s in segments))
    return hyps, time.perf_counter() - t


def per_file_parallel(model_path: str, audios: list[Any], workers: int) -> tuple[list[str], float]:
    """Per-file faster-whisper at the runner's compute type (int8), the files shared among ``workers``
    single-thread replicas: the runner's parallelism and compute type without its shared encoding."""
    from concurrent.futures import ThreadPoolExecutor

    from faster_whisper import WhisperModel

    key = f"{model_path} x{workers}"
    if key not in _fw_models:
        _fw_models[key] = WhisperModel(
            model_path, device="cpu", compute_type="int8", cpu_threads=1, num_workers=workers, local_files_only=True
        )
    model = _fw_models[key]

    def one(a: Any) -> str:
        segments, _ = model.transcribe(a, beam_size=5, word_timestamps=True, language="en")
        return " ".join(s.text.strip() for s in segments)

    one(audios[0])
    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        hyps = list(pool.map(one, audios))
    return hyps, time.perf_counter() - t


PEER_BATCH = 8  # spans encoded and decoded together (faster-whisper's own example uses 16; 8 was as fast here)
PEER_GAP_S = 1.0  # silence between clips in the peer's concatenation (its clips are cut apart again anyway)
PEER_PIECE_S = 29.0  # the peer truncates a clip_timestamps span at 30 s: longer clips go in pieces


def batched_peer(model_path: str, audios: list[Any], threads: int, batch_size: int) -> tuple[list[str], float]:
    """The strongest peer: faster-whisper's maintainer's answer to batching many files (its issues #915 and
    #1264): concatenate the clips and pass each clip's span as ``clip_timestamps`` to
    ``BatchedInferencePipeline``, which encodes and decodes the spans in batches, each span on its own (30 s
    of features, so a clip never hears another). Same model, int8, beam 5, word timestamps, same threads as
    the runner. Segments go back to the clip whose span holds their start. Timed from the concatenation on."""
    import numpy as np
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    key = f"{model_path} batched x{threads}"
    if key not in _fw_models:
        _fw_models[key] = WhisperModel(
            model_path, device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
        )
    pipe = BatchedInferencePipeline(_fw_models[key])
    t = time.perf_counter()
    gap = np.zeros(int(PEER_GAP_S * 16000), dtype=np.float32)
    parts: list[Any] = []
    spans: list[dict[str, float]] = []
    owner: list[int] = []
    at = 0.0
    for i, a in enumerate(audios):
        step = int(PEER_PIECE_S * 16000)
        for s in range(0, max(1, len(a)), step):
            piece = a[s : s + step]
            spans.append({"start": at + s / 16000, "end": at + (s + len(piece)) / 16000})
            owner.append(i)
        parts += [a.astype(np.float32), gap]
        at += len(a) / 16000 + PEER_GAP_S
    concat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    segments, _ = pipe.transcribe(
        concat, clip_timestamps=spans, batch_size=batch_size, beam_size=5, word_timestamps=True, language="en"
    )
    texts: list[list[str]] = [[] for _ in audios]
    for seg in segments:
        k = next((j for j, sp in enumerate(spans) if sp["start"] - 0.01 <= seg.start < sp["end"]), None)
        if k is not None:
            texts[owner[k]].append(seg.text.strip())
    LAST_NEIGHBOURS[:] = [(i - 1 if i else None, i + 1 if i + 1 < len(audios) else None) for i in range(len(audios))]
    return [" ".join(x) for x in texts], time.perf_counter() - t


def per_file_timestamped(audios: list[Any]) -> tuple[list[str], float]:
    from voicehist.transcribe.runner import get_engine

    eng = get_engine("whisper-timestamped")
    t = time.perf_counter()
    hyps = [eng.transcribe(a).text for a in audios]
    return hyps, time.perf_counter() - t


def runner(clips: list[Clip], engine: str, options: dict[str, Any]) -> tuple[list[str], float]:
    from voicehist.store import audio_dir_of, open_db
    from voicehist.transcribe.runner import get_engine, transcribe_pending

    runner_keys = {"gap", "pack", "batch_windows"}
    run_opts = {k: v for k, v in options.items() if k in runner_keys}
    engine_opts = {k: v for k, v in options.items() if k not in runner_keys}
    get_engine(engine, **engine_opts)  # load outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        store = audio_dir_of(db)
        store.mkdir(parents=True, exist_ok=True)
        with db.atomic():
            for i, c in enumerate(clips):
                name = f"{i:04d}{c.path.suffix}"
                shutil.copy(c.path, store / name)
                db["clips"].insert({"id": f"c{i:04d}", "vendor": "unknown", "audio_path": name})
        t = time.perf_counter()
        summary = transcribe_pending(db, engine=engine, engine_options=engine_opts, **run_opts)
        wall = time.perf_counter() - t
        assert summary.done == len(clips), summary.to_json()
        print(f"    packed {summary.packed}, alone {summary.alone}, fallback {summary.fallback}", flush=True)
        index = {f"c{i:04d}": i for i in range(len(clips))}
        seen = [(None, None)] * len(clips)  # a clip decoded alone has no neighbour
        for cid, near in summary.neighbours.items():
            seen[index[cid]] = tuple(None if n is None else index[n] for n in near)  # type: ignore[assignment]
        LAST_NEIGHBOURS[:] = seen
        hyps = [row[0] or "" for row in db.execute("SELECT transcript FROM clips ORDER BY id").fetchall()]
        db.close()
    return hyps, wall


def parse_variant(text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in filter(None, text.split(",")):
        k, v = part.split("=", 1)
        k = k.strip()
        if v in ("true", "false"):
            out[k] = v == "true"
        else:
            try:
                out[k] = int(v) if v.lstrip("-").isdigit() else float(v)
            except ValueError:
                out[k] = v
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("clips", nargs="?", default=str(REPO / "tests" / "fixtures" / "speech"))
    ap.add_argument("--variant", action="append", default=[], help='extra faster-whisper runner: "beam_size=1,gap=1.5"')
    ap.add_argument("--skip-wt", action="store_true", help="skip both whisper-timestamped rows (faster)")
    ap.add_argument("--show", action="store_true", help="print every clip's reference and hypotheses")
    ap.add_argument("--repeat", type=int, default=2, help="timed rounds per method (the fastest is kept)")
    ap.add_argument(
        "--every",
        type=int,
        default=1,
        metavar="N",
        help="a subset: every Nth clip of the set (in its manifest's order), from --start on",
    )
    ap.add_argument("--start", type=int, default=0, metavar="K", help="with --every: the first clip taken (from 0)")
    args = ap.parse_args()

    from voicehist.audio.decode import decode
    from voicehist.transcribe.models import resolve_model

    clips = load_clips(Path(args.clips))[args.start :: max(args.every, 1)]
    audios = [decode(c.path, 16_000).samples for c in clips]
    audio_s = sum(len(a) for a in audios) / 16000
    refs = [c.reference for c in clips]
    n_ref = sum(1 for r in refs if r.strip() and "..." not in r)
    model = resolve_model(None)
    print(
        f"{len(clips)} clips ({n_ref} with a reference), {audio_s:.1f} s of audio, model {model.name}, "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )

    methods: list[tuple[str, str, Callable[[], tuple[list[str], float]]]] = [
        (
            "per-file faster-whisper",
            "beam 5, word timestamps, compute default",
            lambda: per_file_faster(str(model.path), audios),
        )
    ]
    from voicehist.transcribe.runner import DEFAULT_BATCH_WINDOWS, ENGINE_GAP, get_engine

    default: Any = get_engine("faster-whisper")
    workers = default.workers
    if workers > 1:
        methods.append(
            (
                "per-file faster-whisper, int8, files in parallel",
                f"as above but int8, files shared among {workers} single-thread workers",
                lambda: per_file_parallel(str(model.path), audios, workers),
            )
        )
    threads = workers * default.cpu_threads
    methods.append(
        (
            "batched peer: faster-whisper BatchedInferencePipeline",
            f"clips concatenated, clip_timestamps, batch {PEER_BATCH}, int8, beam 5, {threads} thread(s)",
            lambda: batched_peer(str(model.path), audios, threads, PEER_BATCH),
        )
    )
    if not args.skip_wt:
        methods.append(
            ("per-file whisper-timestamped", "beam 5, converted checkpoint", lambda: per_file_timestamped(audios))
        )
    methods.append(
        (
            "voicehist runner, faster-whisper (default)",
            f"shared encoding (gap {ENGINE_GAP['faster-whisper']} s), own decoding, beam {default.beam_size}, int8, "
            f"{DEFAULT_BATCH_WINDOWS} windows per batch, "
            f"{workers} worker(s) x {default.cpu_threads} thread(s)",
            lambda: runner(clips, "faster-whisper", {}),
        )
    )
    if not args.skip_wt:
        methods.append(
            (
                "voicehist runner, whisper-timestamped",
                "every clip alone (no masked decoding), beam 5",
                lambda: runner(clips, "whisper-timestamped", {}),
            )
        )
    methods.append(
        (
            "machine limit (not a transcriber)",
            "encode packed windows + decode tokens only",
            lambda: machine_limit(audios),
        )
    )
    for v in args.variant:
        methods.append(
            ("voicehist runner, faster-whisper", v, lambda v=v: runner(clips, "faster-whisper", parse_variant(v)))
        )

    # round-robin repeats: machine load shifts hit every method alike; the fastest of each method's runs is kept
    walls: list[list[float]] = [[] for _ in methods]
    cpus: list[list[float]] = [[] for _ in methods]
    first_hyps: list[list[str]] = [[] for _ in methods]
    first_neighbours: list[list[tuple[int | None, int | None]]] = [[] for _ in methods]
    for round_ in range(args.repeat):
        for k, (method, settings, fn) in enumerate(methods):
            c0 = time.process_time()
            LAST_NEIGHBOURS.clear()
            hyps, wall = fn()
            cpus[k].append(time.process_time() - c0)
            walls[k].append(wall)
            if round_ == 0:
                first_hyps[k] = hyps
                first_neighbours[k] = list(LAST_NEIGHBOURS)
            print(f"  round {round_ + 1}: {method} [{settings}]: {wall:.1f} s", flush=True)
    rows: list[Row] = []
    for k, (method, settings, _) in enumerate(methods):
        wall = min(walls[k])
        rows.append(
            Row(
                method,
                settings,
                wer(refs, first_hyps[k]),
                bleed(
                    refs,
                    first_hyps[k],
                    first_hyps[0],
                    backgrounds=[c.background for c in clips],
                    neighbours=first_neighbours[k] or None,
                    show=args.show,
                ),
                wall / audio_s,
                wall,
                min(cpus[k]),
                first_hyps[k],
            )
        )
    real = [i for i, c in enumerate(clips) if "real" in c.path.name.lower() or c.path.parent.name == "real"]

    base = rows[0]
    print()
    print(
        f"Clips: {len(clips)} ({n_ref} with reference text), {audio_s:.1f} s of audio; model {model.name}; "
        f"{os.cpu_count()} CPU cores; best of {args.repeat} interleaved rounds; model loads not timed."
    )
    print()
    print(
        "| method | settings | WER | WER real speech | bleed | RTF (wall) | throughput vs per-file faster-whisper "
        "(wall) | (CPU time) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        real_wer = f"{wer([refs[i] for i in real], [r.hyps[i] for i in real]):.3f}" if real else "-"
        print(
            f"| {r.method} | {r.settings} | {r.wer:.3f} | {real_wer} | {r.bleed} | {r.rtf:.3f} | "
            f"{base.wall / r.wall:.2f}x | {base.cpu / r.cpu:.2f}x |"
        )
    if args.show:
        for i, c in enumerate(clips):
            print(f"\n{c.path.name}: REF {c.reference!r}")
            for r in rows:
                print(f"   {r.method[:40]:40s} {r.hyps[i]!r}")


if __name__ == "__main__":
    main()
