"""Big hostile inputs, generated at test time (too big to keep in the repository), and a peak-memory probe."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.importers.helpers import REPO, wav

MB = 1024 * 1024


def flat_bomb(path: Path, members: int = 1000, size: int = 4 * MB - 1) -> Path:
    """Many members just under the old per-member ratio threshold: declares members * size, packs to ~0.1%."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zeros = b"\0" * size
        for i in range(members):
            zf.writestr(f"Alexa/audio/{i:05d}.wav", zeros)
    return path


def nested_zips(path: Path, count: int = 6, size: int = 45 * MB) -> Path:
    """``count`` stored zips inside one zip, each holding ``size`` bytes of incompressible data and a clip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as outer:
        for i in range(count):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as inner:
                inner.writestr(f"noise{i}.bin", os.urandom(size))
                inner.writestr(f"clip{i}.wav", wav(seconds=0.2, seed=i))
            outer.writestr(f"part{i}.zip", buf.getvalue())
    return path


def huge_cell_csv(path: Path, cell_mb: int = 70) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "voice_history.csv", "w", encoding="utf-8") as fh:
        fh.write("Timestamp,Device,Transcript,Utterance ID\n2020-01-01T00:00:00Z,Echo,before,u1\n")
        fh.write("2020-01-01T00:00:01Z,Echo," + "x" * (cell_mb * MB) + ",u2\n")
        fh.write("2020-01-01T00:00:02Z,Echo,after,u3\n")
    return path


def big_json(path: Path, records: int = 100_000) -> Path:
    recs = [
        {
            "recordKey": f"k{i}",
            "timestamp": 1_600_000_000_000 + i,
            "voiceHistoryRecordItems": [{"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": f"hello {i}"}],
        }
        for i in range(records)
    ]
    path.write_text(json.dumps({"customerHistoryRecords": recs}))
    return path


def small_export(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Alexa/voice.csv", "Timestamp,Device,Transcript,Utterance ID,Audio File\n"
                    "2020-01-01T00:00:00Z,Echo,hi,u1,a.wav\n")  # fmt: skip
        zf.writestr("Alexa/a.wav", wav(seconds=0.5, seed=1))
    return path


def big_takeout(root: Path, entries: int) -> Path:
    """A Google Takeout folder whose Assistant activity holds ``entries`` entries (no audio)."""
    folder = root / "Takeout" / "My Activity" / "Assistant"
    folder.mkdir(parents=True, exist_ok=True)
    doc = [
        {
            "header": "Assistant",
            "title": f"Said what's the weather number {i}",
            "time": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{i // 60 % 60:02d}Z",
            "products": ["Assistant"],
            "subtitles": [{"name": "It's sunny."}],
        }
        for i in range(entries)
    ]
    (folder / "MyActivity.json").write_text(json.dumps(doc), encoding="utf-8")
    return root / "Takeout"


INPUTS: dict[str, Callable[[Path], Path]] = {
    "small export (baseline)": lambda d: small_export(d / "small.zip"),
    "flat zip bomb (1000 x 4 MiB zeros)": lambda d: flat_bomb(d / "bomb.zip"),
    "6 nested 45 MB zips": lambda d: nested_zips(d / "nested.zip"),
    "CSV with a 70 MB cell": lambda d: huge_cell_csv(d / "hugecell"),
    "Alexa JSON, 200k records (32 MB)": lambda d: big_json(d / "big.json", 200_000),
}


# The peak is read by the import process itself (VmHWM, the high-water mark of its own memory after exec):
# the ru_maxrss that wait4() reports for a child also counts the parent's memory copied at fork.
PROBE = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    with open(sys.argv[1], "w") as out:
        out.write(str(kb))
atexit.register(_peak)
from voicehist.cli import main
main(sys.argv[2:])
"""


def peak_rss_import(src: Path, home: Path) -> tuple[int, float, float]:
    """(exit code, peak RSS in MB, wall seconds) of `voicehist import` of ``src`` in a fresh process."""
    import time

    env = dict(os.environ, VOICEHIST_HOME=str(home), PYTHONPATH=str(REPO))
    home.mkdir(parents=True, exist_ok=True)
    db = home / "data" / f"{src.name}.db"
    peak_file = home / f"{src.name}.peak"
    t0 = time.monotonic()
    code = subprocess.run(
        [sys.executable, "-c", PROBE, str(peak_file), "import", "-q", "--db", str(db), str(src)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
    ).returncode  # fmt: skip
    took = time.monotonic() - t0
    return code, int(peak_file.read_text()) / 1024, took
