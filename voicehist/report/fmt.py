"""How every renderer writes a number, a share, a duration and a time, so that they all show the same."""

from __future__ import annotations

from typing import Any

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


def filter_text(flt: dict[str, Any]) -> str:
    if not flt:
        return "all clips"
    return ", ".join(f"{k}={v}" for k, v in flt.items())


def compared_to_published(per_day: float | None, low: float, high: float) -> str:
    if per_day is None:
        return "no dated clips"
    if per_day < low:
        return "below the published range"
    if per_day > high:
        return "above the published range"
    return "within the published range"
