"""Sensitive content in transcripts: phone numbers, e-mail and street addresses, money, account numbers,
health, names of people, children, and secrets said aloud.

:func:`find` is pure (text in, findings out); :func:`scan` runs it over clip rows that the store hands over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from voicehist.sensitive.finder import CATEGORIES, Finding, find


def scan(rows: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], Finding]]:
    """(clip row, finding) for each finding in each row's local (``transcript``) and vendor transcript."""
    for row in rows:
        for source, column in (("local", "transcript"), ("vendor", "vendor_transcript")):
            for finding in find(row.get(column), source):
                yield row, finding


__all__ = ["CATEGORIES", "Finding", "find", "scan"]
