"""The faster-whisper engine's workers (model replicas): how work is shared among them, and that sharing it changes
no transcript and no word time (the real bundled model on the corpus's real and synthetic speech)."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicehist.audio.decode import decode
from voicehist.transcribe.faster import FasterWhisperEngine, _balance, _split
from voicehist.transcribe.packing import build_window, plan_windows


def test_split_gives_near_equal_non_empty_parts_in_order() -> None:
    assert _split(list(range(7)), 3, contiguous=True) == [[0, 1, 2], [3, 4], [5, 6]]
    assert _split(list(range(7)), 3) == [[0, 3, 6], [1, 4], [2, 5]]
    assert _split([4, 5], 8) == [[4], [5]]
    assert _split([], 2) == []
    assert _split(list(range(5)), 0) == [[0, 1, 2, 3, 4]]


def test_balance_puts_the_long_clip_alone_and_shares_the_rest() -> None:
    # one 24 s clip and ten short ones: the long one must not share a worker with half of the short ones
    costs = [2.0] * 5 + [25.0] + [2.0] * 5
    groups = _balance(costs, 2)
    assert sorted(i for g in groups for i in g) == list(range(11))
    assert [5] in groups
    totals = sorted(sum(costs[i] for i in g) for g in groups)
    assert totals == [20.0, 25.0]
    assert all(g == sorted(g) for g in groups)
    assert _balance([1.0, 1.0], 4) == [[0], [1]]
    assert _balance([], 2) == []


@pytest.mark.slow
def test_two_workers_decode_exactly_what_one_does(speech: Path) -> None:
    from voicehist.transcribe.runner import get_engine

    files = [
        "int01_time.wav",
        "acc03_alexis_kids.wav",
        "int02_kitchen.wav",
        "pair5_0_real_alexa.wav",
        "acc14_tv_drama.wav",
        "int14_joke.wav",
    ]
    audios = [decode(speech / f, 16_000).samples for f in files]
    groups, alone = plan_windows([len(a) / 16_000 for a in audios], gap=0.6, lead=0.5, window=15.0)
    assert not alone and len(groups) >= 2  # two windows: both the encoding and the decoding are shared
    windows = [build_window(audios, g, gap=0.6, lead=0.5) for g in groups]
    spans = [[(p.offset, p.end) for p in w.placements] for w in windows]
    one = get_engine("faster-whisper", workers=1, cpu_threads=2)
    two = get_engine("faster-whisper", workers=2, cpu_threads=1)
    assert isinstance(one, FasterWhisperEngine) and isinstance(two, FasterWhisperEngine)
    assert (one.workers, two.workers) == (1, 2)
    a = one.decode_masked([w.audio for w in windows], spans)
    b = two.decode_masked([w.audio for w in windows], spans)
    ra_all = [r for rs in a for r in rs if r is not None]
    rb_all = [r for rs in b for r in rs if r is not None]
    assert len(ra_all) == sum(len(rs) for rs in a) and len(rb_all) == len(ra_all)  # every clip decoded
    assert [r.text for r in ra_all] == [r.text for r in rb_all]
    assert any(r.text for r in ra_all)
    for ra, rb in zip(ra_all, rb_all, strict=True):
        assert [(w.word, w.start, w.end) for w in ra.words] == [(w.word, w.start, w.end) for w in rb.words]
