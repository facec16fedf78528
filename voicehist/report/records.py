"""The report's figures as typed records: what :func:`voicehist.report.figures.compute` returns and what every
renderer (text, Markdown, HTML, PDF) and ``report --json`` read. Plain values, no formatting.

The field order of each record is the key order of ``report --json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from voicehist.store.report import DeviceAccidents


@dataclass(frozen=True)
class VendorCount:
    vendor: str | None
    clips: int


@dataclass(frozen=True)
class DeviceCount:
    device: str | None
    clips: int


@dataclass(frozen=True)
class MonthCount:
    month: str
    clips: int
    accidental: int


@dataclass(frozen=True)
class Accidental:
    """The clips that count as accidental (the user's decision over the detector's)."""

    total: int
    share: float | None
    auto_suspected: int
    user_confirmed: int
    user_rejected: int
    overridden_to_not: int
    overridden_to_accidental: int
    unreviewed_suspects: int
    audio_seconds: float
    with_audio: int
    device_days: int
    per_device_per_day: float | None


@dataclass(frozen=True)
class DeviceRate(DeviceAccidents):
    """One device's accidental activations per day of use (a day with a clip from it): the store's counts and
    the rate."""

    per_day: float | None


@dataclass(frozen=True)
class Published:
    """The published misactivation rates the report compares with."""

    per_device_per_day_low: float
    per_device_per_day_high: float
    per_hour_of_tv: float
    source: str


@dataclass(frozen=True)
class ReasonCount:
    reason: str  # the label, with its examples where it has some
    clips: int
    examples: list[str] | None = None  # left out of the JSON when None


@dataclass(frozen=True)
class LongClip:
    """One of the longest accidental recordings."""

    number: int | None
    id: str
    recorded_at: str | None
    device: str | None
    duration: float
    excerpt: str
    heard_by: str  # "vendor" | "local" | "none": whose transcript the excerpt is
    decision: str | None


@dataclass(frozen=True)
class RequestCount:
    text: str
    clips: int


@dataclass(frozen=True)
class WordCount:
    word: str
    clips: int


@dataclass(frozen=True)
class SensitiveHit:
    """One sensitive finding in a clip's transcript."""

    clip: str
    number: int | None
    recorded_at: str | None
    device: str | None
    category: str
    words: str
    source: str  # "local" | "vendor"
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Sensitive:
    findings: list[SensitiveHit]
    by_category: dict[str, int]
    clips_by_category: dict[str, int]
    clips: int


@dataclass(frozen=True)
class VoiceCount:
    id: int
    name: str
    named: bool
    child: bool
    clips: int
    accidental: int
    accidental_share: float | None


@dataclass(frozen=True)
class Voices:
    voices: list[VoiceCount]
    one_off_clips: int
    clips_with_voice: int


@dataclass(frozen=True)
class RequestRow:
    """A tracked deletion request as the report lists it."""

    id: int
    vendor: str
    law: str
    clips: int
    created: str
    sent: str | None
    answer_due: str | None
    status: str
    overdue: bool
    verification: str  # "2 gone, 3 held, 1 unverifiable, checked 2026-12-04"; "" before any check
    held_after_deadline: int


@dataclass(frozen=True)
class Requests:
    count: int
    by_status: dict[str, int]
    overdue: int
    still_held_after_deadline: int
    items: list[RequestRow]


@dataclass(frozen=True)
class Figures:
    """Everything the report says, as plain values (no formatting)."""

    generated_at: str
    filter: dict[str, object]
    clips: int
    first: str | None
    last: str | None
    span_days: int | None
    no_time: int
    no_device: int
    with_audio: int
    transcribed: int
    share_with_audio: float | None
    share_transcribed: float | None
    audio_seconds: float
    by_vendor: list[VendorCount]
    by_device: list[DeviceCount]
    per_month: list[MonthCount]
    heatmap: list[list[int]]  # [weekday 0=Mon][hour 0..23], UTC
    accidental: Accidental
    accidental_by_device: list[DeviceRate]
    published: Published
    reasons: list[ReasonCount]
    longest_accidental: list[LongClip]
    top_requests: list[RequestCount]
    top_words: list[WordCount]
    sensitive: Sensitive
    requests: Requests | None = None
    notes: list[str] = field(default_factory=list)
    period: str | None = None  # --since/--until in words ("1 to 31 March 2026"), resolved when computed
    voices: Voices | None = None  # who was recorded (voicehist.voices); None before any voice is found

    @property
    def empty(self) -> bool:
        return self.clips == 0

    @property
    def title(self) -> str:
        return "Voice history report" + (f", {self.period}" if self.period else "")

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        for reason in doc["reasons"]:
            if reason["examples"] is None:
                del reason["examples"]
        doc["empty"] = self.empty
        doc["title"] = self.title
        return doc

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)
