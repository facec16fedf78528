"""Scoring one clip: was it an accidental activation? Pure: reads the clip row and its words, nothing else.

Every piece of evidence adds a weight in log-odds (positive = accidental) and one human-readable reason; the
score is the logistic of the sum. Evidence, strongest first:

- the vendor's own markers: placeholders ("audio was not intended for this device"), record kinds
  (WAKE_WORD_ONLY, DISCARDED_NON_DEVICE_DIRECTED_INTENT, ROUTINES_OR_TAP_TO_ALEXA), Google's "Started by hotword";
- split interactions: the wake-word-only ``/0`` half is never accidental; its ``/1`` half has no wake word
  in its audio and is intended;
- the local transcript: is a wake word among the first words heard (fuzzy/phonetic), or a published near-miss
  where the wake word would be; does what follows sound like a request or like talk *about* the assistant;
- where Alexa's transcript (which never contains the wake word) starts inside the local one;
- no speech (empty transcript, Whisper's no-speech probability, audio level);
- long, multi-sentence speech without a wake word (TV, conversation).

Clips whose audio is missing or unreadable and that carry no vendor marker are "unknown", never accidental.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from voicehist.config import DetectConfig
from voicehist.detect.wake import Hit, PhraseMatcher, Token, tokens_from_words, tokens_of

DETECTOR_VERSION = "voicehist-detect/1"

ACCIDENTAL = "accidental"
INTENDED = "intended"
UNKNOWN = "unknown"

NOT_INTENDED_MARKERS = ("audio was not intended for", "not intended for this device")
NOT_UNDERSTOOD_MARKERS = ("audio could not be understood", "audio was not understood")
NO_TEXT_MARKERS = ("text not available", "transcript not available", "no text stored")

PRIOR = -0.5  # most history is intended: lean that way until evidence says otherwise

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
                for d in rec.get(key) or []:
                    if isinstance(d, dict) and d.get("name"):
                        names.append(str(d["name"]))
                    elif isinstance(d, str):
                        names.append(d)
    if not seen and any(("header" in r or "title" in r) for r in records):
        return []  # a Takeout entry without details: no hotword was recorded
    return names if seen else None


def _short_id(clip_id: str) -> str:
    """The end of a long Alexa utteranceId (enough to recognise it), or the whole of a short id."""
    return clip_id if len(clip_id) <= 24 else "…" + clip_id[-20:]


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


def _number(v: Any) -> float | None:
    try:
        return None if v is None or isinstance(v, bool) else float(v)
    except (TypeError, ValueError):
        return None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def score_clip(clip: dict[str, Any], words: Sequence[dict[str, Any]], config: DetectConfig | None = None) -> Verdict:
    """Score one clip (a clip_view row, optionally with ``transcript_info``, ``pair_role``, ``pair_partner``,
    ``audio_level``) given its local transcript's words. Pure."""
    cfg = config or DetectConfig()
    vendor = _lower(clip.get("vendor")) or "unknown"
    kind = _lower(clip.get("vendor_kind")).upper()
    vtext = clip.get("vendor_transcript")
    placeholder = vendor_placeholder(vtext)
    info = clip.get("transcript_info") or {}
    ev: list[Evidence] = []

    # --- split interactions: the /0 half is never accidental
    part = split_part(clip.get("vendor_id"))
    role = clip.get("pair_role")
    partner = clip.get("pair_partner")
    lone_zero = part is not None and part[1] == 0 and placeholder == "no_text" and vendor != "google"
    if role == "first" or kind == "WAKE_WORD_ONLY" or lone_zero:
        why = "wake word only (vendor record kind WAKE_WORD_ONLY)" if kind == "WAKE_WORD_ONLY" else "wake word only"
        if role == "first" or lone_zero:
            follow = f" ({_short_id(partner)})" if partner else ""
            why = f"{why}: the first half of a split request; the request follows in the next record{follow}"
        return Verdict(0.05, INTENDED, [why])

    # --- the vendor's own markers
    if placeholder == "not_intended":
        ev.append(Evidence(5.5, f"vendor marked: {str(vtext).strip()}"))
    elif placeholder == "not_understood":
        ev.append(Evidence(1.5, f"vendor marked: {str(vtext).strip()}"))
    elif placeholder == "no_text" and vtext:
        ev.append(Evidence(0.5, f"vendor kept no text ({str(vtext).strip()})"))
    if "DISCARDED" in kind or "NON_DEVICE_DIRECTED" in kind:
        ev.append(Evidence(5.5, f"vendor discarded it as not directed at the device ({kind})"))
    elif kind == "ASR_TIMEOUT":
        ev.append(Evidence(0.7, "vendor kind ASR_TIMEOUT: the device woke but heard no request"))

    manual = False
    if kind in {"ROUTINES_OR_TAP_TO_ALEXA", "TAP_TO_ALEXA"} or "TAP" in kind.split("_"):
        ev.append(Evidence(-3.0, f"started by a tap or routine, not the wake word ({kind})"))
        manual = True
    if vendor == "google":
        details = google_details(clip.get("raw"))
        if details is not None:
            lowered = [d.lower() for d in details]
            if not any("hotword" in d for d in lowered):
                ev.append(Evidence(-3.0, "Google: not started by the hotword (a manual tap)"))
                manual = True
            if any("unrecognized speaker" in d or "unrecognised speaker" in d for d in lowered):
                ev.append(Evidence(1.0, "Google: from an unrecognized speaker"))

    second_half = role == "second" or (part is not None and part[1] >= 1 and role is None and bool(partner))
    if second_half:
        ev.append(
            Evidence(
                -3.0,
                "second half of a split request: the wake word was in the record just before"
                + (f" ({_short_id(partner)})" if partner else ""),
            )
        )

    # --- can the audio tell us anything?
    audio_ok = bool(clip.get("audio_path")) and not clip.get("audio_problem")
    status = _lower(clip.get("transcript_status"))
    vendor_marked = any(e.weight >= 1.5 for e in ev)
    if not audio_ok:
        why = (
            f"audio unreadable ({clip.get('audio_problem')})" if clip.get("audio_problem") else "no audio in the export"
        )
        return _verdict(
            ev,
            cfg,
            unknown_reason=None if vendor_marked or manual else f"{why} and no vendor marker: cannot tell",
            extra=why,
        )

    level = clip.get("audio_level")
    if isinstance(level, int | float) and level < -50.0:
        ev.append(Evidence(3.0, f"silence / no speech (audio peaks at {level:.0f} dBFS)"))

    if status != "done":
        if vendor_marked or manual or any(e.weight >= 3.0 for e in ev):
            return _verdict(ev, cfg)
        return _verdict(
            ev, cfg, unknown_reason=f"not transcribed yet ({status or 'pending'}): run `voicehist transcribe`"
        )

    tokens = tokens_from_words(words, clip.get("transcript"))
    nsp = info.get("no_speech_prob")
    avg_logprob = info.get("avg_logprob")
    confidence = info.get("confidence")
    if not tokens:
        if not any(e.reason.startswith("silence") for e in ev):
            ev.append(Evidence(4.0, "silence / no speech (nothing heard in the audio)"))
        return _verdict(ev, cfg)
    probs = [float(w["probability"]) for w in words if isinstance(w.get("probability"), int | float)]
    mean_prob = sum(probs) / len(probs) if probs else (confidence if isinstance(confidence, int | float) else None)
    unsure = (mean_prob is not None and mean_prob < 0.5) or (
        isinstance(avg_logprob, int | float) and avg_logprob < -1.0 and mean_prob is None
    )
    no_speech = isinstance(nsp, int | float) and nsp >= cfg.no_speech_prob and len(tokens) <= 4 and unsure

    if manual or second_half:
        if no_speech:
            ev.append(Evidence(3.5, f"silence / no speech (no-speech probability {nsp:.2f})"))
        return _verdict(ev, cfg)

    # --- wake word and near-misses where the wake word would be
    matcher = PhraseMatcher(
        cfg.wake_words_for(vendor),
        cfg.near_misses_for(vendor),
        cfg.fuzzy_ratio,
        cfg.misheard_for(vendor),
        cfg.misheard_before_request_for(vendor),
    )
    first_start = next((t.start for t in tokens if t.start is not None), None)
    window = cfg.wake_window_words
    hits = matcher.find_all(tokens, limit=window + 2)

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

    early = [h for h in hits if in_window(h)]
    wake = next(
        (h for h in early if h.kind == "wake" and (not h.conditional or _is_request(tokens[h.end_index :]))), None
    )
    near = next((h for h in early if h.kind == "near"), None)
    if no_speech and not wake:
        ev.append(
            Evidence(
                3.5,
                f"silence / no speech (no-speech probability {nsp:.2f}; heard only '{_join(tokens[:4])}')",
            )
        )
        return _verdict(ev, cfg)
    stock = _hallucination(tokens)
    if stock and not wake:
        ev.append(Evidence(3.0, f"silence / no speech: only Whisper's stock phrase for noise ('{stock}')"))
        return _verdict(ev, cfg)
    heard_first = " ".join(t.text for t in tokens[: min(4, len(tokens))])
    after: Sequence[Token] = []
    if wake:
        at = f" at {_fmt_s(wake.start)}" if wake.start is not None else ""
        as_heard = (
            f" (heard as '{wake.heard}')" if wake.heard.replace(" ", "") != wake.phrase.lower().replace(" ", "") else ""
        )
        if wake.misheard:
            ev.append(
                Evidence(
                    -4.0,
                    f"'{wake.heard}' among the first words heard{at}: how Whisper tiny.en writes a spoken wake word",
                )
            )
        else:
            ev.append(Evidence(-4.0, f"wake word '{wake.phrase}'{as_heard} among the first words heard{at}"))
        after = tokens[wake.end_index :]
        if after and not wake.misheard and _narrates(after):
            ev.append(Evidence(5.0, f"'{wake.phrase} {after[0].text} ...': talk about the assistant, not a request"))
    elif near:
        ev.append(Evidence(3.0, f"near-miss word '{near.heard}' where the wake word would be"))
        after = tokens[near.end_index :]
        if _is_request(after):
            ev.append(
                Evidence(-1.5, f"but what follows sounds like a request ('{' '.join(t.text for t in after[:4])}')")
            )
    else:
        later = [h for h in matcher.find_all(tokens) if h.kind == "wake"]
        where = f"; the wake word only comes later ('{later[0].heard}')" if later else ""
        ev.append(Evidence(2.5, f"no wake word in the first words heard ('{heard_first}'){where}"))

    # --- where Alexa's own transcript (never containing the wake word) starts in what was heard
    local_words = [t.text for t in tokens]
    if placeholder is None and vendor == "alexa":
        vt = tokens_of(vtext)
        s, sim = _align(vt, local_words)
        if sim >= 60:
            prefix = local_words[:s]
            if not wake and len(prefix) >= 3:
                ev.append(
                    Evidence(
                        1.0,
                        f"Alexa's transcript starts {len(prefix)} words into what was heard ('{' '.join(prefix[:5])}')",
                    )
                )
            elif wake and s >= wake.end_index and _is_request([Token(w) for w in vt]):
                ev.append(Evidence(-0.5, "Alexa's transcript is the request right after the wake word"))
            if not wake and not near and s == 0 and _is_request([Token(w) for w in vt]):
                ev.append(Evidence(-1.0, "Alexa heard a request from the first word on"))
            elif not wake and not near and 1 <= len(prefix) <= 2 and sim >= 75 and _is_request([Token(w) for w in vt]):
                ev.append(
                    Evidence(
                        -1.5,
                        f"'{' '.join(prefix)}' before Alexa's transcript may be the wake word misheard;"
                        " what follows is a request",
                    )
                )
        elif len(vt) >= 2 and len(local_words) >= 2:
            ev.append(
                Evidence(
                    0.5,
                    f"vendor and local transcripts disagree ('{' '.join(vt[:5])}' vs '{' '.join(local_words[:5])}')",
                )
            )

    # --- long conversation without a request
    if not wake:
        span = _speech_span(tokens)
        seconds = span if span is not None else (_number(clip.get("duration")) or 0.0)
        if seconds >= cfg.long_speech_s:
            ev.append(Evidence(2.0, f"{_fmt_s(seconds)} of conversation, no request"))
        elif _sentences(str(clip.get("transcript") or "")) >= 2:
            ev.append(Evidence(1.0, "several sentences of conversation, no request"))
    return _verdict(ev, cfg)


def _verdict(
    ev: list[Evidence], cfg: DetectConfig, unknown_reason: str | None = None, extra: str | None = None
) -> Verdict:
    total = PRIOR + sum(e.weight for e in ev)
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


__all__ = ["Verdict", "score_clip", "split_part", "vendor_placeholder", "google_details", "DETECTOR_VERSION"]
