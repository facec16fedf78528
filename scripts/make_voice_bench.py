"""Make bench/data/voices/ (the voices bench's recordings) from a copy of Resemblyzer's ``audio_data`` folder.

    python scripts/make_voice_bench.py PATH/TO/Resemblyzer/audio_data

The source is the resemble-ai/Resemblyzer repository (Apache-2.0), whose ``audio_data`` holds LibriSpeech clips
(CC BY 4.0): 10 speakers of test-other with 10 clips each, and 251 train-clean-100 speakers with one clip each.
Each kept clip is cut to a smart-speaker-like length (1.5 to 4 s, from a seeded random point) and written as
16 kHz FLAC named ``SPEAKER-CHAPTER-UTTERANCE.flac``: the speaker id is the truth the bench scores against.
Reads only the path given; writes only bench/data/voices/.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

OUT = Path(__file__).resolve().parents[1] / "bench" / "data" / "voices"
GUESTS = 30  # train-clean speakers kept (one clip each): the household's one-off visitors


def cut(src: Path, dst: Path, rng: random.Random) -> None:
    data, sr = sf.read(str(src), dtype="float32")
    assert sr == 16_000, src
    length = int(rng.uniform(1.5, 4.0) * sr)
    start = rng.randint(0, max(0, len(data) - length))
    sf.write(str(dst), np.asarray(data[start : start + length]), sr, format="FLAC", subtype="PCM_16")


def main(root: Path) -> None:
    rng = random.Random(24)
    (OUT / "household").mkdir(parents=True, exist_ok=True)
    (OUT / "guests").mkdir(parents=True, exist_ok=True)
    for src in sorted((root / "librispeech_test-other").rglob("*.flac")):
        cut(src, OUT / "household" / src.name, rng)
    singles = sorted((root / "librispeech_train-clean-100").glob("*.flac"))
    for src in rng.sample(singles, GUESTS):
        cut(src, OUT / "guests" / src.name, rng)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
