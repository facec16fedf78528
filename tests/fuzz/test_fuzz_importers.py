"""Property-based fuzzing of every importer (issue 10), through the real `voicehist import` entry point.

The invariant for any input: exit 0, 1 or 2 (never 70), no traceback, nothing written outside voicehist's
folders (the input is left as it was), and every good record of a partly bad input imported. The seed corpus
(tests/fuzz/seeds, made by make_seeds.py) holds the cases that once crashed; hypothesis mutates around them.
Derandomized, so CI runs the same examples every time.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importers.cli_run import run_import
from tests.importers.helpers import wav

SEEDS = Path(__file__).resolve().parent / "seeds"
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
WAVS = [wav(seconds=0.1, seed=i) for i in range(3)]


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = Path(dirpath) / n
            st_ = p.lstat()
            out[str(p)] = (st_.st_size, st_.st_mtime_ns)
    return out


class Runner:
    """One import per example, each into its own database under VOICEHIST_HOME."""

    def __init__(self, home: Path, capfd: pytest.CaptureFixture[str]) -> None:
        self.home, self.capfd, self.n = home, capfd, 0

    def __call__(self, src: Path) -> tuple[int, dict[str, Any], Path]:
        self.n += 1
        db = self.home / "data" / f"fuzz{self.n}.db"
        before = snapshot(src.parent)
        code, doc, err = run_import(db, src, capfd=self.capfd)
        assert code in (0, 1, 2), f"exit {code}: {err}"
        assert "Traceback" not in err and "internal error" not in err, err
        assert snapshot(src.parent) == before, "the import changed its input folder"
        return code, doc, db


@pytest.fixture
def runner(vh_home: Path, capfd: pytest.CaptureFixture[str]) -> Runner:
    return Runner(vh_home, capfd)


def clip_ids(db: Path) -> set[str]:
    import sqlite3

    if not db.exists():
        return set()
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT id FROM clips")}
    finally:
        con.close()


# -- the seed corpus ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_seed_corpus(seed: str, runner: Runner, tmp_path: Path) -> None:
    import shutil

    src = tmp_path / "in" / seed
    src.parent.mkdir()
    (shutil.copytree if (SEEDS / seed).is_dir() else shutil.copy)(SEEDS / seed, src)
    code, doc, db = runner(src)
    if seed.startswith("json_") and seed not in ("json_truncated.json", "json_records_string.json",
                                                 "json_records_number.json"):  # fmt: skip
        assert "seed-2" in clip_ids(db) or seed == "json_ts_nonfinite.json"


# -- JSON ----------------------------------------------------------------------------------------------------

junk_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([1e17, 1e30, 1e300, -1.0, 0, 2**63, float("inf"), float("-inf"), float("nan")]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "\x1b[2J", "[bold]x[/]", "2020-13-45T99:99:99Z", "1e400"]),
)
junk = st.recursive(
    junk_scalar,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
    max_leaves=8,
)
RECORD_FIELDS = ["recordKey", "timestamp", "device", "voiceHistoryRecordItems", "utteranceType", "activityStatus"]
ITEM_FIELDS = ["recordItemType", "transcriptText", "timestamp", "utteranceId"]


def good_record(i: int) -> dict[str, Any]:
    return {
        "recordKey": f"good-{i}",
        "timestamp": 1_600_000_000_000 + i,
        "device": {"deviceName": "Echo"},
        "voiceHistoryRecordItems": [{"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": f"hi {i}"}],
    }


@st.composite
def bad_record(draw: st.DrawFn) -> Any:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(junk)  # not a record at all
    rec = good_record(999)
    rec["recordKey"] = f"bad-{draw(st.integers(0, 10**6))}"
    if kind == 1:
        rec[draw(st.sampled_from(RECORD_FIELDS[1:]))] = draw(junk)
    else:
        item = dict(rec["voiceHistoryRecordItems"][0])
        item[draw(st.sampled_from(ITEM_FIELDS))] = draw(junk)
        rec["voiceHistoryRecordItems"] = [item, draw(junk)]
    return rec


@pytest.mark.parametrize("stream", [False, True], ids=["parsed-whole", "streamed"])
@FUZZ
@given(bad=st.lists(bad_record(), min_size=1, max_size=4), where=st.integers(0, 3), wrap=st.booleans())
def test_alexa_json_with_bad_records(
    stream: bool, bad: list[Any], where: int, wrap: bool, runner: Runner, tmp_path_factory, monkeypatch
) -> None:
    if stream:  # as files above STREAM_MIN_BYTES are read
        monkeypatch.setattr("voicehist.importers.alexa_json.STREAM_MIN_BYTES", 0)
    good = [good_record(i) for i in range(3)]
    records = good[:where] + bad + good[where:]
    doc: Any = {"customerHistoryRecords": records} if wrap else records
    src = tmp_path_factory.mktemp("j") / "voice.json"
    src.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
    code, _, db = runner(src)
    if wrap or any(isinstance(r, dict) and "recordKey" in r for r in bad):
        assert {f"good-{i}" for i in range(3)} <= clip_ids(db)


@pytest.mark.parametrize("stream", [False, True], ids=["parsed-whole", "streamed"])
@FUZZ
@given(data=st.binary(max_size=400), cut=st.integers(0, 2000))
def test_alexa_json_bytes_mangled(
    stream: bool, data: bytes, cut: int, runner: Runner, tmp_path_factory, monkeypatch
) -> None:
    if stream:
        monkeypatch.setattr("voicehist.importers.alexa_json.STREAM_MIN_BYTES", 0)
    text = json.dumps({"customerHistoryRecords": [good_record(1), good_record(2)]}).encode()
    src = tmp_path_factory.mktemp("j") / "voice.json"
    src.write_bytes(text[: cut % len(text)] + data + text[cut % len(text) :])
    runner(src)


# -- Takeout -------------------------------------------------------------------------------------------------


@FUZZ
@given(field=st.sampled_from(["products", "subtitles", "details", "audioFiles", "title", "header", "time"]),
       value=junk)  # fmt: skip
def test_takeout_entry_fields(field: str, value: Any, runner: Runner, tmp_path_factory) -> None:
    entries = [{"header": "Assistant", "title": f"Said hi {i}", "time": f"2020-01-01T00:00:0{i}Z"} for i in range(3)]
    entries[1][field] = value
    root = tmp_path_factory.mktemp("t")
    folder = root / "export" / "Takeout" / "My Activity" / "Assistant"
    folder.mkdir(parents=True)
    (folder / "MyActivity.json").write_text(json.dumps(entries, allow_nan=True), encoding="utf-8")
    code, doc, db = runner(root / "export")
    if code != 2:
        assert doc["new"] >= 2


# -- CSV -----------------------------------------------------------------------------------------------------

cell = st.one_of(st.text(max_size=30).filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s)),
                 st.sampled_from(["\0", "\r\n", '"', "x" * 5000, "2020-02-30T25:61:00Z", "1e400"]))  # fmt: skip
HEADER = ["Timestamp", "Device", "Transcript", "Utterance ID"]


@FUZZ
@given(
    bad=st.lists(st.lists(cell, min_size=0, max_size=6), min_size=1, max_size=5),
    delim=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
    where=st.integers(0, 3),
)
def test_csv_with_bad_rows(bad: list[list[str]], delim: str, encoding: str, where: int, runner: Runner,
                           tmp_path_factory) -> None:  # fmt: skip
    good = [[f"2020-01-01T00:00:0{i}Z", "Echo", f"hello {i}", f"good-{i}"] for i in range(3)]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    w.writerow(HEADER)
    w.writerows(good[:where] + bad + good[where:])
    src = tmp_path_factory.mktemp("c") / "export"
    src.mkdir()
    (src / "voice_history.csv").write_bytes(buf.getvalue().encode(encoding))
    code, _, db = runner(src)
    assert {f"good-{i}" for i in range(3)} <= clip_ids(db)


# -- zip structure ---------------------------------------------------------------------------------------------


def good_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Alexa/voice.csv", "Timestamp,Device,Transcript,Utterance ID,Audio File\n"
                    "2020-01-01T00:00:00Z,Echo,hi,u1,a.wav\n2020-01-01T00:00:01Z,Echo,ho,u2,b.wav\n")  # fmt: skip
        zf.writestr("Alexa/a.wav", WAVS[0])
        zf.writestr("Alexa/b.wav", WAVS[1])
    return out.getvalue()


GOOD_ZIP = good_zip()


@FUZZ
@given(
    cut=st.integers(0, len(GOOD_ZIP)),
    flips=st.lists(st.tuples(st.integers(0, len(GOOD_ZIP) - 1), st.integers(1, 255)), max_size=6),
    nest=st.integers(0, 4),
)
def test_zip_mangled(cut: int, flips: list[tuple[int, int]], nest: int, runner: Runner, tmp_path_factory) -> None:
    data = bytearray(GOOD_ZIP)
    for pos, x in flips:
        data[pos] ^= x
    data = data[:cut] if cut < len(GOOD_ZIP) and not flips else data
    blob = bytes(data)
    for level in range(nest):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if level % 2 else zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"level{level}.zip", blob)
            zf.writestr(f"loose{level}.wav", WAVS[2])
        blob = out.getvalue()
    src = tmp_path_factory.mktemp("z") / "export.zip"
    src.write_bytes(blob)
    code, doc, db = runner(src)
    if not flips and cut >= len(GOOD_ZIP) and nest <= 2:
        assert {"u1", "u2"} <= clip_ids(db)


@settings(FUZZ, max_examples=6)
@given(members=st.integers(20, 100), size=st.sampled_from([256 * 1024, 1024 * 1024 - 1, 3 * 1024 * 1024]),
       nested=st.booleans())  # fmt: skip
def test_zip_bombs(members: int, size: int, nested: bool, runner: Runner, tmp_path_factory) -> None:
    zeros = b"\0" * size
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for i in range(members):
            zf.writestr(f"Alexa/{i}.wav", zeros)
    blob = out.getvalue()
    if nested:
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as zf:
            zf.writestr("inner.zip", blob)
            zf.writestr("real.wav", WAVS[0])
        blob = outer.getvalue()
    src = tmp_path_factory.mktemp("b") / "bomb.zip"
    src.write_bytes(blob)
    code, doc, db = runner(src)
    if members * size >= 64 * 1024**2:
        assert code in (1, 2)


# -- folders ---------------------------------------------------------------------------------------------------


@FUZZ
@given(
    loops=st.integers(0, 3),
    fifos=st.integers(0, 2),
    names=st.lists(st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b
                                                             and b not in (b".", b"..")), max_size=3),
    outside=st.booleans(),
)  # fmt: skip
def test_folders(loops: int, fifos: int, names: list[bytes], outside: bool, runner: Runner, tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("f") / "export"
    (root / "sub").mkdir(parents=True)
    (root / "good.wav").write_bytes(WAVS[0])
    for i in range(loops):
        os.symlink(f"loop{i}b", root / f"loop{i}a")
        os.symlink(f"loop{i}a", root / f"loop{i}b")
    if loops:
        os.symlink("..", root / "sub" / "up")
    for i in range(fifos):
        os.mkfifo(root / f"pipe{i}.wav")
    for i, raw in enumerate(names):
        p = root / "sub" / os.fsdecode(raw + b".%d" % i)
        if not p.exists():
            p.write_bytes(WAVS[1] if i % 2 else b"not audio")
    if outside:
        os.symlink("/etc/passwd", root / "passwd.csv")
    code, doc, db = runner(root)
    assert code in (0, 1)
    assert any(c.startswith("2") or "good" in c for c in clip_ids(db)) or doc["new"] >= 1
