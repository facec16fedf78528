"""Acoustic wake-word evidence: the bundled Whisper model asked of real audio whether the wake word starts it."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import FIXTURES
from tests.fixture_exports import mix_under, voice_level
from voicehist.audio.decode import decode
from voicehist.config import DetectConfig
from voicehist.detect.acoustic import WakeAudio, WakeScorer, loudest_onset, sound_alikes

REAL = FIXTURES / "real_voices"
SPEECH = FIXTURES / "speech"


@pytest.fixture(scope="module")
def scorer() -> WakeScorer:
    return WakeScorer()


def _score(scorer: WakeScorer, path: str) -> WakeAudio:
    return _score_samples(scorer, decode(path, 16000).samples)


def _words() -> tuple[list[str], list[str]]:
    cfg = DetectConfig()
    words = cfg.wake_words_for("alexa")
    return words, sound_alikes(words, cfg.near_misses_for("alexa"))


def _score_samples(scorer: WakeScorer, samples: object) -> WakeAudio:
    wa = scorer.score(samples, *_words())  # type: ignore[arg-type]
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


@pytest.mark.parametrize("db", [20, 15])
def test_a_real_alexa_over_a_voice_already_talking_is_found_where_the_loudest_voice_starts(
    scorer: WakeScorer, db: float
) -> None:
    """File 10's "Alexa" starts 0.7 s in; a real reading under it from the first instant (15-20 dB below it) is
    what the clip's start holds, and the start alone says no wake word (P <= 0.004). Scored again from where the
    loudest voice starts, the audio has it."""
    x = decode(str(REAL / "alexa" / "10.flac"), 16000).samples
    bg = decode(str(REAL / "ljspeech" / "LJ001-0002.flac"), 16000).samples
    mixed = mix_under(x, bg, voice_level(x), db)
    start_only = scorer._score_window(mixed, *_words())
    assert not start_only.spoken and start_only.p_wake < 0.01
    wa = _score_samples(scorer, mixed)
    assert wa.spoken and wa.wake == "Alexa" and 0.3 <= wa.start <= 0.6, wa
    assert wa.reason().startswith("the audio has 'Alexa' (")
    assert "where the loudest voice starts, at 0.4 s" in wa.reason()


def test_a_real_alexa_said_a_moment_after_another_voice_is_found_by_stepping_through_the_start(
    scorer: WakeScorer,
) -> None:
    """File 22's "Alexa" starts 0.7 s in; with a real reading 15 dB below it from the first instant, neither the
    clip's start nor the loudest voice's onset (0.4 s) says "spoken" (P <= 0.02); a window starting 0.75 s in,
    stepping through the first seconds, does."""
    x = decode(str(REAL / "alexa" / "22.flac"), 16000).samples
    bg = decode(str(REAL / "ljspeech" / "LJ001-0002.flac"), 16000).samples
    mixed = mix_under(x, bg, voice_level(x), 15)
    words, alikes = _words()
    assert not scorer._score_window(mixed, words, alikes).spoken
    onset = loudest_onset(mixed)
    assert 0.3 <= onset <= 0.5 and not scorer._score_window(mixed[int(onset * 16000) :], words, alikes).spoken
    wa = _score_samples(scorer, mixed)
    assert wa.spoken and wa.wake == "Alexa" and wa.start == 0.75 and wa.found_by == "scan", wa
    assert wa.reason().startswith("the audio has 'Alexa' (")
    assert wa.reason().endswith("0.75 s in, after a quieter voice or silence")
    back = WakeAudio.from_json(wa.to_json())
    assert back is not None and back.to_json() == wa.to_json() and back.found_by == "scan" and back.start == 0.75


def test_the_loudest_voice_onset() -> None:
    rng = np.random.default_rng(0)
    quiet = 0.003 * rng.standard_normal(16000).astype(np.float32)  # 1 s of a far voice, 30 dB down
    loud = 0.3 * np.sin(np.arange(16000) * 2 * np.pi * 220 / 16000).astype(np.float32)
    # the first 100 ms window within 6 dB of the loudest starts at 0.93 s (a quarter of it tone), less 0.25 s
    assert loudest_onset(np.concatenate([quiet, loud])) == pytest.approx(0.68, abs=0.02)
    assert loudest_onset(np.zeros(32000, dtype=np.float32)) == 0.0
    assert loudest_onset(loud) == 0.0


@pytest.mark.parametrize(("clip", "db"), [("alexa/18.flac", 15), ("alexa/82.flac", 15)])
def test_a_real_alexa_under_another_voice_is_unsure_not_a_no(scorer: WakeScorer, clip: str, db: float) -> None:
    """A real "Alexa" with a real person reading 15-20 dB below it from the same instant (a TV in the room): the
    audio cannot say "spoken" (P < 0.05), and it must not say "no wake word" either (issue 18: such clips went into
    deletion letters). bench/detect.py --real --background-db measures it over every clip."""
    x = decode(str(REAL / clip), 16000).samples
    bg = decode(str(REAL / "ljspeech" / "LJ001-0002.flac"), 16000).samples
    wa = _score_samples(scorer, mix_under(x, bg, voice_level(x), db))
    assert not wa.spoken and wa.unsure, wa.reason()
    assert "faintly" in wa.reason() and wa.reason().endswith("not counted either way")


@pytest.mark.parametrize("clip", ["jarvis/jarvis_000.flac", "view_glass/view_glass_002.flac"])
def test_real_speech_under_another_voice_is_still_a_no(scorer: WakeScorer, clip: str) -> None:
    x = decode(str(REAL / clip), 16000).samples
    bg = decode(str(REAL / "ljspeech" / "LJ001-0002.flac"), 16000).samples
    wa = _score_samples(scorer, mix_under(x, bg, voice_level(x), 15))
    assert not wa.spoken and not wa.unsure and not wa.sound_alike, wa.reason()
    assert wa.reason().startswith("the audio does not start with a wake word")


def test_evidence_round_trips_through_json() -> None:
    wa = WakeAudio("Alexa", 0.91, "Alexis", 0.04, True)
    assert WakeAudio.from_json(wa.to_json()) == wa
    later = WakeAudio("Alexa", 0.39, "Alex", 0.01, True, start=0.42, found_by="onset")
    assert WakeAudio.from_json(later.to_json()) == later
    # an answer stored before the scan existed (a start, no found_by) was the loudest voice's onset
    assert WakeAudio.from_json({**later.to_json(), "found_by": None}) == later
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


@pytest.mark.parametrize("clip", ["alexa/4.flac", "alexa/16.flac"])
def test_a_sentence_running_into_alexa_at_the_same_level_is_not_found_by_the_scan(
    scorer: WakeScorer, clip: str
) -> None:
    """0.7 s of a real reading, then a real "Alexa" at the same level, as one person's "... and then Alexa": the
    scan's window at the word said "spoken" (0.44-0.62) before its bar on the sound before it (another, quieter
    voice: a TV in the room) existed. A name said inside a sentence is not a wake-up hidden by a TV."""
    reading = decode(str(REAL / "ljspeech" / "LJ001-0002.flac"), 16000).samples[16000 : 16000 + 11200]
    alexa = decode(str(REAL / clip), 16000).samples
    loud = np.nonzero(np.abs(alexa) > voice_level(alexa) / 10)[0]
    alexa = alexa[max(0, loud[0] - 400) : loud[-1] + 400]  # the word, without the recording's own silences
    clip_x = np.concatenate([reading * (voice_level(alexa) / voice_level(reading)), alexa]).astype(np.float32)
    trace: list[tuple[float, WakeAudio]] = []
    wa = scorer.score(clip_x, *_words(), trace=trace)
    assert wa is not None
    assert not wa.spoken, wa.reason()
    assert not any(w.spoken for _, w in trace)  # no window said it: the steps near the word are not scored


def test_a_loud_alexa_long_after_the_start_is_no_wake_up(scorer: WakeScorer) -> None:
    """A real reading (no wake word) for six seconds, then a real "Alexa" 10 dB louder (a TV advert saying it): the
    device's recording starts a moment before the word that woke it, so a wake word that late did not start the
    clip. The loudest voice is looked for in the first seconds only (it was found at 6 s and answered "spoken")."""
    reading = decode(str(REAL / "ljspeech" / "LJ001-0002.flac"), 16000).samples
    reading = np.tile(reading, int(6 * 16000 // len(reading)) + 1)[: 6 * 16000]
    alexa = decode(str(REAL / "alexa" / "0.flac"), 16000).samples
    alexa = alexa * (3 * voice_level(reading) / voice_level(alexa))
    clip = np.concatenate([reading, alexa]).astype(np.float32)
    assert loudest_onset(clip) >= 5.5  # over the whole clip, the loudest voice is the late "Alexa"
    wa = _score_samples(scorer, clip)
    assert not wa.spoken and wa.start < 4.0, wa.reason()
