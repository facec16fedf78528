"""Fixture builders: real audio made with numpy + soundfile, archives zipped at test time."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parents[2]
# the voice-history table's columns as Amazon's "Request Your Data" export names them (docs FORMATS.md); tests
# that need another spelling of a column (a synonym, a subset) write it out because that is what they test
ALEXA_CSV_HEADER = (
    "Timestamp (UTC)",
    "Device",
    "Utterance Type",
    "Customer Transcript",
    "Alexa Response",
    "Utterance ID",
    "Audio File",
)
SAMPLE = REPO / "voicehist" / "sample" / "export"


def wav(seconds: float = 0.5, seed: int = 0, rate: int = 16000, channels: int = 1) -> bytes:
    rng = np.random.default_rng(seed)
    data = (rng.standard_normal((int(seconds * rate), channels)) * 3000).astype("int16")
    buf = io.BytesIO()
    sf.write(buf, data, rate, format="WAV", subtype="PCM_16")
    return buf.getvalue()


def mp3(seconds: float = 0.5, seed: int = 0, rate: int = 16000) -> bytes:
    rng = np.random.default_rng(seed)
    data = (rng.standard_normal(int(seconds * rate)) * 0.1).astype("float32")
    buf = io.BytesIO()
    sf.write(buf, data, rate, format="MP3")
    return buf.getvalue()


def make_zip(path: Path, files: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in files.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def make_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, data in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return root


def rows(db: Any, sql: str = "SELECT * FROM clips ORDER BY id", args: list[Any] | None = None) -> list[dict]:
    cur = db.execute(sql, args or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def clip(db: Any, clip_id: str) -> dict:
    found = rows(db, "SELECT * FROM clips WHERE id = ?", [clip_id])
    assert found, f"no clip {clip_id}"
    c = found[0]
    c["raw"] = json.loads(c["raw"]) if c["raw"] else None
    return c
