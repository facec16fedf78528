"""Spoken numbers to digits, keeping the way back to the original characters.

Speech recognisers write a phone number as "five five five one two three four", an amount as "three hundred
and fifty dollars", a year as "twenty twenty". :func:`normalise` rewrites each run of number words as digits
("5551234", "350", "2020") so that digit patterns and ``phonenumbers`` can read them, and returns a map from
offsets in the rewritten text back to offsets in the original, so every finding still points at the words
that were said.

A run is read the way people say digits: single digits, teens and tens are written one after the other
("seven one eight" → "718", "twenty twenty" → "2020"), "hundred"/"thousand" multiply ("nine hundred" → "900",
"two thousand" → "2000"), "double"/"triple" repeat the next digit, and "oh" is a zero only between other
number words. "eight hundred five five five …" keeps the 800 of a toll-free number: a hundred does not swallow
a digit that is followed by more single digits.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
REPEAT = {"double": 2, "triple": 3}
ZERO_LETTERS = {"oh", "o"}

_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+|[^\sA-Za-z\d\-]")
# between two number words of one run: spaces, a hyphen ("twenty-three"), a comma
_JOINER = re.compile(r"^[\s,\-]*$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def tokens(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_number_word(w: str) -> bool:
    return w in UNITS or w in TEENS or w in TENS or w in SCALES or w in REPEAT


def _is_digit_word(w: str) -> bool:
    return w in UNITS or w in TEENS or w in TENS or w in ZERO_LETTERS


def _kind(w: str) -> str:
    if w in UNITS:
        return "unit"
    if w in TEENS:
        return "teen"
    if w in TENS:
        return "tens"
    if w in SCALES:
        return "scale"
    return "repeat"


class _Chunk:
    """One cardinal number being read ("three hundred and fifty")."""

    def __init__(self) -> None:
        self.total = 0
        self.current = 0
        self.last: str | None = None

    def can_take(self, kind: str, value: int, following: list[str]) -> bool:
        last = self.last
        if last is None:
            return True
        if kind == "unit":
            if last == "tens":
                return True
            if last == "scale":
                # "eight hundred five five five": the 5 starts a run of digits, not "805"
                return not (following and (following[0] in UNITS or following[0] in REPEAT))
            return False
        if kind in ("teen", "tens"):
            return last == "scale"
        if kind == "scale":
            if value == 100:
                return last in ("unit", "teen", "tens") and self.current < 100
            return last in ("unit", "teen", "tens", "scale")
        return False

    def take(self, kind: str, value: int) -> None:
        if kind == "scale":
            if value == 100:
                self.current = max(self.current, 1) * 100
            else:
                self.total += max(self.current, 1) * value
                self.current = 0
        else:
            self.current += value
        self.last = kind

    def digits(self) -> str:
        return str(self.total + self.current)


@dataclass(frozen=True)
class Normalised:
    text: str
    original: str
    # (start in text, start in original, length in text, length in original): one entry per replaced run
    _runs: tuple[tuple[int, int, int, int], ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets ``start:end`` in :attr:`text` as offsets in :attr:`original`."""
        return self._map(start, left=True), self._map(end, left=False)

    def _map(self, pos: int, *, left: bool) -> int:
        starts = [r[0] for r in self._runs]
        i = bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        n_start, o_start, n_len, o_len = self._runs[i]
        if pos < n_start + n_len:  # inside a rewritten run: a start maps to its start, an end to its end
            return o_start if left or pos == n_start else o_start + o_len
        if pos == n_start + n_len and not left and pos > n_start:
            return o_start + o_len
        return o_start + o_len + (pos - n_start - n_len)


def _read_run(words: list[str]) -> str:
    """Digits for a run of number words (all lower-case)."""
    out: list[str] = []
    chunk: _Chunk | None = None
    repeat = 1
    i = 0
    while i < len(words):
        w = words[i]
        if w in ZERO_LETTERS:
            w = "zero"
        if w == "a":  # "a hundred"
            w = "one"
        if w == "and":
            i += 1
            continue
        if w in REPEAT:
            if chunk is not None:
                out.append(chunk.digits())
                chunk = None
            repeat = REPEAT[w]
            i += 1
            continue
        kind = _kind(w)
        value = {**UNITS, **TEENS, **TENS, **SCALES}[w]
        if repeat > 1 and kind == "unit":
            out.append(str(value) * repeat)
            repeat = 1
            i += 1
            continue
        following = words[i + 1 : i + 3]
        if chunk is None or not chunk.can_take(kind, value, following):
            if chunk is not None:
                out.append(chunk.digits())
            chunk = _Chunk()
            if kind == "scale":  # a bare "hundred" reads as 100
                chunk.current = 1
                chunk.last = "unit"
        chunk.take(kind, value)
        i += 1
    if chunk is not None:
        out.append(chunk.digits())
    return "".join(out)


def _run_member(toks: list[Token], i: int) -> bool:
    """Does token ``i`` belong to a run of number words?"""
    w = toks[i].low
    if _is_number_word(w):
        return True
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    prev = toks[i - 1].low if i > 0 else ""
    if w in ZERO_LETTERS:
        # "oh" is a zero only among other number words: "oh seven seven…", "two oh six"
        after = [t.low for t in toks[i + 1 : i + 3]]
        return (nxt in UNITS or nxt in ZERO_LETTERS) and (
            prev in UNITS or prev in TENS or prev in ZERO_LETTERS or sum(_is_digit_word(a) for a in after) >= 2
        )
    if w == "a":
        return nxt in SCALES
    if w == "and":
        return prev in SCALES and (nxt in UNITS or nxt in TEENS or nxt in TENS)
    return False


def normalise(text: str) -> Normalised:
    toks = tokens(text)
    members = [_run_member(toks, i) for i in range(len(toks))]
    runs: list[tuple[int, int]] = []  # token index ranges [a, b)
    i = 0
    while i < len(toks):
        if not members[i] or toks[i].low == "and":
            i += 1
            continue
        j = i + 1
        while j < len(toks) and members[j] and _JOINER.match(text[toks[j - 1].end : toks[j].start]):
            j += 1
        # a run never ends on "and" ("a hundred and" + "twelve" is one run; "… and" alone is not)
        while j > i + 1 and toks[j - 1].low == "and":
            j -= 1
        words = [t.low for t in toks[i:j]]
        # "a" alone, or "oh" alone, is not a number
        if not all(w in ("a", "and") for w in words):
            runs.append((i, j))
        i = j
    out: list[str] = []
    maps: list[tuple[int, int, int, int]] = []
    pos = 0
    n = 0
    for a, b in runs:
        o_start, o_end = toks[a].start, toks[b - 1].end
        out.append(text[pos:o_start])
        n += o_start - pos
        digits = _read_run([t.low for t in toks[a:b]])
        maps.append((n, o_start, len(digits), o_end - o_start))
        out.append(digits)
        n += len(digits)
        pos = o_end
    out.append(text[pos:])
    return Normalised("".join(out), text, tuple(maps))
