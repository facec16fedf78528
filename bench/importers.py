#!/usr/bin/env python3
"""Import throughput on a synthetic Amazon export, against a baseline that only reads and hashes the audio.

Prints figures and ratios side by side; asserts nothing. Run: nice python bench/importers.py [--clips N]
With --hostile: peak RSS of importing big hostile inputs (bombs, nested zips, huge cells) instead.

  baseline   : open the zip, read every member, sha256 it (the least any importer must do)
  import     : voicehist.importers.import_paths into a fresh database (parse, probe/decode, store, write)
  re-import  : the same export again (idempotent: nothing is added)
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import soundfile as sf


def build(path: Path, n: int, seconds: float) -> int:
    rng = np.random.default_rng(0)
    lines = ["Timestamp (UTC),Device,Utterance Type,Customer Transcript,Utterance ID,Audio File"]
    total = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(n):
            data = (rng.standard_normal(int(seconds * 16000)) * 1500).astype("int16")
            buf = io.BytesIO()
            sf.write(buf, data, 16000, format="WAV", subtype="PCM_16")
            name = f"rec_{i:05d}.wav"
            zf.writestr(f"Alexa/Alexa.VoiceHistory/Audio/{name}", buf.getvalue())
            total += len(buf.getvalue())
            lines.append(f"2021-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}Z,Echo,GENERAL,hello {i},U-{i:05d},{name}")
        lines += ["", "File Summary:", f"Number of records,{n}"]
        zf.writestr("Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv", "\n".join(lines))
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clips", type=int, default=300)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--hostile", action="store_true", help="peak RSS of imports of hostile inputs instead")
    args = ap.parse_args()
    if args.hostile:
        hostile()
        return
    with tempfile.TemporaryDirectory() as td:
        os.environ["VOICEHIST_HOME"] = td
        from voicehist.importers import import_paths
        from voicehist.store import open_db

        export = Path(td) / "Alexa.zip"
        audio_bytes = build(export, args.clips, args.seconds)

        t0 = time.perf_counter()
        with zipfile.ZipFile(export) as zf:
            for info in zf.infolist():
                hashlib.sha256(zf.read(info)).hexdigest()
        base = time.perf_counter() - t0

        db = open_db(Path(td) / "bench.db")
        t0 = time.perf_counter()
        report = import_paths(db, [export])
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = import_paths(db, [export])
        second = time.perf_counter() - t0
        db.close()
        assert report.new == args.clips and again.new == 0, (report.to_json(), again.to_json())

    mb = audio_bytes / 1e6
    hours = args.clips * args.seconds / 3600
    print(f"export: {args.clips} clips x {args.seconds:.1f} s WAV, {mb:.1f} MB of audio ({hours:.2f} h)")
    print(f"{'step':<10} {'seconds':>8} {'clips/s':>9} {'MB/s':>7} {'x baseline':>11}")
    for label, t in (("baseline", base), ("import", first), ("re-import", second)):
        print(f"{label:<10} {t:8.2f} {args.clips / t:9.0f} {mb / t:7.1f} {t / base:11.2f}")


def hostile() -> None:
    """Peak RSS and time of `voicehist import` (one fresh process each) for big hostile inputs, with a small
    good export as the baseline. The goal is at most 300 MB for any input."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.fuzz.hostile import INPUTS, peak_rss_import

    print(f"{'input':<36} {'exit':>4} {'peak RSS MB':>11} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as td:
        for label, make in INPUTS.items():
            d = Path(td) / f"in{len(label)}"
            d.mkdir()
            src = make(d)
            code, peak, took = peak_rss_import(src, Path(td) / "home")
            print(f"{label:<36} {code:>4} {peak:11.0f} {took:8.1f}")


if __name__ == "__main__":
    main()
