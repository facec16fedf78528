"""A small real database for TUI tests: real WAV files (espeak-ng and two human recordings), clips,
transcripts with word timestamps, and flags, written through sqlite-utils per voicehist's schema."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from voicehist.store import audio_dir_of, open_db

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"

# (id, recorded_at, device, vendor, vendor transcript, local words [(word, start, end, p)], score, label, reasons)
CLIPS: list[dict[str, Any]] = [
    {
        "id": "c01",
        "recorded_at": "2024-03-01T08:15:02.000Z",
        "device": "Kitchen Echo",
        "vendor": "alexa",
        "vendor_transcript": "what's the weather today",
        "say": "what is the weather today",
        "score": 0.05,
        "label": "intended",
        "reasons": [],
    },
    {
        "id": "c02",
        "recorded_at": "2024-03-02T21:40:11.000Z",
        "device": "Living Room Echo",
        "vendor": "alexa",
        "vendor_transcript": "Audio was not intended for Alexa",
        "say": "the election results were unacceptable",
        "score": 0.91,
        "label": "accidental",
        "reasons": ["vendor says: audio was not intended for this device", "contains 'election', a known false wake"],
    },
    {
        "id": "c03",
        "recorded_at": "2024-03-03T12:00:00.000Z",
        "device": "Kitchen Echo",
        "vendor": "alexa",
        "vendor_transcript": "Alexa",
        "real": "alexa_wakeword.wav",
        "score": 0.55,
        "label": "unknown",
        "reasons": ["wake word only"],
    },
    {
        "id": "c04",
        "recorded_at": "2024-03-04T19:30:45.000Z",
        "device": "Office Echo",
        "vendor": "alexa",
        "vendor_transcript": "turn on the office lights",
        "real": "office_lights_review.wav",
        "score": 0.72,
        "label": "accidental",
        "reasons": ["34 s long: far longer than a command"],
    },
    {
        "id": "g01",
        "recorded_at": "2024-03-05T07:05:00.000Z",
        "device": "Pixel 7",
        "vendor": "google",
        "vendor_transcript": "set a timer for ten minutes",
        "say": "set a timer for ten minutes",
        "score": 0.1,
        "label": "intended",
        "reasons": [],
    },
    {
        "id": "g02",
        "recorded_at": "2024-03-06T23:59:00.000Z",
        "device": "Nest Mini",
        "vendor": "google",
        "vendor_transcript": "",
        "say": "okay cool see you tomorrow then",
        "score": 0.8,
        "label": "accidental",
        "reasons": ["contains 'OK, cool', a known false wake"],
    },
    {
        "id": "g03",
        "recorded_at": "2024-02-28T10:00:00.000Z",
        "device": "Nest Mini",
        "vendor": "google",
        "vendor_transcript": "play some jazz",
        "audio_problem": "the export had no recording for this entry",
        "score": None,
        "label": None,
        "reasons": [],
    },
]


def _espeak(text: str, out: Path) -> None:
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "150", "-w", str(out), text], check=True)


def _even_words(text: str, duration: float) -> list[tuple[str, float, float, float]]:
    words = text.split()
    step = duration / max(1, len(words))
    return [
        (" " + w, round(i * step, 2), round((i + 1) * step, 2), 0.95 if i % 3 else 0.6) for i, w in enumerate(words)
    ]


def build(db_path: Path, audio_cache: Path | None = None) -> Path:
    """Create the test database at ``db_path`` (audio generated once into ``audio_cache``)."""
    import soundfile as sf

    db = open_db(db_path)
    store = audio_dir_of(db)
    store.mkdir(parents=True, exist_ok=True)
    cache = audio_cache or store
    cache.mkdir(parents=True, exist_ok=True)
    with db.atomic():
        db.table("sources").insert(
            {
                "id": 1,
                "fingerprint": "f1",
                "path": "/exports/alexa.zip",
                "name": "alexa.zip",
                "vendor": "alexa",
                "importer": "test",
                "first_imported_at": "2024-04-01T00:00:00Z",
                "last_imported_at": "2024-04-01T00:00:00Z",
                "clips_seen": 7,
                "clips_new": 7,
                "problems": "[]",
                "unrecognised": "[]",
            }
        )
        for tid, spec in enumerate(CLIPS, start=1):
            audio_path = sha = None
            duration = None
            if "say" in spec or "real" in spec:
                if "real" in spec:
                    src = REAL / spec["real"]
                else:
                    src = cache / f"{spec['id']}.wav"
                    if not src.exists():
                        _espeak(spec["say"], src)
                sha = hashlib.sha256(src.read_bytes()).hexdigest()
                audio_path = f"{sha[:2]}/{sha}.wav"
                (store / sha[:2]).mkdir(exist_ok=True)
                shutil.copyfile(src, store / audio_path)
                duration = sf.info(str(src)).duration
            text = spec.get("say") or (spec["vendor_transcript"] if "real" in spec else None)
            words = _even_words(text, duration) if text and duration else []
            db.table("clips").insert(
                {
                    "id": spec["id"],
                    "number": tid,
                    "vendor": spec["vendor"],
                    "source_id": 1,
                    "recorded_at": spec["recorded_at"],
                    "recorded_raw": spec["recorded_at"],
                    "device": spec["device"],
                    "vendor_transcript": spec["vendor_transcript"],
                    "vendor_id": f"vid-{spec['id']}",
                    "audio_name": f"{spec['id']}.wav" if audio_path else None,
                    "audio_path": audio_path,
                    "audio_sha256": sha,
                    "audio_format": "WAV" if audio_path else None,
                    "duration": duration,
                    "sample_rate": 16000 if audio_path else None,
                    "channels": 1 if audio_path else None,
                    "audio_problem": spec.get("audio_problem"),
                    "raw": "{}",
                    "imported_at": "2024-04-01T00:00:00Z",
                    "transcript": "".join(w[0] for w in words).strip() if words else None,
                    "transcript_id": tid if words else None,
                    "transcript_status": "done" if words else ("no_audio" if not audio_path else "pending"),
                }
            )
            db.table("clip_sources").insert({"clip_id": spec["id"], "source_id": 1, "audio_name": f"{spec['id']}.wav"})
            if words:
                db.table("transcripts").insert(
                    {
                        "id": tid,
                        "clip_id": spec["id"],
                        "engine": "test",
                        "model": "espeak-timing",
                        "text": " ".join(w[0].strip() for w in words),
                        "language": "en",
                        "confidence": 0.9,
                        "created_at": "2024-04-01T00:00:00Z",
                    }
                )
                db.table("words").insert_all(
                    {"transcript_id": tid, "idx": i, "word": w, "start": s, "end": e, "probability": p}
                    for i, (w, s, e, p) in enumerate(words)
                )
            if spec["label"] is not None:
                db.table("flags").insert(
                    {
                        "clip_id": spec["id"],
                        "score": spec["score"],
                        "label": spec["label"],
                        "reasons": json.dumps(spec["reasons"]),
                        "detector": "test",
                        "scored_at": "2024-04-01T00:00:00Z",
                    }
                )
    db.close()
    return db_path


def clip_json_from_cli(db_path: Path) -> dict[str, Any]:
    """Clips by id, as the real `voicehist list --json` prints them (run as a subprocess)."""
    out = subprocess.run(
        [sys.executable, "-m", "voicehist", "--db", str(db_path), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    rows = doc["clips"] if isinstance(doc, dict) else doc
    return {r["id"]: r for r in rows}
