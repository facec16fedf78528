"""What every importer produces: a plan of clip drafts (parsed, audio not yet read) plus what it skipped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import ijson

from voicehist.importers.archive import Archive, Member

# files every export carries that are documentation, not data: not listed as "unrecognised"
BOILERPLATE_SUFFIXES = (".pdf", ".html", ".htm", ".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico")
BOILERPLATE_NAMES = ("readme.txt", "readme.md", "licence", "license", "archive_browser.html", ".ds_store",
                     "thumbs.db", "desktop.ini")  # fmt: skip


def is_boilerplate(member: Member) -> bool:
    base = member.basename.lower()
    return (
        base in BOILERPLATE_NAMES
        or base.endswith(BOILERPLATE_SUFFIXES)
        or base.endswith("_instructions.txt")
        or base.endswith(".description.pdf")
        or base.startswith(("readme", "licence", "license", "copying"))
        or base.startswith("._")
    )


@dataclass(slots=True)
class ClipDraft:
    """One history entry as parsed from the export. The audio member is read later, batch by batch."""

    vendor: str
    recorded_at: str | None = None
    recorded_raw: str | None = None
    device: str | None = None
    vendor_transcript: str | None = None
    vendor_response: str | None = None
    vendor_kind: str | None = None
    vendor_id: str | None = None
    audio_name: str | None = None  # the file name inside the export
    audio: Member | None = None
    audio_missing: str | None = None  # why the audio this entry names could not be found
    raw: dict[str, Any] = field(default_factory=dict)
    raw_json: str | None = None  # the raw record already as JSON text (smaller in memory); wins over ``raw``
    id: str | None = None  # the vendor id when there is one; else derived when written


@dataclass
class Plan:
    importer: str
    vendor: str
    drafts: list[ClipDraft] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message), not tied to a clip
    unrecognised: list[str] = field(default_factory=list)  # "name: why"
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, message): imported, but worth saying
    # drafts made while they are imported (a table of millions of rows, a JSON of 100,000 records is never held);
    # ``problems`` and ``unrecognised`` are complete once it is exhausted; ``total`` says how many it gives (about)
    stream: Iterator[ClipDraft] | None = None
    total: int | None = None


class Importer(Protocol):
    name: ClassVar[str]
    vendor: ClassVar[str]

    def matches(self, archive: Archive) -> bool: ...

    def plan(self, archive: Archive) -> Plan: ...


_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
# the most of a JSON file any importer reads (a voice history or a Takeout activity file)
MAX_JSON_BYTES = 512 * 1024 * 1024
STREAM_MIN_BYTES = 1024 * 1024  # bigger JSON files are read item by item (ijson) while imported, never whole
MAX_LOADED_JSON_BYTES = 48 * 1024 * 1024  # the most parsed whole (json.loads: several times its size in memory)
# ijson's C parser (yajl2_c), named: ijson would quietly fall back to its pure-Python one, ten times slower
IJSON = ijson.get_backend("yajl2_c")


def alnum(s: str) -> str:
    """``s`` lower-cased with everything but ASCII letters and digits removed: how file names and ids are matched
    ("U-0001" names "u0001.wav")."""
    return _NOT_ALNUM.sub("", s.lower())


# a raw record is kept this many levels deep (real exports nest three or four); deeper is a hostile file
MAX_RAW_DEPTH = 32
TOO_DEEP = f"(nested deeper than {MAX_RAW_DEPTH} levels: not kept)"


def storable(value: Any, depth: int = 0) -> Any:
    """``value`` with every string made storable as UTF-8: a lone surrogate (JSON allows ``"\\ud800"``)
    becomes U+FFFD. Dicts and lists are cleaned throughout, keys included, down to MAX_RAW_DEPTH levels (what is
    nested deeper is replaced by a note); anything else is returned as is."""
    if depth >= MAX_RAW_DEPTH and isinstance(value, dict | list | tuple):
        return TOO_DEEP
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {storable(k): storable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v, depth + 1) for v in value]
    return value


def storable_json(value: dict[str, Any]) -> str:
    """``storable(value)`` as JSON text. Most records need no cleaning, so their text is made first and checked
    (every string encodes as UTF-8; fewer brackets than MAX_RAW_DEPTH, so nothing nests that deep) before a walk
    through every value is paid: that walk was a third of a 100,000-record JSON import."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except RecursionError:  # nested deeper than the encoder goes: the walk cuts it at MAX_RAW_DEPTH
        text = ""
    if text and text.count("{") + text.count("[") <= MAX_RAW_DEPTH and _is_utf8(text):
        return text
    return json.dumps(storable(value), ensure_ascii=False, default=str)


def storable_row(row: dict[str, Any]) -> dict[str, Any]:
    """``storable(row)`` for a row of plain values (its raw record already JSON text): its strings checked
    together first, so the walk is paid only by a row that needs it."""
    if _is_utf8("".join(v for v in row.values() if isinstance(v, str))):
        return row
    return storable(row)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
