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

from sqlite_utils import Database

from voicehist.errors import OutputError
from voicehist.paths import check_output, write_private
from voicehist.requests.build import RequestDraft, Requester, RequestError, build_draft, choose_law, select_clips
from voicehist.requests.render import render
from voicehist.store.queries import ClipFilter


@dataclass
class MadeRequest:
    draft: RequestDraft
    fmt: str
    content: bytes
    number: int | None  # None for a dry run
    warnings: list[str] = field(default_factory=list)


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
    now: _dt.datetime | None = None,
) -> MadeRequest:
    """Build the request for the clips ``f`` chooses; unless ``dry_run``, store it and write ``out`` (0600).
    An empty selection, a mixed-vendor selection or a missing law is a :class:`RequestError`; nothing is stored."""
    from voicehist.store.requests import create_request, delete_request

    now = now or _dt.datetime.now(_dt.UTC)
    law_key = choose_law(law, requester)
    vendor_key, rows = select_clips(db, f, vendor)
    draft = build_draft(rows, vendor=vendor_key, law=law_key, requester=requester, today=now.date(), access=access)
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
    if dry_run:
        return MadeRequest(draft, fmt, render(draft, fmt, now), None, warnings)
    if out:
        try:
            check_output(Path(out), overwrite)  # a file in the way: refused before anything is stored
        except OutputError as e:
            raise OutputError(f"{e}; nothing was stored") from e
    number = create_request(
        db,
        vendor=vendor_key,
        law=law_key,
        clips=rows,
        requester=requester.to_json(),
        access=access,
        fmt=fmt,
        file=str(Path(out).resolve()) if out else None,
        created_at=now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    )
    draft.number = number
    content = render(draft, fmt, now)
    if out:
        try:
            write_private(out, content, overwrite=overwrite)
        except OutputError as e:
            delete_request(db, number)
            raise OutputError(f"{e}; nothing was stored") from e
    return MadeRequest(draft, fmt, content, number, warnings)


__all__ = ["MadeRequest", "make_request", "write_private", "Requester", "RequestError"]
