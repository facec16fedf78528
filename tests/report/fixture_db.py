"""A small database whose report figures are counted by hand in tests/report/test_figures.py.

Nine clips: two vendors, three named devices and one clip without a device, one clip without a time, two
without audio, a user decision overriding the detector each way, a hostile transcript.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from voicehist.store import open_db

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)>"

# number, id, vendor, recorded_at, device, duration (None = no audio), vendor transcript, local transcript,
# automatic label, reasons, user decision
CLIPS: list[tuple[Any, ...]] = [
    (
        1,
        "c1",
        "alexa",
        "2024-01-15T08:10:00.000Z",
        "Kitchen Echo",
        3.0,
        "what's the weather",
        "What's the weather?",
        "intended",
        [],
        None,
    ),
    (
        2,
        "c2",
        "alexa",
        "2024-01-15T21:05:00.000Z",
        "Kitchen Echo",
        8.5,
        "Audio was not intended for this device",
        "so then she said call me at five five five one two three four",
        "accidental",
        ["no wake word in the first words heard ('so then she')", "8.5 s of conversation, no request"],
        None,
    ),
    (
        3,
        "c3",
        "alexa",
        "2024-01-16T08:12:00.000Z",
        "Kitchen Echo",
        2.0,
        None,
        "Alexa, what's the weather?",
        "intended",
        ["wake word 'alexa' among the first words heard"],
        None,
    ),
    (
        4,
        "c4",
        "alexa",
        "2024-02-03T23:30:00.000Z",
        "Bedroom Dot",
        12.0,
        "Audio could not be understood",
        "",
        "accidental",
        ["silence / no speech (audio peaks at -60 dBFS)"],
        "not_accidental",
    ),
    (
        5,
        "c5",
        "alexa",
        "2024-02-04T02:00:00.000Z",
        "Bedroom Dot",
        6.0,
        "what's my schedule",
        "my pin is four four nine one and the doctor said my diabetes is fine",
        "intended",
        [],
        "accidental",
    ),
    (
        6,
        "c6",
        "google",
        "2024-02-10T14:00:00.000Z",
        None,
        4.0,
        "set a timer for ten minutes",
        "Set a timer for ten minutes.",
        "intended",
        [],
        None,
    ),
    (7, "c7", "google", None, "Nest Mini", None, "play jazz", None, None, None, None),
    (
        8,
        "c8",
        "alexa",
        "2024-03-01T12:00:00.000Z",
        "Kitchen Echo",
        None,
        "call Sarah at 206-555-0188",
        None,
        "accidental",
        ["vendor marked: audio was not intended for this device"],
        None,
    ),
    (
        9,
        "c9",
        "alexa",
        "2024-03-02T10:00:00.000Z",
        "Kitchen Echo",
        5.0,
        "Audio was not intended for this device",
        HOSTILE,
        "accidental",
        ["vendor marked: audio was not intended for this device", "silence / no speech (audio peaks at -55 dBFS)"],
        None,
    ),
]


def build(path: Path) -> Path:
    db = open_db(path)
    with db.atomic():
        for number, cid, vendor, at, device, duration, vtext, text, label, reasons, decision in CLIPS:
            has_audio = duration is not None
            db.table("clips").insert(
                {
                    "id": cid,
                    "number": number,
                    "vendor": vendor,
                    "recorded_at": at,
                    "recorded_raw": at,
                    "device": device,
                    "vendor_transcript": vtext,
                    "transcript": text,
                    "transcript_status": "done" if has_audio else "no_audio",
                    "audio_path": f"ab/{cid}.wav" if has_audio else None,
                    "audio_name": f"{cid}.wav" if has_audio else None,
                    "duration": duration,
                    "imported_at": "2024-04-01T00:00:00.000Z",
                }
            )
            if label is not None or decision is not None:
                db.table("flags").insert(
                    {
                        "clip_id": cid,
                        "score": 0.9 if label == "accidental" else 0.1,
                        "label": label,
                        "reasons": json.dumps(reasons),
                        "detector": "test",
                        "scored_at": "2024-04-01T00:00:00.000Z",
                        "decision": decision,
                        "decided_at": "2024-04-02T00:00:00.000Z" if decision else None,
                    }
                )
    db.close()
    return path


def add_requests(db: Any) -> None:
    """Three tracked deletion requests in the shape of migration m006_requests (dates, no status column)."""
    if not db.table("requests").exists():
        db.table("requests").create(
            {"id": int, "vendor": str, "law": str, "created_at": str, "sent_on": str, "answered_on": str,
             "extended_on": str, "done_on": str, "access": int, "requester": str, "format": str, "file": str,
             "clips": int, "last_checked_at": str, "still_present": int, "gone": int, "unverifiable": int},
            pk="id",
        )  # fmt: skip
    db.table("requests").insert_all(
        [
            {"id": 1, "vendor": "amazon", "law": "gdpr", "created_at": "2024-03-01T10:00:00Z", "sent_on": "2024-03-02",
             "clips": 2},
            {"id": 2, "vendor": "google", "law": "ccpa", "created_at": "2024-04-02T09:00:00Z", "clips": 1},
            {"id": 3, "vendor": "amazon", "law": "gdpr", "created_at": "2024-01-02T09:00:00Z", "sent_on": "2024-01-03",
             "answered_on": "2024-01-20", "clips": 4},
        ]
    )  # fmt: skip
