#!/usr/bin/env python3
"""Write the unlabelled lines of tests/fixtures/sensitive/asr.jsonl: what voicehist's default engine (the bundled
tiny.en, packed) writes for real people reading aloud.

    # the 351 LibriSpeech utterances (CC BY 4.0) in the audio_data folder of resemble-ai/Resemblyzer (Apache-2.0):
    # 10 clips each of 10 test-other speakers, one each of 251 train-clean-100 speakers, all in one folder
    python scripts/make_asr_sensitive.py FOLDER_OF_FLACS OUT.jsonl

The folder is imported and transcribed by the real command line in a fresh VOICEHIST_HOME, in a temporary
folder, and each clip's transcript is written as {"text", "labels": [], "source": "LibriSpeech <utterance>"},
ordered by utterance. The labels in the committed file were then written line by line by a separate annotator (a
helper agent given the category definitions alone, never the finder's rules or output); bench/sensitive.py's
docstring says how the set is split and used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "VOICEHIST_HOME": home}
        for args in (["import", str(folder)], ["transcribe"], ["export", "-o", f"{home}/x.json"]):
            subprocess.run([sys.executable, "-m", "voicehist", *args], env=env, check=True)
        clips = json.loads(Path(home, "x.json").read_text(encoding="utf-8"))["clips"]
    rows = sorted(clips, key=lambda c: c["audio_name"])
    with out.open("w", encoding="utf-8") as f:
        for c in rows:
            source = "LibriSpeech " + c["audio_name"].removesuffix(".flac")
            f.write(json.dumps({"text": (c["transcript"] or "").strip(), "labels": [], "source": source}) + "\n")
    print(f"{len(rows)} transcripts -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
