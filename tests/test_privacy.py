"""Privacy is the product: the whole pipeline runs with the network cut off, and leaves private files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

GUARD = r"""
import socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("network access attempted during an offline test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from voicehist.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="voicehist", standalone_mode=False)
finally:
    print(f"NETWORK ATTEMPTS: {len(attempts)}", file=sys.stderr)
"""


def test_demo_pipeline_never_touches_the_network_and_keeps_files_private(vh_home: Path, tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env["VOICEHIST_HOME"] = str(vh_home)
    db = vh_home / "data" / "demo.db"
    proc = subprocess.run(
        [sys.executable, "-c", GUARD, "demo", "--no-tui", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "NETWORK ATTEMPTS: 0" in proc.stderr
    assert "transcribed" in proc.stdout + proc.stderr
    # everything voicehist wrote is private: folders 0700, files 0600
    written = [p for p in (vh_home / "data").rglob("*")]
    assert any(p.suffix == ".wav" for p in written)
    for p in [vh_home / "data", *written]:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), f"{p} is {oct(mode)}"


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if not p.is_dir())


def test_nothing_is_written_outside_voicehists_folders(tmp_path: Path):
    """import, transcribe, flag (and report/request where this build has them) with HOME, the XDG folders,
    TMPDIR and the working directory all pointing at empty folders: afterwards they are still empty. The
    regression: onnxruntime (Silero VAD) wrote ~/.cache/Microsoft/DeveloperTools/.onnxruntime/deviceid and a
    telemetry queue."""
    from tests.privacy.conftest import make_export

    outside = {
        name: tmp_path / name for name in ("home", "xdg_cache", "xdg_data", "xdg_config", "xdg_state", "tmp", "cwd")
    }
    for p in outside.values():
        p.mkdir()
    vh = tmp_path / "vh"
    out_dir = tmp_path / "out"  # where the user asked for a report or letter to go
    out_dir.mkdir()
    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo"), ("acc11_cat.wav", "Echo")])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "XDG_", "VOICEHIST_"))}
    env.update(
        HOME=str(outside["home"]),
        XDG_CACHE_HOME=str(outside["xdg_cache"]),
        XDG_DATA_HOME=str(outside["xdg_data"]),
        XDG_CONFIG_HOME=str(outside["xdg_config"]),
        XDG_STATE_HOME=str(outside["xdg_state"]),
        TMPDIR=str(outside["tmp"]),
        VOICEHIST_HOME=str(vh),
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "voicehist", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=outside["cwd"],
            timeout=300,
            stdin=subprocess.DEVNULL,
        )

    commands = run("--help").stdout
    steps = [("import", "-q", str(export)), ("transcribe",), ("flag", "--auto")]
    if "report" in commands:
        steps.append(("report", "--format", "md", "-o", str(out_dir / "report.md")))
    if "request" in commands:
        steps.append(("request", "--vendor", "amazon", "--law", "gdpr", "--ids", "1", "-o", str(out_dir / "r.md")))
    for step in steps:
        out = run(*step)
        assert out.returncode in (0, 1), (step, out.stderr)
        assert "Traceback" not in out.stderr
    assert (vh / "data" / "voicehist.db").is_file()
    for name, folder in outside.items():
        assert _files_under(folder) == [], f"written outside voicehist's folders ({name})"
