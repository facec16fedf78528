"""Scoring one clip: was it an accidental activation? Pure: reads the clip row and its words, nothing else.

Every piece of evidence adds a weight in log-odds (positive = accidental) and one human-readable reason; the
score is the logistic of the prior plus the sum. Every weight is named in one table,
``voicehist.config.DEFAULT_WEIGHTS``, which ``[detect.weights]`` in config.toml can change. Each kind of evidence
has its function returning a list of evidence (``vendor_evidence``, ``level_silence_evidence`` and
``silence_evidence``, ``wake_evidence``, ``alignment_evidence``, ``conversation_evidence``); ``score_clip`` puts
them together. Evidence, strongest first:

- the vendor's own markers: placeholders ("audio was not intended for this device"), record kinds
  (WAKE_WORD_ONLY, DISCARDED_NON_DEVICE_DIRECTED_INTENT, ROUTINES_OR_TAP_TO_ALEXA), Google's "Started by hotword";
- split interactions: the wake-word-only ``/0`` half is never accidental; its ``/1`` half has no wake word
  in its audio and is intended;
- the local transcript: is a wake word among the first words heard (fuzzy/phonetic), or a published near-miss
  where the wake word would be; does what follows sound like a request or like talk *about* the assistant;
- the vendor's word: a clean GENERAL record with an intent or a response says the vendor understood a request
  (``vendor_acted``); the local transcript's evidence then counts in proportion to its words' confidence;
- the audio itself (``wake_audio_evidence``, measured by :mod:`voicehist.detect.acoustic`): does the clip start
  with the wake word or with one of its sound-alikes; when it has the wake word, what the transcript shows
  instead is the transcriber mishearing it;
- where Alexa's transcript (which never contains the wake word) starts inside the local one;
- no speech (empty transcript, Whisper's no-speech probability, audio level);
- long, multi-sentence speech without a wake word (TV, conversation).

Clips whose audio is missing or unreadable and that carry no vendor marker are "unknown", never accidental.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from voicehist.config import DetectConfig
from voicehist.detect.acoustic import WakeAudio
from voicehist.detect.wake import Hit, PhraseMatcher, Token, number, tokens_from_words, tokens_of
from voicehist.ids import short_id

DETECTOR_VERSION = "voicehist-detect/1"

ACCIDENTAL = "accidental"
INTENDED = "intended"
UNKNOWN = "unknown"

NOT_INTENDED_MARKERS = ("audio was not intended for", "not intended for this device")
NOT_UNDERSTOOD_MARKERS = ("audio could not be understood", "audio was not understood")
NO_TEXT_MARKERS = ("text not available", "transcript not available", "no text stored")
# Responses that say the vendor did *not* act on what it heard.
NOT_ACTED_RESPONSES = (
    "sorry",
    "i don't know",
    "i dont know",
    "i didn't catch",
    "i didnt catch",
    "i'm not sure",
    "im not sure",
    "i didn't understand",
    "i can't help",
    "i cant help",
    "having trouble",
    "not intended for",
    "audio was not",
)
CONFIDENT = 0.6  # mean local word probability at or above which the local transcript's evidence counts in full

# The weights of the evidence (and the prior) are named in voicehist.config.DEFAULT_WEIGHTS; config.toml can change
# them. These are the thresholds the evidence is found with:
SILENCE_DBFS = -50.0  # a clip whose loudest 30 ms frame is quieter than this holds no speech
ALIGN_MIN = 60.0  # rapidfuzz similarity (0..100) at which Alexa's transcript counts as found in what was heard
ALIGN_MISHEARD_MIN = 75.0  # ... and at which one or two words before it may be the wake word misheard
WAKE_ONLY_SCORE = 0.05  # the score of a wake-word-only record (never accidental, whatever the weights)
WAKE_ONLY_MAX_WORDS = 4  # a WAKE_WORD_ONLY record with this many words heard and no wake word is scored

# Words a request to an assistant usually starts with.
REQUEST_STARTERS = frozenset(
    """turn switch set play stop pause resume add remind call tell what whats how who when where why which will
    open show dim brighten lock unlock volume skip next start cancel wake find search order buy shuffle read give
    send text message increase decrease raise lower goodnight thank thanks help repeat louder quieter mute unmute
    navigate check change make put remove delete alarm timer weather define spell translate is are do does can
    could would should good listen let lets""".split()
)
# After the wake word these mean people are talking *about* the assistant, not to it.
# ("wants" and "called" are left out: tiny.en writes "Alexa, what's the weather" as "Alexa wants the weather" and
# "Alexa, call mum" as "A lecture called Mum".)
NARRATION = frozenset(
    """was said says has had and told thinks keeps always didnt doesnt isnt wasnt cant couldnt wont needs likes
    loves hates knows gets got goes went makes made takes took lives works seems looks sounds feels came
    comes""".split()
)
_IS_DESCRIBING = frozenset("so really very not always never too just such pretty quite a an".split())
# What Whisper may write before a wake word: fillers, breaths, greetings.
FILLERS = frozenset("the a an oh uh um hmm hey hi ok okay so and yeah well ah eh".split())


@dataclass
class Evidence:
    weight: float
    reason: str
    name: str = ""  # the weight's name in voicehist.config.DEFAULT_WEIGHTS


@dataclass(frozen=True)
class Verdict:
    score: float  # 0..1, probability-like: higher = more likely accidental
    label: str  # accidental | intended | unknown
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "label": self.label, "reasons": list(self.reasons)}


def _lower(s: Any) -> str:
    return str(s or "").strip().lower()


def _has(text: str, markers: Iterable[str]) -> bool:
    return any(m in text for m in markers)


def vendor_placeholder(text: str | None) -> str | None:
    """'not_intended' | 'not_understood' | 'no_text' | None for a real transcript."""
    t = _lower(text)
    if not t:
        return "no_text"
    if _has(t, NOT_INTENDED_MARKERS):
        return "not_intended"
    if _has(t, NOT_UNDERSTOOD_MARKERS):
        return "not_understood"
    if _has(t, NO_TEXT_MARKERS) or t == "unknown":
        return "no_text"
    return None


_SPLIT_SUFFIX = re.compile(r"^(?P<stem>.+)/(?P<n>\d+)$")


def split_part(vendor_id: str | None) -> tuple[str, int] | None:
    """(stem, n) for an Alexa utteranceId ending in /n (a split interaction), else None."""
    if not vendor_id:
        return None
    m = _SPLIT_SUFFIX.match(vendor_id.strip())
    if not m or "/" not in m.group("stem"):
        return None
    return m.group("stem"), int(m.group("n"))


def _raw_records(raw: Any) -> list[dict[str, Any]]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    if isinstance(raw, dict):
        return [raw]
    if isinstance(raw, list):
        return [r for r in raw if isinstance(r, dict)]
    return []


def google_details(raw: Any) -> list[str] | None:
    """The names in a Google Takeout entry's ``details`` (None when the raw record has no such entry)."""
    records = _raw_records(raw)
    if not records:
        return None
    names: list[str] = []
    seen = False
    for rec in records:
        for key in ("details", "Details"):
            if key in rec:
                seen = True
                value = rec.get(key)
                for d in value if isinstance(value, list) else []:  # ``"details": true`` is no list of names
                    if isinstance(d, dict) and d.get("name"):
                        names.append(str(d["name"]))
                    elif isinstance(d, str):
                        names.append(d)
    if not seen and any(("header" in r or "title" in r) for r in records):
        return []  # a Takeout entry without details: no hotword was recorded
    return names if seen else None


_INTENT_KEYS = ("intent", "Intent", "domain", "Domain")


def vendor_intent(raw: Any) -> str | None:
    """The intent (or domain) the vendor's raw record names, e.g. Alexa's ``SetTimerIntent``; None when none."""
    for rec in _raw_records(raw):
        for key in _INTENT_KEYS:
            v = rec.get(key)
            if isinstance(v, str) and v.strip() and v.strip().lower() not in {"unknown", "none", "null", "n/a"}:
                return v.strip()
    return None


def _join(tokens: Sequence[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _fmt_s(x: float) -> str:
    return f"{x:.1f} s"


def _is_request(tokens: Sequence[Token]) -> bool:
    words = [t.text for t in tokens[:3]]
    return bool(words) and (
        words[0] in REQUEST_STARTERS
        or (
            len(words) > 1
            and words[0] in {"please", "hey", "ok", "okay", "and", "so", "um", "uh"}
            and words[1] in REQUEST_STARTERS
        )
    )


# What Whisper writes for noise or silence (learned from video subtitles); a short transcript that is only this
# means nobody spoke.
_STOCK_PHRASES = (
    "thank you for watching",
    "thanks for watching",
    "thank you so much for watching",
    "please subscribe",
    "subscribe to my channel",
    "see you in the next video",
    "thank you very much for watching",
)
_STOCK_SHORT = frozenset({"you", "thank you", "thanks", "bye", "bye bye", "music", "applause", "oh", "hmm"})


def _hallucination(tokens: Sequence[Token]) -> str | None:
    text = " ".join(t.text for t in tokens)
    if text in _STOCK_SHORT:
        return text
    for phrase in _STOCK_PHRASES:
        if text.startswith(phrase) and len(tokens) <= len(phrase.split()) + 8:
            return phrase
    return None


def _narrates(after: Sequence[Token]) -> bool:
    """'Alexa said ...', 'Alexa is so annoying', 'Alexa is listening': about the assistant, not to it."""
    first = after[0].text
    if first in NARRATION:
        return not _is_request(after[1:2])
    if first == "is" and len(after) > 1:
        nxt = after[1].text
        return nxt in _IS_DESCRIBING or (nxt.endswith("ing") and len(nxt) > 4)
    return False


def _align(vendor_tokens: list[str], local: list[str]) -> tuple[int, float]:
    """Where Alexa's transcript best starts inside the local one: (token index, similarity 0..100)."""
    if not vendor_tokens or not local:
        return 0, 0.0
    target = " ".join(vendor_tokens)
    n = len(vendor_tokens)
    best = (0, -1.0)
    for s in range(0, min(len(local), 60)):
        cand = " ".join(local[s : s + n])
        r = fuzz.ratio(cand, target)
        if r > best[1]:
            best = (s, r)
    return best[0], best[1]


def _speech_span(tokens: Sequence[Token]) -> float | None:
    starts = [t.start for t in tokens if t.start is not None]
    ends = [t.end for t in tokens if t.end is not None]
    if not starts or not ends:
        return None
    return max(0.0, max(ends) - min(starts))


def _sentences(text: str) -> int:
    parts = [p for p in re.split(r"[.!?]+", text or "") if len(tokens_of(p)) >= 3]
    return len(parts)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class _Weigh:
    """Evidence with its weight looked up by name in the configuration's table (``DEFAULT_WEIGHTS``)."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self._weights = weights

    def __call__(self, name: str, reason: str) -> Evidence:
        return Evidence(self._weights[name], reason, name)


@dataclass(frozen=True)
class _Clip:
    """What the scorer reads from a clip row, parsed once."""

    row: dict[str, Any]
    vendor: str
    kind: str
    vendor_text: Any
    placeholder: str | None
    part: tuple[str, int] | None
    role: Any
    partner: Any
    response: str
    intent: str | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> _Clip:
        vtext = row.get("vendor_transcript")
        return cls(
            row=row,
            vendor=_lower(row.get("vendor")) or "unknown",
            kind=_lower(row.get("vendor_kind")).upper(),
            vendor_text=vtext,
            placeholder=vendor_placeholder(vtext),
            part=split_part(row.get("vendor_id")),
            role=row.get("pair_role"),
            partner=row.get("pair_partner"),
            response=str(row.get("vendor_response") or "").strip(),
            intent=vendor_intent(row.get("raw")),
        )

    @property
    def lone_zero(self) -> bool:
        """An utteranceId ending in /0 with no text: the wake-word-only half, even with its partner missing."""
        return self.part is not None and self.part[1] == 0 and self.placeholder == "no_text" and self.vendor != "google"

    @property
    def second_half(self) -> bool:
        return self.role == "second" or (
            self.part is not None and self.part[1] >= 1 and self.role is None and bool(self.partner)
        )

    @property
    def partner_note(self) -> str:
        return f" ({short_id(str(self.partner))})" if self.partner else ""

    @property
    def audio_problem(self) -> str | None:
        """Why the audio cannot tell anything, or None when it can."""
        if self.row.get("audio_problem"):
            return f"audio unreadable ({self.row.get('audio_problem')})"
        return None if self.row.get("audio_path") else "no audio in the export"


@dataclass(frozen=True)
class _Heard:
    """The local transcript as tokens, and whether Whisper itself says nobody spoke."""

    tokens: list[Token]
    no_speech_prob: Any
    no_speech: bool
    confidence: float | None = None  # the local words' mean probability (None when the engine gave none)

    @property
    def unsure(self) -> bool:
        return self.confidence is not None and self.confidence < CONFIDENT

    @classmethod
    def of(cls, c: _Clip, words: Sequence[dict[str, Any]], cfg: DetectConfig) -> _Heard:
        tokens = tokens_from_words(words, c.row.get("transcript"))
        info = c.row.get("transcript_info") or {}
        nsp = info.get("no_speech_prob")
        avg_logprob = info.get("avg_logprob")
        confidence = info.get("confidence")
        probs = [float(w["probability"]) for w in words if isinstance(w.get("probability"), int | float)]
        mean_prob = sum(probs) / len(probs) if probs else (confidence if isinstance(confidence, int | float) else None)
        unsure = (mean_prob is not None and mean_prob < 0.5) or (
            isinstance(avg_logprob, int | float) and avg_logprob < -1.0 and mean_prob is None
        )
        no_speech = isinstance(nsp, int | float) and nsp >= cfg.no_speech_prob and len(tokens) <= 4 and unsure
        return cls(tokens, nsp, no_speech, None if mean_prob is None else float(mean_prob))


@dataclass(frozen=True)
class _Wake:
    """The wake word (or a near-miss) among the first words heard."""

    matcher: PhraseMatcher
    wake: Hit | None
    near: Hit | None


# --- each kind of evidence --------------------------------------------------------------------------------------


def wake_only_reason(c: _Clip) -> str | None:
    """Why the clip is a wake-word-only record (never accidental), or None. The /0 half of a split request holds
    only the wake word; the request follows in the next record."""
    if not (c.role == "first" or c.kind == "WAKE_WORD_ONLY" or c.lone_zero):
        return None
    why = "wake word only (vendor record kind WAKE_WORD_ONLY)" if c.kind == "WAKE_WORD_ONLY" else "wake word only"
    if c.role == "first" or c.lone_zero:
        why = f"{why}: the first half of a split request; the request follows in the next record{c.partner_note}"
    return why


def vendor_evidence(c: _Clip, weigh: _Weigh) -> list[Evidence]:
    """The vendor's own markers: placeholder transcripts, record kinds, Google's details, split halves."""
    ev: list[Evidence] = []
    marked = str(c.vendor_text).strip()
    if c.placeholder == "not_intended":
        ev.append(weigh("vendor_not_intended", f"vendor marked: {marked}"))
    elif c.placeholder == "not_understood":
        ev.append(weigh("vendor_not_understood", f"vendor marked: {marked}"))
    elif c.placeholder == "no_text" and c.vendor_text:
        ev.append(weigh("vendor_no_text", f"vendor kept no text ({marked})"))
    if "DISCARDED" in c.kind or "NON_DEVICE_DIRECTED" in c.kind:
        ev.append(weigh("vendor_discarded", f"vendor discarded it as not directed at the device ({c.kind})"))
    elif c.kind == "ASR_TIMEOUT":
        ev.append(weigh("vendor_asr_timeout", "vendor kind ASR_TIMEOUT: the device woke but heard no request"))
    if c.kind in {"ROUTINES_OR_TAP_TO_ALEXA", "TAP_TO_ALEXA"} or "TAP" in c.kind.split("_"):
        ev.append(weigh("started_by_tap", f"started by a tap or routine, not the wake word ({c.kind})"))
    if c.vendor == "google":
        details = google_details(c.row.get("raw"))
        if details is not None:
            lowered = [d.lower() for d in details]
            if not any("hotword" in d for d in lowered):
                ev.append(weigh("google_no_hotword", "Google: not started by the hotword (a manual tap)"))
            if any("unrecognized speaker" in d or "unrecognised speaker" in d for d in lowered):
                ev.append(weigh("google_unrecognized_speaker", "Google: from an unrecognized speaker"))
    if c.second_half:
        ev.append(
            weigh(
                "second_half",
                f"second half of a split request: the wake word was in the record just before{c.partner_note}",
            )
        )
    return ev


def vendor_acted(c: _Clip) -> str | None:
    """Why the vendor's own record says it understood and acted on a request, or None.

    A clean vendor transcript (no placeholder) of kind GENERAL that reads as a request (or carries an intent),
    and an intent or a response that is not one of the vendor's "sorry, I don't know" answers."""
    if c.placeholder is not None or c.kind != "GENERAL" or c.second_half:
        return None
    response = c.response if c.response and not _has(c.response.lower(), NOT_ACTED_RESPONSES) else ""
    if not (c.intent or response):
        return None
    vt = tokens_of(c.vendor_text)
    if not vt or not (c.intent or _is_request([Token(w) for w in vt])):
        return None
    name = {"alexa": "Amazon", "google": "Google"}.get(c.vendor, "the vendor")
    how = f"intent {c.intent}" if c.intent else f"answered '{_clip_text(response, 40)}'"
    return f"{name} understood a request and acted on it ('{_clip_text(str(c.vendor_text), 50)}'; {how})"


def _clip_text(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# Vendor evidence that decides a clip even when its audio cannot be heard.
VENDOR_MARKERS = frozenset({"vendor_not_intended", "vendor_not_understood", "vendor_discarded"})
# Vendor evidence that the clip was started by hand, not by the wake word.
MANUAL_START = frozenset({"started_by_tap", "google_no_hotword"})
SETTLED_BY_VENDOR = VENDOR_MARKERS | MANUAL_START  # the vendor alone can decide the clip


def level_silence_evidence(c: _Clip, weigh: _Weigh) -> list[Evidence]:
    """Silence by the audio level alone (the runner measures it where the transcript leaves the question open)."""
    level = c.row.get("audio_level")
    if isinstance(level, int | float) and level < SILENCE_DBFS:
        return [weigh("silence_level", f"silence / no speech (audio peaks at {level:.0f} dBFS)")]
    return []


def silence_evidence(heard: _Heard, weigh: _Weigh, *, brief: bool = False) -> list[Evidence]:
    """Nobody spoke, by the transcript: Whisper's no-speech probability on a few unsure words, or only its stock
    phrase for noise. ``brief``: only the no-speech probability, named without the words heard."""
    if heard.no_speech:
        nsp = heard.no_speech_prob
        heard_only = "" if brief else f"; heard only '{_join(heard.tokens[:4])}'"
        return [weigh("silence_no_speech", f"silence / no speech (no-speech probability {nsp:.2f}{heard_only})")]
    stock = None if brief else _hallucination(heard.tokens)
    if stock:
        return [
            weigh("silence_stock_phrase", f"silence / no speech: only Whisper's stock phrase for noise ('{stock}')")
        ]
    return []


def find_wake(c: _Clip, tokens: Sequence[Token], cfg: DetectConfig) -> _Wake:
    """The wake word, or else a near-miss, among the first words heard."""
    matcher = PhraseMatcher(
        cfg.wake_words_for(c.vendor),
        cfg.near_misses_for(c.vendor),
        cfg.fuzzy_ratio,
        cfg.misheard_for(c.vendor),
        cfg.misheard_before_request_for(c.vendor),
    )
    first_start = next((t.start for t in tokens if t.start is not None), None)
    window = cfg.wake_window_words

    def in_window(h: Hit) -> bool:
        if h.index >= window:
            return False
        if h.start is not None and first_start is not None and h.start - first_start > cfg.wake_window_s:
            return False
        if h.kind == "wake" and h.index > 0:
            # Whisper may hear a breath or a filler before the wake word ("The Alexa", "Hey Lexa"), but
            # "I asked Alexa" is talk about the assistant: only fillers, or one word just before it, may precede
            before = tokens[: h.index]
            prev = before[-1]
            pause = h.start is not None and prev.end is not None and h.start - prev.end >= 0.5
            new_sentence = prev.ends_sentence or pause  # "... it. Alexa, stop": the tail of what came before
            if not all(t.text in FILLERS for t in before) and not new_sentence:
                close = h.start is not None and first_start is not None and h.start - first_start <= 0.8
                if h.index > 1 or not close:
                    return False
        return True

    early = [h for h in matcher.find_all(tokens, limit=window + 2) if in_window(h)]
    wake = next(
        (h for h in early if h.kind == "wake" and (not h.conditional or _is_request(tokens[h.end_index :]))), None
    )
    near = next((h for h in early if h.kind == "near"), None)
    return _Wake(matcher, wake, near)


def wake_evidence(found: _Wake, tokens: Sequence[Token], weigh: _Weigh) -> list[Evidence]:
    """The wake word heard (and whether what follows talks about the assistant), a near-miss, or neither."""
    wake, near = found.wake, found.near
    if wake:
        at = f" at {_fmt_s(wake.start)}" if wake.start is not None else ""
        if wake.misheard:
            return [
                weigh(
                    "wake_word_misheard",
                    f"'{wake.heard}' among the first words heard{at}: how Whisper tiny.en writes a spoken wake word",
                )
            ]
        same = wake.heard.replace(" ", "") == wake.phrase.lower().replace(" ", "")
        as_heard = "" if same else f" (heard as '{wake.heard}')"
        ev = [weigh("wake_word", f"wake word '{wake.phrase}'{as_heard} among the first words heard{at}")]
        after = tokens[wake.end_index :]
        if after and _narrates(after):
            ev.append(
                weigh(
                    "about_the_assistant",
                    f"'{wake.phrase} {after[0].text} ...': talk about the assistant, not a request",
                )
            )
        return ev
    if near:
        ev = [weigh("near_miss", f"near-miss word '{near.heard}' where the wake word would be")]
        after = tokens[near.end_index :]
        if _is_request(after):
            ev.append(
                weigh(
                    "near_miss_then_request",
                    f"but what follows sounds like a request ('{' '.join(t.text for t in after[:4])}')",
                )
            )
        return ev
    later = [h for h in found.matcher.find_all(tokens) if h.kind == "wake"]
    where = f"; the wake word only comes later ('{later[0].heard}')" if later else ""
    heard_first = " ".join(t.text for t in tokens[: min(4, len(tokens))])
    return [weigh("no_wake_word", f"no wake word in the first words heard ('{heard_first}'){where}")]


def alignment_evidence(c: _Clip, tokens: Sequence[Token], found: _Wake, weigh: _Weigh) -> list[Evidence]:
    """Where Alexa's own transcript (which never contains the wake word) starts in what was heard."""
    if c.placeholder is not None or c.vendor != "alexa":
        return []
    wake, near = found.wake, found.near
    local = [t.text for t in tokens]
    vt = tokens_of(c.vendor_text)
    s, sim = _align(vt, local)
    if sim < ALIGN_MIN:
        if len(vt) >= 2 and len(local) >= 2:
            return [
                weigh(
                    "transcripts_disagree",
                    f"worth a look: the vendor's and the local transcripts disagree ('{' '.join(vt[:5])}' vs"
                    f" '{' '.join(local[:5])}'); a disagreement is not proof of an accident",
                )
            ]
        return []
    ev: list[Evidence] = []
    prefix = local[:s]
    vendor_request = _is_request([Token(w) for w in vt])
    if not wake and len(prefix) >= 3:
        ev.append(
            weigh(
                "alignment_late_start",
                f"Alexa's transcript starts {len(prefix)} words into what was heard ('{' '.join(prefix[:5])}')",
            )
        )
    elif wake and s >= wake.end_index and vendor_request:
        ev.append(weigh("alignment_request_after_wake", "Alexa's transcript is the request right after the wake word"))
    if not wake and not near and s == 0 and vendor_request:
        ev.append(weigh("alignment_request_from_start", "Alexa heard a request from the first word on"))
    elif not wake and not near and 1 <= len(prefix) <= 2 and sim >= ALIGN_MISHEARD_MIN and vendor_request:
        ev.append(
            weigh(
                "alignment_misheard_wake",
                f"'{' '.join(prefix)}' before Alexa's transcript may be the wake word misheard;"
                " what follows is a request",
            )
        )
    return ev


def conversation_evidence(
    c: _Clip, tokens: Sequence[Token], found: _Wake, cfg: DetectConfig, weigh: _Weigh
) -> list[Evidence]:
    """Long or multi-sentence speech without the wake word: TV, radio, people talking."""
    if found.wake:
        return []
    span = _speech_span(tokens)
    seconds = span if span is not None else (number(c.row.get("duration")) or 0.0)
    if seconds >= cfg.long_speech_s:
        return [weigh("long_conversation", f"{_fmt_s(seconds)} of conversation, no request")]
    if _sentences(str(c.row.get("transcript") or "")) >= 2:
        return [weigh("several_sentences", "several sentences of conversation, no request")]
    return []


def wake_audio_evidence(c: _Clip, weigh: _Weigh) -> list[Evidence]:
    """What the audio itself says about the wake word at the start (``wake_audio`` on the row, measured by the
    runner with :mod:`voicehist.detect.acoustic`)."""
    wa = _wake_audio(c)
    if wa is None:
        return []
    if wa.spoken:
        return [weigh("wake_audio_spoken", wa.reason())]
    if wa.sound_alike:
        return [weigh("wake_audio_sound_alike", wa.reason())]
    if wa.unsure:
        return [weigh("wake_audio_unsure", wa.reason())]
    return [weigh("wake_audio_absent", wa.reason())]


# Evidence read from the local transcript's words alone: it counts in proportion to how sure the model was of them.
LOCAL_TEXT = frozenset(
    {
        "no_wake_word",
        "near_miss",
        "about_the_assistant",
        "alignment_late_start",
        "transcripts_disagree",
        "long_conversation",
        "several_sentences",
    }
)


def _by_confidence(ev: list[Evidence], heard: _Heard, acted: bool) -> list[Evidence]:
    """The local transcript's accidental-side evidence, scaled by the local words' mean probability when the model
    was unsure of them; a disagreement with a vendor that acted on the request weighs nothing (a reason to look)."""
    out: list[Evidence] = []
    for e in ev:
        if e.name not in LOCAL_TEXT or e.weight <= 0:
            out.append(e)
            continue
        if e.name == "transcripts_disagree" and acted:
            out.append(Evidence(0.0, e.reason, e.name))
        elif heard.unsure and heard.confidence is not None:
            factor = heard.confidence / CONFIDENT
            out.append(
                Evidence(
                    e.weight * factor,
                    f"{e.reason} (the local words are unsure: mean confidence {heard.confidence:.2f})",
                    e.name,
                )
            )
        else:
            out.append(e)
    return out


# Transcript evidence that rests on "the wake word is not at the start": moot when the audio says it is.
NO_WAKE_IN_TEXT = frozenset(
    {"no_wake_word", "near_miss", "long_conversation", "several_sentences", "alignment_late_start"}
)


def _heard_the_wake_word(local: list[Evidence]) -> list[Evidence]:
    """The audio says the wake word starts the clip: what the transcript shows instead (a near-miss, no wake
    word, speech "without a wake word") is the transcriber mishearing it; shown, weighing nothing."""
    out: list[Evidence] = []
    for e in local:
        if e.name in NO_WAKE_IN_TEXT and e.weight > 0:
            out.append(
                Evidence(
                    0.0, f"{e.reason} (but the audio has the wake word: the transcript missed or misheard it)", e.name
                )
            )
        elif e.name == "near_miss_then_request":
            continue  # the near-miss it softened weighs nothing now
        else:
            out.append(e)
    return out


# --- the verdict ------------------------------------------------------------------------------------------------


def _speech_behind_wake_only(
    c: _Clip, clip: dict[str, Any], words: Sequence[dict[str, Any]], cfg: DetectConfig
) -> bool:
    """A record the vendor calls WAKE_WORD_ONLY that is not the first half of a split request, yet holds a
    sentence with no wake word at its start (the device woke on something else, e.g. "I told Alex…"): such a
    record is scored like any other clip instead of being taken for a harmless wake-word-only half."""
    if c.role == "first" or c.lone_zero or _lower(clip.get("transcript_status")) != "done":
        return False
    heard = _Heard.of(c, words, cfg)
    return len(heard.tokens) >= WAKE_ONLY_MAX_WORDS and find_wake(c, heard.tokens, cfg).wake is None


def needs_wake_audio(clip: dict[str, Any], words: Sequence[dict[str, Any]], config: DetectConfig | None = None) -> bool:
    """Whether the audio's own wake-word evidence can change this clip's verdict: a transcribed clip with readable
    audio, neither a wake-word-only half, a second half nor a clip the vendor's markers settle, whose local
    transcript does not already show a configured wake word exactly and with confident words."""
    cfg = config or DetectConfig()
    c = _Clip.of(clip)
    if c.audio_problem or _lower(clip.get("transcript_status")) != "done":
        return False
    if (wake_only_reason(c) and not _speech_behind_wake_only(c, clip, words, cfg)) or c.second_half:
        return False
    if any(e.name in SETTLED_BY_VENDOR for e in vendor_evidence(c, _Weigh(cfg.weights))):
        return False
    heard = _Heard.of(c, words, cfg)
    if not heard.tokens or heard.no_speech:
        return False
    w = find_wake(c, heard.tokens, cfg).wake
    return not (w is not None and w.exact and not w.misheard and not heard.unsure)


def score_clip(clip: dict[str, Any], words: Sequence[dict[str, Any]], config: DetectConfig | None = None) -> Verdict:
    """Score one clip (a clip_view row, optionally with ``transcript_info``, ``pair_role``, ``pair_partner``,
    ``audio_level``) given its local transcript's words. Pure.

    The evidence is gathered kind by kind; a clip whose audio or transcript cannot say more stops early: a
    wake-word-only record, a clip without usable audio or not yet transcribed, a clip started by hand (only
    silence can add to what the vendor says) and a clip where nobody spoke.
    """
    cfg = config or DetectConfig()
    weigh = _Weigh(cfg.weights)
    c = _Clip.of(clip)
    wake_only = wake_only_reason(c)
    if wake_only and not _speech_behind_wake_only(c, clip, words, cfg):
        return Verdict(WAKE_ONLY_SCORE, INTENDED, [wake_only])
    if wake_only and (heard_wake := _audio_hears_wake(c)) is not None:
        # words behind it, but the audio has (or may have) the wake word: another voice over "Alexa" alone
        return Verdict(
            WAKE_ONLY_SCORE, INTENDED, [wake_only, f"{heard_wake}: the other words heard are another voice's"]
        )

    ev = vendor_evidence(c, weigh)
    settled = any(e.name in SETTLED_BY_VENDOR for e in ev)
    problem = c.audio_problem
    if problem:
        unknown = None if settled else f"{problem} and no vendor marker: cannot tell"
        return _verdict(ev, cfg, unknown_reason=unknown, extra=problem)
    ev += level_silence_evidence(c, weigh)
    silent = any(e.name == "silence_level" for e in ev)
    status = _lower(clip.get("transcript_status"))
    if status != "done":
        unknown = f"not transcribed yet ({status or 'pending'}): run `voicehist transcribe`"
        return _verdict(ev, cfg, unknown_reason=None if settled or silent else unknown)

    heard = _Heard.of(c, words, cfg)
    if not heard.tokens:
        nothing = weigh("silence_nothing_heard", "silence / no speech (nothing heard in the audio)")
        return _verdict(ev if silent else [*ev, nothing], cfg)
    if any(e.name in MANUAL_START for e in ev) or c.second_half:
        return _verdict(ev + silence_evidence(heard, weigh, brief=True), cfg)
    found = find_wake(c, heard.tokens, cfg)
    if not found.wake and (nobody := silence_evidence(heard, weigh)):
        return _verdict(ev + nobody, cfg)
    acted = vendor_acted(c)
    if acted:
        ev.append(weigh("vendor_acted", acted))
    audio = wake_audio_evidence(c, weigh)
    ev += audio
    local = wake_evidence(found, heard.tokens, weigh)
    local += alignment_evidence(c, heard.tokens, found, weigh)
    local += conversation_evidence(c, heard.tokens, found, cfg, weigh)
    if any(e.name == "wake_audio_spoken" for e in audio):
        local = _heard_the_wake_word(local)
    ev += _by_confidence(local, heard, bool(acted))
    verdict = _verdict(ev, cfg)
    if acted and heard.unsure and verdict.label == ACCIDENTAL:
        return _vendor_first(verdict, ev, heard, _audio_unsure(c), cfg)
    return verdict


def _wake_audio(c: _Clip) -> WakeAudio | None:
    """The audio's answer about the wake word (``wake_audio`` on the row, measured by the runner), if any."""
    raw = c.row.get("wake_audio")
    return WakeAudio.from_json(raw) if isinstance(raw, Mapping) else None


def _audio_hears_wake(c: _Clip) -> str | None:
    """What the audio says when it has, or may have, the wake word (spoken or unsure), else None."""
    wa = _wake_audio(c)
    if wa is None or not (wa.spoken or wa.unsure):
        return None
    return f"the audio {'has' if wa.spoken else 'may have'} the wake word ('{wa.wake}' {wa.p_wake:.3f})"


def _audio_unsure(c: _Clip) -> WakeAudio | None:
    """The audio's answer when it is unsure (:attr:`WakeAudio.unsure`: a faint wake word, or a sound-alike a
    little above it), else None."""
    wa = _wake_audio(c)
    return wa if wa is not None and wa.unsure else None


def _vendor_first(
    verdict: Verdict, ev: list[Evidence], heard: _Heard, audio_unsure: WakeAudio | None, cfg: DetectConfig
) -> Verdict:
    """The vendor's word first: unsure local words (and an unsure audio answer) alone never call a request the
    vendor acted on accidental."""
    if any(e.weight > 0 and e.name not in LOCAL_TEXT for e in ev):
        return verdict
    score = min(verdict.score, round(cfg.threshold - 0.01, 3))
    why = f"the local words alone (mean confidence {heard.confidence:.2f})"
    if audio_unsure is not None:
        why += f" and the audio, unsure itself ('{audio_unsure.wake}' {audio_unsure.p_wake:.2f}),"
    why += " are too unsure to call a request the vendor acted on accidental"
    return Verdict(score, INTENDED, [why, *verdict.reasons])


def _verdict(
    ev: list[Evidence], cfg: DetectConfig, unknown_reason: str | None = None, extra: str | None = None
) -> Verdict:
    total = cfg.weights["prior"] + sum(e.weight for e in ev)
    score = round(_sigmoid(total), 3)
    if unknown_reason is not None:
        reasons = [unknown_reason] + [e.reason for e in ev]
        return Verdict(score, UNKNOWN, reasons)
    label = ACCIDENTAL if score >= cfg.threshold else INTENDED
    sign = 1 if label == ACCIDENTAL else -1
    ordered = sorted(ev, key=lambda e: -sign * e.weight)
    reasons = [e.reason for e in ordered]
    if extra and extra not in reasons:
        reasons.append(extra)
    return Verdict(score, label, reasons)


__all__ = [
    "Verdict",
    "score_clip",
    "needs_wake_audio",
    "vendor_acted",
    "vendor_intent",
    "split_part",
    "vendor_placeholder",
    "google_details",
    "DETECTOR_VERSION",
]
