"""Google Takeout, My Activity: Assistant and Voice and Audio (JSON), with the mp3s it links.

Activity files are found by content (a JSON list of entries with ``header``/``title``/``time``) and kept when
their folder or header names the Assistant or Voice and Audio, in English, German and a few other languages;
other products' activity (Search, YouTube, ...) is listed as not imported. Audio is linked by ``audioFiles``;
only entries without it fall back to the nearest file-name time within a tolerance. Entries without audio
are imported as history.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import ijson

from voicehist.audio.probe import looks_like_audio_name
from voicehist.importers.archive import READ_ERRORS, Archive, Member
from voicehist.importers.base import (
    IJSON,
    MAX_JSON_BYTES,
    MAX_LOADED_JSON_BYTES,
    STREAM_MIN_BYTES,
    ClipDraft,
    Plan,
    is_boilerplate,
)
from voicehist.importers.folder import audio_draft, is_audio_member
from voicehist.importers.times import parse_time, time_from_name

TIME_TOLERANCE_S = 10.0
SAMPLE = 200  # entries kept from a streamed file: what says whether it is voice activity

# folder / header / product words (lower-case, accents removed) that mean "this is voice activity"
VOICE_WORDS = (
    "assistant", "voice and audio", "voice & audio", "voice", "sprach", "audio", "spraak", "voix", "voz",
    "assistente", "asistente", "assistent", "stem en audio",
)  # fmt: skip
ACTIVITY_FOLDERS = ("my activity", "meine aktivitaten", "mijn activiteit", "mes activites", "mi actividad",
                    "le mie attivita", "minha atividade", "moja aktywnosc", "my activities")  # fmt: skip
ACTIVITY_FILES = ("myactivity", "my activity", "meineaktivitaten", "meine aktivitaten", "mijnactiviteit",
                  "mesactivites", "miactividad", "lemieattivita", "minhaatividade")  # fmt: skip

# titles of entries that record no speech ("Used Assistant"): not a "Said" wording, nothing to strip
KNOWN_OTHER_TITLES = ("used ", "asked ", "searched for", "visited ", "viewed ", "watched ")
_SAID = [
    re.compile(r"^said(?:\s+(.*))?$", re.I | re.S),  # a bare "Said": nothing was transcribed
    re.compile(r"^(?:(.*)\s+)?gesagt$", re.I | re.S),  # German: "„…“ gesagt"
    re.compile(r"^je hebt\s+(.*)\s+gezegd$", re.I | re.S),  # Dutch
    re.compile(r"^vous avez dit\s+(.*)$", re.I | re.S),
    re.compile(r"^dijiste\s+(.*)$", re.I | re.S),
]


def fold(text: str) -> str:
    """Lower case without accents; letters of every script are kept ("Aktivitäten" → "aktivitaten",
    "アシスタント" stays itself)."""
    t = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", t).strip()


def said_text(title: str) -> str:
    """What was said, from an entry's title: the wording around it removed in the languages FORMATS.md lists;
    a title in any other wording is kept whole (see :func:`known_wording`)."""
    for pat in _SAID:
        m = pat.match(title.strip())
        if m:
            return (m.group(1) or "").strip().strip("\"'„“”«»").strip()
    return title.strip()


def known_wording(title: str) -> bool:
    """Whether a title's "Said …" wording is one voicehist knows (else the whole title is the transcript)."""
    t = title.strip()
    return any(p.match(t) for p in _SAID) or fold(t).startswith(KNOWN_OTHER_TITLES)


def _is_voice(text: str) -> bool:
    t = fold(text)
    return any(w in t for w in VOICE_WORDS)


def _in_activity_tree(member: Member) -> bool:
    parts = [fold(p) for p in member.name.replace("!", "/").split("/")]
    return any(p in ACTIVITY_FOLDERS for p in parts) or fold(member.basename.rsplit(".", 1)[0]) in ACTIVITY_FILES


def _is_activity_json(member: Member) -> bool:
    if member.suffix != ".json" or not (0 < member.size <= MAX_JSON_BYTES):
        return False
    head = member.head(4096).lstrip(b"\xef\xbb\xbf \r\n\t")
    return head[:1] == b"[" and (b'"header"' in head or b'"title"' in head or head.strip() == b"[]"
                                 or _in_activity_tree(member))  # fmt: skip


def _is_entry(e: dict[str, Any]) -> bool:
    return "time" in e and ("header" in e or "title" in e)


@dataclass
class _Activity:
    """An activity file as a first read found it: its entries when it is small enough to hold (a big one is
    read again, entry by entry, while it is imported), how many, the first SAMPLE, and the audio members its
    readable entries name (``audioFiles``)."""

    member: Member
    whole: list[dict[str, Any]] | None
    count: int = 0
    sample: list[dict[str, Any]] = field(default_factory=list)
    named: set[str] = field(default_factory=set)

    def entries(self) -> Iterator[dict[str, Any]]:
        return iter(self.whole) if self.whole is not None else _stream_entries(self.member)


def _stream_entries(member: Member) -> Iterator[dict[str, Any]]:
    with member.open() as fh:
        if fh.read(3) != b"\xef\xbb\xbf":
            fh.seek(0)
        for e in IJSON.items(fh, "item", use_float=True):
            if isinstance(e, dict):
                yield e


def _activity(member: Member) -> _Activity | None:
    """The entries of an activity file (None when it holds none: unreadable, not a list, or no entry with a time
    and a header or title). A big file is read as a stream, never whole; what the streaming parser cannot
    take (NaN, integers beyond 64 bits) json.loads may, when the file is small enough."""
    if member.size > STREAM_MIN_BYTES:
        act = _Activity(member, None)
        valid = False
        try:
            for e in _stream_entries(member):
                act.count += 1
                valid = valid or _is_entry(e)
                if len(act.sample) < SAMPLE:
                    act.sample.append(e)
        except (ijson.JSONError, UnicodeDecodeError, *READ_ERRORS):
            if member.size > MAX_LOADED_JSON_BYTES:
                return None
        else:
            return act if valid or not act.count else None
    entries = _entries(member)
    return None if entries is None else _Activity(member, entries, len(entries), entries[:SAMPLE])


def _entries(member: Member) -> list[dict[str, Any]] | None:
    try:
        doc = json.loads(member.read().decode("utf-8-sig", "replace"))
    except READ_ERRORS:
        return None
    if not isinstance(doc, list):
        return None
    entries = [e for e in doc if isinstance(e, dict)]
    if entries and not any(_is_entry(e) for e in entries):
        return None
    return entries


def _list(value: Any) -> list[Any]:
    """A field that should be a list; anything else (a number, a string, null) counts as empty."""
    return value if isinstance(value, list) else []


def _voice_folder(member: Member) -> bool | None:
    """True/False when the folder says whether this is Assistant/Voice activity; None when it cannot tell."""
    folder = member.dirname.replace("!", "/").rsplit("/", 1)[-1]
    if folder and _is_voice(folder):
        return True
    parent = fold(member.dirname.replace("!", "/").rsplit("/", 2)[-2]) if member.dirname.count("/") >= 1 else ""
    if folder and parent in ACTIVITY_FOLDERS:
        return False  # another product's folder under My Activity (Search, YouTube, ...)
    return None


def _voice_file(member: Member, entries: list[dict[str, Any]]) -> bool:
    folder = member.dirname.replace("!", "/").rsplit("/", 1)[-1]
    if _is_voice(folder):
        return True
    if any(_list(e.get("audioFiles")) for e in entries[:200]):
        return True  # recordings are voice activity, whatever the language of the folder and header
    heads = [str(e.get("header", "")) + " " + " ".join(map(str, _list(e.get("products")))) for e in entries[:50]]
    return bool(heads) and all(_is_voice(h) for h in heads)


def html_only_hint(archive: Archive) -> str | None:
    """When a Takeout has no Assistant/Voice activity as JSON: what to export instead."""
    other = [m for m in archive.members if _is_activity_json(m) and _in_activity_tree(m)]
    if other and not any(_voice_folder(m) for m in other):
        products = sorted({m.dirname.replace("!", "/").rsplit("/", 1)[-1] for m in other})
        return (
            f"this Google Takeout holds My Activity for {', '.join(products)} but not for the Assistant or Voice "
            "and Audio. Export again at takeout.google.com: select 'My Activity', and under 'All activity data "
            "included' tick 'Assistant' and 'Voice and Audio' (with 'Include voice and audio recordings' on)."
        )
    html = [m for m in archive.members if m.suffix in (".html", ".htm") and _in_activity_tree(m)
            and fold(m.basename) != "archive_browser.html"]  # fmt: skip
    if not html:
        return None
    return (
        f"this Google Takeout holds My Activity only as HTML ({html[0].basename}); voicehist reads the JSON "
        "format. Export again at takeout.google.com: select 'My Activity', click 'Multiple formats' and choose "
        "JSON for Activity records; under 'All activity data included' keep 'Assistant' and 'Voice and Audio' "
        "(with 'Include voice and audio recordings' on)."
    )


def _epoch(iso: str) -> float:
    return _dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def _audio_names(e: dict[str, Any]) -> list[str]:
    files = e.get("audioFiles")
    return [str(a) for a in files if a] if isinstance(files, list) else []


def _file_name(path: str) -> str:
    """The file name in an ``audioFiles`` path (either slash)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _link_named(archive: Archive, draft: ClipDraft, names: list[str], folder: str) -> Member | None:
    """Give an entry the audio file its ``audioFiles`` names (found near its activity file); returns it."""
    name = _file_name(names[0])
    draft.audio_name = name
    draft.vendor_id = draft.id = name
    hit = archive.find(name, near=folder)
    if hit is None:
        draft.audio_missing = "named in audioFiles but missing from the export"
    else:
        draft.audio = hit
    if len(names) > 1:
        draft.raw["_extra_audio_files"] = names[1:]
    return hit


def _link_by_time(draft: ClipDraft, timed: list[tuple[Member, str]], claimed: set[str]) -> None:
    """An entry without audioFiles: the nearest unclaimed file-name time within TIME_TOLERANCE_S."""
    if not draft.recorded_at or not timed:
        return
    at = _epoch(draft.recorded_at)
    best = min(((abs(_epoch(t) - at), m) for m, t in timed if m.name not in claimed),
               key=lambda x: x[0], default=None)  # fmt: skip
    if best is not None and best[0] <= TIME_TOLERANCE_S:
        m = best[1]
        draft.audio, draft.audio_name = m, m.basename
        draft.vendor_id = draft.id = m.basename
        draft.raw["_audio_linked_by"] = "time"
        claimed.add(m.name)


class GoogleTakeoutImporter:
    name: ClassVar[str] = "google_takeout"
    vendor: ClassVar[str] = "google"

    def matches(self, archive: Archive) -> bool:
        for m in archive.members:
            if _is_activity_json(m) and _voice_folder(m) is not False:
                act = _activity(m)
                if act is not None and (_in_activity_tree(m) or act.count) and _voice_file(m, act.sample):
                    return True
        return False

    def plan(self, archive: Archive) -> Plan:
        """Two reads of each activity file: the first finds what it is and which audio files its entries name (so
        that an entry without audioFiles is linked by time only to a file no entry names), the second makes the
        drafts while they are imported (a big file is never held)."""
        plan = Plan(importer=self.name, vendor=self.vendor)
        used: set[str] = set()
        files = [a for m in archive.members if _is_activity_json(m) and (a := self._voice(archive, m, plan, used))]
        audio = self._audio_and_unrecognised(archive, plan, used)
        claimed: set[str] = set().union(*(a.named for a in files))
        drafts = self._drafts(archive, files, audio, claimed, plan)
        if all(a.whole is not None for a in files):
            plan.drafts = list(drafts)  # small enough to hold: the exact count for progress
        else:
            plan.stream = drafts
            plan.total = sum(a.count for a in files) + sum(1 for m in audio if m.name not in claimed)
        return plan

    def _voice(self, archive: Archive, m: Member, plan: Plan, used: set[str]) -> _Activity | None:
        """``m`` as Assistant or Voice activity to import, with the audio files its readable entries name; None
        when it is not (another product's activity is listed as such)."""
        if _voice_folder(m) is False:
            used.add(m.name)
            plan.unrecognised.append(f"{m.name}: activity of another Google product, not imported")
            return None
        act = _activity(m)
        if act is None:
            return None
        used.add(m.name)
        if not _voice_file(m, act.sample):
            plan.unrecognised.append(f"{m.name}: activity of another Google product, not imported")
            return None
        for i, e in enumerate(act.entries(), start=1):
            names = _audio_names(e)
            if names and self._readable(e, m.name, i):
                hit = archive.find(_file_name(names[0]), near=m.dirname)
                if hit is not None:
                    act.named.add(hit.name)
        return act

    def _readable(self, e: dict[str, Any], file: str, n: int) -> bool:
        try:
            self._draft(e, file, n)
        except Exception:  # noqa: BLE001 - an entry that cannot be read is reported when the drafts are made
            return False
        return True

    def _drafts(
        self, archive: Archive, files: list[_Activity], audio: list[Member], claimed: set[str], plan: Plan
    ) -> Iterator[ClipDraft]:
        """Every entry's draft, linked to its audio by name or else by time, then the audio no entry took."""
        timed = [(m, t) for m in audio if m.name not in claimed and (t := time_from_name(m.basename))]
        for act in files:
            yield from self._entry_drafts(archive, act, timed, claimed, plan)
        for m in audio:
            if m.name not in claimed:
                d = audio_draft(m, self.vendor)
                d.id = d.vendor_id = d.audio_name
                yield d

    def _entry_drafts(
        self, archive: Archive, act: _Activity, timed: list[tuple[Member, str]], claimed: set[str], plan: Plan
    ) -> Iterator[ClipDraft]:
        m = act.member
        unknown = i = 0
        try:
            for i, e in enumerate(act.entries(), start=1):
                try:
                    draft = self._draft(e, m.name, i)
                except Exception as exc:  # noqa: BLE001 - one bad entry never stops the import
                    plan.problems.append((m.name, f"entry {i} cannot be read ({type(exc).__name__}): skipped"))
                    continue
                if draft.vendor_transcript and not known_wording(str(e.get("title") or "")):
                    unknown += 1
                    draft.raw["_title_kept_whole"] = True
                names = _audio_names(e)
                if names:
                    hit = _link_named(archive, draft, names, m.dirname)
                    if hit is not None:
                        claimed.add(hit.name)
                else:
                    _link_by_time(draft, timed, claimed)
                yield draft
        except (ijson.JSONError, UnicodeDecodeError, *READ_ERRORS) as e:  # changed since it was first read
            plan.problems.append((m.name, f"stopped being readable after entry {i} ({e}): the rest is not imported"))
        if unknown:
            plan.notes.append(
                (
                    m.name,
                    f"{unknown} title(s) in a wording voicehist does not know (it knows the English, German, "
                    "Dutch, French and Spanish 'Said …'): each title was kept whole as what the vendor heard",
                )
            )

    @staticmethod
    def _audio_and_unrecognised(archive: Archive, plan: Plan, used: set[str]) -> list[Member]:
        """The audio files of the export (what no activity file is); what is neither goes to ``unrecognised``."""
        audio: list[Member] = []
        for m in archive.members:
            if m.name in used:
                continue
            if is_audio_member(m) or looks_like_audio_name(m.basename):
                audio.append(m)
            elif not is_boilerplate(m) and m.suffix != ".json":
                plan.unrecognised.append(f"{m.name}: not recognised")
            elif m.suffix == ".json" and not is_boilerplate(m):
                plan.unrecognised.append(f"{m.name}: not Assistant or Voice activity")
        return audio

    def _draft(self, e: dict[str, Any], file: str, n: int) -> ClipDraft:
        title = str(e.get("title") or "")
        subtitles = [str(s.get("name")) for s in _list(e.get("subtitles")) if isinstance(s, dict) and s.get("name")]
        products = [str(p) for p in _list(e.get("products"))]
        kind = str(e.get("header") or (products[0] if products else "")) or None
        raw = dict(e)
        raw["_file"] = file
        raw["_entry"] = n
        raw["details_names"] = [str(d.get("name")) for d in _list(e.get("details")) if isinstance(d, dict)]
        return ClipDraft(
            vendor=self.vendor,
            recorded_at=parse_time(e.get("time")),
            recorded_raw=None if e.get("time") is None else str(e.get("time")),
            vendor_transcript=said_text(title) if title else None,
            vendor_response=" ".join(subtitles) or None,
            vendor_kind=kind,
            raw=raw,
        )
