"""Real voices packed together keep their own sentences: real crowd-sourced "Alexa" recordings (Picovoice
wake-word benchmark) each followed by a real read sentence (LibriSpeech), packed into shared windows with the
real bundled model. Three such clips once came out as "Alexa Alexa": the decoder wrote the wake word again
instead of the sentence (the few words left the speech uncovered, and the no-speech rule returned them
unchecked), so the person's words were lost. Each packed transcript must now hold most of the words the same
clip gives decoded alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.transcribe.conftest import norm
from voicehist.audio.decode import decode
from voicehist.transcribe.packing import transcribe_clips

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
WAKE = REPO / "tests" / "fixtures" / "real_voices" / "alexa"
READ = REPO / "bench" / "data" / "voices" / "household"
PAIRS = [  # (wake word recording, read sentence): the six of the walk that found the bug
    ("130.flac", "1688-142285-0000.flac"),
    ("146.flac", "1998-15444-0001.flac"),
    ("150.flac", "2033-164914-0002.flac"),
    ("154.flac", "2414-128291-0003.flac"),
    ("132.flac", "2609-156975-0004.flac"),
    ("136.flac", "3005-163389-0005.flac"),
]


def _clip(wake: str, read: str) -> np.ndarray:
    a, b = decode(WAKE / wake, 16_000).samples, decode(READ / read, 16_000).samples
    silence = np.zeros
    return np.concatenate([silence(3200, np.float32), a, silence(2400, np.float32), b]).astype(np.float32)


def test_real_wake_word_clips_packed_keep_their_sentences(fw_engine) -> None:
    audios = [_clip(w, r) for w, r in PAIRS]
    packed = transcribe_clips(fw_engine, audios, pack=True)
    alone = transcribe_clips(fw_engine, audios, pack=False)
    for p, a in zip(packed, alone, strict=True):
        words_alone = norm(a.text).split()[1:]  # the sentence, after the wake word
        assert len(words_alone) >= 3, a.text
        kept = set(norm(p.text).split())
        share = sum(w in kept for w in words_alone) / len(words_alone)
        assert share >= 0.5, (p.text, a.text)
        assert norm(p.text).split().count("alexa") <= 1, p.text
