"""`voicehist forget` forgets: no byte of what was said stays in the database file, its WAL or the audio store;
a re-import does not bring the clip back; the tombstone keeps the label and the user's decision."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from tests.privacy.conftest import cli_env, db_files, file_bytes, recorded_at, voicehist
from voicehist.store import audio_dir_of, open_db
from voicehist.store.forget import NEUTRAL_REASON
from voicehist.store.queries import ClipFilter, get_clip, list_clips
from voicehist.store.records import ClipDetail


def _clip_by_audio(db, name: str) -> ClipDetail:
    rows = [r for r in list_clips(db) if (r.recorded_at or "").startswith(recorded_at(name))]
    assert len(rows) == 1
    clip = get_clip(db, rows[0].id)
    assert clip is not None
    return clip


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]{5,}", text.lower())]


def _checkpoint(path: Path) -> None:
    """What `strings` saw in the issue: the file after a checkpoint by some other connection."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_forget_removes_every_byte_of_the_transcript_and_audio(pipeline, vh_home: Path) -> None:
    db_path, _ = pipeline
    db = open_db(db_path)
    victim = _clip_by_audio(db, "acc05_referee.wav")
    others = [get_clip(db, r.id) for r in list_clips(db) if r.id != victim.id]
    text = victim.transcript
    assert text and victim.words, "the real model heard something in the referee clip"
    # the words that only this clip's transcript holds are what must disappear
    elsewhere = " ".join(f"{o.transcript} {o.vendor_transcript} {o.device} {o.raw}" for o in others if o)
    elsewhere += " ".join(str(r[0]) for r in db.execute("SELECT sql FROM sqlite_master"))  # column names
    elsewhere = elsewhere.lower()
    secret = [w for w in _words(text) if w not in elsewhere]
    assert secret, text
    audio_file = audio_dir_of(db) / (victim.audio_path or "")
    pcm = audio_file.read_bytes()[2000:2064]  # 64 bytes of the recording itself
    reasons_before = victim.reasons or "[]"
    assert any("'" in r for r in json.loads(reasons_before)), reasons_before  # the detector quoted the words
    label, number = victim.auto_label, victim.number
    db.close()
    # before: the text is there (so the check below means something)
    _checkpoint(db_path)
    assert text.strip().encode() in file_bytes(db_files(db_path))
    flagged = voicehist("flag", "--set", str(number), "--db", str(db_path), home=vh_home)
    assert flagged.returncode == 0, flagged.stderr

    out = voicehist("forget", str(number), "--yes", "--json", "--db", str(db_path), home=vh_home)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["clips"] == 1 and doc["audio_files_removed"] == 1 and doc["transcripts_removed"] == 1
    assert doc["scrubbed"] is True

    for when in ("after forget", "after a checkpoint"):
        blob = file_bytes(db_files(db_path))
        store = file_bytes([p for p in audio_dir_of(open_db(db_path)).rglob("*")])
        assert text.strip().encode() not in blob, when
        for w in secret:
            assert w.encode() not in blob.lower(), f"{w!r} still in the database {when}"
        assert pcm not in store and pcm not in blob, when
        _checkpoint(db_path)
    assert not audio_file.exists()

    db = open_db(db_path)
    after = get_clip(db, victim.id)
    assert after is not None
    assert after.forgotten_at and after.transcript is None and after.words == ()
    assert after.audio_path is None and after.duration is None
    assert after.recorded_at == victim.recorded_at and after.device == victim.device
    assert after.vendor_id == victim.vendor_id and after.number == number
    assert after.decision == "accidental" and after.auto_label == label  # the tombstone keeps both
    assert after.vendor_transcript == victim.vendor_transcript  # without --vendor-text it stays
    reasons = after.reason_list
    assert NEUTRAL_REASON in reasons and not any("'" in r for r in reasons)
    assert db.execute("SELECT count(*) FROM transcripts WHERE clip_id = ?", [victim.id]).fetchone()[0] == 0
    assert (
        db.execute("SELECT count(*) FROM words WHERE transcript_id NOT IN (SELECT id FROM transcripts)").fetchone()[0]
        == 0
    )
    for w in secret:
        assert list_clips(db, ClipFilter(query=w)) == []
    # the other clips are untouched
    for o in others:
        assert o is not None
        same = get_clip(db, o.id)
        assert same is not None and same.transcript == o.transcript and same.words == o.words
        assert (audio_dir_of(db) / (same.audio_path or "")).is_file()
    db.close()

    listed = json.loads(voicehist("list", "--json", "--db", str(db_path), home=vh_home).stdout)
    flags = {c["number"]: c["forgotten"] for c in listed["clips"]}
    assert flags[number] is True and sum(flags.values()) == 1


def test_vendor_text_goes_with_vendor_text(pipeline, vh_home: Path) -> None:
    db_path, _ = pipeline
    db = open_db(db_path)
    victim = _clip_by_audio(db, "acc11_cat.wav")
    vendor = victim.vendor_transcript
    assert vendor and vendor.encode() in (victim.raw or "").encode()
    db.close()
    out = voicehist("forget", str(victim.number), "--vendor-text", "--yes", "--db", str(db_path), home=vh_home)
    assert out.returncode == 0, out.stderr
    _checkpoint(db_path)
    blob = file_bytes(db_files(db_path))
    assert vendor.encode() not in blob
    db = open_db(db_path)
    after = get_clip(db, victim.id)
    assert after is not None and after.vendor_transcript is None and after.raw is None
    assert after.vendor_response is None and after.vendor_text_forgotten == 1
    assert after.vendor_id == victim.vendor_id and after.recorded_at == victim.recorded_at
    db.close()


def test_reimport_does_not_bring_a_forgotten_clip_back_unless_asked(pipeline, vh_home: Path) -> None:
    db_path, export = pipeline
    db = open_db(db_path)
    victim = _clip_by_audio(db, "acc05_referee.wav")
    sha = victim.audio_sha256
    db.close()
    assert voicehist("forget", str(victim.number), "--yes", "--db", str(db_path), home=vh_home).returncode == 0
    again = voicehist("import", "--json", str(export), "--db", str(db_path), home=vh_home)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["new"] == 0
    db = open_db(db_path)
    store = audio_dir_of(db)
    assert sha and not any(sha in p.name for p in store.rglob("*")), "the forgotten audio was written back"
    after = get_clip(db, victim.id)
    assert after is not None and after.forgotten_at and after.audio_path is None
    assert after.transcript_status == "no_audio"
    db.close()
    # transcription and flag --auto leave it alone
    t = voicehist("transcribe", "--json", "--db", str(db_path), home=vh_home)
    assert t.returncode == 0, t.stderr
    assert json.loads(t.stdout)["done"] == 0
    assert voicehist("flag", "--auto", "--db", str(db_path), home=vh_home).returncode == 0
    db = open_db(db_path)
    still = get_clip(db, victim.id)
    assert still is not None and still.transcript is None and still.reasons == after.reasons
    assert still.auto_label == after.auto_label
    db.close()
    # unless the user asks
    back = voicehist("import", "--restore-forgotten", "--json", str(export), "--db", str(db_path), home=vh_home)
    assert back.returncode == 0, back.stderr
    db = open_db(db_path)
    restored = get_clip(db, victim.id)
    assert restored is not None and not restored.forgotten_at
    assert restored.audio_path and (audio_dir_of(db) / restored.audio_path).is_file()
    assert restored.transcript_status == "pending"
    db.close()


def test_a_truncated_wav_stays_forgotten(vh_home: Path, tmp_path: Path) -> None:
    """The issue's case: a decodable-but-truncated WAV came back whole on re-import and was transcribed again."""
    from tests.privacy.conftest import make_export

    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo"), ("int02_kitchen.wav", "Echo")])
    wav = next((export / "Alexa" / "Alexa.VoiceHistory" / "Audio").glob("*00000001.wav"))
    wav.write_bytes(wav.read_bytes()[: len(wav.read_bytes()) // 2])  # header says more than is there
    db_path = vh_home / "data" / "voicehist.db"
    first = voicehist("import", "--json", str(export), "--db", str(db_path), home=vh_home)
    assert first.returncode in (0, 1), first.stderr
    db = open_db(db_path)
    (bad,) = [r for r in list_clips(db) if r.audio_name == wav.name]
    assert bad.audio_problem, "the importer noticed the truncation"
    db.close()
    assert voicehist("forget", str(bad.number), "--yes", "--db", str(db_path), home=vh_home).returncode == 0
    voicehist("import", str(export), "--db", str(db_path), home=vh_home)
    db = open_db(db_path)
    after = get_clip(db, bad.id)
    assert after is not None and after.forgotten_at and after.audio_path is None
    assert after.transcript_status == "no_audio"
    assert bad.audio_sha256 and not any(bad.audio_sha256 in p.name for p in audio_dir_of(db).rglob("*"))
    db.close()


def test_bulk_forget_with_filters_selection_and_ids(pipeline, vh_home: Path) -> None:
    db_path, _ = pipeline
    args = ("--db", str(db_path))
    # an unknown id is bad input: exit 2, before asking anything (stdin is closed: a prompt would abort)
    bad = voicehist("forget", "1", "9999", *args, home=vh_home)
    assert bad.returncode == 2 and "9999" in bad.stderr and "Traceback" not in bad.stderr
    nothing = voicehist("forget", *args, home=vh_home)
    assert nothing.returncode == 2 and "which clips" in nothing.stderr
    # asking, and the user says no: nothing changes
    no = voicehist("forget", "--device", "Kitchen Echo", *args, home=vh_home, stdin_text="n\n")
    assert no.returncode == 1 and "2 clip(s)" in no.stderr  # a "no" is not an interrupt (130)
    assert "Nothing forgotten." in no.stderr and "Aborted" not in no.stderr
    db = open_db(db_path)
    assert not any(r.forgotten_at for r in list_clips(db))
    db.close()
    by_device = voicehist("forget", "--device", "Kitchen Echo", "--yes", "--json", *args, home=vh_home)
    assert by_device.returncode == 0, by_device.stderr
    assert json.loads(by_device.stdout)["clips"] == 2
    db = open_db(db_path)
    forgotten = {r.device for r in list_clips(db) if r.forgotten_at}
    assert forgotten == {"Kitchen Echo"}
    # `list` marks a forgotten clip, in the table and in JSON
    listed = voicehist("list", *args, home=vh_home, env={**cli_env(vh_home), "COLUMNS": "100"})
    marked = [line for line in listed.stdout.splitlines() if "forgotten" in line]
    assert len(marked) == 2 and all("Kitchen" in line for line in marked), listed.stdout
    doc = json.loads(voicehist("list", "--json", *args, home=vh_home).stdout)
    assert sum(c["forgotten"] for c in doc["clips"]) == 2
    live = [r for r in list_clips(db) if not r.forgotten_at]
    db.execute("UPDATE clips SET selected = 1 WHERE id = ?", [live[0].id])
    db.conn.commit()
    db.close()
    sel = voicehist("forget", "--selected", "--yes", "--json", *args, home=vh_home)
    assert sel.returncode == 0 and json.loads(sel.stdout)["clips"] == 1
    db = open_db(db_path)
    first, second = get_clip(db, live[0].id), get_clip(db, live[1].id)
    assert first is not None and second is not None and first.forgotten_at and not second.forgotten_at
    db.close()


def test_audio_shared_with_a_live_clip_stays(pipeline, vh_home: Path) -> None:
    from voicehist.store.forget import forget_clips

    db_path, _ = pipeline
    db = open_db(db_path)
    a, b = list_clips(db)[:2]
    db.execute("UPDATE clips SET audio_path = ? WHERE id = ?", [a.audio_path, b.id])
    db.conn.commit()
    summary = forget_clips(db, [a.id])
    assert summary.audio_files_removed == 0 and (audio_dir_of(db) / (a.audio_path or "")).read_bytes()[:4] == b"RIFF"
    db.close()
