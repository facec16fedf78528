"""What a user installs: the wheel holds every data file the package needs, and installing the default
engine needs neither torch nor the GPU kernel compiler."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _package_data_in_git() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "voicehist"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    return [p for p in out if not p.endswith(".py")]


@pytest.mark.slow
def test_the_wheel_holds_the_sample_templates_and_styles(tmp_path: Path) -> None:
    src = tmp_path / "src"
    # build from a copy of what git tracks, as a user's clone would have it
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    for rel in files:
        if rel.startswith(("voicehist/", "README", "pyproject")):
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            (src / rel).write_bytes((REPO / rel).read_bytes())
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), "."],
        cwd=src,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("voicehist-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = _package_data_in_git()
    assert any(p.startswith("voicehist/sample/export/") for p in data)
    assert "voicehist/tui/app.tcss" in data
    missing = [p for p in data if p not in names]
    assert missing == [], f"package data left out of the wheel: {missing}"


def test_the_default_install_needs_no_torch_and_no_whisper() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    base = " ".join(meta["dependencies"]).lower()
    for heavy in ("torch", "openai-whisper", "whisper-timestamped", "triton"):
        assert heavy not in base, f"{heavy} must not be a dependency of the default install"
    extra = " ".join(meta["optional-dependencies"]["timestamped"]).lower()
    assert "torch" in extra and "triton" not in extra and "openai-whisper" not in extra


def test_the_default_engine_runs_without_torch() -> None:
    # faster-whisper, Silero VAD (onnxruntime) and the runner import nothing from torch or whisper
    code = (
        "import sys, voicehist.transcribe.faster, voicehist.transcribe.runner, voicehist.transcribe.packing;"
        "bad = sorted(m for m in ('torch', 'whisper', 'whisper_timestamped', 'triton') if m in sys.modules);"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
