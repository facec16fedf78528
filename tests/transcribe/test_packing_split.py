"""Splitting a packed window's words back to clips (pure logic, no model)."""

from __future__ import annotations

import numpy as np

from voicehist.transcribe.engine import Result, Segment, Word
from voicehist.transcribe.packing import build_window, plan_windows, split_result


def _window(durations: list[float], gap: float = 1.0):
    audios = [np.ones(int(d * 16_000), dtype=np.float32) for d in durations]
    return build_window(audios, list(range(len(audios))), gap=gap, lead=0.5)


def test_plan_windows_fits_30_seconds_and_keeps_order() -> None:
    durations = [3.0] * 20 + [40.0, 0.0]
    groups, alone = plan_windows(durations, gap=1.0, lead=0.5)
    assert alone == [20, 21]
    flat = [i for g in groups for i in g]
    assert flat == list(range(20))
    for g in groups:
        assert 0.5 + sum(durations[i] for i in g) + (len(g) - 1) * 1.0 <= 30.0


def test_words_go_to_the_clip_under_their_midpoint() -> None:
    w = _window([2.0, 3.0])
    assert [p.offset for p in w.placements] == [0.5, 3.5]
    assert len(w.audio) == int((0.5 + 2 + 1 + 3 + 0.3) * 16_000)
    words = (Word("turn", 0.6, 1.0, 0.9), Word("on.", 1.1, 2.6, 0.8), Word("play", 3.4, 4.0, 0.7))
    seg = Segment(0.5, 4.0, "turn on. play", -0.2, 0.01, words)
    out, ambiguous = split_result(Result("turn on. play", "en", [seg]), w, gap=1.0)
    assert not ambiguous
    assert out[0].text == "turn on." and out[1].text == "play"
    # times are relative to each clip and clamped inside it
    assert [(x.start, x.end) for x in out[0].words] == [(0.1, 0.5), (0.6, 2.0)]
    assert [(x.start, x.end) for x in out[1].words] == [(0.0, 0.5)]
    assert out[1].segments[0].avg_logprob == -0.2


def test_a_word_across_a_gap_or_in_silence_is_ambiguous() -> None:
    w = _window([2.0, 2.0, 2.0])  # clips at 0.5-2.5, 3.5-5.5, 6.5-8.5
    straddle = Segment(0, 9, "x", None, None, (Word("a", 1.0, 2.0, 1), Word("bridge", 2.2, 3.9, 1), Word("c", 7, 8, 1)))
    _, ambiguous = split_result(Result("x", "en", [straddle]), w, gap=1.0)
    assert ambiguous == {0, 1}
    far = Segment(
        0, 12, "x", None, None, (Word("a", 1, 2, 1), Word("b", 4, 5, 1), Word("c", 7, 8, 1), Word("d", 11, 12, 1))
    )
    _, ambiguous = split_result(Result("x", "en", [far]), w, gap=1.0)
    assert ambiguous == {2}


def test_a_clip_with_audio_but_no_words_is_checked_alone() -> None:
    w = _window([2.0, 2.0])
    seg = Segment(0, 3, "a", None, None, (Word("a", 1.0, 2.0, 1),))
    out, ambiguous = split_result(Result("a", "en", [seg]), w, gap=1.0)
    assert ambiguous == {1} and out[1].text == ""


def test_a_clip_whose_speech_goes_on_past_its_last_word_is_incomplete() -> None:
    """A one-pass window decode can stop after a clip's first sentence; the voice-activity detector (real
    Silero VAD on a real 9.5 s clip) tells that speech went on, so the clip is decoded again on its own."""
    from pathlib import Path

    from voicehist.audio.decode import decode
    from voicehist.transcribe.packing import misses_speech

    audio = decode(Path(__file__).parent.parent / "fixtures" / "speech" / "acc13_tv_news.wav", 16_000).samples
    first_sentence = (Word("And", 0.3, 0.5, 0.9), Word("in", 0.5, 0.6, 0.9), Word("other", 0.6, 0.9, 0.9))
    cut_short = Result("And in other", "en", [Segment(0.3, 0.9, "And in other", -0.2, 0.01, first_sentence)])
    assert misses_speech(cut_short, audio)
    end = len(audio) / 16_000
    whole = (Word("And", 0.3, 0.5, 0.9), Word("tonight.", end - 0.6, end - 0.3, 0.9))
    covered = Result("And tonight.", "en", [Segment(0.3, end - 0.3, "And tonight.", -0.2, 0.01, whole)])
    assert not misses_speech(covered, audio)
    assert not misses_speech(Result("", "en", []), audio)  # no words at all: the no-word rule handles it
