"""``flag_auto``: score every clip and store the verdicts, never touching the user's own decisions."""

from __future__ import annotations

import datetime as _dt
import hashlib
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from voicehist.audio.decode import AudioDecodeError, decode
from voicehist.audio.levels import peak_dbfs
from voicehist.config import DetectConfig, load_config
from voicehist.detect.acoustic import WakeScorer, shared_scorer, sound_alikes
from voicehist.detect.scorer import (
    ACCIDENTAL,
    DETECTOR_VERSION,
    INTENDED,
    UNKNOWN,
    needs_wake_audio,
    score_clip,
    split_part,
    vendor_placeholder,
)
from voicehist.jobs import Cancel, Progress
from voicehist.store import Database, audio_dir_of
from voicehist.store import flags as store
from voicehist.transcribe.models import names_bundled


@dataclass(frozen=True)
class FlaggedExample:
    """A clip the run scored accidental, with why (the summary keeps the first few)."""

    id: str
    score: float
    reasons: list[str]


@dataclass
class DetectSummary:
    scored: int = 0
    accidental: int = 0
    intended: int = 0
    unknown: int = 0
    decided_by_user: int = 0  # scored clips whose user decision stands over the automatic label
    total: int = 0
    cancelled: bool = False
    wake_audio_scored: int = 0  # clips whose audio was asked about the wake word in this run (cached ones not)
    wake_audio_seconds: float = 0.0
    wake_audio_unavailable: str | None = None  # why the audio could not be asked (no model), None when it could
    wake_model: str = ""  # the model that asked it in this run (its name), empty when none did
    detector: str = DETECTOR_VERSION
    threshold: float = 0.5
    examples: list[FlaggedExample] = field(default_factory=list)  # a few flagged clips with reasons

    def to_json(self) -> dict[str, Any]:
        return {
            "scored": self.scored,
            "total": self.total,
            "accidental": self.accidental,
            "intended": self.intended,
            "unknown": self.unknown,
            "decided_by_user": self.decided_by_user,
            "cancelled": self.cancelled,
            "detector": self.detector,
            "threshold": self.threshold,
            "examples": [asdict(e) for e in self.examples],
            "wake_audio_scored": self.wake_audio_scored,
            "wake_audio_seconds": round(self.wake_audio_seconds, 2),
            "wake_audio_unavailable": self.wake_audio_unavailable,
            "wake_model": self.wake_model,
        }


def _time(s: Any) -> _dt.datetime | None:
    if not s:
        return None
    try:
        t = _dt.datetime.fromisoformat(str(s).replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.UTC)
    return None if t.year <= 1971 else t  # epoch-0 times occur in real exports


def _wake_only(row: dict[str, Any]) -> bool:
    kind = str(row.get("vendor_kind") or "").upper()
    if kind == "WAKE_WORD_ONLY":
        return True
    return kind in ("", "GENERAL") and vendor_placeholder(row.get("vendor_transcript")) == "no_text"


def pair_roles(rows: Sequence[dict[str, Any]], gap_s: float = 20.0) -> dict[str, tuple[str, str]]:
    """Split interactions: {clip id: ("first" | "second", partner id)}.

    By Alexa utteranceId (``<stem>/0`` and ``<stem>/1``), else by neighbours: a wake-word-only record followed
    on the same device within ``gap_s`` seconds by a record with a real request.
    """
    roles: dict[str, tuple[str, str]] = {}
    stems: dict[str, dict[int, str]] = {}
    for r in rows:
        part = split_part(r.get("vendor_id"))
        if part is not None and str(r.get("vendor") or "") != "google":
            stems.setdefault(part[0], {})[part[1]] = str(r["id"])
    for parts in stems.values():
        if 0 in parts and len(parts) > 1:
            first = parts[0]
            later = [parts[n] for n in sorted(parts) if n > 0]
            roles[first] = ("first", later[0])
            for cid in later:
                roles[cid] = ("second", first)
    ordered = sorted(
        ((r, t) for r in rows if (t := _time(r.get("recorded_at"))) is not None),
        key=lambda rt: (str(rt[0].get("device") or ""), rt[1], str(rt[0]["id"])),
    )
    for (a, ta), (b, tb) in zip(ordered, ordered[1:], strict=False):
        if a["id"] in roles or b["id"] in roles:
            continue
        if str(a.get("device") or "") != str(b.get("device") or "") or a.get("vendor") != b.get("vendor"):
            continue
        if a.get("vendor") == "google":
            continue
        gap = (tb - ta).total_seconds()
        if 0 <= gap <= gap_s and _wake_only(a) and not _wake_only(b):
            if vendor_placeholder(b.get("vendor_transcript")) is None:
                roles[str(a["id"])] = ("first", str(b["id"]))
                roles[str(b["id"])] = ("second", str(a["id"]))
    return roles


def audio_level_dbfs(path: Path) -> float | None:
    """The loudest 30 ms frame's RMS level in dBFS (None when the file cannot be read)."""
    try:
        decoded = decode(path)
    except AudioDecodeError:  # unreadable audio is an answer, not an error
        return None
    return peak_dbfs(decoded.samples, decoded.sample_rate)


class _WakeAudio:
    """Asks the audio about the wake word for the clips that need it, once per clip, model and word list."""

    def __init__(self, cfg: DetectConfig, audio_dir: Path, summary: DetectSummary) -> None:
        self.cfg = cfg
        self.audio_dir = audio_dir
        self.summary = summary
        self.scorer: WakeScorer | None = None
        self.enabled = cfg.wake_audio

    def _key(self, vendor: str) -> str:
        words = self.cfg.wake_words_for(vendor)
        alikes = sound_alikes(words, self.cfg.near_misses_for(vendor))
        # a digest, not the words: the cache of one clip must not carry configured words into the database;
        # v2: scores down to FOLLOW_MIN 0.001 (v1 stored anything under 0.003 as 0); v3: the start is scanned;
        # a model other than the bundled one is part of the key (the bundled one's answers keep theirs)
        model = self.cfg.wake_model.strip()
        listed = "|".join([",".join(words), ",".join(alikes), *([] if names_bundled(model) else [model])])
        return "v3:" + hashlib.sha256(listed.encode("utf-8")).hexdigest()[:16]

    def would_measure(self, row: dict[str, Any]) -> bool:
        """Whether :meth:`attach` would run the model for this row (no cached answer, and the clip needs one)."""
        if not self.enabled:
            return False
        cached = row.get("wake_audio_cached")
        if isinstance(cached, dict) and cached.get("key") == self._key(
            str(row.get("vendor") or "").lower() or "unknown"
        ):
            return False
        return needs_wake_audio(row, row.get("words") or [], self.cfg)

    def attach(self, row: dict[str, Any]) -> dict[str, Any] | None:
        """Put ``wake_audio`` on the row (cached or measured); return it when newly measured (to be stored)."""
        vendor = str(row.get("vendor") or "").lower() or "unknown"
        key = self._key(vendor)
        cached = row.get("wake_audio_cached")
        if isinstance(cached, dict) and cached.get("key") == key:
            row["wake_audio"] = cached
            return None
        if not self.enabled or not needs_wake_audio(row, row.get("words") or [], self.cfg):
            return None
        if self.scorer is None:
            try:
                self.scorer = shared_scorer(self.cfg.wake_model)
            except Exception as e:  # noqa: BLE001 - no model or no CTranslate2: detection works without the audio
                self.enabled = False
                self.summary.wake_audio_unavailable = f"the audio could not be asked about the wake word ({e})"
                return None
        t = time.perf_counter()
        try:
            samples = decode(self.audio_dir / str(row["audio_path"]), 16000).samples
        except AudioDecodeError:
            return None
        words = self.cfg.wake_words_for(vendor)
        wa = self.scorer.score(samples, words, sound_alikes(words, self.cfg.near_misses_for(vendor)))
        self.summary.wake_audio_seconds += time.perf_counter() - t
        if wa is None:
            return None
        self.summary.wake_audio_scored += 1
        self.summary.wake_model = self.scorer.model_name
        result: dict[str, Any] = {**wa.to_json(), "key": key}
        row["wake_audio"] = result
        return result


def flag_auto(
    db: Database,
    *,
    config: DetectConfig | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    batch: int = 200,
    measure_audio: bool = True,
) -> DetectSummary:
    """Score every clip and store score, label and reasons. The user's decisions are never changed.

    Re-running re-scores everything (the detector or its settings may have changed); a cancelled run keeps
    the batches already written.
    """
    cfg = config or load_config().detect
    summary = DetectSummary(threshold=cfg.threshold)
    roles = pair_roles(store.pair_index_rows(db), cfg.split_gap_s)
    total = store.count_clips_to_score(db)
    summary.total = total
    audio_dir = audio_dir_of(db)
    detector = f"{DETECTOR_VERSION} threshold={cfg.threshold:g}"
    if changed := cfg.changed_weights():  # a config.toml that changes weights is part of what scored the clips
        detector += " weights=" + ",".join(f"{k}:{v:g}" for k, v in sorted(changed.items()))
    if progress:
        progress(0, total, "scoring clips")
    asker = _WakeAudio(cfg, audio_dir, summary)
    for rows in store.iter_clips_to_score(db, batch=batch):
        if cancel and cancel():
            summary.cancelled = True
            break
        scores: list[store.Score] = []
        for row in rows:
            role = roles.get(row["id"])
            if role:
                row["pair_role"], row["pair_partner"] = role
            few_words = len(row.get("words") or []) <= 4
            needs_level = few_words or row.get("transcript_status") != "done"  # only silence questions need it
            if measure_audio and needs_level and row.get("audio_path") and not row.get("audio_problem"):
                row["audio_level"] = audio_level_dbfs(audio_dir / row["audio_path"])
            if asker.would_measure(row) and cancel and cancel():  # asking the audio takes a second or two
                summary.cancelled = True
                break
            measured = asker.attach(row)
            if measured is not None and progress:  # asking the audio takes a moment: say where the run is
                progress(summary.scored + len(scores), total, "asking the audio about the wake word")
            verdict = score_clip(row, row.get("words") or [], cfg)
            scores.append(store.Score(row["id"], verdict.score, verdict.label, verdict.reasons, measured))
            if verdict.label == ACCIDENTAL:
                summary.accidental += 1
                if len(summary.examples) < 5:
                    summary.examples.append(FlaggedExample(row["id"], verdict.score, verdict.reasons))
            elif verdict.label == INTENDED:
                summary.intended += 1
            elif verdict.label == UNKNOWN:
                summary.unknown += 1
            if row.get("decision"):
                summary.decided_by_user += 1
        store.write_scores(db, scores, detector)
        summary.scored += len(scores)
        if summary.cancelled:
            break
        if progress:
            progress(summary.scored, total, f"scored {summary.scored} of {total}")
    return summary


__all__ = ["flag_auto", "DetectSummary", "FlaggedExample", "pair_roles", "audio_level_dbfs"]
