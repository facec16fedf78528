"""The user's configuration: wake words, near-misses and detector thresholds.

Read from ``config.toml`` in voicehist's config directory (see ``voicehist locate``); anything not set there
takes the defaults below. Example::

    [detect]
    threshold = 0.5              # score at or above which a clip is labelled accidental
    long_speech_s = 6.0          # this much speech without a request reads as conversation

    [detect.wake_words]
    alexa = ["Alexa", "Echo", "Amazon", "Computer", "Ziggy"]
    google = ["Hey Google", "OK Google"]

    [detect.near_misses]
    alexa = ["Alex", "Alexis", "election", "unacceptable", "a letter"]

    wake_audio = true            # ask the audio whether the wake word was said (voicehist.detect.acoustic)
    wake_model = "bundled"       # the Whisper model that asks it: "bundled" (tiny.en), a model's name or a path

    [detect.weights]             # any weight of DEFAULT_WEIGHTS, by name (log-odds; positive = accidental)
    no_wake_word = 3.0
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from voicehist.errors import VoicehistError
from voicehist.paths import locations

DEFAULT_WAKE_WORDS: dict[str, list[str]] = {
    "alexa": ["Alexa", "Echo", "Amazon", "Computer", "Ziggy"],
    "google": ["Hey Google", "OK Google"],
    "siri": ["Hey Siri"],
}

# Published words that wake the assistants by mistake (Amazon's own list; Schönherr et al. 2020).
DEFAULT_NEAR_MISSES: dict[str, list[str]] = {
    # "Alexa's" (= Alexa is/has) is talk about the assistant, never a request to it
    "alexa": ["Alex", "Alexis", "Alexander", "election", "elections", "unacceptable", "a letter", "Alexei", "Alexa's"],
    "google": ["OK cool", "okay cool", "hey cool"],
    "siri": ["seriously", "a city", "Hey Jerry"],
}


# How the transcription model writes a spoken wake word when it mishears it; matched exactly, as the wake word.
# Empty by default: the rules once here ("a lecture", "the lecture"; before a request "I'm going to", "I'm gonna",
# "I'ma") were how tiny.en heard espeak's voices, and real voices never needed them: packed tiny.en wrote 80
# crowd-sourced real "Alexa" recordings (tests/fixtures/real_voices/alexa) as "Alexa" 77 times, "Alixa" twice
# and "Our legs are..." once, never as any of those phrases; a real "I'm gonna play the news" said in a room
# would have counted as the wake word. The audio itself now answers whether the wake word was said
# (voicehist.detect.acoustic). A user whose model hears their voice in a stable way may add lines in config.toml:
#     [detect.misheard]
#     alexa = ["a lecture"]
#     [detect.misheard_before_request]       # everyday phrases: they count only when a request follows
#     alexa = ["I'm gonna"]
DEFAULT_MISHEARD: dict[str, list[str]] = {}
DEFAULT_MISHEARD_BEFORE_REQUEST: dict[str, list[str]] = {}


# The detector's weights, in log-odds: each piece of evidence the scorer finds adds its weight (positive =
# accidental) to the prior, and the score is the logistic of the sum. Named here so config.toml can change any of
# them ([detect.weights]); voicehist/detect/scorer.py says when each applies.
DEFAULT_WEIGHTS: dict[str, float] = {
    "prior": -0.5,  # most history is intended: lean that way until evidence says otherwise
    # vendor: the vendor's own markers and record kinds
    "vendor_not_intended": 5.5,  # "audio was not intended for this device"
    "vendor_not_understood": 1.5,  # "audio could not be understood"
    "vendor_no_text": 0.5,  # "Text not available" and the like
    "vendor_discarded": 5.5,  # kind DISCARDED_NON_DEVICE_DIRECTED_INTENT
    "vendor_asr_timeout": 0.7,  # kind ASR_TIMEOUT: woke, heard no request
    "started_by_tap": -3.0,  # kind ROUTINES_OR_TAP_TO_ALEXA / TAP_TO_ALEXA
    "google_no_hotword": -3.0,  # a Takeout entry whose details lack "Started by hotword"
    "google_unrecognized_speaker": 1.0,
    "second_half": -3.0,  # the /1 half of a split request: the wake word was in the /0 record
    "vendor_acted": -2.0,  # a clean GENERAL record with an intent or a response: the vendor understood a request
    # the audio itself (voicehist.detect.acoustic): the wake word scored at the clip's start against its sound-alikes
    "wake_audio_spoken": -3.0,
    "wake_audio_sound_alike": 3.0,  # "the audio sounds like 'Alexis', not 'Alexa'"
    "wake_audio_unsure": 0.0,  # faint (another voice over it), or a sound-alike a little above it: a reason to look
    "wake_audio_absent": 1.5,  # P(wake word) below acoustic.UNSURE_MIN: a clear no
    # silence: nobody spoke
    "silence_level": 3.0,  # the audio's loudest frame is below -50 dBFS
    "silence_nothing_heard": 4.0,  # an empty transcript
    "silence_no_speech": 3.5,  # Whisper's no-speech probability, a few unsure words
    "silence_stock_phrase": 3.0,  # only Whisper's stock phrase for noise ("thank you for watching")
    # wake word: among the first words heard, or a near-miss where it would be
    "wake_word": -4.0,
    "wake_word_misheard": -4.0,  # how tiny.en writes a spoken wake word ("a lecture")
    "about_the_assistant": 5.0,  # "Alexa said ...", "Alexa is so annoying"
    "near_miss": 3.0,  # "Alexis", "election" where the wake word would be
    "near_miss_then_request": -1.5,  # ... but a request follows
    "no_wake_word": 2.5,
    # alignment: where Alexa's transcript (which never holds the wake word) starts in what was heard
    "alignment_late_start": 1.0,  # three or more words heard before it
    "alignment_request_after_wake": -0.5,
    "alignment_request_from_start": -1.0,
    "alignment_misheard_wake": -1.5,  # one or two words before a request: the wake word misheard
    "transcripts_disagree": 0.5,
    # conversation: speech without a request
    "long_conversation": 2.0,  # at least long_speech_s seconds
    "several_sentences": 1.0,
}


class ConfigError(VoicehistError):
    """config.toml could not be read; the message names the file and the problem."""


@dataclass(frozen=True)
class DetectConfig:
    wake_words: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_WAKE_WORDS.items()}
    )
    near_misses: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_NEAR_MISSES.items()}
    )
    misheard: dict[str, list[str]] = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_MISHEARD.items()})
    misheard_before_request: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_MISHEARD_BEFORE_REQUEST.items()}
    )
    threshold: float = 0.5  # score >= threshold: accidental
    fuzzy_ratio: float = 80.0  # rapidfuzz ratio (0..100) for a heard word to count as a wake word
    wake_window_words: int = 3  # the wake word must be among the first words heard ...
    wake_window_s: float = 2.0  # ... and start within this many seconds of the first word
    no_speech_prob: float = 0.6  # Whisper's no-speech probability above which a clip is "no speech"
    long_speech_s: float = 6.0  # this much speech without a wake word reads as conversation
    split_gap_s: float = 20.0  # a request this soon after a wake-word-only record on the same device is its /1 half
    wake_audio: bool = True  # ask the audio (a Whisper model) whether the wake word was said at the start
    wake_model: str = "bundled"  # which: "bundled", a model's name (``voicehist models``) or a CTranslate2 folder
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def changed_weights(self) -> dict[str, float]:
        """The weights that differ from the defaults."""
        return {k: v for k, v in self.weights.items() if DEFAULT_WEIGHTS.get(k) != v}

    def wake_words_for(self, vendor: str | None) -> list[str]:
        return _for_vendor(self.wake_words, vendor)

    def misheard_for(self, vendor: str | None) -> list[str]:
        return _for_vendor(self.misheard, vendor)

    def misheard_before_request_for(self, vendor: str | None) -> list[str]:
        return _for_vendor(self.misheard_before_request, vendor)

    def near_misses_for(self, vendor: str | None) -> list[str]:
        return _for_vendor(self.near_misses, vendor)


def _for_vendor(table: dict[str, list[str]], vendor: str | None) -> list[str]:
    if vendor and vendor in table:
        return list(table[vendor])
    out: list[str] = []
    for words in table.values():
        out.extend(w for w in words if w not in out)
    return out


@dataclass(frozen=True)
class AppConfig:
    """``[app]``: the review app. ``advance_after_decision``: after Space or a/n/u, move to the next row."""

    advance_after_decision: bool = True


@dataclass(frozen=True)
class Config:
    detect: DetectConfig = field(default_factory=DetectConfig)
    app: AppConfig = field(default_factory=AppConfig)


def _app_from(data: Any, path: Path) -> AppConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [app] must be a table")
    for key, value in data.items():
        if key != "advance_after_decision":
            raise ConfigError(f"{path}: unknown setting app.{key} (known: advance_after_decision)")
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: app.{key} must be true or false, not {value!r}")
    return AppConfig(**data)


WORD_TABLES = ("wake_words", "near_misses", "misheard", "misheard_before_request")


def _words_table(value: Any, where: str, path: Path) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) and w.strip() for w in v)
        for k, v in value.items()
    ):
        raise ConfigError(f'{path}: [{where}] must map a vendor name to a list of words, e.g. alexa = ["Alexa"]')
    return {k: [w.strip() for w in v] for k, v in value.items()}


def _weights_table(value: Any, path: Path) -> dict[str, float]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [detect.weights] must map a weight's name to a number, e.g. no_wake_word = 3.0")
    out = dict(DEFAULT_WEIGHTS)
    for name, weight in value.items():
        if name not in DEFAULT_WEIGHTS:
            raise ConfigError(
                f"{path}: unknown weight detect.weights.{name} (known: {', '.join(sorted(DEFAULT_WEIGHTS))})"
            )
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise ConfigError(f"{path}: detect.weights.{name} must be a number, not {weight!r}")
        out[name] = float(weight)
    return out


def _detect_from(data: dict[str, Any], path: Path) -> DetectConfig:
    base = DetectConfig()
    changes: dict[str, Any] = {}
    numeric = {f.name for f in fields(DetectConfig) if f.type in ("float", "int")}
    for key, value in data.items():
        if key in WORD_TABLES:  # per vendor: the vendors named replace theirs, the others keep the defaults
            changes[key] = {**getattr(base, key), **_words_table(value, f"detect.{key}", path)}
        elif key == "weights":
            changes[key] = _weights_table(value, path)
        elif key == "wake_audio":
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: detect.wake_audio must be true or false, not {value!r}")
            changes[key] = value
        elif key == "wake_model":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{path}: detect.wake_model must be a model's name or folder, not {value!r}")
            changes[key] = value.strip()
        elif key in numeric:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{path}: detect.{key} must be a number, not {value!r}")
            changes[key] = int(value) if key == "wake_window_words" else float(value)
        else:
            known = ", ".join(sorted([*WORD_TABLES, "weights", "wake_audio", "wake_model", *numeric]))
            raise ConfigError(f"{path}: unknown setting detect.{key} (known: {known})")
    if not 0.0 < float(changes.get("threshold", base.threshold)) < 1.0:
        raise ConfigError(f"{path}: detect.threshold must lie between 0 and 1")
    return replace(base, **changes)


def load_config(path: str | Path | None = None) -> Config:
    """The configuration from ``path`` (default: config.toml in the config dir); defaults when it is absent."""
    cfg_path = Path(path) if path is not None else locations().config_file
    if not cfg_path.exists():
        return Config()
    try:
        data = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read {cfg_path}: {e}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{cfg_path} is not valid TOML: {e}") from e
    detect = data.get("detect", {})
    if not isinstance(detect, dict):
        raise ConfigError(f"{cfg_path}: [detect] must be a table")
    return Config(detect=_detect_from(detect, cfg_path), app=_app_from(data.get("app", {}), cfg_path))


__all__ = [
    "AppConfig",
    "Config",
    "DetectConfig",
    "ConfigError",
    "load_config",
    "DEFAULT_WAKE_WORDS",
    "DEFAULT_NEAR_MISSES",
    "DEFAULT_WEIGHTS",
]


# ---- `voicehist config`: the effective settings, a template, and setting one value ------------------------------

TEMPLATE = """\
# voicehist's settings (`voicehist config` shows the effective values; `voicehist config set KEY VALUE` changes one).
# Everything here is optional: a setting left out takes its default.

[requester]
# Who the deletion letters are from. Without a name and an e-mail, a letter says "[your name]" and
# "[the e-mail address of your account]" in their place.
# name = "Your Name"
# email = "you@example.com"          # the e-mail address of your Amazon or Google account
# jurisdiction = "Germany"           # decides the law when --law is not given (UK -> uk-gdpr, California -> ccpa)
# law = "gdpr"                       # or: uk-gdpr, ccpa

[app]
# advance_after_decision = true      # after Space or a/n/u, move to the next row

[display]
# timezone = "Europe/Berlin"         # the zone times are shown and dates typed in (default: the system's)

[detect]
# threshold = 0.5                    # score at or above which a clip is labelled accidental
# long_speech_s = 6.0                # this much speech without a request reads as conversation
# wake_audio = true                  # ask the audio itself whether the wake word was said
# wake_model = "bundled"             # which Whisper model asks it; "base" hears it better under a TV or
#                                    # another voice, at 3x the cost (pip install 'voicehist[base]')

# [detect.wake_words]
# alexa = ["Alexa", "Echo", "Amazon", "Computer", "Ziggy"]
"""
