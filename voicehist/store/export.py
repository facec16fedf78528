"""Exporting clips a filter chose: a CSV or JSON table, the audio files, and everything about one clip.

Files written here hold transcripts or recordings: they are created 0600, never replace an existing file
unless asked (``overwrite``), and appear whole or not at all (written beside, then renamed). A folder that
does not exist, or a file that is in the way, is an :class:`ExportError` with a plain message.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from voicehist.errors import OutputError
from voicehist.paths import check_output, write_private
from voicehist.safetext import formula_guarded, json_text
from voicehist.store import audio_dir_of
from voicehist.store.queries import ClipFilter, iter_clips
from voicehist.store.records import Clip, ClipDetail, clip_json, flag_words

CSV_FIELDS = (
    "number",
    "id",
    "vendor",
    "recorded_at",
    "device",
    "vendor_id",
    "audio_name",
    "vendor_transcript",
    "transcript",
    "duration",
    "has_audio",
    "flagged",
    "decision",
    "score",
    "reasons",
    "vendor_status",  # what `verify` found: gone | still_present | unverifiable (empty: never verified)
    "vendor_status_checked",
)


class ExportError(OutputError):
    """The export cannot be written where asked (missing folder, a file in the way, no permission)."""


def _cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (``=HYPERLINK(...)`` in a transcript someone
    planted in an export) starts with an apostrophe, which spreadsheets show as text (OWASP's advice)."""
    return formula_guarded(value) if isinstance(value, str) else value


def _csv_row(doc: dict[str, Any], extra: tuple[str, ...]) -> dict[str, Any]:
    out = {k: _cell(doc.get(k)) for k in (*CSV_FIELDS, *extra)}
    out["reasons"] = _cell("; ".join(doc.get("reasons") or []))
    status = doc.get("vendor_status") or {}
    out["vendor_status"] = _cell(status.get("state"))
    out["vendor_status_checked"] = _cell(status.get("checked"))
    return out


def csv_chunks(docs: Iterable[dict[str, Any]], extra: tuple[str, ...] = ()) -> Iterator[bytes]:
    """CSV (UTF-8, header first) of clip JSON documents, in pieces."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[*CSV_FIELDS, *extra], lineterminator="\r\n")
    writer.writeheader()
    for n, doc in enumerate(docs, 1):
        writer.writerow(_csv_row(doc, extra))
        if n % 500 == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def json_chunks(docs: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """``{"clips": [...], "count": N}`` (the shape of ``list --json``, less "total"), in pieces."""
    yield b'{\n  "clips": ['
    n = 0
    for doc in docs:
        text = json_text(json.dumps(doc, ensure_ascii=False, default=str))  # no raw ESC, bidi or C1 character
        yield (",\n    " if n else "\n    ").encode() + text.encode()
        n += 1
    yield f'\n  ],\n  "count": {n}\n}}\n'.encode()


def _export(
    db: Database,
    f: ClipFilter,
    path: str | os.PathLike[str],
    chunks: Callable[[Iterable[dict[str, Any]]], Iterator[bytes]],
    overwrite: bool,
) -> int:
    count = 0

    def docs() -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in iter_clips(db, f):
            count += 1
            yield clip_json(row)

    write_private(Path(path), chunks(docs()), overwrite=overwrite)
    return count


def export_csv(db: Database, f: ClipFilter, path: str | os.PathLike[str], *, overwrite: bool = False) -> int:
    """Write the clips matching ``f`` to a CSV file (0600); returns the count. An existing file is an
    :class:`ExportError` unless ``overwrite``."""
    return _export(db, f, path, csv_chunks, overwrite)


def export_json(db: Database, f: ClipFilter, path: str | os.PathLike[str], *, overwrite: bool = False) -> int:
    """The same as :func:`export_csv`, as JSON."""
    return _export(db, f, path, json_chunks, overwrite)


_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
_EXT = {"WAV": "wav", "MP3": "mp3", "OGG": "ogg", "FLAC": "flac"}


def audio_file_name(row: Clip) -> str:
    """A readable, portable file name for a clip's audio: number, time, device and first words, e.g.
    ``0012_2026-03-11_13-14-45_Kitchen-Echo-Dot_audio-was-not-intended.wav`` (ASCII letters and digits only,
    so nothing from an export can steer the name)."""

    def part(text: Any, limit: int) -> str:
        return _UNSAFE.sub("-", str(text or "")).strip("-")[:limit].strip("-")

    when = (row.recorded_at or "")[:19].replace("T", "_").replace(":", "-")
    said = " ".join(str(row.transcript or row.vendor_transcript or "").split()[:5])
    pieces = [
        f"{int(row.number or 0):04d}",
        re.sub(r"[^0-9_-]", "", when),
        part(row.device, 24),
        part(said, 40),
    ]
    ext = _EXT.get(str(row.audio_format or "").upper()) or Path(str(row.audio_path or "")).suffix[1:]
    return "_".join(p for p in pieces if p) + "." + (part(ext, 5).lower() or "audio")


@dataclass
class AudioExport:
    copied: list[dict[str, str]] = field(default_factory=list)  # {"id", "number", "file"}
    without_audio: list[str] = field(default_factory=list)  # ids
    missing: list[str] = field(default_factory=list)  # ids whose file is gone from the audio store

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def audio_folder(folder: str | os.PathLike[str]) -> Path:
    """``folder``, created (0700) when only its last level is missing; an error when its parent is missing or
    it is a file."""
    target = Path(folder)
    if target.is_dir():
        return target
    if target.exists():
        raise ExportError(f"{target} is a file, not a folder")
    if not target.parent.is_dir():
        raise ExportError(f"the folder {target.parent} does not exist; create it first or choose another place")
    try:
        target.mkdir(mode=0o700)
    except OSError as e:
        raise ExportError(f"cannot create {target}: {e.strerror or e}") from e
    return target


def export_audio(
    db: Database, rows: list[Clip], folder: str | os.PathLike[str], *, overwrite: bool = False
) -> AudioExport:
    """Copy the audio of ``rows`` into ``folder`` under :func:`audio_file_name` names (0600).
    Every name is checked before the first copy, so a refusal changes nothing."""
    out = AudioExport()
    target = audio_folder(folder)
    store = audio_dir_of(db).resolve()
    plan: list[tuple[Clip, Path, Path]] = []
    for row in rows:
        rel = row.audio_path
        if not rel:
            out.without_audio.append(row.id)
            continue
        src = (store / rel).resolve()
        if not src.is_relative_to(store) or not src.is_file():
            out.missing.append(row.id)
            continue
        plan.append((row, src, target / audio_file_name(row)))
    names = [dest.name for _, _, dest in plan]
    if len(set(names)) != len(names):  # two clips, one name (same number is impossible; be safe anyway)
        plan = [(r, s, d.with_name(f"{d.stem}_{r.id[-8:]}{d.suffix}")) for r, s, d in plan]
    if not overwrite:
        taken = [dest.name for _, _, dest in plan if dest.exists()]
        if taken:
            shown = ", ".join(taken[:3]) + (f" and {len(taken) - 3} more" if len(taken) > 3 else "")
            raise ExportError(f"{target} already holds {shown}; choose an empty folder or allow replacing (--force)")
    for row, src, dest in plan:

        def chunks(p: Path = src) -> Iterator[bytes]:
            with open(p, "rb") as fh:
                while block := fh.read(1 << 20):
                    yield block

        write_private(dest, chunks(), overwrite=overwrite)
        out.copied.append({"id": row.id, "number": str(row.number or ""), "file": dest.name})
    return out


def stored_audio(db: Database, clip: Clip) -> Path | None:
    """Where the clip's audio lies in this database's audio store (None: it has none)."""
    return audio_dir_of(db) / clip.audio_path if clip.audio_path else None


def detail_json(db: Database, clip: ClipDetail) -> dict[str, Any]:
    """Everything about one clip, JSON-ready (``show --json``): the clip's JSON (see the CLI contract) plus the
    vendor's fields and raw record, every local transcript (the current one with its words), the flag (score,
    label, reasons, your decision), the sources it came from and its audio."""
    doc = clip_json(clip)
    doc["flag"] = {
        "words": flag_words(clip, detail=True),
        "decision": clip.decision,
        "decided_at": clip.decided_at,
        "auto_label": clip.auto_label,
        "score": clip.score,
        "reasons": doc["reasons"],
    }
    doc["vendor_record"] = _vendor_record(clip.raw)
    doc["imported_at"] = clip.imported_at
    doc["transcript_error"] = clip.transcript_error
    doc["audio"] = _audio_json(db, clip)
    doc["transcripts"] = [{**asdict(t), "current": t.id == clip.transcript_id} for t in clip.transcripts]
    doc["words"] = [{"word": w.word, "start": w.start, "end": w.end, "probability": w.probability} for w in clip.words]
    doc["sources"] = [
        {"path": s.path, "name": s.name, "vendor": s.vendor, "importer": s.importer, "audio_name": s.audio_name}
        for s in clip.sources
    ]
    return doc


def _vendor_record(raw: str | None) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw


def _audio_json(db: Database, clip: Clip) -> dict[str, Any]:
    audio_file = stored_audio(db, clip)
    return {
        "name_in_export": clip.audio_name,
        "stored_as": str(audio_file) if audio_file else None,
        "present": bool(audio_file and audio_file.is_file()),
        "format": clip.audio_format,
        "duration": clip.duration,
        "sample_rate": clip.sample_rate,
        "channels": clip.channels,
        "sha256": clip.audio_sha256,
        "problem": clip.audio_problem,
    }


__all__ = [
    "CSV_FIELDS",
    "ExportError",
    "AudioExport",
    "export_csv",
    "export_json",
    "export_audio",
    "audio_folder",
    "audio_file_name",
    "csv_chunks",
    "check_output",
    "write_private",
    "json_chunks",
    "detail_json",
    "stored_audio",
]
