"""Where a stored request stands: when the answer is due, whether it is overdue, what may happen next."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from sqlite_utils import Database

from voicehist.requests.build import RequestError
from voicehist.requests.deadlines import ack_due, answer_due
from voicehist.store.requests import get_request, list_requests, record_event

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


def timeline(req: dict[str, Any], today: _dt.date) -> dict[str, Any]:
    """The request's row plus its deadlines (from the day it was sent), status and whether it is overdue."""
    sent = _day(req.get("sent_on"))
    extended = req.get("extended_on") is not None
    due, ack = _due(req["law"], sent, extended)
    if req.get("cancelled_on"):
        status = "cancelled"
    elif req.get("done_on"):
        status = "done"
    elif req.get("answered_on"):
        status = "answered"
    elif extended:
        status = "extended"
    elif sent:
        status = "sent"
    else:
        status = "not sent"
    overdue = status in ("sent", "extended") and due is not None and today > due
    checked = req.get("last_checked_at")
    all_gone = bool(checked) and req.get("gone") == req.get("clips") and bool(req.get("clips"))
    return {
        "id": req["id"],
        "vendor": req["vendor"],
        "law": req["law"],
        "clips": req["clips"],
        "created": (req.get("created_at") or "")[:10],
        "sent": req.get("sent_on"),
        "ack_due": ack.isoformat() if ack else None,
        "answer_due": due.isoformat() if due else None,
        "answered": req.get("answered_on"),
        "extended": req.get("extended_on"),
        "done": req.get("done_on"),
        "status": status,
        "overdue": overdue,
        "file": req.get("file"),
        "files": req.get("files") or [],
        "cancelled": req.get("cancelled_on"),
        "followup": req.get("followup_on"),
        "complained": req.get("complained_on"),
        "access": req.get("access", False),
        "last_checked": checked,
        "still_present": req.get("still_present") if checked else None,
        "gone": req.get("gone") if checked else None,
        "unverifiable": req.get("unverifiable") if checked else None,
        "all_gone": all_gone,
    }


def timelines(db: Database, today: _dt.date) -> list[dict[str, Any]]:
    return [timeline(r, today) for r in list_requests(db)]


def timelines_json(db: Database, today: _dt.date) -> list[dict[str, Any]]:
    """``requests --json``: each request's timeline with ``clips`` as the clips' numbers (``clip_count``: how
    many) and ``files`` every file its letters were written to."""
    from voicehist.store.requests import request_items

    out = []
    for t in timelines(db, today):
        items = request_items(db, t["id"])
        out.append({**t, "clip_count": t["clips"], "clips": [i["number"] for i in items]})
    return out


def mark(db: Database, number: str, event: str, on: _dt.date) -> dict[str, Any]:
    """Record that request ``number`` was sent / answered / extended / done on ``on``; returns its new timeline.
    Refuses steps the law or the record does not allow, saying why."""
    if event not in MARKS:
        raise RequestError(f"unknown step {event!r}: use one of {', '.join(MARKS)}")
    req = get_request(db, number)
    rid = req["id"]
    if req.get("cancelled_on"):
        raise RequestError(f"request {rid} was cancelled on {req['cancelled_on']}")
    sent = _day(req.get("sent_on"))
    if event in ("answered", "extended") and sent is None:
        raise RequestError(f"request {rid} was never marked sent: `voicehist requests mark {rid} sent --on DATE` first")
    if sent is not None and event != "sent" and on < sent:
        raise RequestError(f"{on.isoformat()} is before request {rid} was sent ({sent.isoformat()})")
    if event == "extended":
        if req.get("extended_on"):
            raise RequestError(
                f"request {rid} was already extended on {req['extended_on']}; the law allows one extension"
            )
        if req.get("answered_on"):
            raise RequestError(f"request {rid} was already answered on {req['answered_on']}")
    if event == "done":
        t = timeline(req, on)
        if not t["last_checked"]:
            raise RequestError(
                f"request {rid} has not been checked against a later export yet: run `voicehist verify EXPORT` first"
            )
        if not t["all_gone"]:
            raise RequestError(
                f"request {rid}: at the last check ({t['last_checked'][:10]}) {t['still_present']} clip(s) were still "
                f"present and {t['unverifiable']} could not be checked; it can be marked done when all "
                f"{t['clips']} are gone"
            )
    record_event(db, rid, event, on.isoformat())
    return timeline(get_request(db, rid), on)
