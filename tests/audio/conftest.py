from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def null_sound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Play through ALSA's null device (no sound card here, none needed)."""
    (tmp_path / ".asoundrc").write_text("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
    monkeypatch.setenv("HOME", str(tmp_path))
