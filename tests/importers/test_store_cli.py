"""Loose folders, broken audio, idempotency, overlapping exports, the audio store, the CLI."""

from __future__ import annotations

import hashlib
import io
import json
import stat
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.importers.helpers import SAMPLE, clip, make_tree, make_zip, mp3, rows, wav
from voicehist.audio.probe import AudioProblem, probe, sniff
from voicehist.cli import main
from voicehist.importers import import_paths
from voicehist.store import audio_dir_of


def test_probe_real_and_broken_audio() -> None:
    w = probe(wav(seconds=0.75, seed=1, rate=22050, channels=2))
    assert (w.format, w.sample_rate, w.channels, w.problem) == ("WAV", 22050, 2, None)
    assert w.duration == pytest.approx(0.75, abs=1e-3)
    m = probe(mp3(seconds=1.0))
    assert m.format == "MP3" and m.sample_rate == 16000 and m.duration == pytest.approx(1.0, abs=0.05)
    assert "truncated" in (probe(wav(seconds=1.0)[:8000]).problem or "")
    for bad, why in [(b"", "empty"), (b"<html>not audio</html>", "not audio"), (wav()[:40], "cannot be decoded")]:
        with pytest.raises(AudioProblem, match=why):
            probe(bad)
    for fmt, sub in (("OGG", "VORBIS"), ("FLAC", "PCM_16")):
        buf = io.BytesIO()
        sf.write(buf, np.zeros((8000, 1), "float32"), 8000, format=fmt, subtype=sub)
        info = probe(buf.getvalue())
        assert (info.format, info.sample_rate, info.duration) == (fmt, 8000, pytest.approx(1.0, abs=0.01))
    assert sniff(b"OggS....") == "OGG" and sniff(b"fLaC") == "FLAC" and sniff(b"ID3\x04") == "MP3"
    assert sniff(b"RIFF\0\0\0\0AVI ") is None


def loose_folder(root: Path) -> Path:
    return make_tree(
        root,
        {
            "(2018-05-15T15_07_41+0200)_TEXT(well i see you soon).wav": wav(seed=1),
            "sub/deeper/2018-05-16 10-00-00.mp3": mp3(seed=2),
            "no_time.wav": wav(seed=3),
            "zero.wav": b"",
            "fake.wav": b"this is text, not audio",
            "corrupt.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\xff" * 40,
            "notes.txt": "not audio",
        },
    )


def test_loose_folder(db, tmp_path: Path) -> None:
    root = loose_folder(tmp_path / "loose")
    report = import_paths(db, [root])
    assert report.new == 6
    problems = dict(report.problems)
    assert set(problems) == {"zero.wav", "fake.wav", "corrupt.wav"}
    assert "empty" in problems["zero.wav"] and "not audio" in problems["fake.wav"]
    assert report.unrecognised == ["notes.txt: not audio"]
    by_name = {c["audio_name"]: c for c in rows(db)}
    named = by_name["(2018-05-15T15_07_41+0200)_TEXT(well i see you soon).wav"]
    assert named["recorded_at"] == "2018-05-15T13:07:41Z" and named["vendor_transcript"] == "well i see you soon"
    assert named["vendor"] == "unknown" and named["id"].startswith("2018-05-15T13:07:41Z-")
    assert by_name["2018-05-16 10-00-00.mp3"]["recorded_at"] == "2018-05-16T10:00:00Z"
    assert json.loads(by_name["no_time.wav"]["raw"])["time_source"] == "file date"
    for name in ("zero.wav", "fake.wav", "corrupt.wav"):
        c = by_name[name]
        assert c["audio_problem"] and c["audio_path"] is None and c["transcript_status"] == "no_audio"


def test_audio_store_is_content_addressed_and_private(db, tmp_path: Path) -> None:
    root = make_tree(tmp_path / "e", {"a.wav": wav(seed=1), "b.mp3": mp3(seed=2)})
    import_paths(db, [root])
    audio_dir = audio_dir_of(db)
    for c in rows(db):
        p = audio_dir / c["audio_path"]
        sha = c["audio_sha256"]
        assert c["audio_path"] == f"{sha[:2]}/{sha}.{c['audio_format'].lower()}"
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        assert stat.S_IMODE(p.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(audio_dir.stat().st_mode) == 0o700
    # playback does not depend on the export
    for p in root.iterdir():
        p.unlink()
    for c in rows(db):
        data = (audio_dir / c["audio_path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == c["audio_sha256"]
        assert probe(data).format == c["audio_format"]


def test_reimport_adds_nothing(db, tmp_path: Path) -> None:
    export = make_zip(tmp_path / "Alexa.zip", {"a.csv": "Timestamp,Transcript\n2020-01-01T00:00:00Z,hi\n",
                                               "x.wav": wav(seed=1)})  # fmt: skip
    first = import_paths(db, [export])
    before = rows(db)
    second = import_paths(db, [export])
    assert (first.new, second.new, second.existing) == (2, 0, 2)
    assert rows(db) == before
    assert rows(db, "SELECT COUNT(*) AS n FROM sources")[0]["n"] == 1
    assert second.sources[0].already_imported is True


def test_overlapping_later_export_adds_only_new_clips_and_records_both_sources(db, tmp_path: Path) -> None:
    header = "Timestamp,Device,Transcript,Utterance ID,Audio File\n"
    r1 = "2020-01-01T00:00:00Z,Echo,one,U-1,one.wav\n"
    r2 = "2020-01-02T00:00:00Z,Echo,two,U-2,two.wav\n"
    r3 = "2020-01-03T00:00:00Z,Echo,three,U-3,three.wav\n"
    a = make_zip(tmp_path / "jan.zip", {"h.csv": header + r1 + r2, "one.wav": wav(seed=1), "two.wav": wav(seed=2)})
    b = make_zip(
        tmp_path / "feb.zip",
        {"h.csv": header + r2 + r3, "two.wav": wav(seed=2), "three.wav": wav(seed=3), "extra.wav": wav(seed=4)},
    )
    assert import_paths(db, [a]).new == 2
    later = import_paths(db, [b])
    assert (later.new, later.existing) == (2, 1)  # U-3 and extra.wav are new; U-2 was there
    links = rows(db, "SELECT clip_id, source_id, audio_name FROM clip_sources ORDER BY clip_id, source_id")
    u2 = [(r["source_id"], r["audio_name"]) for r in links if r["clip_id"] == "U-2"]
    assert u2 == [(1, "two.wav"), (2, "two.wav")]
    assert clip(db, "U-2")["source_id"] == 1
    srcs = rows(db, "SELECT id, clips_seen, clips_new FROM sources ORDER BY id")
    assert [(s["clips_seen"], s["clips_new"]) for s in srcs] == [(2, 2), (3, 2)]


def test_loose_audio_reexported_with_new_dates_is_not_duplicated(db, tmp_path: Path) -> None:
    a = make_zip(tmp_path / "a.zip", {"x.wav": wav(seed=1)})
    import_paths(db, [a])
    b = make_zip(tmp_path / "b.zip", {"renamed/x_copy.wav": wav(seed=1), "readme.txt": "changed"})
    report = import_paths(db, [b])
    assert (report.new, report.existing) == (0, 1)


def test_cancel_keeps_finished_work(db, tmp_path: Path) -> None:
    root = make_tree(tmp_path / "e", {f"c{i}.wav": wav(seconds=0.1, seed=i) for i in range(5)})
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append((done, total, label))

    report = import_paths(db, [root], progress=progress, cancel=lambda: len(seen) > 3)
    assert report.cancelled is True and report.new == 3
    assert len(rows(db)) == 3
    assert seen[0] == (0, 5, "e") and seen[1][:2] == (1, 5)
    rest = import_paths(db, [root])
    assert (rest.new, rest.existing) == (2, 3)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out, err = capsys.readouterr()
    return int(e.value.code or 0), out, err


def test_cli_json_exit_codes_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str], vh_home: Path) -> None:
    code, out, err = run_cli(capsys, "import", "--json", str(SAMPLE))
    assert code == 0
    doc = json.loads(out)  # one JSON document on stdout, nothing else
    assert doc["new"] == 14 and doc["existing"] == 0 and doc["problems"] == [] and doc["cancelled"] is False
    assert doc["sources"][0]["importer"] == "alexa_archive"
    assert err == ""

    code, out, err = run_cli(capsys, "import", "-q", str(SAMPLE))
    assert code == 0 and out == ""
    assert "0 new" in err and "14 already present" in err

    broken = loose_folder(tmp_path / "loose")
    code, out, err = run_cli(capsys, "import", str(broken))
    assert code == 1 and out == ""
    assert "3 file(s) had problems" in err and "fake.wav" in err and "zero.wav" in err and "corrupt.wav" in err
    assert "notes.txt" in err  # what was not recognised

    junk = make_tree(tmp_path / "junk", {"a.txt": "x", "b.txt": "y"})
    code, out, err = run_cli(capsys, "import", "--json", str(junk))
    assert code == 2 and out == ""
    assert "not a voice-history export" in err and "2 file(s): 2 .txt" in err and "Traceback" not in err

    db_file = vh_home / "data" / "voicehist.db"
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600


def test_cli_db_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "elsewhere" / "my.db"
    code, out, _ = run_cli(capsys, "import", "--json", "--db", str(other), str(SAMPLE))
    assert code == 0 and json.loads(out)["new"] == 14
    assert other.exists() and (other.parent / "my.audio").is_dir()  # each database owns its audio store


def test_later_export_fills_in_audio_that_was_missing(db, tmp_path: Path) -> None:
    table = "Timestamp,Transcript,Utterance ID,Audio File\n2020-01-01T00:00:00Z,hi,U-1,one.wav\n"
    first = import_paths(db, [make_zip(tmp_path / "a.zip", {"h.csv": table})])
    assert first.problems and clip(db, "U-1")["transcript_status"] == "no_audio"
    second = import_paths(db, [make_zip(tmp_path / "b.zip", {"h.csv": table, "one.wav": wav(seed=1)})])
    assert (second.new, second.existing, second.problems) == (0, 1, [])
    c = clip(db, "U-1")
    assert c["audio_path"] and c["audio_problem"] is None and c["transcript_status"] == "pending"


def test_reimport_does_not_bring_back_forgotten_audio(db, tmp_path: Path) -> None:
    export = make_zip(tmp_path / "a.zip", {"h.csv": "Timestamp,Utterance ID,Audio File\n2020-01-01,U-1,one.wav\n",
                                           "one.wav": wav(seed=1)})  # fmt: skip
    import_paths(db, [export])
    with db.atomic():  # what `voicehist forget` leaves: no audio path, the sha kept, no problem
        db.execute("UPDATE clips SET audio_path = NULL, transcript_status = 'no_audio' WHERE id = 'U-1'")
    assert import_paths(db, [export]).existing == 1
    assert clip(db, "U-1")["audio_path"] is None
