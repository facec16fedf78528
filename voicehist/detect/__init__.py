"""Accidental-activation detection: a score 0..1 per clip with human-readable reasons.

``score_clip`` is pure (one clip row + its words -> :class:`Verdict`); ``flag_auto`` scores a whole database
and stores the verdicts in ``flags`` without ever touching the user's own decisions.
"""

from __future__ import annotations

from voicehist.detect.runner import DetectSummary, audio_level_dbfs, flag_auto, pair_roles
from voicehist.detect.scorer import DETECTOR_VERSION, Verdict, score_clip, split_part, vendor_placeholder

__all__ = [
    "score_clip",
    "flag_auto",
    "Verdict",
    "DetectSummary",
    "pair_roles",
    "split_part",
    "vendor_placeholder",
    "audio_level_dbfs",
    "DETECTOR_VERSION",
]
