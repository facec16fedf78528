"""The filter row: device, vendor, flag state, audio, a time preset and a date range. It turns its widgets
into :class:`~voicehist.store.queries.ClipFilter` values; a date it cannot read is marked and explained under
the row, and ignored."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from voicehist.dates import FORMS, BadDate, date_bounds, parse_span
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
DATE_FORMS = FORMS  # the command line's --since/--until forms: one parser for both (voicehist.dates)
DATE_HINT = "try 2025-03-20, 2025-03, 20.03.2025, yesterday, 7d, last month"


def day_range(text: str) -> tuple[str, str]:
    """(first day, last day) of the span ``text`` names (``2024-03``, ``last month``...), for the date boxes;
    :class:`~voicehist.dates.BadDate` when it names none."""
    span = parse_span(text)
    last = span.end - dt.timedelta(microseconds=1)
    return span.start.date().isoformat(), last.date().isoformat()


def preset_range(preset: str, month: str | None = None) -> tuple[str, str]:
    """(since, until) for a time preset, as the date boxes show them (days computed by voicehist.dates)."""
    today = parse_span("today").start.date()
    if preset == "today":
        return today.isoformat(), today.isoformat()
    if preset in ("7d", "30d"):
        return (today - dt.timedelta(days=int(preset[:-1]) - 1)).isoformat(), today.isoformat()
    if preset == "this_month":
        return today.replace(day=1).isoformat(), today.isoformat()
    if preset == "last_month":
        return day_range("last month")
    if preset == "month" and month:
        return day_range(month)
    raise BadDate(f"unknown time range {preset!r}", with_forms=False)


def short_error(e: BadDate) -> str:
    """A date error without the list of forms (the box's tooltip lists them)."""
    return str(e).split(". Accepted forms:")[0]


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
            yield Select([], prompt="voice", id="voice", compact=True)  # shown once there are voices
            yield Select(WHEN_OPTIONS, prompt="when", id="when", compact=True)
            yield Input(placeholder="since", id="since", compact=True, tooltip=f"A date: {DATE_FORMS}")
            yield Input(placeholder="until", id="until", compact=True, tooltip=f"A date: {DATE_FORMS}")
        yield Static("", id="date-error")

    def on_mount(self) -> None:
        self.query_one("#voice", Select).display = False
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

    def set_voice_choices(self, options: list[tuple[str, str]]) -> None:
        """The voices to filter by ((label, number) pairs); the choice is shown only when there are some."""
        select: Select[str] = self.query_one("#voice", Select)
        current = select.value
        with select.prevent(Select.Changed):
            select.set_options([(markup_safe(label), value) for label, value in options])
            if current in [v for _, v in options]:
                select.value = current
        select.display = bool(options)

    def choose_voice(self, voice: int) -> None:
        select: Select[str] = self.query_one("#voice", Select)
        select.display = True
        try:
            select.value = str(voice)
        except Exception:  # noqa: BLE001 - InvalidSelectValueError: choices not loaded yet
            self.set_voice_choices([(f"voice {voice}", str(voice))])
            select.value = str(voice)

    def set_dates(self, since: str, until: str) -> None:
        self.query_one("#since", Input).value = since
        self.query_one("#until", Input).value = until

    def clear(self) -> None:
        """Every filter back to 'any' (one Changed each: the screen refreshes once per message burst)."""
        for select in self.query(Select):
            select.clear()
        for inp in self.query(Input):
            inp.value = ""

    def _select(self, name: str) -> str | None:
        v = self.query_one(f"#{name}", Select).value
        return None if v is Select.NULL or v is None else str(v)

    def _date(self, name: str, problems: list[str]) -> str | None:
        """The box's text when voicehist.dates reads it (the filter takes the text itself), else None and a
        problem in the error line under the row."""
        inp = self.query_one(f"#{name}", Input)
        v = inp.value.strip()
        error: str | None = None
        if v:
            try:
                parse_span(v)
            except BadDate as e:
                error = short_error(e)
                problems.append(f"{name}: {error}")
        inp.set_class(error is not None, "-invalid")
        inp.tooltip = f"{name}: {error}" if error else f"A date: {DATE_FORMS}"
        return v if v and error is None else None

    def values(self) -> dict[str, Any]:
        """Keyword arguments for :class:`voicehist.store.queries.ClipFilter`."""
        problems: list[str] = []
        audio = self._select("audio")
        device = self._select("device")
        since = self._date("since", problems)
        until = self._date("until", problems)
        if since and until:
            try:
                date_bounds(since, until)
            except BadDate as e:  # since after until: nothing could match; both are ignored until fixed
                problems.append(short_error(e))
                for name in ("since", "until"):
                    self.query_one(f"#{name}", Input).add_class("-invalid")
                since = until = None
        if problems:
            problems.append(f"({DATE_HINT}; hover a box for every form)")
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
            **({"voice": (int(v),)} if (v := self._select("voice")) else {}),
        }
