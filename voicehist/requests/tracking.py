"""Where a stored request stands: when the answer is due, whether it is overdue, what may happen next."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass

from voicehist.requests.build import RequestError
from voicehist.requests.deadlines import ack_due, answer_due
from voicehist.store import Database
from voicehist.store.requests import StoredRequest, get_request, list_requests, record_event, request_items

MARKS = ("sent", "answered", "extended", "done")


def _day(value: str | None) -> _dt.date | None:
    """A stored day (an older voicehist stored any date it was given: one it cannot read counts as none)."""
    try:
        return _dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _due(law: str, sent: _dt.date | None, extended: bool) -> tuple[_dt.date | None, _dt.date | None]:
    """(answer due, receipt due); None where there is no sent day or the deadline falls past the calendar."""
    if sent is None:
        return None, None
    try:
        return answer_due(law, sent, extended), ack_due(law, sent)
    except (OverflowError, ValueError):
        return None, None


@dataclass(frozen=True)
class Timeline:
    """Where a stored request stands: its dates, its deadlines (from the day it was sent), its status and what
    the last check found. The field order is the key order of ``requests --json``."""

    id: int
    vendor: str
    law: str
    clips: int
    created: str  # YYYY-MM-DD
    sent: str | None
    ack_due: str | None
    answer_due: str | None
    answered: str | None
    extended: str | None
    done: str | None
    status: str  # not sent | sent | extended | answered | done | cancelled
    overdue: bool
    file: str | None
    files: list[str]
    cancelled: str | None
    followup: str | None
    complained: str | None
    access: bool
    last_checked: str | None
    still_present: int | None  # None before any check
    gone: int | None
    unverifiable: int | None
    all_gone: bool

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _status(req: StoredRequest, sent: _dt.date | None) -> str:
    if req.cancelled_on:
        return "cancelled"
    if req.done_on:
        return "done"
    if req.answered_on:
        return "answered"
    if req.extended_on is not None:
        return "extended"
    return "sent" if sent else "not sent"


def timeline(req: StoredRequest, today: _dt.date) -> Timeline:
    """The request's dates plus its deadlines (from the day it was sent), status and whether it is overdue."""
    sent = _day(req.sent_on)
    due, ack = _due(req.law, sent, req.extended_on is not None)
    status = _status(req, sent)
    checked = req.last_checked_at
    return Timeline(
        id=req.id,
        vendor=req.vendor,
        law=req.law,
        clips=req.clips,
        created=(req.created_at or "")[:10],
        sent=req.sent_on,
        ack_due=ack.isoformat() if ack else None,
        answer_due=due.isoformat() if due else None,
        answered=req.answered_on,
        extended=req.extended_on,
        done=req.done_on,
        status=status,
        overdue=status in ("sent", "extended") and due is not None and today > due,
        file=req.file,
        files=list(req.files),
        cancelled=req.cancelled_on,
        followup=req.followup_on,
        complained=req.complained_on,
        access=req.access,
        last_checked=checked,
        still_present=req.still_present if checked else None,
        gone=req.gone if checked else None,
        unverifiable=req.unverifiable if checked else None,
        all_gone=bool(checked) and req.gone == req.clips and bool(req.clips),
    )


def timelines(db: Database, today: _dt.date) -> list[Timeline]:
    return [timeline(r, today) for r in list_requests(db)]


def timelines_json(db: Database, today: _dt.date) -> list[dict[str, object]]:
    """``requests --json``: each request's timeline with ``clips`` as the clips' numbers (``clip_count``: how
    many) and ``files`` every file its letters were written to."""
    out = []
    for t in timelines(db, today):
        doc = t.to_json()
        doc["clips"] = [i.number for i in request_items(db, t.id)]
        doc["clip_count"] = t.clips
        out.append(doc)
    return out


def mark(db: Database, number: str, event: str, on: _dt.date) -> Timeline:
    """Record that request ``number`` was sent / answered / extended / done on ``on``; returns its new timeline.
    Refuses steps the law or the record does not allow, saying why."""
    if event not in MARKS:
        raise RequestError(f"unknown step {event!r}: use one of {', '.join(MARKS)}")
    req = get_request(db, number)
    rid = req.id
    if req.cancelled_on:
        raise RequestError(f"request {rid} was cancelled on {req.cancelled_on}")
    sent = _day(req.sent_on)
    if event in ("answered", "extended") and sent is None:
        raise RequestError(f"request {rid} was never marked sent: `voicehist requests mark {rid} sent --on DATE` first")
    if sent is not None and event != "sent" and on < sent:
        raise RequestError(f"{on.isoformat()} is before request {rid} was sent ({sent.isoformat()})")
    if event == "extended":
        if req.extended_on:
            raise RequestError(f"request {rid} was already extended on {req.extended_on}; the law allows one extension")
        if req.answered_on:
            raise RequestError(f"request {rid} was already answered on {req.answered_on}")
    if event == "done":
        t = timeline(req, on)
        if not t.last_checked:
            raise RequestError(
                f"request {rid} has not been checked against a later export yet: run `voicehist verify EXPORT` first"
            )
        if not t.all_gone:
            raise RequestError(
                f"request {rid}: at the last check ({t.last_checked[:10]}) {t.still_present} clip(s) were still "
                f"present and {t.unverifiable} could not be checked; it can be marked done when all {t.clips} are gone"
            )
    record_event(db, rid, event, on.isoformat())
    return timeline(get_request(db, rid), on)
