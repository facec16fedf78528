"""Long jobs the app runs in a worker: import, transcribe, detect. Each core module is imported lazily, so a
missing one disables only its command, with a clear message."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from voicehist.errors import VoicehistError

JOBS = {
    "Import": ("voicehist.importers", "import_paths"),
    "Transcribe": ("voicehist.transcribe.runner", "transcribe_pending"),
    "Detect": ("voicehist.detect", "flag_auto"),
}


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


def summarize(summary: Any) -> str:
    doc = summary.to_json() if hasattr(summary, "to_json") else summary
    if isinstance(doc, dict):
        parts = [f"{k}: {v}" for k, v in doc.items() if isinstance(v, int | float | str) and not isinstance(v, bool)]
        text = ", ".join(parts[:6]) or "done"
        return f"Cancelled; finished work was kept. {text}" if doc.get("cancelled") else text
    return str(doc)


def run_job(
    job: str,
    db: Any,
    paths: list[str],
    *,
    progress: Callable[[int, int, str], None],
    cancel: Callable[[], bool],
) -> str:
    func = _core(job)
    if job == "Import":
        missing = [p for p in paths if not Path(p).expanduser().exists()]
        if missing:
            raise VoicehistError(f"no such file or folder: {', '.join(missing)}")
        result = func(db, [Path(p).expanduser() for p in paths], progress=progress, cancel=cancel)
    else:
        result = func(db, progress=progress, cancel=cancel)
    return summarize(result)
