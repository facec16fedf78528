#!/usr/bin/env python3
"""Accidental-activation detection on a labelled export: precision, recall, F1, confusion, every error.

    python bench/detect.py EXPORT --labels LABELS.json     # any labelled export (kept-aside data)
    python bench/detect.py --corpus                        # the labelled speech corpus in tests/fixtures/speech
    python bench/detect.py --corpus-dir DIR [--no-split-ids]   # another labelled clip folder (e.g. a held-out set)
    python bench/detect.py --real [--every N]              # composite exports built only from real voices
    python bench/detect.py --real --background-db 15       # ... with another real voice reading under each clip
    python bench/detect.py --wake-audio [--every N]        # the acoustic wake-word evidence alone, real voices
    python bench/detect.py --wake-audio --wake-dir DIR --odd   # ... on your copy of wake-word-benchmark's audio/
    python bench/detect.py --wake-audio --background-db 15     # ... each clip under a real reading 15 dB below it
    python bench/detect.py ... --wake-model base               # ... the audio asked by Whisper base ([base] extra)

Runs the real pipeline in a temporary store: import_paths -> transcribe_pending (bundled tiny.en unless
--engine/--model say otherwise) -> flag_auto, then compares with the labels. The baseline printed beside it is
what a user has without voicehist: only the clips the vendor itself marked.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fixture_exports import (  # noqa: E402  (the labelled-export writers live with the tests)
    REAL_VOICES,
    mix_under,
    voice_level,
    write_export,
    write_real_corpus,
)
from voicehist.config import load_config  # noqa: E402
from voicehist.detect import flag_auto  # noqa: E402
from voicehist.detect.evaluate import (  # noqa: E402
    EvalReport,
    evaluate,
    load_labels,
    vendor_only_labels,
)
from voicehist.store import open_db  # noqa: E402

CORPUS = REPO / "tests" / "fixtures" / "speech"


def _row(name: str, r: EvalReport) -> str:
    return (
        f"{name:<22} {r.precision:>9.3f} {r.recall:>7.3f} {r.f1:>6.3f}   "
        f"tp={r.tp:<3} fp={r.fp:<3} fn={r.fn:<3} tn={r.tn:<3}"
    )


# The real-voice clips the acoustic thresholds were chosen on (tests/fixtures/real_voices/README.md).
TUNED_ALEXA_MAX = 118
TUNED_OTHERS = 15


def _tuned(entry: dict[str, object]) -> bool:
    folder, name = str(entry["file"]).split("/", 1)
    if folder == "alexa":
        return int(name.split(".")[0]) <= TUNED_ALEXA_MAX
    if folder in ("jarvis", "smart_mirror", "snowboy"):
        return int(name.rsplit("_", 1)[1].split(".")[0]) < 2 * TUNED_OTHERS
    return False


def _wake_dir_entries(root: Path, odd: bool) -> list[dict[str, object]]:
    """Clips of a wake-word-benchmark ``audio/`` folder: numbered "alexa" files of the chosen parity, and the
    other keywords' files at the same parity of their place in name order."""
    out: list[dict[str, object]] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(f for f in folder.iterdir() if f.suffix.lower() in (".flac", ".wav"))
        if folder.name == "alexa":
            files = [f for f in files if f.stem.isdigit() and int(f.stem) % 2 == (1 if odd else 0)]
        else:
            files = files[(1 if odd else 0) :: 2]
        key = folder.name.replace(" ", "_")
        wake = "alexa" if key == "alexa" else ("computer" if key == "computer" else None)
        out += [{"file": f"{key}/{f.name}", "path": str(f), "wake": wake} for f in files]
    return out


def wake_audio_bench(args: argparse.Namespace) -> int:
    """'Spoken' rates of the acoustic wake-word evidence on real voices, per group, and its per-clip cost."""
    from voicehist.audio.decode import AudioDecodeError, decode
    from voicehist.config import load_config
    from voicehist.detect.acoustic import SPOKEN_MIN, WakeAudio, shared_scorer, sound_alikes

    if args.wake_dir:
        entries = _wake_dir_entries(Path(args.wake_dir), args.odd)
        for e in entries:
            e["set"] = "odd (held out)" if args.odd else "even"
    else:
        entries = [dict(e) for e in json.loads((REAL_VOICES / "manifest.json").read_text(encoding="utf-8"))]
        for e in entries:
            e["path"] = str(REAL_VOICES / str(e["file"]))
            e["set"] = "tuned on" if _tuned(e) else "untouched"
        # read speech of 40 more speakers (LibriSpeech cuts the voices bench keeps): no wake word in any
        libri = sorted((REPO / "bench" / "data" / "voices").rglob("*.flac"))
        entries += [{"file": f"librispeech/{f.name}", "path": str(f), "wake": None, "set": "untouched"} for f in libri]
    entries = entries[:: args.every]
    backgrounds = []
    if args.background_db is not None:  # a real person reading (LJ Speech) under every clip, from its first instant
        man = json.loads((REAL_VOICES / "manifest.json").read_text(encoding="utf-8"))
        backgrounds = [
            decode(str(REAL_VOICES / m["file"]), 16000).samples for m in man if m["file"].startswith("ljspeech/")
        ]
    cfg = load_config().detect
    words = cfg.wake_words_for("alexa")
    alikes = sound_alikes(words, cfg.near_misses_for("alexa"))
    t0 = time.perf_counter()
    scorer = shared_scorer(args.wake_model)
    t_load = time.perf_counter() - t0
    groups: dict[tuple[str, str], list[int]] = {}
    top_unsaid = 0.0  # the highest P(wake word) of a clip without one (its answer)
    top_window = 0.0  # ... and of any window scored in such a clip (the start, the loudest onset, the scan)
    costs: list[float] = []
    unreadable = 0
    misses: list[str] = []
    for e in entries:
        try:
            samples = decode(str(e["path"]), 16000).samples
        except AudioDecodeError:
            unreadable += 1
            continue
        if backgrounds:
            bg = backgrounds[len(costs) % len(backgrounds)]
            samples = mix_under(
                samples, bg, voice_level(samples), args.background_db, skip=str(e["file"]).startswith("ljspeech/")
            )
        t = time.perf_counter()
        trace: list[tuple[float, WakeAudio]] = []
        wa = scorer.score(samples, words, alikes, trace=trace)
        costs.append(time.perf_counter() - t)
        assert wa is not None
        folder = str(e["file"]).split("/")[0]
        kind = "wake word said" if e.get("wake") else "no wake word"
        g = groups.setdefault((f"{kind}: {folder}", str(e["set"])), [0, 0, 0])
        g[0] += int(wa.spoken)
        g[1] += 1
        g[2] += int(wa.unsure)
        if not e.get("wake"):
            top_unsaid = max(top_unsaid, wa.p_wake)
            top_window = max([top_window, *(w.p_wake for _, w in trace)])
        if bool(wa.spoken) != bool(e.get("wake")):
            misses.append(f"{e['file']}: {wa.reason()}")
    model = f"model {args.wake_model}" if args.wake_model else "bundled model"
    print(f"acoustic wake-word evidence, {model}, wake words {words}, {len(alikes)} sound-alikes")
    if backgrounds:
        print(f"every clip under a real voice reading {args.background_db:g} dB below it, from its first instant")
    print(f"model load {t_load:.1f} s; {len(costs)} clips scored, {unreadable} unreadable")
    if costs:
        costs.sort()
        print(
            f"per-clip cost: median {costs[len(costs) // 2]:.2f} s, p90 {costs[int(len(costs) * 0.9)]:.2f} s,"
            f" total {sum(costs):.0f} s (1 thread)"
        )
    print()
    print(f"{'group':<34} {'set':<16} {'spoken':>7} {'of':>4} {'rate':>7} {'unsure':>7}")
    for (group, part), (yes, n, unsure) in sorted(groups.items()):
        print(f"{group:<34} {part:<16} {yes:>7} {n:>4} {yes / n:>7.1%} {unsure:>7}")
    for kind in ("wake word said", "no wake word"):
        yes = sum(v[0] for (g, _), v in groups.items() if g.startswith(kind))
        n = sum(v[1] for (g, _), v in groups.items() if g.startswith(kind))
        unsure = sum(v[2] for (g, _), v in groups.items() if g.startswith(kind))
        if n:
            print(f"{'all: ' + kind:<34} {'':<16} {yes:>7} {n:>4} {yes / n:>7.1%} {unsure:>7}")
    print(
        f"highest P(wake word) of a clip without one: {top_unsaid:.4f}; in any window scored in such a clip:"
        f" {top_window:.4f} (spoken: {SPOKEN_MIN})"
    )
    print()
    print(f"wrong ({len(misses)}):" if misses else "wrong: none")
    for m in misses:
        print(f"- {m}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export", nargs="?", help="export folder/zip(s) to import")
    ap.add_argument("--labels", help="labels JSON (see voicehist.detect.evaluate)")
    ap.add_argument("--corpus", action="store_true", help="build an Alexa export from tests/fixtures/speech")
    ap.add_argument(
        "--corpus-dir",
        type=Path,
        default=None,
        help="like --corpus, for another labelled clip folder "
        "(a manifest.json like tests/fixtures/speech's, e.g. a held-out set from make_speech_corpus.py)",
    )
    ap.add_argument("--real", action="store_true", help="composite exports built from tests/fixtures/real_voices")
    ap.add_argument("--every", type=int, default=1, help="with --real/--wake-audio: every n-th clip (a quicker run)")
    ap.add_argument(
        "--background-db",
        type=float,
        default=None,
        help="with --real/--wake-audio: mix every clip with a real voice reading, this many dB below it (a TV in the"
        " room)",
    )
    ap.add_argument("--wake-audio", action="store_true", help="measure the acoustic wake-word evidence alone")
    ap.add_argument(
        "--no-wake-audio", action="store_true", help="detect without the acoustic evidence (for a side-by-side run)"
    )
    ap.add_argument("--wake-dir", help="with --wake-audio: a wake-word-benchmark audio/ folder of your own")
    ap.add_argument("--odd", action="store_true", help="with --wake-dir: the odd-numbered (held-out) files")
    ap.add_argument(
        "--no-responses",
        action="store_true",
        help="with --corpus: no vendor response on any clip (else intended clips answer 'OK.', a hint the"
        " vendor acted)",
    )
    ap.add_argument("--broken", type=int, default=2, help="with --corpus: add this many clips with damaged audio")
    ap.add_argument(
        "--no-split-ids",
        action="store_true",
        help="with --corpus: drop the /0 /1 utteranceId suffixes (split pairs must then be found as neighbours)",
    )
    ap.add_argument(
        "--wake-model",
        metavar="MODEL",
        help="ask the audio with this model: a name (voicehist models: base) or a CTranslate2 folder",
    )
    ap.add_argument("--engine", default=None)
    ap.add_argument("--model", default=None)
    ap.add_argument("--db", help="keep the database here (default: a temporary one)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args()
    if args.wake_audio:
        return wake_audio_bench(args)

    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        if args.real:
            args.corpus_dir = write_real_corpus(tmp / "real_corpus", every=args.every, background_db=args.background_db)
            args.broken = 0
        if args.corpus or args.corpus_dir:
            export = tmp / "corpus_export"
            labels_path = write_export(
                args.corpus_dir or CORPUS,
                export,
                broken=args.broken,
                split_ids=not args.no_split_ids,
                responses=not args.no_responses,
            )
        elif args.export and args.labels:
            export, labels_path = Path(args.export), Path(args.labels)
        else:
            ap.error("give EXPORT --labels LABELS, or --corpus")
        labels = load_labels(labels_path)
        db = open_db(Path(args.db) if args.db else tmp / "bench.db")

        from voicehist.importers import import_paths
        from voicehist.transcribe.runner import transcribe_pending

        t = time.perf_counter()
        imp = import_paths(db, [export])
        t_import = time.perf_counter() - t
        t = time.perf_counter()
        tx = transcribe_pending(db, engine=args.engine, model=args.model)
        t_tx = time.perf_counter() - t
        t = time.perf_counter()
        cfg = load_config().detect
        if args.wake_model:
            cfg = replace(cfg, wake_model=args.wake_model)
        if args.no_wake_audio:
            cfg = replace(cfg, wake_audio=False)
        summary = flag_auto(db, config=cfg)
        t_flag = time.perf_counter() - t

        ours = evaluate(db, labels)
        base = evaluate(db, labels, predicted=vendor_only_labels(db))
        if args.json:
            print(json.dumps({"detector": ours.to_json(), "vendor_only": base.to_json()}, indent=1))
            return 0
        print(f"export: {export}")
        print(f"imported {imp.new} clips ({len(imp.problems)} problems) in {t_import:.1f} s")
        print(
            f"transcribed {tx.done} ({tx.failed} failed, {tx.no_audio} without audio) with {tx.engine}/{tx.model}"
            f" in {t_tx:.1f} s"
        )
        print(
            f"scored {summary.scored} clips in {t_flag:.2f} s ({1000 * t_flag / max(summary.scored, 1):.1f} ms/clip):"
            f" {summary.accidental} accidental, {summary.intended} intended, {summary.unknown} unknown"
        )
        print(
            f"the audio asked about the wake word for {summary.wake_audio_scored} clips in"
            f" {summary.wake_audio_seconds:.1f} s ({summary.wake_audio_seconds / max(summary.wake_audio_scored, 1):.2f}"
            f" s/clip){'; ' + summary.wake_audio_unavailable if summary.wake_audio_unavailable else ''}"
        )
        print()
        print(f"{'':<22} {'precision':>9} {'recall':>7} {'F1':>6}")
        print(_row("voicehist detector", ours))
        print(_row("vendor markers only", base))
        if base.f1:
            print(
                f"{'ratio (ours / base)':<22} {ours.precision / max(base.precision, 1e-9):>9.2f}"
                f" {ours.recall / max(base.recall, 1e-9):>7.2f} {ours.f1 / base.f1:>6.2f}"
            )
        print()
        print(
            f"/0 wake-word-only halves flagged: {ours.wake_only_flagged}   "
            f"broken-audio clips flagged without a vendor marker: {ours.broken_flagged}   "
            f"unlabelled clips: {ours.unlabelled_clips}   labels matching no clip: {ours.unmatched_labels}"
        )
        print()
        preds = sorted({p for c in ours.confusion.values() for p in c})
        print("confusion (rows: truth, columns: detector)")
        print(f"{'':<14}" + "".join(f"{p:>12}" for p in preds))
        for truth in sorted(ours.confusion):
            print(f"{truth:<14}" + "".join(f"{ours.confusion[truth].get(p, 0):>12}" for p in preds))
        print()
        print(f"errors ({len(ours.errors)}):" if ours.errors else "errors: none")
        for e in ours.errors:
            print(f"- {e.id}  truth={e.truth} predicted={e.predicted} score={e.score}")
            print(f"    vendor: {e.vendor_transcript!r}")
            print(f"    heard:  {e.transcript!r}")
            for reason in e.reasons:
                print(f"    * {reason}")
        db.close()
    return 0


if __name__ == "__main__":
    from voicehist.errors import VoicehistError

    try:
        sys.exit(main())
    except VoicehistError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
