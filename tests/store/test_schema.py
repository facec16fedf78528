"""m001 is split into one step per table group (issue 23): together they still make, byte for byte, the schema
that m001 made as one function and that every database since holds (``m001_schema.json``, written by that
function; a shipped migration never changes)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from voicehist.store.schema import migrations

SHIPPED = Path(__file__).with_name("m001_schema.json")


def test_m001_makes_the_schema_it_always_made() -> None:
    db = Database(memory=True)
    migrations.apply(db, stop_before="m002_tui_list_order_index")
    rows = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name != '_sqlite_migrations' ORDER BY rowid"
    ).fetchall()
    assert [list(r) for r in rows] == json.loads(SHIPPED.read_text(encoding="utf-8"))
