"""voicehist.dates: the forms a person types, refused when they cannot mean one thing."""

from __future__ import annotations

import datetime as dt

import pytest

from voicehist.dates import FORMS, BadDate, date_bounds, parse_span, parse_when
from voicehist.errors import EXIT_USAGE

NOW = dt.datetime(2025, 3, 26, 10, 30, tzinfo=dt.UTC)  # a Wednesday


def day(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2025-03-20", day(2025, 3, 20), day(2025, 3, 21)),
        ("2025-3-20", day(2025, 3, 20), day(2025, 3, 21)),
        ("2025/03/20", day(2025, 3, 20), day(2025, 3, 21)),
        ("20.03.2025", day(2025, 3, 20), day(2025, 3, 21)),
        ("04.03.2025", day(2025, 3, 4), day(2025, 3, 5)),  # dots are day first
        ("03/20/2025", day(2025, 3, 20), day(2025, 3, 21)),  # only month-first makes a date
        ("20/03/2025", day(2025, 3, 20), day(2025, 3, 21)),  # only day-first makes a date
        ("03/03/2025", day(2025, 3, 3), day(2025, 3, 4)),  # both readings are the same day
        ("20 March 2025", day(2025, 3, 20), day(2025, 3, 21)),
        ("Mar 20, 2025", day(2025, 3, 20), day(2025, 3, 21)),
        ("March 2025", day(2025, 3, 1), day(2025, 4, 1)),
        ("2025-03", day(2025, 3, 1), day(2025, 4, 1)),
        ("2024", day(2024, 1, 1), day(2025, 1, 1)),
        ("2025-03-20 14:30", day(2025, 3, 20, 14, 30), day(2025, 3, 20, 14, 31)),
        ("2025-03-20T14:30:05Z", day(2025, 3, 20, 14, 30, 5), day(2025, 3, 20, 14, 30, 6)),
        ("2025-03-20T14:30+02:00", day(2025, 3, 20, 12, 30), day(2025, 3, 20, 12, 31)),
        ("today", day(2025, 3, 26), day(2025, 3, 27)),
        ("Yesterday", day(2025, 3, 25), day(2025, 3, 26)),
        ("7d", day(2025, 3, 19), day(2025, 3, 20)),
        ("7 days ago", day(2025, 3, 19), day(2025, 3, 20)),
        ("2w", day(2025, 3, 12), day(2025, 3, 13)),
        ("1mo", day(2025, 2, 26), day(2025, 2, 27)),
        ("12h", day(2025, 3, 25, 22), day(2025, 3, 25, 23)),
        ("this week", day(2025, 3, 24), day(2025, 3, 31)),
        ("last week", day(2025, 3, 17), day(2025, 3, 24)),
        ("last month", day(2025, 2, 1), day(2025, 3, 1)),
        ("this month", day(2025, 3, 1), day(2025, 4, 1)),
        ("last year", day(2024, 1, 1), day(2025, 1, 1)),
    ],
)
def test_accepted_forms_name_a_span(text: str, start: dt.datetime, end: dt.datetime) -> None:
    span = parse_span(text, now=NOW)
    assert (span.start, span.end) == (start, end)
    assert parse_when(text, now=NOW) == start and parse_when(text, end=True, now=NOW) == end


@pytest.mark.parametrize("text", ["garbage", "", "3m", "march", "25:00", "2025-03-20 junk", "next tuesday"])
def test_garbage_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(BadDate) as info:
        parse_span(text, now=NOW)
    assert FORMS in str(info.value) and info.value.exit_code == EXIT_USAGE


@pytest.mark.parametrize(
    "text, says",
    [
        ("03/04/2025", "ambiguous: 2025-03-04 (month first) or 2025-04-03 (day first)"),
        ("2025-02-30", "not a date on the calendar"),
        ("13/13/2025", "not a date on the calendar"),
        ("2025-03-20 25:00", "not a time on the clock"),
    ],
)
def test_impossible_and_ambiguous_dates_say_why(text: str, says: str) -> None:
    with pytest.raises(BadDate, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_span(text, now=NOW)


def test_bounds_compare_with_stored_times_and_until_includes_its_whole_span() -> None:
    lo, hi = date_bounds("2025-03-20", "2025-03-20", now=NOW)
    assert (lo, hi) == ("2025-03-20T00:00:00", "2025-03-21T00:00:00")
    assert lo is not None and hi is not None
    stored = ["2025-03-19T23:59:59.999Z", "2025-03-20T00:00:00Z", "2025-03-20T23:59:59Z", "2025-03-20T23:59:59.999Z"]
    assert [lo <= s < hi for s in stored] == [False, True, True, True]
    assert not ("2025-03-21T00:00:00Z" < hi)
    assert date_bounds(None, None) == (None, None)


def test_since_after_until_is_an_error_saying_so() -> None:
    with pytest.raises(BadDate, match="is after until"):
        date_bounds("2025-03-21", "2025-03-20", now=NOW)


def test_dates_are_read_in_the_display_zone(imported, run_cli) -> None:
    """A day typed is the day shown: with --tz Europe/Berlin (UTC+1 in March) 2025-03-20 runs from 23:00 UTC
    the day before to 23:00 UTC, so the clip at 00:00:00Z is in it and the one at 23:59:59Z is not."""
    import json

    code, out, err = run_cli(
        "list", "--since", "2025-03-20", "--until", "2025-03-20", "--tz", "Europe/Berlin", "--json"
    )
    assert code == 0, err
    assert [c["number"] for c in json.loads(out)["clips"]] == [4]
    code, out, _ = run_cli("list", "--since", "2025-03-20", "--until", "2025-03-20", "--json")  # UTC
    assert [c["number"] for c in json.loads(out)["clips"]] == [5, 4]
    # an explicit zone wins: Z is UTC whatever --tz says
    code, out, _ = run_cli("list", "--since", "2025-03-20T23:59:00Z", "--tz", "Asia/Tokyo", "--json")
    assert 5 in [c["number"] for c in json.loads(out)["clips"]]
    # the table shows the local time and names the zone; JSON keeps UTC
    code, out, _ = run_cli("list", "--since", "2025-03-20", "--until", "2025-03-20", "--tz", "Europe/Berlin")
    assert "time (Europe/Berlin)" in out and "2025-03-20 01:00" in out
    code, out, _ = run_cli("list", "--tz", "Europe/Berlin", "--json", "--limit", "1")
    assert json.loads(out)["clips"][0]["recorded_at"].endswith("Z")


def test_the_zone_from_config_toml_and_a_bad_zone(imported, run_cli) -> None:
    import json

    cfg = imported / "config" / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('[display]\ntimezone = "America/Los_Angeles"\n')
    code, out, err = run_cli("list", "--since", "2025-03-20", "--until", "2025-03-20")
    assert code == 0 and "time (America/Los_Angeles)" in out
    code, out, _ = run_cli("list", "--since", "2025-03-20", "--until", "2025-03-20", "--json")
    assert [c["number"] for c in json.loads(out)["clips"]] == [5]  # PDT day: 07:00 UTC to 07:00 UTC
    code, out, _ = run_cli("list", "--since", "2025-03-20", "--until", "2025-03-20", "--json", "--tz", "UTC")
    assert [c["number"] for c in json.loads(out)["clips"]] == [5, 4]  # --tz wins over config.toml
    code, out, err = run_cli("list", "--tz", "Nowhere/Special")
    assert code == 2 and out == "" and "not a time zone" in err
    cfg.write_text('[display]\ntimezone = "Atlantis"\n')
    code, out, err = run_cli("list")
    assert code == 2 and "config.toml [display] timezone" in err and "'Atlantis' is not a time zone" in err
