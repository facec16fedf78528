"""The bundled demo export (an unpacked Amazon request-your-data folder), made by scripts/make_sample.py."""

from __future__ import annotations

from pathlib import Path

SAMPLE_EXPORT = Path(__file__).resolve().parent / "export"


def sample_export() -> Path:
    """The folder to pass to ``import_paths`` (or ``voicehist import``) for the demo."""
    return SAMPLE_EXPORT


__all__ = ["SAMPLE_EXPORT", "sample_export"]
