"""Voices: who was recorded. A speaker embedding per clip's speech, clips grouped into voices, named by the
household, with a stated "may be a child" hint that only the person can confirm.

- :func:`update` analyses the clips that have no embedding yet (decode, Silero VAD, pitch, GE2E embedding; see
  :mod:`voicehist.voices.features`) and gives every clip a voice: a new clip joins the voice whose centre it is
  close enough to (:data:`voicehist.voices.cluster.MERGE`), the rest are grouped among themselves
  (:func:`voicehist.voices.cluster.agglomerate`). Voices the person named, merged or marked keep their number.
- :func:`summary` is what ``voicehist voices``, the app's Voices screen and the report show.
- A voice heard in one clip only is a "one-off" (a guest, the television, or a clip too short to match): listed
  apart, not counted among the household's voices.

Nothing here imports Textual; the heavy parts (numpy model, VAD) load when a clip is analysed.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from voicehist.audio.decode import AudioDecodeError, decode
from voicehist.errors import VoicehistError
from voicehist.store import Database, audio_dir_of
from voicehist.store import voices as vstore
from voicehist.store.records import Voice, VoiceMember
from voicehist.voices.cluster import BATCH, MERGE, agglomerate, confidence, unit
from voicehist.voices.features import analyse
from voicehist.voices.model import MODEL_NAME, weights_path

CHILD_PITCH_HZ = 250.0  # above every adult speaker of the bench (their medians: 96 to 234 Hz; bench/voices.py)
CHILD_MIN_VOICED = 2.0  # seconds of voiced speech before pitch says anything
ADULT_PERSON_TYPE = "ADULT"


class UnknownVoice(VoicehistError):
    """No voice has this number or name (the message lists those there are)."""


@dataclass
class UpdateSummary:
    analysed: int = 0
    failed: int = 0
    new_voices: int = 0
    assigned: int = 0
    named_from_vendor: list[str] = field(default_factory=list)
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def model_name() -> str:
    return MODEL_NAME


def update(
    db: Database,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    limit: int | None = None,
) -> UpdateSummary:
    """Analyse clips without an embedding, then give every clip a voice. Resumable: each clip is saved as done."""
    weights_path()  # EncoderMissing (an actionable message) before any work
    model = model_name()
    out = UpdateSummary()
    todo = vstore.pending_clips(db, model, limit)
    store = audio_dir_of(db)
    for n, clip in enumerate(todo):
        if cancelled and cancelled():
            out.cancelled = True
            break
        try:
            v = analyse(decode(store / clip.audio_path, 16_000).samples)
            feats: dict[str, Any] = {
                "vector": v.embedding,
                "status": v.status,
                "speech_seconds": v.speech_seconds,
                "voiced_seconds": v.voiced_seconds,
                "pitch_hz": v.pitch_hz,
                "centroid_hz": v.centroid_hz,
            }
            out.analysed += 1
        except (AudioDecodeError, ValueError, RuntimeError) as e:
            feats = {"vector": None, "status": "failed", "error": str(e)[:300]}
            out.failed += 1
        vstore.save_embedding(db, clip.id, model, feats)
        if progress:
            progress(n + 1, len(todo))
    assign(db, out)
    out.named_from_vendor = seed_vendor_names(db)
    return out


def assign(db: Database, out: UpdateSummary | None = None) -> None:
    """Give a voice to every clip with an embedding and none yet, and refresh every clip's confidence."""
    out = out or UpdateSummary()
    ids, vecs, current = vstore.embeddings(db, model_name())
    if not ids:
        return
    x = unit(vecs)
    voice_of = {cid: v for cid, v in zip(ids, current, strict=True) if v is not None}
    new = [i for i, v in enumerate(current) if v is None]
    centres = _centres(x, ids, voice_of)
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        left: list[int] = []
        if centres:
            keys = list(centres)
            c = np.stack([centres[k] for k in keys])
            sims = x[batch] @ c.T
            for row, i in enumerate(batch):
                j = int(np.argmax(sims[row]))
                if sims[row, j] >= MERGE:
                    voice_of[ids[i]] = keys[j]
                    out.assigned += 1
                else:
                    left.append(i)
        else:
            left = batch
        if left:
            labels = agglomerate(x[left])
            groups: dict[int, list[int]] = {}
            for i, label in zip(left, labels, strict=True):
                groups.setdefault(label, []).append(i)
            fresh = list(groups.values())
            targets: list[int | None] = []
            for members_ in fresh:  # a whole new group close to a known voice joins it
                centre = unit(x[members_].mean(axis=0))
                best = max(centres.items(), key=lambda kv: float(centre @ kv[1]), default=None)
                targets.append(best[0] if best is not None and float(centre @ best[1]) >= MERGE else None)
            made = iter(vstore.create_voices(db, sum(1 for t in targets if t is None)))
            for members_, t in zip(fresh, targets, strict=True):
                target = t if t is not None else next(made)
                out.new_voices += t is None
                for i in members_:
                    voice_of[ids[i]] = target
                out.assigned += len(members_)
            centres = _centres(x, ids, voice_of)
    centres = _centres(x, ids, voice_of)
    keys = list(centres)
    c = np.stack([centres[k] for k in keys]) if keys else np.zeros((0, x.shape[1]))
    members: dict[str, tuple[int, float]] = {}
    sims_all = x @ c.T if keys else None
    for i, cid in enumerate(ids):
        own = voice_of.get(cid)
        if own is None or sims_all is None:
            continue
        own_idx = keys.index(own)
        row = sims_all[i]
        others = np.delete(row, own_idx)
        members[cid] = (own, confidence(float(row[own_idx]), float(others.max()) if len(others) else None))
    vstore.set_memberships(db, members)


def _centres(x: np.ndarray, ids: list[str], voice_of: dict[str, int]) -> dict[int, np.ndarray]:
    index = {cid: i for i, cid in enumerate(ids)}
    groups: dict[int, list[int]] = {}
    for cid, vid in voice_of.items():
        if cid in index:
            groups.setdefault(vid, []).append(index[cid])
    return {vid: unit(x[g].mean(axis=0)) for vid, g in groups.items()}


def seed_vendor_names(db: Database) -> list[str]:
    """Name unnamed voices after the vendor's own person information (Alexa ``personsInfo``) where most of the
    voice's clips that carry it agree on one first name. Never renames a voice the person named."""
    rows = vstore.voice_rows(db)
    per_voice: dict[int, Counter[tuple[str, str | None]]] = {}
    for m in vstore.voice_members(db):
        for p in vstore.persons_info(m.raw):
            first = str(p.get("personFirstName") or "").strip()
            if first:
                per_voice.setdefault(m.voice_id, Counter())[(first, p.get("personType"))] += 1
    named: list[str] = []
    for vid, counts in per_voice.items():
        voice = rows.get(vid)
        if voice is None or voice.name:
            continue
        (first, ptype), n = counts.most_common(1)[0]
        if n * 2 <= sum(counts.values()) or vstore.voice_named(db, first) is not None:
            continue
        vstore.name_voice(db, vid, first, source="vendor", person_type=str(ptype) if ptype else None)
        named.append(first)
    return named


def child_evidence(pitch_hz: float | None, voiced: float, person_type: str | None) -> str | None:
    """Why a voice may be a child's, in words, or None. Evidence only: the person decides."""
    reasons = []
    if person_type and person_type.upper() != ADULT_PERSON_TYPE:
        reasons.append(f"the vendor's profile for this voice is not an adult profile (personType {person_type})")
    if pitch_hz is not None and voiced >= CHILD_MIN_VOICED and pitch_hz >= CHILD_PITCH_HZ:
        reasons.append(
            f"typical pitch {pitch_hz:.0f} Hz, above {CHILD_PITCH_HZ:.0f} Hz (every adult voice voicehist was"
            " measured on was lower; some adult voices are not)"
        )
    return "; ".join(reasons) or None


def summary(db: Database, include_once: bool = False) -> dict[str, Any]:
    """Every voice with what a person needs to recognise it; one-off voices apart unless ``include_once``."""
    rows = vstore.voice_rows(db)
    by: dict[int, list[VoiceMember]] = {}
    for m in vstore.voice_members(db):
        by.setdefault(m.voice_id, []).append(m)
    voices = []
    once = 0
    for vid, members in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        row = rows.get(vid)
        if len(members) < 2 and not include_once and (row is None or (not row.name and row.child is None)):
            once += 1
            continue
        voices.append(_voice_doc(vid, row, members))
    counts = vstore.status_counts(db)
    return {
        "voices": voices,
        "one_off_clips": once,
        "unanalysed": vstore.count_pending(db, model_name()),
        "no_voice": {
            "too_little_speech": counts.get("too_short", 0) + counts.get("no_speech", 0),
            "failed": counts.get("failed", 0),
            "no_audio": counts.get("no_audio", 0),
        },
        "model": model_name(),
    }


def _voice_doc(vid: int, row: Voice | None, members: list[VoiceMember]) -> dict[str, Any]:
    times = sorted(m.recorded_at for m in members if m.recorded_at)
    pitches = [m.pitch_hz for m in members if m.pitch_hz]
    cents = [m.centroid_hz for m in members if m.centroid_hz]
    voiced = sum(m.voiced_seconds or 0 for m in members)
    pitch = statistics.median(pitches) if pitches else None
    playable = [m for m in members if m.audio_path and not m.audio_problem]
    sample = max(playable, key=lambda m: (m.voice_confidence or 0, -(m.number or 0)), default=None)
    accidental = sum(1 for m in members if m.accidental)
    name = row.name if row else None
    evidence = child_evidence(pitch, voiced, row.vendor_person_type if row else None)
    child = row.child if row else None
    return {
        "id": vid,
        "name": name,
        "label": name or f"voice {vid}",
        "name_source": row.name_source if row else None,
        "clips": len(members),
        "devices": sorted(Counter(m.device or "(no device)" for m in members)),
        "first": times[0] if times else None,
        "last": times[-1] if times else None,
        "pitch_hz": round(pitch) if pitch else None,
        "centroid_hz": round(statistics.median(cents)) if cents else None,
        "sample": sample.number if sample else None,
        "samples": [m.number for m in sorted(playable, key=lambda m: -(m.voice_confidence or 0))[:5]],
        "confidence": round(statistics.mean(m.voice_confidence or 0 for m in members), 3),
        "accidental": accidental,
        "may_be_child": evidence is not None,
        "child_evidence": evidence,
        "child": None if child is None else bool(child),
        "vendor_person_type": row.vendor_person_type if row else None,
    }


def resolve(db: Database, typed: str) -> int:
    """A voice from what a person typed: its number (``3``, ``V3``, ``voice 3``) or its name (any case)."""
    text = typed.strip()
    rows = vstore.voice_rows(db)
    low = text.lower()
    for prefix in ("voice ", "v"):
        if low.startswith(prefix) and low[len(prefix) :].strip().isdigit():
            low = low[len(prefix) :].strip()
            break
    if low.isdigit() and int(low) in rows:
        return int(low)
    vid = vstore.voice_named(db, text)
    if vid is not None:
        return vid
    named = [f"{r.name} ({i})" for i, r in rows.items() if r.name]
    known = ", ".join(named) if named else "none named yet"
    raise UnknownVoice(
        f"no voice is called or numbered {text!r}; named voices: {known}. `voicehist voices` lists them all"
    )


def rename(db: Database, typed: str, name: str) -> int:
    vid = resolve(db, typed)
    clean = " ".join(name.split())
    if not clean or len(clean) > 60:
        raise VoicehistError("a voice's name must be 1 to 60 characters")
    if clean.isdigit() or (clean[:1] in "vV" and clean[1:].isdigit()):
        raise VoicehistError(f"{clean!r} looks like a voice number; give a name with letters")
    other = vstore.voice_named(db, clean)
    if other is not None and other != vid:
        raise VoicehistError(
            f"voice {other} is already called {clean!r}; if it is the same person: voicehist voices merge {other} {vid}"
        )
    vstore.name_voice(db, vid, clean)
    return vid


def merge(db: Database, keep_typed: str, gone_typed: str) -> tuple[int, int, int]:
    keep, gone = resolve(db, keep_typed), resolve(db, gone_typed)
    if keep == gone:
        raise VoicehistError("a voice cannot be merged with itself")
    moved = vstore.merge_voices(db, keep, gone)
    assign(db)  # confidences against the merged centre
    return keep, gone, moved


def split(db: Database, typed: str) -> tuple[int, int | None, int]:
    """Split a voice in two where its clips are least alike; returns (voice, new voice or None, clips moved)."""
    vid = resolve(db, typed)
    ids, vecs, current = vstore.embeddings(db, model_name())
    mine = [i for i, v in enumerate(current) if v == vid]
    if len(mine) < 2:
        return vid, None, 0
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    x = unit(vecs[mine]).astype(np.float64)
    labels = fcluster(linkage(np.clip(pdist(x, metric="cosine"), 0, 2), method="average"), t=2, criterion="maxclust")
    sizes = Counter(labels.tolist())
    if len(sizes) < 2:
        return vid, None, 0
    smaller = min(sizes, key=lambda g: (sizes[g], g))
    moving = [ids[mine[k]] for k, g in enumerate(labels.tolist()) if g == smaller]
    (new_vid,) = vstore.create_voices(db, 1)
    vstore.move_clips(db, moving, new_vid)
    assign(db)
    return vid, new_vid, len(moving)


def mark_child(db: Database, typed: str, child: bool | None) -> int:
    vid = resolve(db, typed)
    vstore.mark_child(db, vid, child)
    return vid


def coppa_voice(db: Database, typed: str | None) -> int:
    """The voice a COPPA request is for: one the person marked as their child's (never voicehist's guess)."""
    if not typed:
        raise VoicehistError(
            "a COPPA request is a parent's request for a child's recordings: add --voice NAME, a voice you marked as "
            "your child's (`voicehist voices` lists them; `voicehist voices child NAME` marks one)"
        )
    vid = resolve(db, typed)
    row = vstore.voice_rows(db).get(vid)
    if row is None or not row.child:
        raise VoicehistError(
            f"voice {vid} is not marked as your child's; if it is: voicehist voices child {vid} (only you can say so)"
        )
    return vid


def clips_of(db: Database, typed: str) -> tuple[int, list[str]]:
    vid = resolve(db, typed)
    return vid, vstore.clip_ids_of_voice(db, vid)


__all__ = [
    "UnknownVoice",
    "UpdateSummary",
    "update",
    "assign",
    "summary",
    "resolve",
    "rename",
    "merge",
    "split",
    "mark_child",
    "clips_of",
    "coppa_voice",
    "child_evidence",
]
