"""Issue 10, "no crash on any record": each input below used to stop a whole import with exit 70.
A bad record is now a problem reported by file and record, and every other record is imported."""

from __future__ import annotations

import csv
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.importers.cli_run import run_import
from tests.importers.helpers import make_tree, rows, wav
from voicehist.importers.times import from_epoch_ms, parse_time


def record(i: int, **kw: object) -> dict[str, object]:
    rec: dict[str, object] = {
        "recordKey": f"key-{i}",
        "timestamp": 1_600_000_000_000 + i,
        "device": {"deviceName": "Kitchen Echo"},
        "voiceHistoryRecordItems": [
            {"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": f"hello {i}", "timestamp": 1_600_000_000_000}
        ],
    }
    rec.update(kw)
    return rec


def alexa_json(path: Path, records: object) -> Path:
    path.write_text(json.dumps({"customerHistoryRecords": records}), encoding="utf-8")
    return path


def ids(db_path: Path) -> list[str]:
    from voicehist.store import open_db

    db = open_db(db_path)
    try:
        return [r["id"] for r in rows(db)]
    finally:
        db.close()


@pytest.mark.parametrize("items", [5, True, "text", {"a": 1}])
def test_record_items_that_are_not_a_list(items: object, tmp_path: Path, db_path: Path, capfd) -> None:
    src = alexa_json(tmp_path / "h.json", [record(1, voiceHistoryRecordItems=items), record(2)])
    code, doc, err = run_import(db_path, src, capfd=capfd)
    assert code == 1, err
    assert sorted(ids(db_path)) == ["key-1", "key-2"]
    assert any("record 1" in p["problem"] and p["file"] == "h.json" for p in doc["problems"])


@pytest.mark.parametrize("stamp", ["1e17", "1e30", "Infinity", "-Infinity", "NaN", "1e400", "1" + "0" * 300])
def test_timestamps_out_of_range(stamp: str, tmp_path: Path, db_path: Path, capfd) -> None:
    item = '{"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": "x", "timestamp": ' + stamp + "}"
    bad = '{"recordKey": "bad", "timestamp": ' + stamp + ', "voiceHistoryRecordItems": [' + item + "]}"
    good = json.dumps(record(2))
    src = tmp_path / "t.json"
    src.write_text('{"customerHistoryRecords": [' + bad + ", " + good + "]}", encoding="utf-8")
    code, doc, err = run_import(db_path, src, capfd=capfd)
    assert code in (0, 1), err
    assert sorted(ids(db_path)) == ["bad", "key-2"]
    assert "Traceback" not in err


def test_time_helpers_never_overflow() -> None:
    for value in (1e30, 1e300, float("inf"), float("-inf"), float("nan"), 10**400):
        assert parse_time(value) is None
    assert from_epoch_ms(1e30) is None
    assert from_epoch_ms(float("inf")) is None


def test_lone_surrogate_is_stored_as_replacement_character(tmp_path: Path, db_path: Path, capfd) -> None:
    src = tmp_path / "s.json"
    bad = json.dumps(record(1, device={"deviceName": "Echo \ud800"}))  # written as the escape \\ud800
    src.write_text('{"customerHistoryRecords": [' + bad + ", " + json.dumps(record(2)) + "]}", encoding="utf-8")
    assert "\\ud800" in src.read_text()
    code, _doc, err = run_import(db_path, src, capfd=capfd)
    assert code == 0, err
    from voicehist.store import open_db

    db = open_db(db_path)
    try:
        got = {r["id"]: r for r in rows(db)}
    finally:
        db.close()
    assert got["key-1"]["device"] == "Echo \ufffd"
    assert "\ufffd" in got["key-1"]["raw"]


@pytest.mark.parametrize("found", ["some text", 42, None, {"a": 1}])
def test_records_field_of_the_wrong_kind_is_reported(found: object, tmp_path: Path, db_path: Path, capfd) -> None:
    src = alexa_json(tmp_path / "r.json", found)
    code, doc, err = run_import(db_path, src, capfd=capfd)
    assert code in (1, 2), err
    text = json.dumps(doc) + err
    assert "customerHistoryRecords" in text and "not a list" in text


def test_records_that_are_not_objects_are_reported(tmp_path: Path, db_path: Path, capfd) -> None:
    src = alexa_json(tmp_path / "r.json", [7, record(2), "x"])
    code, doc, _ = run_import(db_path, src, capfd=capfd)
    assert code == 1
    assert ids(db_path) == ["key-2"]
    assert {p["problem"].split(" is ")[0] for p in doc["problems"]} == {"record 1", "record 3"}


@pytest.mark.parametrize("field", ["products", "subtitles", "details", "audioFiles", "title", "header"])
def test_takeout_fields_of_the_wrong_type(field: str, tmp_path: Path, db_path: Path, capfd) -> None:
    entries: list[dict[str, Any]] = [
        {"header": "Assistant", "title": f"Said hi {i}", "time": f"2020-01-01T00:00:0{i}Z", "products": ["Assistant"]}
        for i in range(3)
    ]
    entries[0][field] = 7
    make_tree(tmp_path / "t", {"Takeout/My Activity/Assistant/MyActivity.json": json.dumps(entries)})
    code, doc, err = run_import(db_path, tmp_path / "t", capfd=capfd)
    assert code in (0, 1), err
    assert len(ids(db_path)) == 3


def test_symlink_loops_fifos_and_odd_names_in_a_folder(tmp_path: Path, db_path: Path, capfd) -> None:
    root = make_tree(tmp_path / "f", {"a.wav": wav(seed=1), "sub/b.wav": wav(seed=2)})
    os.symlink("loop2", root / "loop1")
    os.symlink("loop1", root / "loop2")
    os.symlink("self", root / "self")
    os.symlink("../sub", root / "sub" / "up")
    os.mkfifo(root / "pipe")
    (root / os.fsdecode(b"odd\xff.wav")).write_bytes(wav(seed=3))
    code, doc, err = run_import(db_path, root, capfd=capfd)
    assert code == 1, err
    assert doc["new"] == 3
    why = {p["file"]: p["problem"] for p in doc["problems"]}
    assert "loop" in why["loop1"] and "loop" in why["self"]
    assert "regular" in why["pipe"]


HEADER = ["Timestamp", "Device", "Transcript", "Utterance ID"]


def table_rows(n: int) -> list[list[str]]:
    return [[f"2020-01-01T00:00:{i:02d}Z", "Echo", f"hello {i}", f"uid-{i}"] for i in range(n)]


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le-bom", "utf-32-be-bom", "utf-16", "utf-8-sig"])
def test_csv_encodings_by_bom(encoding: str, tmp_path: Path, db_path: Path, capfd) -> None:
    text = "\r\n".join(",".join(r) for r in [HEADER, *table_rows(4)]) + "\r\n"
    if encoding == "utf-32-le-bom":
        data = b"\xff\xfe\x00\x00" + text.encode("utf-32-le")
    elif encoding == "utf-32-be-bom":
        data = b"\x00\x00\xfe\xff" + text.encode("utf-32-be")
    else:
        data = text.encode(encoding)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "history.csv").write_bytes(data)
    code, _, err = run_import(db_path, tmp_path / "a", capfd=capfd)
    assert code == 0, err
    from voicehist.store import open_db

    db = open_db(db_path)
    try:
        got = sorted(r["vendor_transcript"] for r in rows(db))
    finally:
        db.close()
    assert got == [f"hello {i}" for i in range(4)]


@pytest.mark.parametrize("quoted", [False, True])
def test_huge_csv_cell_is_reported_and_the_following_rows_kept(quoted: bool, tmp_path: Path, db_path: Path,
                                                                capfd) -> None:  # fmt: skip
    path = tmp_path / "a" / "history.csv"
    path.parent.mkdir()
    big = "x" * (66 * 1024 * 1024) if not quoted else ("y" * 999 + "\n") * 3000
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        r = table_rows(5)
        w.writerow(r[0])
        w.writerow([r[1][0], r[1][1], big, r[1][3]])
        w.writerows(r[2:])
    code, doc, err = run_import(db_path, path.parent, capfd=capfd)
    assert code == 1, err
    assert sorted(ids(db_path)) == sorted(f"uid-{i}" for i in range(5) if quoted or i != 1)
    assert any("million characters" in p["problem"] for p in doc["problems"])


def test_csv_field_size_limit_is_not_changed_by_importing(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import csv; a = csv.field_size_limit(); import voicehist.importers.alexa_archive;"
        " print(a == csv.field_size_limit())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_zip_bomb_of_small_members_is_refused_quickly(tmp_path: Path, db_path: Path, capfd) -> None:
    import time

    bomb = tmp_path / "bomb.zip"
    chunk = b"\0" * (1024 * 1024 - 1)  # each member under the per-member ratio threshold
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(80):
            zf.writestr(f"Alexa/audio/{i}.wav", chunk)
        zf.writestr("Alexa/real.wav", wav(seed=9))
    assert bomb.stat().st_size < 200_000
    t0 = time.monotonic()
    code, doc, err = run_import(db_path, bomb, capfd=capfd)
    took = time.monotonic() - t0
    assert code == 2, err
    assert "zip bomb" in err
    assert took < 20


def test_nested_zip_caps_are_per_import(tmp_path: Path) -> None:
    from voicehist.importers.archive import Archive, Limits

    inner = []
    for i in range(4):
        p = tmp_path / f"inner{i}.zip"
        with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr(f"clip{i}.wav", wav(seconds=2, seed=i))
        inner.append(p)
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_STORED) as zf:
        for p in inner:
            zf.write(p, p.name)
    one = inner[0].stat().st_size
    limits = Limits(max_nested_zip_bytes=2 * one + 100, nested_in_memory_bytes=one + 10)
    with Archive.open([outer], limits) as arch:
        assert len(arch.members) == 2  # two nested zips fit the total; the other two are refused
        assert sum("zips inside zips exceed" in why for _, why in arch.rejected) == 2
        assert len(arch._spools) == 1  # the second one went to a temp file, not memory
        assert all(m.read()[:4] == b"RIFF" for m in arch.members)


def test_size_cap_is_a_total_over_every_path_of_one_import(tmp_path: Path, db) -> None:
    from voicehist.importers import import_paths
    from voicehist.importers.archive import Limits

    clip = wav(seconds=1, seed=1)
    a = make_tree(tmp_path / "a", {"one.wav": clip})
    b = make_tree(tmp_path / "b", {"two.wav": wav(seconds=1, seed=2)})
    report = import_paths(db, [a, b], limits=Limits(max_total_bytes=len(clip) + 100))
    assert report.new == 1
    assert any("exceeds" in why for _, why in report.problems)


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read every Alexa JSON record by record, as files above STREAM_MIN_BYTES are."""
    monkeypatch.setattr("voicehist.importers.alexa_json.STREAM_MIN_BYTES", 0)


@pytest.mark.parametrize("shape", ["object", "list", "pages"])
def test_big_json_is_read_record_by_record(shape: str, streamed: None, tmp_path: Path, db) -> None:
    from voicehist.importers import import_paths

    recs = [record(i) for i in range(6)]
    doc: object = {"customerHistoryRecords": recs}
    if shape == "list":
        doc = recs
    elif shape == "pages":
        doc = [{"customerHistoryRecords": recs[:3]}, {"customerHistoryRecords": recs[3:]}]
    src = tmp_path / "big.json"
    src.write_text("\ufeff" + json.dumps(doc), encoding="utf-8")
    totals: list[int] = []
    report = import_paths(db, [src], progress=lambda done, total, label: totals.append(total))
    assert report.new == 6 and not report.problems
    assert set(totals) == {6}  # the progress bar's length, counted in the bytes before the records are parsed
    got = rows(db, "SELECT raw FROM clips WHERE id = 'key-2'")
    assert json.loads(got[0]["raw"])["_record"] == 3


def test_json_the_stream_cannot_finish_is_parsed_whole_without_twins(streamed: None, tmp_path: Path, db) -> None:
    """A NaN in record 4 stops ijson after it gave three records; json.loads takes the file, and gives only
    the records the stream had not: five clips, each counted once as new."""
    from voicehist.importers import import_paths

    recs = [record(i) for i in range(5)]
    recs[3]["score"] = float("nan")
    src = tmp_path / "big.json"
    src.write_text(json.dumps({"customerHistoryRecords": recs}, allow_nan=True), encoding="utf-8")
    report = import_paths(db, [src])
    assert (report.new, report.existing, report.problems) == (5, 0, [])
    assert sorted(r["id"] for r in rows(db)) == [f"key-{i}" for i in range(5)]


def test_big_json_that_breaks_off_keeps_the_records_before(streamed: None, tmp_path: Path, db, monkeypatch) -> None:
    from voicehist.importers import import_paths

    monkeypatch.setattr("voicehist.importers.alexa_json.MAX_LOADED_JSON_BYTES", 0)  # too big to parse whole
    text = json.dumps({"customerHistoryRecords": [record(i) for i in range(5)]})
    src = tmp_path / "big.json"
    src.write_text(text[: text.index('"key-3"') + 20], encoding="utf-8")
    report = import_paths(db, [src])
    assert sorted(r["id"] for r in rows(db)) == ["key-0", "key-1", "key-2"]
    assert any("after record 3" in p for _, p in report.problems)


def _nested(levels: int) -> dict[str, Any]:
    doc: dict[str, Any] = {"leaf": ["x"]}  # two levels
    for i in range(levels - 2):
        doc = {f"level{i}": doc}
    return doc


@pytest.mark.parametrize(
    ("value", "cut"),
    [
        ({"recordKey": "k", "items": [{"text": "plain", "n": 1.5, "ok": True, "none": None}]}, False),
        ({"device": {"deviceName": "Echo \ud800"}}, False),  # a lone surrogate in a value
        ({"a\udfffb": 1}, False),  # ... and in a key
        (_nested(32), False),  # as deep as is kept: by the quick check
        (_nested(33), True),  # deeper than MAX_RAW_DEPTH: cut, as storable cuts it
        (_nested(5_000), True),  # deeper than the JSON encoder goes
    ],
    ids=["plain", "surrogate-value", "surrogate-key", "32-deep", "33-deep", "5000-deep"],
)
def test_storable_json_is_storable_as_json(value: dict[str, Any], cut: bool) -> None:
    """The quick path (the record's JSON text, checked) gives the very text the walk gives."""
    from voicehist.importers.base import TOO_DEEP, storable, storable_json

    got = storable_json(value)
    assert got == json.dumps(storable(value), ensure_ascii=False, default=str)
    assert (TOO_DEEP in got) is cut
    got.encode("utf-8")  # storable: no lone surrogate left
