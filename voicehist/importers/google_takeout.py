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
from typing import Any, ClassVar

from voicehist.audio.probe import looks_like_audio_name
from voicehist.importers.archive import READ_ERRORS, Archive, Member
from voicehist.importers.base import MAX_JSON_BYTES, ClipDraft, Plan, is_boilerplate
from voicehist.importers.folder import audio_draft, is_audio_member
from voicehist.importers.times import parse_time, time_from_name

TIME_TOLERANCE_S = 10.0

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


def _entries(member: Member) -> list[dict[str, Any]] | None:
    try:
        doc = json.loads(member.read().decode("utf-8-sig", "replace"))
    except READ_ERRORS:
        return None
    if not isinstance(doc, list):
        return None
    entries = [e for e in doc if isinstance(e, dict)]
    if entries and not any("time" in e and ("header" in e or "title" in e) for e in entries):
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


# an entry's draft, the audio files it names (``audioFiles``) and the folder of its activity file
_Pending = tuple[ClipDraft, list[str], str]


def _link_named(archive: Archive, pending: list[_Pending]) -> set[str]:
    """Give each entry the audio file its ``audioFiles`` names (found near its activity file); returns the
    members so claimed."""
    claimed: set[str] = set()
    for draft, files, folder in pending:
        if not files:
            continue
        name = files[0].replace("\\", "/").rsplit("/", 1)[-1]
        draft.audio_name = name
        draft.vendor_id = draft.id = name
        hit = archive.find(name, near=folder)
        if hit is None:
            draft.audio_missing = "named in audioFiles but missing from the export"
        else:
            draft.audio = hit
            claimed.add(hit.name)
        if len(files) > 1:
            draft.raw["_extra_audio_files"] = files[1:]
    return claimed


def _link_by_time(pending: list[_Pending], audio: list[Member], claimed: set[str]) -> None:
    """Entries without audioFiles: the nearest unclaimed file-name time within TIME_TOLERANCE_S."""
    timed = [(m, t) for m in audio if m.name not in claimed and (t := time_from_name(m.basename))]
    for draft, files, _ in pending:
        if files or not draft.recorded_at or not timed:
            continue
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
                entries = _entries(m)
                if entries is not None and (_in_activity_tree(m) or entries) and _voice_file(m, entries):
                    return True
        return False

    def plan(self, archive: Archive) -> Plan:
        plan = Plan(importer=self.name, vendor=self.vendor)
        used: set[str] = set()
        pending: list[_Pending] = []
        for m in archive.members:
            if _is_activity_json(m):
                self._read_activity(m, plan, used, pending)
        audio = self._audio_and_unrecognised(archive, plan, used)
        claimed = _link_named(archive, pending)
        _link_by_time(pending, audio, claimed)
        plan.drafts.extend(d for d, _, _ in pending)
        loose = [audio_draft(m, self.vendor) for m in audio if m.name not in claimed]
        for d in loose:
            d.id = d.vendor_id = d.audio_name
        plan.drafts.extend(loose)
        return plan

    def _read_activity(self, m: Member, plan: Plan, used: set[str], pending: list[_Pending]) -> None:
        """The entries of one activity file, as drafts with the audio files they name, when it is Assistant or
        Voice activity; else it is listed as another product's."""
        if _voice_folder(m) is False:
            used.add(m.name)
            plan.unrecognised.append(f"{m.name}: activity of another Google product, not imported")
            return
        entries = _entries(m)
        if entries is None:
            return
        used.add(m.name)
        if not _voice_file(m, entries):
            plan.unrecognised.append(f"{m.name}: activity of another Google product, not imported")
            return
        unknown = 0
        for i, e in enumerate(entries, start=1):
            files = e.get("audioFiles")
            names = [str(a) for a in files if a] if isinstance(files, list) else []
            try:
                draft = self._draft(e, m.name, i)
            except Exception as exc:  # noqa: BLE001 - one bad entry never stops the import
                plan.problems.append((m.name, f"entry {i} cannot be read ({type(exc).__name__}): skipped"))
                continue
            pending.append((draft, names, m.dirname))
            if draft.vendor_transcript and not known_wording(str(e.get("title") or "")):
                unknown += 1
                draft.raw["_title_kept_whole"] = True
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
