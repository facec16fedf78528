"""Alexa voice-history JSON, as the "Review Voice History" page loads it (saved by hand or by alexapy).

``{"customerHistoryRecords": [...]}`` (also: a bare list of records, or a list of such pages). One clip per
record; the whole record is kept in ``raw``. Time: the transcript item's timestamp, else the record's, else
the time inside the utteranceId. Audio files beside the JSON are linked by utterance id in their name.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any, ClassVar

from voicehist.audio.probe import looks_like_audio_name
from voicehist.importers.archive import READ_ERRORS, Archive, Member
from voicehist.importers.base import ClipDraft, Plan, is_boilerplate, storable
from voicehist.importers.folder import audio_draft, is_audio_member
from voicehist.importers.times import from_epoch_ms, parse_time, time_from_utterance_id

MAX_JSON_BYTES = 512 * 1024 * 1024
STREAM_MIN_BYTES = 8 * 1024 * 1024  # bigger files are read record by record (ijson), not parsed whole
MAX_LOADED_JSON_BYTES = 48 * 1024 * 1024  # the most parsed whole (json.loads: about 6x its size in memory)
MARKERS = (b"customerHistoryRecords", b"voiceHistoryRecordItems", b"recordKey")
TRANSCRIPT_TYPES = ("CUSTOMER_TRANSCRIPT", "ASR_REPLACEMENT_TEXT")
RESPONSE_TYPES = ("ALEXA_RESPONSE", "TTS_REPLACEMENT_TEXT")


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


def _alnum(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", s.lower())


class AlexaJsonImporter:
    name: ClassVar[str] = "alexa_json"
    vendor: ClassVar[str] = "alexa"

    def matches(self, archive: Archive) -> bool:
        return bool(_json_members(archive))

    def plan(self, archive: Archive) -> Plan:
        plan = Plan(importer=self.name, vendor=self.vendor)
        used: set[str] = set()
        for m in _json_members(archive):
            if m.size > STREAM_MIN_BYTES and self._stream(m, plan):
                used.add(m.name)
                continue
            if m.size > MAX_LOADED_JSON_BYTES:
                plan.problems.append((m.name, "not a standard JSON list of voice-history records, and too large to"
                                              " read whole: not imported"))  # fmt: skip
                used.add(m.name)
                continue
            try:
                doc = json.loads(m.read().decode("utf-8-sig", "replace"))
            except READ_ERRORS as e:
                plan.problems.append((m.name, f"not readable JSON: {e}"))
                used.add(m.name)
                continue
            notes: list[str] = []
            recs = records_of(doc, notes)
            plan.problems.extend((m.name, note) for note in notes)
            if recs is None:
                continue
            used.add(m.name)
            for i, rec in enumerate(recs, start=1):
                self._add(plan, rec, m.name, i)

        audio_by_stem: dict[str, Member] = {}
        loose: list[Member] = []
        for m in archive.members:
            if m.name in used:
                continue
            if is_audio_member(m) or looks_like_audio_name(m.basename):
                loose.append(m)
                audio_by_stem[_alnum(m.basename.rsplit(".", 1)[0])] = m
            elif not is_boilerplate(m):
                plan.unrecognised.append(f"{m.name}: not Alexa voice history")
        claimed: set[str] = set()
        if audio_by_stem:
            for d in plan.drafts:
                key = _alnum(d.vendor_id or "")
                hit = audio_by_stem.get(key) if key else None
                if hit is not None and hit.name not in claimed:
                    d.audio, d.audio_name = hit, hit.basename
                    claimed.add(hit.name)
        plan.drafts.extend(audio_draft(m, self.vendor) for m in loose if m.name not in claimed)
        return plan

    def _add(self, plan: Plan, rec: dict[str, Any], file: str, n: int) -> None:
        notes: list[str] = []
        try:
            plan.drafts.append(self._draft(rec, file, n, notes))
        except Exception as e:  # noqa: BLE001 - one bad record never stops the import
            notes.append(f"record {n} cannot be read ({type(e).__name__}): skipped")
        plan.problems.extend((file, note) for note in notes)

    def _stream(self, m: Member, plan: Plan) -> bool:
        """Read a big JSON record by record (never the whole document in memory). False when it is not in a
        shape that can be streamed, or breaks off while it is small enough to be parsed whole (nothing is
        added then); a document too big for that which breaks off keeps the records before the break, and
        says so."""
        import ijson

        head = m.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        prefix = "customerHistoryRecords.item" if head[:1] == b"{" else "item"
        n = 0
        start, start_problems = len(plan.drafts), len(plan.problems)
        try:
            with m.open() as fh:
                if fh.read(3) != b"\xef\xbb\xbf":
                    fh.seek(0)
                for obj in ijson.items(fh, prefix, use_float=True):
                    notes: list[str] = []
                    recs = [obj] if _is_record(obj) else (records_of(obj, notes) or [])
                    if not recs and not notes:
                        notes.append(f"item {n + 1} is {_what(obj)}, not a record: skipped")
                    plan.problems.extend((m.name, note) for note in notes)
                    for rec in recs:
                        n += 1
                        self._add(plan, rec, m.name, n)
        except (ijson.JSONError, UnicodeDecodeError, *READ_ERRORS) as e:
            if n == 0 or m.size <= MAX_LOADED_JSON_BYTES:
                # what the streaming parser cannot take (NaN, integers beyond 64 bits) json.loads may: start over
                del plan.drafts[start:]
                del plan.problems[start_problems:]
                return False
            plan.problems.append((m.name, f"stops being valid JSON after record {n} ({e}): the rest is not imported"))
        return n > 0

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
        raw_text = json.dumps(storable(raw), ensure_ascii=False, default=str)  # far less memory than a dict
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
