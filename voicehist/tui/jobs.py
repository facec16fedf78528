"""Long jobs the app runs in a worker: import, transcribe, detect. Each core module is imported lazily, so a
missing one disables only its command, with a clear message. Their summaries are told in words."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voicehist.errors import VoicehistError

JOBS = {
    "Import": ("voicehist.importers", "import_paths"),
    "Transcribe": ("voicehist.transcribe.runner", "transcribe_pending"),
    "Detect": ("voicehist.detect", "flag_auto"),
}


@dataclass(frozen=True)
class JobSummary:
    """What a job did, in words, and the problems it met (file: problem), to show the user."""

    text: str
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False


def available(job: str) -> bool:
    module, name = JOBS[job]
    try:
        if importlib.util.find_spec(module) is None:
            return False
    except ModuleNotFoundError:
        return False
    return True


def _core(job: str) -> Callable[..., Any]:
    module, name = JOBS[job]
    try:
        mod = importlib.import_module(module)
        return getattr(mod, name)
    except (ImportError, AttributeError) as e:
        raise VoicehistError(f"{job} is not available in this build ({module}.{name}: {e})") from e


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _problems(items: Any) -> list[str]:
    out: list[str] = []
    for p in items or []:
        if isinstance(p, dict):
            where = p.get("file") or p.get("clip") or p.get("id") or ""
            what = p.get("problem") or p.get("error") or ""
            out.append(f"{where}: {what}" if where else str(what))
        else:
            out.append(str(p))
    return out


def summarize(job: str, summary: Any) -> JobSummary:
    """``summary`` (the core's result or its ``to_json()``) told in words."""
    doc = summary.to_json() if hasattr(summary, "to_json") else summary
    if not isinstance(doc, dict):
        return JobSummary(str(doc))
    cancelled = bool(doc.get("cancelled"))
    problems: list[str] = []
    if job == "Import":
        problems = _problems(doc.get("problems"))
        parts = [f"{_n(int(doc.get('new') or 0), 'new clip')} imported"]
        if doc.get("existing"):
            parts.append(f"{_n(int(doc['existing']), 'clip')} already there")
        unrecognised = doc.get("unrecognised") or []
        if unrecognised:
            parts.append(f"{_n(len(unrecognised), 'file')} not understood")
            problems += [f"{name}: not a file voicehist knows" for name in unrecognised]
        if problems:
            parts.append(f"{_n(len(problems), 'problem')}")
        text = ", ".join(parts) + "."
    elif job == "Transcribe":
        problems = _problems(doc.get("errors"))
        parts = [f"{_n(int(doc.get('done') or 0), 'clip')} transcribed"]
        if doc.get("failed"):
            parts.append(f"{_n(int(doc['failed']), 'clip')} failed")
        if doc.get("no_audio"):
            parts.append(f"{_n(int(doc['no_audio']), 'clip')} without audio skipped")
        if doc.get("remaining"):
            parts.append(f"{_n(int(doc['remaining']), 'clip')} still to do")
        if doc.get("reset"):
            parts.append(f"{_n(int(doc['reset']), 'clip')} an interrupted run left back in the queue")
        text = ", ".join(parts) + "."
    elif job == "Detect":
        text = (
            f"{_n(int(doc.get('scored') or 0), 'clip')} scored: {doc.get('accidental') or 0} suspected accidental, "
            f"{doc.get('intended') or 0} intended, {doc.get('unknown') or 0} unsure"
        )
        if doc.get("decided_by_user"):
            text += f" ({_n(int(doc['decided_by_user']), 'clip')} you decided kept your decision)"
        text += "."
    else:
        text = "Done."
    if cancelled:
        text = f"Cancelled; finished work was kept. {text}"
    return JobSummary(text, problems, cancelled)


def run_job(
    job: str,
    db: Any,
    paths: list[str],
    *,
    progress: Callable[[int, int, str], None],
    cancel: Callable[[], bool],
) -> JobSummary:
    func = _core(job)
    if job == "Import":
        missing = [p for p in paths if not Path(p).expanduser().exists()]
        if missing:
            raise VoicehistError(f"no such file or folder: {', '.join(missing)}")
        result = func(db, [Path(p).expanduser() for p in paths], progress=progress, cancel=cancel)
    else:
        result = func(db, progress=progress, cancel=cancel)
    return summarize(job, result)
