#!/usr/bin/env python3
"""Peak memory and time of importing one huge voice-history table (issue 20: an 8.9 MB zip holding a 78 MB
CSV of 1.7 million rows reached 1.58 GB RSS when every row was held). Prints figures; asserts nothing.

Run: nice python bench/big_table.py [--rows 1700000] [--rows 200000 ...]
Each size is imported by a fresh `voicehist import` process (peak = its own VmHWM), into a fresh database,
beside a baseline that only reads the table through the csv module (the least any importer must do).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

HEADER = "Timestamp,Device,Transcript,Utterance ID\n"  # rows of about 46 bytes, as in the table


def build(path: Path, rows: int) -> tuple[int, int]:
    """A zip holding one table of ``rows`` rows (no audio); returns (zip bytes, table bytes)."""
    buf = io.StringIO()
    buf.write(HEADER)
    for i in range(rows):
        buf.write(f"2020-09-{1 + i // 86400 % 28:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z,Echo,"
                  f"hello {i},u{i:07d}\n")  # fmt: skip
    text = buf.getvalue().encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv", text)
    return path.stat().st_size, len(text)


def baseline(path: Path) -> float:
    t0 = time.monotonic()
    with zipfile.ZipFile(path) as zf, zf.open(zf.namelist()[0]) as raw:
        for _ in csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline="")):
            pass
    return time.monotonic() - t0


def main() -> None:
    from tests.fuzz.hostile import peak_rss_import

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, action="append")
    sizes = ap.parse_args().rows or [1_700_000]
    print(f"{'rows':>10} {'zip MB':>7} {'csv MB':>7} {'exit':>4} {'peak RSS MB':>11} {'import s':>9} "
          f"{'csv-read s':>10} {'ratio':>6}")  # fmt: skip
    for rows in sizes:
        with tempfile.TemporaryDirectory() as td:
            z = Path(td) / f"table{rows}.zip"
            zbytes, tbytes = build(z, rows)
            base = baseline(z)
            code, peak, took = peak_rss_import(z, Path(td) / "home")
            print(f"{rows:>10} {zbytes / 1e6:>7.1f} {tbytes / 1e6:>7.1f} {code:>4} {peak:>11.0f} {took:>9.1f} "
                  f"{base:>10.1f} {took / base:>6.1f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
