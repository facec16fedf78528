"""Fixtures for the transcription tests: the real bundled model, loaded once per session; real speech clips."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

SPEECH = Path(__file__).resolve().parent.parent / "fixtures" / "speech"


def manifest() -> dict[str, dict[str, Any]]:
    return {m["file"]: m for m in json.loads((SPEECH / "manifest.json").read_text())}


@pytest.fixture(scope="session")
def speech() -> Path:
    if not (SPEECH / "manifest.json").is_file():
        pytest.skip("speech corpus tests/fixtures/speech is missing")
    return SPEECH


@pytest.fixture(scope="session")
def fw_engine(tmp_path_factory: pytest.TempPathFactory):
    from voicehist.transcribe.runner import get_engine

    return get_engine("faster-whisper")


@pytest.fixture(scope="session")
def wt_engine(tmp_path_factory: pytest.TempPathFactory):
    """whisper-timestamped on the bundled model, converted once into a session-wide models dir."""
    import os

    from voicehist.transcribe.runner import get_engine

    home = tmp_path_factory.mktemp("wt_home")
    old = os.environ.get("VOICEHIST_HOME")
    os.environ["VOICEHIST_HOME"] = str(home)
    try:
        return get_engine("whisper-timestamped")
    finally:
        if old is None:
            os.environ.pop("VOICEHIST_HOME", None)
        else:
            os.environ["VOICEHIST_HOME"] = old


def norm(text: str) -> str:
    from whisper.normalizers import EnglishTextNormalizer

    return EnglishTextNormalizer()(text)


def add_clips(db: Any, files: list[str], *, start: int = 0) -> list[str]:
    """Insert clips rows the way the importers do: audio copied into the store, path relative to it."""
    from voicehist.store import audio_dir_of

    store = audio_dir_of(db)
    store.mkdir(parents=True, exist_ok=True)
    ids = []
    with db.atomic():
        for i, name in enumerate(files, start=start):
            shutil.copy(SPEECH / name, store / name)
            clip_id = f"clip{i:03d}"
            db["clips"].insert(
                {
                    "id": clip_id,
                    "vendor": "alexa",
                    "recorded_at": f"2024-01-01T00:{i // 60:02d}:{i % 60:02d}Z",
                    "audio_path": name,
                    "audio_name": name,
                }
            )
            ids.append(clip_id)
    return ids
