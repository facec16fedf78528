"""Fixtures for the privacy and reliability tests: a small real Alexa export made of espeak-ng clips from the
labelled speech corpus, imported, transcribed with the bundled Whisper model and scored by the real detector."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.importers.helpers import ALEXA_CSV_HEADER

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO / "tests" / "fixtures" / "speech"

# (file, device, utterance id tail): a short export; acc05 is the clip that gets forgotten
CLIPS = [
    ("int01_time.wav", "Kitchen Echo"),
    ("int02_kitchen.wav", "Kitchen Echo"),
    ("acc05_referee.wav", "Living Room Echo"),
    ("acc11_cat.wav", "Living Room Echo"),
]


def recorded_at(name: str, clips: list[tuple[str, str]] = CLIPS) -> str:
    """When ``make_export`` says the clip made from corpus file ``name`` was recorded."""
    i = [c[0] for c in clips].index(name)
    return f"2026-03-{i + 1:02d}T08:00:00"


def manifest() -> dict[str, dict[str, Any]]:
    return {m["file"]: m for m in json.loads((SPEECH / "manifest.json").read_text())}


def make_export(root: Path, clips: list[tuple[str, str]] = CLIPS) -> Path:
    """An unpacked Amazon *Request Your Data* export: the voice-history table and its audio files."""
    if not (SPEECH / "manifest.json").is_file():
        pytest.skip("speech corpus tests/fixtures/speech is missing")
    meta = manifest()
    folder = root / "Alexa" / "Alexa.VoiceHistory"
    (folder / "Audio").mkdir(parents=True, exist_ok=True)
    with open(folder / "Alexa.VoiceHistory.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([*ALEXA_CSV_HEADER, "Skill Name"])
        for i, (name, device) in enumerate(clips):
            m = meta[name]
            stamp = f"2026-03-{i + 1:02d}T08:00:00.000Z"
            audio = f"2026-03-{i + 1:02d}_08-00-00_{i:08x}.wav"
            shutil.copy(SPEECH / name, folder / "Audio" / audio)
            w.writerow([stamp, device, m.get("utterance_type") or "GENERAL", m.get("vendor_transcript") or "",
                        "OK.", f"A1:1.0/2026/03/{i + 1:02d}/08/G0/00:00::TNIH_2V.{i:08x}-{i}", audio, ""])  # fmt: skip
    return root


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "VOICEHIST_"))}
    env["VOICEHIST_HOME"] = str(home)
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def voicehist(*args: str, home: Path, timeout: float = 300, stdin_text: str | None = None, **kw: Any):
    """Run the real command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "voicehist", *args],
        capture_output=True,
        text=True,
        env=kw.pop("env", None) or cli_env(home),
        timeout=timeout,
        input=stdin_text,
        stdin=None if stdin_text is not None else subprocess.DEVNULL,
        **kw,
    )


def file_bytes(paths: list[Path]) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.is_file())


def db_files(db: Path) -> list[Path]:
    return [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


@pytest.fixture(scope="session")
def pipeline_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once per session by the real pipeline: import, transcribe, flag --auto."""
    from voicehist.detect import flag_auto
    from voicehist.importers import import_paths
    from voicehist.store import open_db
    from voicehist.transcribe.runner import transcribe_pending

    root = tmp_path_factory.mktemp("privacy_template")
    export = make_export(root / "export")
    db = open_db(root / "data" / "voicehist.db")
    try:
        report = import_paths(db, [export])
        assert report.new == len(CLIPS) and not report.problems
        summary = transcribe_pending(db)
        assert summary.done == len(CLIPS)
        flag_auto(db)
    finally:
        db.close()
    return root


@pytest.fixture
def pipeline(pipeline_template: Path, vh_home: Path) -> tuple[Path, Path]:
    """(database, export) copies for one test."""
    shutil.copytree(pipeline_template / "data", vh_home / "data", dirs_exist_ok=True)
    shutil.copytree(pipeline_template / "export", vh_home / "export")
    return vh_home / "data" / "voicehist.db", vh_home / "export"
