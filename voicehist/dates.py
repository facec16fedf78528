"""Dates a person types (``--since``, ``--until``, the app's date boxes) turned into UTC times.

Every form names a *span* of time: ``2025-03-20`` is that whole day, ``2025-03`` that month, ``14:30`` in
``2025-03-20 14:30`` that minute, ``last month`` the previous calendar month. ``--since`` starts at the
beginning of its span, ``--until`` ends at the end of its span (so ``--until 2025-03-20`` includes that whole
day). Dates and times without a zone are in the display zone (:mod:`voicehist.localtime`: ``--tz``, config.toml,
else the system's), like the times voicehist shows; ``Z`` or ``+02:00`` say otherwise. Anything else is refused with
:class:`BadDate`, whose message lists the accepted forms (:data:`FORMS`).

The small API::

    parse_span(text, now=None) -> Span(start, end)       end is exclusive
    parse_when(text, end=False, now=None) -> datetime   start of the span, or (end=True) its exclusive end
    date_bounds(since, until, now=None) -> (str | None, str | None)   strings to compare with recorded_at

python-dateutil does the calendar work (ISO parsing with zones, month names, month arithmetic); the regular
expressions below only decide which form was typed, so that ambiguous or half-understood input is refused
instead of guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from dateutil import parser as _parser
from dateutil.relativedelta import relativedelta

from voicehist.errors import VoicehistError
from voicehist.localtime import zone

# a date in words for a person (letters, the report's title): English, as the letters are
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

UTC = _dt.UTC

FORMS = (
    "2025-03-20, 2025-3-20, 2025/03/20, 2025-03 (a month), 2025 (a year); "
    "2025-03-20 14:30, 2025-03-20T14:30:05Z, 2025-03-20T14:30+02:00 (without a zone: your time zone); "
    "20.03.2025 (dots: day first); 03/20/2025 or 20/03/2025 when only one reading is a date; "
    "20 March 2025, Mar 20 2025; "
    "today, yesterday, now, 7d, 2w, 3mo, 1y, 12h (that long ago; also '7 days ago'), "
    "this week, last week, this month, last month, this year, last year"
)


class BadDate(VoicehistError):
    """A date that is not one of :data:`FORMS`, an ambiguous one, or a ``since`` after an ``until``."""

    def __init__(self, message: str, *, with_forms: bool = True) -> None:
        super().__init__(f"{message}. Accepted forms: {FORMS}" if with_forms else message)


@dataclass(frozen=True)
class Span:
    """``start`` (inclusive) to ``end`` (exclusive), both aware UTC datetimes."""

    start: _dt.datetime
    end: _dt.datetime


_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_YM = re.compile(r"(\d{4})[-/](\d{1,2})")
_Y = re.compile(r"(\d{4})")
_ABC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?")
_AGO = re.compile(r"(\d+)\s*(h|hours?|d|days?|w|weeks?|mo|months?|y|years?)(?:\s+ago)?")
_MONTH_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b")
_UNITS = {"h": "hours", "d": "days", "w": "weeks", "mo": "months", "y": "years"}


def _zone() -> _dt.tzinfo:
    """The zone dates without one are read in: the display zone, so a day typed is the day shown."""
    return zone()


def _now(now: _dt.datetime | None) -> _dt.datetime:
    n = now or _dt.datetime.now(UTC)
    return (n.replace(tzinfo=UTC) if n.tzinfo is None else n).astimezone(_zone())


def _midnight(d: _dt.datetime) -> _dt.datetime:
    return d.replace(hour=0, minute=0, second=0, microsecond=0)


def _day(y: int, m: int, d: int, text: str) -> _dt.datetime:
    try:
        return _dt.datetime(y, m, d, tzinfo=_zone())
    except ValueError as e:
        raise BadDate(f"{text!r} is not a date on the calendar ({e})", with_forms=False) from e


def _day_span(day: _dt.datetime) -> Span:
    return Span(day, day + _dt.timedelta(days=1))


def _with_time(day: _dt.datetime, time_text: str, text: str) -> Span:
    m = _TIME.fullmatch(time_text)
    if not m:
        raise BadDate(f"cannot read the time in {text!r}")
    hh, mm, ss, frac, zone = m.groups()
    iso = f"{day:%Y-%m-%d}T{int(hh):02d}:{mm}" + (f":{ss}" if ss else "") + (f".{frac}" if frac else "")
    if zone and zone not in ("z", "utc", "gmt"):
        iso += zone
    try:
        t = _parser.isoparse(iso)
    except ValueError as e:
        raise BadDate(f"{text!r} is not a time on the clock ({e})", with_forms=False) from e
    if t.tzinfo is None:  # no zone written: UTC when it says so (Z, UTC), else the display zone
        t = t.replace(tzinfo=UTC if zone in ("z", "utc", "gmt") else day.tzinfo)
    t = t.astimezone(UTC)
    step = _dt.timedelta(seconds=1) if ss else _dt.timedelta(minutes=1)
    return Span(t, t + step)


def _numeric_day(a: int, sep: str, b: int, y: int, text: str) -> _dt.datetime:
    """``a.b.yyyy`` is day first; ``a/b/yyyy`` (or ``a-b-yyyy``) is read whichever way makes a date, and
    refused when both ways do (``03/04/2025``) unless they are the same day."""
    if sep == ".":
        return _day(y, b, a, text)
    month_first_ok = 1 <= a <= 12 and 1 <= b <= 31
    day_first_ok = 1 <= b <= 12 and 1 <= a <= 31
    if month_first_ok and day_first_ok and a != b:
        raise BadDate(
            f"{text!r} is ambiguous: {y}-{a:02d}-{b:02d} (month first) or {y}-{b:02d}-{a:02d} (day first)? "
            f"Write it as YYYY-MM-DD",
            with_forms=False,
        )
    if month_first_ok:
        return _day(y, a, b, text)
    if day_first_ok:
        return _day(y, b, a, text)
    raise BadDate(f"{text!r} is not a date on the calendar", with_forms=False)


def _relative(t: str, now: _dt.datetime) -> Span | None:
    today = _midnight(now)
    if t == "now":
        return Span(now, now + _dt.timedelta(seconds=1))
    if t == "today":
        return _day_span(today)
    if t == "yesterday":
        return _day_span(today - _dt.timedelta(days=1))
    m = re.fullmatch(r"(this|last)\s+(week|month|year)", t)
    if m:
        which, unit = m.groups()
        if unit == "week":
            start = today - _dt.timedelta(days=today.weekday())  # weeks start on Monday
            step = relativedelta(weeks=1)
        elif unit == "month":
            start, step = today.replace(day=1), relativedelta(months=1)
        else:
            start, step = today.replace(month=1, day=1), relativedelta(years=1)
        if which == "last":
            start -= step
        return Span(start, start + step)
    m = _AGO.fullmatch(t)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        key = "mo" if unit.startswith("mo") else unit[0]
        delta = relativedelta(**{_UNITS[key]: n})
        if key == "h":  # that hour
            hour = now.replace(minute=0, second=0, microsecond=0) - delta
            return Span(hour, hour + _dt.timedelta(hours=1))
        return _day_span(today - delta)  # that calendar day
    return None


def parse_span(text: str, *, now: _dt.datetime | None = None) -> Span:
    """The span of time ``text`` names (see :data:`FORMS`); :class:`BadDate` for anything else, including a
    date the calendar cannot hold ("9999-12-31" ends in the year 10000, "100000y" ago is before the year 1)."""
    try:
        return _parse_span(text, now)
    except (ValueError, OverflowError) as e:
        raise BadDate(f"{text!r} is outside the dates voicehist can handle (years 1 to 9999)", with_forms=False) from e


def _parse_span(text: str, now: _dt.datetime | None) -> Span:
    raw = text
    t = " ".join(str(text).strip().lower().split())
    if not t:
        raise BadDate("no date given")
    n = _now(now)
    rel = _relative(t, n)
    if rel is not None:
        return rel
    date_part, time_part = t, ""
    if m := re.match(r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:t|\s+)(.+)", t):
        date_part, time_part = m.group(1), m.group(2)
    if m := _YMD.fullmatch(date_part):
        day = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
        return _with_time(day, time_part, raw) if time_part else _day_span(day)
    if time_part:
        raise BadDate(f"cannot read {raw!r}")
    if m := _ABC.fullmatch(t):
        return _day_span(_numeric_day(int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4)), raw))
    if m := _YM.fullmatch(t):
        start = _day(int(m.group(1)), int(m.group(2)), 1, raw)
        return Span(start, start + relativedelta(months=1))
    if m := _Y.fullmatch(t):
        start = _day(int(m.group(1)), 1, 1, raw)
        return Span(start, start + relativedelta(years=1))
    if _MONTH_WORD.search(t) and re.search(r"\d{4}", t) and re.fullmatch(r"[a-z0-9 ,.]+", t):
        # "20 March 2025", "Mar 20, 2025", "March 2025": only with a month name and a four-digit year
        try:
            first = _parser.parse(t, default=_dt.datetime(2000, 1, 1))
            second = _parser.parse(t, default=_dt.datetime(2000, 1, 2))
        except (ValueError, OverflowError) as e:
            raise BadDate(f"cannot read {raw!r}") from e
        start = first.replace(tzinfo=_zone())
        if first.day != second.day:  # no day given: the whole month
            return Span(start, start + relativedelta(months=1))
        return _day_span(start)
    raise BadDate(f"cannot read {raw!r} as a date")


def parse_when(text: str, *, end: bool = False, now: _dt.datetime | None = None) -> _dt.datetime:
    """The start of the span ``text`` names, or with ``end`` its exclusive end (the first instant after it)."""
    span = parse_span(text, now=now)
    return span.end if end else span.start


def sql_time(t: _dt.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS``: compares as text with voicehist's ``recorded_at`` values (``…SSZ``,
    ``…SS.fffZ``) the way the times compare; whole seconds (a bound is never finer than a second)."""
    t = t.astimezone(UTC)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}"  # years < 1000 too


def date_bounds(
    since: str | None, until: str | None, *, now: _dt.datetime | None = None
) -> tuple[str | None, str | None]:
    """``(lower, upper)`` for ``lower <= recorded_at < upper``; either is None when not given. A ``since``
    that starts after ``until`` ends is an error saying so."""
    n = _now(now)
    lo = parse_when(since, now=n) if since else None
    hi = parse_when(until, end=True, now=n) if until else None
    if lo is not None and hi is not None and lo >= hi:
        raise BadDate(
            f"since {since!r} ({lo.astimezone(UTC):%Y-%m-%d %H:%M} UTC) is after until {until!r} (up to "
            f"{hi.astimezone(UTC):%Y-%m-%d %H:%M} UTC):"
            " nothing can match; swap them?",
            with_forms=False,
        )
    if hi is not None and hi.microsecond:
        hi = hi.replace(microsecond=0) + _dt.timedelta(seconds=1)
    return (sql_time(lo) if lo else None), (sql_time(hi) if hi else None)


__all__ = ["BadDate", "FORMS", "Span", "parse_span", "parse_when", "date_bounds", "sql_time"]
