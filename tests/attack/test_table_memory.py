"""Issue 20, finding 4: a voice-history table is streamed, never held. Reading (planning) a table of ten times
more rows takes no more memory: the peak of what Python allocates while every row becomes a clip draft is flat
in the number of rows (bench/big_table.py measures the whole import: 1.7 million rows)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from tests.importers.helpers import make_zip
from voicehist.importers import alexa_archive
from voicehist.importers.alexa_archive import AlexaArchiveImporter
from voicehist.importers.archive import Archive


def table_zip(path: Path, rows: int, repeat_every: int = 0) -> Path:
    lines = ["Timestamp,Device,Transcript,Utterance ID"]
    for i in range(rows):
        uid = f"u{i // repeat_every:07d}" if repeat_every and i % repeat_every in (0, 5) else f"v{i:07d}"
        lines.append(f"2020-09-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z,Echo,hello {i},{uid}")
    return make_zip(path, {"Alexa/voice.csv": "\n".join(lines) + "\n"})


def peak_planning(path: Path) -> tuple[int, int]:
    """(drafts made, peak bytes allocated while making them)."""
    with Archive.open([path]) as archive:
        tracemalloc.start()
        try:
            plan = AlexaArchiveImporter().plan(archive)
            assert plan.stream is not None
            n = sum(1 for _ in plan.stream)
            return n, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_memory_is_flat_in_rows(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(alexa_archive, "STREAM_ABOVE_ROWS", 0)  # stream every table (bigger ones always are)
    n_small, small = peak_planning(table_zip(tmp_path / "small.zip", 5_000))
    n_big, big = peak_planning(table_zip(tmp_path / "big.zip", 50_000))
    assert (n_small, n_big) == (5_000, 50_000)
    # held rows would cost about a kilobyte each (50 MB here); the ids' 8-byte hashes are what grows
    assert big < small + 2 * 1024 * 1024, (small, big)


def test_repeated_ids_still_merge(tmp_path: Path, monkeypatch) -> None:
    """Rows sharing an utterance id (one per item) are one clip, wherever they stand in the table."""
    monkeypatch.setattr(alexa_archive, "STREAM_ABOVE_ROWS", 0)
    n, _ = peak_planning(table_zip(tmp_path / "rep.zip", 1_000, repeat_every=10))
    assert n == 900  # in every 10 rows, two (not next to each other) share an id
