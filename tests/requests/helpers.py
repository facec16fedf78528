"""Exports for the request tests, zipped at test time with real audio (tests/importers/helpers.py)."""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.importers.helpers import make_zip, mp3, wav

HEADER = [
    "Timestamp (UTC)",
    "Device",
    "Utterance Type",
    "Customer Transcript",
    "Alexa Response",
    "Utterance ID",
    "Audio File",
    "Skill Name",
]
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} \x1b[2J | *bold* [x](http://e.vil)"
FIXED_NOW = _dt.datetime(2026, 11, 25, 9, 30, tzinfo=_dt.UTC)


def plain_body(msg: EmailMessage) -> str:
    """The text/plain body of an e-mail draft (a letter, a reminder, a complaint)."""
    part = msg.get_body(("plain",))
    assert part is not None, "the e-mail has no text/plain body"
    return str(part.get_content())


def uid(when: str, seed: str, serial: str = "G090LF1186470KQ7") -> str:
    t = _dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    u = hashlib.sha1(seed.encode()).hexdigest()
    tail = f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}"
    return f"A3S5BH2HU6VAYF:1.0/{t:%Y/%m/%d/%H}/{serial}/{t:%M:%S}::TNIH_2V.{tail}LPM"


def alexa_row(when: str, device: str, text: str, seed: str, audio_seed: int, skill: str = "") -> dict[str, Any]:
    return {
        "when": when,
        "device": device,
        "text": text,
        "uid": uid(when, seed),
        "audio_seed": audio_seed,
        "skill": skill,
    }


def alexa_archive(path: Path, rows: list[dict[str, Any]]) -> Path:
    """An Amazon request-your-data zip: the voice-history CSV and one WAV per row."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    files: dict[str, bytes | str] = {"Alexa/README.txt": "Your data."}
    for r in rows:
        name = f"{r['when'][:19].replace(':', '-')}_{hashlib.sha1(r['uid'].encode()).hexdigest()[:8]}.wav"
        w.writerow([r["when"], r["device"], "GENERAL", r["text"], "", r["uid"], name, r["skill"]])
        files[f"Alexa/Alexa.VoiceHistory/{name}"] = wav(seconds=0.4, seed=r["audio_seed"])
    files["Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv"] = "\ufeff" + buf.getvalue()
    return make_zip(path, files)


def alexa_json(path: Path, when_ms: int, utterance_id: str, text: str, skill: str) -> Path:
    record = {
        "recordKey": f"A1CUST#{when_ms}#A3S5BH2HU6VAYF#G090LF1186470KQ7",
        "recordType": "VOICE_HISTORY",
        "timestamp": when_ms,
        "device": {"deviceName": "Kitchen Echo Dot"},
        "utteranceType": "GENERAL",
        "skillName": skill,
        "voiceHistoryRecordItems": [
            {
                "recordItemType": "CUSTOMER_TRANSCRIPT",
                "transcriptText": text,
                "utteranceId": utterance_id,
                "timestamp": when_ms,
                "personsInfo": [],
            }
        ],
    }
    path.write_text(json.dumps({"customerHistoryRecords": [record]}), encoding="utf-8")
    return path


def google_takeout(path: Path, entries: list[tuple[str, str, int]]) -> Path:
    """A Takeout zip: My Activity/Assistant/MyActivity.json and one mp3 per (time, said, seed) entry."""
    files: dict[str, bytes | str] = {"Takeout/archive_browser.html": "<html></html>"}
    items = []
    for when, said, seed in entries:
        t = _dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
        name = t.strftime("%Y-%m-%d_%H_%M_%S_000_UTC.mp3")
        files[f"Takeout/My Activity/Assistant/{name}"] = mp3(seconds=0.4, seed=seed)
        items.append(
            {
                "header": "Assistant",
                "title": f"Said {said}",
                "time": when,
                "products": ["Assistant"],
                "details": [{"name": "Started by hotword"}],
                "audioFiles": [name],
            }
        )
    files["Takeout/My Activity/Assistant/MyActivity.json"] = json.dumps(items, indent=1)
    return make_zip(path, files)


# The account the golden letters are about: six Alexa recordings over three days in an archive, one from the
# voice-history JSON (naming a skill), and three Google Assistant recordings.
ALEXA_ROWS = [
    alexa_row("2026-03-02T07:41:12.000Z", "Kitchen Echo Dot", "what time is it", "a1", 1),
    alexa_row("2026-03-02T19:05:47.000Z", "Kitchen Echo Dot", "audio was not intended for this device", "a2", 2),
    alexa_row("2026-03-03T20:16:03.000Z", "Living Room Echo", "the election results are in", "a3", 3, "NPR News"),
    alexa_row("2026-03-03T22:40:00.000Z", "Living Room Echo", "", "a4", 4),
    alexa_row("2026-03-09T06:55:20.000Z", "Bedroom Echo", "alexa stop", "a5", 5),
    alexa_row("2026-03-09T06:58:02.000Z", "Bedroom Echo", HOSTILE, "a6", 6),
]
JSON_WHEN_MS = 1772960400000  # 2026-03-08T09:00:00Z
JSON_UID = uid("2026-03-08T09:00:00Z", "j1")
GOOGLE_ENTRIES = [
    ("2026-04-01T09:00:00.000Z", "ok cool let's go", 11),
    ("2026-04-01T10:12:30.000Z", "what's the weather", 12),
    ("2026-04-03T21:05:09.000Z", "turn off the lights", 13),
]


def account(tmp: Path) -> list[Path]:
    return [
        alexa_archive(tmp / "amazon.zip", ALEXA_ROWS),
        alexa_json(tmp / "voice_history.json", JSON_WHEN_MS, JSON_UID, "play the news briefing", "Big Sky"),
        google_takeout(tmp / "takeout.zip", GOOGLE_ENTRIES),
    ]
