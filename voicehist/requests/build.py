"""Building a deletion request: which clips, who asks, under which law, and everything a letter shows.

Clips are chosen with the same :class:`~voicehist.store.queries.ClipFilter` as ``voicehist list``. A request
names the clips of one vendor only: a selection holding clips of two vendors is an error that says so (a
letter goes to one company; run the command once per vendor).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voicehist.errors import VoicehistError
from voicehist.localtime import is_utc, zone, zone_label
from voicehist.localtime import local as local_time
from voicehist.paths import locations
from voicehist.requests.facts import (
    AUTHORITY,
    DB_VENDOR,
    JURISDICTION_LAW,
    LAW,
    LAWS,
    PLACEHOLDER_EMAIL,
    PLACEHOLDER_NAME,
    VENDOR_ALIASES,
    VENDOR_OF_DB,
    VENDORS,
    Law,
    Vendor,
)
from voicehist.safetext import visible
from voicehist.store import Database
from voicehist.store.queries import ClipFilter, clip_ids
from voicehist.store.requests import LetterRow, RequesterRecord, request_clip_rows

EXCERPT_CHARS = 60


class RequestError(VoicehistError):
    """A request cannot be built from what was asked (no clips, two vendors, no law...)."""


_EMAIL = re.compile(r"[^\s@,;:<>()\[\]\\\"]+@[^\s@,;:<>()\[\]\\\"]+\.[^\s@,;:<>()\[\]\\\".]+")


def check_email(text: str) -> str:
    """One e-mail address (``name@example.com``), else a :class:`RequestError` that says what is wrong."""
    if not _EMAIL.fullmatch(text) or len(text) > 254:
        raise RequestError(
            f"{text!r} is not one e-mail address (write it as name@example.com: one address, no spaces, commas "
            "or angle brackets)"
        )
    return text


@dataclass(frozen=True)
class Requester:
    name: str | None = None
    email: str | None = None
    jurisdiction: str | None = None
    law: str | None = None

    def __post_init__(self) -> None:
        if self.email:
            check_email(self.email)

    @property
    def shown_name(self) -> str:
        return self.name or PLACEHOLDER_NAME

    @property
    def shown_email(self) -> str:
        return self.email or PLACEHOLDER_EMAIL

    def missing(self) -> list[str]:
        return [what for what, v in (("name", self.name), ("e-mail", self.email)) if not v]

    def record(self) -> RequesterRecord:
        """What a stored request keeps of who asked (the law is the request's own)."""
        return RequesterRecord(self.name, self.email, self.jurisdiction)


def read_requester(path: Path | None = None) -> Requester:
    """``[requester]`` from config.toml (name, email, jurisdiction, law); empty when absent."""
    cfg = path or locations().config_file
    if not cfg.exists():
        return Requester()
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RequestError(f"cannot read {cfg}: {e}") from e
    section = data.get("requester", {})
    if not isinstance(section, dict):
        raise RequestError(f"{cfg}: [requester] must be a table (name, email, jurisdiction, law)")
    values: dict[str, str | None] = {}
    for key in ("name", "email", "jurisdiction", "law"):
        v = section.get(key)
        if v is not None and not isinstance(v, str):
            raise RequestError(f"{cfg}: requester.{key} must be text, not {v!r}")
        values[key] = v.strip() if isinstance(v, str) and v.strip() else None
    return Requester(**values)


def vendor_key(given: str | None) -> str | None:
    if given is None:
        return None
    key = VENDOR_ALIASES.get(given.strip().lower())
    if key is None:
        raise RequestError(f"unknown vendor {given!r}: use amazon (or alexa) or google")
    return key


def choose_law(given: str | None, requester: Requester) -> str:
    law = given or requester.law
    if law is None and requester.jurisdiction:
        law = JURISDICTION_LAW.get(requester.jurisdiction.strip().lower())
    if law is None:
        raise RequestError(
            "say which law the request relies on: --law gdpr (EU/EEA), --law uk-gdpr (UK) or --law ccpa"
            " (California), or once for every letter: voicehist config set requester.law gdpr"
        )
    if law not in LAWS:
        raise RequestError(f"unknown law {law!r}: use one of {', '.join(LAWS)}")
    return law


@dataclass
class LetterClip:
    id: str
    number: int | None
    recorded_at: str | None  # UTC ISO as stored
    day: str  # YYYY-MM-DD or "undated"
    time: str  # HH:MM:SS or ""
    device: str
    vendor_id: str
    excerpt: str
    transcript: str
    transcript_by: str  # "vendor" | "voicehist" | ""
    audio_name: str
    local: str = ""  # "2026-03-02 08:41:12 CET": the time in the display zone ("" when that is UTC or unknown)
    file_dated: bool = False  # it has a time, and no record gave it: the time is the file's date in the export

    @property
    def note(self) -> str:
        """What the reader must know to find the recording: where its quoted text and its time come from when
        not from the vendor ("" when both are the vendor's)."""
        notes = []
        if self.excerpt and self.transcript_by == "voicehist":
            notes.append("the text as transcribed on my computer; the export has none")
        if self.file_dated:
            notes.append("the time is the file's date in the export, which may not be when it was recorded")
        return "; ".join(notes)

    @property
    def when(self) -> str:
        """``2026-03-02 07:41:12 UTC (08:41:12 CET)``: UTC, and the local time where the zone is not UTC."""
        if not self.time:
            return self.day
        return f"{self.day} {self.time} UTC" + (f" ({self.local_short})" if self.local else "")

    @property
    def page_day(self) -> str:
        """The day the vendor's page (in local time) lists the clip under."""
        return self.local[:10] if self.local else self.day

    @property
    def page_time(self) -> str:
        """The time the vendor's page shows: local (with the zone's abbreviation), else UTC."""
        return self.local[11:] if self.local else (f"{self.time} UTC" if self.time else "")

    @property
    def local_short(self) -> str:
        """The local time, without its date where that is the UTC date."""
        return self.local[11:] if self.local[:10] == self.day else self.local


@dataclass
class DayGroup:
    day: str
    weekday: str
    clips: list[LetterClip]
    devices: list[tuple[str, int]]

    @property
    def first(self) -> str:
        return self.clips[0].time

    @property
    def last(self) -> str:
        return self.clips[-1].time

    @property
    def summary(self) -> str:
        n = len(self.clips)
        span = f"{self.first}–{self.last} UTC" if n > 1 and self.first != self.last else f"{self.first} UTC"
        devs = ", ".join(f"{d} ({c})" for d, c in self.devices if d)
        when = f"{self.day} ({self.weekday})" if self.weekday else self.day
        text = f"{when}: {n} recording{'s' if n != 1 else ''}, {span if self.first else 'time unknown'}"
        return f"{text}, {devs}" if devs else text


@dataclass
class RequestDraft:
    """Everything a letter (in any format) is made from."""

    vendor: Vendor
    law: Law
    requester: Requester
    clips: list[LetterClip]
    today: _dt.date
    access: bool = False
    recipients: list[str] = field(default_factory=list)  # recipients the export names (skills)
    number: int | None = None  # the stored request's number, when stored

    def law_controller(self) -> str:
        return self.vendor.controllers[self.law.key]

    @property
    def authority(self) -> str:
        return AUTHORITY[(self.law.key, self.vendor.key)]

    @property
    def days(self) -> list[DayGroup]:
        return group_by_day(self.clips)

    @property
    def has_devices(self) -> bool:
        return any(c.device for c in self.clips)

    @property
    def first_day(self) -> str:
        return self.clips[0].day

    @property
    def last_day(self) -> str:
        return self.clips[-1].day

    @property
    def to_email(self) -> str | None:
        return self.vendor.email[self.law.key]

    @property
    def local_zone(self) -> str:
        """The display zone's name when letters show local times beside UTC, else ""."""
        return zone_label() if any(c.local for c in self.clips) else ""


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def group_by_day(clips: list[LetterClip]) -> list[DayGroup]:
    groups: dict[str, list[LetterClip]] = {}
    for c in clips:
        groups.setdefault(c.day, []).append(c)
    out = []
    for day, items in groups.items():
        try:
            weekday = _WEEKDAYS[_dt.date.fromisoformat(day).weekday()]
        except ValueError:
            weekday = ""
        devices = Counter(c.device for c in items).most_common()
        out.append(DayGroup(day, weekday, items, sorted(devices, key=lambda dc: (-dc[1], dc[0]))))
    return out


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    s = " ".join(text.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def letter_clip(row: LetterRow) -> LetterClip:
    z = zone()
    at = row.recorded_at
    if at and not at.startswith("1970-01-01"):
        day, time = at[:10], at[11:19]
    else:
        day, time = "undated", ""
    vendor_text = (row.vendor_transcript or "").strip()
    local = (row.transcript or "").strip()
    text, by = (vendor_text, "vendor") if vendor_text else ((local, "voicehist") if local else ("", ""))
    return LetterClip(
        id=row.id,
        number=row.number,
        recorded_at=at,
        day=day,
        time=time,
        device=visible(row.device or ""),
        vendor_id=visible(row.vendor_id or "(none in the export)"),
        excerpt=visible(excerpt(text)),
        transcript=visible(text),
        transcript_by=by,
        audio_name=visible(row.audio_name or ""),
        local="" if is_utc(z) else local_time(at, z),
        file_dated=bool(time) and _raw_record(row).get("time_source") == "file date",
    )


def _raw_record(row: LetterRow) -> dict[str, Any]:
    """The clip's raw record as the importer kept it (the vendor's fields, the importer's ``time_source``); empty
    when there is none or it is not a JSON object."""
    try:
        data = json.loads(row.raw) if row.raw else None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _skills(rows: list[LetterRow]) -> list[str]:
    found: set[str] = set()
    for r in rows:
        for k, v in _raw_record(r).items():
            if k.lower().replace("_", "").replace(" ", "") in ("skillname", "skill") and isinstance(v, str):
                if v.strip():
                    found.add(visible(v.strip()))
    return sorted(found)


def select_clips(db: Database, f: ClipFilter, vendor: str | None) -> tuple[str, list[LetterRow]]:
    """The clips ``f`` chooses (restricted to ``vendor`` when given) and the vendor key they belong to."""
    ids = clip_ids(db, f.with_(vendor=DB_VENDOR[vendor]) if vendor is not None else f)
    if not ids and vendor is not None and (others := len(clip_ids(db, f.with_(vendor=None)))):
        raise RequestError(
            f"none of the {others} clip(s) this selection chooses is {VENDORS[vendor].name}'s, so there is nothing"
            " to request: nothing was stored. Check --vendor and the filters with `voicehist list`."
        )
    if not ids:
        raise RequestError(
            "no clips match this selection, so there is nothing to request: nothing was stored."
            " Check the filters with `voicehist list` (same options)."
        )
    rows = request_clip_rows(db, ids)
    vendors = Counter(r.vendor or "unknown" for r in rows)  # clips.vendor is never null
    if vendor is None:
        if len(vendors) > 1 or "unknown" in vendors:
            parts = ", ".join(f"{n} {VENDOR_OF_DB.get(v, v)}" for v, n in sorted(vendors.items()))
            raise RequestError(
                f"the selection holds clips of more than one vendor ({parts}); a letter goes to one company:"
                " choose the vendor (--vendor amazon, then --vendor google; in the app, the vendor box)"
                if "unknown" not in vendors
                else f"the selection holds clips whose vendor is unknown ({parts}); choose the vendor"
                " (--vendor amazon or google; in the app, the vendor box)"
            )
        vendor = VENDOR_OF_DB[next(iter(vendors))]
    return vendor, rows


def build_draft(
    rows: list[LetterRow],
    *,
    vendor: str,
    law: str,
    requester: Requester,
    today: _dt.date,
    access: bool = False,
) -> RequestDraft:
    return RequestDraft(
        vendor=VENDORS[vendor],
        law=LAW[law],
        requester=requester,
        clips=[letter_clip(r) for r in rows],
        today=today,
        access=access,
        recipients=_skills(rows) if vendor == "amazon" else [],
    )
