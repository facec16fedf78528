"""Packing clips into windows, and which decoded tokens are a clip's own (pure logic, no model)."""

from __future__ import annotations

import numpy as np

from voicehist.transcribe.engine import Result, Segment, Word
from voicehist.transcribe.packing import build_window, plan_windows


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


def test_plan_windows_fills_a_long_clips_window_with_short_ones() -> None:
    # in order (22 s, 22 s + 5 s, 5 s) three windows; longest first, two: each 22 s clip takes a 5 s one
    durations = [22.0, 22.0, 5.0, 5.0, 0.0]
    groups, alone = plan_windows(durations, gap=2.0, lead=0.5)
    assert groups == [[0, 2], [1, 3]] and alone == [4]
    assert plan_windows([], gap=2.0) == ([], [])


def test_windows_place_clips_with_gaps_of_silence() -> None:
    w = _window([2.0, 3.0])
    assert [p.offset for p in w.placements] == [0.5, 3.5]
    assert len(w.audio) == int((0.5 + 2 + 1 + 3 + 0.3) * 16_000)


def test_a_clip_keeps_only_its_own_segments() -> None:
    """The masked decode's tokens: a segment that starts after the clip's end (decoded from the silence that
    replaced the neighbours) and a word-for-word repeat of the segment before are not the clip's words."""
    from voicehist.transcribe.faster import _own_text

    eot, ts = 50256, 50363

    def t(seconds: float) -> int:
        return ts + int(round(seconds / 0.02))

    tokens = [t(2.0), 1, 2, 3, t(3.0), t(3.0), 1, 2, 3, t(3.5), t(3.6), 4, t(4.0), t(9.0), 7, 8, t(9.5), eot, 9]
    assert _own_text(tokens, eot, ts, end=5.0) == [1, 2, 3, 4]
    assert _own_text([5, 6, eot], eot, ts, end=5.0) == [5, 6]  # no timestamps at all


def test_a_clip_whose_speech_goes_on_past_its_last_word_is_incomplete() -> None:
    """A decode can stop after a clip's first sentence; the voice-activity detector (real Silero VAD on a real
    9.5 s clip) tells that speech went on, so the clip is decoded again on its own."""
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
