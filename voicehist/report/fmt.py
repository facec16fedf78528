"""How every renderer writes a number, a share, a duration and a time, so that they all show the same."""

from __future__ import annotations

from collections.abc import Callable

from voicehist.dates import MONTHS
from voicehist.report.records import Requests

BLOCKS = " ▏▎▍▌▋▊▉█"
SHADES = " ░▒▓█"


def count(n: int | None) -> str:
    return "–" if n is None else f"{n:,}"


def share(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.0f}%"


def rate(x: float | None) -> str:
    if x is None:
        return "–"
    if x >= 10:
        return f"{x:.1f}".removesuffix(".0")
    return f"{x:.2f}"


def plain(x: float) -> str:
    """A published figure as written (1.5, 19, 0.95)."""
    return f"{x:g}"


def duration(seconds: float | None) -> str:
    """3.2 s, 4 min 05 s, 2 h 03 min."""
    if seconds is None:
        return "–"
    s = float(seconds)
    if s < 60:
        return f"{s:.1f} s"
    m, sec = divmod(int(round(s)), 60)
    if m < 60:
        return f"{m} min {sec:02d} s"
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min"


def when(iso: str | None) -> str:
    if not iso:
        return "no time"
    return iso[:16].replace("T", " ")


def day(iso: str | None) -> str:
    return iso[:10] if iso else "–"


def name(value: str | None, missing: str = "(no device)") -> str:
    return value if value else missing


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of block characters, eighths included; ``top`` fills ``width`` cells."""
    if top <= 0 or value <= 0:
        return ""
    eighths = int(round(value / top * width * 8))
    eighths = max(eighths, 1)
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def shade(value: int, top: int) -> str:
    if value <= 0 or top <= 0:
        return "·"
    level = 1 + int((value / top) * (len(SHADES) - 2) + 0.5) if value < top else len(SHADES) - 1
    return SHADES[min(level, len(SHADES) - 1)]


FLAG_WORDS = {
    "flagged": "clips counted as accidental",
    "not_flagged": "clips not counted as accidental",
    "suspected": "clips the detector suspects (not reviewed)",
    True: "clips counted as accidental",
    False: "clips not counted as accidental",
}


def long_day(iso: str) -> str:
    """2026-03-01 -> 1 March 2026."""
    y, m, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    return f"{d} {MONTHS[m - 1]} {y}"


def period_words(since_day: str | None, until_day: str | None) -> str | None:
    """A period in words from its first and last days (YYYY-MM-DD, both included): "1 to 31 March 2026",
    "from 1 March 2026", "up to 31 March 2026"; None without either."""
    if since_day and until_day:
        a, b = long_day(since_day), long_day(until_day)
        if since_day == until_day:
            return a
        if since_day[:7] == until_day[:7]:
            return f"{int(since_day[8:10])} to {b}"
        if since_day[:4] == until_day[:4]:
            return f"{a.rsplit(' ', 1)[0]} to {b}"
        return f"{a} to {b}"
    if since_day:
        return f"from {long_day(since_day)}"
    if until_day:
        return f"up to {long_day(until_day)}"
    return None


def filter_text(flt: dict[str, object]) -> str:
    """The clips a report covers, in words: "all clips", "clips counted as accidental, device Kitchen Echo"."""
    if not flt:
        return "all clips"
    parts: list[str] = []
    if "flagged" in flt:
        parts.append(FLAG_WORDS.get(flt["flagged"], f"flag {flt['flagged']}"))
    if "selected" in flt:
        parts.append("the selected clips")
    if "has_audio" in flt:
        parts.append("with audio" if flt["has_audio"] else "without audio")
    if "vendor" in flt:
        vendors = {"alexa": "Amazon Alexa", "google": "Google Assistant"}
        parts.append(vendors.get(str(flt["vendor"]), f"vendor {flt['vendor']}"))
    if "device" in flt:
        devices = flt["device"] if isinstance(flt["device"], list | tuple) else [flt["device"]]
        parts.append(("devices " if len(devices) > 1 else "device ") + ", ".join(str(d) for d in devices))
    if "query" in flt:
        parts.append(f"matching \u201c{flt['query']}\u201d")
    # since/until: the period is in the report's title, in words (Figures.title)
    return ", ".join(parts) if parts else "all clips"


def compared_to_published(per_day: float | None, low: float, high: float) -> str:
    if per_day is None:
        return "no dated clips"
    if per_day < low:
        return "below the published range"
    if per_day > high:
        return "above the published range"
    return "within the published range"


def requests_line(r: Requests, shown: Callable[[object], str]) -> str:
    """ "3 tracked request(s): 2 sent, 1 answered; 1 overdue; 3 clip(s) still held after the deadline", each
    status written through ``shown`` (the renderer's escaping)."""
    held = r.still_held_after_deadline
    return (
        f"{r.count} tracked request(s): "
        + ", ".join(f"{n} {shown(k)}" for k, n in r.by_status.items())
        + (f"; {r.overdue} overdue" if r.overdue else "")
        + (f"; {held} clip(s) still held after the deadline" if held else "")
    )
