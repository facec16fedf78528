"""Hostile exports of issue 20 (findings 5, 7 and 9), each small enough to build at test time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.importers.helpers import make_tree, mp3

ASSISTANT = "Takeout/My Activity/Assistant"
HOSTILE_TEXT = "\x1b]0;pwned\x07 \x1b[2J hi \u202e evil \u009b x \u2028 y \u200f z \u061c end"
RAW_UNSAFE = ["\x1b", "\x07", "\u202e", "\u009b", "\u2028", "\u200f", "\u061c"]


def entry(**kw: Any) -> dict[str, Any]:
    return {"header": "Assistant", "title": "Said hello", "time": "2020-01-01T10:00:00.000Z",
            "products": ["Assistant"], **kw}  # fmt: skip


def takeout(root: Path, entries: list[Any], extra: dict[str, bytes | str] | None = None,
            folder: str = ASSISTANT, name: str = "MyActivity.json", text: str | None = None) -> Path:  # fmt: skip
    files: dict[str, bytes | str] = {f"{folder}/{name}": text or json.dumps(entries, ensure_ascii=False)}
    for i, e in enumerate(entries):
        for a in e.get("audioFiles") or [] if isinstance(e, dict) else []:
            files[f"{folder}/{a}"] = mp3(seed=i)
    files.update(extra or {})
    return make_tree(root, files)


def deep_text(depth: int, audio: str) -> str:
    """An activity file whose one entry nests ``depth`` levels deep (json.dumps itself cannot write it)."""
    e = json.dumps(entry(audioFiles=[audio]))[:-1]
    return "[" + e + ', "extra": ' + '{"d": ' * depth + "1" + "}" * depth + "}]"


def nested(depth: int) -> dict[str, Any]:
    doc: dict[str, Any] = {"x": 1}
    for _ in range(depth):
        doc = {"d": doc}
    return doc


def table(root: Path, rows: list[str]) -> Path:
    head = "Timestamp,Device,Transcript,Utterance ID"
    return make_tree(root, {"Alexa/voice.csv": "\n".join([head, *rows]) + "\n"})
