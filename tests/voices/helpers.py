"""A real multi-speaker Alexa export for the voices tests: LibriSpeech clips of three people (bench/data/voices,
CC BY 4.0) as the household, one more heard once, in an Alexa voice-history JSON with its audio beside it.
The records of one speaker carry Alexa ``personsInfo`` ("Emma", ADULT), as the vendor's page exports them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VOICES = REPO / "bench" / "data" / "voices"

# speaker -> (files, device, personsInfo)
HOUSEHOLD = {
    "1688": (["1688-142285-0000", "1688-142285-0001", "1688-142285-0003", "1688-142285-0005"], "Kitchen Echo",
             [{"personId": "amzn1.actor.person.oid.A1", "personFirstName": "Emma", "personType": "ADULT"}]),
    "2609": (["2609-156975-0000", "2609-156975-0001", "2609-156975-0002", "2609-156975-0004"], "Kitchen Echo", []),
    "3331": (["3331-159605-0000", "3331-159605-0002", "3331-159605-0004", "3331-159605-0005"], "Bedroom Dot", []),
}  # fmt: skip
GUEST = "1116-132847-0000"


def uid(n: int) -> str:
    tail = f"cafe{n:04d}-0000-4000-8000-0000000000{n:02d}LPM"
    return f"A3S5BH2HU6VAYF:1.0/2026/02/{n + 1:02d}/09/G090XYZ/00:00::TNIH_2V.{tail}"


def truth() -> dict[str, str]:
    """utteranceId -> speaker."""
    out = {}
    n = 0
    for spk, (files, _, _) in HOUSEHOLD.items():
        for _ in files:
            out[uid(n)] = spk
            n += 1
    out[uid(n)] = "guest"
    return out


def make_export(root: Path) -> Path:
    """A folder: voice_history.json + one FLAC per record, named after its utteranceId."""
    root.mkdir(parents=True, exist_ok=True)
    records = []
    items = [(spk, f, dev, persons) for spk, (files, dev, persons) in HOUSEHOLD.items() for f in files]
    guest = VOICES / "guests" / f"{GUEST}.flac"
    if guest.is_file():
        items.append(("guest", GUEST, "Kitchen Echo", []))
    for n, (spk, name, device, persons) in enumerate(items):
        u = uid(n)
        src = VOICES / ("guests" if spk == "guest" else "household") / f"{name}.flac"
        shutil.copy(src, root / (re.sub(r"[^0-9A-Za-z]", "", u) + ".flac"))
        ts = 1769936400000 + n * 86_400_000
        records.append({
            "recordKey": f"A1CUST#{ts}#A3S5BH2HU6VAYF#G090XYZ", "recordType": "VOICE_HISTORY", "timestamp": ts,
            "device": {"deviceName": device}, "utteranceType": "GENERAL",
            "voiceHistoryRecordItems": [
                {"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": f"request {n}", "utteranceId": u,
                 "timestamp": ts, "personsInfo": persons},
                {"recordItemType": "ALEXA_RESPONSE", "transcriptText": "OK.", "utteranceId": u, "timestamp": ts,
                 "personsInfo": []},
            ],
        })  # fmt: skip
    (root / "voice_history.json").write_text(json.dumps({"customerHistoryRecords": records}), encoding="utf-8")
    return root
