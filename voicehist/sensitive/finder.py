"""Find sensitive content in one transcript: pure text in, explainable findings out.

Each finding names its category, the words as they stand in the transcript, their character offsets and a
short reason that says which rule or lexicon entry matched. Spoken numbers are rewritten as digits first
(:mod:`voicehist.sensitive.numbers`) so that "two oh six five five five …" and "206-555-…" are read alike.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from voicehist.sensitive import census_names as census
from voicehist.sensitive import known_people as known
from voicehist.sensitive import lexicons as lx
from voicehist.sensitive.numbers import Normalised, Token, normalise, tokens

# what one clip's text is searched in: about ten minutes of speech, far more than a voice request holds
MAX_TEXT = 10_000

CATEGORIES = ("phone", "email", "address", "money", "account", "health", "person", "child", "secret")

# phonenumbers regions tried, in order (a leading + is read whatever the region)
PHONE_REGIONS = ("US", "GB")


@dataclass(frozen=True)
class Finding:
    category: str
    words: str
    start: int
    end: int
    reason: str
    source: str = "local"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# --- helpers -----------------------------------------------------------------------------------------


def _words_re(words: Iterable[str]) -> re.Pattern[str]:
    alts = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alts) + r")(?![\w'-])", re.IGNORECASE)


def _wordish(tok: Token) -> bool:
    return tok.text[0].isalnum()


def _prev_words(toks: list[Token], i: int, n: int) -> list[str]:
    out = [t.low for t in toks[max(0, i - n) : i] if _wordish(t)]
    return out


class _Found:
    """Findings so far, one per place and category: each category's spans are kept sorted (they never
    overlap), so checking a new one costs a bisection, not a pass over every finding."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.items: list[Finding] = []
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}

    def add(self, category: str, start: int, end: int, reason: str) -> None:
        # trim spaces and trailing punctuation the patterns may have taken
        while start < end and self.original[start] in " ,":
            start += 1
        while end > start and self.original[end - 1] in " ,.?!;:":
            end -= 1
        if end <= start:
            return
        if self.overlaps(category, start, end):
            return  # one finding per place and category
        starts = self._starts.setdefault(category, [])
        i = bisect.bisect_left(starts, start)
        starts.insert(i, start)
        self._ends.setdefault(category, []).insert(i, end)
        self.items.append(Finding(category, self.original[start:end], start, end, reason))

    def overlaps(self, category: str, start: int, end: int) -> bool:
        starts = self._starts.get(category)
        if not starts:
            return False
        i = bisect.bisect_left(starts, end)  # spans starting before ``end``; the last of them ends last
        return i > 0 and self._ends[category][i - 1] > start


# --- numbers: account, secret, phone ---------------------------------------------------------------

# a group of digits as said or written: "4111 1111 1111 1111", "078-05-1120", "5 8 2 9 1 3"
_DIGITS = re.compile(r"(?<![\w.])\d+(?:[ \-.]\d+)*(?![\w])")
_ACCOUNT_CUE = re.compile(
    r"\b(?:(?:bank |checking |savings )?account(?: number| no)?|routing(?: number)?|"
    r"(?:credit |debit )?card(?: number)?|"
    r"social security(?: number)?|social|ssn|sort code|iban|member(?:ship)? (?:id|number)|employee (?:id|number)|"
    r"id number|customer (?:id|number)|policy(?: number)?|licen[cs]e(?: number)?|passport(?: number)?|tax id|"
    r"national insurance(?: number)?|medicare(?: number)?|student id|patient id)\b",
    re.IGNORECASE,
)
_SSN = re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")
_PHONE_CUE = frozenset("call dial phone number cell mobile text reach ring line fax contact".split())
_SECRET_KEY = re.compile(  # the qualifier starts only where a word starts: linear time on a long word
    r"(?:(?<![\w'-])(?P<qual>[\w'-]+) )?\b(?P<key>"
    + "|".join(re.escape(k) for k in sorted(lx.SECRET_KEYWORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_SECRET_LINK = re.compile(  # matched at a position (never on a copy of the rest of the text)
    r"(?:[ ]+(?:for|to|on|of)(?: the| my| our)?(?: [\w'-]+){1,2})?[ ]*(?:is|'s|was|equals|:)[ ]+", re.I
)
# a value said aloud ends at the end of the clause, or where the sentence goes on ("… and the doctor said")
CLAUSE_WINDOW = 400  # a value said aloud is looked for this far (six words at most are kept)
_CLAUSE_END = re.compile(r"[.?!;,]| (?:and|but|so|then|because|or|if|when) |$", re.IGNORECASE)


def _digit_count(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _secrets(n: Normalised, out: _Found) -> list[tuple[int, int]]:
    """Passwords, PINs and codes said aloud: the keyword, the link ("is", "for the card is") and the value."""
    spans: list[tuple[int, int]] = []
    text = n.text
    for m in _SECRET_KEY.finditer(text):
        key = m.group("key").lower()
        qual = (m.group("qual") or "").lower()
        if key == "code" and qual not in lx.CODE_QUALIFIERS:
            continue
        link = _SECRET_LINK.match(text, m.end())
        if not link:
            continue
        value_start = link.end()
        stop = _CLAUSE_END.search(text, value_start, value_start + CLAUSE_WINDOW)
        value_end = stop.start() if stop else len(text)
        value = text[value_start:value_end].split()
        if not value:
            continue
        if len(value) > 6:
            value_end = value_start + len(" ".join(value[:6]))
        start = m.start("key")
        o_start, o_end = n.to_original(start, value_end)
        out.add("secret", o_start, o_end, f"'{m.group('key')}' followed by what it is")
        spans.append((start, value_end))
    return spans


def _numbers(n: Normalised, out: _Found) -> None:
    import phonenumbers

    text = n.text
    secret_spans = _secrets(n, out)

    def in_secret(a: int, b: int) -> bool:
        return any(s < b and a < e for s, e in secret_spans)

    taken: list[tuple[int, int]] = []
    # accounts: a number of six digits or more after an account word, an SSN shape, a card number (Luhn)
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        digits = re.sub(r"\D", "", m.group(0))
        if in_secret(a, b):
            continue
        reason = None
        before = text[max(0, a - 40) : a]
        cue = None
        for c in _ACCOUNT_CUE.finditer(before):
            cue = c
        if cue is not None and len(digits) >= 6 and len(before[cue.end() :].split()) <= 4:
            reason = f"a {len(digits)}-digit number after '{cue.group(0)}'"
        elif _SSN.fullmatch(m.group(0)):
            reason = "shaped like a US social security number (3-2-4 digits)"
        elif 13 <= len(digits) <= 19 and _luhn(digits):
            reason = f"a {len(digits)}-digit number that passes the card checksum (Luhn)"
        if reason:
            o = n.to_original(a, b)
            out.add("account", *o, reason)
            taken.append((a, b))

    def free(a: int, b: int) -> bool:
        return not in_secret(a, b) and not any(s < b and a < e for s, e in taken)

    if _digit_count(text) < 7:  # no phone number is shorter; most requests stop here (libphonenumber is slow)
        return
    # phones: what libphonenumber calls a valid number, in any of the regions
    for region in PHONE_REGIONS:
        for pm in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            if free(pm.start, pm.end):
                out.add("phone", *n.to_original(pm.start, pm.end), f"a valid {region} phone number (libphonenumber)")
                taken.append((pm.start, pm.end))
    # ... or a possible one (or a 7-digit local one) right after a word about phoning
    toks = tokens(text)
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        digits = re.sub(r"\D", "", m.group(0))
        if not free(a, b) or not 7 <= len(digits) <= 12:
            continue
        i = next((k for k, t in enumerate(toks) if t.start >= a), len(toks))
        cues = [w for w in _prev_words(toks, i, 5) if w in _PHONE_CUE]
        if not cues:
            continue
        possible = len(digits) == 7 or any(
            phonenumbers.is_possible_number(phonenumbers.parse(digits, r)) for r in PHONE_REGIONS if _parses(digits, r)
        )
        if possible:
            out.add("phone", *n.to_original(a, b), f"a possible phone number after '{cues[-1]}'")
            taken.append((a, b))


def _parses(digits: str, region: str) -> bool:
    import phonenumbers

    try:
        phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return True


# --- e-mail ------------------------------------------------------------------------------------------

# starts only where a run of name characters starts (linear time: a long word is scanned once, not once
# per character)
_EMAIL_WRITTEN = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# "dan@dancom": a recogniser that wrote the "@" but ran the domain and its ending together (or dropped the ending)
_EMAIL_RUN_TOGETHER = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?![\w.@-]|\s+(?:dot|period|point|at)\b)", re.UNICODE)
_TLDS = "com|net|org|edu|gov|io|co|uk|us|de|fr|ca|au|info|me|ie|nl|es|it|biz"
_PROVIDERS = "gmail|googlemail|yahoo|hotmail|outlook|icloud|aol|protonmail|proton|live|msn|mail"
_SEP = r"(?:\s+(?:dot|period|point)\s+|\s*\.\s*)"
_JOIN = rf"(?:\s+(?:underscore|dash|hyphen)\s+|{_SEP}|\s+(?=[a-z0-9]\b))"
# said aloud, or half written ("john@gmail dot com", "john at gmail.com")
_EMAIL_SPOKEN = re.compile(
    r"\b[a-z0-9]+(?:" + _JOIN + r"[a-z0-9]+){0,4}"
    r"(?:\s+at\s+|\s*@\s*)"
    r"(?:[a-z0-9]+(?:\s+(?:dash|hyphen)\s+[a-z0-9]+)*(?:" + _SEP + r"[a-z0-9]+)*" + _SEP + r"(?:" + _TLDS + r")"
    r"|(?:" + _PROVIDERS + r")(?:" + _SEP + r"(?:" + _TLDS + r"))*)\b",
    re.IGNORECASE,
)


def _emails(n: Normalised, out: _Found) -> None:
    for m in _EMAIL_WRITTEN.finditer(n.text):
        out.add("email", *n.to_original(*m.span()), "an e-mail address (name@domain)")
    for m in _EMAIL_RUN_TOGETHER.finditer(n.text):
        out.add("email", *n.to_original(*m.span()), "an e-mail address without its domain's ending (name@domain)")
    for m in _EMAIL_SPOKEN.finditer(n.text):
        how = "half written ('…@… dot …')" if "@" in m.group(0) else "said aloud ('… at … dot …')"
        out.add("email", *n.to_original(*m.span()), f"an e-mail address {how}")


# --- address -----------------------------------------------------------------------------------------

_SUFFIX = (
    r"street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|close|crescent|"
    r"circle|parkway|pkwy|highway|hwy|square|sq|row|gardens|grove|alley|trail|pike"
)
_NOT_IN_STREET = r"(?!(?:the|to|on|onto|in|at|of|for|and|a|miles?|blocks?|minutes?|hours?|km|meters?|metres?)\b)"
_ADDRESS = re.compile(
    r"(?<![\w.])\d{1,6}(?:[a-z])?\s+"
    r"(?:" + _NOT_IN_STREET + r"[A-Za-z0-9']+\s+){1,3}"
    r"(?:" + _SUFFIX + r")\b\.?"
    r"(?:,?\s+(?:apartment|apt|unit|suite|flat|number|#)\.?\s*\w+(?:\s+[A-Za-z]\b)?)?",
    re.IGNORECASE,
)
_PO_BOX = re.compile(r"\bp\.?\s?o\.?\s+box\s+\d+", re.IGNORECASE)
_POSTCODE_UK = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")


def _addresses(n: Normalised, out: _Found) -> None:
    for m in _ADDRESS.finditer(n.text):
        out.add("address", *n.to_original(*m.span()), "a house number, a name and a street word")
    for m in _PO_BOX.finditer(n.text):
        out.add("address", *n.to_original(*m.span()), "a post-office box")
    for m in _POSTCODE_UK.finditer(n.text):
        out.add("address", *n.to_original(*m.span()), "a UK postcode")


# --- money -------------------------------------------------------------------------------------------

_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_CURRENCY_WORD = r"dollars?|bucks|pounds?|quid|euros?|cents|pence|grand|usd|gbp|eur|yen|rupees?"
_MONEY = re.compile(
    r"(?:[$£€¥]\s?" + _AMOUNT + r"(?:\s?(?:k|million|thousand|billion)\b)?"
    r"|(?<![\w.,])" + _AMOUNT + r"(?:\s?(?:k|million|thousand|billion))?\s+(?:" + _CURRENCY_WORD + r")\b"
    r"(?!\s+of\b))"
    r"(?:\s+and\s+" + _AMOUNT + r"\s+(?:cents|pence))?",
    re.IGNORECASE,
)


def _money(n: Normalised, out: _Found) -> None:
    for m in _MONEY.finditer(n.text):
        out.add("money", *n.to_original(*m.span()), "an amount with a currency")


# --- words: health, child, person --------------------------------------------------------------------

_HEALTH_PHRASES = _words_re(lx.HEALTH_PHRASES)
_HEALTH_WORDS = _words_re(lx.HEALTH_WORDS)
_CHILD_WORDS = _words_re(lx.CHILD)
_SENTENCE_END = frozenset(".?!")
_NOT_SURNAME = frozenset(
    "i i'm i'll i've a an the and or but that this to for from at in on of is are was be it its he she they we you"
    " my your our his her their me him them us if so not no yes ok okay please thanks thank".split()
)
_MONTHS = frozenset("may june april august".split())


def _lexical(text: str, out: _Found) -> None:
    for m in _HEALTH_PHRASES.finditer(text):
        out.add("health", m.start(), m.end(), f"health phrase '{m.group(0).lower()}'")
    for m in _HEALTH_WORDS.finditer(text):
        if not out.overlaps("health", m.start(), m.end()):
            out.add("health", m.start(), m.end(), f"health word '{m.group(0).lower()}'")
    for m in _CHILD_WORDS.finditer(text):
        out.add("child", m.start(), m.end(), f"word for a child '{m.group(0).lower()}'")


def _bare(word: str) -> str:
    w = word.lower()
    for tail in ("'s", "’s"):
        if w.endswith(tail):
            return w[: -len(tail)]
    return w


def _media(lows: list[str], k: int) -> bool:
    """The word at k is the object of "play", "music by"... (an artist, an author, a title), unless a contact cue
    comes between ("play tennis with Mark")."""
    window = range(max(0, k - 4), k)
    media = [j for j in window if lows[j] in lx.MEDIA_CUES]
    contact = [j for j in window if lows[j] in lx.CONTACT_VERBS or lows[j] in lx.CONTACT_PREPS]
    after = [lows[j] for j in (k + 1, k + 2) if j < len(lows)]
    return bool(media and (not contact or max(media) > max(contact))) or any(a in lx.MEDIA_AFTER for a in after)


def _could_be_name(low: str) -> bool:
    """Whether a word no list names could still be a name where a cue calls for one (not a function word, a
    relation, a child word, an -ing or a plain plural/3rd-person -s word)."""
    w = _bare(low)
    return (
        len(w) >= 2
        and w.isalpha()
        and w not in lx.NOT_A_NAME
        and (w not in lx.NOT_NAMES or w in lx.NAMED_LIKE_ASSISTANTS)
        and w not in lx.CONTACT_PREPS
        and w not in _CHILD_SET
        and not w.endswith("ing")
        and not (w.endswith("ed") and len(w) >= 5 and w not in lx.FIRST_NAMES and w not in census.FIRST)
        and (w in lx.FIRST_NAMES or low.endswith("'s") or not w.endswith("s") or _plain_possessive(w))
    )


_CHILD_SET = frozenset(lx.CHILD)


def _spoken_email(lows: list[str], k: int) -> bool:
    """The word at k is a later part of an address said aloud ("connor" in "sarah dot connor at gmail dot com"):
    the name the address starts with is a person (as the labelled sets say), the rest is the address."""
    return k > 0 and lows[k - 1] == "dot"


def _contact_cue(lows: list[str], k: int) -> str | None:
    """The words that make the word at k a contact ("call", "email to", "meeting with", "my friend"), or None."""
    if k == 0:
        return None
    prev = lows[k - 1]
    if prev in lx.CONTACT_VERBS and prev != "remind":
        return prev
    # "email to X", "send an email to X", "meeting with X": a contact word just before the preposition
    cues = (lx.CONTACT_VERBS | lx.CONTACT_NOUNS) - {"remind"}
    if prev in lx.CONTACT_PREPS and k >= 2 and lows[k - 2] in cues:
        return f"{lows[k - 2]} {prev}"
    if prev in lx.RELATIONS and k >= 2 and lows[k - 2] in lx.POSSESSIVES:
        return f"{lows[k - 2]} {prev}"
    if prev in ("named", "called", "dear", "recipient"):
        return prev
    if prev == "of" and k >= 2 and lows[k - 2] in lx.CONTACT_DETAILS:
        return f"{lows[k - 2]} of"
    return None


def _about_cue(lows: list[str], k: int) -> str | None:
    for frame in lx.ABOUT_CUES:
        n = len(frame)
        if k >= n and tuple(lows[k - n : k]) == frame:
            return " ".join(frame)
    return None


@dataclass(frozen=True)
class _Word:
    """One word of a transcript with what the person rules read around it."""

    tok: Token
    k: int  # its place among the words
    name: str  # lower case, without "'s"
    prev: str  # the word before it, lower case ("" at the start)
    nxt: Token | None  # the word right after it (None when punctuation or the end comes first)
    capitalised: bool
    sentence_start: bool
    lower_text: bool  # the whole transcript is lower case (Alexa's are)


def _words_of(text: str) -> tuple[list[_Word], list[str]]:
    toks = tokens(text)
    words = [(i, t) for i, t in enumerate(toks) if _wordish(t)]
    lows = [t.low.rstrip(".") for _, t in words]
    lower_text = not any(ch.isupper() for ch in text)  # Alexa's transcripts are all lower case
    out = []
    for k, (i, t) in enumerate(words):
        prev_tok = toks[i - 1] if i > 0 else None
        nxt = words[k + 1][1] if k + 1 < len(words) and toks[i + 1] is words[k + 1][1] else None
        out.append(
            _Word(
                tok=t,
                k=k,
                name=_bare(t.text),
                prev=lows[k - 1] if k > 0 else "",
                nxt=nxt,
                capitalised=t.text[0].isupper() and not t.text.isupper(),
                sentence_start=prev_tok is None or prev_tok.text in _SENTENCE_END,
                lower_text=lower_text,
            )
        )
    return out, lows


def _any_name(word: str) -> bool:
    """Whether a list holds ``word`` as a first name (the curated lists or the census's)."""
    return word in lx.FIRST_NAMES or word in lx.AMBIGUOUS_NAMES or word in census.FIRST


def _surname_after(w: _Word) -> bool:
    """Whether the next word is this name's surname: a capitalised word in written text ("Priya Patel"), or in
    lower-case text a census surname, or any word that could be a name after a curated first name."""
    nxt = w.nxt
    if nxt is None or not nxt.text.isalpha() or nxt.low in lx.SAID_VERBS:
        return False
    if nxt.text[0].isupper() and nxt.low not in _NOT_SURNAME:
        return True
    if not w.lower_text:
        return False
    if _census_surname(nxt.low):
        return True
    return _could_be_name(nxt.low) and len(nxt.text) >= 3 and w.name in lx.FIRST_NAMES


def _census_surname(low: str) -> bool:
    return low in census.LAST and low not in lx.NOT_A_NAME and low not in lx.NOT_NAMES


def _listed_name_reason(w: _Word, cue: str | None) -> str | None:
    """A name a curated list holds: unambiguous ones alone, everyday-word ones with a cue or a capital."""
    if w.nxt is not None and w.name in _MONTHS and w.nxt.text[:1].isdigit():
        return None  # a date: "June 1848", "may 5"
    if w.name in lx.UNAMBIGUOUS_NAMES:
        return f"a contact: '{w.name}' after '{cue}'" if cue else f"first name '{w.name}'"
    if w.name not in lx.AMBIGUOUS_NAMES:
        return None
    if not (w.lower_text or w.capitalised):
        return None  # an everyday word in text that writes names with a capital: "morphine and may be given"
    if w.prev in lx.PERSON_CUES or (cue and _could_be_name(w.tok.low)):
        return f"a contact: '{w.name}' after '{cue or w.prev}'"
    if w.nxt is not None and w.nxt.low in lx.SAID_VERBS and w.prev in ("did", "has", "had", "when", "if", "what"):
        return f"'{w.name} {w.nxt.low}': someone who writes or calls"
    if not w.capitalised or w.name in _MONTHS or w.name in lx.PLACE_NAMES:
        return None
    if not w.sentence_start:
        return f"'{w.tok.text}' written with a capital inside a sentence"
    if _surname_after(w) and w.nxt is not None:
        return f"'{w.tok.text} {w.nxt.text}': a name and a surname"
    return None


def _context_reason(w: _Word, lows: list[str], cue: str | None) -> str | None:
    """A word no list decides on its own, made a name by what surrounds it."""
    written = w.lower_text or w.capitalised
    nxt_low = w.nxt.low if w.nxt is not None else ""
    if (
        w.lower_text
        and w.nxt is not None
        and _census_surname(nxt_low)
        and w.name not in _NOT_SURNAME  # "in orlando": a function word is no first name, whatever a census says
        and (_any_name(w.name) or w.name in census.FIRST_WORDS)
    ):
        return f"'{w.name} {nxt_low}': a first name and a census surname"
    if not _could_be_name(w.tok.low):
        return None
    if cue and written:
        return f"a contact: '{w.name}' after '{cue}'"
    if w.prev in lx.HONORIFICS and (_any_name(w.name) or w.name in census.LAST):
        return f"a name after '{w.prev}'"
    if nxt_low in lx.POSSESSED and (w.tok.low.endswith("'s") or _any_name(w.name) or _plain_possessive(w.name)):
        return f"'{w.tok.text} {w.nxt.text if w.nxt else ''}': someone's {nxt_low}"
    if (about := _about_cue(lows, w.k)) and written:
        return f"'{w.name}' after '{about}'"
    if _contacts_after(lows, w.k) and written:
        return f"'{w.name}' before '{' '.join(lows[w.k + 1 : w.k + 4])}'"
    return None


def _contact_context(lows: list[str], k: int) -> bool:
    """A contact cue before the word at k ("send a mail to alex") or a contact list after it ("alex in my contacts")."""
    return _contact_cue(lows, k) is not None or _contacts_after(lows, k)


def _plain_possessive(word: str) -> bool:
    """ "joes", "erins": a first name with a possessive "s" the recogniser wrote without its apostrophe."""
    return len(word) >= 4 and word.endswith("s") and _any_name(word[:-1]) and word[:-1] not in lx.NOT_A_NAME


def _contacts_after(lows: list[str], k: int) -> bool:
    """ "find naty in my contacts", "… from my contact list", "search jack in contacts", "is alex saved in my
    contacts" """
    after = lows[k + 1 : k + 5]
    if after[:1] in (["saved"], ["stored"]):
        after = after[1:]
    if len(after) >= 3 and tuple(after[:2]) in lx.CONTACTS_AFTER and after[2].startswith("contact"):
        return True
    return len(after) >= 2 and after[0] in ("in", "from") and after[1].startswith("contact")


def _title_person(w: _Word, words: list[_Word], out: _Found) -> bool:
    """ "Dr. Okafor", "mrs smith": the title and the name are one finding."""
    if (
        w.prev not in lx.TITLES
        or w.name in lx.NOT_A_NAME
        or not (w.capitalised or w.lower_text)
        or not _could_be_name(w.name.rstrip("s") + "x")
    ):
        return False
    title = words[w.k - 1].tok
    out.add("person", title.start, _person_end(w), f"a title ('{title.text}') before a name")
    return True


def _in_address(w: _Word, text: str) -> bool:
    return text[w.tok.end : w.tok.end + 1] == "@" or "@" in w.tok.text or text[w.tok.start - 1 : w.tok.start] == "@"


def _not_a_person_here(w: _Word, lows: list[str]) -> bool:
    return (
        (w.name in lx.NOT_NAMES and not (w.name in lx.NAMED_LIKE_ASSISTANTS and _contact_context(lows, w.k)))
        or w.prev in lx.PLACE_PREFIXES  # "san antonio", "los angeles"
        or _spoken_email(lows, w.k)  # a later part of an address said aloud
        or _media(lows, w.k)  # an artist, an author or a title ("play some Taylor Swift")
    )


def _person_end(w: _Word) -> int:
    """Where the finding ends: over the surname when one follows, before a possessive "'s"."""
    if w.nxt is not None and (w.capitalised or w.lower_text) and _surname_after(w):
        return w.nxt.end
    return w.tok.end - 2 if w.tok.text.lower().endswith("'s") else w.tok.end


def _full_name(w: _Word, words: list[_Word]) -> tuple[_Word, str] | None:
    """The last word and the listed name of a well-known person's whole name starting at ``w`` ("bill gates",
    "j k rowling"), or None. The words must follow one another with nothing but spaces between."""
    names: list[str] = []
    for x in words[w.k : w.k + 4]:
        if x is not w and _word_before(x, words) is None:
            break
        names.append(x.name.rstrip("."))
        if len(names) >= 2 and (name := join_initials(names)) in known.FULL_NAMES:
            return x, name
    return None


def _word_before(w: _Word, words: list[_Word]) -> _Word | None:
    """The word right before ``w`` with nothing but spaces between (no comma, no full stop), or None."""
    before = words[w.k - 1] if w.k > 0 else None
    return before if before is not None and before.nxt is w.tok else None


def join_initials(names: list[str]) -> str:
    """ "j k rowling" -> "jk rowling": initials said one by one are written as one word in the list."""
    out: list[str] = []
    for n in names:
        if len(n) == 1 and out and len(out[-1]) <= 2 and out[-1].isalpha() and len(names) > 2:
            out[-1] += n
        else:
            out.append(n)
    return " ".join(out)


# words before a place's name: a known surname after one is a town as often as a person ("the weather in jackson")
_PLACE_PREPS = frozenset("in near at around to from".split())


def _written_name_reason(w: _Word) -> str | None:
    """In text that writes names with a capital (Whisper's): a census first name with a capital inside a sentence
    ("said Cora"), or any capitalised word after a capitalised title ("Lady Josiana", "General Wheeler")."""
    if w.lower_text or not w.capitalised or w.name in lx.PLACE_NAMES or w.name in _MONTHS:
        return None
    if w.prev in _WRITTEN_TITLES and _could_be_name(w.name):
        return f"a name after the title '{w.prev}'"
    if w.name in census.FIRST and _could_be_name(w.name):
        return f"first name '{w.name}' written with a capital"
    if w.prev in _SPEECH_TAGS and not w.sentence_start and _could_be_name(w.name) and w.name not in _NOT_SURNAME:
        return f"'{w.tok.text}' after '{w.prev}'"  # "said Cora", "asked Peter"
    return None


_SPEECH_TAGS = frozenset("said asked replied answered cried shouted whispered added".split())
# titles that, written with a capital before a capitalised word, make it a name
_WRITTEN_TITLES = lx.HONORIFICS | frozenset(
    "madam madame monsieur general captain colonel major lieutenant sergeant uncle aunt count countess duke duchess"
    " baron baroness".split()
)


def _known_surname_reason(w: _Word) -> str | None:
    """A surname a list of well-known and common surnames holds and no dictionary does ("einstein", "obama")."""
    if w.name not in known.SURNAMES or not (w.lower_text or w.capitalised) or w.prev in _PLACE_PREPS:
        return None
    return f"'{w.name}': a well-known person's or a common surname"


def _people(text: str, out: _Found) -> None:
    words, lows = _words_of(text)
    for w in words:
        if _in_address(w, text):
            continue  # the name in an e-mail address is part of the address
        if _title_person(w, words, out):
            continue
        if (full := _full_name(w, words)) is not None and not _media(lows, w.k):
            out.add("person", w.tok.start, _person_end(full[0]), f"'{full[1]}': a well-known person")
            continue
        if _not_a_person_here(w, lows):
            continue
        cue = _contact_cue(lows, w.k)
        if reason := _listed_name_reason(w, cue) or _context_reason(w, lows, cue) or _written_name_reason(w):
            out.add("person", _title_before(w, words), _person_end(w), reason)
        elif reason := _known_surname_reason(w):
            out.add("person", _first_name_before(w, words, text), _person_end(w), reason)


def _title_before(w: _Word, words: list[_Word]) -> int:
    """Where a name's finding starts: at a title written with a capital right before it ("King Charles")."""
    before = None if w.lower_text else _word_before(w, words)
    return (
        before.tok.start
        if before is not None and before.capitalised and before.name in _WRITTEN_TITLES
        else w.tok.start
    )


_INITIALS = re.compile(r"(?:\b[A-Za-z]\.\s*){1,3}$")


def _first_name_before(w: _Word, words: list[_Word], text: str) -> int:
    """Where a surname's finding starts: at the initials ("j. k. rowling") or the first name ("rowan atkinson", if
    a list has it) right before it."""
    if initials := _INITIALS.search(text, 0, w.tok.start):
        return initials.start()
    before = _word_before(w, words)
    if before is not None and (_any_name(before.name) or before.name in census.FIRST_WORDS):
        return before.tok.start
    return w.tok.start


# --- entry point -------------------------------------------------------------------------------------


def find(text: str | None, source: str = "local") -> list[Finding]:
    """Every sensitive finding in ``text``, in order of position. Only the first :data:`MAX_TEXT` characters
    are read: every pattern is linear in the text's length, and the cap keeps one hostile transcript (a
    megabyte of one word) from holding a report or the app for seconds."""
    if not text or not text.strip():
        return []
    text = text[:MAX_TEXT]
    n = normalise(text)
    out = _Found(text)
    _numbers(n, out)
    _emails(n, out)
    _addresses(n, out)
    _money(n, out)
    _lexical(text, out)
    _people(text, out)
    # a name inside an e-mail address is part of the address, and so is a "number" inside it
    items = [
        f
        for f in out.items
        if not (
            f.category in ("phone", "account", "money")
            and (_inside(f, out.items, "email") or _inside(f, out.items, "secret"))
        )
    ]
    return sorted(
        (Finding(f.category, f.words, f.start, f.end, f.reason, source) for f in items),
        key=lambda f: (f.start, CATEGORIES.index(f.category)),
    )


def _inside(f: Finding, items: list[Finding], category: str) -> bool:
    return any(g.category == category and g.start <= f.start and f.end <= g.end for g in items if g is not f)
