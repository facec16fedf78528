"""Long jobs the app runs in a worker: import, transcribe, detect. Their summaries are told in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from voicehist.detect import DetectSummary, flag_auto
from voicehist.errors import VoicehistError
from voicehist.importers import ImportReport, import_paths
from voicehist.jobs import Cancel, Progress
from voicehist.store import Database
from voicehist.transcribe.runner import RunSummary, transcribe_pending

Job = Literal["Import", "Transcribe", "Detect"]


@dataclass(frozen=True)
class JobSummary:
    """What a job did, in words, and the problems it met (file: problem), to show the user."""

    text: str
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _told(text: str, problems: list[str], cancelled: bool) -> JobSummary:
    if cancelled:
        text = f"Cancelled; finished work was kept. {text}"
    return JobSummary(text, problems, cancelled)


def import_summary(r: ImportReport) -> JobSummary:
    problems = [f"{where}: {what}" if where else what for where, what in r.problems]
    problems += r.unrecognised  # each says its file and why ("notes.txt: not audio")
    parts = [f"{_n(r.new, 'new clip')} imported"]
    if r.existing:
        parts.append(f"{_n(r.existing, 'clip')} already there")
    if r.unrecognised:
        parts.append(f"{_n(len(r.unrecognised), 'file')} not understood")
    if problems:
        parts.append(_n(len(problems), "problem"))
    return _told(", ".join(parts) + ".", problems, r.cancelled)


def transcribe_summary(r: RunSummary) -> JobSummary:
    problems = [f"{e.clip_id}: {e.error}" if e.clip_id else e.error for e in r.errors]  # one ClipError a clip
    parts = [f"{_n(r.done, 'clip')} transcribed"]
    if r.failed:
        parts.append(f"{_n(r.failed, 'clip')} failed")
    if r.no_audio:
        parts.append(f"{_n(r.no_audio, 'clip')} without audio skipped")
    if r.remaining:
        parts.append(f"{_n(r.remaining, 'clip')} still to do")
    if r.reset:
        parts.append(f"{_n(r.reset, 'clip')} an interrupted run left back in the queue")
    return _told(", ".join(parts) + ".", problems, r.cancelled)


def detect_summary(r: DetectSummary) -> JobSummary:
    text = (
        f"{_n(r.scored, 'clip')} scored: {r.accidental} suspected accidental, {r.intended} intended, {r.unknown} unsure"
    )
    if r.decided_by_user:
        text += f" ({_n(r.decided_by_user, 'clip')} you decided kept your decision)"
    if r.wake_audio_unavailable:
        text += f". Note: {r.wake_audio_unavailable}; scored on the transcripts"
    return _told(text + ".", [], r.cancelled)


def run_job(job: Job, db: Database, paths: list[str], *, progress: Progress, cancel: Cancel) -> JobSummary:
    """Run ``job`` on ``db`` (the worker's own connection) and tell what it did."""
    if job == "Import":
        missing = [p for p in paths if not Path(p).expanduser().exists()]
        if missing:
            raise VoicehistError(f"no such file or folder: {', '.join(missing)}")
        found = [Path(p).expanduser() for p in paths]
        return import_summary(import_paths(db, found, progress=progress, cancel=cancel))
    if job == "Transcribe":
        return transcribe_summary(transcribe_pending(db, progress=progress, cancel=cancel))
    return detect_summary(flag_auto(db, progress=progress, cancel=cancel))
