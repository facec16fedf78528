"""Clip ids as people see them: long vendor ids shortened to a piece that still finds the clip."""

from __future__ import annotations

SHORT_ID_LENGTH = 16


def short_id(clip_id: str) -> str:
    """The end of a long id (Alexa utteranceIds share their first 40 characters), or the whole of a short one.

    The piece is one ``store.flags.resolve_ids`` accepts (a unique piece from anywhere in an id), so it can be
    given back to ``voicehist flag --set``; a leading "-" is dropped so it cannot read as a command-line option.
    """
    return clip_id if len(clip_id) <= SHORT_ID_LENGTH else clip_id[-SHORT_ID_LENGTH:].lstrip("-")


__all__ = ["short_id"]
