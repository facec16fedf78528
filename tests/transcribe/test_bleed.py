"""No clip's transcript holds another clip's words: a packed window of clips that share words, on the real
bundled model, with real espeak-ng speech (and the corpus's real recording)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.transcribe.conftest import norm
from voicehist.audio.decode import decode
from voicehist.transcribe.packing import plan_windows, transcribe_clips
from voicehist.transcribe.runner import ENGINE_GAP

pytestmark = pytest.mark.slow

# (text, espeak-ng voice) or a corpus file; in this order in one packed window (espeak-ng `en-us` is avoided:
# tiny.en mishears its "Alexa")
CLIPS: list[tuple[str, str]] = [
    ("Alexa, stop", "en+f3"),
    ("Alexa, remind me to call the dentist on Monday", "en-gb"),
    ("Alexa, read me the news", "en+f3"),
    ("The severe storms tore down the old barn near the river", "en"),
    ("file:int02_kitchen.wav", "Alexa, turn on the kitchen lights"),
    ("Alexa, play some music in the kitchen", "en-gb"),
    ("file:acc03_alexis_kids.wav", "Alexis is picking up the kids after school"),
    ("file:pair5_0_real_alexa.wav", "Alexa"),
]


def _speak(text: str, voice: str, tmp: Path) -> np.ndarray:
    wav = tmp / "say.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "-w", str(wav), text], check=True)
    audio = decode(wav, 16_000).samples
    lead = np.zeros(4000, dtype=np.float32)
    return np.concatenate([lead, audio / max(float(np.abs(audio).max()), 1e-6) * 0.6, lead]).astype(np.float32)


def _edge_words_from_others(hyp: str, own: str, alone: str, others: list[str]) -> list[str]:
    """bench/transcribe.py's bleed: words at the start and end, outside the clip's own reference, that another
    clip's reference holds and the clip decoded alone does not produce."""
    words, own_words, solo = norm(hyp).split(), set(norm(own).split()), set(norm(alone).split())
    foreign = set().union(*(set(norm(o).split()) for o in others)) - own_words
    edge: set[int] = set()
    for order in (range(len(words)), range(len(words) - 1, -1, -1)):
        for k in order:
            if words[k] in own_words:
                break
            edge.add(k)
    return [words[k] for k in sorted(edge) if words[k] in foreign and words[k] not in solo]


def test_a_packed_window_of_clips_that_share_words_has_no_bleed(speech, fw_engine, tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (scripts/setup.sh installs it)")
    audios: list[np.ndarray] = []
    refs: list[str] = []
    for a, b in CLIPS:
        if a.startswith("file:"):
            audios.append(decode(speech / a[5:], 16_000).samples)
            refs.append(b)
        else:
            audios.append(_speak(a, b, tmp_path))
            refs.append(a)
    gap = ENGINE_GAP["faster-whisper"]
    groups, alone = plan_windows([len(a) / 16_000 for a in audios], gap=gap, lead=0.5)
    assert not alone and len(groups) <= 2 and len(groups[0]) >= 5  # they really share windows
    packed = transcribe_clips(fw_engine, audios, pack=True, gap=gap, batch_windows=4)
    solo = transcribe_clips(fw_engine, audios, pack=False)
    for i, (r, ref) in enumerate(zip(packed, refs, strict=True)):
        others = refs[:i] + refs[i + 1 :]
        assert _edge_words_from_others(r.text, ref, solo[i].text, others) == [], (ref, r.text)
        assert r.settings.get("packed") and r.settings.get("masked"), r.settings  # no per-clip fallback
        duration = len(audios[i]) / 16_000
        assert all(0 <= w.start <= w.end <= duration for w in r.words), (r.words, duration)
    texts = [norm(r.text) for r in packed]
    assert texts[0].split()[-1] == "stop" and "remind" not in texts[0]
    assert texts[1].startswith("alexa remind")
    assert "storms" not in texts[2] and "news" in texts[2]
    assert "alexis" in texts[6].split()  # heard as when decoded alone, not as the neighbours' "Alexa"
    assert texts[7] == "alexa"
    # word times: the clip's first word starts near its speech, not at the window's start
    assert packed[1].words[0].start < 0.6 and packed[1].words[-1].end > 2.0
