"""SQL for deletion requests (migrations m006_requests, m007_request_lifecycle): storing them, their clips, what
happened, and what a later export showed. The logic (deadlines, letters, matching) lives in
:mod:`voicehist.requests`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from voicehist.errors import VoicehistError
from voicehist.store import utcnow
from voicehist.store.queries import _chunks

EVENTS = {"sent": "sent_on", "answered": "answered_on", "extended": "extended_on", "done": "done_on"}


class UnknownRequest(VoicehistError):
    """A request number that names no stored request."""


@dataclass(frozen=True)
class RequesterRecord:
    """Who asked, as the letter gave it (stored as JSON on the request)."""

    name: str | None = None
    email: str | None = None
    jurisdiction: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "email": self.email, "jurisdiction": self.jurisdiction}


@dataclass(frozen=True)
class StoredRequest:
    """A row of ``requests``: one deletion request, its dates and what the last check found."""

    id: int
    vendor: str  # the vendor key: amazon | google
    law: str
    created_at: str
    access: bool
    requester: RequesterRecord
    format: str | None
    file: str | None  # the latest file a letter was written to
    files: tuple[str, ...]  # every file its letters were written to
    clips: int
    sent_on: str | None = None
    answered_on: str | None = None
    extended_on: str | None = None
    done_on: str | None = None
    cancelled_on: str | None = None
    followup_on: str | None = None
    complained_on: str | None = None
    deleted_at: str | None = None
    last_checked_at: str | None = None
    still_present: int | None = None
    gone: int | None = None
    unverifiable: int | None = None


@dataclass(frozen=True)
class RequestItem:
    """A clip a request names, with what identified it when the request was made and what the last check found."""

    request_id: int
    clip_id: str
    number: int | None
    recorded_at: str | None
    device: str | None
    vendor_id: str | None
    audio_sha256: str | None
    source_kinds: tuple[str, ...]  # importer names of the exports the clip came from
    result: str | None = None  # still_present | gone | unverifiable; None until checked
    reason: str | None = None
    checked_at: str | None = None
    export: str | None = None


@dataclass(frozen=True)
class LetterRow:
    """What a letter names of a clip: when, on which device, the vendor's id, what was said, the audio file's name,
    and the vendor's raw record (for the names of the skills that received it)."""

    id: str
    number: int | None
    vendor: str | None  # None: a clip no longer in the database, named by what its request kept
    recorded_at: str | None
    device: str | None
    vendor_id: str | None
    vendor_transcript: str | None = None
    transcript: str | None = None  # voicehist's current transcript
    audio_name: str | None = None
    raw: str | None = None

    @classmethod
    def kept_by(cls, item: RequestItem) -> LetterRow:
        """A clip no longer in the database, named by what its request kept of it."""
        return cls(item.clip_id, item.number, None, item.recorded_at, item.device, item.vendor_id)


@dataclass(frozen=True)
class SourceClip:
    """A clip an export (source) holds, with what identifies it."""

    source_id: int
    id: str
    vendor_id: str | None
    audio_sha256: str | None
    recorded_at: str | None
    device: str | None


@dataclass(frozen=True)
class SourceSpan:
    """An export (source): its vendor, importer (kind of export), path and the time span its clips cover."""

    id: int
    vendor: str
    importer: str
    path: str | None
    first: str | None
    last: str | None


@dataclass(frozen=True)
class NewClip:
    """A clip an export brought first (new to voicehist)."""

    id: str
    number: int | None
    transcribed: bool
    transcript_status: str | None  # no_audio: nothing to transcribe
    scored: bool


def clip_source_kinds(db: Database, ids: Sequence[str]) -> dict[str, list[str]]:
    """For each clip, the importer names (kinds of export) of every source it was imported from."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(list(ids)):
        marks = ", ".join("?" for _ in chunk)
        for cid, importer in db.execute(
            "SELECT DISTINCT clip_sources.clip_id, sources.importer FROM clip_sources"
            f" JOIN sources ON sources.id = clip_sources.source_id WHERE clip_sources.clip_id IN ({marks})"
            " ORDER BY 1, 2",
            list(chunk),
        ):
            out.setdefault(str(cid), []).append(str(importer))
    return out


def create_request(
    db: Database,
    *,
    vendor: str,
    law: str,
    clip_ids: Sequence[str],
    requester: RequesterRecord,
    access: bool,
    fmt: str | None,
    file: str | None,
    created_at: str | None = None,
) -> int:
    """Store a request and the clips it names, with what identifies each now (one transaction); returns its
    number."""
    kinds = clip_source_kinds(db, clip_ids)
    with db.atomic():
        cur = db.execute(
            "INSERT INTO requests (vendor, law, created_at, access, requester, format, file, files, clips)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                vendor,
                law,
                created_at or utcnow(),
                int(access),
                json.dumps(requester.to_json(), ensure_ascii=False),
                fmt,
                file,
                json.dumps([file] if file else []),
                len(clip_ids),
            ],
        )
        rid = int(cur.lastrowid or 0)
        for cid in clip_ids:
            db.execute(
                "INSERT OR IGNORE INTO request_items (request_id, clip_id, number, recorded_at, device, vendor_id,"
                " audio_sha256, source_kinds) SELECT ?, id, number, recorded_at, device, vendor_id, audio_sha256, ?"
                " FROM clip_view WHERE id = ?",
                [rid, json.dumps(kinds.get(cid, [])), cid],
            )
    return rid


def _json(text: str | None, default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except ValueError:
        return default


def _requester(text: str | None) -> RequesterRecord:
    data = _json(text, {})
    if not isinstance(data, dict):
        return RequesterRecord()
    return RequesterRecord(**{k: data.get(k) for k in ("name", "email", "jurisdiction")})


# the columns a request gains as it goes: its dates, and the counts of its last check
_LATER_COLUMNS = (
    "sent_on",
    "answered_on",
    "extended_on",
    "done_on",
    "cancelled_on",
    "followup_on",
    "complained_on",
    "deleted_at",
    "last_checked_at",
    "still_present",
    "gone",
    "unverifiable",
)


def _request_row(row: dict[str, Any]) -> StoredRequest:
    files = _json(row.get("files"), [])
    return StoredRequest(
        id=int(row["id"]),
        vendor=row["vendor"],
        law=row["law"],
        created_at=row["created_at"],
        access=bool(row.get("access")),
        requester=_requester(row.get("requester")),
        format=row.get("format"),
        file=row.get("file"),
        files=tuple(str(f) for f in files) if isinstance(files, list) else (),
        clips=int(row.get("clips") or 0),
        **{k: row.get(k) for k in _LATER_COLUMNS},
    )


def list_requests(db: Database) -> list[StoredRequest]:
    """Every request but deleted ones (their tombstones keep the number from being reused)."""
    return [_request_row(r) for r in db.query("SELECT * FROM requests WHERE deleted_at IS NULL ORDER BY id")]


def get_request(db: Database, rid: int | str) -> StoredRequest:
    number = str(rid).strip().removeprefix("#")
    if not (number.isascii() and number.isdigit()):
        raise UnknownRequest(f"{rid!r} is not a request number (see `voicehist requests`)")
    rows = list(db.query("SELECT * FROM requests WHERE id = ?", [int(number)])) if int(number) < 2**63 else []
    if not rows:
        raise UnknownRequest(f"there is no request number {number} (see `voicehist requests`)")
    if rows[0].get("deleted_at"):
        raise UnknownRequest(f"request {number} was deleted on {rows[0]['deleted_at'][:10]}")
    return _request_row(rows[0])


def request_items(db: Database, rid: int) -> list[RequestItem]:
    """The clips request ``rid`` names, oldest first."""
    return [
        RequestItem(
            request_id=int(r["request_id"]),
            clip_id=r["clip_id"],
            number=r["number"],
            recorded_at=r["recorded_at"],
            device=r["device"],
            vendor_id=r["vendor_id"],
            audio_sha256=r["audio_sha256"],
            source_kinds=tuple(str(k) for k in _json(r["source_kinds"], [])),
            result=r["result"],
            reason=r["reason"],
            checked_at=r["checked_at"],
            export=r.get("export"),
        )
        for r in db.query("SELECT * FROM request_items WHERE request_id = ? ORDER BY recorded_at, clip_id", [rid])
    ]


def open_requests(db: Database) -> list[StoredRequest]:
    """Requests not marked done: the ones a later export is checked against."""
    return [
        _request_row(r)
        for r in db.query(
            "SELECT * FROM requests WHERE done_on IS NULL AND cancelled_on IS NULL AND deleted_at IS NULL ORDER BY id"
        )
    ]


def record_event(db: Database, rid: int, event: str, on: str) -> None:
    """Record that a request was sent / answered / extended / done on the date ``on`` (YYYY-MM-DD)."""
    column = EVENTS[event]
    with db.atomic():
        db.execute(f"UPDATE requests SET {column} = ? WHERE id = ?", [on, rid])


def record_check(
    db: Database,
    rid: int,
    results: Iterable[tuple[str, str, str | None]],
    checked_at: str,
    export: str | None = None,
) -> None:
    """Store a verification: per clip (clip_id, result, reason) on the request's item and on the clip (its
    vendor status, with the request, the export that showed it and when), and the counts on the request."""
    counts = {"still_present": 0, "gone": 0, "unverifiable": 0}
    with db.atomic():
        for clip_id, result, reason in results:
            counts[result] += 1
            db.execute(
                "UPDATE request_items SET result = ?, reason = ?, checked_at = ?, export = ?"
                " WHERE request_id = ? AND clip_id = ?",
                [result, reason, checked_at, export, rid, clip_id],
            )
            db.execute(
                "UPDATE clips SET vendor_status = ?, vendor_status_request = ?, vendor_status_checked = ?,"
                " vendor_status_export = ? WHERE id = ?",
                [result, rid, checked_at, export, clip_id],
            )
        db.execute(
            "UPDATE requests SET last_checked_at = ?, still_present = ?, gone = ?, unverifiable = ? WHERE id = ?",
            [checked_at, counts["still_present"], counts["gone"], counts["unverifiable"], rid],
        )


def source_clips(db: Database, source_ids: Sequence[int]) -> list[SourceClip]:
    """What an export held: every clip linked to these sources, with what identifies it."""
    if not source_ids:
        return []
    marks = ", ".join("?" for _ in source_ids)
    return [
        SourceClip(**r)
        for r in db.query(
            "SELECT clip_sources.source_id AS source_id, clips.id AS id, clips.vendor_id AS vendor_id,"
            " clips.audio_sha256 AS audio_sha256, clips.recorded_at AS recorded_at, clips.device AS device"
            " FROM clip_sources JOIN clips ON clips.id = clip_sources.clip_id"
            f" WHERE clip_sources.source_id IN ({marks})",
            list(source_ids),
        )
    ]


def source_info(db: Database, source_ids: Sequence[int]) -> list[SourceSpan]:
    """Each source's vendor, importer (kind of export) and the time span its clips cover."""
    if not source_ids:
        return []
    marks = ", ".join("?" for _ in source_ids)
    return [
        SourceSpan(**r)
        for r in db.query(
            "SELECT sources.id AS id, sources.vendor AS vendor, sources.importer AS importer, sources.path AS path,"
            " min(clips.recorded_at) AS first, max(clips.recorded_at) AS last"
            " FROM sources LEFT JOIN clip_sources ON clip_sources.source_id = sources.id"
            " LEFT JOIN clips ON clips.id = clip_sources.clip_id AND clips.recorded_at > '1970-01-02'"
            f" WHERE sources.id IN ({marks}) GROUP BY sources.id ORDER BY sources.id",
            list(source_ids),
        )
    ]


def requests_of_clips(db: Database, ids: Sequence[str]) -> dict[str, list[int]]:
    """For each clip, the numbers of the requests that name it."""
    out: dict[str, list[int]] = {}
    for chunk in _chunks(list(ids)):
        marks = ", ".join("?" for _ in chunk)
        for cid, rid in db.execute(
            f"SELECT clip_id, request_id FROM request_items WHERE clip_id IN ({marks}) ORDER BY request_id",
            list(chunk),
        ):
            out.setdefault(str(cid), []).append(int(rid))
    return out


def request_clip_rows(db: Database, ids: Sequence[str]) -> list[LetterRow]:
    """What letters name of the clips ``ids``, oldest first, with the raw vendor record (for skill names)."""
    out: list[LetterRow] = []
    for chunk in _chunks(list(ids)):
        marks = ", ".join("?" for _ in chunk)
        out.extend(
            LetterRow(*r)
            for r in db.execute(
                "SELECT id, number, vendor, recorded_at, device, vendor_id, vendor_transcript, transcript, audio_name,"
                f" raw FROM clip_view WHERE id IN ({marks})",
                list(chunk),
            )
        )
    out.sort(key=lambda r: (r.recorded_at or "", r.id))
    return out


__all__ = [
    "EVENTS",
    "LetterRow",
    "NewClip",
    "RequestItem",
    "RequesterRecord",
    "SourceClip",
    "SourceSpan",
    "StoredRequest",
    "UnknownRequest",
    "clip_source_kinds",
    "create_request",
    "list_requests",
    "get_request",
    "request_items",
    "open_requests",
    "record_event",
    "record_check",
    "source_clips",
    "source_info",
    "requests_of_clips",
    "request_clip_rows",
    "add_request_file",
    "same_request",
    "set_request_column",
    "tombstone_request",
]


def delete_request(db: Database, rid: int) -> None:
    """Remove a request that could not be completed (e.g. its letter could not be written)."""
    with db.atomic():
        db.execute("DELETE FROM request_items WHERE request_id = ?", [rid])
        db.execute("DELETE FROM requests WHERE id = ?", [rid])


def add_request_file(db: Database, rid: int, file: str) -> None:
    """Remember one more file a letter of this request was written to (the latest is ``file``)."""
    with db.atomic():
        row = db.execute("SELECT files FROM requests WHERE id = ?", [rid]).fetchone()
        try:
            files = json.loads(row[0] or "[]") if row else []
        except ValueError:
            files = []
        files = [f for f in files if f != file] + [file]
        db.execute("UPDATE requests SET file = ?, files = ? WHERE id = ?", [file, json.dumps(files), rid])


def same_request(db: Database, vendor: str, law: str, clip_ids: Sequence[str]) -> int | None:
    """The live request (not cancelled, not deleted) of this vendor and law naming exactly these clips."""
    want = sorted(set(clip_ids))
    for (rid,) in db.execute(
        "SELECT id FROM requests WHERE vendor = ? AND law = ? AND cancelled_on IS NULL AND deleted_at IS NULL"
        " AND clips = ? ORDER BY id DESC",
        [vendor, law, len(want)],
    ).fetchall():
        have = [r[0] for r in db.execute("SELECT clip_id FROM request_items WHERE request_id = ? ORDER BY 1", [rid])]
        if have == want:
            return int(rid)
    return None


def set_request_column(db: Database, rid: int, column: str, value: str | None) -> None:
    if column not in ("cancelled_on", "followup_on", "complained_on"):
        raise ValueError(column)
    with db.atomic():
        db.execute(f"UPDATE requests SET {column} = ? WHERE id = ?", [value, rid])


def tombstone_request(db: Database, rid: int, deleted_at: str) -> None:
    """Delete a request's content (who asked, its clips, its files' names) and keep only its number, vendor,
    law and dates as a tombstone, so the number is never given to another request. Clips whose vendor status
    came from this request lose it."""
    with db.atomic():
        db.execute("DELETE FROM request_items WHERE request_id = ?", [rid])
        db.execute(
            "UPDATE clips SET vendor_status = NULL, vendor_status_request = NULL, vendor_status_checked = NULL,"
            " vendor_status_export = NULL WHERE vendor_status_request = ?",
            [rid],
        )
        db.execute(
            "UPDATE requests SET requester = NULL, file = NULL, files = NULL, format = NULL, clips = 0,"
            " still_present = NULL, gone = NULL, unverifiable = NULL, deleted_at = ? WHERE id = ?",
            [deleted_at, rid],
        )


def clips_first_seen_in(db: Database, source_ids: Sequence[int]) -> list[NewClip]:
    """Clips these sources brought first (new to voicehist): id, number, whether transcribed and scored."""
    if not source_ids:
        return []
    marks = ", ".join("?" for _ in source_ids)
    return [
        NewClip(id=r[0], number=r[1], transcribed=r[2] == "done", transcript_status=r[2], scored=r[3] is not None)
        for r in db.execute(
            f"SELECT id, number, transcript_status, score FROM clip_view WHERE source_id IN ({marks})"
            " AND forgotten_at IS NULL ORDER BY number",
            list(source_ids),
        )
    ]


def next_request_number(db: Database) -> int:
    """The number the next stored request gets (tombstones keep theirs)."""
    return int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM requests").fetchone()[0])
