"""m007_request_lifecycle on a database made before it: files listed, each clip's vendor status from the latest
check of the requests that name it."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from voicehist.store.schema import m007_request_lifecycle


def test_m007_backfills_vendor_status_and_files() -> None:
    db = Database(sqlite3.connect(":memory:"))
    db.execute("CREATE TABLE clips (id TEXT PRIMARY KEY)")
    db.execute("CREATE TABLE requests (id INTEGER PRIMARY KEY, file TEXT)")
    db.execute("CREATE TABLE request_items (request_id INT, clip_id TEXT, result TEXT, checked_at TEXT)")
    db.execute("INSERT INTO clips VALUES ('a'), ('b'), ('c')")
    db.execute("INSERT INTO requests VALUES (1, '/letters/x.md'), (2, NULL)")
    db.execute(
        "INSERT INTO request_items VALUES (1, 'a', 'still_present', '2026-01-01T00:00:00Z'),"
        " (2, 'a', 'gone', '2026-02-01T00:00:00Z'), (1, 'b', 'unverifiable', '2026-01-01T00:00:00Z'),"
        " (2, 'c', NULL, NULL)"
    )
    m007_request_lifecycle(db)
    status = {r["id"]: (r["vendor_status"], r["vendor_status_request"]) for r in db.query("SELECT * FROM clips")}
    assert status == {"a": ("gone", 2), "b": ("unverifiable", 1), "c": (None, None)}  # the latest check wins
    assert [r["files"] for r in db.query("SELECT files FROM requests ORDER BY id")] == ['["/letters/x.md"]', None]
