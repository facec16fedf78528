"""What the store hands every face: typed, frozen records of a clip, its words, transcripts, sources and voices,
and ONE list of a clip's fields with one label each (``show``, the app's detail pane, export and the report).

The records are built straight from SQLite's tuples (:meth:`ClipRow.select`: the SELECT list follows the field
order), so the result list pays one constructor call per row and no dict.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, fields
from typing import Any, Generic, TypeVar

from voicehist.localtime import is_utc, local

# The vendor's own "this was not meant for me" marks: a placeholder transcript or a discarded record kind.
VENDOR_NOT_INTENDED = (
    "(lower(COALESCE(vendor_transcript, '')) LIKE '%not intended for%'"
    " OR upper(COALESCE(vendor_kind, '')) LIKE '%DISCARDED%'"
    " OR upper(COALESCE(vendor_kind, '')) LIKE '%NON_DEVICE_DIRECTED%')"
)

# columns of a record that SQL computes (every other field is the clip_view column of its name)
_COMPUTED = {"vendor_not_intended": f"{VENDOR_NOT_INTENDED} AS vendor_not_intended"}


@dataclass(frozen=True, slots=True)
class ClipRow:
    """One row of a result list: what the app's list and the `list` table show (no raw JSON, no long columns)."""

    id: str
    number: int | None
    recorded_at: str | None  # UTC ISO
    device: str | None
    vendor: str
    vendor_transcript: str | None
    transcript: str | None  # the current local transcript's text
    duration: float | None
    score: float | None  # the detector's, 0..1
    flagged: int | None  # the effective decision: 1 / 0 / null (the user's decision wins over the detector)
    decision: str | None  # the user's: accidental | not_accidental
    auto_label: str | None  # the detector's: accidental | intended | unknown
    selected: int  # 0 / 1
    audio_path: str | None  # in this database's audio store
    audio_problem: str | None
    audio_sha256: str | None
    transcript_status: str | None
    vendor_not_intended: int  # 0 / 1: the vendor's placeholder transcript or a discarded record kind
    forgotten_at: str | None
    vendor_status: str | None  # what `verify` found: gone | still_present | unverifiable
    vendor_status_request: int | None
    vendor_status_checked: str | None
    vendor_status_export: str | None
    voice_id: int | None
    voice_name: str | None

    @classmethod
    def select(cls) -> str:
        """The SELECT list (over clip_view) that yields this record's fields in order."""
        return ", ".join(_COMPUTED.get(f.name, f.name) for f in fields(cls))

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_path) and not self.audio_problem

    @property
    def forgotten(self) -> bool:
        return bool(self.forgotten_at)


@dataclass(frozen=True, slots=True)
class Clip(ClipRow):
    """Every column of a clip (clip_view: the clip, its flag, its voice)."""

    source_id: int | None
    recorded_raw: str | None  # the time as the vendor wrote it
    vendor_response: str | None
    vendor_kind: str | None
    vendor_id: str | None
    audio_name: str | None  # the file name inside the export
    audio_format: str | None
    sample_rate: int | None
    channels: int | None
    raw: str | None  # the vendor's record, JSON text
    imported_at: str | None
    transcript_id: int | None
    transcript_error: str | None
    vendor_text_forgotten: int | None
    claimed_by: str | None
    voice_confidence: float | None
    reasons: str | None  # the detector's reasons, JSON list (see :attr:`reason_list`)
    decided_at: str | None

    @property
    def reason_list(self) -> list[str]:
        return list(json.loads(self.reasons)) if self.reasons else []


@dataclass(frozen=True, slots=True)
class Word:
    idx: int
    word: str
    start: float | None
    end: float | None
    probability: float | None


@dataclass(frozen=True, slots=True)
class Transcript:
    """One local transcript of a clip (a clip keeps every one; ``clips.transcript_id`` names the current)."""

    id: int
    engine: str | None
    model: str | None
    text: str | None
    language: str | None
    confidence: float | None
    avg_logprob: float | None
    no_speech_prob: float | None
    created_at: str | None


@dataclass(frozen=True, slots=True)
class Source:
    """An export a clip was imported from."""

    id: int
    path: str | None
    name: str | None
    vendor: str | None
    importer: str | None
    audio_name: str | None  # the clip's audio's name inside that export


@dataclass(frozen=True, slots=True)
class ClipDetail(Clip):
    """Everything about one clip: its columns, every local transcript, the current one's words, its sources."""

    _: KW_ONLY
    words: tuple[Word, ...]
    transcripts: tuple[Transcript, ...]  # oldest first
    sources: tuple[Source, ...]

    @property
    def transcript_info(self) -> Transcript | None:
        """The current local transcript (engine, model, language...), None when there is none."""
        return next((t for t in self.transcripts if t.id == self.transcript_id), None)


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice (a cluster of clips), as ``voices`` stores it."""

    id: int
    name: str | None
    name_source: str | None  # user | vendor
    vendor_person_type: str | None
    child: int | None  # the person's word: 1 my child, 0 not a child, null not said
    child_marked_at: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class Flag:
    """A clip's flag: the detector's score, label and reasons, and the user's decision (which always wins)."""

    clip_id: str
    score: float | None
    label: str | None  # accidental | intended | unknown
    reasons: tuple[str, ...]
    detector: str | None  # the detector's version and settings
    scored_at: str | None
    decision: str | None  # accidental | not_accidental
    decided_at: str | None


@dataclass(frozen=True, slots=True)
class VoiceMember:
    """A live clip that has a voice, with what a voice's summary needs (its analysis and its flag)."""

    id: str
    number: int | None
    voice_id: int
    voice_confidence: float | None
    device: str | None
    recorded_at: str | None
    audio_path: str | None
    audio_problem: str | None
    raw: str | None
    pitch_hz: float | None
    centroid_hz: float | None
    voiced_seconds: float | None
    speech_seconds: float | None
    decision: str | None
    auto_label: str | None

    @property
    def accidental(self) -> bool:
        """The user's decision, else the detector's label, says accidental."""
        return self.decision == "accidental" if self.decision else self.auto_label == "accidental"


@dataclass(frozen=True, slots=True)
class AudioClip:
    """A clip whose audio is to be analysed."""

    id: str
    number: int | None
    audio_path: str


# -- the fields of a clip, one label each -----------------------------------------------------------------------

R = TypeVar("R", bound=Clip)


@dataclass(frozen=True, slots=True)
class Field(Generic[R]):
    """One fact about a clip: ``name`` is its key in the clip's JSON (and a CSV header); ``label`` how every face
    names it to a person; ``text`` its value as a person reads it (None: nothing to say; the face makes it safe
    to show and decides what an absent value looks like); ``json`` its value in the JSON contract (None: not
    part of a clip's JSON)."""

    name: str
    label: str
    text: Callable[[R], str | None]
    json: Callable[[R], Any] | None = None


def _plain(name: str) -> Callable[[Clip], str | None]:
    def text(c: Clip) -> str | None:
        v = getattr(c, name)
        if v is None or v == "":
            return None
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    return text


def _value(name: str) -> Callable[[Clip], Any]:
    return lambda c: getattr(c, name)


def _flagged(c: Clip) -> bool | None:
    return None if c.flagged is None else bool(c.flagged)


def flag_words(row: ClipRow, *, detail: bool = False) -> str:
    """The flag of a clip in words: the user's decision wins over the detector's label.

    ``accidental`` / ``not accidental`` (your decision), ``suspected`` (the detector says accidental and you
    have not said), ``looks intended`` (the detector says intended), ``unreviewed`` (neither has said).
    ``detail`` adds who said it: ``accidental (your decision)``, ``suspected (detector)``."""
    decision, label = row.decision, row.auto_label
    if decision == "accidental":
        words, who = "accidental", "your decision"
    elif decision == "not_accidental":
        words, who = "not accidental", "your decision"
    elif label == "accidental":
        words, who = "suspected", "detector"
    elif label == "intended":
        words, who = "looks intended", "detector"
    else:
        words, who = "unreviewed", "not scored" if label is None else "detector cannot tell"
    return f"{words} ({who})" if detail else words


def vendor_status(row: ClipRow) -> dict[str, Any] | None:
    """What the vendor did with the clip, as the last `verify` found it (None: never verified)."""
    if not row.vendor_status:
        return None
    return {
        "state": row.vendor_status,
        "request": row.vendor_status_request,
        "checked": row.vendor_status_checked,
        "export": row.vendor_status_export,
    }


VENDOR_STATE_WORDS = {"gone": "gone at the vendor", "still_present": "still held by the vendor",
                      "unverifiable": "not verifiable at the vendor"}  # fmt: skip
VENDOR_STATE_SHORT = {"gone": "gone", "still_present": "held", "unverifiable": "?"}


def vendor_status_words(row: ClipRow, *, short: bool = False) -> str:
    """What the vendor did with the clip in words: ``gone at the vendor (verified 2026-12-04 in later.zip,
    request 3)``; ``short``: ``gone`` / ``held`` / ``?``. Empty when never verified. The date is local."""
    state = row.vendor_status
    if not state:
        return ""
    if short:
        return VENDOR_STATE_SHORT.get(state, state)
    day = local(row.vendor_status_checked, abbrev=False)[:10]
    parts = [f"verified {day}" if day else "verified"]
    if row.vendor_status_export:
        parts[0] += f" in {row.vendor_status_export}"
    if row.vendor_status_request:
        parts.append(f"request {row.vendor_status_request}")
    return f"{VENDOR_STATE_WORDS.get(state, state)} ({', '.join(parts)})"


def voice_words(c: Clip) -> str | None:
    """``Emma (confidence 0.82)``; ``voice 3`` for a voice nobody named; None: no voice."""
    if c.voice_id is None:
        return None
    name = c.voice_name or f"voice {c.voice_id}"
    return name + (f" (confidence {c.voice_confidence:.2f})" if c.voice_confidence is not None else "")


def _seconds(c: Clip) -> str | None:
    return None if c.duration is None else f"{c.duration:.2f} s"


def _score(c: Clip) -> str | None:
    return None if c.score is None else f"{c.score:.2f}"


def _utc(c: Clip) -> str | None:
    """The recording time in UTC too, beside the local one (said once when the display zone is UTC)."""
    if is_utc():
        return None
    return (c.recorded_at or "").replace("T", " ").removesuffix("Z") or None


def _not_intended(c: Clip) -> str | None:
    return "not intended for the device" if c.vendor_not_intended else None


def audio_format_words(c: Clip) -> str | None:
    """``WAV 16000 Hz 1 ch``: the audio's format, sample rate and channels, as far as they are known."""
    parts = [
        c.audio_format,
        f"{c.sample_rate} Hz" if c.sample_rate else None,
        f"{c.channels} ch" if c.channels else None,
    ]
    return " ".join(str(p) for p in parts if p) or None


# In the order of a clip's JSON (the command-line contract); fields without ``json`` are for people only.
CLIP_FIELDS: tuple[Field[Clip], ...] = (
    Field("id", "id", _plain("id"), _value("id")),
    Field("number", "number", lambda c: None if c.number is None else f"#{c.number}", _value("number")),
    Field("vendor", "vendor", _plain("vendor"), _value("vendor")),
    Field("recorded_at", "recorded", lambda c: local(c.recorded_at) or None, _value("recorded_at")),
    Field("recorded_utc", "recorded (UTC)", _utc),
    Field("recorded_raw", "vendor's time", _plain("recorded_raw"), _value("recorded_raw")),
    Field("device", "device", _plain("device"), _value("device")),
    Field("vendor_transcript", "vendor heard", _plain("vendor_transcript"), _value("vendor_transcript")),
    Field("vendor_response", "vendor answered", _plain("vendor_response"), _value("vendor_response")),
    Field("vendor_kind", "vendor kind", _plain("vendor_kind"), _value("vendor_kind")),
    Field("vendor_id", "vendor id", _plain("vendor_id"), _value("vendor_id")),
    Field("transcript", "voicehist heard", _plain("transcript"), _value("transcript")),
    Field("transcript_status", "transcription", _plain("transcript_status"), _value("transcript_status")),
    Field("transcript_error", "transcription error", _plain("transcript_error")),
    Field("duration", "duration", _seconds, _value("duration")),
    Field("has_audio", "has audio", lambda c: "yes" if c.has_audio else "no", lambda c: c.has_audio),
    Field("audio_name", "audio in export", _plain("audio_name"), _value("audio_name")),
    Field("audio_format", "format", audio_format_words),
    Field("audio_sha256", "sha256", _plain("audio_sha256")),
    Field("audio_problem", "audio problem", _plain("audio_problem"), _value("audio_problem")),
    Field("flagged", "flag", lambda c: flag_words(c, detail=True), _flagged),
    Field("decision", "decision", _plain("decision"), _value("decision")),
    Field("decided_at", "decided at", lambda c: local(c.decided_at) or None),
    Field("auto_label", "detector's label", _plain("auto_label"), _value("auto_label")),
    Field("score", "score", _score, _value("score")),
    Field("reasons", "reasons", lambda c: "; ".join(c.reason_list) or None, lambda c: c.reason_list),
    Field("selected", "selected", lambda c: "yes" if c.selected else "no", lambda c: bool(c.selected)),
    Field("forgotten", "forgotten", lambda c: local(c.forgotten_at, seconds=False) or None, lambda c: c.forgotten),
    # the voice's name, else its number; null: none
    Field("voice", "voice", voice_words, lambda c: c.voice_name or c.voice_id),
    Field("voice_id", "voice number", _plain("voice_id"), _value("voice_id")),
    Field("voice_confidence", "voice confidence", _plain("voice_confidence"), _value("voice_confidence")),
    Field("vendor_not_intended", "vendor mark", _not_intended),
    Field("vendor_status", "at the vendor", lambda c: vendor_status_words(c) or None, vendor_status),
    Field("imported_at", "imported at", lambda c: local(c.imported_at, seconds=False) or None),
)
FIELDS_BY_NAME: dict[str, Field[Clip]] = {f.name: f for f in CLIP_FIELDS}
JSON_FIELDS = tuple(f for f in CLIP_FIELDS if f.json is not None)


def _transcribed_by(c: ClipDetail) -> str | None:
    info = c.transcript_info
    if info is None:
        return None
    return f"{info.engine or ''}, {info.model or ''}, {info.language or '?'}"


# facts only the whole clip has (its transcripts and sources)
DETAIL_FIELDS: tuple[Field[ClipDetail], ...] = (
    Field("sources", "source", lambda c: ", ".join(str(s.name or s.path) for s in c.sources) or None),
    Field("transcribed_by", "transcribed by", _transcribed_by),
)


def field(name: str) -> Field[Clip]:
    """The field ``name`` of :data:`CLIP_FIELDS` (a KeyError names a field that does not exist)."""
    return FIELDS_BY_NAME[name]


def clip_json(c: Clip) -> dict[str, Any]:
    """The stable JSON shape of a clip (see the command-line contract)."""
    return {f.name: f.json(c) for f in JSON_FIELDS if f.json is not None}


__all__ = [
    "CLIP_FIELDS",
    "DETAIL_FIELDS",
    "JSON_FIELDS",
    "Clip",
    "ClipDetail",
    "ClipRow",
    "Field",
    "Flag",
    "Source",
    "Transcript",
    "AudioClip",
    "Voice",
    "VoiceMember",
    "Word",
    "audio_format_words",
    "clip_json",
    "field",
    "flag_words",
    "vendor_status",
    "vendor_status_words",
    "voice_words",
]
