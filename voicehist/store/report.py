"""The SQL behind the summary report: counts, groupings and rows for :mod:`voicehist.report.figures`.

Every function takes the same :class:`ClipFilter` that ``voicehist list`` builds, and reads ``clip_view``, so
"flagged" is the effective decision (the user's when there is one, else the detector's label) everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from voicehist.store.queries import ClipFilter

# the columns the sensitive-content finder and the topics count read (the fields of TextRow, in order)
TEXT_COLUMNS = "id, number, recorded_at, device, vendor, transcript, vendor_transcript, flagged"
HAS_AUDIO = "(audio_path IS NOT NULL AND audio_problem IS NULL)"


def _w(f: ClipFilter | None) -> tuple[str, list[Any]]:
    return (f or ClipFilter()).where()


@dataclass(frozen=True)
class Totals:
    """The counts over every clip a filter selects (``accidental``: the effective decision)."""

    clips: int
    with_audio: int
    transcribed: int
    audio_seconds: float
    first: str | None
    last: str | None
    no_time: int
    no_device: int
    accidental: int
    auto_suspected: int
    user_confirmed: int
    user_rejected: int
    overridden_to_not: int
    overridden_to_accidental: int
    unreviewed_suspects: int
    accidental_audio_seconds: float
    accidental_with_audio: int
    file_dated: int  # clips no record dated: their time is the file's date in the export (import's time_source)


@dataclass(frozen=True)
class DeviceAccidents:
    """One device's clips, days of use (distinct UTC dates with a clip) and accidental activations."""

    device: str | None
    clips: int
    days: int
    accidental: int
    auto_suspected: int
    user_confirmed: int
    accidental_seconds: float


def totals(db: Database, f: ClipFilter | None = None) -> Totals:
    where, args = _w(f)
    row = db.execute(
        f"""SELECT count(*),
                   coalesce(sum({HAS_AUDIO}), 0),
                   coalesce(sum(transcript_status = 'done'), 0),
                   coalesce(sum(CASE WHEN {HAS_AUDIO} THEN duration END), 0.0),
                   min(recorded_at), max(recorded_at),
                   coalesce(sum(recorded_at IS NULL), 0),
                   coalesce(sum(device IS NULL OR device = ''), 0),
                   coalesce(sum(flagged = 1), 0),
                   coalesce(sum(auto_label = 'accidental'), 0),
                   coalesce(sum(decision = 'accidental'), 0),
                   coalesce(sum(decision = 'not_accidental'), 0),
                   coalesce(sum(auto_label = 'accidental' AND decision = 'not_accidental'), 0),
                   coalesce(sum((auto_label IS NULL OR auto_label != 'accidental') AND decision = 'accidental'), 0),
                   coalesce(sum(auto_label = 'accidental' AND decision IS NULL), 0),
                   coalesce(sum(CASE WHEN flagged = 1 AND {HAS_AUDIO} THEN duration END), 0.0),
                   coalesce(sum(flagged = 1 AND {HAS_AUDIO}), 0),
                   coalesce(sum(json_valid(raw) AND json_extract(raw, '$.time_source') = 'file date'), 0)
            FROM clip_view WHERE {where}""",
        args,
    ).fetchone()
    return Totals(*row)


def count_by(db: Database, column: str, f: ClipFilter | None = None) -> list[tuple[str | None, int]]:
    """Clips per vendor or device (None for clips without one), most first."""
    if column not in ("vendor", "device"):
        raise ValueError(column)
    where, args = _w(f)
    sql = (
        f"SELECT NULLIF({column}, '') AS k, count(*) AS n FROM clip_view WHERE {where}"
        " GROUP BY k ORDER BY n DESC, k IS NULL, k"
    )
    return [(r[0], int(r[1])) for r in db.execute(sql, args)]


def per_month(db: Database, f: ClipFilter | None = None) -> list[tuple[str, int, int]]:
    """(YYYY-MM, clips, accidental) for each month that has clips with a time."""
    where, args = _w(f)
    sql = (
        f"SELECT substr(recorded_at, 1, 7) AS m, count(*), coalesce(sum(flagged = 1), 0) FROM clip_view"
        f" WHERE ({where}) AND recorded_at IS NOT NULL GROUP BY m ORDER BY m"
    )
    return [(r[0], int(r[1]), int(r[2])) for r in db.execute(sql, args)]


def weekday_hour(db: Database, f: ClipFilter | None = None) -> list[tuple[int, int, int]]:
    """(weekday 0=Monday .. 6=Sunday, hour 0..23 UTC, clips)."""
    where, args = _w(f)
    sql = (
        f"SELECT (CAST(strftime('%w', recorded_at) AS INTEGER) + 6) % 7 AS wd,"
        f" CAST(strftime('%H', recorded_at) AS INTEGER) AS h, count(*) FROM clip_view"
        f" WHERE ({where}) AND recorded_at IS NOT NULL AND strftime('%H', recorded_at) IS NOT NULL"
        " GROUP BY wd, h"
    )
    return [(int(r[0]), int(r[1]), int(r[2])) for r in db.execute(sql, args)]


def accidental_by_device(db: Database, f: ClipFilter | None = None) -> list[DeviceAccidents]:
    """Per device: clips, days of use (distinct UTC dates with a clip), accidental (effective), the detector's
    suspects, the user's confirmations."""
    where, args = _w(f)
    sql = f"""SELECT NULLIF(device, '') AS device, count(*) AS clips,
                     count(DISTINCT substr(recorded_at, 1, 10)) AS days,
                     coalesce(sum(flagged = 1), 0) AS accidental,
                     coalesce(sum(auto_label = 'accidental'), 0) AS auto_suspected,
                     coalesce(sum(decision = 'accidental'), 0) AS user_confirmed,
                     coalesce(sum(CASE WHEN flagged = 1 AND {HAS_AUDIO} THEN duration END), 0.0) AS accidental_seconds
              FROM clip_view WHERE {where}
              GROUP BY NULLIF(device, '') ORDER BY accidental DESC, clips DESC, device IS NULL, device"""
    return [DeviceAccidents(*r) for r in db.execute(sql, args)]


def accidental_reasons(db: Database, f: ClipFilter | None = None) -> Iterator[str]:
    """The detector's reasons (JSON lists) for the clips it suspected and that still count as accidental (a
    suspicion the user overruled does not count, and neither does a clip the user flagged against it)."""
    where, args = _w(f)
    sql = (
        f"SELECT reasons FROM clip_view WHERE ({where}) AND flagged = 1 AND auto_label = 'accidental'"
        " AND reasons IS NOT NULL"
    )
    for r in db.execute(sql, args):
        yield r[0]


@dataclass(frozen=True)
class LongRow:
    """An accidental recording with audio, with what was heard in it."""

    id: str
    number: int | None
    recorded_at: str | None
    device: str | None
    duration: float
    transcript: str | None
    vendor_transcript: str | None
    decision: str | None


@dataclass(frozen=True)
class TextRow:
    """A clip's transcripts (voicehist's and the vendor's), for the topics and the sensitive-content finder."""

    id: str
    number: int | None
    recorded_at: str | None
    device: str | None
    vendor: str | None
    transcript: str | None
    vendor_transcript: str | None
    flagged: int | None  # the effective decision: 1 accidental, 0 not, None undecided


def longest_accidental(db: Database, f: ClipFilter | None = None, limit: int = 5) -> list[LongRow]:
    """The longest accidental recordings that have audio, longest first."""
    where, args = _w(f)
    sql = (
        "SELECT id, number, recorded_at, device, duration, transcript, vendor_transcript, decision FROM clip_view"
        f" WHERE ({where}) AND flagged = 1 AND duration IS NOT NULL AND {HAS_AUDIO}"
        " ORDER BY duration DESC, number LIMIT ?"
    )
    return [LongRow(*r) for r in db.execute(sql, [*args, limit])]


def text_rows(db: Database, f: ClipFilter | None = None, batch: int = 2000) -> Iterator[TextRow]:
    """Number order, the transcripts of every clip (for topics and the sensitive-content finder)."""
    where, args = _w(f)
    after: tuple[int, str] = (-1, "")
    while True:
        rows = [
            TextRow(*r)
            for r in db.execute(
                f"SELECT {TEXT_COLUMNS} FROM clip_view WHERE ({where}) AND (coalesce(number, 0), id) > (?, ?)"
                " ORDER BY coalesce(number, 0), id LIMIT ?",
                [*args, after[0], after[1], batch],
            )
        ]
        yield from rows
        if len(rows) < batch:
            return
        after = (rows[-1].number or 0, rows[-1].id)
