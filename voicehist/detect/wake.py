"""Finding wake words and their near-misses in what Whisper heard: fuzzy and phonetic, position-aware.

Whisper tiny.en writes a spoken "Alexa" as "Alexa,", "Alexia", "Alex a", "Lexa", "Hey Lexa", "Elexa"...; the
published near-misses ("Alex", "Alexis", "election", "a letter") are what must *not* count as the wake word.
So at each position an exact near-miss wins over a fuzzy wake-word match, and an exact wake word wins over both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def tokens_of(text: str | None) -> list[str]:
    """Lower-case word tokens ("Alexa's" -> "alexas", "10" stays "10")."""
    if not text:
        return []
    return [t.replace("'", "") for t in _WORD.findall(text.lower())]


@dataclass(frozen=True)
class Token:
    text: str
    start: float | None = None
    end: float | None = None
    ends_sentence: bool = False  # Whisper wrote . ? ! after it


def tokens_from_words(words: Sequence[dict[str, Any]], transcript: str | None = None) -> list[Token]:
    """Tokens with times from the words table (a "word" may hold several tokens); the transcript text otherwise."""
    out: list[Token] = []
    for w in words:
        raw = str(w.get("word") or "")
        toks = tokens_of(raw)
        for i, t in enumerate(toks):
            last = i == len(toks) - 1
            out.append(Token(t, number(w.get("start")), number(w.get("end")), last and _ENDS.search(raw) is not None))
    if not out and transcript:
        for piece in re.split(r"(?<=[.?!])\s+", transcript):
            toks = tokens_of(piece)
            out.extend(
                Token(t, ends_sentence=i == len(toks) - 1 and bool(_ENDS.search(piece))) for i, t in enumerate(toks)
            )
    return out


_ENDS = re.compile(r"[.?!]\W*$")


def number(v: Any) -> float | None:
    """A number from a stored value (times, durations), or None for none, a boolean or text that is no number."""
    try:
        return None if v is None or isinstance(v, bool) else float(v)
    except (TypeError, ValueError):
        return None


_PHONETIC_RULES: list[tuple[str, str]] = [
    (r"ph", "f"),
    (r"ck", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"q", "k"),
    (r"x", "ks"),
    (r"z", "s"),
    (r"dg", "j"),
    (r"gh", ""),
    (r"[sc]h", "x"),
    (r"th", "0"),
    (r"wh", "w"),
]


def phonetic(s: str) -> str:
    """A small metaphone-like key: vowels collapse to one leading 'A', doubled consonants merge."""
    s = re.sub(r"[^a-z]", "", s.lower())
    if not s:
        return ""
    for pattern, repl in _PHONETIC_RULES:
        s = re.sub(pattern, repl, s)
    head = "A" if s[0] in "aeiouy" else s[0]
    rest = re.sub(r"[aeiouyhw]", "", s[1:])
    key = head + rest
    return re.sub(r"(.)\1+", r"\1", key)


@dataclass(frozen=True)
class Hit:
    """A wake word or near-miss found in the tokens."""

    kind: str  # "wake" | "near"
    phrase: str  # the configured word or phrase
    heard: str  # the tokens heard, joined by spaces
    index: int  # first token
    length: int  # number of tokens
    start: float | None
    exact: bool
    conditional: bool = False  # an everyday phrase standing for the wake word: only when a request follows
    misheard: bool = False  # a known mishearing of a wake word, not the word itself

    @property
    def end_index(self) -> int:
        return self.index + self.length


def _squash(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


# syllables Whisper splits off a wake word: "Alex a", "A lexa", "Alexa uh"
_JOINABLE = frozenset({"a", "ah", "uh", "eh", "oh", "ay", "er", "e"})


def _spans(tokens: Sequence[Token], i: int, words_in_phrase: int) -> list[int]:
    """Token counts to try at position i for a phrase of this many words."""
    n = len(tokens)
    sizes = {words_in_phrase}
    if words_in_phrase > 1:
        sizes.add(words_in_phrase - 1)
    # one extra token, but only a very short one ("alex a", "a lexa", "hey lexa"): never a whole word ("alex can")
    extra = words_in_phrase + 1
    if i + extra <= n and any(t.text in _JOINABLE for t in tokens[i : i + extra]):
        sizes.add(extra)
    return sorted(s for s in sizes if 1 <= s and i + s <= n)


class PhraseMatcher:
    """Matches configured wake words (fuzzy + phonetic) and near-misses (exact) at each token position."""

    def __init__(
        self,
        wake_words: Sequence[str],
        near_misses: Sequence[str],
        fuzzy_ratio: float = 80.0,
        misheard: Sequence[str] = (),
        misheard_before_request: Sequence[str] = (),
    ) -> None:
        # (phrase, squashed, phonetic key, words, exact only, conditional)
        self.wake = [
            (w, _squash(w), phonetic(w), len(tokens_of(w)) or 1, False, False) for w in wake_words if _squash(w)
        ]
        # known mishearings of a wake word count as it, but only when heard exactly
        self.wake += [(w, _squash(w), "", len(tokens_of(w)) or 1, True, False) for w in misheard if _squash(w)]
        self.wake += [
            (w, _squash(w), "", len(tokens_of(w)) or 1, True, True) for w in misheard_before_request if _squash(w)
        ]
        self.near = [(w, _squash(w), len(tokens_of(w)) or 1) for w in near_misses if _squash(w)]
        self.fuzzy_ratio = fuzzy_ratio

    def at(self, tokens: Sequence[Token], i: int) -> Hit | None:
        best_wake: tuple[float, Hit] | None = None
        near_hit: Hit | None = None
        for phrase, sq, key, k, exact_only, conditional in self.wake:
            for size in _spans(tokens, i, k):
                heard_tokens = tokens[i : i + size]
                heard = "".join(t.text for t in heard_tokens)
                if len(heard) < 3:
                    continue
                exact = heard == sq
                if not exact and exact_only:
                    continue
                ratio = 100.0 if exact else fuzz.ratio(heard, sq)
                if not exact and key and len(key) >= 3 and phonetic(heard) == key:
                    ratio = max(ratio, self.fuzzy_ratio)
                better = best_wake is None or (ratio, size) > (best_wake[0], best_wake[1].length)
                if ratio >= self.fuzzy_ratio and better:
                    heard_text = " ".join(t.text for t in heard_tokens)
                    hit = Hit(
                        "wake", phrase, heard_text, i, size, heard_tokens[0].start, exact, conditional, exact_only
                    )
                    best_wake = (ratio, hit)
        for phrase, sq, k in self.near:
            for size in sorted({k, k + 1} if k > 1 else {k}):
                if i + size > len(tokens):
                    continue
                heard_tokens = tokens[i : i + size]
                heard = "".join(t.text for t in heard_tokens)
                if heard == sq or heard == sq + "s":  # "Alex's" (tokens drop the apostrophe), "elections"
                    near_hit = Hit(
                        "near", phrase, " ".join(t.text for t in heard_tokens), i, size, heard_tokens[0].start, True
                    )
                    break
            if near_hit:
                break
        if best_wake and best_wake[1].exact:
            return best_wake[1]
        if near_hit:
            return near_hit
        return best_wake[1] if best_wake else None

    def find_all(self, tokens: Sequence[Token], limit: int | None = None) -> list[Hit]:
        hits: list[Hit] = []
        i = 0
        stop = len(tokens) if limit is None else min(limit, len(tokens))
        while i < stop:
            hit = self.at(tokens, i)
            if hit:
                hits.append(hit)
                i = hit.end_index
            else:
                i += 1
        return hits


__all__ = ["Token", "Hit", "PhraseMatcher", "tokens_of", "tokens_from_words", "phonetic"]
