"""Measuring the detector against labelled exports: precision, recall, F1, a confusion table, every error.

Labels are kept outside the export (a JSON or CSV file), so any export can be scored: a mapping
``{key: label}`` or a list of ``{"utterance_id"|"file"|"id": ..., "label": ...}`` (CSV: those column names), where a
key matches a clip's vendor id, id or audio file name. Accidental labels: ``accidental``, ``noise`` (also
true/1/yes); anything else (``intended``, ``wake_only``, ``not_accidental``...) is not accidental; ``broken``
marks clips whose audio was damaged on purpose (they must not be flagged unless the vendor marked them).

The labelled exports the tests and ``bench/detect.py`` measure are written by ``tests/fixture_exports.py``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from voicehist.detect.scorer import vendor_placeholder
from voicehist.errors import VoicehistError
from voicehist.store import Database
from voicehist.store.flags import evaluation_rows

POSITIVE = {"accidental", "noise", "true", "1", "yes", "accidental_activation", "false_wake"}
WAKE_ONLY = {"wake_only", "wake_word_only"}
BROKEN = "broken"


class LabelsError(VoicehistError):
    """The labels file could not be read or matched no clip."""


def is_positive(label: str) -> bool:
    return str(label).strip().lower() in POSITIVE


def load_labels(path: str | Path) -> dict[str, str]:
    """{key: label} from a labels JSON file (see the module docstring for the accepted shapes)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
        data: Any = _csv_labels(text) if p.suffix.lower() in (".csv", ".tsv") else json.loads(text)
    except (OSError, ValueError, csv.Error) as e:
        raise LabelsError(f"cannot read labels from {p}: {e}") from e
    out: dict[str, str] = {}
    if isinstance(data, dict) and "clips" in data and isinstance(data["clips"], list):
        data = data["clips"]
    if isinstance(data, dict):
        for k, v in data.items():
            out[str(k)] = str(v.get("label") if isinstance(v, dict) else v)
    elif isinstance(data, list):
        for item in data:
            if not isinstance(item, dict) or "label" not in item:
                continue
            for key in ("utterance_id", "vendor_id", "id", "audio_file", "file"):
                if item.get(key):
                    out[str(item[key])] = str(item["label"])
    if not out:
        raise LabelsError(f"{p} holds no labels: expected {{key: label}} or a list of {{'file': ..., 'label': ...}}")
    return out


def _csv_labels(text: str) -> list[dict[str, str]]:
    """Rows of a labels CSV/TSV with a ``label`` column and any of utterance_id / vendor_id / id / audio_file /
    file (header names compared without case, spaces or underscores)."""
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    rows = list(csv.reader(text.splitlines(), dialect))
    if not rows:
        return []
    header = [h.strip().lower().replace(" ", "").replace("_", "") for h in rows[0]]
    names = {"utteranceid": "utterance_id", "vendorid": "vendor_id", "id": "id", "audiofile": "audio_file",
             "file": "file", "label": "label"}  # fmt: skip
    out = []
    for r in rows[1:]:
        item = {names[h]: v.strip() for h, v in zip(header, r, strict=False) if h in names and v.strip()}
        out.append(item)
    return out


@dataclass(frozen=True)
class EvalError:
    """One clip the detector got wrong: the label, the prediction and what it read."""

    id: str
    truth: str
    predicted: str
    score: float | None
    vendor_transcript: str | None
    transcript: str | None
    reasons: list[str]


@dataclass
class EvalReport:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    unmatched_labels: int = 0
    unlabelled_clips: int = 0
    wake_only_flagged: int = 0
    broken_flagged: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=dict)  # truth label -> predicted label counts
    errors: list[EvalError] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "wake_only_flagged": self.wake_only_flagged,
            "broken_flagged": self.broken_flagged,
            "unmatched_labels": self.unmatched_labels,
            "unlabelled_clips": self.unlabelled_clips,
            "confusion": {k: dict(v) for k, v in self.confusion.items()},
            "errors": [asdict(e) for e in self.errors],
        }


def evaluate(db: Database, labels: dict[str, str], *, predicted: dict[str, str] | None = None) -> EvalReport:
    """Compare the stored automatic labels (or ``predicted``: {clip id: label}) with ``labels``."""
    rep = EvalReport()
    used: set[str] = set()
    for row in evaluation_rows(db):
        key = next((k for k in (row["vendor_id"], row["id"], row["audio_name"]) if k and k in labels), None)
        if key is None:
            rep.unlabelled_clips += 1
            continue
        used.add(key)
        truth = labels[key]
        pred_label = (predicted or {}).get(row["id"]) if predicted is not None else row.get("auto_label")
        pred_label = pred_label or "unscored"
        rep.confusion.setdefault(truth, Counter())[pred_label] += 1
        flagged = pred_label == "accidental"
        if truth.lower() == BROKEN:
            if flagged:
                rep.broken_flagged += 1
            continue
        positive = is_positive(truth)
        if truth.lower() in WAKE_ONLY and flagged:
            rep.wake_only_flagged += 1
        if positive and flagged:
            rep.tp += 1
        elif positive:
            rep.fn += 1
        elif flagged:
            rep.fp += 1
        else:
            rep.tn += 1
        if positive != flagged:
            rep.errors.append(
                EvalError(
                    id=row["id"],
                    truth=truth,
                    predicted=pred_label,
                    score=row.get("score"),
                    vendor_transcript=row.get("vendor_transcript"),
                    transcript=row.get("transcript"),
                    reasons=json.loads(row["reasons"]) if row.get("reasons") else [],
                )
            )
    rep.unmatched_labels = _unmatched(labels, used)
    return rep


def _unmatched(labels: dict[str, str], used: set[str]) -> int:
    # labels files list each clip under several keys (utterance id and file): count the id-like keys only
    ids = [k for k in labels if not k.lower().endswith((".wav", ".mp3", ".ogg", ".flac"))]
    files = [k for k in labels if k not in ids]
    return len([k for k in (ids or files) if k not in used])


def vendor_only_labels(db: Database) -> dict[str, str]:
    """The baseline a user has without voicehist: flag only what the vendor itself marked."""
    out: dict[str, str] = {}
    for row in evaluation_rows(db):
        ph = vendor_placeholder(row.get("vendor_transcript"))
        kind = str(row.get("vendor_kind") or "").upper()
        marked = ph in ("not_intended", "not_understood") or "DISCARDED" in kind
        out[row["id"]] = "accidental" if marked else "intended"
    return out


__all__ = [
    "EvalError",
    "EvalReport",
    "evaluate",
    "load_labels",
    "vendor_only_labels",
    "is_positive",
    "LabelsError",
]
