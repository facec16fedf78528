"""Recognise audio by its content and probe it with soundfile (libsndfile: WAV, MP3, OGG, FLAC).

``probe(data)`` decodes the whole clip once, so a corrupt or truncated file is caught at import time rather
than when the user presses play.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass

AUDIO_EXTENSIONS = {".wav", ".wave", ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".amr", ".webm"}
EXT_OF_FORMAT = {"WAV": "wav", "MP3": "mp3", "OGG": "ogg", "FLAC": "flac"}
# what a voice recording can be: a header outside these is refused by name (a 40 KB WAV that declares 1 Hz
# would otherwise count as hours of audio, and be resampled into gigabytes)
MIN_RATE = 4_000
MAX_RATE = 384_000
MAX_CHANNELS = 32
MAX_SECONDS = 4 * 3600


def implausible(rate: int, channels: int, frames: int | None) -> str | None:
    """Why a header's rate, channels or length cannot be a voice recording (None when they can)."""
    if not MIN_RATE <= rate <= MAX_RATE:
        return f"implausible sample rate: {rate} Hz (voice audio is {MIN_RATE:,} to {MAX_RATE:,} Hz)"
    if not 1 <= channels <= MAX_CHANNELS:
        return f"implausible channel count: {channels}"
    if frames is not None and frames / rate > MAX_SECONDS:
        return f"implausibly long: {frames / rate / 3600:.1f} hours (at most {MAX_SECONDS // 3600} hours are read)"
    return None


class AudioProblem(Exception):
    """The bytes are not usable audio; the message says why, in a few words."""


@dataclass(frozen=True)
class AudioInfo:
    format: str  # WAV | MP3 | OGG | FLAC
    duration: float
    sample_rate: int
    channels: int
    problem: str | None = None  # decodable, but something is off (e.g. truncated)


def sniff(head: bytes) -> str | None:
    """The audio container from the first bytes, or None when it is not audio we know."""
    if len(head) >= 12 and head[:4] in (b"RIFF", b"RIFX", b"RF64") and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"OggS":
        return "OGG"
    if head[:4] == b"fLaC":
        return "FLAC"
    if head[:3] == b"ID3":
        return "MP3"
    if len(head) >= 3 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        # an MPEG audio frame header: sync, a real version, layer II/III, a usable bitrate and sample rate
        # (this also keeps a UTF-16 byte-order mark, FF FE, from passing for audio)
        version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
        bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
        if version != 1 and layer in (1, 2) and bitrate not in (0, 15) and rate != 3:
            return "MP3"
    return None


def looks_like_audio_name(name: str) -> bool:
    dot = name.rfind(".")
    return dot >= 0 and name[dot:].lower() in AUDIO_EXTENSIONS


def _wav_truncation(data: bytes) -> str | None:
    """For RIFF/WAVE: does the data chunk promise more bytes than the file has?"""
    if data[:4] != b"RIFF":
        return None
    pos = 12
    while pos + 8 <= len(data):
        cid = data[pos : pos + 4]
        (size,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        if cid == b"data":
            have = len(data) - (pos + 8)
            if size != 0xFFFFFFFF and size > have:
                return f"truncated: the WAV header promises {size} bytes of audio, the file has {have}"
            return None
        pos += 8 + size + (size & 1)
    return "truncated: no audio data chunk"


def probe(data: bytes) -> AudioInfo:
    """Decode ``data`` fully; raise :class:`AudioProblem` when it is empty, fake or corrupt."""
    import numpy as np
    import soundfile as sf

    if not data:
        raise AudioProblem("empty file (0 bytes)")
    fmt = sniff(data[:16])
    if fmt is None:
        if data[4:8] == b"ftyp":
            raise AudioProblem("MP4/M4A audio cannot be read here; convert it to WAV, MP3, OGG or FLAC")
        raise AudioProblem("not audio: the content is no WAV, MP3, OGG or FLAC")
    try:
        with _quiet_stderr(fmt == "MP3"), sf.SoundFile(io.BytesIO(data)) as f:
            rate = int(f.samplerate)
            channels = int(f.channels)
            declared = int(f.frames) if 0 < f.frames < 2**62 else None  # MP3 and streams may not say
            why = implausible(rate, channels, declared)
            if why:
                raise AudioProblem(why)
            frames = 0
            for block in f.blocks(blocksize=65536, dtype="int16", always_2d=True):
                frames += len(block)
                if frames > MAX_SECONDS * rate:
                    raise AudioProblem(implausible(rate, channels, frames) or "implausibly long")
                if not np.isfinite(block).all():  # pragma: no cover - int16 is always finite
                    raise AudioProblem("corrupt samples")
    except AudioProblem:
        raise
    except (sf.LibsndfileError, RuntimeError, ValueError, TypeError, EOFError) as e:
        raise AudioProblem(f"cannot be decoded as {fmt}: {_short(e)}") from e
    if rate <= 0 or channels <= 0:
        raise AudioProblem(f"{fmt} header is invalid (rate {rate}, channels {channels})")
    if frames == 0:
        raise AudioProblem(f"{fmt} file holds no audio samples")
    problem = _wav_truncation(data) if fmt == "WAV" else None
    return AudioInfo(format=fmt, duration=frames / rate, sample_rate=rate, channels=channels, problem=problem)


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def _quiet_stderr(active: bool) -> Iterator[None]:
    """libmpg123 prints resync notes straight to file descriptor 2, which would garble a terminal UI and the
    CLI's output: while decoding MP3, point fd 2 at /dev/null."""
    if not active:
        yield
        return
    with _STDERR_LOCK:
        try:
            saved = os.dup(2)
        except OSError:
            yield
            return
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 2)
            finally:
                os.close(devnull)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _short(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    text = re.sub(r"^Error opening <[^>]*>: ", "", text)
    text = text.replace("File does not exist or is not a regular file (possibly a pipe?).", "no valid audio stream")
    return text[:160]
