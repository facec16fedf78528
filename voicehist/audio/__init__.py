"""Audio: recognition and probing by content (``probe``); decoding and playback live beside it."""

from __future__ import annotations

from voicehist.audio.probe import AudioInfo, AudioProblem, probe, sniff

__all__ = ["AudioInfo", "AudioProblem", "probe", "sniff"]
