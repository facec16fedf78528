"""Measuring the detector against labelled exports: precision, recall, F1, a confusion table, every error.

Labels are kept outside the export (a JSON or CSV file), so any export can be scored: a mapping
``{key: label}`` or a list of ``{"utterance_id"|"file"|"id": ..., "label": ...}`` (CSV: those column names), where a
key matches a clip's vendor id, id or audio file name. Accidental labels: ``accidental``, ``noise`` (also
true/1/yes); anything else (``intended``, ``wake_only``, ``not_accidental``...) is not accidental; ``broken``
marks clips whose audio was damaged on purpose (they must not be flagged unless the vendor marked them).

:func:`write_alexa_export` turns the labelled speech corpus (tests/fixtures/speech) into an Amazon
request-your-data folder (CSV voice-history table + WAVs), with split pairs sharing an utteranceId stem.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from voicehist.detect.scorer import vendor_placeholder
from voicehist.errors import VoicehistError

POSITIVE = {"accidental", "noise", "true", "1", "yes", "accidental_activation", "false_wake"}
WAKE_ONLY = {"wake_only", "wake_word_only"}
BROKEN = "broken"

CSV_HEADER = [
    "Timestamp (UTC)",
    "Device",
    "Utterance Type",
    "Customer Transcript",
    "Alexa Response",
    "Utterance ID",
    "Audio File",
]
DEVICES = ("Kitchen Echo Dot", "Living Room Echo")
DEVICE_TYPE = "A3S5BH2HU6VAYF"
SERIAL = "G090LF1186470KQ7"


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


def _utterance_id(when: _dt.datetime, stem_seed: str, part: int | None) -> str:
    u = hashlib.sha1(stem_seed.encode()).hexdigest()
    uid = f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}"
    base = f"{DEVICE_TYPE}:1.0/{when:%Y/%m/%d/%H}/{SERIAL}/{when:%M:%S}::TNIH_2V.{uid}LPM"
    return base if part is None else f"{base}/{part}"


def write_alexa_export(
    corpus_dir: str | Path,
    out_dir: str | Path,
    *,
    labels_path: str | Path | None = None,
    start: str = "2026-03-01T08:00:00Z",
    broken: int = 0,
    split_ids: bool = True,
) -> Path:
    """Write the corpus as an Alexa request-your-data folder at ``out_dir``; return the labels file path.

    ``split_ids=False`` gives the two halves of a split pair unrelated utteranceIds (no ``/0``, ``/1``), as some
    exports do; the detector must then pair them by device and time.
    ``broken``: add this many clips with damaged audio (half of them carrying the vendor's
    "not intended" marker, labelled accidental; the others unmarked, labelled ``broken``).
    """
    corpus = Path(corpus_dir)
    manifest: list[dict[str, Any]] = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    out = Path(out_dir)
    table_dir = out / "Alexa" / "Alexa.VoiceHistory"
    table_dir.mkdir(parents=True, exist_ok=True)
    t0 = _dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    rows: list[list[str]] = []
    labels: list[dict[str, Any]] = []
    slots: dict[str, tuple[_dt.datetime, str]] = {}
    for i, e in enumerate(manifest):
        stem = e.get("pair") or Path(e["file"]).stem
        if stem not in slots:
            slots[stem] = (t0 + _dt.timedelta(hours=7 * len(slots), minutes=13 * i), DEVICES[len(slots) % len(DEVICES)])
        when, device = slots[stem]
        part: int | None = None
        if e.get("pair"):
            part = 0 if e["label"] in WAKE_ONLY else 1
            when = when + _dt.timedelta(seconds=6 * part)
        if split_ids or part is None:
            uid = _utterance_id(when if part != 1 else when - _dt.timedelta(seconds=6), stem, part)
        else:
            uid = _utterance_id(when, f"{stem}#{part}", None)
        audio_name = f"{when:%Y-%m-%d_%H-%M-%S}_{hashlib.sha1(uid.encode()).hexdigest()[:8]}.wav"
        shutil.copyfile(corpus / e["file"], table_dir / audio_name)
        response = "" if e["label"] != "intended" else "OK."
        rows.append(
            [
                when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                device,
                e.get("utterance_type") or "GENERAL",
                e.get("vendor_transcript") or "",
                response,
                uid,
                audio_name,
            ]
        )
        labels.append({"utterance_id": uid, "audio_file": audio_name, "label": e["label"], "source": e["file"]})
    for j in range(broken):
        when = t0 + _dt.timedelta(days=30, hours=j)
        uid = _utterance_id(when, f"broken{j}", None)
        audio_name = f"{when:%Y-%m-%d_%H-%M-%S}_broken{j}.wav"
        # a WAV header that promises more than it holds, then garbage
        (table_dir / audio_name).write_bytes(b"RIFF\xff\xff\x00\x00WAVEfmt " + bytes(range(7, 40)) * 3)
        marked = j % 2 == 1
        rows.append(
            [
                when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                DEVICES[0],
                "GENERAL",
                "audio was not intended for this device" if marked else "turn off the hallway light",
                "",
                uid,
                audio_name,
            ]
        )
        labels.append(
            {"utterance_id": uid, "audio_file": audio_name, "label": "accidental" if marked else BROKEN, "source": None}
        )
    with open(table_dir / "Alexa.VoiceHistory.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_HEADER)
        rows.sort(key=lambda r: r[0])
        w.writerows(rows)
    (out / "README.txt").write_text("Your Alexa voice history (a labelled test export made by voicehist).\n")
    lp = Path(labels_path) if labels_path else out.parent / f"{out.name}.labels.json"
    lp.write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return lp


def write_google_takeout(
    corpus_dir: str | Path,
    out_dir: str | Path,
    *,
    labels_path: str | Path | None = None,
    start: str = "2026-04-01T09:00:00Z",
) -> Path:
    """Write a Google clip folder (manifest entries with ``said`` and ``hotword``) as a Takeout export:
    ``Takeout/My Activity/Assistant/MyActivity.json`` with the mp3s beside it. Returns the labels file path."""
    corpus = Path(corpus_dir)
    manifest: list[dict[str, Any]] = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    folder = Path(out_dir) / "Takeout" / "My Activity" / "Assistant"
    folder.mkdir(parents=True, exist_ok=True)
    t0 = _dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    entries: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    for i, e in enumerate(manifest):
        when = t0 + _dt.timedelta(hours=i, seconds=17 * i)
        name = when.strftime("%Y-%m-%d_%H_%M_%S_000_UTC") + Path(e["file"]).suffix
        shutil.copyfile(corpus / e["file"], folder / name)
        entry: dict[str, Any] = {
            "header": "Assistant",
            "title": f"Said {e['said']}" if e.get("said") else "Used Assistant",
            "time": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "products": ["Assistant"],
            "audioFiles": [name],
        }
        if e.get("hotword"):
            entry["details"] = [{"name": "Started by hotword"}]
        entries.append(entry)
        labels.append({"audio_file": name, "label": e["label"], "source": e["file"]})
    (folder / "MyActivity.json").write_text(json.dumps(entries, indent=1), encoding="utf-8")
    out = Path(out_dir)
    lp = Path(labels_path) if labels_path else out.parent / f"{out.name}.labels.json"
    lp.write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return lp


def write_export(corpus_dir: str | Path, out_dir: str | Path, **kw: Any) -> Path:
    """A Google Takeout for a Google clip folder, else an Alexa archive (see the two writers)."""
    manifest = json.loads((Path(corpus_dir) / "manifest.json").read_text(encoding="utf-8"))
    if manifest and all("hotword" in m for m in manifest):
        return write_google_takeout(corpus_dir, out_dir, labels_path=kw.get("labels_path"))
    return write_alexa_export(corpus_dir, out_dir, **kw)


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
    errors: list[dict[str, Any]] = field(default_factory=list)

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
            "errors": self.errors,
        }


def evaluation_rows(db: Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT id, vendor_id, audio_name, vendor_transcript, vendor_kind, transcript, audio_problem,"
            " duration, score, auto_label, reasons FROM clip_view ORDER BY id"
        )
    )


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
                {
                    "id": row["id"],
                    "truth": truth,
                    "predicted": pred_label,
                    "score": row.get("score"),
                    "vendor_transcript": row.get("vendor_transcript"),
                    "transcript": row.get("transcript"),
                    "reasons": json.loads(row["reasons"]) if row.get("reasons") else [],
                }
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
    "EvalReport",
    "evaluate",
    "load_labels",
    "write_alexa_export",
    "write_google_takeout",
    "write_export",
    "vendor_only_labels",
    "is_positive",
    "LabelsError",
]
