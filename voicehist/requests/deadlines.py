"""Deadlines the law sets for an answer, with kept libraries rather than hand-made calendar maths.

- GDPR / UK GDPR: one month from receipt (Art. 12(3)); ``relativedelta`` makes 31 January + one month the last
  day of February (28th, or 29th in a leap year). An extension makes it three months from receipt.
- CCPA: 45 calendar days from receipt, 90 with an extension; receipt confirmed within 10 business days,
  counted with numpy's business-day calendar (Monday to Friday; public holidays are not counted, so the real
  deadline can be a day or two later than shown).

Dates are ``datetime.date``; the request's "sent" date stands for the day the vendor received it.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
from dateutil.relativedelta import relativedelta

from voicehist.dates import MONTHS
from voicehist.requests.facts import LAW

HOLIDAY_NOTE = "business days count Monday to Friday; public holidays are not taken into account"


def answer_due(law: str, received: _dt.date, extended: bool = False) -> _dt.date:
    """The last day for the answer to a request received on ``received``."""
    rule = LAW[law]
    months = rule.months + (rule.ext_months if extended else 0)
    days = rule.days + (rule.ext_days if extended else 0)
    return received + relativedelta(months=months, days=days)


def ack_due(law: str, received: _dt.date) -> _dt.date | None:
    """CCPA: the last day to confirm receipt (10 business days); None where the law sets no such step."""
    n = LAW[law].ack_business_days
    if n is None:
        return None
    # a request arriving on a weekend counts from the next business day
    day = np.busday_offset(np.datetime64(received.isoformat(), "D"), n, roll="forward")
    return _dt.date.fromisoformat(str(day))


# a request is sent, answered or extended between these days (a deadline months after the last still fits)
FIRST_DAY = _dt.date(2000, 1, 1)
LAST_DAY = _dt.date(2199, 12, 31)


def parse_day(text: str) -> _dt.date:
    """A YYYY-MM-DD date (or an ISO time, whose date is used) from FIRST_DAY to LAST_DAY; ValueError when it
    is not a date, or one no request can carry (``9999-12-31`` would put its deadline past the calendar)."""
    s = text.strip()
    try:
        day = _dt.date.fromisoformat(s[:10])
    except ValueError:
        raise ValueError(f"{text!r} is not a date (write it as YYYY-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{text!r} is not a date a request can carry ({FIRST_DAY} to {LAST_DAY})")
    return day


def format_day(day: _dt.date, style: str = "eu") -> str:
    return (
        f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        if style == "us"
        else f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    )
