"""Deletion requests: letters naming the exact clips, tracked to their deadline, verified by a later export.

- :func:`make_request` chooses clips (a :class:`~voicehist.store.queries.ClipFilter`), builds the letter in one
  format and stores the request (unless it is a dry run);
- :mod:`voicehist.requests.tracking`: deadlines, status, ``mark sent|answered|extended|done``;
- :mod:`voicehist.requests.verify`: import a later export and check every open request against it.

Vendor and law facts are data (:mod:`voicehist.requests.facts`), the wording is written once
(:mod:`voicehist.requests.wording`), and each format has one template (:mod:`voicehist.requests.render`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from voicehist.errors import OutputError
from voicehist.paths import check_output, write_private
from voicehist.requests.build import RequestDraft, Requester, RequestError, build_draft, choose_law, select_clips
from voicehist.requests.render import render
from voicehist.store import Database
from voicehist.store.queries import ClipFilter
from voicehist.store.requests import (
    LetterRow,
    StoredRequest,
    add_request_file,
    create_request,
    delete_request,
    get_request,
    request_clip_rows,
    request_items,
    same_request,
)


@dataclass
class MadeRequest:
    draft: RequestDraft
    fmt: str
    content: bytes
    number: int | None  # None for a dry run
    warnings: list[str] = field(default_factory=list)
    existing: bool = False  # an earlier request already covered this demand; nothing new was stored
    written: Path | None = None  # where the letter was written


def _warnings(draft: RequestDraft) -> list[str]:
    requester = draft.requester
    warnings = []
    if requester.missing():
        shown = [
            p
            for p, m in ((requester.shown_name, not requester.name), (requester.shown_email, not requester.email))
            if m
        ]
        warnings.append(
            f"no requester {' or '.join(requester.missing())} set: the letter says {' and '.join(shown)};"
            " give --name/--email, or set them once with"
            ' voicehist config set requester.name "Your Name" (and requester.email)'
        )
    if draft.law_controller().startswith("["):
        warnings.append(
            f"no {draft.vendor.name} address for {draft.law.title} letters is known: the letter has a placeholder"
        )
    return warnings


def _checked_out(out: str | None, overwrite: bool) -> None:
    if out:
        try:
            check_output(Path(out), overwrite)  # a file in the way: refused before anything is stored
        except OutputError as e:
            raise OutputError(f"{e}; nothing was stored") from e


def make_request(
    db: Database,
    f: ClipFilter,
    *,
    vendor: str | None,
    law: str | None,
    requester: Requester,
    fmt: str,
    access: bool = False,
    out: str | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
    new: bool = False,
    now: _dt.datetime | None = None,
) -> MadeRequest:
    """Build the request for the clips ``f`` chooses; unless ``dry_run``, store it and write ``out`` (0600).

    One demand is one request: when a live request of the same vendor and law already names exactly these
    clips, nothing new is stored (``existing``) and its letter is written from it, unless ``new``. An empty
    selection, a mixed-vendor selection or a missing law is a :class:`RequestError`; nothing is stored."""
    now = now or _dt.datetime.now(_dt.UTC)
    law_key = choose_law(law, requester)
    vendor_key, rows = select_clips(db, f, vendor)
    draft = build_draft(rows, vendor=vendor_key, law=law_key, requester=requester, today=now.date(), access=access)
    warnings = _warnings(draft)
    if dry_run:
        return MadeRequest(draft, fmt, render(draft, fmt, now), None, warnings)
    _checked_out(out, overwrite)
    earlier = None if new else same_request(db, vendor_key, law_key, [r.id for r in rows])
    if earlier is not None:
        made = letter_of(db, earlier, fmt, out=out, overwrite=overwrite, now=now)
        made.existing = True
        return made
    number = create_request(
        db,
        vendor=vendor_key,
        law=law_key,
        clip_ids=[r.id for r in rows],
        requester=requester.record(),
        access=access,
        fmt=fmt,
        file=None,
        created_at=now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    )
    draft.number = number
    content = render(draft, fmt, now)
    written = None
    if out:
        try:
            written = write_private(out, content, overwrite=overwrite)
        except OutputError as e:
            delete_request(db, number)
            raise OutputError(f"{e}; nothing was stored") from e
        add_request_file(db, number, str(Path(out).resolve()))
    return MadeRequest(draft, fmt, content, number, warnings, written=written)


def stored_draft(db: Database, number: int | str, today: _dt.date) -> tuple[StoredRequest, RequestDraft]:
    """The stored request ``number`` and the draft its letters are made from (its clips, requester, law)."""
    req = get_request(db, number)
    items = request_items(db, req.id)
    rows = {r.id: r for r in request_clip_rows(db, [i.clip_id for i in items])}
    # a clip no longer in the database (never, but be safe) is named by what the request kept of it
    ordered = [rows.get(i.clip_id) or LetterRow.kept_by(i) for i in items]
    ordered.sort(key=lambda r: (r.recorded_at or "", r.id))
    r = req.requester
    requester = Requester(name=r.name, email=r.email, jurisdiction=r.jurisdiction)
    day = _dt.date.fromisoformat(req.sent_on) if req.sent_on else today
    draft = build_draft(ordered, vendor=req.vendor, law=req.law, requester=requester, today=day, access=req.access)
    draft.number = req.id
    return req, draft


def letter_of(
    db: Database,
    number: int | str,
    fmt: str,
    *,
    out: str | None = None,
    overwrite: bool = False,
    now: _dt.datetime | None = None,
) -> MadeRequest:
    """The letter of stored request ``number`` in ``fmt``, written to ``out`` when given (never replacing a file
    unless ``overwrite``); the file is remembered on the request."""
    now = now or _dt.datetime.now(_dt.UTC)
    req, draft = stored_draft(db, number, now.date())
    content = render(draft, fmt, now)
    written = None
    if out:
        written = write_private(out, content, overwrite=overwrite)
        add_request_file(db, req.id, str(Path(out).resolve()))
    return MadeRequest(draft, fmt, content, req.id, _warnings(draft), written=written)


__all__ = ["MadeRequest", "make_request", "letter_of", "stored_draft", "write_private", "Requester", "RequestError"]
