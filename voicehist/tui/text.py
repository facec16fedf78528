"""How the app writes values: times, durations, statuses, decisions, search matches (one place for each)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rich.text import Text

from voicehist.localtime import local
from voicehist.safetext import visible
from voicehist.store.records import ClipRow, flag_words

STATUS_WORDS = {
    "pending": "not transcribed yet",
    "running": "transcribing…",
    "failed": "transcription failed",
    "no_audio": "no audio",
    "done": "nothing heard",
}


def fmt_time(iso: str | None, z: dt.tzinfo | None = None) -> str:
    """A stored UTC time as the person reads it: local (the display zone: --tz, config.toml, the system).
    ``z``: that zone, resolved by the caller once for many times (the list: once a page read)."""
    if not iso:
        return "(no time)"
    return local(iso, z, seconds=False, abbrev=False) or iso[:16].replace("T", " ")


def fmt_duration(d: float | None) -> str:
    return "" if d is None else f"{d:5.1f}s"


def fmt_number(n: Any) -> str:
    return "" if n is None else f"#{n}"


def status_words(row: ClipRow) -> str:
    """What the local transcript column says when there is no transcript."""
    if row.forgotten_at:
        return "forgotten"
    if row.audio_problem and row.transcript_status in (None, "no_audio", "failed"):
        return "broken audio" if row.audio_sha256 else "no audio"
    status = row.transcript_status or "pending"
    return STATUS_WORDS.get(status, status.replace("_", " "))


def query_pattern(query: str | None) -> re.Pattern[str] | None:
    """The words of a search as one case-insensitive pattern, to mark matches (list and detail share it)."""
    tokens = re.findall(r"\w+", query or "")
    return re.compile("|".join(re.escape(t) for t in tokens), re.IGNORECASE) if tokens else None


# The flag's words come from the core (store.queries.flag_words, as the command line says them); the app adds
# only its look: a one-cell mark for the list's narrow flag column, and a colour.
FLAG_MARKS = {"accidental": "A", "not accidental": "N", "suspected": "?"}
FLAG_STYLES = {
    "accidental": "bold red",
    "not accidental": "bold green",
    "suspected": "yellow",
    "looks intended": "green",
    "unreviewed": "dim",
}


def flag_mark(row: ClipRow) -> tuple[str, str]:
    """The list's flag column: one cell for :func:`flag_words` (the user's decision wins over the detector)."""
    words = flag_words(row)
    return FLAG_MARKS.get(words, " "), FLAG_STYLES[words] if words in FLAG_MARKS else ""


def decision_text(clip: ClipRow) -> Text:
    """The detail pane's flag line: :func:`flag_words` with who said it."""
    return Text(flag_words(clip, detail=True), FLAG_STYLES.get(flag_words(clip), ""))


def shown(value: Any) -> str:
    """A string from an export, safe to put in a rich Text (control characters written out)."""
    return visible(value) if value is not None else ""
