"""Time strings as vendors write them → UTC ISO-8601 with 'Z'. The raw string is always kept beside it."""

from __future__ import annotations

import datetime as _dt
import math
import re

UTC = _dt.UTC

# common zone abbreviations in Amazon exports ("Tue May 15 13:07:41 PDT 2018"); unknown ones count as UTC
ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 1, "CET": 1, "CEST": 2,
    "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "GST": 4, "JST": 9, "KST": 9, "AEST": 10,
    "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13, "PST": -8, "PDT": -7, "MST": -7,
    "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4, "AKST": -9, "AKDT": -8, "HST": -10,
}  # fmt: skip

_MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                              "nov", "dec"])}  # fmt: skip


def iso_z(dt: _dt.datetime) -> str:
    """UTC ISO text; milliseconds only when present."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    dt = dt.astimezone(UTC)
    # always four digits of year (strftime writes the year 999 as "999", which no ISO reader takes back)
    text = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
    if dt.microsecond:
        return text + f".{dt.microsecond // 1000:03d}Z"
    return text + "Z"


def from_epoch_ms(ms: int | float) -> str | None:
    """Epoch milliseconds → UTC ISO; None when the number is not a date a datetime can hold (1e30, inf, nan)."""
    try:
        return iso_z(_dt.datetime(1970, 1, 1, tzinfo=UTC) + _dt.timedelta(milliseconds=float(ms)))
    except (OverflowError, ValueError):
        return None


def _zone(text: str | None) -> _dt.tzinfo:
    if not text:
        return UTC
    t = text.strip().upper()
    m = re.fullmatch(r"(?:UTC|GMT|UT|Z)?\s*([+-])(\d{1,2}):?(\d{2})?", t)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return _dt.timezone(sign * _dt.timedelta(minutes=minutes))
    hours = ZONES.get(t, 0)
    return _dt.timezone(_dt.timedelta(hours=hours))


_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.I,
)
_US = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{2,4})[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?"
    r"\s*((?:[A-Za-z]{1,5})?(?:[+-]\d{1,2}(?::?\d{2})?)?)?$"
)
_JAVA = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+"
    r"((?:[A-Za-z]{1,5})?(?:[+-]\d{1,2}(?::?\d{2})?)?)?\s*(\d{4})$"
)
_DATE_ONLY = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")


# how a time of 0 (epoch milliseconds, which Amazon writes for records it lost the time of) reads once parsed
EPOCH_ZERO = "1970-01-01T00:00:00"


def parse_time(raw: object) -> str | None:
    """Vendor time → UTC ISO 'Z', or None when it is not a time we understand."""
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            return _epoch(float(raw))
        except OverflowError:  # an int too large for a float
            return None
    text = str(raw).strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            return _epoch(float(text))
        if m := _ISO.match(text):
            y, mo, d, h, mi, s, frac, zone = m.groups()
            micro = int((frac or "0")[:6].ljust(6, "0"))
            dt = _dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), micro, tzinfo=_zone(zone))
            return iso_z(dt)
        if m := _US.match(text):
            mo, d, y, h, mi, s, ampm, zone = m.groups()
            year = int(y) + (2000 if len(y) == 2 else 0)
            hour = int(h)
            if ampm:
                hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
            dt = _dt.datetime(year, int(mo), int(d), hour, int(mi), int(s or 0), tzinfo=_zone(zone))
            return iso_z(dt)
        if m := _JAVA.match(text):
            mon, d, h, mi, s, zone, y = m.groups()
            month = _MONTHS.get(mon.lower())
            if month is None:
                return None
            dt = _dt.datetime(int(y), month, int(d), int(h), int(mi), int(s), tzinfo=_zone(zone))
            return iso_z(dt)
        if m := _DATE_ONLY.match(text):
            return iso_z(_dt.datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC))
    except (ValueError, OverflowError):
        return None
    return None


def _epoch(value: float) -> str | None:
    # seconds, milliseconds or microseconds since 1970, by magnitude
    if not math.isfinite(value) or value < 0:
        return None
    if value > 1e14:
        value /= 1000.0
    elif value < 1e11:
        value *= 1000.0
    return from_epoch_ms(value)


_NAME_PATTERNS = [
    # (2018-05-15T15_07_41+0200)_TEXT(...)  and other ISO-ish names with _ or - instead of :
    re.compile(
        r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T _](?P<h>\d{2})[_:.-](?P<mi>\d{2})[_:.-](?P<s>\d{2})"
        r"(?:[_.,](?P<ms>\d{1,6}))?(?:[_ ]?(?P<zone>UTC|GMT|Z|[+-]\d{2}:?\d{2}))?"
    ),
    re.compile(r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})[T_-](?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})(?P<zone>Z)?"),
]


def time_from_name(name: str) -> str | None:
    """A recording time written into a file name (loose folders, Google mp3 names), as UTC ISO."""
    for pat in _NAME_PATTERNS:
        m = pat.search(name)
        if not m:
            continue
        g = m.groupdict()
        try:
            micro = int((g.get("ms") or "0")[:6].ljust(6, "0"))
            dt = _dt.datetime(
                int(g["y"]),
                int(g["mo"]),
                int(g["d"]),
                int(g["h"]),
                int(g["mi"]),
                int(g["s"]),
                micro,
                tzinfo=_zone(g.get("zone")),
            )
        except ValueError:
            continue
        return iso_z(dt)
    stem = name.rsplit(".", 1)[0]
    if re.fullmatch(r"1[3-9]\d{8}", stem):  # the whole name is epoch seconds (2011..2033)
        return from_epoch_ms(int(stem) * 1000)
    m = re.search(r"(?<!\d)(1[3-9]\d{11})(?!\d)", name)  # epoch milliseconds 2011..2033
    if m:
        return from_epoch_ms(int(m.group(1)))
    return None


_UTTERANCE_TIME = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/(\d{2})/[^/]*/(\d{2}):(\d{2})::")


def time_from_utterance_id(uid: str) -> str | None:
    """Alexa utteranceId: ``<type>:1.0/YYYY/MM/DD/HH/<serial>/MM:SS::TNIH_2V.<uuid>`` → UTC ISO."""
    m = _UTTERANCE_TIME.search(uid or "")
    if not m:
        return None
    try:
        y, mo, d, h, mi, s = (int(x) for x in m.groups())
        return iso_z(_dt.datetime(y, mo, d, h, mi, s, tzinfo=UTC))
    except ValueError:
        return None
