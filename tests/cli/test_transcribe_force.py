"""transcribe --force: clips already done are transcribed again (here with the other engine) by the real
bundled Whisper model on real recordings; show lists every transcript and the words with confidence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import vh

SPEECH = Path(__file__).resolve().parents[1] / "fixtures" / "speech"


@pytest.mark.slow
def test_transcribe_force_redoes_chosen_clips_and_keeps_the_old_transcript(vh_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    for i, name in enumerate(("int03_timer.wav", "int05_weather.wav")):
        shutil.copy(SPEECH / name, folder / f"(2025-03-2{i}T10_00_00+0000)_TEXT(clip {i}).wav")
    vh("import", str(folder), home=vh_home, check=True)
    first = json.loads(vh("transcribe", "--json", home=vh_home, check=True).stdout)
    assert first["done"] == 2
    # ids or filters without --force: refused, nothing done
    proc = vh("transcribe", "1", home=vh_home)
    assert proc.returncode == 2 and "--force" in proc.stderr
    again = json.loads(
        vh("transcribe", "--force", "#1", "--engine", "whisper-timestamped", "--json", home=vh_home, check=True).stdout
    )
    assert again["requeued"] == 1 and again["done"] == 1 and again["engine"] == "whisper-timestamped"
    doc = json.loads(vh("show", "1", "--json", home=vh_home, check=True).stdout)
    assert [(t["engine"], t["current"]) for t in doc["transcripts"]] == [
        ("faster-whisper", False),
        ("whisper-timestamped", True),
    ]
    assert "timer" in doc["transcript"].lower()
    assert doc["words"] and all(0.0 <= w["probability"] <= 1.0 for w in doc["words"])
    other = json.loads(vh("show", "2", "--json", home=vh_home, check=True).stdout)
    assert [t["engine"] for t in other["transcripts"]] == ["faster-whisper"]  # not chosen: untouched
    text = vh("show", "1", home=vh_home, columns=120, check=True).stdout
    assert "whisper-timestamped / tiny.en" in text and "Words (confidence)" in text
    word = doc["words"][0]
    assert f"{word['word'].strip()}({word['probability']:.2f})" in text
    # filters choose clips too; a date that cannot be read fails before the model loads
    proc = vh("transcribe", "--force", "--since", "soon", home=vh_home)
    assert proc.returncode == 2 and "Accepted forms" in proc.stderr and "Loading" not in proc.stderr
    by_filter = json.loads(
        vh("transcribe", "--force", "--since", "2025-03-21", "--json", home=vh_home, check=True).stdout
    )
    assert by_filter["requeued"] == 1 and by_filter["done"] == 1
