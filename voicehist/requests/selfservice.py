"""The self-service route: where the user can delete the same clips themselves, in the fewest page visits.

Amazon's *Review Voice History* filters by a date range and a device; Google's *My Activity* by a date range
and product. Days with requested clips that follow one another make one visit (one date range); where every
clip of such a run comes from one device, the visit filters by that device too, so the page shows less.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from voicehist.requests.build import LetterClip, RequestDraft

MAX_TIMES = 12  # a visit lists the times to tick up to this many clips


@dataclass
class Visit:
    first_day: str
    last_day: str
    device: str | None  # filter by this device (Amazon), None = all devices
    clips: list[LetterClip]

    @property
    def range_text(self) -> str:
        return self.first_day if self.first_day == self.last_day else f"{self.first_day} to {self.last_day}"

    def times_text(self) -> str:
        """The clips to tick, as the page shows their times (local where the display zone is not UTC), grouped
        by device and day."""
        parts: list[str] = []
        by_device: dict[str, list[LetterClip]] = {}
        for c in self.clips:
            by_device.setdefault(c.device, []).append(c)
        if len(self.clips) > MAX_TIMES:  # a long visit: counts per device, the times are in the clip list
            counts = ", ".join(f"{d}: {len(c)}" if d else str(len(c)) for d, c in by_device.items())
            return f"{counts} (their times are in the list of recordings)"
        for device, clips in by_device.items():
            days: dict[str, list[str]] = {}
            for c in clips:
                days.setdefault(c.page_day, []).append(c.page_time or "time unknown")
            shown = "; ".join(f"{d} {', '.join(ts)}" for d, ts in days.items())
            parts.append(f"{device}: {shown}" if device and not self.device else shown)
        return " | ".join(parts)


def visits(draft: RequestDraft) -> list[Visit]:
    """Date-range visits covering every dated clip (undated ones cannot be found by date)."""
    dated = sorted((c for c in draft.clips if c.day != "undated"), key=lambda c: (c.page_day, c.recorded_at or ""))
    runs: list[list[LetterClip]] = []
    last: _dt.date | None = None
    for c in dated:
        day = _dt.date.fromisoformat(c.page_day)
        if last is not None and (day - last).days <= 1:
            runs[-1].append(c)
        else:
            runs.append([c])
        last = day
    out = []
    for run in runs:
        devices = {c.device for c in run}
        device = next(iter(devices)) if len(devices) == 1 and draft.vendor.key == "amazon" else None
        out.append(Visit(run[0].page_day, run[-1].page_day, device, run))
    return out


def undated(draft: RequestDraft) -> list[LetterClip]:
    return [c for c in draft.clips if c.day == "undated"]


def route_lines(draft: RequestDraft) -> list[str]:
    """One line per visit, in plain words (the same in every format)."""
    lines = []
    for i, v in enumerate(visits(draft), 1):
        n = len(v.clips)
        what = f"{n} recording{'s' if n != 1 else ''}"
        if draft.vendor.key == "amazon":
            dev = f"device {v.device}" if v.device else "all devices"
            lines.append(f"Visit {i}: dates {v.range_text}, {dev}; delete {what}: {v.times_text()}")
        else:
            lines.append(f"Visit {i}: dates {v.range_text}; delete {what}: {v.times_text()}")
    for c in undated(draft):
        lines.append(f"Undated: #{c.number} ({c.device}, {c.vendor_id}) cannot be found by date; the letter names it.")
    return lines
