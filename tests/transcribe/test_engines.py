"""Both engines on the real bundled model and real clips: content, word times, packing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.transcribe.conftest import manifest, norm
from voicehist.audio.decode import decode
from voicehist.transcribe.engine import Result
from voicehist.transcribe.packing import transcribe_clips

pytestmark = pytest.mark.slow


def _check_words(result: Result, duration: float) -> None:
    words = result.words
    assert words, result
    for w in words:
        assert 0.0 <= w.start <= w.end <= duration + 1e-6, (w, duration)
        assert 0.0 <= w.probability <= 1.0
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    assert words[-1].end > words[0].start
    assert result.confidence is not None and 0 < result.confidence <= 1
    assert result.avg_logprob is not None
    # a masked decode's no-speech probability is not the clip's (the encoding is mostly silence): not saved
    assert (result.no_speech_prob is None) == bool(result.settings.get("masked"))


@pytest.mark.parametrize("engine", ["fw_engine", "wt_engine"])
def test_engine_transcribes_a_command(engine: str, speech, request: pytest.FixtureRequest) -> None:
    eng = request.getfixturevalue(engine)
    audio = decode(speech / "int01_time.wav", 16_000).samples
    result = eng.transcribe(audio)
    assert "what time is it" in norm(result.text)
    assert result.language == "en"
    _check_words(result, len(audio) / 16_000)
    assert " ".join(w.word for w in result.words).lower().startswith("alexa")


DISTINCT = [
    "int02_kitchen.wav",
    "acc11_cat.wav",
    "int05_weather.wav",
    "acc10_traffic.wav",
    "pair2_1_score.wav",
    "acc06_cousin_alex.wav",
    "int07_lamp.wav",
    "acc08_grandmother.wav",
]
KEYWORDS = {
    "int02_kitchen.wav": ["kitchen", "lights"],
    "acc11_cat.wav": ["feed", "cat"],
    "int05_weather.wav": ["weather", "tomorrow"],
    "acc10_traffic.wav": ["traffic", "morning"],
    "pair2_1_score.wav": ["score", "football"],
    "acc06_cousin_alex.wav": ["cousin", "apartment"],
    "int07_lamp.wav": ["bedroom", "lamp"],
    "acc08_grandmother.wav": ["letter", "spain"],
}


@pytest.mark.parametrize("engine", ["fw_engine", "wt_engine"])
def test_packing_gives_every_word_to_its_own_clip(engine: str, speech, request: pytest.FixtureRequest) -> None:
    eng = request.getfixturevalue(engine)
    # whisper-timestamped has no masked decoding: it decodes every clip alone (slow, so fewer clips)
    files = DISTINCT if engine == "fw_engine" else [DISTINCT[0], DISTINCT[1], DISTINCT[3]]
    audios = [decode(speech / f, 16_000).samples for f in files]
    results = transcribe_clips(eng, audios, pack=True)
    assert len(results) == len(files)
    packed = 0
    for f, audio, r in zip(files, audios, results, strict=True):
        text = norm(r.text)
        for kw in KEYWORDS[f]:
            assert kw in text, (f, r.text)
        others = {kw for g, kws in KEYWORDS.items() if g != f for kw in kws} - set(KEYWORDS[f])
        assert not (set(text.split()) & others), (f, r.text)
        _check_words(r, len(audio) / 16_000)
        packed += bool(r.settings.get("packed"))
    if engine == "fw_engine":
        assert packed >= len(files) - 1  # these clear sentences must not need the per-clip fallback
    else:
        assert packed == 0


def test_manifest_reference_exists(speech) -> None:
    assert all(f in manifest() for f in DISTINCT)


def test_noise_in_a_packed_window_stays_empty_without_a_per_clip_decode(speech, fw_engine) -> None:
    files = ["int03_timer.wav", "noise1_pink.wav", "noise3_silence.wav", "acc02_election.wav"]
    audios = [decode(speech / f, 16_000).samples for f in files]
    results = transcribe_clips(fw_engine, audios, pack=True)
    assert [r.text for r in results][1:3] == ["", ""]
    assert all(r.settings.get("vad_no_speech") and not r.settings.get("fallback") for r in results[1:3])
    assert "timer" in norm(results[0].text) and "election" in norm(results[3].text)


def test_a_clip_longer_than_a_window_is_cut_at_pauses(speech, fw_engine) -> None:
    from voicehist.transcribe.packing import cut_points

    audio = decode(speech / "real_office_lights_review.wav", 16_000).samples
    pieces = cut_points(audio)
    assert len(pieces) == 2 and pieces[0][0] == 0 and pieces[-1][1] == len(audio)
    assert all(b - a <= 29 * 16_000 for a, b in pieces)
    (result,) = transcribe_clips(fw_engine, [audio], pack=True)
    assert result is not None and result.settings["pieces"] == 2
    text = norm(result.text)
    assert text.startswith(("problem for these cheap smart bulbs", "the problem for these cheap smart bulbs"))
    assert text.endswith("turn on the office lights")
    _check_words(result, len(audio) / 16_000)
    assert result.words[-1].start > 30.0


@pytest.mark.parametrize("engine", ["fw_engine", "wt_engine"])
def test_a_clip_gets_the_same_words_every_time(engine: str, request: pytest.FixtureRequest) -> None:
    """Two real recordings whose beam result misses Whisper's thresholds (a "view glass" heard as "Deal glass.",
    a "jarvis" heard as "Job is..."). With faster-whisper's sampled fallback the first came out "Deal glass.",
    ".. .. .. ..", "Yoga." or "Go, go, go, go, go." in eight runs, and a CI machine wrote "Thank you. Thank
    you."; what a report or a letter quotes must not depend on a random draw. Each is decoded alone several
    times, interleaved (what ran before must not matter either): one transcript each. (whisper-timestamped,
    whose fallback draws from torch's generator, seeded per clip, gave one transcript each before the seed.)"""
    eng = request.getfixturevalue(engine)
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "real_voices"
    audios = [decode(folder / f, 16_000).samples for f in ("view_glass/view_glass_024.flac", "jarvis/jarvis_032.flac")]
    rounds = 4 if engine == "fw_engine" else 2
    texts = [[eng.transcribe(a).text for a in audios] for _ in range(rounds)]
    for i in range(len(audios)):
        assert len({t[i] for t in texts}) == 1, [t[i] for t in texts]
        assert texts[0][i].strip(), texts  # something was heard
