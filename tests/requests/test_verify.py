"""`voicehist verify`: a later export, zipped at test time, against the requests made from an earlier one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.requests.helpers import alexa_archive, alexa_json, alexa_row, google_takeout, uid
from tests.requests.test_tracking import vh
from voicehist.store import open_db

K, L, B = "Kitchen Echo Dot", "Living Room Echo", "Bedroom Echo"
EARLIER = {
    "a0": alexa_row("2026-02-01T08:00:00.000Z", K, "long before the later export begins", "a0", 20),
    "a1": alexa_row("2026-03-04T10:00:00.000Z", K, "deleted as asked", "a1", 21),
    "a2": alexa_row("2026-03-05T10:00:00.000Z", L, "still there by its id", "a2", 22),
    "a3": alexa_row("2026-03-06T10:00:00.000Z", L, "still there by its audio", "a3", 23),
    "a4": alexa_row("2026-03-07T10:00:00.000Z", K, "still there by time and device", "a4", 24),
    "a5": alexa_row("2026-03-08T10:00:00.000Z", B, "gone; another clip 5 s later", "a5", 25),
}
LATER = [
    alexa_row("2026-03-01T07:00:00.000Z", K, "early clip of the later export", "e0", 30),
    EARLIER["a2"],
    {**alexa_row("2026-03-06T10:00:00.000Z", L, "still there by its audio", "a3-new-id", 23)},  # same audio
    alexa_row("2026-03-07T10:00:01.000Z", K, "still there, re-timed by 1 s", "a4-new-id", 31),
    alexa_row("2026-03-08T10:00:05.000Z", B, "a different clip 5 s later", "a5-other", 32),
    alexa_row("2026-03-10T09:00:00.000Z", L, "new after the request", "n1", 33),
    alexa_row("2026-03-20T09:00:00.000Z", K, "also new", "n2", 34),
]
J1 = uid("2026-03-06T12:00:00Z", "j1")


@pytest.fixture
def earlier(vh_home: Path, tmp_path: Path, capsys) -> dict[str, str]:
    """The earlier exports imported and one Amazon request (every Amazon clip) and one Google request made."""
    a = alexa_archive(tmp_path / "earlier.zip", list(EARLIER.values()))
    j = alexa_json(tmp_path / "history.json", 1772798400000, J1, "from the voice-history page", "Big Sky")
    g = google_takeout(tmp_path / "takeout.zip", [("2026-04-01T09:00:00.000Z", "hello", 40)])
    rc, _, err = vh(capsys, "import", str(a), str(j), str(g))
    assert rc == 0, err
    rc, _, err = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", "-o", str(tmp_path / "r1.md"))
    assert rc == 0 and "Request 1 stored: 7 Amazon clip(s)" in err
    rc, _, err = vh(capsys, "request", "--vendor", "google", "--law", "gdpr", "-o", str(tmp_path / "r2.md"))
    assert rc == 0 and "Request 2 stored" in err
    ids = {k: r["uid"] for k, r in EARLIER.items()}
    ids["j1"] = J1
    return ids


def test_verify_against_a_later_export(earlier: dict[str, str], tmp_path: Path, capsys) -> None:
    later = alexa_archive(tmp_path / "later.zip", LATER)
    rc, out, err = vh(capsys, "verify", str(later), "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert set(doc) == {"requests", "import", "new_clips"}
    assert doc["import"]["new"] == 6 and doc["import"]["existing"] == 1  # a2 was already there
    r1, r2 = doc["requests"]
    assert list(r1) == ["id", "vendor", "law", "checked", "export", "still_present", "gone", "unverifiable"]
    assert [list(i) for i in r1["gone"]] == [["id", "number", "vendor_id"]] * 2  # a reason only when unverifiable
    assert all(list(u) == ["id", "number", "vendor_id", "reason"] for u in r1["unverifiable"])
    assert list(doc["new_clips"][0]) == ["id", "number", "transcribed", "transcript_status", "scored"]
    assert (r1["id"], r1["vendor"], r1["export"]) == (1, "amazon", "later.zip")
    assert sorted(i["id"] for i in r1["still_present"]) == sorted([earlier["a2"], earlier["a3"], earlier["a4"]])
    assert sorted(i["id"] for i in r1["gone"]) == sorted([earlier["a1"], earlier["a5"]])
    # every clip by its number beside its id, as the text output and every other command name it
    assert sorted(i["number"] for i in r1["still_present"]) == [3, 4, 5]
    assert all(i["vendor_id"] == i["id"] for i in r1["gone"])
    reasons = {u["id"]: u["reason"] for u in r1["unverifiable"]}
    assert all(isinstance(u["number"], int) for u in r1["unverifiable"])
    # the clips the later export added are named
    assert sorted(c["number"] for c in doc["new_clips"]) == [9, 10, 11, 12, 13, 14]
    assert not any(c["transcribed"] for c in doc["new_clips"])
    assert set(reasons) == {earlier["a0"], earlier["j1"]}
    assert (
        "outside the time the later export covers (2026-03-01T07:00:00 to 2026-03-20T09:00:00)"
        in reasons[earlier["a0"]]
    )
    assert "Alexa voice-history JSON" in reasons[earlier["j1"]] and "different kind" in reasons[earlier["j1"]]
    assert r2["vendor"] == "google" and r2["still_present"] == [] and r2["gone"] == []
    assert r2["unverifiable"][0]["reason"] == "no export of Google was given"

    # the new clips were imported as by `voicehist import`
    rc, out, _ = vh(capsys, "list", "--json", "--query", "new")
    assert {c["vendor_transcript"] for c in json.loads(out)["clips"]} == {"new after the request", "also new"}

    # the result is stored on the request and shown; the Google request was not checked, so nothing is stored
    rc, out, _ = vh(capsys, "requests", "--json")
    t1, t2 = json.loads(out)["requests"]
    assert (t1["still_present"], t1["gone"], t1["unverifiable"], t1["all_gone"]) == (3, 2, 2, False)
    assert t1["last_checked"] and t2["last_checked"] is None
    rc, out, _ = vh(capsys, "requests")
    assert "Request 1, checked" in out and "2 gone, 3 still present, 2 unverifiable" in out
    rc, _, err = vh(capsys, "requests", "mark", "1", "done")
    assert rc == 2 and "3 clip(s) were still present" in err
    db = open_db()
    try:
        stored = {r["clip_id"]: r["result"] for r in db.query("SELECT clip_id, result FROM request_items")}
    finally:
        db.close()
    assert stored[earlier["a1"]] == "gone" and stored[earlier["a4"]] == "still_present"

    # each clip says what the vendor did: list --json, the list's column and filter, show
    rc, out, _ = vh(capsys, "list", "--json", "--vendor-status", "still-present")
    present = json.loads(out)["clips"]
    assert sorted(c["number"] for c in present) == [3, 4, 5]
    status = present[0]["vendor_status"]
    assert status["state"] == "still_present" and status["request"] == 1 and status["export"] == "later.zip"
    assert status["checked"].endswith("Z")  # JSON keeps UTC
    rc, out, _ = vh(capsys, "list", "--json", "--vendor-status", "gone")
    assert sorted(c["number"] for c in json.loads(out)["clips"]) == [2, 6]
    rc, out, _ = vh(capsys, "list", "--vendor-status", "gone")
    assert "vendor" in out and out.count("gone") >= 2
    rc, out, _ = vh(capsys, "export", "--vendor-status", "gone", "--format", "csv")
    rows = out.splitlines()
    assert rows[0].endswith(",vendor_status,vendor_status_checked") and len(rows) == 3
    assert all(",gone," in r for r in rows[1:])
    rc, out, _ = vh(capsys, "show", "2")
    assert "gone at the vendor (verified" in " ".join(out.split()) and "later.zip" in out
    rc, out, _ = vh(capsys, "list", "--json", "--vendor-status", "unchecked", "--vendor", "google")
    assert [c["vendor_status"] for c in json.loads(out)["clips"]] == [None]

    # the human summary names clips by number, and the clips the export added
    rc, out, err = vh(capsys, "verify", str(later))
    assert rc == 0 and "Request 1 (amazon, gdpr, 7 clip(s), checked" in out
    assert "2 gone, 3 still present, 2 unverifiable" in out
    assert "still present: #3, #4, #5" in out


def test_request_whose_clips_are_all_gone_can_be_done(earlier: dict[str, str], tmp_path: Path, capsys) -> None:
    rc, _, err = vh(capsys, "request", "--vendor", "amazon", "--law", "gdpr", "--ids", "2,6", "--dry-run")
    assert rc == 0
    rc, _, err = vh(
        capsys, "request", "--vendor", "amazon", "--law", "gdpr", "--ids", "2,6", "-o", str(tmp_path / "r3.txt")
    )
    assert rc == 0 and "Request 3 stored: 2 Amazon clip(s)" in err
    rc, out, _ = vh(capsys, "verify", str(alexa_archive(tmp_path / "later.zip", LATER)), "--json")
    r3 = json.loads(out)["requests"][2]
    assert sorted(i["id"] for i in r3["gone"]) == sorted([earlier["a1"], earlier["a5"]]) and not r3["still_present"]
    rc, out, _ = vh(capsys, "requests")
    assert "Request 3: every clip is gone: voicehist requests mark 3 done" in out
    rc, out, _ = vh(capsys, "requests", "mark", "3", "done", "--json")
    assert rc == 0 and json.loads(out)["status"] == "done"
    # a done request is no longer checked
    rc, out, _ = vh(capsys, "verify", str(tmp_path / "later.zip"), "--json")
    assert [r["id"] for r in json.loads(out)["requests"]] == [1, 2]


def test_verify_bad_path_is_an_error(earlier: dict[str, str], tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    rc, out, err = vh(capsys, "verify", str(tmp_path / "notes.txt"), "--json")
    assert rc == 2 and out == "" and "not a voice-history export" in err
    rc, out, _ = vh(capsys, "requests", "--json")
    assert all(r["last_checked"] is None for r in json.loads(out)["requests"])


def test_verify_with_the_same_export_says_it_is_no_news(earlier: dict[str, str], tmp_path: Path, capsys) -> None:
    rc, out, err = vh(capsys, "verify", str(tmp_path / "earlier.zip"))
    assert rc == 0 and "had been imported before" in err
    assert "Request 1 (amazon, gdpr, 7 clip(s), checked" in out and "0 gone, 6 still present, 1 unverifiable" in out
    rc, out, _ = vh(capsys, "requests", "--json")
    assert all(r["last_checked"] is None for r in json.loads(out)["requests"])  # no news is no evidence


def test_verify_transcribes_and_scores_the_new_clips(earlier: dict[str, str], tmp_path: Path, capsys) -> None:
    """--transcribe runs the bundled model on the clips the later export added and scores them; the summary
    names them as done."""
    later = alexa_archive(tmp_path / "later.zip", [EARLIER["a2"], LATER[5], LATER[6]])  # two new clips
    rc, out, err = vh(capsys, "verify", str(later), "--transcribe", "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert [(c["transcript_status"], c["scored"]) for c in doc["new_clips"]] == [("done", True), ("done", True)]
    assert doc["transcribed"]["transcription"]["done"] >= 2 and doc["transcribed"]["scored"] >= 2
    rc, out, _ = vh(capsys, "list", "--json", "--query", "new")
    assert all(c["score"] is not None for c in json.loads(out)["clips"])
    rc, out, _ = vh(capsys, "verify", str(later))  # nothing left to do: said so
    assert "not transcribed or scored yet" not in out
