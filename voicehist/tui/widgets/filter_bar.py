"""The filter row: device, vendor, flag state, audio, a time preset and a date range. It turns its widgets
into :class:`~voicehist.store.queries.ClipFilter` values; a date it cannot read is marked and explained under
the row, and ignored."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from voicehist.safetext import markup_safe

NO_DEVICE = "\x00none"  # the device choice for clips recorded without a device name
FLAG_OPTIONS = [
    ("flagged accidental", "flagged"),
    ("not flagged", "not_flagged"),
    ("suspected, not reviewed", "suspected"),
    ("not reviewed", "unreviewed"),
    ("my decisions", "decided"),
    ("vendor: not intended", "vendor_not_intended"),
]
AUDIO_OPTIONS = [("has audio", "yes"), ("no audio", "no"), ("broken audio", "broken")]
WHEN_OPTIONS = [
    ("today", "today"),
    ("last 7 days", "7d"),
    ("last 30 days", "30d"),
    ("this month", "this_month"),
    ("last month", "last_month"),
    ("a month…", "month"),
]
DATE_FORMS = "2024-03-20, 2024-3-20, 2024/03/20, 2024-03, 2024, today, yesterday, 7d, 2w"


class DateError(ValueError):
    pass


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def parse_date(text: str, *, end: bool = False) -> dt.date:
    """A date a user typed. Month or year alone means its first day (``end``: its last day).

    The local parse the date boxes use; it takes the same forms as the command line's ``--since``."""
    s = text.strip().lower()
    today = _today()
    if s == "today":
        return today
    if s == "yesterday":
        return today - dt.timedelta(days=1)
    if m := re.fullmatch(r"(\d{1,4})\s*([dw])", s):
        n = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
        return today - dt.timedelta(days=n)
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as e:
            raise DateError(f"{text!r} is not a day of the calendar") from e
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})", s):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise DateError(f"{text!r}: there is no month {month}")
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    if re.fullmatch(r"\d{4}", s):
        return dt.date(int(s), 12, 31) if end else dt.date(int(s), 1, 1)
    raise DateError(f"{text!r} is not a date (try 2024-03-20, 2024-03, today, 7d)")


def preset_range(preset: str, month: str | None = None) -> tuple[str, str]:
    """(since, until) for a time preset, as the date boxes show them."""
    today = _today()
    if preset == "today":
        return today.isoformat(), today.isoformat()
    if preset in ("7d", "30d"):
        return (today - dt.timedelta(days=int(preset[:-1]) - 1)).isoformat(), today.isoformat()
    if preset == "this_month":
        return today.replace(day=1).isoformat(), today.isoformat()
    if preset == "last_month":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1).isoformat(), last.isoformat()
    if preset == "month" and month:
        return parse_date(month).isoformat(), parse_date(month, end=True).isoformat()
    raise DateError(f"unknown time range {preset!r}")


class FilterBar(Vertical):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._choices: dict[str, list[str]] = {"device": [], "vendor": []}

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-row"):
            yield Select([("(no device)", NO_DEVICE)], prompt="device", id="device", compact=True)
            yield Select([], prompt="vendor", id="vendor", compact=True)
            yield Select(FLAG_OPTIONS, prompt="flag", id="flag", compact=True)
            yield Select(AUDIO_OPTIONS, prompt="audio", id="audio", compact=True)
            yield Select(WHEN_OPTIONS, prompt="when", id="when", compact=True)
            yield Input(placeholder="since", id="since", compact=True, tooltip=f"A date: {DATE_FORMS}")
            yield Input(placeholder="until", id="until", compact=True, tooltip=f"A date: {DATE_FORMS}")
        yield Static("", id="date-error")

    def on_mount(self) -> None:
        if self.app.is_headless:
            for inp in self.query(Input):
                inp.cursor_blink = False

    def set_choices(self, name: str, values: list[str]) -> None:
        """New devices/vendors (after an import); the chosen value is kept when it still exists."""
        if values == self._choices.get(name):
            return
        self._choices[name] = values
        select: Select[str] = self.query_one(f"#{name}", Select)
        current = select.value
        options = [(markup_safe(v), v) for v in values]
        if name == "device":
            options.append(("(no device)", NO_DEVICE))
        with select.prevent(Select.Changed):
            select.set_options(options)
            if current in values or current == NO_DEVICE:
                select.value = current

    def set_dates(self, since: str, until: str) -> None:
        self.query_one("#since", Input).value = since
        self.query_one("#until", Input).value = until

    def clear(self) -> None:
        """Every filter back to 'any' (one Changed each: the screen refreshes once per message burst)."""
        for select in self.query(Select):
            select.clear()
        for inp in self.query(Input):
            inp.value = ""

    def is_clear(self) -> bool:
        return all(s.is_blank() for s in self.query(Select)) and not any(i.value for i in self.query(Input))

    def _select(self, name: str) -> str | None:
        v = self.query_one(f"#{name}", Select).value
        return None if v is Select.NULL or v is None else str(v)

    def _date(self, name: str, problems: list[str]) -> str | None:
        inp = self.query_one(f"#{name}", Input)
        v = inp.value.strip()
        try:
            day = parse_date(v, end=name == "until") if v else None
        except DateError as e:
            problems.append(f"{name}: {e}")
            day = None
        inp.set_class(bool(v) and day is None, "-invalid")
        return day.isoformat() if day else None

    def values(self) -> dict[str, Any]:
        """Keyword arguments for :class:`voicehist.store.queries.ClipFilter`."""
        problems: list[str] = []
        audio = self._select("audio")
        device = self._select("device")
        since = self._date("since", problems)
        until = self._date("until", problems)
        if since and until and since > until:
            problems.append(f"since ({since}) is after until ({until}): nothing can match")
        self.query_one("#date-error", Static).update(Text("  ".join(problems), "bold red"))
        return {
            "device": None if device == NO_DEVICE else device,
            "no_device": device == NO_DEVICE,
            "vendor": self._select("vendor"),
            "flagged": self._select("flag"),
            "has_audio": None if audio in (None, "broken") else audio == "yes",
            "broken_audio": audio == "broken",
            "since": since,
            "until": until,
        }
