"""Acoustic wake-word evidence: was the wake word really spoken at the start of the clip? Asked of the audio.

A transcript of a tiny model cannot settle "Alexa" against "Alex" (it writes a real "Alexa" as "Alex a",
"Aletsa", "Elect"). So the bundled Whisper model is asked directly: with the clip's first seconds encoded, how
probable is it that the transcript *starts* with the wake word, and how probable that it starts with one of the
wake word's sound-alikes ("Alex", "Alexis", "election", "Lexus"...)? Each candidate is scored as a whole word by
forcing its tokens as the decoder's prefix (one CTranslate2 ``generate`` call for all candidates, the encoder
run once per clip): P(word) = P(its tokens) x P(a word boundary after them), so that "Alex" does not take the
probability of "Alex"+"a". Several spellings count for one word (" Alexa", " alexa", " Alex"+"a", "Hey Alexa").

No new dependency and no download: the model is the one transcription uses. The per-clip cost is one encoder
pass (30 s window, int8) plus one short batched decoder pass; ``bench/detect.py --wake-audio`` measures it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from voicehist.audio.levels import speech_level
from voicehist.errors import ModelNotFound
from voicehist.transcribe.models import bundled_model, list_models, resolve_model

SAMPLE_RATE = 16000
WAKE_SECONDS = 4.0  # how much of the clip's start is scored
SPOKEN_MIN = 0.05  # P(wake word) at or above which it counts as spoken ...
SPOKEN_OVER_ALIKE = 1.0  # ... and at least as probable as the best sound-alike
# Below SPOKEN_MIN and at or above this, the audio is unsure, not a "no": a real "Alexa" with another voice 15 dB
# under it scores here as often as not, and so does a sound-alike no list names ("Lex Luthor"). Real speech without
# the wake word never scored above 0.0008 (218 clips in the repository, 775 held out; clean and under another voice;
# bench/detect.py --wake-audio [--background-db N]).
UNSURE_MIN = 0.002
MEMORY_TAIL_S = 1.0  # seconds of silence encoded after them
# A clip whose start does not say "spoken" is scored again from where its loudest voice starts (the first 100 ms
# within LOUD_DROP_DB of the loudest, ONSET_MARGIN_S before it) when that is LATE_ONSET_MIN_S or more in: a person
# saying "Alexa" over a TV that was already talking. Chosen on every 2nd real clip under a real reading 10-20 dB
# below it (bench/detect.py --wake-audio --background-db). The loudest voice is looked for in the first
# WAKE_SECONDS only: the device records a moment before the wake word, so a loud "Alexa" 20 s into a TV clip is no
# wake-up.
LOUD_DROP_DB = 6.0
ONSET_MARGIN_S = 0.25
LATE_ONSET_MIN_S = 0.3
# Then, if still not "spoken", the first SCAN_UNTIL_S seconds are stepped through SCAN_STEP_S at a time: the device
# records a moment (up to a second or so) before the wake word, and a TV talking in that moment hides a wake word
# that is neither at the clip's start nor the loudest voice (a request said louder after it). Only a "spoken"
# answer of a later window counts.
SCAN_STEP_S = 0.25
SCAN_UNTIL_S = 1.5
# Each step scores its first second only (with MEMORY_TAIL_S of silence): "does the transcript start with the wake
# word" is a question about the window's first moments, and the request after them only distracts. On every real
# clip of tests/fixtures/real_voices under a reading 15 / 10 dB below: 1 s 96 / 92 % "spoken", 2 s 96 / 81 %, 4 s
# 95 / 83 % (bench/detect.py --wake-audio --background-db N), and 1 s is the cheapest.
SCAN_SECONDS = 1.0
# A step's "spoken" counts only when what came before it is quieter by this much (another voice, a TV further away):
# a person's own sentence running into the name at the same level ("… and then Alexa said") is not a wake-up
# hidden by a TV. Spliced at the same level before 40 real "Alexa" recordings, 0.5-1.1 s of a real reading made the
# scan say "spoken" for 32 of them without this bar, 4 with it.
SCAN_QUIETER_DB = 6.0
FOLLOW_MIN = 0.001  # a spelling whose first token is less probable than this scores 0 (not worth a decoder pass)
ALIKE_MIN = 0.30  # a sound-alike this probable (and above the wake word) is named as what was said
FILLER_PREFIXES = ("", " Hey")  # what may come before a wake word when it is said

# How the transcription model writes a spoken wake word that is no other word: they count as the wake word
# (tiny.en wrote "Alixa" for 2 of the 80 real "Alexa" recordings in tests/fixtures/real_voices).
WAKE_SPELLINGS: dict[str, list[str]] = {
    "alexa": ["Alixa", "Elexa", "Aleksa", "Alexah", "Alecsa"],
}

# Words that sound like each wake word; a clip starting with one of these is the classic false wake.
# ``[detect.near_misses]`` in config.toml adds to them (for the vendor the wake word belongs to).
DEFAULT_SOUND_ALIKES: dict[str, list[str]] = {
    "alexa": [
        "Alex",
        "Alexis",
        "Alexia",
        "Alexandra",
        "Alexander",
        "Alexei",
        "Lexus",
        "Lexi",
        "election",
        "Elect",
        "a lecture",
        "Alessa",
    ],
    "echo": ["Eco", "Ego", "Echoes", "Eggo"],
    "amazon": ["Amazing", "Amazed"],
    "computer": ["Commuter", "Compute", "Computers"],
    "ziggy": ["Iggy", "Zig", "Ziggie"],
    "hey google": ["Hey Goo", "Hey cool", "OK cool"],
    "ok google": ["OK cool", "okay cool", "OK Goo"],
    "hey siri": ["Hey Jerry", "Hey seriously", "a city"],
}


@dataclass(frozen=True)
class WakeAudio:
    """What the audio says about the wake word at the clip's start."""

    wake: str  # the configured wake word scored highest
    p_wake: float
    alike: str | None  # the sound-alike scored highest (None when none was scored)
    p_alike: float
    spoken: bool
    scores: dict[str, float] = field(default_factory=dict)
    start: float = 0.0  # where the scored seconds start in the clip (later than 0: a later window answered)
    found_by: str = ""  # the later window: "onset" (the loudest voice's) or "scan" (stepping through the start)

    @property
    def sound_alike(self) -> bool:
        """The audio names a sound-alike as what was said ("Alexis", not "Alexa")."""
        return not self.spoken and bool(self.alike) and self.p_alike >= ALIKE_MIN and self.p_alike > self.p_wake

    @property
    def unsure(self) -> bool:
        """Neither a yes nor a no: the wake word is faint (another voice or noise over it, or a sound-alike no list
        names), or a sound-alike scores a little above it."""
        return not self.spoken and not self.sound_alike and self.p_wake >= UNSURE_MIN

    def reason(self) -> str:
        if self.spoken and self.start > 0 and self.found_by == "scan":
            return (
                f"the audio has '{self.wake}' ({self.p_wake:.2f}) {self.start:.2f} s in, after a quieter voice or"
                " silence"
            )
        if self.spoken and self.start > 0:
            return (
                f"the audio has '{self.wake}' ({self.p_wake:.2f}) where the loudest voice starts, at"
                f" {self.start:.1f} s, after another sound"
            )
        if self.spoken:
            vs = f" (vs '{self.alike}' {self.p_alike:.2f})" if self.alike else ""
            return f"the audio starts with '{self.wake}' ({self.p_wake:.2f}){vs}"
        if self.sound_alike:
            return f"the audio sounds like '{self.alike}', not '{self.wake}' ({self.p_alike:.2f} vs {self.p_wake:.2f})"
        if self.unsure and self.alike and self.p_alike > self.p_wake:
            return (
                f"the audio is unsure between '{self.alike}' and '{self.wake}' ({self.p_alike:.2f} vs"
                f" {self.p_wake:.2f}): not counted either way"
            )
        if self.unsure:
            return (
                f"the audio may start with '{self.wake}', faintly ({_p(self.p_wake)}; another voice or noise over"
                " it?): not counted either way"
            )
        return f"the audio does not start with a wake word ('{self.wake}' {_p(self.p_wake)} at best)"

    def to_json(self) -> dict[str, Any]:
        return {
            "wake": self.wake,
            "p_wake": round(self.p_wake, 4),
            "alike": self.alike,
            "p_alike": round(self.p_alike, 4),
            "spoken": self.spoken,
            **({"start": round(self.start, 2), "found_by": self.found_by} if self.start else {}),
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> WakeAudio | None:
        try:
            return cls(
                str(d["wake"]),
                float(d["p_wake"]),
                None if d.get("alike") is None else str(d["alike"]),
                float(d.get("p_alike") or 0.0),
                bool(d["spoken"]),
                start=float(d.get("start") or 0.0),
                found_by=str(d.get("found_by") or ("onset" if d.get("start") else "")),
            )
        except (KeyError, TypeError, ValueError):
            return None


def _p(p: float) -> str:
    """A probability below the "spoken" bar as a reason shows it: three decimals, rounded down (0.0495 is not
    "0.05")."""
    return f"{math.floor(p * 1000) / 1000:.3f}"


def decide(p_wake: float, p_alike: float) -> bool:
    """The rule 'spoken' follows (thresholds measured on real voices, bench/detect.py --wake-audio)."""
    return p_wake >= SPOKEN_MIN and p_wake >= SPOKEN_OVER_ALIKE * p_alike


def sound_alikes(wake_words: Iterable[str], near_misses: Iterable[str] = ()) -> list[str]:
    """The sound-alikes to score against these wake words: the defaults of each, then the configured near-misses."""
    # in the order given (a set's order changes from process to process, and with it the cache key of every
    # clip's answer: each run asked the audio about every clip again)
    wake_keys = list(dict.fromkeys(w.strip().lower() for w in wake_words))
    out: list[str] = []
    for w in wake_keys:
        for a in DEFAULT_SOUND_ALIKES.get(w, []):
            if a.lower() not in wake_keys and a not in out:
                out.append(a)
    for a in near_misses:
        a = a.strip()
        if a and a.lower() not in wake_keys and a.lower() not in {x.lower() for x in out} and not a.endswith("'s"):
            out.append(a)
    return out


class WakeScorer:
    """Scores wake words and their sound-alikes at the start of 16 kHz mono audio with a CTranslate2 Whisper model
    (the bundled one by default). Thread-safe: one call at a time per scorer."""

    def __init__(self, model_path: str | None = None, *, threads: int = 1, name: str | None = None) -> None:
        import ctranslate2
        import tokenizers
        from faster_whisper.feature_extractor import FeatureExtractor

        if model_path is None:
            bundled = bundled_model()
            model_path, name = str(bundled.path), bundled.name
        self.model_path = model_path
        self.model_name = name or Path(model_path).name
        self._ct2 = ctranslate2
        self.model = ctranslate2.models.Whisper(model_path, device="cpu", compute_type="int8", intra_threads=threads)
        self.tok = tokenizers.Tokenizer.from_file(f"{model_path}/tokenizer.json")
        self.features = FeatureExtractor(feature_size=self.model.n_mels)
        self.sot = [self.tok.token_to_id("<|startoftranscript|>"), self.tok.token_to_id("<|notimestamps|>")]
        if self.model.is_multilingual:
            self.sot[1:1] = [self.tok.token_to_id("<|en|>"), self.tok.token_to_id("<|transcribe|>")]
        vocab = _model_vocab_size(model_path, self.tok.get_vocab_size())
        eot = self.tok.token_to_id("<|endoftext|>") or vocab
        boundary = np.zeros(vocab, dtype=bool)
        for i in range(vocab):
            t = self.tok.id_to_token(i) or ""  # ids past the tokenizer's (timestamps) are boundaries too
            boundary[i] = i >= eot or t.startswith("Ġ") or not (t[:1].isalnum())
        self._boundary = boundary
        self._lock = threading.Lock()
        self._spellings: dict[str, list[list[int]]] = {}

    def _encode_text(self, text: str) -> list[int]:
        return list(self.tok.encode(text, add_special_tokens=False).ids)

    def spellings(self, word: str, *, filler: bool = True) -> list[list[int]]:
        """Token sequences a transcript starting with ``word`` may begin with (``filler``: also after "Hey")."""
        key = f"{word}|{filler}"
        if key in self._spellings:
            return self._spellings[key]
        forms: list[list[int]] = []
        bases = {word, word[:1].upper() + word[1:]}
        for prefix in FILLER_PREFIXES if filler else ("",):
            for b in sorted(bases):
                ids = self._encode_text(f"{prefix} {b}")
                if ids not in forms:
                    forms.append(ids)
        # how Whisper splits a name it is unsure of: " Alex" + "a"
        if " " not in word:
            cap = word[:1].upper() + word[1:].lower()
            for j in range(2, len(cap)):
                head, tail = self._encode_text(f" {cap[:j]}"), self._encode_text(cap[j:])
                if len(head) == 1 and len(tail) == 1 and head + tail not in forms:
                    forms.append(head + tail)
        self._spellings[key] = forms
        return forms

    def score(
        self,
        samples: np.ndarray,
        wake_words: Sequence[str],
        alikes: Sequence[str] = (),
        *,
        trace: list[tuple[float, WakeAudio]] | None = None,
    ) -> WakeAudio | None:
        """P(the transcript starts with each word) for the wake words and their sound-alikes; None without words.

        The clip's start is scored first. When it does not say "spoken" and the loudest voice starts later (another
        voice or a TV was already talking when the device started recording, as its buffer holds the moment before
        the wake word), the seconds from that onset are scored too, and the window whose best word is the more
        probable answers. When neither says "spoken", windows starting every SCAN_STEP_S up to SCAN_UNTIL_S in are
        scored, and the first that says "spoken" answers (only a "spoken" of theirs counts). ``trace`` receives
        every window scored, with where it starts (for the bench: the highest P of a clip without the wake word)."""
        if not wake_words:
            return None
        x = np.asarray(samples, dtype=np.float32)
        wa = self._score_window(x, wake_words, alikes)
        if trace is not None:
            trace.append((0.0, wa))
        if wa.spoken:
            return wa
        best = wa
        onset = loudest_onset(x[: int(WAKE_SECONDS * SAMPLE_RATE)])
        if onset >= LATE_ONSET_MIN_S:
            later = self._score_window(x[int(onset * SAMPLE_RATE) :], wake_words, alikes)
            if trace is not None:
                trace.append((onset, later))
            if max(later.p_wake, later.p_alike) > max(wa.p_wake, wa.p_alike):
                best = replace(later, start=onset, found_by="onset")
                if best.spoken:
                    return best
        for k in range(1, int(round(SCAN_UNTIL_S / SCAN_STEP_S)) + 1):
            at = k * SCAN_STEP_S
            if at >= len(x) / SAMPLE_RATE:
                break
            i = int(at * SAMPLE_RATE)
            if not _quieter_before(x, i):
                continue  # as loud before as after: one voice's own words, not another voice before the wake word
            step = self._score_window(x[i:], wake_words, alikes, SCAN_SECONDS)
            if trace is not None:
                trace.append((at, step))
            if step.spoken:
                return replace(step, start=at, found_by="scan")
        return best

    def _score_window(
        self, samples: np.ndarray, wake_words: Sequence[str], alikes: Sequence[str], seconds: float = WAKE_SECONDS
    ) -> WakeAudio:
        """The answer of the ``seconds`` from the start of ``samples`` (and MEMORY_TAIL_S of silence)."""
        words = list(dict.fromkeys([*wake_words, *alikes]))
        spelled = [(w, tuple(ids)) for w in words for ids in self.spellings(w, filler=w in wake_words)]
        for w in wake_words:  # the wake word's own odd spellings count as it
            for alt in WAKE_SPELLINGS.get(w.lower(), []):
                spelled += [(w, tuple(ids)) for ids in self.spellings(alt, filler=False)]
        # one decoder row per prefix of a spelling: a prompt returns the rows of all its own prefixes, so only the
        # spellings that are no other's prefix (the trie's leaves) are prompted; a one-token spelling that is no
        # other's prefix is read off the first row (Whisper rarely continues a whole-word token inside a word)
        seqs = {ids for _, ids in spelled}
        needs_row_after = {ids for ids in seqs if any(o[: len(ids)] == ids and o != ids for o in seqs)}
        leaves = sorted(
            {ids for ids in seqs if (len(ids) > 1 or ids in needs_row_after)}
            - {ids[:k] for ids in seqs for k in range(1, len(ids))}
        ) or [min(seqs)]
        x = np.asarray(samples, dtype=np.float32)[: int(seconds * SAMPLE_RATE)]
        # only the scored seconds and a little silence are encoded (CTranslate2 accepts a window shorter than
        # Whisper's 30 s: ~10x cheaper, and the decoder reads fewer frames)
        n_mel = int(round((seconds + MEMORY_TAIL_S) * 100))
        mel = self.features(np.pad(x, (0, n_mel * 160 - len(x))))[:, :n_mel]
        ct2 = self._ct2
        rows: dict[tuple[int, ...], np.ndarray] = {}  # log-probabilities of the next token after a prefix
        with self._lock:
            enc = self.model.encode(ct2.StorageView.from_array(np.ascontiguousarray(mel[None], dtype=np.float32)))
            enc_np = np.ascontiguousarray(np.asarray(enc))
            # first the distribution of the first token; only spellings whose first token is not negligible there
            # are followed further (each followed spelling costs a decoder pass over the encoded frames)
            first = self.model.generate(
                ct2.StorageView.from_array(enc_np),
                [self.sot],
                beam_size=1,
                max_length=len(self.sot),  # the prompt counts: one step after it
                return_logits_vocab=True,
                suppress_blank=False,
                suppress_tokens=[],
            )
            rows[()] = _log_softmax(
                np.asarray(first[0].logits[0], dtype=np.float32).reshape(-1, len(self._boundary))[0]
            )
            floor = math.log(FOLLOW_MIN)
            followed = [leaf for leaf in leaves if rows[()][leaf[0]] >= floor]
            if followed:
                batch = ct2.StorageView.from_array(np.ascontiguousarray(np.repeat(enc_np, len(followed), axis=0)))
                results = self.model.generate(
                    batch,
                    [self.sot + list(leaf) for leaf in followed],
                    beam_size=1,
                    max_length=len(self.sot) + max(len(leaf) for leaf in followed) - 1,
                    return_logits_vocab=True,
                    suppress_blank=False,
                    suppress_tokens=[],
                )
                for leaf, r in zip(followed, results, strict=True):
                    steps = np.asarray(r.logits[0], dtype=np.float32).reshape(-1, len(self._boundary))
                    for k in range(1, min(len(leaf) + 1, steps.shape[0])):
                        rows.setdefault(leaf[:k], _log_softmax(steps[k]))
        scores: dict[str, float] = {w: 0.0 for w in words}
        for w, ids in spelled:
            logp = 0.0
            for k, t in enumerate(ids):
                row = rows.get(ids[:k])
                if row is None:
                    break
                logp += float(row[t])
            else:
                after = rows.get(ids)
                boundary = 1.0 if after is None else float(np.exp(after)[self._boundary].sum())
                scores[w] += math.exp(logp) * boundary
        wake_scores = {w: scores[w] for w in wake_words}
        wake = max(wake_scores, key=lambda k: wake_scores[k])
        alike_scores = {w: scores[w] for w in words if w not in wake_scores}
        alike = max(alike_scores, key=lambda k: alike_scores[k]) if alike_scores else None
        p_wake = min(wake_scores[wake], 1.0)
        p_alike = min(alike_scores[alike], 1.0) if alike else 0.0
        return WakeAudio(wake, p_wake, alike, p_alike, decide(p_wake, p_alike), scores)


def _quieter_before(x: np.ndarray, i: int) -> bool:
    """Whether the sound before sample ``i`` is SCAN_QUIETER_DB quieter than the scan window starting there. The last
    step before the window is left out of "before": the wake word may start in it (the steps are SCAN_STEP_S apart)."""
    after = speech_level(x[i : i + int(SCAN_SECONDS * SAMPLE_RATE)])
    before = speech_level(x[: max(0, i - int(SCAN_STEP_S * SAMPLE_RATE))])
    return before * 10 ** (SCAN_QUIETER_DB / 20) <= after


def loudest_onset(samples: np.ndarray) -> float:
    """Seconds into ``samples`` where the loudest voice starts, less a margin: the first 100 ms window within
    LOUD_DROP_DB of the loudest one, ONSET_MARGIN_S earlier (0.0 for silence)."""
    x = np.asarray(samples, dtype=np.float64)
    win, hop = int(0.1 * SAMPLE_RATE), SAMPLE_RATE // 100
    if len(x) <= win:
        return 0.0
    # each window's energy from a running sum of squares: linear in the clip, no copy of every window
    energy = np.concatenate([[0.0], np.cumsum(x * x)])
    starts = np.arange(0, len(x) - win + 1, hop)
    level = np.sqrt(np.maximum(energy[starts + win] - energy[starts], 0.0) / win)
    if level.max() <= 0:
        return 0.0
    first = int(np.argmax(level >= level.max() * 10 ** (-LOUD_DROP_DB / 20)))
    return max(0.0, first * hop / SAMPLE_RATE - ONSET_MARGIN_S)


def _model_vocab_size(model_path: str, default: int) -> int:
    """The width of the model's logits: the lines of a CTranslate2 model's vocabulary.txt."""
    try:
        with open(f"{model_path}/vocabulary.txt", encoding="utf-8") as fh:
            return sum(1 for _ in fh)
    except OSError:
        return default


def _log_softmax(row: np.ndarray) -> np.ndarray:
    m = row.max()
    return row - m - math.log(float(np.exp(row - m).sum()))


def _softmax(row: np.ndarray) -> np.ndarray:
    e = np.exp(row - row.max())
    return e / e.sum()


_SCORERS: dict[str, WakeScorer] = {}  # by the model's folder
_SCORER_LOCK = threading.Lock()


def shared_scorer(model: str | None = None) -> WakeScorer:
    """One scorer per process and model (loading one costs about a second; Whisper base, three). ``model``: None
    or "bundled" (tiny.en), a model's name (``voicehist models``) or a CTranslate2 folder; raises ModelNotFound."""
    try:
        info = resolve_model(model)
    except ModelNotFound as e:
        if model is not None and Path(model).expanduser().exists():
            raise  # a folder that is not a model: its message says so
        here = ", ".join(m.name for m in list_models() if m.kind == "ct2") or "none"
        raise ModelNotFound(
            f"detect.wake_model {model!r} is not on this machine (models here: {here}; see `voicehist models`)"
        ) from e
    if info.kind != "ct2":
        raise ModelNotFound(
            f"{info.path} is an openai-whisper checkpoint; the wake-word check needs a CTranslate2 folder"
        )
    key = str(info.path)
    with _SCORER_LOCK:
        if key not in _SCORERS:
            _SCORERS[key] = WakeScorer(key, name=info.name)
        return _SCORERS[key]


__all__ = [
    "WakeAudio",
    "WakeScorer",
    "DEFAULT_SOUND_ALIKES",
    "WAKE_SPELLINGS",
    "sound_alikes",
    "decide",
    "loudest_onset",
    "shared_scorer",
]
