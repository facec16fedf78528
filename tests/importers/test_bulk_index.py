"""A big batch of new clips is indexed for search in one statement (the insert trigger is set aside for the
batch, inside its transaction): every clip is still found, the trigger is back afterwards, and a batch that
fails leaves neither clips nor index entries behind."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from voicehist.importers import import_paths
from voicehist.store.queries import ClipFilter, list_clips
from voicehist.store.writes import BULK_FTS_ROWS, upsert_source, write_clips


def history(path: Path, n: int) -> Path:
    records = [
        {
            "recordKey": f"A1#{1_600_000_000_000 + i * 1000}#DT#SER",
            "timestamp": 1_600_000_000_000 + i * 1000,
            "device": {"deviceName": "Kitchen Echo"},
            "utteranceType": "GENERAL",
            "voiceHistoryRecordItems": [
                {"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": f"play word{i} please", "timestamp": 0}
            ],
        }
        for i in range(n)
    ]
    path.write_text(json.dumps({"customerHistoryRecords": records}), encoding="utf-8")
    return path


def trigger_sql(db: Database) -> str | None:
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'clips_ai'").fetchone()
    return row[0] if row else None


def test_bulk_batch_is_searchable_and_keeps_the_trigger(db: Database, tmp_path: Path) -> None:
    before = trigger_sql(db)
    assert before is not None
    n = BULK_FTS_ROWS * 3
    report = import_paths(db, [history(tmp_path / "h.json", n)])
    assert report.new == n
    for i in (0, n // 2, n - 1):
        found = list_clips(db, ClipFilter(query=f"word{i}"))
        assert [r.vendor_transcript for r in found] == [f"play word{i} please"]
    assert db.execute("SELECT count(*) FROM clips_fts WHERE clips_fts MATCH 'please'").fetchone()[0] == n
    assert trigger_sql(db) == before
    # the trigger still indexes clips written one by one afterwards
    db.table("clips").insert({"id": "later", "vendor": "alexa", "vendor_transcript": "zebrafish"})
    assert [r.id for r in list_clips(db, ClipFilter(query="zebrafish"))] == ["later"]
    db.execute("INSERT INTO clips_fts (clips_fts) VALUES ('integrity-check')")  # raises if the index is off


def test_failed_bulk_batch_leaves_nothing(db: Database) -> None:
    source, _ = upsert_source(db, fingerprint="f", path="p", name="n", vendor="alexa", importer="test")
    rows: list[dict[str, Any]] = [
        {"id": f"c{i}", "vendor": "alexa", "vendor_transcript": f"quokka {i}"} for i in range(BULK_FTS_ROWS)
    ]
    rows.append({"id": "last", "vendor": None})  # clips.vendor is NOT NULL: the batch fails after 100 rows
    with pytest.raises(sqlite3.IntegrityError, match="vendor"):
        write_clips(db, source, rows)
    assert db.execute("SELECT count(*) FROM clips").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM clips_fts WHERE clips_fts MATCH 'quokka'").fetchone()[0] == 0
    assert trigger_sql(db) is not None
