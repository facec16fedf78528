"""Nothing outside voicehist/tui/ imports Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import voicehist

ROOT = Path(voicehist.__file__).parent


def _modules() -> list[str]:
    names = ["voicehist"]
    for info in pkgutil.walk_packages([str(ROOT)], prefix="voicehist."):
        if info.name.startswith("voicehist.tui") or info.name.startswith("voicehist.sample"):
            continue
        names.append(info.name)
    return names


def test_core_never_imports_textual() -> None:
    names = _modules()
    assert "voicehist.store.queries" in names and "voicehist.cli.app" in names
    script = (
        "import importlib, sys\n"
        f"names = {names!r}\n"
        "for n in names:\n"
        "    importlib.import_module(n)\n"
        "    assert 'textual' not in sys.modules, f'{n} imported textual'\n"
        "print('ok', len(names))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("ok")


def test_the_check_would_notice_textual() -> None:
    script = "import sys, voicehist.tui.app\nprint('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "True"
