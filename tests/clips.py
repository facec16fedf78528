"""Clip records for tests of code that only formats a clip (no database needed): every field absent unless given."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from voicehist.store.records import Clip

_REQUIRED: dict[str, Any] = {"id": "x", "vendor": "alexa", "selected": 0, "vendor_not_intended": 0}


def make_clip(**given: Any) -> Clip:
    """A :class:`Clip` with ``given`` fields set and every other one None (ids, vendor and flags: plain values)."""
    values = {f.name: None for f in fields(Clip)} | _REQUIRED | given
    return Clip(**values)
