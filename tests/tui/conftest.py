"""Fixtures for the review app: a real database with real audio, ALSA's null device, a controllable clock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tui.data import build


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per session (espeak-ng runs once); each test gets its own copy."""
    root = tmp_path_factory.mktemp("tui_template")
    return build(root / "data" / "voicehist.db", audio_cache=tmp_path_factory.mktemp("espeak"))


@pytest.fixture
def tui_db(template_db: Path, vh_home: Path) -> Path:
    target = vh_home / "data"
    shutil.copytree(template_db.parent, target, dirs_exist_ok=True)
    return target / "voicehist.db"


@pytest.fixture(scope="session")
def null_alsa_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("alsa_null")
    (home / ".asoundrc").write_text("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
    return home


@pytest.fixture(autouse=True)
def _null_sound(null_alsa_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every TUI test plays through ALSA's null device (no sound card here, none needed)."""
    monkeypatch.setenv("HOME", str(null_alsa_home))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    yield FakeClock()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real demo database: bundled sample imported, transcribed by the bundled Whisper model, flagged.

    Built by the real command in its own process: in-process, a transcription run that follows a Textual app
    which cancelled one in a worker was seen to take 3-40x longer (CPU-bound; not reproduced without Textual).
    """
    path = tmp_path_factory.mktemp("demo") / "data" / "demo.db"
    out = subprocess.run(
        [sys.executable, "-m", "voicehist", "demo", "--no-tui", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "VOICEHIST_HOME": str(path.parent.parent / "home")},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return path


@pytest.fixture
def demo_db(demo_template: Path, vh_home: Path) -> Path:
    target = vh_home / "data"
    shutil.copytree(demo_template.parent, target, dirs_exist_ok=True)
    return target / "demo.db"
