"""Forgetting clips: their audio and transcripts leave voicehist's store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlite_utils import Database

from voicehist.store import audio_dir_of
from voicehist.store.queries import _chunks


@dataclass
class ForgetSummary:
    clips: int = 0
    audio_files_removed: int = 0
    transcripts_removed: int = 0
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def forget_clips(db: Database, ids: Sequence[str]) -> ForgetSummary:
    """Remove clips' audio files and local transcripts from voicehist's own store.

    The clip rows stay (time, device, vendor transcript and vendor id are what a deletion request needs);
    their audio path, local transcript and words go. An audio file shared with a clip that is not being
    forgotten is kept. Nothing at the vendor changes: this is about voicehist's copy only.
    """
    summary = ForgetSummary()
    store = audio_dir_of(db)
    wanted = list(dict.fromkeys(ids))
    files: set[str] = set()
    with db.atomic():
        for chunk in _chunks(wanted):
            marks = ", ".join("?" for _ in chunk)
            rows = {r[0]: r[1] for r in db.execute(f"SELECT id, audio_path FROM clips WHERE id IN ({marks})", chunk)}
            summary.missing.extend(c for c in chunk if c not in rows)
            present = [c for c in chunk if c in rows]
            if not present:
                continue
            marks = ", ".join("?" for _ in present)
            files.update(p for p in rows.values() if p)
            tids = [r[0] for r in db.execute(f"SELECT id FROM transcripts WHERE clip_id IN ({marks})", present)]
            for tchunk in _chunks([str(t) for t in tids]):
                tm = ", ".join("?" for _ in tchunk)
                db.execute(f"DELETE FROM words WHERE transcript_id IN ({tm})", list(tchunk))
            db.execute(f"UPDATE clips SET transcript_id = NULL WHERE id IN ({marks})", present)
            summary.transcripts_removed += db.execute(
                f"DELETE FROM transcripts WHERE clip_id IN ({marks})", present
            ).rowcount
            db.execute(
                f"UPDATE clips SET audio_path = NULL, transcript = NULL, transcript_status = 'no_audio',"
                f" transcript_error = NULL, selected = 0 WHERE id IN ({marks})",
                present,
            )
            summary.clips += len(present)
        still_used = {
            r[0]
            for chunk in _chunks(sorted(files))
            for r in db.execute(
                f"SELECT DISTINCT audio_path FROM clips WHERE audio_path IN ({', '.join('?' for _ in chunk)})",
                list(chunk),
            )
        }
    for rel in sorted(files - still_used):
        target = store / rel
        try:
            if target.resolve().is_relative_to(store.resolve()) and target.exists():
                target.unlink()
                summary.audio_files_removed += 1
        except OSError:
            pass
    return summary
