"""Play a clip with simpleaudio, off the UI thread, knowing where it is.

simpleaudio plays a buffer on its own thread; :class:`Player` takes a clip already decoded
(:func:`voicehist.audio.decode.decode`, so the caller decodes once for both the level line and playback),
resamples it to a rate the sound card accepts, starts playback and reports the position from a clock
(injectable for tests), so the UI can highlight the word being spoken. With no sound device it raises
:class:`PlaybackError` with a clear message; ALSA's own error chatter is silenced so it cannot scribble over a
terminal UI.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from voicehist.audio.decode import Decoded
from voicehist.errors import VoicehistError

SUPPORTED_RATES = (8000, 11025, 16000, 22050, 32000, 44100, 48000)


class PlaybackError(VoicehistError):
    """The clip cannot be played (no sound device, no audio, undecodable audio)."""


_alsa_quiet_done = False
_alsa_handler: Any = None


def silence_alsa() -> None:
    """Install a no-op ALSA error handler (ALSA otherwise prints to fd 2, where a TUI draws)."""
    global _alsa_quiet_done, _alsa_handler
    if _alsa_quiet_done:
        return
    _alsa_quiet_done = True
    name = ctypes.util.find_library("asound")
    if not name:
        return
    try:
        lib = ctypes.CDLL(name)
        handler_type = ctypes.CFUNCTYPE(
            None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        )
        _alsa_handler = handler_type(lambda *_: None)
        lib.snd_lib_error_set_handler(_alsa_handler)
    except (OSError, AttributeError):
        pass


@dataclass(frozen=True)
class PlayerStatus:
    clip_id: str | None
    position: float
    duration: float
    playing: bool


def to_pcm16(d: Decoded) -> tuple[bytes, int]:
    """Resample to a supported rate when needed and convert to 16-bit PCM bytes."""
    if d.sample_rate not in SUPPORTED_RATES:
        target = min(SUPPORTED_RATES, key=lambda r: (r < d.sample_rate, abs(r - d.sample_rate)))
        d = d.resampled(target)
    pcm = np.clip(d.samples, -1.0, 1.0)
    return (pcm * 32767.0).astype("<i2").tobytes(), d.sample_rate


class Player:
    """One clip at a time. Thread-safe: ``play`` may be called from a worker thread."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._play_obj: Any = None
        self._started = 0.0
        self._offset = 0.0
        self._duration = 0.0
        self._clip_id: str | None = None
        self._decoded: Decoded | None = None
        self._stopped_at: float | None = None

    # -- control -------------------------------------------------------------------------------
    def play(self, decoded: Decoded, clip_id: str | None = None, start: float = 0.0) -> float:
        """Start playing ``decoded`` from ``start`` seconds; returns the clip's duration."""
        if len(decoded.samples) == 0:
            raise PlaybackError("this clip has no audio (the recording holds no samples)")
        data, rate = to_pcm16(decoded)
        first = max(0, min(int(start * rate), len(data) // 2)) * 2
        silence_alsa()
        import simpleaudio

        self.stop()
        try:
            obj = simpleaudio.play_buffer(data[first:], 1, 2, rate)
        except Exception as e:  # simpleaudio raises its own SimpleaudioError from C
            raise PlaybackError(
                "no sound device available: cannot play audio here "
                f"({str(e).split('--')[0].strip() or type(e).__name__})"
            ) from e
        with self._lock:
            self._play_obj = obj
            self._started = self._clock()
            self._offset = first / 2 / rate
            self._duration = decoded.duration
            self._clip_id = clip_id
            self._decoded = decoded
            self._stopped_at = None
        return decoded.duration

    def stop(self) -> None:
        with self._lock:
            obj = self._play_obj
            if obj is not None:
                self._stopped_at = self._position_locked()
            self._play_obj = None
        if obj is not None:
            try:
                obj.stop()
            except Exception:  # noqa: BLE001 - stopping a finished stream must never fail
                pass

    def replay(self) -> float:
        if self._decoded is None:
            raise PlaybackError("nothing has been played yet")
        return self.play(self._decoded, self._clip_id)

    # -- state ---------------------------------------------------------------------------------
    def _position_locked(self) -> float:
        if self._play_obj is None:
            return self._stopped_at or 0.0
        return min(self._duration, self._offset + self._clock() - self._started)

    def status(self) -> PlayerStatus:
        with self._lock:
            pos = self._position_locked()
            playing = self._play_obj is not None and pos < self._duration
            return PlayerStatus(self._clip_id, pos, self._duration, playing)

    @property
    def clip_id(self) -> str | None:
        return self._clip_id
