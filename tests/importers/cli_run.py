"""Run ``voicehist import`` in this process through the real CLI entry (exit codes, no-traceback guard)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from voicehist.cli import cli
from voicehist.cli.common import run_guarded


def run_import(db: Path, *paths: Path | str, capfd: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any], str]:
    """(exit code, the --json report or {} when there is none, stderr)."""
    capfd.readouterr()
    code = run_guarded(cli, ["import", "--json", "--db", str(db), *map(str, paths)])
    out, err = capfd.readouterr()
    try:
        doc = json.loads(out) if out.strip() else {}
    except json.JSONDecodeError:
        doc = {}
    return code, doc, err
