"""The wake-word / near-miss matcher on what Whisper tiny.en really writes."""

from __future__ import annotations

import pytest

from voicehist.config import DetectConfig
from voicehist.detect.wake import PhraseMatcher, Token, phonetic, tokens_from_words, tokens_of


def _matcher(vendor: str = "alexa") -> PhraseMatcher:
    c = DetectConfig()
    return PhraseMatcher(c.wake_words_for(vendor), c.near_misses_for(vendor), c.fuzzy_ratio, c.misheard_for(vendor))


def _first(text: str, vendor: str = "alexa") -> tuple[str, str, int] | None:
    hits = _matcher(vendor).find_all([Token(t) for t in tokens_of(text)], limit=4)
    return (hits[0].kind, hits[0].phrase, hits[0].index) if hits else None


@pytest.mark.parametrize(
    "heard",
    ["Alexa, what time is it", "Alexa what time", "Alexia, stop", "Alex a, turn on", "Lexa play", "Elexa, play",
     "ALEXA!"],
)  # fmt: skip
def test_tiny_en_spellings_of_alexa_are_the_wake_word(heard: str) -> None:
    hit = _first(heard)
    assert hit is not None and hit[0] == "wake"


def test_hey_lexa_finds_the_wake_word_after_the_filler() -> None:
    assert _first("Hey Lexa, stop") == ("wake", "Alexa", 1)


@pytest.mark.parametrize(
    ("heard", "word"),
    [("Alex, can you pass the salt", "Alex"), ("Alexis is picking up the kids", "Alexis"),
     ("The election results", "election"), ("can you send me a letter", "a letter"),
     ("Alexa's always listening", "Alexa's"), ("Alexander the Great", "Alexander")],
)  # fmt: skip
def test_near_misses_are_not_the_wake_word(heard: str, word: str) -> None:
    hits = _matcher().find_all([Token(t) for t in tokens_of(heard)])
    assert hits and hits[0].kind == "near" and hits[0].phrase == word
    assert not any(h.kind == "wake" for h in hits)


@pytest.mark.parametrize(
    "heard", ["relax, man", "amazing play", "I'm gonna play the news", "collection day", "A lecture, good morning"]
)
def test_ordinary_words_match_nothing(heard: str) -> None:
    assert _first(heard) is None


def test_possessive_of_a_near_miss_is_a_near_miss() -> None:
    assert _first("Alex's car is parked outside") == ("near", "Alex", 0)


def test_other_alexa_wake_words_and_google_phrases() -> None:
    assert _first("Echo, stop the alarm") == ("wake", "Echo", 0)
    assert _first("Eco, stop") == ("wake", "Echo", 0)
    assert _first("Computer, dim the lights") == ("wake", "Computer", 0)
    assert _first("Okay Google, what's the weather", "google") == ("wake", "OK Google", 0)
    assert _first("Hey, Google. Timer", "google") == ("wake", "Hey Google", 0)
    assert _first("ok cool that works", "google") == ("near", "OK cool", 0)
    assert _first("seriously though", "siri") == ("near", "seriously", 0)


def test_tokens_and_times_come_from_the_words_table() -> None:
    words = [{"word": " Alexa,", "start": 0.3, "end": 0.8}, {"word": " what's", "start": 0.9, "end": 1.1}]
    toks = tokens_from_words(words)
    assert [t.text for t in toks] == ["alexa", "whats"]
    assert toks[0].start == 0.3
    assert [t.text for t in tokens_from_words([], "Alex a, hi")] == ["alex", "a", "hi"]


def test_phonetic_key_ignores_vowel_shifts() -> None:
    assert phonetic("Alexa") == phonetic("Elexa") == phonetic("alexia")
    assert phonetic("Alexa") != phonetic("relax")
