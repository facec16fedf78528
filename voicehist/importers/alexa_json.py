"""Alexa voice-history JSON, as the "Review Voice History" page loads it (saved by hand or by alexapy).

``{"customerHistoryRecords": [...]}`` (also: a bare list of records, or a list of such pages). One clip per
record; the whole record is kept in ``raw``. Time: the transcript item's timestamp, else the record's, else
the time inside the utteranceId. Audio files beside the JSON are linked by utterance id in their name.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Generator, Iterator
from typing import Any, ClassVar

import ijson

from voicehist.audio.probe import looks_like_audio_name
from voicehist.importers.archive import READ_ERRORS, Archive, Member
from voicehist.importers.base import (
    IJSON,
    MAX_JSON_BYTES,
    MAX_LOADED_JSON_BYTES,
    STREAM_MIN_BYTES,
    ClipDraft,
    Plan,
    alnum,
    is_boilerplate,
    storable_json,
)
from voicehist.importers.folder import audio_draft, is_audio_member
from voicehist.importers.times import from_epoch_ms, parse_time, time_from_utterance_id

MARKERS = (b"customerHistoryRecords", b"voiceHistoryRecordItems", b"recordKey")
TRANSCRIPT_TYPES = ("CUSTOMER_TRANSCRIPT", "ASR_REPLACEMENT_TEXT")
RESPONSE_TYPES = ("ALEXA_RESPONSE", "TTS_REPLACEMENT_TEXT")
# keys each record has (one or both), counted in a big file's bytes to size the progress bar before it is parsed
RECORD_KEYS = (b'"recordKey"', b'"voiceHistoryRecordItems"')


def _is_record(obj: Any) -> bool:
    return isinstance(obj, dict) and ("recordKey" in obj or "voiceHistoryRecordItems" in obj)


def records_of(doc: Any, notes: list[str] | None = None) -> list[dict[str, Any]] | None:
    """The history records in a parsed JSON document, or None when it is not Alexa voice history.

    What cannot be a record (a number where a record should be, a records field that is not a list) is
    described in ``notes`` rather than dropped silently."""
    if notes is None:
        notes = []
    if isinstance(doc, dict):
        if "customerHistoryRecords" in doc:
            recs = doc["customerHistoryRecords"]
            if not isinstance(recs, list):
                notes.append(f"customerHistoryRecords holds {_what(recs)}, not a list of records: nothing imported")
                return []
            out = []
            for i, r in enumerate(recs, start=1):
                if isinstance(r, dict):
                    out.append(r)
                else:
                    notes.append(f"record {i} is {_what(r)}, not a record: skipped")
            return out
        return [doc] if _is_record(doc) else None
    if isinstance(doc, list):
        out = []
        found = False
        for item in doc:
            sub = records_of(item, notes)
            if sub is not None:
                found = True
                out.extend(sub)
        return out if found else None
    return None


def _what(value: Any) -> str:
    """A few words for a JSON value of the wrong kind ('a string', 'the number 5')."""
    if isinstance(value, bool) or value is None:
        return f"the value {json.dumps(value)}"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "an object"
    return "a list"


def _json_members(archive: Archive) -> list[Member]:
    out = []
    for m in archive.members:
        if m.suffix in (".json", ".txt", "") and 0 < m.size <= MAX_JSON_BYTES:
            head = m.head(65536)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") and any(k in head for k in MARKERS):
                out.append(m)
    return out


def _count_records(m: Member) -> int:
    """About how many records ``m`` holds: the most of any one record key's occurrences in its bytes."""
    counts = dict.fromkeys(RECORD_KEYS, 0)
    tail = b""
    try:
        with m.open() as fh:
            while chunk := fh.read(1 << 20):
                for key in RECORD_KEYS:
                    counts[key] += chunk.count(key) + (tail[-len(key) + 1 :] + chunk[: len(key) - 1]).count(key)
                tail = chunk
    except READ_ERRORS:
        pass  # the parse says what is wrong with it
    return max(counts.values())


def _is_audio(m: Member) -> bool:
    return is_audio_member(m) or looks_like_audio_name(m.basename)


def _ms(value: Any) -> int | None:
    """Epoch milliseconds from a number or numeric string (0 and junk: None); ISO strings are converted."""
    if isinstance(value, bool):
        return None
    try:
        v = int(value)
    except (TypeError, ValueError, OverflowError):
        iso = parse_time(value) if isinstance(value, str) else None
        if iso is None:
            return None
        return int(_dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000) or None
    return v if v > 0 and from_epoch_ms(v) is not None else None


def _is_zero(value: Any) -> bool:
    try:
        return float(value) == 0
    except (TypeError, ValueError, OverflowError):
        return False


class AlexaJsonImporter:
    name: ClassVar[str] = "alexa_json"
    vendor: ClassVar[str] = "alexa"

    def matches(self, archive: Archive) -> bool:
        return bool(_json_members(archive))

    def plan(self, archive: Archive) -> Plan:
        plan = Plan(importer=self.name, vendor=self.vendor)
        members = _json_members(archive)
        names = {m.name for m in members}
        loose = [m for m in archive.members if m.name not in names and _is_audio(m)]
        drafts = self._drafts(archive, members, loose, plan)
        if all(m.size <= STREAM_MIN_BYTES for m in members):
            plan.drafts = list(drafts)  # small enough to hold: the exact count for progress
        else:
            plan.stream = drafts  # a record is parsed, linked and written before the next is read
            records = sum(_count_records(m) for m in members)
            plan.total = records + max(0, len(loose) - records)  # about: most audio belongs to a record
        return plan

    def _drafts(self, archive: Archive, members: list[Member], loose: list[Member], plan: Plan) -> Iterator[ClipDraft]:
        """The records of every JSON file in turn, each linked to the audio file named by its utterance id, then
        the audio no record named. ``plan.unrecognised`` is complete once this is exhausted."""
        by_stem = {alnum(m.basename.rsplit(".", 1)[0]): m for m in loose}
        claimed: set[str] = set()
        used: set[str] = set()
        for m in members:
            for draft in self._member_drafts(m, plan, used):
                key = alnum(draft.vendor_id or "")
                hit = by_stem.get(key) if key else None
                if hit is not None and hit.name not in claimed:
                    draft.audio, draft.audio_name = hit, hit.basename
                    claimed.add(hit.name)
                yield draft
        audio = {m.name for m in loose}
        plan.unrecognised.extend(
            f"{m.name}: not Alexa voice history"
            for m in archive.members
            if m.name not in used and m.name not in audio and not is_boilerplate(m)
        )
        yield from (audio_draft(m, self.vendor) for m in loose if m.name not in claimed)

    def _member_drafts(self, m: Member, plan: Plan, used: set[str]) -> Iterator[ClipDraft]:
        """The drafts of one JSON file: streamed when it is big, else parsed whole. ``used`` gets its name when
        it held voice history (or was meant to and could not be read)."""
        given = 0  # records a stream gave before it broke off: not given again when the file is parsed whole
        if m.size > STREAM_MIN_BYTES:
            done, given = yield from self._stream(m, plan)
            if done:
                used.add(m.name)
                return
        if m.size > MAX_LOADED_JSON_BYTES:
            plan.problems.append((m.name, "not a standard JSON list of voice-history records, and too large to"
                                          " read whole: not imported"))  # fmt: skip
            used.add(m.name)
            return
        try:
            doc = json.loads(m.read().decode("utf-8-sig", "replace"))
        except READ_ERRORS as e:
            plan.problems.append((m.name, f"not readable JSON: {e}"))
            used.add(m.name)
            return
        notes: list[str] = []
        recs = records_of(doc, notes)
        plan.problems.extend((m.name, note) for note in notes)
        if recs is None:
            return
        used.add(m.name)
        for i, rec in enumerate(recs, start=1):
            draft = self._add(plan, rec, m.name, i)
            if draft is not None and i > given:
                yield draft

    def _add(self, plan: Plan, rec: dict[str, Any], file: str, n: int) -> ClipDraft | None:
        """Record ``n``'s draft, or None when it cannot be read; what is wrong with it goes to the plan's problems."""
        notes: list[str] = []
        try:
            draft: ClipDraft | None = self._draft(rec, file, n, notes)
        except Exception as e:  # noqa: BLE001 - one bad record never stops the import
            notes.append(f"record {n} cannot be read ({type(e).__name__}): skipped")
            draft = None
        plan.problems.extend((file, note) for note in notes)
        return draft

    def _stream(self, m: Member, plan: Plan) -> Generator[ClipDraft, None, tuple[bool, int]]:
        """Read a big JSON record by record (never the whole document in memory), giving each record's draft as
        it is read. Returns (done, records given): not done when it is not in a shape that can be streamed, or
        breaks off while it is small enough to be parsed whole (its problems are taken back then); a document
        too big for that which breaks off keeps the records before the break, and says so."""
        head = m.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        prefix = "customerHistoryRecords.item" if head[:1] == b"{" else "item"
        n = 0
        start_problems = len(plan.problems)
        try:
            with m.open() as fh:
                if fh.read(3) != b"\xef\xbb\xbf":
                    fh.seek(0)
                for obj in IJSON.items(fh, prefix, use_float=True):
                    notes: list[str] = []
                    recs = [obj] if _is_record(obj) else (records_of(obj, notes) or [])
                    if not recs and not notes:
                        notes.append(f"item {n + 1} is {_what(obj)}, not a record: skipped")
                    plan.problems.extend((m.name, note) for note in notes)
                    for rec in recs:
                        n += 1
                        draft = self._add(plan, rec, m.name, n)
                        if draft is not None:
                            yield draft
        except (ijson.JSONError, UnicodeDecodeError, *READ_ERRORS) as e:
            if n == 0 or m.size <= MAX_LOADED_JSON_BYTES:
                # what the streaming parser cannot take (NaN, integers beyond 64 bits) json.loads may: start over
                del plan.problems[start_problems:]
                return False, n
            plan.problems.append((m.name, f"stops being valid JSON after record {n} ({e}): the rest is not imported"))
        if n == 0:
            del plan.problems[start_problems:]  # parsed whole next, which says what it holds
        return n > 0, n

    def _draft(self, rec: dict[str, Any], file: str, n: int, notes: list[str]) -> ClipDraft:
        found = rec.get("voiceHistoryRecordItems")
        if found is not None and not isinstance(found, list):
            notes.append(f"record {n}: voiceHistoryRecordItems holds {_what(found)}, not a list; imported without it")
        items = [it for it in found if isinstance(it, dict)] if isinstance(found, list) else []

        def texts(types: tuple[str, ...]) -> list[str]:
            return [str(it.get("transcriptText")) for it in items
                    if it.get("recordItemType") in types and it.get("transcriptText")]  # fmt: skip

        said = texts(TRANSCRIPT_TYPES)
        said_item = next((it for it in items if it.get("recordItemType") in TRANSCRIPT_TYPES), None)
        uid = None
        for it in ([said_item] if said_item else []) + items:
            if it and it.get("utteranceId"):
                uid = str(it["utteranceId"])
                break
        # the transcript item's time; when that is 0, the time inside the utteranceId; then the record's
        ms = _ms(said_item.get("timestamp")) if said_item else None
        raw_time: Any = said_item.get("timestamp") if said_item else None
        recorded_at = from_epoch_ms(ms) if ms is not None else None
        if recorded_at is None and uid:
            recorded_at = time_from_utterance_id(uid)
            if recorded_at is not None:
                raw_time = uid
        if recorded_at is None:
            ms = _ms(rec.get("timestamp"))
            if ms is None:
                ms = next((v for it in items if (v := _ms(it.get("timestamp"))) is not None), None)
            if ms is not None:
                recorded_at = from_epoch_ms(ms)
                raw_time = rec.get("timestamp", raw_time)
        if recorded_at is None and (raw_time is not None or rec.get("timestamp") is not None):
            raw_time = raw_time if raw_time is not None else rec.get("timestamp")
            if _is_zero(raw_time):
                recorded_at = from_epoch_ms(0)  # an epoch-0 record: kept as the vendor wrote it
            else:
                notes.append(f"record {n}: time {str(raw_time)[:40]!r} is not a date; imported without a time")
        device = rec.get("device")
        device_name = device.get("deviceName") if isinstance(device, dict) else (device or None)
        transcript: str | None = said[0] if said else ("" if said_item is not None else None)
        kind = rec.get("utteranceType") or rec.get("activityStatus")
        record_key = rec.get("recordKey")
        vendor_id = uid or (str(record_key) if record_key else None)
        raw = dict(rec)
        raw["_file"] = file
        raw["_record"] = n
        raw_text = storable_json(raw)  # far less memory than a dict
        return ClipDraft(
            vendor=self.vendor,
            recorded_at=recorded_at,
            recorded_raw=None if raw_time is None else str(raw_time),
            device=str(device_name) if device_name else None,
            vendor_transcript=transcript,
            vendor_response=" ".join(texts(RESPONSE_TYPES)) or None,
            vendor_kind=str(kind) if kind else None,
            vendor_id=vendor_id,
            raw_json=raw_text,
            id=vendor_id,
        )
