"""Exporting clips a filter chose: CSV (created 0600: it holds transcripts)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from sqlite_utils import Database

from voicehist.store.queries import ClipFilter, clip_json, iter_clips

CSV_FIELDS = (
    "id",
    "vendor",
    "recorded_at",
    "device",
    "vendor_id",
    "audio_name",
    "vendor_transcript",
    "transcript",
    "duration",
    "has_audio",
    "flagged",
    "decision",
    "score",
    "reasons",
)


def export_csv(db: Database, f: ClipFilter, path: str | os.PathLike[str]) -> int:
    """Write the clips matching ``f`` to a CSV file (created 0600: it holds transcripts); returns the count."""
    target = Path(path)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    n = 0
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CSV_FIELDS))
        writer.writeheader()
        for row in iter_clips(db, f):
            doc = clip_json(row)
            out = {k: doc.get(k) for k in CSV_FIELDS}
            out["reasons"] = "; ".join(doc["reasons"])
            writer.writerow(out)
            n += 1
    return n
