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
