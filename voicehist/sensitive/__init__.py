"""Sensitive content in transcripts: phone numbers, e-mail and street addresses, money, account numbers,
health, names of people, children, and secrets said aloud.

:func:`find` is pure (text in, findings out); :func:`scan` runs it over clip rows that the store hands over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from voicehist.sensitive.finder import CATEGORIES, Finding, find


class Transcribed(Protocol):
    """A clip record with its two transcripts (voicehist's and the vendor's)."""

    @property
    def transcript(self) -> str | None: ...

    @property
    def vendor_transcript(self) -> str | None: ...


Row = TypeVar("Row", bound=Transcribed)


def scan(rows: Iterable[Row]) -> Iterator[tuple[Row, Finding]]:
    """(clip row, finding) for each finding in each row's local (``transcript``) and vendor transcript."""
    for row in rows:
        for source, text in (("local", row.transcript), ("vendor", row.vendor_transcript)):
            for finding in find(text, source):
                yield row, finding


__all__ = ["CATEGORIES", "Finding", "Transcribed", "find", "scan"]
