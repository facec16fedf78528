"""A real database for the CLI tests: a hand-built Amazon export zip (CSV + real WAV audio) imported by the
real importer, with hostile strings from the export (escape sequences, rich markup) in it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.importers.helpers import ALEXA_CSV_HEADER, make_zip, wav

ESC_TEXT = "clear \x1b[2J red \x1b[31m title \x1b]0;title\x07 end"
MARKUP_DEVICE = "[bold red]x"

HEADER = ",".join(ALEXA_CSV_HEADER)


def _uid(n: int) -> str:
    return f"A3S5BH2HU6VAYF:1.0/2025/01/01/00/G090LF1186470KQ7/00:{n:02d}::TNIH_2V.{n:08d}-55d2-4e57-9a11-c3f1b1f6a0LPM"


def _rows() -> list[tuple[str, str, str, str]]:
    """(time, device, transcript, audio file): 2024 and 2025 clips, one yesterday, hostile strings."""
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).strftime("%Y-%m-%dT12:00:00Z")
    return [
        ("2024-11-02T10:00:00Z", "Kitchen Echo", "what time is it", "a1.wav"),
        ("2024-12-31T23:59:59Z", "Bedroom Dot", "play some jazz", "a2.wav"),
        ("2025-03-19T08:00:00Z", "Kitchen Echo", "set a timer for ten minutes", "a3.wav"),
        ("2025-03-20T00:00:00Z", "Kitchen Echo", "turn on the kitchen lights", "a4.wav"),
        ("2025-03-20T23:59:59Z", "Bedroom Dot", "audio was not intended for this device", "a5.wav"),
        ("2025-03-21T07:30:00Z", "Living Room Echo", ESC_TEXT, "a6.wav"),
        ("2025-04-02T18:00:00Z", MARKUP_DEVICE, "[blink]markup in a transcript[/blink]", ""),
        (yesterday, "Kitchen Echo", "what is the weather like", "a7.wav"),
    ]


def build_export(path: Path) -> Path:
    lines = [HEADER]
    files: dict[str, bytes | str] = {}
    for n, (when, device, said, audio) in enumerate(_rows(), 1):
        quoted = '"' + said.replace('"', '""') + '"'
        lines.append(f"{when},{device},GENERAL,{quoted},,{_uid(n)},{audio}")
        if audio:
            files[f"Alexa/Alexa.VoiceHistory/Audio/{audio}"] = wav(seconds=0.4, seed=n)
    files["Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv"] = "\r\n".join(lines) + "\r\n"
    return make_zip(path, files)


def vh(*args: str, home: Path, columns: int = 200, check: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m voicehist ARGS`` as a user runs it (COLUMNS sets the terminal width rich sees)."""
    env = {**os.environ, "VOICEHIST_HOME": str(home), "COLUMNS": str(columns), "LINES": "40"}
    env.pop("VOICEHIST_DB", None)
    proc = subprocess.run(
        [sys.executable, "-m", "voicehist", *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:{proc.stdout}\nstderr:{proc.stderr}")
    return proc


@pytest.fixture
def imported(vh_home: Path, tmp_path: Path) -> Path:
    """VOICEHIST_HOME whose default database holds the export above, imported by `voicehist import`."""
    export = build_export(tmp_path / "amazon.zip")
    vh("import", str(export), home=vh_home, check=True)
    return vh_home


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run the real command line in this process (faster than a subprocess): returns (exit code, out, err)."""
    from voicehist.cli import cli
    from voicehist.cli.common import run_guarded

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run_guarded(cli, list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return code, out, err

    return run
