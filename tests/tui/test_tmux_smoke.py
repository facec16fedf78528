"""Smoke test: the real `voicehist` command in a real terminal (tmux), find a clip by a word, flag it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.tui.data import clip_json_from_cli

VOICEHIST = Path(sys.executable).parent / "voicehist"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _tmux(socket: str, *args: str) -> str:
    out = subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=30)
    return out.stdout


def _wait_for(socket: str, session: str, needle: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux(socket, "capture-pane", "-p", "-t", session)
        if needle in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} never appeared on the screen:\n{screen}")


def _wait_focus(socket: str, session: str, on_list: bool, timeout: float = 30.0) -> None:
    """The footer shows "Select" only while the result list has the focus."""
    deadline = time.monotonic() + timeout
    footer = ""
    while time.monotonic() < deadline:
        lines = [ln for ln in _tmux(socket, "capture-pane", "-p", "-t", session).splitlines() if ln.strip()]
        footer = lines[-1] if lines else ""
        if ("Select" in footer) == on_list:
            return
        time.sleep(0.1)
    raise AssertionError(f"focus never {'reached' if on_list else 'left'} the list; footer: {footer!r}")


def test_voicehist_in_tmux_search_and_flag(tui_db: Path, vh_home: Path, null_alsa_home: Path) -> None:
    socket = f"vh-test-{uuid.uuid4().hex[:8]}"
    session = "vh"
    command = (
        f"env -u COLUMNS -u LINES HOME={null_alsa_home} VOICEHIST_HOME={vh_home} TERM=xterm-256color "
        f"{VOICEHIST if VOICEHIST.exists() else sys.executable + ' -m voicehist'} --db {tui_db}"
    )
    _tmux(socket, "new-session", "-d", "-s", session, "-x", "140", "-y", "40", command)
    _tmux(socket, "resize-window", "-t", session, "-x", "140", "-y", "40")
    try:
        _wait_for(socket, session, "7 clips")
        _wait_focus(socket, session, on_list=True)
        _tmux(socket, "send-keys", "-t", session, "/")
        _wait_focus(socket, session, on_list=False)
        _tmux(socket, "send-keys", "-t", session, "-l", "elect")
        screen = _wait_for(socket, session, "showing 1 of 7 clips")
        assert "the election" in screen and "Living Room Echo" in screen
        _tmux(socket, "send-keys", "-t", session, "Enter")
        _wait_focus(socket, session, on_list=True)
        _tmux(socket, "send-keys", "-t", session, "a")
        _wait_for(socket, session, "accidental (your decision)")
        _tmux(socket, "send-keys", "-t", session, "p")  # plays through ALSA's null device
        _wait_for(socket, session, "/ 00:02.8")
        # select several: all clips whose transcripts mention "the", then two of them by hand
        _tmux(socket, "send-keys", "-t", session, "/")  # focusing the search selects its text: typing replaces it
        _wait_focus(socket, session, on_list=False)
        _tmux(socket, "send-keys", "-t", session, "-l", "the")
        _wait_for(socket, session, "showing 4 of 7 clips")
        _tmux(socket, "send-keys", "-t", session, "Enter")
        _wait_focus(socket, session, on_list=True)
        _tmux(socket, "send-keys", "-t", session, "Space")
        _wait_for(socket, session, "1 selected")  # Space moved on to the next row
        _tmux(socket, "send-keys", "-t", session, "Space")
        _wait_for(socket, session, "2 selected")
        _tmux(socket, "send-keys", "-t", session, "q")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and session in _tmux(socket, "list-sessions"):
            time.sleep(0.2)
    finally:
        _tmux(socket, "kill-server")
    rows = clip_json_from_cli(tui_db)
    assert rows["c02"]["decision"] == "accidental" and rows["c02"]["flagged"] is True
    assert sorted(k for k, r in rows.items() if r["selected"]) == ["c04", "g02"]
