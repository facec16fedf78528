#!/usr/bin/env python3
"""Accidental-activation detection on a labelled export: precision, recall, F1, confusion, every error.

    python bench/detect.py EXPORT --labels LABELS.json     # any labelled export (kept-aside data)
    python bench/detect.py --corpus                        # the labelled speech corpus in tests/fixtures/speech
    python bench/detect.py --corpus-dir DIR [--no-split-ids]   # another labelled clip folder (e.g. a held-out set)

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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fixture_exports import write_export  # noqa: E402  (the labelled-export writers live with the tests)
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
    ap.add_argument("--broken", type=int, default=2, help="with --corpus: add this many clips with damaged audio")
    ap.add_argument(
        "--no-split-ids",
        action="store_true",
        help="with --corpus: drop the /0 /1 utteranceId suffixes (split pairs must then be found as neighbours)",
    )
    ap.add_argument("--engine", default=None)
    ap.add_argument("--model", default=None)
    ap.add_argument("--db", help="keep the database here (default: a temporary one)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        if args.corpus or args.corpus_dir:
            export = tmp / "corpus_export"
            labels_path = write_export(
                args.corpus_dir or CORPUS, export, broken=args.broken, split_ids=not args.no_split_ids
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
        summary = flag_auto(db)
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
            print(f"- {e['id']}  truth={e['truth']} predicted={e['predicted']} score={e['score']}")
            print(f"    vendor: {e['vendor_transcript']!r}")
            print(f"    heard:  {e['transcript']!r}")
            for reason in e["reasons"]:
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
