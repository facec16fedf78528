"""What the detail pane adds to a clip's row: the deletion requests that name it and the sensitive things said
in it. The readers run in the detail worker (never on the UI thread); the wording helpers are pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from voicehist.requests.facts import LAW
from voicehist.requests.tracking import Timeline, timeline
from voicehist.safetext import visible
from voicehist.sensitive import Finding, find
from voicehist.store import Database
from voicehist.store.queries import get_clip
from voicehist.store.records import ClipDetail
from voicehist.store.requests import get_request, requests_of_clips

FINDING_CHARS = 28  # the words of one finding, at most, in the detail pane


@dataclass(frozen=True, slots=True)
class DetailClip:
    """What the detail pane shows: the clip, the deletion requests naming it, the sensitive things said in it."""

    clip: ClipDetail
    requests: tuple[Timeline, ...]  # timelines (voicehist.requests.tracking.timeline)
    sensitive: tuple[Finding, ...]


def load_detail(db: Database, clip_id: str, today: dt.date | None = None) -> DetailClip | None:
    """Read everything the detail pane shows about one clip (in a worker: SQL and the finder)."""
    clip = get_clip(db, clip_id)
    if clip is None:
        return None
    return DetailClip(clip, tuple(clip_requests(db, clip_id, today)), tuple(clip_findings(clip)))


def clip_requests(db: Database, clip_id: str, today: dt.date | None = None) -> list[Timeline]:
    """The timeline (:func:`voicehist.requests.tracking.timeline`) of every request naming the clip."""
    day = today or dt.datetime.now(dt.UTC).date()
    return [timeline(get_request(db, rid), day) for rid in requests_of_clips(db, [clip_id]).get(clip_id, [])]


def clip_findings(clip: ClipDetail) -> list[Finding]:
    """Sensitive findings in the local, then the vendor transcript; the same words found in both once."""
    seen: set[tuple[str, str]] = set()
    out: list[Finding] = []
    for source, text in (("local", clip.transcript), ("vendor", clip.vendor_transcript)):
        for f in find(text, source):
            key = (f.category, " ".join(f.words.lower().split()))
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def request_words(t: Timeline) -> str:
    """``in deletion request #3 (GDPR, sent 2026-11-20, answer due 2026-12-20)`` for a request's timeline."""
    law = LAW[t.law].title if t.law in LAW else str(t.law)
    parts = [law]
    if t.status == "done":
        parts.append(f"done {t.done}")
    elif t.status == "answered":
        parts.append(f"answered {t.answered}")
    elif t.sent:
        parts.append(f"sent {t.sent}")
        if t.answer_due:
            parts.append(("answer OVERDUE since " if t.overdue else "answer due ") + t.answer_due)
    else:
        parts.append(f"created {t.created}, not sent yet")
    return f"in deletion request #{t.id} ({', '.join(parts)})"


def finding_words(findings: Sequence[Finding]) -> str:
    """``phone (five five five one two th…), health (insulin)``: each finding's category and its words."""
    out = []
    for f in findings:
        words = " ".join(visible(f.words).split())
        if len(words) > FINDING_CHARS:
            words = words[: FINDING_CHARS - 1] + "…"
        out.append(f"{f.category} ({words})" + (" [vendor]" if f.source == "vendor" else ""))
    return ", ".join(out)
