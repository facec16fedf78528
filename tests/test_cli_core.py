"""The command-line contract for list/search/locate, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, env_home: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VOICEHIST_HOME": str(env_home), "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "voicehist", *args], capture_output=True, text=True, env=env, timeout=120
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:{proc.stdout}\nstderr:{proc.stderr}")
    return proc


def test_locate_prints_private_locations_under_voicehist_home(vh_home: Path):
    doc = json.loads(run("locate", "--json", env_home=vh_home).stdout)
    assert doc["database"] == str(vh_home / "data" / "voicehist.db")
    assert doc["audio"] == str(vh_home / "data" / "voicehist.audio")  # each database owns its store
    assert doc["config"] == str(vh_home / "config")


def test_list_and_search_print_only_json_on_stdout(vh_home: Path, db):
    db["clips"].insert_all(
        [
            {
                "id": "a1",
                "vendor": "alexa",
                "recorded_at": "2024-03-01T08:00:00Z",
                "device": "Echo",
                "vendor_transcript": "what time is it",
            },
            {
                "id": "a2",
                "vendor": "alexa",
                "recorded_at": "2024-03-02T08:00:00Z",
                "device": "Echo",
                "vendor_transcript": "audio was not intended for this device",
            },
        ]
    )
    db["flags"].insert({"clip_id": "a2", "score": 0.95, "label": "accidental", "reasons": '["vendor marked"]'})
    listed = json.loads(run("list", "--json", env_home=vh_home).stdout)
    assert [c["id"] for c in listed["clips"]] == ["a2", "a1"]
    keys = {"id", "vendor", "recorded_at", "device", "vendor_transcript", "transcript", "duration", "has_audio"}
    keys |= {"audio_name", "audio_problem", "flagged", "score", "reasons"}
    assert keys <= set(listed["clips"][0])
    flagged = json.loads(run("list", "--flagged", "--json", env_home=vh_home).stdout)
    assert [(c["id"], c["flagged"], c["reasons"]) for c in flagged["clips"]] == [("a2", True, ["vendor marked"])]
    found = json.loads(run("search", "time", "--json", env_home=vh_home).stdout)
    assert [c["id"] for c in found["clips"]] == ["a1"]
    text = run("search", "time", env_home=vh_home).stdout
    assert "what time is it" in text and "1 of 1 clip" in text


@pytest.mark.parametrize(
    "args, code",
    [(("list", "--since"), 2), (("search",), 2), (("nonsense",), 2), (("list", "--vendor", "apple"), 2)],
)
def test_usage_errors_exit_2_without_traceback(vh_home: Path, args, code):
    proc = run(*args, env_home=vh_home, check=False)
    assert proc.returncode == code
    assert "Traceback" not in proc.stderr and proc.stderr.strip()
