"""Acoustic wake-word evidence: the bundled Whisper model asked of real audio whether the wake word starts it."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from voicehist.audio.decode import decode
from voicehist.config import DetectConfig
from voicehist.detect.acoustic import WakeAudio, WakeScorer, sound_alikes

REAL = FIXTURES / "real_voices"
SPEECH = FIXTURES / "speech"


@pytest.fixture(scope="module")
def scorer() -> WakeScorer:
    return WakeScorer()


def _score(scorer: WakeScorer, path: str) -> WakeAudio:
    cfg = DetectConfig()
    words = cfg.wake_words_for("alexa")
    wa = scorer.score(decode(path, 16000).samples, words, sound_alikes(words, cfg.near_misses_for("alexa")))
    assert wa is not None
    return wa


@pytest.mark.parametrize("clip", ["alexa/0.flac", "alexa/8.flac", "alexa/120.flac"])
def test_real_people_saying_alexa(scorer: WakeScorer, clip: str) -> None:
    wa = _score(scorer, str(REAL / clip))
    assert wa.spoken and wa.wake == "Alexa", wa.reason()
    assert wa.reason().startswith("the audio starts with 'Alexa' (")


def test_a_real_computer_is_the_computer_wake_word(scorer: WakeScorer) -> None:
    wa = _score(scorer, str(REAL / "computer" / "computer_000.flac"))
    assert wa.spoken and wa.wake == "Computer"


@pytest.mark.parametrize(
    "clip", ["jarvis/jarvis_000.flac", "view_glass/view_glass_002.flac", "ljspeech/LJ001-0002.flac"]
)
def test_real_speech_without_the_wake_word(scorer: WakeScorer, clip: str) -> None:
    wa = _score(scorer, str(REAL / clip))
    assert not wa.spoken and wa.p_wake < 0.05, wa.reason()


def test_a_name_that_sounds_like_it_is_named(scorer: WakeScorer) -> None:
    """ "Alex, can you pass the salt please": the audio sounds like 'Alex', and the reason says so in words."""
    wa = _score(scorer, str(SPEECH / "acc09_alex_salt.wav"))
    assert not wa.spoken and wa.alike == "Alex"
    assert wa.reason().startswith("the audio sounds like 'Alex', not 'Alexa' (")


def test_evidence_round_trips_through_json() -> None:
    wa = WakeAudio("Alexa", 0.91, "Alexis", 0.04, True)
    assert WakeAudio.from_json(wa.to_json()) == wa
    assert WakeAudio.from_json({"wake": "Alexa"}) is None  # a damaged cache entry is ignored, not trusted


def test_spoken_rates_on_real_voices(scorer: WakeScorer) -> None:
    """The issue's bar on real voices (every 2nd clip of tests/fixtures/real_voices; bench/detect.py --wake-audio
    measures all of them and the held-out files): "spoken" for >= 97 % of real wake words, <= 1 % without."""
    import json

    manifest = json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))[::2]
    said = [_score(scorer, str(REAL / e["file"])).spoken for e in manifest if e.get("wake")]
    unsaid = [_score(scorer, str(REAL / e["file"])).spoken for e in manifest if not e.get("wake")]
    assert len(said) >= 45 and len(unsaid) >= 40
    assert sum(said) / len(said) >= 0.97, f"{sum(said)} of {len(said)}"
    assert sum(unsaid) / len(unsaid) <= 0.01, f"{sum(unsaid)} of {len(unsaid)}"
