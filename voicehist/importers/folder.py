"""Loose audio from any vendor: a folder (or zip) of recordings, e.g. from forensic or export tools.

Audio is found by content. Time and transcript come from the file name when it carries them, e.g.
``(2018-05-15T15_07_41+0200)_TEXT(well i see you soon).wav``; otherwise the time is the file's date.
"""

from __future__ import annotations

import re
from typing import ClassVar

from voicehist.audio.probe import looks_like_audio_name, sniff
from voicehist.importers.archive import Archive, Member
from voicehist.importers.base import ClipDraft, Plan, is_boilerplate
from voicehist.importers.times import iso_z, time_from_name

_TEXT_IN_NAME = re.compile(r"_TEXT\((.*)\)", re.S)


def is_audio_member(member: Member) -> bool:
    return sniff(member.head(16)) is not None


def audio_draft(member: Member, vendor: str, extra: dict[str, object] | None = None) -> ClipDraft:
    """A clip for an audio file that no table row describes."""
    name = member.basename
    raw: dict[str, object] = {"file": member.name, "size": member.size}
    when = time_from_name(name)
    if when is not None:
        raw["time_source"] = "file name"
        recorded_raw: str | None = name
    elif member.date is not None:
        when = iso_z(member.date)
        raw["time_source"] = "file date"
        recorded_raw = member.date.isoformat()
    else:
        recorded_raw = None
    stem = name.rsplit(".", 1)[0] if "." in name else name
    m = _TEXT_IN_NAME.search(stem)
    transcript = m.group(1).strip() if m else None
    if extra:
        raw.update(extra)
    return ClipDraft(
        vendor=vendor,
        recorded_at=when,
        recorded_raw=recorded_raw,
        vendor_transcript=transcript or None,
        audio_name=name,
        audio=member,
        raw=raw,
    )


def guess_vendor(archive: Archive) -> str:
    """'alexa' or 'google' when the paths say so (an Amazon or Takeout folder), else 'unknown'."""
    return _vendor_from_paths(archive)[0]


def _vendor_from_paths(archive: Archive) -> tuple[str, str | None]:
    """The vendor the paths name, and the word that named it."""
    text = " ".join([r.name for r in archive.roots] + [m.name for m in archive.members[:200]]).lower()
    for vendor, words in (("alexa", ("alexa", "amazon")), ("google", ("takeout", "google"))):
        for word in words:
            if word in text:
                return vendor, word
    return "unknown", None


def folder_notes(archive: Archive, plan: Plan, word: str | None) -> list[tuple[str, str]]:
    """What a loose folder's import assumed, for the summary: where the vendor and the times came from."""
    where = archive.roots[0].name if archive.roots else "folder"
    notes: list[str] = []
    if word is not None:
        notes.append(f"labelled {plan.vendor!r} because its path contains {word!r} (no vendor table was found)")
    else:
        notes.append("vendor unknown: no vendor table, and nothing in its path names Amazon or Google")
    sources = [str(d.raw.get("time_source") or "") for d in plan.drafts]
    by_date = sources.count("file date")
    by_name = sources.count("file name")
    none = len(sources) - by_date - by_name
    if by_name:
        notes.append(f"{by_name} clip(s) dated by the time in their file name")
    if by_date:
        notes.append(
            f"{by_date} clip(s) dated by their file's modification time, which may not be when they were recorded"
        )
    if none:
        notes.append(f"{none} clip(s) have no time (none in the name, no file date)")
    return [(where, n) for n in notes]


class FolderImporter:
    name: ClassVar[str] = "folder"
    vendor: ClassVar[str] = "unknown"

    def matches(self, archive: Archive) -> bool:
        return any(is_audio_member(m) or looks_like_audio_name(m.basename) for m in archive.members)

    def plan(self, archive: Archive) -> Plan:
        vendor, word = _vendor_from_paths(archive)
        plan = Plan(importer=self.name, vendor=vendor)
        for m in archive.members:
            if is_audio_member(m) or looks_like_audio_name(m.basename):
                # named like audio but not audio: still a clip, its audio problem is reported by name
                plan.drafts.append(audio_draft(m, vendor))
            elif not is_boilerplate(m):
                plan.unrecognised.append(f"{m.name}: not audio")
        plan.notes = folder_notes(archive, plan, word)
        return plan
