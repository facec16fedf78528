"""The report's figures, counted by hand on tests/report/fixture_db.py (see the comments there)."""

from __future__ import annotations

import json

import pytest

from tests.report.fixture_db import add_requests
from voicehist.report import compute
from voicehist.report.figures import reason_kind
from voicehist.report.records import DeviceCount, MonthCount, ReasonCount, RequestCount, VendorCount
from voicehist.store.queries import ClipFilter


def test_totals_and_groupings(figures) -> None:
    f = figures
    assert f.clips == 9
    assert (f.first, f.last) == ("2024-01-15T08:10:00.000Z", "2024-03-02T10:00:00.000Z")
    assert f.span_days == 48  # 15 Jan .. 2 Mar 2024, both days counted (2024 is a leap year)
    assert (f.no_time, f.no_device) == (1, 1)
    assert (f.with_audio, f.transcribed) == (7, 7)  # clips 7 and 8 have no audio
    assert f.share_with_audio == pytest.approx(7 / 9)
    assert f.audio_seconds == pytest.approx(3 + 8.5 + 2 + 12 + 6 + 4 + 5)
    assert f.by_vendor == [VendorCount("alexa", 7), VendorCount("google", 2)]
    assert f.by_device == [
        DeviceCount("Kitchen Echo", 5),
        DeviceCount("Bedroom Dot", 2),
        DeviceCount("Nest Mini", 1),
        DeviceCount(None, 1),
    ]
    # clip 7 has no time: in the totals, in no month
    assert f.per_month == [MonthCount("2024-01", 3, 1), MonthCount("2024-02", 3, 1), MonthCount("2024-03", 2, 2)]
    assert f.notes and "1 clip(s) have no time" in f.notes[0]


def test_heatmap_weekday_hour(figures) -> None:
    cells = {(wd, h): n for wd, row in enumerate(figures.heatmap) for h, n in enumerate(row) if n}
    # Mon 15 Jan 08:10 and 21:05, Tue 16 Jan 08:12, Sat 3 Feb 23:30, Sun 4 Feb 02:00, Sat 10 Feb 14:00,
    # Fri 1 Mar 12:00, Sat 2 Mar 10:00
    assert cells == {(0, 8): 1, (0, 21): 1, (1, 8): 1, (5, 23): 1, (6, 2): 1, (5, 14): 1, (4, 12): 1, (5, 10): 1}
    assert sum(map(sum, figures.heatmap)) == 8


def test_accidental_user_decision_wins(figures) -> None:
    a = figures.accidental
    # clips 2, 8, 9 suspected and not reviewed; 4 suspected but the user said no; 5 intended but the user said yes
    assert a.total == 4
    assert a.auto_suspected == 4
    assert (a.user_confirmed, a.user_rejected) == (1, 1)
    assert (a.overridden_to_not, a.overridden_to_accidental) == (1, 1)
    assert a.unreviewed_suspects == 3
    assert a.audio_seconds == pytest.approx(8.5 + 6 + 5)  # clip 8 has no audio
    assert a.with_audio == 3
    assert a.device_days == 7  # Kitchen 4 + Bedroom 2 + (no device) 1 + Nest Mini 0 (no time)
    assert a.per_device_per_day == pytest.approx(4 / 7)


def test_accidental_per_device_per_day(figures) -> None:
    rows = {r.device: r for r in figures.accidental_by_device}
    assert (rows["Kitchen Echo"].days, rows["Kitchen Echo"].accidental) == (4, 3)
    assert rows["Kitchen Echo"].per_day == pytest.approx(0.75)
    assert rows["Bedroom Dot"].per_day == pytest.approx(0.5)
    assert rows["Bedroom Dot"].user_confirmed == 1
    assert rows["Nest Mini"].days == 0 and rows["Nest Mini"].per_day is None  # never divided by zero
    assert rows[None].per_day == 0.0
    assert figures.published.per_device_per_day_low == 1.5
    assert figures.published.per_device_per_day_high == 19.0


def test_reasons_longest_requests(figures) -> None:
    # clip 4's reason does not count: the user overruled it; clip 5's user flag carries no detector reason
    assert figures.reasons[0] == ReasonCount("the vendor marked it: audio was not intended for the device", 2)
    assert {r.reason for r in figures.reasons} == {
        "the vendor marked it: audio was not intended for the device",
        "no wake word in the first words heard",
        "a long stretch of conversation with no request",
        "silence: nobody spoke",
    }
    assert [(r.number, r.duration) for r in figures.longest_accidental] == [(2, 8.5), (5, 6.0), (9, 5.0)]
    # the wake word is left out ("Alexa, what's the weather?" counts with "what's the weather")
    assert figures.top_requests[0] == RequestCount("what's the weather", 2)
    assert {r.text for r in figures.top_requests} == {
        "what's the weather",
        "set a timer for ten minutes",
        "play jazz",
    }
    words = {r.word: r.clips for r in figures.top_words}
    assert words["weather"] == 2
    assert "alexa" not in words and "the" not in words and "what's" not in words


def test_sensitive_findings_in_figures(figures) -> None:
    s = figures.sensitive
    got = [(x.number, x.category, x.words, x.source) for x in s.findings]
    assert got == [
        (2, "phone", "five five five one two three four", "local"),
        (5, "secret", "pin is four four nine one", "local"),
        (5, "health", "doctor", "local"),
        (5, "health", "diabetes", "local"),
        (8, "person", "Sarah", "vendor"),
        (8, "phone", "206-555-0188", "vendor"),
    ]
    assert s.clips == 3
    assert s.by_category["phone"] == 2 and s.clips_by_category["phone"] == 2


def test_filters_match_list(fixture_db) -> None:
    f = compute(fixture_db, ClipFilter(device="Kitchen Echo"))
    assert f.clips == 5 and f.accidental.total == 3
    assert f.filter == {"device": "Kitchen Echo"}
    g = compute(fixture_db, ClipFilter(vendor="google"))
    assert g.clips == 2 and g.no_time == 1 and g.accidental.total == 0
    h = compute(fixture_db, ClipFilter(since="2024-02-01", until="2024-02-29"))
    assert h.clips == 3 and [m.month for m in h.per_month] == ["2024-02"]


def test_empty_database_no_division_by_zero(db) -> None:
    f = compute(db)
    assert f.empty and f.clips == 0
    assert f.share_with_audio is None and f.share_transcribed is None
    assert f.accidental.share is None and f.accidental.per_device_per_day is None
    assert f.span_days is None and f.per_month == [] and f.requests is None
    json.loads(f.dumps())


def test_deletion_requests_when_there_are_some(fixture_db):
    """The shape of migration m006_requests (the requests feature, merged separately): dates, no status column."""
    assert compute(fixture_db).requests is None  # no table, or no request: the report says nothing
    add_requests(fixture_db)
    r = compute(fixture_db, now="2024-04-10 12:00 UTC").requests
    assert r is not None and r.count == 3
    assert r.by_status == {"sent": 1, "not sent": 1, "answered": 1}
    assert sorted((x.id, x.status, x.clips) for x in r.items) == [
        (1, "sent", 2),
        (2, "not sent", 1),
        (3, "answered", 4),
    ]
    first = next(x for x in r.items if x.id == 1)
    assert first.created == "2024-03-01" and first.sent == "2024-03-02"


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("silence / no speech (audio peaks at -52 dBFS)", "silence / no speech"),
        ("no wake word in the first words heard ('so then')", "no wake word in the first words heard"),
        ("12.5 s of conversation, no request", "N s of conversation, no request"),
        ("near-miss word 'alex' where the wake word would be", "near-miss word '…' where the wake word would be"),
    ],
)
def test_reason_kind(reason: str, kind: str) -> None:
    assert reason_kind(reason) == kind


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        (
            "near-miss word 'alexis' where the wake word would be",
            "a word like the wake word where the wake word would be",
        ),
        ("Alexa's transcript starts 4 words into what was heard ('so i said')", None),
        ("but what follows sounds like a request ('play some jazz')", None),
        ("wake word 'Alexa' among the first words heard at 0.3 s", None),
        ("12.5 s of conversation, no request", "a long stretch of conversation with no request"),
        (
            "the audio sounds like 'alexis', not 'alexa' (0.71 vs 0.20)",
            "the audio sounds like a word like the wake word",
        ),
        ("the audio starts with 'alexa' (0.93)", None),
        ("Amazon understood a request and acted on it ('play jazz'; answered 'Playing jazz')", None),
        (
            "no wake word in the first words heard ('so')"
            " (but the audio has the wake word: the transcript missed or misheard it)",
            None,
        ),
    ],
)
def test_reason_labels_have_no_unfilled_templates(reason: str, label: str | None) -> None:
    from voicehist.report.figures import reason_label

    got, _ = reason_label(reason)
    if label is None and reason.startswith("Alexa's"):
        assert got == "Alexa's transcript starts several words into the recording"
    else:
        assert got == label


def test_reasons_table_names_examples_and_leaves_out_evidence_against() -> None:
    from voicehist.report.figures import _reason_rows

    raws = [
        json.dumps(["near-miss word 'Alexis' where the wake word would be", "but what follows sounds like a request"]),
        json.dumps(["near-miss word 'election' where the wake word would be", "no wake word in the first words heard"]),
        json.dumps(["near-miss word 'alexis' where the wake word would be"]),
    ]
    rows = _reason_rows(raws, 10)
    assert rows[0].clips == 3 and rows[0].examples == ["alexis", "election"]
    assert rows[0].reason == "a word like the wake word where the wake word would be ('alexis', 'election')"
    assert [r.reason for r in rows[1:]] == ["no wake word in the first words heard"]
    for r in rows:
        assert "…" not in r.reason and " N " not in r.reason and not r.reason.startswith("but ")


def test_months_without_clips_are_in_the_chart_as_zero() -> None:
    from voicehist.report.figures import _months

    got = _months([("2025-11", 3, 1), ("2026-02", 2, 0)])
    assert got == [
        MonthCount("2025-11", 3, 1),
        MonthCount("2025-12", 0, 0),
        MonthCount("2026-01", 0, 0),
        MonthCount("2026-02", 2, 0),
    ]
    # an epoch-0 time does not stretch the chart over 56 years of empty months
    assert len(_months([("1970-01", 1, 0), ("2026-02", 2, 0)])) == 2


def test_period_in_the_title_in_words(fixture_db) -> None:
    f = compute(fixture_db, ClipFilter(since="2024-02-01", until="2024-02-29"), now="2024-04-10 12:00 UTC")
    assert f.title == "Voice history report, 1 to 29 February 2024"
    g = compute(fixture_db, ClipFilter(since="last month"), now="2024-04-10 12:00 UTC")
    assert g.title == "Voice history report, from 1 March 2024"
    h = compute(fixture_db, ClipFilter(since="2023-12-01", until="2024-01"), now="2024-04-10 12:00 UTC")
    assert h.title == "Voice history report, 1 December 2023 to 31 January 2024"
    assert compute(fixture_db).title == "Voice history report"
    assert f.to_json()["title"] == f.title


def test_longest_accidental_prefers_the_vendors_fuller_transcript() -> None:
    from voicehist.report.figures import _longest_text

    assert _longest_text("turn off the lights in the hall", "turn of the") == (
        "turn off the lights in the hall",
        "vendor",
    )
    assert _longest_text("Audio was not intended for this device", "so then") == (
        "so then",
        "local",
    )
    assert _longest_text("hi", "so i told him that we would")[1] == "local"


def test_json_keys_in_contract_order(figures) -> None:
    """`report --json`: the records' fields, in order; a reason's examples only where it has some."""
    doc = figures.to_json()
    assert list(doc) == [
        "generated_at", "filter", "clips", "first", "last", "span_days", "no_time", "no_device", "with_audio",
        "transcribed", "share_with_audio", "share_transcribed", "audio_seconds", "by_vendor", "by_device",
        "per_month", "heatmap", "accidental", "accidental_by_device", "published", "reasons", "longest_accidental",
        "top_requests", "top_words", "sensitive", "requests", "notes", "period", "voices", "empty", "title",
    ]  # fmt: skip
    assert list(doc["accidental_by_device"][0]) == [
        "device", "clips", "days", "accidental", "auto_suspected", "user_confirmed", "accidental_seconds", "per_day"
    ]  # fmt: skip
    assert all(list(r) == ["reason", "clips"] for r in doc["reasons"])  # the fixture's reasons have no examples
    assert list(doc["sensitive"]["findings"][0]) == [
        "clip", "number", "recorded_at", "device", "category", "words", "source", "start", "end", "reason"
    ]  # fmt: skip


def test_clips_dated_by_their_file_are_said(db, tmp_path) -> None:
    """A recording no record dates takes its file's date (a zip entry's, often the day the export was made): the
    report's period then runs to that day, so it says how many clips are dated that way."""
    from tests.importers.helpers import make_tree, wav
    from voicehist.importers import import_paths

    import_paths(db, [make_tree(tmp_path / "loose", {"a.wav": wav(seed=1), "b.wav": wav(seed=2)})])
    notes = compute(db).notes
    assert any(n.startswith("2 clip(s) are dated by their file's date in the export") for n in notes), notes
