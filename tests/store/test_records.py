"""The typed records at the store boundary and the one field list every face names a clip's facts by."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, fields
from pathlib import Path
from typing import Any

import pytest

from voicehist.store import open_db
from voicehist.store.export import CSV_FIELDS
from voicehist.store.queries import ClipFilter, get_clip, list_clips, page, rows_by_ids
from voicehist.store.records import CLIP_FIELDS, DETAIL_FIELDS, JSON_FIELDS, Clip, ClipRow, Field, clip_json

# the clip's JSON, in order, as the command-line contract (docs/ARCHITECTURE.md) and every script reads it
CONTRACT = (
    "id number vendor recorded_at recorded_raw device vendor_transcript vendor_response vendor_kind vendor_id"
    " transcript transcript_status duration has_audio audio_name audio_problem flagged decision auto_label score"
    " reasons selected forgotten voice voice_id voice_confidence vendor_status"
).split()


@pytest.fixture
def db(tmp_path: Path):
    d = open_db(tmp_path / "r.db")
    d.table("clips").insert_all(
        [
            {"id": "a", "vendor": "alexa", "recorded_at": "2024-01-02T10:00:00Z", "device": "Kitchen", "number": 1,
             "vendor_transcript": "Audio was not intended for this device", "selected": 0, "duration": 1.5},
            {"id": "b", "vendor": "google", "recorded_at": "2024-01-01T10:00:00Z", "number": 2, "selected": 1},
        ]
    )  # fmt: skip
    d.table("flags").insert(
        {"clip_id": "a", "score": 0.9, "label": "accidental", "reasons": json.dumps(["vendor mark"])}
    )
    yield d
    d.close()


def test_one_label_per_field_and_the_json_in_contract_order() -> None:
    every: list[Field[Any]] = [*CLIP_FIELDS, *DETAIL_FIELDS]
    names, labels = [f.name for f in every], [f.label for f in every]
    assert len(set(names)) == len(names) and len(set(labels)) == len(labels)
    assert [f.name for f in JSON_FIELDS] == CONTRACT
    # the CSV's columns are fields of the same list (vendor_status_checked: the date inside vendor_status)
    assert set(CSV_FIELDS) - {"vendor_status_checked"} <= set(CONTRACT)


def test_records_cover_every_column_of_clip_view(db) -> None:
    view = {c.name for c in db["clip_view"].columns}
    assert view | {"vendor_not_intended"} == {f.name for f in fields(Clip)}
    assert {f.name for f in fields(ClipRow)} < view | {"vendor_not_intended"}


def test_the_store_returns_frozen_records_that_read_like_the_json(db) -> None:
    rows = list_clips(db)
    assert [type(r) for r in rows] == [Clip, Clip] and [r.id for r in rows] == ["a", "b"]
    with pytest.raises(FrozenInstanceError):
        rows[0].device = "elsewhere"  # type: ignore[misc]
    doc = clip_json(rows[0])
    assert doc["flagged"] is True and doc["reasons"] == ["vendor mark"] and doc["has_audio"] is False
    assert list(doc) == CONTRACT and rows[0].vendor_not_intended == 1 and rows[1].selected == 1
    listed = page(db, ClipFilter(), 0, 10)
    assert [type(r) for r in listed] == [ClipRow, ClipRow]
    assert [r.id for r in rows_by_ids(db, ["b", "a", "gone"])] == ["b", "a"]
    detail = get_clip(db, "a")
    assert detail is not None and detail.words == () and detail.transcript_info is None
    assert {f.name: f.text(detail) for f in CLIP_FIELDS}["flagged"] == "suspected (detector)"
