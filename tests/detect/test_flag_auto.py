"""flag_auto against a real SQLite store, the split-pair logic, and `voicehist flag` end to end."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from tests.conftest import FIXTURES
from voicehist.cli import main
from voicehist.config import DetectConfig
from voicehist.detect import audio_level_dbfs, flag_auto, pair_roles
from voicehist.store import audio_dir_of, open_db
from voicehist.store.flags import UnknownClipId, get_flag, resolve_ids
from voicehist.store.queries import get_clip, set_decision

SPEECH = FIXTURES / "speech"
STEM = "A3S5BH2HU6VAYF:1.0/2026/03/02/07/G090LF1186470KQ7/41:12::TNIH_2V.1b7c0f52-55d2-4e57-9a11-c3f1b1f6a0"


def add_clip(db: Database, cid: str, *, heard: str | None, vendor_text: str, wav: str | None, when: str,
             kind: str = "GENERAL", vendor_id: str | None = None, device: str = "Kitchen") -> None:  # fmt: skip
    audio_path = None
    if wav:
        dest = audio_dir_of(db) / "t" / wav
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SPEECH / wav, dest)
        audio_path = f"t/{wav}"
    db.table("clips").insert(
        {"id": cid, "vendor": "alexa", "recorded_at": when, "device": device, "vendor_transcript": vendor_text,
         "vendor_kind": kind, "vendor_id": vendor_id if vendor_id is not None else cid, "audio_path": audio_path,
         "audio_name": wav, "duration": 3.0, "transcript_status": "pending" if heard is None else "done"}
    )  # fmt: skip
    if heard is None:
        return
    tid = db.table("transcripts").insert(
        {"clip_id": cid, "engine": "faster-whisper", "model": "tiny.en", "text": heard, "language": "en",
         "avg_logprob": -0.3, "no_speech_prob": 0.1 if heard else 0.95, "confidence": 0.9}
    ).last_pk  # fmt: skip
    for i, w in enumerate(heard.split()):
        db.table("words").insert({"transcript_id": tid, "idx": i, "word": " " + w, "start": 0.3 + 0.4 * i,
                            "end": 0.6 + 0.4 * i, "probability": 0.9})  # fmt: skip
    db.table("clips").update(cid, {"transcript": heard, "transcript_id": tid})


@pytest.fixture
def filled(db: Database) -> Database:
    add_clip(db, "c-int", heard="Alexa, what time is it?", vendor_text="what time is it", wav="int01_time.wav",
             when="2026-03-01T08:00:00Z")  # fmt: skip
    add_clip(db, "c-acc", heard="The election results were unacceptable.", vendor_text="results were unacceptable",
             wav="acc02_election.wav", when="2026-03-01T09:00:00Z")  # fmt: skip
    add_clip(db, "c-noise", heard="", vendor_text="audio could not be understood", wav="noise3_silence.wav",
             when="2026-03-01T10:00:00Z")  # fmt: skip
    add_clip(db, STEM + "/0", heard="Alexa", vendor_text="Text not available", wav="pair1_0_wake.wav",
             when="2026-03-01T11:00:00Z", kind="WAKE_WORD_ONLY")  # fmt: skip
    add_clip(db, STEM + "/1", heard="Turn up the heat a little.", vendor_text="turn up the heat a little",
             wav="pair1_1_heat.wav", when="2026-03-01T11:00:06Z")  # fmt: skip
    add_clip(db, "c-broken", heard=None, vendor_text="turn off the hallway light", wav=None,
             when="2026-03-01T12:00:00Z")  # fmt: skip
    db.table("clips").update("c-broken", {"audio_problem": "cannot be decoded as WAV", "transcript_status": "no_audio"})
    return db


def labels(db: Database) -> dict[str, Any]:
    return {r["id"]: r["auto_label"] for r in db.query("SELECT id, auto_label FROM clip_view")}


def test_flag_auto_scores_every_clip_with_reasons(filled: Database) -> None:
    seen: list[tuple[int, int, str]] = []
    summary = flag_auto(filled, progress=lambda d, t, s: seen.append((d, t, s)))
    assert labels(filled) == {
        "c-int": "intended",
        "c-acc": "accidental",
        "c-noise": "accidental",
        STEM + "/0": "intended",
        STEM + "/1": "intended",
        "c-broken": "unknown",
    }
    assert (summary.scored, summary.accidental, summary.intended, summary.unknown) == (6, 2, 3, 1)
    assert seen[0] == (0, 6, "scoring clips") and seen[-1][:2] == (6, 6)
    flag = get_flag(filled, "c-noise")
    assert flag is not None and (flag.detector or "").startswith("voicehist-detect/1")
    assert flag.scored_at and flag.decision is None
    assert flag.reasons[0] == "silence / no speech (audio peaks at -70 dBFS)"
    assert get_flag(filled, STEM + "/1").reasons[0].startswith("second half of a split request")  # type: ignore[union-attr]
    assert json.loads(json.dumps(summary.to_json()))["accidental"] == 2


def test_rerunning_never_overrides_the_users_decision(filled: Database) -> None:
    set_decision(filled, ["c-acc"], "not_accidental")
    set_decision(filled, ["c-int"], "accidental")
    flag_auto(filled)
    flag_auto(filled, config=replace(DetectConfig(), threshold=0.3))
    acc, intended = get_clip(filled, "c-acc"), get_clip(filled, "c-int")
    assert acc is not None and intended is not None
    assert (acc.decision, acc.auto_label, acc.flagged) == ("not_accidental", "accidental", 0)
    assert (intended.decision, intended.auto_label, intended.flagged) == ("accidental", "intended", 1)


def test_cancel_keeps_finished_batches(filled: Database) -> None:
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 1  # let the first batch through

    # without the audio's wake-word evidence, cancel is asked once per batch (with it, also before each clip
    # whose audio is asked: test_vendor_first.py covers that)
    summary = flag_auto(filled, cancel=cancel, batch=2, config=replace(DetectConfig(), wake_audio=False))
    assert summary.cancelled and summary.scored == 2
    assert sum(1 for v in labels(filled).values() if v) == 2


def test_pairs_found_by_utterance_id_and_by_neighbours() -> None:
    rows: list[dict[str, Any]] = [
        {"id": "a/0", "vendor_id": STEM + "/0", "vendor": "alexa", "device": "K", "recorded_at": "2026-01-01T10:00:00Z",
         "vendor_kind": "WAKE_WORD_ONLY", "vendor_transcript": "Text not available"},
        {"id": "a/1", "vendor_id": STEM + "/1", "vendor": "alexa", "device": "K", "recorded_at": "2026-01-01T10:00:05Z",
         "vendor_kind": "GENERAL", "vendor_transcript": "stop"},
        # no /n ids: a wake-word-only record then a request on the same device 4 s later
        {"id": "b0", "vendor_id": None, "vendor": "alexa", "device": "L", "recorded_at": "2026-01-02T10:00:00Z",
         "vendor_kind": None, "vendor_transcript": "Text not available"},
        {"id": "b1", "vendor_id": None, "vendor": "alexa", "device": "L", "recorded_at": "2026-01-02T10:00:04Z",
         "vendor_kind": None, "vendor_transcript": "play jazz"},
        # too far apart, or on another device: not a pair
        {"id": "c0", "vendor_id": None, "vendor": "alexa", "device": "L", "recorded_at": "2026-01-03T10:00:00Z",
         "vendor_kind": "WAKE_WORD_ONLY", "vendor_transcript": ""},
        {"id": "c1", "vendor_id": None, "vendor": "alexa", "device": "L", "recorded_at": "2026-01-03T10:05:00Z",
         "vendor_kind": "GENERAL", "vendor_transcript": "play jazz"},
        {"id": "d0", "vendor_id": None, "vendor": "alexa", "device": "M", "recorded_at": "2026-01-03T10:04:59Z",
         "vendor_kind": "GENERAL", "vendor_transcript": "what time is it"},
    ]  # fmt: skip
    roles = pair_roles(rows)
    assert roles == {"a/0": ("first", "a/1"), "a/1": ("second", "a/0"), "b0": ("first", "b1"), "b1": ("second", "b0")}


def test_audio_level_on_real_clips(tmp_path: Path) -> None:
    speech = audio_level_dbfs(SPEECH / "int01_time.wav")
    silence = audio_level_dbfs(SPEECH / "noise3_silence.wav")
    assert speech is not None and silence is not None and speech > -20 and silence < -60
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    assert audio_level_dbfs(bad) is None


def test_resolve_ids(filled: Database) -> None:
    assert resolve_ids(filled, ["c-int", "c-ac"]) == ["c-int", "c-acc"]
    assert resolve_ids(filled, ["1b7c0f52-55d2-4e57-9a11-c3f1b1f6a0/1"]) == [STEM + "/1"]  # a piece of a long id
    with pytest.raises(UnknownClipId, match="'c-' is ambiguous"):
        resolve_ids(filled, ["c-"])
    with pytest.raises(UnknownClipId, match="no clip id starts with or contains 'zzz'"):
        resolve_ids(filled, ["zzz"])


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out, err = capsys.readouterr()
    return int(e.value.code or 0), out, err


def test_cli_flag_and_list(filled: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled.close()
    code, out, _ = run_cli(capsys, "flag", "--auto", "--json", "--db", str(db_path))
    assert code == 0 and json.loads(out)["accidental"] == 2
    code, out, _ = run_cli(capsys, "list", "--flagged", "--json", "--db", str(db_path))
    doc = json.loads(out)
    assert {c["id"] for c in doc["clips"]} == {"c-acc", "c-noise"}
    acc = next(c for c in doc["clips"] if c["id"] == "c-acc")
    assert acc["score"] > 0.8 and "near-miss word 'election' where the wake word would be" in acc["reasons"]

    code, out, _ = run_cli(capsys, "flag", "--clear", "c-ac", "--json", "--db", str(db_path))
    assert code == 0 and json.loads(out) == {"action": "clear", "decision": "not_accidental", "changed": 1,
                                             "ids": ["c-acc"]}  # fmt: skip
    code, out, _ = run_cli(capsys, "flag", "--set", "c-int", "--db", str(db_path))
    assert code == 0 and "1 clip(s) marked accidental" in out
    code, out, _ = run_cli(capsys, "flag", "--auto", "--db", str(db_path))  # re-running keeps both decisions
    # the unknown clips and the accidental examples each under their own heading, unknown first
    assert "Unknown (1):" in out and "Scored accidental" in out
    unknown_at, examples_at = out.index("Unknown (1):"), out.index("Scored accidental")
    assert unknown_at < examples_at and "c-acc" in out[examples_at:] and "c-acc" not in out[unknown_at:examples_at]
    code, out, _ = run_cli(capsys, "list", "--flagged", "--json", "--db", str(db_path))
    assert {c["id"] for c in json.loads(out)["clips"]} == {"c-int", "c-noise"}

    store = open_db(db_path)
    store.table("clips").update("c-noise", {"selected": 1})
    store.close()
    code, out, _ = run_cli(capsys, "flag", "--unset", "c-int", "--all-selected", "--json", "--db", str(db_path))
    assert code == 0 and set(json.loads(out)["ids"]) == {"c-int", "c-noise"}
    code, out, _ = run_cli(capsys, "list", "--flagged", "--json", "--db", str(db_path))
    assert {c["id"] for c in json.loads(out)["clips"]} == {"c-noise"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["flag"], "choose exactly one of --auto, --set, --clear, --unset"),
        (["flag", "--set", "--clear", "c-int"], "choose exactly one"),
        (["flag", "--set"], "--set needs clip ids"),
        (["flag", "--set", "nope"], "no clip id starts with or contains 'nope'"),
        (["flag", "--auto", "c-int"], "--auto scores every clip; it takes no ids"),
    ],
)
def test_cli_flag_errors(filled: Database, db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                         message: str) -> None:  # fmt: skip
    code, out, err = run_cli(capsys, *args, "--db", str(db_path))
    assert code == 2 and message in " ".join(err.split()) and "Traceback" not in err + out


def test_label_counts_and_clearing_scores_keeps_decisions(filled: Database) -> None:
    from voicehist.store.flags import clear_scores, label_counts

    assert label_counts(filled)["unscored"] == 6
    flag_auto(filled)
    set_decision(filled, ["c-int"], "accidental")
    assert label_counts(filled) == {"accidental": 2, "intended": 3, "unknown": 1, "unscored": 0, "decided": 1}
    clear_scores(filled)
    kept = get_flag(filled, "c-int")
    assert kept is not None and kept.decision == "accidental" and kept.score is None
    assert get_flag(filled, "c-acc") is None


def test_labels_files_in_json_and_csv(tmp_path: Path) -> None:
    from voicehist.detect.evaluate import LabelsError, load_labels

    (tmp_path / "l.json").write_text(json.dumps({"a.wav": "accidental", "b": "intended"}))
    assert load_labels(tmp_path / "l.json") == {"a.wav": "accidental", "b": "intended"}
    (tmp_path / "l.csv").write_text("Utterance ID,Audio File,Label\nu1,a.wav,accidental\nu2,,wake_only\n")
    assert load_labels(tmp_path / "l.csv") == {"u1": "accidental", "a.wav": "accidental", "u2": "wake_only"}
    (tmp_path / "empty.json").write_text("[]")
    with pytest.raises(LabelsError, match="holds no labels"):
        load_labels(tmp_path / "empty.json")


def test_changed_weights_are_recorded_with_the_scores(filled: Database) -> None:
    flag_auto(filled)
    assert get_flag(filled, "c-acc").detector == "voicehist-detect/1 threshold=0.5"  # type: ignore[union-attr]
    cfg = DetectConfig()
    flag_auto(filled, config=replace(cfg, weights={**cfg.weights, "near_miss": 1.0, "prior": -1.0}))
    flag = get_flag(filled, "c-acc")
    assert flag is not None and flag.detector == "voicehist-detect/1 threshold=0.5 weights=near_miss:1,prior:-1"
