"""`voicehist` with no command (the review app) and `voicehist demo`."""

from __future__ import annotations

COMMANDS: list = []


def open_app(db: str | None) -> None:
    from voicehist.errors import VoicehistError

    raise VoicehistError("the review app is not built yet")
