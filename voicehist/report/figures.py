"""The report's figures: ONE function computes them, every renderer only presents them.

:func:`compute` reads the store through :mod:`voicehist.store.report` for any :class:`ClipFilter` (the one
``voicehist list`` builds) and returns :class:`~voicehist.report.records.Figures`, typed records with
:meth:`~voicehist.report.records.Figures.to_json`. Each step of it is a named function (a bench can time each).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import Counter
from collections.abc import Iterable

from voicehist.config import DEFAULT_WAKE_WORDS, load_config
from voicehist.dates import date_bounds, parse_when
from voicehist.localtime import local
from voicehist.report.fmt import period_words
from voicehist.report.records import (
    Accidental,
    DeviceCount,
    DeviceRate,
    Figures,
    LongClip,
    MonthCount,
    Published,
    ReasonCount,
    RequestCount,
    RequestRow,
    Requests,
    Sensitive,
    SensitiveHit,
    VendorCount,
    VoiceCount,
    Voices,
    WordCount,
)
from voicehist.requests.tracking import Timeline, timelines
from voicehist.sensitive import CATEGORIES, scan
from voicehist.store import Database
from voicehist.store import report as q
from voicehist.store.queries import ClipFilter
from voicehist.store.voices import voice_figures

# Dubois, Kolcun, Mandalari, Paracha, Choffnes, Haddadi: "When Speakers Are All Ears: Characterizing
# Misactivations of IoT Smart Speakers", PETS 2020. Smart speakers left with 134 h of TV dialogue.
PUBLISHED = Published(
    per_device_per_day_low=1.5,
    per_device_per_day_high=19.0,
    per_hour_of_tv=0.95,
    source="Dubois et al., \u201cWhen Speakers Are All Ears\u201d, PETS 2020 (TV-show experiment)",
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# What vendors write instead of a transcript: not a request, not a topic.
_PLACEHOLDERS = (
    "audio was not intended",
    "not intended for this device",
    "audio could not be understood",
    "audio was not understood",
    "text not available",
    "transcript not available",
    "no text stored",
)

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being below
    between both but by can can't could couldn't did didn't do does doesn't doing don't down during each few for from
    further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
    not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were
    weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you
    you'd you'll you're you've your yours yourself yourselves please just okay ok yeah um uh oh hmm hey hi can will
    tell me set turn get give make go going want like know one two also now then""".split()
)

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def describe_filter(f: ClipFilter) -> dict[str, object]:
    keep = ("query", "since", "until", "device", "vendor", "flagged", "has_audio", "selected")
    return {k: getattr(f, k) for k in keep if getattr(f, k) is not None}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _days_between(first: str | None, last: str | None) -> int | None:
    if not first or not last:
        return None
    try:
        a = _dt.date.fromisoformat(first[:10])
        b = _dt.date.fromisoformat(last[:10])
    except ValueError:
        return None
    return (b - a).days + 1


def reason_kind(reason: str) -> str:
    """A detector reason without its particulars, so that alike reasons count together:
    "silence / no speech (audio peaks at -52 dBFS)" → "silence / no speech"."""
    s = re.sub(r"\s*\([^)]*\)", "", reason)
    s = re.sub(r"'[^']*'", "'…'", s)
    s = re.sub(r"\d+(?:\.\d+)?", "N", s)
    s = re.sub(r"\s+", " ", s).strip(" :;,")
    return s


# The detector's reasons as the report's table names them: (pattern on the reason, label; None = evidence AGAINST
# an accidental activation, which is no answer to "why was it flagged"). The first group of a pattern, where there
# is one, is an example kept beside the label ("'Alexis', 'election'"). Checked in order; a reason that none
# matches is shown without its particulars (:func:`reason_kind`).
REASON_LABELS: tuple[tuple[str, str | None], ...] = (
    # transcript evidence the audio overrules weighs nothing (detect/scorer.py): not a reason
    (r"but the audio has the wake word", None),
    (r"^the audio sounds like '([^']*)', not", "the audio sounds like a word like the wake word"),
    (r"^the audio does not start with a wake word", "the audio does not start with a wake word"),
    (r"^vendor marked: .*not intended", "the vendor marked it: audio was not intended for the device"),
    (r"^vendor marked: .*(?:not be understood|not understood)", "the vendor marked it: audio could not be understood"),
    (r"^vendor kept no text", "the vendor kept no text"),
    (r"^vendor discarded it", "the vendor discarded it as not directed at the device"),
    (r"ASR_TIMEOUT", "the device woke but heard no request (vendor kind ASR_TIMEOUT)"),
    (r"^silence / no speech", "silence: nobody spoke"),
    (r"^near-miss word '([^']*)'", "a word like the wake word where the wake word would be"),
    (r"^no wake word in the first words heard", "no wake word in the first words heard"),
    (r"talk about the assistant", "talk about the assistant, not a request to it"),
    (r"^Alexa's transcript starts \d+ words into", "Alexa's transcript starts several words into the recording"),
    (r"transcripts disagree", "the vendor's and voicehist's transcripts disagree"),
    (r"of conversation, no request", "a long stretch of conversation with no request"),
    (r"several sentences", "several sentences with no request"),
    (r"^Google: from an unrecognized speaker", "Google: an unrecognized speaker"),
    (r"^audio unreadable", "the audio could not be read"),
    # evidence for an intended request: not a reason a clip was flagged
    (r"^the audio starts with '", None),
    (r"understood a request and acted on it", None),
    (r"^but what follows sounds like a request", None),
    (r"^wake word '", None),
    (r"among the first words heard.*how Whisper", None),
    (r"^Alexa's transcript is the request", None),
    (r"^Alexa heard a request from the first word", None),
    (r"may be the wake word misheard", None),
    (r"^started by a tap", None),
    (r"^Google: not started by the hotword", None),
    (r"^second half of a split request", None),
    (r"^wake word only", None),
)
_REASON_PATTERNS = [(re.compile(p), label) for p, label in REASON_LABELS]


def reason_label(reason: str) -> tuple[str | None, str | None]:
    """The report's label for a detector reason (None: evidence against, left out) and its example, if any."""
    for pattern, label in _REASON_PATTERNS:
        m = pattern.search(reason)
        if m:
            return label, (m.group(1) if m.groups() and m.group(1) else None)
    kind = reason_kind(reason).replace(" '…'", "").replace("'…'", "").replace("N ", "")
    return kind or None, None


def _reason_rows(raws: Iterable[str], top: int) -> list[ReasonCount]:
    counts: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = {}
    for raw in raws:
        seen: set[str] = set()
        for reason in dict.fromkeys(_loads(raw)):
            label, example = reason_label(reason)
            if not label or label in seen:
                continue
            seen.add(label)
            counts[label] += 1
            if example:
                examples.setdefault(label, Counter())[example.lower()] += 1
    rows = []
    for label, n in counts.most_common(top):
        if label in examples:
            shown = [w for w, _ in examples[label].most_common(3)]
            rows.append(ReasonCount(f"{label} ({', '.join(repr(w) for w in shown)})", n, shown))
        else:
            rows.append(ReasonCount(label, n))
    return rows


def _months(rows: list[tuple[str, int, int]]) -> list[MonthCount]:
    """Clips per month from the first month to the last, the months without a clip included (as 0)."""
    have = {m: (n, a) for m, n, a in rows if m and re.fullmatch(r"\d{4}-\d{2}", m)}
    if not have:
        return [MonthCount(m, n, a) for m, n, a in rows]
    first, last = min(have), max(have)
    y, mo = int(first[:4]), int(first[5:7])
    out = []
    if (int(last[:4]) - y) * 12 + int(last[5:7]) - mo > 240:  # an epoch-0 time would stretch it over decades
        return [MonthCount(m, n, a) for m, n, a in rows]
    while f"{y:04d}-{mo:02d}" <= last:
        key = f"{y:04d}-{mo:02d}"
        n, a = have.get(key, (0, 0))
        out.append(MonthCount(key, n, a))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def _longest_text(vendor_text: str | None, local_text: str | None) -> tuple[str, str]:
    """What a long accidental clip said, and whose transcript it is: the vendor's when it is a real transcript that
    holds at least as many words as voicehist's (the vendor heard the whole clip, often with a better model),
    else voicehist's."""
    vendor = (vendor_text or "").strip()
    local = (local_text or "").strip()
    if vendor and not _is_placeholder(vendor) and len(vendor.split()) >= len(local.split()):
        return vendor, "vendor"
    if local:
        return local, "local"
    return vendor, "vendor" if vendor else "none"


def _is_placeholder(text: str) -> bool:
    t = text.strip().lower()
    return t in ("", "unknown") or any(p in t for p in _PLACEHOLDERS)


def _wake_words() -> list[str]:
    try:
        table = load_config().detect.wake_words
    except Exception:  # noqa: BLE001 - a broken config.toml must not stop a report; the defaults serve
        table = DEFAULT_WAKE_WORDS
    words = {w.lower() for ws in table.values() for w in ws}
    return sorted(words, key=len, reverse=True)


def _request_text(row: q.TextRow, wake: list[str]) -> str | None:
    for text in (row.vendor_transcript, row.transcript):
        if text and not _is_placeholder(text):
            t = " ".join(_WORD.findall(text.lower()))
            changed = True
            while changed:  # leave the wake word out ("alexa what time is it" → "what time is it")
                changed = False
                for w in wake:
                    if t == w or t.startswith(w + " "):
                        t = t[len(w) :].strip()
                        changed = True
            return t or None
    return None


def compute(db: Database, f: ClipFilter | None = None, *, top: int = 10, now: str | None = None) -> Figures:
    """The report's figures for the clips ``f`` selects (all clips when None)."""
    f = f or ClipFilter()
    today = _dt.date.fromisoformat(now[:10]) if now else _dt.datetime.now(_dt.UTC).date()
    t = q.totals(db, f)
    clips = int(t.clips)
    rates = device_rates(db, f)
    rows = list(q.text_rows(db, f))
    asked, topics = asked_and_topics(rows, _wake_words())
    return Figures(
        period=_period(f, now),
        generated_at=now or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        filter=describe_filter(f),
        clips=clips,
        first=t.first,
        last=t.last,
        span_days=_days_between(t.first, t.last),
        no_time=int(t.no_time),
        no_device=int(t.no_device),
        with_audio=int(t.with_audio),
        transcribed=int(t.transcribed),
        share_with_audio=_share(int(t.with_audio), clips),
        share_transcribed=_share(int(t.transcribed), clips),
        audio_seconds=float(t.audio_seconds or 0.0),
        by_vendor=[VendorCount(k, n) for k, n in q.count_by(db, "vendor", f)],
        by_device=[DeviceCount(k, n) for k, n in q.count_by(db, "device", f)],
        per_month=_months(list(q.per_month(db, f))),
        heatmap=heatmap(db, f),
        accidental=accidental(t, sum(r.days for r in rates)),
        accidental_by_device=rates,
        published=PUBLISHED,
        reasons=_reason_rows(q.accidental_reasons(db, f), top),
        longest_accidental=longest_accidental(db, f),
        top_requests=[RequestCount(k, n) for k, n in asked.most_common(top)],
        top_words=[WordCount(k, n) for k, n in topics.most_common(top)],
        sensitive=sensitive(rows),
        requests=deletion_requests(db, today),
        notes=_time_notes(t),
        voices=voices(db, f),
    )


def _time_notes(t: q.Totals) -> list[str]:
    """What the reader must know about the clips' times: those without one, and those dated by their file."""
    notes = []
    if t.no_time:
        notes.append(f"{t.no_time} clip(s) have no time: counted in totals, not in months or the heatmap.")
    if t.file_dated:
        notes.append(
            f"{t.file_dated} clip(s) are dated by their file's date in the export (no record of the vendor's gave a"
            " time), which may not be when they were recorded: the period and the heatmap count them there."
        )
    return notes


def heatmap(db: Database, f: ClipFilter) -> list[list[int]]:
    """Clips per [weekday 0=Mon][hour 0..23], UTC."""
    heat = [[0] * 24 for _ in range(7)]
    for wd, h, n in q.weekday_hour(db, f):
        heat[wd][h] = n
    return heat


def device_rates(db: Database, f: ClipFilter) -> list[DeviceRate]:
    """Each device's accidental activations per day of use (None where it has no day with a time)."""
    return [
        DeviceRate(**vars(r), per_day=(r.accidental / r.days) if r.days else None)
        for r in q.accidental_by_device(db, f)
    ]


def accidental(t: q.Totals, device_days: int) -> Accidental:
    """The accidental clips among the totals, and their rate per device per day of use."""
    acc = int(t.accidental)
    return Accidental(
        total=acc,
        share=_share(acc, int(t.clips)),
        auto_suspected=int(t.auto_suspected),
        user_confirmed=int(t.user_confirmed),
        user_rejected=int(t.user_rejected),
        overridden_to_not=int(t.overridden_to_not),
        overridden_to_accidental=int(t.overridden_to_accidental),
        unreviewed_suspects=int(t.unreviewed_suspects),
        audio_seconds=float(t.accidental_audio_seconds or 0.0),
        with_audio=int(t.accidental_with_audio),
        device_days=device_days,
        per_device_per_day=(acc / device_days) if device_days else None,
    )


def longest_accidental(db: Database, f: ClipFilter) -> list[LongClip]:
    """The longest accidental recordings, with what was heard in them."""
    out = []
    for r in q.longest_accidental(db, f):
        text, heard_by = _longest_text(r.vendor_transcript, r.transcript)
        out.append(
            LongClip(
                number=r.number,
                id=r.id,
                recorded_at=r.recorded_at,
                device=r.device,
                duration=r.duration,
                excerpt=text[:120] + ("…" if len(text) > 120 else ""),
                heard_by=heard_by,
                decision=r.decision,
            )
        )
    return out


def asked_and_topics(rows: list[q.TextRow], wake: list[str]) -> tuple[Counter[str], Counter[str]]:
    """What the clips not counted as accidental asked (the wake word left out), and the words of it that are
    topics (no stop word, no wake word), each counted once per clip."""
    wake_tokens = {tok for w in wake for tok in w.split()}
    requests: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for row in rows:
        if row.flagged == 1:
            continue
        asked = _request_text(row, wake)
        if asked:
            requests[asked] += 1
            topics = (w for w in asked.split() if w not in STOP_WORDS and w not in wake_tokens and len(w) > 1)
            words.update(list(dict.fromkeys(topics)))
    return requests, words


def sensitive(rows: list[q.TextRow]) -> Sensitive:
    """Sensitive findings in the transcripts, with counts per category (findings and clips)."""
    findings = [
        SensitiveHit(
            clip=row.id,
            number=row.number,
            recorded_at=row.recorded_at,
            device=row.device,
            category=fnd.category,
            words=fnd.words,
            source=fnd.source,
            start=fnd.start,
            end=fnd.end,
            reason=fnd.reason,
        )
        for row, fnd in scan(rows)
    ]
    by_cat = Counter(x.category for x in findings)
    clips_by_cat: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    for x in findings:
        clips_by_cat[x.category].add(x.clip)
    return Sensitive(
        findings=findings,
        by_category={c: by_cat.get(c, 0) for c in CATEGORIES},
        clips_by_category={c: len(clips_by_cat[c]) for c in CATEGORIES},
        clips=len({x.clip for x in findings}),
    )


def _period(f: ClipFilter, now: str | None) -> str | None:
    """The report's --since/--until as words, their relative forms ("last month") read as of ``now``."""
    if not (f.since or f.until):
        return None
    at = _dt.datetime.fromisoformat(now[:10]).replace(hour=12, tzinfo=_dt.UTC) if now else None
    date_bounds(f.since, f.until, now=at)  # since after until: the error the filter gives
    # the days as the dates were read: in the display zone, like every date typed in a filter
    lo = parse_when(f.since, now=at).date().isoformat() if f.since else None
    hi = parse_when(f.until, end=True, now=at) if f.until else None
    last = (hi - _dt.timedelta(microseconds=1)).date().isoformat() if hi else None
    return period_words(lo, last)


def voices(db: Database, f: ClipFilter) -> Voices | None:
    """Clips and accidental share per voice: named voices and those heard in two clips or more, the rest as
    one-off. None when no clip has a voice yet (`voicehist voices` finds them)."""
    where, args = f.where()
    rows = voice_figures(db, where, args)
    if not rows:
        return None
    shown = [r for r in rows if r.clips >= 2 or r.name]
    once = [r for r in rows if r not in shown]
    return Voices(
        voices=[
            VoiceCount(
                id=r.id,
                name=r.name or f"voice {r.id}",
                named=bool(r.name),
                child=r.child,
                clips=r.clips,
                accidental=r.accidental,
                accidental_share=_share(r.accidental, r.clips),
            )
            for r in shown
        ],
        one_off_clips=sum(r.clips for r in once),
        clips_with_voice=sum(r.clips for r in rows),
    )


def deletion_requests(db: Database, today: _dt.date) -> Requests | None:
    """Tracked deletion requests (all of them: a request is not clip-filtered), with their deadlines and what the
    last `verify` found; None when there are none (the report then says nothing about them)."""
    items = [_request_row(t) for t in timelines(db, today)]
    if not items:
        return None
    status = Counter(x.status for x in items)
    return Requests(
        count=len(items),
        by_status=dict(status.most_common()),
        overdue=sum(1 for x in items if x.overdue),
        still_held_after_deadline=sum(x.held_after_deadline for x in items),
        items=items,
    )


def _request_row(t: Timeline) -> RequestRow:
    """A request's row in the report: its timeline, what the last `verify` found (``verification``: "2 gone,
    3 held, 1 unverifiable, checked 2026-12-04", the day local; "" before any check), and how many of its clips
    were still held after its deadline had passed (by the check's day)."""
    verification, held = "", 0
    if t.last_checked:
        day = local(t.last_checked, abbrev=False)[:10]
        verification = f"{t.gone} gone, {t.still_present} held, {t.unverifiable} unverifiable, checked {day}"
        late = bool(t.answer_due) and t.last_checked[:10] > str(t.answer_due) and t.status != "cancelled"
        held = int(t.still_present or 0) if late else 0
    return RequestRow(
        id=t.id,
        vendor=t.vendor,
        law=t.law,
        clips=t.clips,
        created=t.created,
        sent=t.sent,
        answer_due=t.answer_due,
        status=t.status,
        overdue=t.overdue,
        verification=verification,
        held_after_deadline=held,
    )


def _loads(raw: str) -> list[str]:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []
