"""Downloading a model is explicit, and fails cleanly (keeping nothing) when there is no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VOICEHIST_HOME": str(home), "HF_HUB_OFFLINE": "1"}  # never reach the network here
    return subprocess.run(
        [sys.executable, "-m", "voicehist", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_unknown_model_names_the_downloadable_ones(vh_home: Path):
    proc = _run("download-model", "gigantic", "--yes", home=vh_home)
    assert proc.returncode == 2
    assert "tiny.en" in proc.stderr and "small.en" in proc.stderr and "Traceback" not in proc.stderr


def test_failed_download_is_one_clear_message_and_leaves_nothing(vh_home: Path):
    proc = _run("download-model", "base.en", "--yes", home=vh_home)
    assert proc.returncode == 2, proc.stderr
    assert "Could not download 'base.en'" in proc.stderr and "Traceback" not in proc.stderr
    models = vh_home / "cache" / "models"
    assert not any(models.iterdir()) if models.exists() else True


def test_download_asks_first(vh_home: Path):
    env = {**os.environ, "VOICEHIST_HOME": str(vh_home), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "voicehist", "download-model", "base.en"],
        input="n\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1 and "Hugging Face" in proc.stderr
