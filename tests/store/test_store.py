"""The store on a real SQLite file: schema, WAL, permissions, FTS triggers, filters, paging, decisions."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from voicehist.store import open_db
from voicehist.store.queries import (
    ClipFilter,
    clip_ids,
    count_clips,
    distinct_values,
    fts_match,
    get_clip,
    invert_selection,
    iter_clips,
    list_clips,
    list_clips_after,
    set_decision,
    set_selected,
    stats,
)
from voicehist.store.records import clip_json


def _clip(i: int, **kw):
    row = {
        "id": f"c{i:03d}",
        "vendor": "alexa",
        "recorded_at": f"2024-01-{1 + i % 28:02d}T10:{i % 60:02d}:00Z",
        "device": "Kitchen Echo" if i % 2 else "Bedroom Dot",
        "vendor_transcript": f"play song number {i}",
        "audio_path": f"ab/{i}.wav",
        "transcript_status": "pending",
        "selected": 0,
    }
    row.update(kw)
    return row


@pytest.fixture
def filled(db):
    db["clips"].insert_all([_clip(i) for i in range(40)])
    db["clips"].insert(_clip(99, recorded_at=None, vendor="google", device=None, vendor_transcript="no time"))
    return db


def test_new_database_is_private_and_in_wal_mode(db, db_path: Path):
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    assert {"clips", "sources", "clip_sources", "transcripts", "words", "flags", "clips_fts"} <= set(db.table_names())
    assert "clip_view" in db.view_names()


def test_reopening_applies_no_migration_twice(db_path: Path):
    open_db(db_path).close()
    db = open_db(db_path)
    names = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations")]
    assert names == sorted(set(names)) and "m001_initial" in names


def test_fts_follows_updates_of_the_local_transcript(filled):
    assert count_clips(filled, ClipFilter(query="lights")) == 0
    filled["clips"].update("c005", {"transcript": "Alexa turn on the kitchen lights"})
    assert clip_ids(filled, ClipFilter(query="kitchen light")) == ["c005"]  # last word matches as a prefix
    filled["clips"].update("c005", {"transcript": "something else"})
    assert count_clips(filled, ClipFilter(query="kitchen")) == 0


@pytest.mark.parametrize("typed", ['"', "AND OR NOT", "*", "(", "song NEAR(", "c'est", "  "])
def test_user_input_never_raises_fts_syntax_errors(filled, typed):
    count_clips(filled, ClipFilter(query=typed))


def test_fts_match_quotes_every_word():
    assert fts_match('play "x" AND y') == '"play" "x" "AND" "y"*'
    assert fts_match("...") is None


def test_filters_combine(filled):
    f = ClipFilter(device="Kitchen Echo", since="2024-01-05", until="2024-01-10")
    rows = list_clips(filled, f)
    assert rows and all(r.device == "Kitchen Echo" for r in rows)
    assert all("2024-01-05" <= (r.recorded_at or "")[:10] <= "2024-01-10" for r in rows)
    assert count_clips(filled, ClipFilter(vendor="google")) == 1
    assert distinct_values(filled, "device") == ["Bedroom Dot", "Kitchen Echo"]


def test_keyset_paging_walks_the_same_order_as_offset_paging(filled):
    everything = [r.id for r in list_clips(filled)]
    assert everything[-1] == "c099"  # no time sorts last
    walked, after = [], None
    while True:
        page = list_clips_after(filled, None, after, 7)
        walked += [r.id for r in page]
        if len(page) < 7:
            break
        after = (page[-1].recorded_at or "", page[-1].id)
    assert walked == everything
    assert [r.id for r in iter_clips(filled, batch=6)] == everything


def test_user_decision_wins_over_the_automatic_label(filled):
    filled["flags"].insert_all(
        [
            {"clip_id": "c001", "score": 0.9, "label": "accidental", "reasons": json.dumps(["no wake word"])},
            {"clip_id": "c002", "score": 0.1, "label": "intended", "reasons": "[]"},
        ]
    )
    assert clip_ids(filled, ClipFilter(flagged="flagged")) == ["c001"]
    assert clip_ids(filled, ClipFilter(flagged="suspected")) == ["c001"]
    set_decision(filled, ["c001"], "not_accidental")
    set_decision(filled, ["c002", "c003", "nope"], "accidental")
    assert sorted(clip_ids(filled, ClipFilter(flagged="flagged"))) == ["c002", "c003"]
    assert clip_ids(filled, ClipFilter(flagged="suspected")) == []

    def json_of(cid: str) -> dict[str, object]:
        clip = get_clip(filled, cid)
        assert clip is not None
        return clip_json(clip)

    one = json_of("c001")
    assert one["flagged"] is False and one["score"] == 0.9 and one["reasons"] == ["no wake word"]
    set_decision(filled, ["c001"], None)  # unset: the automatic label speaks again
    assert json_of("c001")["flagged"] is True
    assert json_of("c010")["flagged"] is None
    with pytest.raises(ValueError):
        set_decision(filled, ["c001"], "maybe")  # type: ignore[arg-type]


def test_selection_toggles_inverts_and_counts(filled):
    assert set_selected(filled, ClipFilter(device="Bedroom Dot"), True) == 20
    assert stats(filled)["selected"] == 20
    assert set_selected(filled, ClipFilter(device="Bedroom Dot"), True) == 0  # already selected
    invert_selection(filled, ClipFilter(vendor="alexa"))
    assert stats(filled)["selected"] == 20
    assert all(r.device == "Kitchen Echo" for r in list_clips(filled, ClipFilter(selected=True)))
    set_selected(filled, ClipFilter(), False)
    assert stats(filled)["selected"] == 0


def test_get_clip_brings_words_and_sources(filled):
    sid = filled["sources"].insert({"fingerprint": "x", "path": "/e.zip", "name": "e.zip", "vendor": "alexa"}).last_pk
    filled["clip_sources"].insert({"clip_id": "c004", "source_id": sid, "audio_name": "a.wav"})
    tid = filled["transcripts"].insert({"clip_id": "c004", "engine": "faster-whisper", "text": "hi there"}).last_pk
    filled["words"].insert_all(
        [
            {"transcript_id": tid, "idx": 1, "word": "there", "start": 0.5, "end": 0.9, "probability": 0.8},
            {"transcript_id": tid, "idx": 0, "word": "hi", "start": 0.1, "end": 0.4, "probability": 0.9},
        ]
    )
    filled["clips"].update("c004", {"transcript_id": tid, "transcript": "hi there", "transcript_status": "done"})
    clip = get_clip(filled, "c004")
    assert clip is not None
    assert [w.word for w in clip.words] == ["hi", "there"]
    assert clip.sources[0].name == "e.zip" and clip.sources[0].audio_name == "a.wav"
    assert clip.transcript_info is not None and clip.transcript_info.engine == "faster-whisper"
    assert get_clip(filled, "missing") is None
    assert stats(filled)["transcribed"] == 1
