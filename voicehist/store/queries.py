"""Read queries and small user-decision writes shared by every face (CLI, TUI, report).

No face writes SQL of its own: they build a :class:`ClipFilter` and call these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlite_utils import Database

from voicehist.dates import date_bounds
from voicehist.store import utcnow
from voicehist.store.records import VENDOR_NOT_INTENDED, Clip, ClipDetail, ClipRow, Source, Transcript, Word

FlagFilter = Literal["flagged", "not_flagged", "suspected", "unreviewed", "decided", "vendor_not_intended"]
Decision = Literal["accidental", "not_accidental"]
SortKey = Literal["time", "time_asc", "device", "duration", "score"]

# Sorting key for keyset pagination: newest first, clips without a time last.
ORDER_DESC = "COALESCE(recorded_at, '') DESC, id DESC"

# Sort orders of the result list. "time" is the index-backed default (m002); the others sort a temp B-tree and
# keep the id as a tie-break so the order is total (paging by offset and by id agree).
ORDERS: dict[str, str] = {
    "time": ORDER_DESC,
    "time_asc": "COALESCE(recorded_at, '') ASC, id ASC",
    "device": "COALESCE(device, '') COLLATE NOCASE ASC, COALESCE(recorded_at, '') DESC, id DESC",
    "duration": "COALESCE(duration, -1) DESC, COALESCE(recorded_at, '') DESC, id DESC",
    "score": "COALESCE(score, -1) DESC, COALESCE(recorded_at, '') DESC, id DESC",
}

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_match(query: str, prefix: bool = True) -> str | None:
    """Turn what a user typed into a safe FTS5 MATCH expression (every word, last one as a prefix)."""
    tokens = _TOKEN.findall(query)
    if not tokens:
        return None
    parts = ['"' + t.replace('"', '""') + '"' for t in tokens]
    if prefix:
        parts[-1] += "*"
    return " ".join(parts)


@dataclass(frozen=True)
class ClipFilter:
    query: str | None = None
    since: str | None = None  # any form of voicehist.dates (ISO date or time, "yesterday", "7d"...), inclusive
    until: str | None = None  # the same, inclusive of the whole span it names (a bare date means the whole day)
    device: str | tuple[str, ...] | None = None  # one exact name, or any of several (match_devices)
    vendor: str | None = None
    flagged: FlagFilter | None = None
    has_audio: bool | None = None
    selected: bool | None = None
    ids: tuple[str, ...] | None = None
    no_device: bool = False  # only clips the vendor recorded without a device name
    broken_audio: bool = False  # only clips with an audio file that could not be read (not a missing one)
    voice: tuple[int | str, ...] | None = None  # only these voices: numbers, or names/typed numbers (any case)
    vendor_status: str | None = None  # gone | still_present | unverifiable | unchecked (what `verify` found)
    sort: SortKey = "time"

    def with_(self, **changes: Any) -> ClipFilter:
        return replace(self, **changes)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.query and (match := fts_match(self.query)):
            clauses.append(
                "id IN (SELECT id FROM clips WHERE rowid IN (SELECT rowid FROM clips_fts WHERE clips_fts MATCH ?))"
            )
            args.append(match)
        if self.since or self.until:
            # any form voicehist.dates accepts; "until" includes the whole span it names (a date: that day)
            lower, upper = date_bounds(self.since, self.until)
            if lower:
                clauses.append("recorded_at >= ?")
                args.append(lower)
            if upper:
                clauses.append("recorded_at < ?")
                args.append(upper)
        if isinstance(self.device, tuple):  # several exact names (see match_devices)
            clauses.append(f"device IN ({', '.join('?' for _ in self.device)})" if self.device else "0")
            args.extend(self.device)
        elif self.device:
            clauses.append("device = ?")
            args.append(self.device)
        if self.vendor:
            clauses.append("vendor = ?")
            args.append(self.vendor)
        if self.flagged == "flagged":
            clauses.append("flagged = 1")
        elif self.flagged == "not_flagged":
            clauses.append("(flagged = 0 OR flagged IS NULL)")
        elif self.flagged == "suspected":
            clauses.append("auto_label = 'accidental' AND decision IS NULL")
        elif self.flagged == "unreviewed":
            clauses.append("decision IS NULL")
        if self.has_audio is True:
            clauses.append("audio_path IS NOT NULL AND audio_problem IS NULL")
        elif self.has_audio is False:
            clauses.append("(audio_path IS NULL OR audio_problem IS NOT NULL)")
        if self.selected is not None:
            clauses.append("selected = ?")
            args.append(1 if self.selected else 0)
        if self.ids is not None:
            if not self.ids:
                clauses.append("0")
            else:
                clauses.append(f"id IN ({', '.join('?' for _ in self.ids)})")
                args.extend(self.ids)
        if self.flagged == "decided":
            clauses.append("decision IS NOT NULL")
        elif self.flagged == "vendor_not_intended":
            clauses.append(VENDOR_NOT_INTENDED)
        if self.no_device:
            clauses.append("(device IS NULL OR device = '')")
        if self.vendor_status == "unchecked":
            clauses.append("vendor_status IS NULL")
        elif self.vendor_status:
            clauses.append("vendor_status = ?")
            args.append(self.vendor_status)
        if self.broken_audio:
            clauses.append("audio_problem IS NOT NULL AND audio_sha256 IS NOT NULL")  # a file that would not read
        if self.voice is not None:
            ors = []
            for v in self.voice:
                if isinstance(v, int):
                    ors.append("voice_id = ?")
                    args.append(v)
                else:  # as typed: a name (any case) or a number, "V3" included
                    num = v.strip().lower().removeprefix("voice").strip().removeprefix("v")
                    ors.append("voice_id IN (SELECT id FROM voices WHERE name = ? COLLATE NOCASE OR id = ?)")
                    args.extend([v.strip(), int(num) if num.isdigit() else -1])
            clauses.append(f"({' OR '.join(ors)})" if ors else "0")
        return (" AND ".join(clauses) or "1"), args


def _rows_of(f: ClipFilter) -> str:
    """What a count of ``f`` reads: ``clips`` alone when the filter names no detector or decision column (the
    view joins ``flags`` on its primary key, so it has exactly one row per clip: the same count, without the
    join, which is most of its cost: 0.3 ms against 40 ms for 100,000 clips)."""
    return "clips" if f.flagged is None else "clip_view"


def count_clips(db: Database, f: ClipFilter | None = None) -> int:
    f = f or ClipFilter()
    where, args = f.where()
    return int(db.execute(f"SELECT count(*) FROM {_rows_of(f)} WHERE {where}", args).fetchone()[0])


def _clips(
    db: Database,
    f: ClipFilter | None,
    *,
    limit: int | None = None,
    offset: int = 0,
    after: tuple[str, str] | None = None,
) -> list[Clip]:
    """Clips of ``f`` in ``f.sort`` order from ``offset``; ``after`` = (recorded_at, id): those that sort after it
    newest first."""
    f = f or ClipFilter()
    where, args = f.where()
    order = ORDERS[f.sort]
    if after is not None:
        where += " AND (COALESCE(recorded_at, ''), id) < (?, ?)"
        args, order = [*args, after[0] or "", after[1]], ORDER_DESC
    sql = f"SELECT {Clip.select()} FROM clip_view WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args = [*args, limit, offset]
    return [Clip(*r) for r in db.execute(sql, args)]


def list_clips(db: Database, f: ClipFilter | None = None, *, limit: int | None = None, offset: int = 0) -> list[Clip]:
    """One page of clips in ``f.sort`` order (offset paging; see :func:`iter_clips` for keyset paging)."""
    return _clips(db, f, limit=limit, offset=offset)


def list_clips_after(db: Database, f: ClipFilter | None, after: tuple[str, str] | None, limit: int) -> list[Clip]:
    """Keyset paging (newest first): the ``limit`` clips that sort after ``after`` = (recorded_at, id)."""
    return _clips(db, (f or ClipFilter()).with_(sort="time"), limit=limit, after=after)


def iter_clips(db: Database, f: ClipFilter | None = None, batch: int = 1000) -> Iterator[Clip]:
    """Every clip of ``f``, newest first, read ``batch`` at a time."""
    after: tuple[str, str] | None = None
    while True:
        rows = list_clips_after(db, f, after, batch)
        yield from rows
        if len(rows) < batch:
            return
        after = (rows[-1].recorded_at or "", rows[-1].id)


def clip_ids(db: Database, f: ClipFilter | None = None) -> list[str]:
    where, args = (f or ClipFilter()).where()
    order = ORDERS[(f or ClipFilter()).sort]
    return [r[0] for r in db.execute(f"SELECT id FROM clip_view WHERE {where} ORDER BY {order}", args)]


def get_clip(db: Database, clip_id: str) -> ClipDetail | None:
    """Everything about one clip: its columns, every local transcript, the current one's words and every source
    it came from."""
    row = db.execute(f"SELECT {Clip.select()} FROM clip_view WHERE id = ?", [clip_id]).fetchone()
    if row is None:
        return None
    transcripts = tuple(
        Transcript(*t)
        for t in db.execute(
            "SELECT id, engine, model, text, language, confidence, avg_logprob, no_speech_prob, created_at"
            " FROM transcripts WHERE clip_id = ? ORDER BY id",
            [clip_id],
        )
    )
    words = tuple(
        Word(*w)
        for w in db.execute(
            "SELECT idx, word, start, end, probability FROM words"
            " WHERE transcript_id = (SELECT transcript_id FROM clips WHERE id = ?) ORDER BY idx",
            [clip_id],
        )
    )
    sources = tuple(
        Source(*s)
        for s in db.execute(
            "SELECT sources.id, sources.path, sources.name, sources.vendor, sources.importer,"
            " clip_sources.audio_name FROM clip_sources JOIN sources ON sources.id = clip_sources.source_id"
            " WHERE clip_sources.clip_id = ? ORDER BY sources.id",
            [clip_id],
        )
    )
    return ClipDetail(*row, words=words, transcripts=transcripts, sources=sources)


def _flag_counts(db: Database, where: str, args: list[Any]) -> tuple[int, int]:
    """(flagged, suspected) among the clips ``where`` picks, reading only the rows a flag can count: ``flagged
    = 1`` needs the user's "accidental" or the detector's "accidental" label (both indexed), so the two groups
    are counted apart and the view's own ``flagged`` rule decides within them."""
    decided = db.execute(
        f"SELECT count(*) FROM clip_view WHERE ({where}) AND decision = 'accidental' AND flagged = 1", args
    ).fetchone()
    labelled = db.execute(
        f"""SELECT coalesce(sum(flagged = 1 AND decision IS NOT 'accidental'), 0),
                   coalesce(sum(decision IS NULL), 0)
            FROM clip_view WHERE ({where}) AND auto_label = 'accidental'""",
        args,
    ).fetchone()
    return int(decided[0]) + int(labelled[0]), int(labelled[1])


def header_counts(db: Database) -> dict[str, int]:
    """The app's header, read every few seconds: clips, transcribed, flagged, suspected, selected (as
    :func:`stats` counts them), each through an index: about 45 ms at 100,000 clips where one pass over the
    joined view took 226 ms."""
    flagged, suspected = _flag_counts(db, "1", [])

    def count(where: str) -> int:
        return int(db.execute(f"SELECT count(*) FROM clips WHERE {where}").fetchone()[0])

    return {
        "clips": count("1"),
        "transcribed": count("transcript_status = 'done'"),
        "flagged": flagged,
        "suspected": suspected,
        "selected": count("selected = 1"),
    }


def stats(db: Database, f: ClipFilter | None = None) -> dict[str, int]:
    """Counts of the clips ``f`` picks: clips, transcribed, flagged, suspected, selected, with audio, audio
    problems (the clips' own columns in one pass over ``clips``, the flags as :func:`_flag_counts` reads them)."""
    f = f or ClipFilter()
    where, args = f.where()
    row = db.execute(
        f"""SELECT count(*),
                   coalesce(sum(transcript_status = 'done'), 0),
                   coalesce(sum(selected = 1), 0),
                   coalesce(sum(audio_path IS NOT NULL AND audio_problem IS NULL), 0),
                   coalesce(sum(audio_problem IS NOT NULL), 0)
            FROM {_rows_of(f)} WHERE {where}""",
        args,
    ).fetchone()
    n, transcribed, selected, with_audio, problems = (int(v) for v in row)
    flagged, suspected = _flag_counts(db, where, args)
    return {
        "clips": n,
        "transcribed": transcribed,
        "flagged": flagged,
        "suspected": suspected,
        "selected": selected,
        "with_audio": with_audio,
        "audio_problems": problems,
    }


def distinct_values(db: Database, column: Literal["device", "vendor"]) -> list[str]:
    return [r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM clips WHERE {column} IS NOT NULL ORDER BY 1")]


def match_devices(db: Database, typed: str) -> list[str]:
    """The device names ``typed`` means: equal ignoring case (and extra spaces), else every name that contains
    it ignoring case (``kitchen`` -> all kitchen devices). Empty when none does."""
    want = " ".join(typed.split()).casefold()
    names = distinct_values(db, "device")
    exact = [n for n in names if " ".join(n.split()).casefold() == want]
    if exact or not want:
        return exact
    return [n for n in names if want in " ".join(n.split()).casefold()]


def numbers_of(db: Database, ids: Sequence[str]) -> dict[str, int]:
    """``{id: number}`` for the given clip ids (ids not in the database, or without a number, are left out)."""
    out: dict[str, int] = {}
    for chunk in _chunks(list(ids)):
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT id, number FROM clips WHERE id IN ({marks}) AND number IS NOT NULL"
        out.update({r[0]: r[1] for r in db.execute(sql, chunk)})
    return out


def _chunks(ids: Sequence[str], n: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), n):
        yield ids[i : i + n]


def set_decision(db: Database, ids: Sequence[str], decision: Decision | None) -> int:
    """Record the user's own decision (None = unset). It always wins over the automatic label."""
    if decision not in (None, "accidental", "not_accidental"):
        raise ValueError(f"unknown decision {decision!r}")
    now = utcnow()
    changed = 0
    with db.atomic():
        for chunk in _chunks(list(ids)):
            marks = ", ".join("?" for _ in chunk)
            existing = {r[0] for r in db.execute(f"SELECT id FROM clips WHERE id IN ({marks})", list(chunk))}
            for cid in chunk:
                if cid not in existing:
                    continue
                db.execute(
                    "INSERT INTO flags (clip_id, decision, decided_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(clip_id) DO UPDATE SET decision = excluded.decision,"
                    " decided_at = excluded.decided_at",
                    [cid, decision, now if decision else None],
                )
                changed += 1
    return changed


def set_selected(db: Database, f: ClipFilter, value: bool) -> int:
    where, args = f.where()
    with db.atomic():
        cur = db.execute(
            f"UPDATE clips SET selected = ? WHERE selected != ? AND id IN (SELECT id FROM clip_view WHERE {where})",
            [1 if value else 0, 1 if value else 0, *args],
        )
    return cur.rowcount


def invert_selection(db: Database, f: ClipFilter) -> int:
    where, args = f.where()
    with db.atomic():
        cur = db.execute(
            f"UPDATE clips SET selected = 1 - selected WHERE id IN (SELECT id FROM clip_view WHERE {where})",
            args,
        )
    return cur.rowcount


def selected_ids(db: Database) -> list[str]:
    return clip_ids(db, ClipFilter(selected=True))


def page(db: Database, f: ClipFilter, offset: int, limit: int) -> list[ClipRow]:
    """Rows ``offset .. offset+limit`` of the result list (in ``f.sort`` order), only what a row shows."""
    where, args = f.where()
    sql = f"SELECT {ClipRow.select()} FROM clip_view WHERE {where} ORDER BY {ORDERS[f.sort]} LIMIT ? OFFSET ?"
    return [ClipRow(*r) for r in db.execute(sql, [*args, limit, offset])]


def rows_by_ids(db: Database, ids: Sequence[str]) -> list[ClipRow]:
    """The list rows of ``ids``, in the order given (a page of a precomputed result order)."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    sql = f"SELECT {ClipRow.select()} FROM clip_view WHERE id IN ({marks})"
    found = {r[0]: r for r in db.execute(sql, list(ids))}
    return [ClipRow(*found[i]) for i in ids if i in found]


def decisions_of(db: Database, ids: Sequence[str]) -> dict[str, Decision | None]:
    """The user's current decision on each of ``ids`` (None: no decision), to undo a change."""
    out: dict[str, Decision | None] = {}
    for chunk in _chunks(list(ids)):
        marks = ", ".join("?" for _ in chunk)
        for cid, decision in db.execute(f"SELECT id, decision FROM clip_view WHERE id IN ({marks})", list(chunk)):
            out[cid] = decision
    return out


def restore_decisions(db: Database, before: dict[str, Decision | None]) -> int:
    """Put decisions back as :func:`decisions_of` read them (one transaction per decision value)."""
    groups: dict[Decision | None, list[str]] = {}
    for cid, decision in before.items():
        groups.setdefault(decision, []).append(cid)
    return sum(set_decision(db, ids, decision) for decision, ids in groups.items())


def first_at_or_before(db: Database, f: ClipFilter, when: str) -> int:
    """The row index, in the newest-first order of ``f``, of the first clip recorded at or before ``when``
    (an ISO time); the number of results when every clip is newer."""
    where, args = f.where()
    sql = f"SELECT count(*) FROM clip_view WHERE {where} AND COALESCE(recorded_at, '') > ?"
    return int(db.execute(sql, [*args, when]).fetchone()[0])


def position_of(db: Database, f: ClipFilter, clip_id: str) -> int | None:
    """The row index of ``clip_id`` within the results of ``f`` (None when it is not among them)."""
    where, args = f.with_(ids=(clip_id,)).where()
    row = db.execute(f"SELECT recorded_at FROM clip_view WHERE {where}", args).fetchone()
    if row is None:
        return None
    where, args = f.where()
    sql = f"SELECT count(*) FROM clip_view WHERE {where} AND (COALESCE(recorded_at, ''), id) > (?, ?)"
    return int(db.execute(sql, [*args, row[0] or "", clip_id]).fetchone()[0])
