"""Checking open requests against a later export.

A requested clip is *still present* when the later export holds it (matched by vendor id, else audio sha256,
else time within ±2 s on the same device); *gone* when the later export is of the same kind as the export the
clip came from and covers its time but no longer holds it; *unverifiable* otherwise, with the reason.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from voicehist.importers import ImportReport, import_paths
from voicehist.jobs import Cancel, Progress
from voicehist.requests.facts import DB_VENDOR, VENDORS
from voicehist.store import Database, utcnow
from voicehist.store.requests import (
    NewClip,
    RequestItem,
    clips_first_seen_in,
    open_requests,
    record_check,
    request_items,
    source_clips,
    source_info,
)

TIME_TOLERANCE_S = 2.0

KIND_NAMES = {
    "alexa_archive": "Amazon data archive (Request Your Data)",
    "alexa_json": "Alexa voice-history JSON",
    "google_takeout": "Google Takeout",
    "folder": "folder of recordings",
}


def _secs(iso: str | None) -> float | None:
    if not iso or iso.startswith("1970-01-01"):
        return None
    try:
        return _dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


@dataclass
class _Export:
    """What one later export holds, indexed for matching."""

    id: int
    vendor: str
    kind: str
    path: str
    first: str | None
    last: str | None
    ids: set[str] = field(default_factory=set)
    vendor_ids: set[str] = field(default_factory=set)
    shas: set[str] = field(default_factory=set)
    times: dict[str | None, list[float]] = field(default_factory=dict)

    def holds(self, item: RequestItem) -> bool:
        if item.clip_id in self.ids or (item.vendor_id and item.vendor_id in self.vendor_ids):
            return True
        if item.audio_sha256 and item.audio_sha256 in self.shas:
            return True
        t = _secs(item.recorded_at)
        if t is None:
            return False
        times = self.times.get(item.device, [])
        i = bisect.bisect_left(times, t - TIME_TOLERANCE_S)
        return i < len(times) and times[i] <= t + TIME_TOLERANCE_S

    def covers(self, item: RequestItem) -> bool:
        at = item.recorded_at
        return bool(at and self.first and self.last and self.first <= at <= self.last)


def _exports(db: Database, source_ids: Sequence[int]) -> list[_Export]:
    out = {
        s.id: _Export(s.id, s.vendor, s.importer, s.path or "", s.first, s.last) for s in source_info(db, source_ids)
    }
    for row in source_clips(db, source_ids):
        e = out[row.source_id]
        e.ids.add(row.id)
        if row.vendor_id:
            e.vendor_ids.add(row.vendor_id)
        if row.audio_sha256:
            e.shas.add(row.audio_sha256)
        t = _secs(row.recorded_at)
        if t is not None:
            e.times.setdefault(row.device, []).append(t)
    for e in out.values():
        for times in e.times.values():
            times.sort()
    return list(out.values())


def _kinds(kinds: Sequence[str]) -> str:
    return " / ".join(KIND_NAMES.get(k, k) for k in kinds) or "an unknown kind of export"


def check_item(item: RequestItem, exports: list[_Export]) -> tuple[str, str | None]:
    if any(e.holds(item) for e in exports):
        return "still_present", None
    same = [e for e in exports if e.kind in item.source_kinds]
    if not same:
        later = _kinds(sorted({e.kind for e in exports}))
        return "unverifiable", (
            f"it came from a {_kinds(item.source_kinds)} and the later export is a {later}, a different kind"
            " that need not list the same recordings"
        )
    if not item.recorded_at or item.recorded_at.startswith("1970-01-01"):
        return "unverifiable", "its recording time is unknown, so no export can be shown to cover it"
    if any(e.covers(item) for e in same):
        return "gone", None
    spans = "; ".join(f"{(e.first or '?')[:19]} to {(e.last or '?')[:19]}" for e in same)
    return "unverifiable", f"recorded {item.recorded_at[:19]}, outside the time the later export covers ({spans})"


def export_label(exports: Sequence[_Export]) -> str:
    """How a check names the export(s) it used: their file names."""
    return ", ".join(dict.fromkeys(Path(e.path).name or f"source {e.id}" for e in exports))


@dataclass(frozen=True)
class CheckedClip:
    """A requested clip as a check found it (``reason``: why it could not be checked, else None)."""

    id: str
    number: int | None
    vendor_id: str | None
    reason: str | None = None

    def to_json(self) -> dict[str, object]:
        doc: dict[str, object] = {"id": self.id, "number": self.number, "vendor_id": self.vendor_id}
        return doc if self.reason is None else {**doc, "reason": self.reason}


@dataclass(frozen=True)
class CheckedRequest:
    """What a check of one open request found, clip by clip (``export``: None when no export of its vendor
    was given; nothing was stored then)."""

    id: int
    vendor: str
    law: str
    checked: str
    export: str | None
    still_present: list[CheckedClip] = field(default_factory=list)
    gone: list[CheckedClip] = field(default_factory=list)
    unverifiable: list[CheckedClip] = field(default_factory=list)

    @property
    def clips(self) -> int:
        return len(self.still_present) + len(self.gone) + len(self.unverifiable)

    def by_result(self) -> dict[str, list[CheckedClip]]:
        """The clips by what the check found: still_present, gone, unverifiable (in that order)."""
        return {"still_present": self.still_present, "gone": self.gone, "unverifiable": self.unverifiable}

    def to_json(self) -> dict[str, object]:
        doc: dict[str, object] = {"id": self.id, "vendor": self.vendor, "law": self.law, "checked": self.checked}
        doc["export"] = self.export
        for result, clips in self.by_result().items():
            doc[result] = [c.to_json() for c in clips]
        return doc


@dataclass
class Verification:
    """``verify``: what the import of the later export(s) did, each open request checked against them, and the
    clips the export brought that voicehist had not seen (``transcribed``: what ``--transcribe`` ran)."""

    requests: list[CheckedRequest]
    report: ImportReport
    new_clips: list[NewClip]
    transcribed: dict[str, Any] | None = None

    def to_json(self) -> dict[str, object]:
        doc: dict[str, object] = {
            "requests": [r.to_json() for r in self.requests],
            "import": self.report.to_json(),
            "new_clips": [asdict(c) for c in self.new_clips],
        }
        if self.transcribed is not None:
            doc["transcribed"] = self.transcribed
        return doc


def check_requests(db: Database, source_ids: Sequence[int], *, store: bool = True) -> list[CheckedRequest]:
    """Check every open request against the exports ``source_ids``; store each result on its request and on
    the clip (its vendor status; requests of a vendor none of these exports belongs to are reported, not
    stored)."""
    exports = _exports(db, source_ids)
    now = utcnow()
    out: list[CheckedRequest] = []
    for req in open_requests(db):
        mine = [e for e in exports if e.vendor == DB_VENDOR[req.vendor]]
        found = CheckedRequest(req.id, req.vendor, req.law, now, export_label(mine) if mine else None)
        results: list[tuple[str, str, str | None]] = []
        for item in request_items(db, req.id):
            if mine:
                result, reason = check_item(item, mine)
            else:
                result, reason = "unverifiable", f"no export of {VENDORS[req.vendor].name} was given"
            results.append((item.clip_id, result, reason))
            shown = reason if result == "unverifiable" else None
            found.by_result()[result].append(CheckedClip(item.clip_id, item.number, item.vendor_id, shown))
        if store and mine:
            record_check(db, req.id, results, now, export_label(mine))
        out.append(found)
    return out


def verify_paths(
    db: Database,
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Verification:
    """Import later exports as a normal import, then check every open request against them."""
    report = import_paths(db, paths, progress=progress, cancel=cancel)
    # an export imported before is no news: it is checked and shown, but nothing is recorded as evidence
    news = any(not s.already_imported for s in report.sources)
    sources = [s.id for s in report.sources]
    requests = [] if report.cancelled else check_requests(db, sources, store=news)
    return Verification(requests, report, new_clips(db, sources, report))


def new_clips(db: Database, source_ids: Sequence[int], report: ImportReport) -> list[NewClip]:
    """The clips this import brought that voicehist had not seen, so the summary can name them and say what to
    run."""
    return clips_first_seen_in(db, source_ids) if report.new else []
