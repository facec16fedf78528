#!/usr/bin/env python3
"""Import throughput on a synthetic Amazon export, against a baseline that only reads and hashes the audio.

Prints figures and ratios side by side; asserts nothing. Run: nice python bench/importers.py [--clips N]
With --hostile: peak RSS of importing big hostile inputs (bombs, nested zips, huge cells) instead.
With --json N: an N-record Alexa voice-history JSON (no audio), `voicehist import` in a fresh process against a
baseline process that only parses it with the same streaming parser (ijson); seconds (wall and CPU) and peak RSS
of each.

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
    ap.add_argument("--json", type=int, metavar="N", help="time an N-record voice-history JSON import instead")
    args = ap.parse_args()
    if args.hostile:
        hostile()
        return
    if args.json:
        json_history(args.json)
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


def build_history(path: Path, n: int) -> None:
    """An Alexa voice-history JSON of ``n`` records shaped like the page's (two items each, some with a
    response, a few placeholders), written as a stream."""
    import json

    rng = np.random.default_rng(1)
    words = "what's the weather play some jazz set a timer for ten minutes turn off the kitchen lights".split()
    kinds = ["GENERAL"] * 8 + ["WAKE_WORD_ONLY", "ASR_TIMEOUT"]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"customerHistoryRecords": [')
        for i in range(n):
            ts = 1583065805000 + i * 61_000
            uid = f"A3S5BH2HU6VAYF:1.0/2020/03/02/07/G090XYZ/10:00::TNIH_2V.{i:08x}-0000-4000-8000-000000000002LPM"
            text = " ".join(rng.choice(words, size=int(rng.integers(2, 9))))
            if i % 17 == 0:
                text = "Audio was not intended for this device"
            rec = {
                "recordKey": f"A1CUST#{ts}#A3S5BH2HU6VAYF#G090XYZ",
                "recordType": "VOICE_HISTORY",
                "timestamp": ts,
                "device": {"deviceName": ["Kitchen Echo", "Bedroom Dot", "Office Show"][i % 3]},
                "utteranceType": kinds[i % len(kinds)],
                "domain": "Weather",
                "intent": "GetWeatherForecastIntent",
                "voiceHistoryRecordItems": [
                    {
                        "recordItemType": "CUSTOMER_TRANSCRIPT",
                        "transcriptText": text,
                        "utteranceId": uid,
                        "timestamp": ts,
                        "personsInfo": [],
                    },  # fmt: skip
                    {
                        "recordItemType": "ALEXA_RESPONSE",
                        "transcriptText": "Okay.",
                        "utteranceId": uid,
                        "timestamp": ts,
                        "personsInfo": [],
                    },  # fmt: skip
                ],
            }
            fh.write(("," if i else "") + json.dumps(rec))
        fh.write("]}")


PARSE_ONLY = """
import sys, ijson
with open(sys.argv[1], "rb") as fh:
    n = sum(1 for _ in ijson.items(fh, "customerHistoryRecords.item", use_float=True))
assert n > 0
with open("/proc/self/status") as fh:  # the process's own peak (VmHWM), as tests.fuzz.hostile reads it
    print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024)
"""


def _child_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children: steadier than wall time on a shared
    machine, where wall time also counts the waits for a core."""
    import resource

    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def json_history(n: int) -> None:
    """Seconds (wall and CPU) and peak RSS of a fresh `voicehist import` of an ``n``-record voice-history JSON
    (the same probe as ``--hostile``), a second import of it into the same database, and a parse-only baseline
    process."""
    import subprocess
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.fuzz.hostile import peak_rss_import

    with tempfile.TemporaryDirectory() as td:
        src = Path(td) / "voice_history.json"
        build_history(src, n)
        cpu, t0 = _child_cpu(), time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PARSE_ONLY, str(src)], check=True, capture_output=True, text=True)
        base, base_cpu, base_rss = time.perf_counter() - t0, _child_cpu() - cpu, float(out.stdout)
        cpu = _child_cpu()
        code, rss, first = peak_rss_import(src, Path(td) / "home")
        first_cpu, cpu = _child_cpu() - cpu, _child_cpu()
        assert code in (0, 1), f"import exited {code}"
        _, _, again = peak_rss_import(src, Path(td) / "home")  # the same database: nothing is added
        again_cpu = _child_cpu() - cpu
        mb = src.stat().st_size / 1e6
    print(f"voice-history JSON: {n:,} records, {mb:.0f} MB; load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':<22} {'seconds':>8} {'CPU s':>7} {'records/s':>10} {'x baseline':>11} {'peak RSS MB':>12}")
    print(f"{'baseline (parse only)':<22} {base:8.2f} {base_cpu:7.2f} {n / base:10.0f} {1:11.2f} {base_rss:12.0f}")
    print(f"{'import':<22} {first:8.2f} {first_cpu:7.2f} {n / first:10.0f} {first / base:11.2f} {rss:12.0f}")
    print(f"{'re-import':<22} {again:8.2f} {again_cpu:7.2f} {n / again:10.0f} {again / base:11.2f}")


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
