"""Import voice-history exports into the store.

``detect(path)`` picks the importer from what a path contains; ``import_paths(db, paths)`` imports one or
more exports and returns an :class:`ImportReport`. Several paths that belong to one Amazon export (one zip
per category) are read together as one export.
"""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from voicehist.audio.probe import EXT_OF_FORMAT, AudioProblem, probe
from voicehist.errors import NotAnExport, NoVoiceData
from voicehist.importers import google_takeout
from voicehist.importers.alexa_archive import AlexaArchiveImporter
from voicehist.importers.alexa_json import AlexaJsonImporter
from voicehist.importers.archive import DEFAULT_LIMITS, READ_ERRORS, Archive, Limits, Spent, printable
from voicehist.importers.base import ClipDraft, Importer, Plan, storable, storable_json, storable_row
from voicehist.importers.folder import FolderImporter, guess_vendor
from voicehist.importers.google_takeout import GoogleTakeoutImporter
from voicehist.jobs import Cancel, Progress
from voicehist.paths import locations
from voicehist.store import Database, audio_dir_of
from voicehist.store.writes import (
    FORGOTTEN_FILE,
    FORGOTTEN_PROBLEM,
    Forgotten,
    clean_temp_files,
    finish_source,
    forgotten_clips,
    source_rows,
    store_audio,
    upsert_source,
    write_clips,
)

# Rows are written in batches, one transaction each, so other readers and writers wait at most one batch and a
# kill loses at most one: at most BATCH_AUDIO rows while clips carry audio (each takes a while to copy and
# probe), BATCH rows of records without audio (a voice-history JSON: 100,000 records took 1,563 commits at 64
# rows; bigger batches dirty each index page once and are indexed for search in one statement), and at most
# BATCH_SECONDS of work either way.
BATCH_AUDIO = 64
BATCH = 2000
BATCH_SECONDS = 0.5


def _importers() -> list[Importer]:
    return [GoogleTakeoutImporter(), AlexaJsonImporter(), AlexaArchiveImporter(), FolderImporter()]


def _detect_archive(archive: Archive, shown: str) -> Importer:
    for imp in _importers():
        if imp.matches(archive):
            return imp
    hint = google_takeout.html_only_hint(archive)
    if hint:
        raise NotAnExport(f"{shown}: {hint}")
    raise NoVoiceData(
        f"{shown}: not a voice-history export. Found {archive.describe()}; no Alexa voice-history table or JSON,"
        " no Google Assistant/Voice activity JSON and no audio recordings."
    )


def detect(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Importer:
    """The importer for what ``path`` contains; raises :class:`NotAnExport` saying what was found."""
    with Archive.open([path], limits) as archive:
        return _detect_archive(archive, printable(str(path)))


@dataclass(frozen=True)
class ImportedSource:
    """One export as this import found it."""

    id: int  # the source's row
    path: str
    vendor: str
    importer: str
    clips: int  # entries the export gave
    new: int
    existing: int
    already_imported: bool  # an earlier import of the same bytes had finished
    problems: int


@dataclass
class ImportReport:
    new: int = 0
    existing: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    sources: list[ImportedSource] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, message): imported, worth saying
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "existing": self.existing,
            "problems": [{"file": f, "problem": p} for f, p in self.problems],
            "sources": [asdict(s) for s in self.sources],
            "unrecognised": self.unrecognised,
            "notes": [{"file": f, "note": n} for f, n in self.notes],
            "cancelled": self.cancelled,
        }


def _fingerprint(paths: Sequence[Path]) -> str:
    """sha256 over the export's bytes (file names included for folders), independent of path order."""
    parts: list[str] = []
    for root in paths:
        h = hashlib.sha256()
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for f in sorted(filenames):
                    p = Path(dirpath) / f
                    if p.is_symlink() or not p.is_file():
                        continue
                    h.update(p.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
                    _hash_file(h, p)
        else:
            _hash_file(h, root)
        parts.append(h.hexdigest())
    if len(parts) == 1:
        return parts[0]
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()


def _hash_file(h: Any, path: Path) -> None:
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)


def _group(paths: Sequence[Path], limits: Limits) -> tuple[list[tuple[list[Path], Importer]], list[str]]:
    """Detect every path first (so a bad path fails before anything is written), then read the parts of
    one export together: several Amazon zips (one per category) or several Takeout zips (Google splits big
    exports) are one export, and audio-only parts go with the export given beside them. A zip with no voice
    data at all (Amazon's "Devices" or "Shopping" zip given beside its voice zip: `import ~/Downloads/*.zip`)
    is read with the export it came with, so that its files are listed as not recognised, as when the
    unpacked folder is imported; beside a single file it is skipped and said. Returns the groups and what was
    skipped; a path with nothing voicehist reads is an error only when no path given holds voice data."""
    detected: list[tuple[Path, Importer]] = []
    empty: list[tuple[Path, NoVoiceData]] = []
    for p in paths:
        try:
            detected.append((p, detect(p, limits)))
        except NoVoiceData as e:
            if not zipfile.is_zipfile(p):
                raise  # a folder or file of something else beside an export is more likely a wrong path
            empty.append((p, e))
    if empty and not detected:
        raise empty[0][1]
    groups: dict[str, tuple[list[Path], Importer]] = {}
    for p, imp in detected:
        if imp.name in ("alexa_archive", "google_takeout"):
            groups.setdefault(imp.name, ([], imp))[0].append(p)
    singles: list[tuple[list[Path], Importer]] = []
    for p, imp in detected:
        if imp.name in groups:
            continue
        if imp.name == "folder" and groups:
            target = "google_takeout" if "google_takeout" in groups and _looks_google(p, limits) else None
            target = target or ("alexa_archive" if "alexa_archive" in groups else "google_takeout")
            groups[target][0].append(p)
            continue
        singles.append(([p], imp))
    skipped: list[str] = []
    for p, why in empty:
        if groups:
            next(iter(groups.values()))[0].append(p)
        else:
            skipped.append(str(why))
    return list(groups.values()) + singles, skipped


def _looks_google(path: Path, limits: Limits) -> bool:
    with Archive.open([path], limits) as archive:
        return guess_vendor(archive) == "google"


def import_paths(
    db: Database,
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    limits: Limits = DEFAULT_LIMITS,
    restore_forgotten: bool = False,
) -> ImportReport:
    """Import the exports at ``paths``. Idempotent: clips already in the store are not added again.

    Forgotten clips stay forgotten (their audio is not copied into the store) unless ``restore_forgotten``."""
    for p in paths:
        _refuse_whole_tree(p)
    clean_temp_files(audio_dir_of(db))  # what an interrupted import left half-written
    report = ImportReport()
    roots: list[Path] = []
    for p in paths:  # the same path twice is one export
        if not any(_same(Path(p), r) for r in roots):
            roots.append(Path(p))
    spent = Spent()  # the caps are totals for the whole import, across every path and nested zip
    groups, skipped = _group(roots, limits)
    report.unrecognised.extend(skipped)
    for group, importer in groups:
        if cancel is not None and cancel():
            report.cancelled = True
            break
        with Archive.open(group, limits, spent) as archive:
            _import_one(db, group, archive, importer, report, progress, cancel, restore_forgotten)
    return report


def _refuse_whole_tree(path: str | os.PathLike[str]) -> None:
    """An empty path, the file system's root, or a folder holding voicehist's own data is never an export:
    importing it would read (and hash) everything below it, voicehist's own store included."""
    if str(path).strip() == "":
        raise NotAnExport("an empty path was given; name the export (a zip, a folder or a JSON file)")
    p = Path(path)
    try:
        real = p.resolve()
    except (OSError, RuntimeError):
        return  # what cannot be resolved fails later with its own message
    if real.parent == real:
        raise NotAnExport(f"{printable(str(path))} is the root of the file system, not an export; name the export")
    if not real.is_dir():
        return
    # voicehist's data folder (every database and audio store it keeps by default) inside what is imported
    for d in (locations().data_dir,):
        try:
            inside = d.is_dir() and d.resolve().is_relative_to(real)
        except (OSError, RuntimeError):
            continue
        if inside:
            raise NotAnExport(
                f"{printable(str(path))} holds voicehist's own data ({d}); it is not an export. Name the export "
                "itself (a zip, or the folder it was unpacked to)"
            )


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _derived_id(draft: ClipDraft, audio_sha: str | None, seen: dict[str, int]) -> str:
    when = draft.recorded_at or "undated"
    basis = audio_sha or "|".join(str(x or "") for x in (draft.device, draft.vendor_transcript, draft.audio_name))
    digest = hashlib.sha1(f"{draft.vendor}|{when}|{basis}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
    cid = f"{when}-{digest}"
    n = seen.get(cid, 0) + 1
    seen[cid] = n
    return cid if n == 1 else f"{cid}-{n}"


def _audio_fields(
    draft: ClipDraft, audio_dir: Path, problems: list[tuple[str, str]], forgotten: Forgotten | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"transcript_status": "no_audio"}
    label = draft.audio_name or (draft.audio.name if draft.audio else None) or draft.vendor_id or "?"
    if draft.audio is None:
        if draft.audio_missing:
            out["audio_problem"] = draft.audio_missing
            problems.append((label, draft.audio_missing))
        return out
    try:
        data = draft.audio.read()
    except READ_ERRORS as e:
        msg = f"cannot be read from the export: {e}"
        out["audio_problem"] = msg
        problems.append((draft.audio.name, msg))
        return out
    sha = hashlib.sha256(data).hexdigest()
    out["audio_sha256"] = sha
    if forgotten is not None and forgotten.covers(draft.id, draft.vendor, sha):
        return out  # the user had this clip forgotten: its audio is not stored again
    try:
        info = probe(data)
    except AudioProblem as e:
        out["audio_problem"] = str(e)
        problems.append((draft.audio.name, str(e)))
        return out
    out.update(
        audio_path=store_audio(audio_dir, data, sha, EXT_OF_FORMAT[info.format]),
        audio_format=info.format,
        duration=round(info.duration, 3),
        sample_rate=info.sample_rate,
        channels=info.channels,
        audio_problem=info.problem,
        transcript_status="pending",
    )
    if info.problem:
        problems.append((draft.audio.name, info.problem))
    return out


class _Writer:
    """The rows of one export, written in batches (see BATCH): counts what was new and what was there, and
    gathers each clip's problems once its row is written."""

    def __init__(self, db: Database, source_id: int, restore_forgotten: bool) -> None:
        self.db, self.source_id, self.restore_forgotten = db, source_id, restore_forgotten
        self.batch: list[dict[str, Any]] = []
        self.new = self.existing = 0
        self.problems: list[tuple[str, str]] = []
        self.flushed = time.monotonic()

    def add(self, row: dict[str, Any], has_audio: bool) -> None:
        self.batch.append(row)
        if len(self.batch) >= (BATCH_AUDIO if has_audio else BATCH) or time.monotonic() - self.flushed >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            results = write_clips(self.db, self.source_id, self.batch, restore_forgotten=self.restore_forgotten)
            for row, res in zip(self.batch, results, strict=True):
                if res.new:
                    self.new += 1
                else:
                    self.existing += 1
                mine = row["_problems"]
                if res.names_forgotten:  # a forgotten clip's file name can hold the words the user had forgotten
                    mine[:] = [(FORGOTTEN_FILE, FORGOTTEN_PROBLEM) for _ in mine]
                self.problems.extend(mine)
            self.batch.clear()
        self.flushed = time.monotonic()


def _row(draft: ClipDraft, audio_dir: Path, forgotten: Forgotten | None, seen_ids: dict[str, int]) -> dict[str, Any]:
    """The clip row for ``draft`` (its audio copied into the store and probed), with its problems under
    ``_problems`` and ``_content_match`` when it has no vendor id."""
    mine: list[tuple[str, str]] = []
    fields = _audio_fields(draft, audio_dir, mine, forgotten)
    row: dict[str, Any] = {
        "vendor": draft.vendor,
        "recorded_at": draft.recorded_at,
        "recorded_raw": draft.recorded_raw,
        "device": draft.device,
        "vendor_transcript": draft.vendor_transcript,
        "vendor_response": draft.vendor_response,
        "vendor_kind": draft.vendor_kind,
        "vendor_id": draft.vendor_id,
        "audio_name": draft.audio_name,
        "raw": draft.raw_json if draft.raw_json is not None else storable_json(draft.raw),
        **fields,
    }
    row = storable_row(row)
    row["id"] = storable(draft.id) or _derived_id(draft, fields.get("audio_sha256"), seen_ids)
    row["_content_match"] = draft.id is None
    row["_problems"] = mine
    return row


def _write_drafts(
    db: Database,
    plan: Plan,
    writer: _Writer,
    label: str,
    progress: Progress | None,
    cancel: Cancel | None,
    restore_forgotten: bool,
) -> tuple[int, bool]:
    """Write every draft of ``plan`` (as a stream gives them); returns (drafts written, cancelled)."""
    audio_dir = audio_dir_of(db)
    forgotten = None if restore_forgotten else forgotten_clips(db)
    total = plan.total if plan.total is not None else len(plan.drafts)
    seen_ids: dict[str, int] = {}
    seen = 0
    if progress:
        progress(0, total, label)
    for draft in plan.stream if plan.stream is not None else plan.drafts:
        if cancel is not None and cancel():
            writer.flush()
            return seen, True
        seen += 1
        writer.add(_row(draft, audio_dir, forgotten, seen_ids), draft.audio is not None)
        if progress:
            progress(seen, max(total, seen), draft.audio_name or label)  # a record without audio: its export
    writer.flush()
    return seen, False


def _import_one(
    db: Database,
    group: list[Path],
    archive: Archive,
    importer: Importer,
    report: ImportReport,
    progress: Progress | None,
    cancel: Cancel | None,
    restore_forgotten: bool = False,
) -> None:
    plan: Plan = importer.plan(archive)
    names = ", ".join(printable(p.name) for p in group)
    source_id, created = upsert_source(
        db,
        fingerprint=_fingerprint(group),
        path=", ".join(printable(str(p)) for p in group),
        name=names,
        vendor=plan.vendor,
        importer=plan.importer,
    )
    writer = _Writer(db, source_id, restore_forgotten)
    seen, cancelled = _write_drafts(db, plan, writer, names, progress, cancel, restore_forgotten)
    # what the archive refused, then what the plan found (complete now, a streamed plan's too), then each clip's
    rejected = [(n, why) for n, why in archive.rejected if "already read" not in why]
    problems = [(storable(f), storable(p)) for f, p in rejected + plan.problems + writer.problems]
    # what the plan gave; a cancelled import counts what the plan held (a stream: its estimate)
    clips = (plan.total if plan.total is not None else len(plan.drafts)) if cancelled else seen
    unrecognised = storable(plan.unrecognised)
    finish_source(db, source_id, seen=clips, problems=problems, unrecognised=unrecognised, complete=not cancelled)
    report.new += writer.new
    report.existing += writer.existing
    report.problems.extend(problems)
    report.unrecognised.extend(unrecognised)
    report.notes.extend((storable(f), storable(n)) for f, n in plan.notes)
    report.cancelled = report.cancelled or cancelled
    report.sources.extend(
        ImportedSource(
            id=row["id"],
            path=row["path"],
            vendor=row["vendor"],
            importer=row["importer"],
            clips=clips,
            new=writer.new,
            existing=writer.existing,
            already_imported=not created,
            problems=len(problems),
        )
        for row in source_rows(db, [source_id])
    )


__all__ = ["detect", "import_paths", "ImportReport", "Limits", "NotAnExport"]
