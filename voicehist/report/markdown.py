"""The report as Markdown: tables, and the month bars and heatmap as block characters in code blocks.

Strings from the export are escaped twice over: as HTML (a Markdown viewer renders inline HTML, so a
``<script>`` in a transcript must arrive as text) and as Markdown (``|``, ``*``, ``[`` … stay literal).
"""

from __future__ import annotations

import re
from html import escape

from voicehist.report import fmt
from voicehist.report.figures import Figures
from voicehist.report.text import heatmap_lines
from voicehist.safetext import visible

MAX_FINDINGS = 200
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~])")


def md(value: object) -> str:
    """Text from the export, safe in a Markdown table cell."""
    return _MD_SPECIAL.sub(r"\\\1", escape(visible(value), quote=False))


def _table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    out = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|",
    ]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out + [""]


def render_markdown(f: Figures) -> str:
    lines = _head(f)
    if f.empty:
        return "\n".join(lines)
    for section in (_summary, _when, _accidental, _asked, _sensitive, _voices, _requests):
        lines += section(f)
    return "\n".join(lines).rstrip() + "\n"


def _head(f: Figures) -> list[str]:
    lines = [f"# {md(f.title)}", ""]
    meta = f"Made {f.generated_at} · {md(fmt.filter_text(f.filter))}"
    if f.first:
        meta += f" · clips from {fmt.day(f.first)} to {fmt.day(f.last)}"
    lines += [meta, ""]
    if f.empty:
        lines += [
            "This database holds no clips" + (" that match this filter" if f.filter else "") + ": nothing to report"
            " yet. Import an export with `voicehist import PATH`.",
            "",
        ]
    return lines


def _summary(f: Figures) -> list[str]:
    acc = f.accidental
    lines = ["## Summary", ""]
    lines += _table(
        ["figure", "value"],
        [
            ["clips", fmt.count(f.clips)],
            ["days covered", str(f.span_days) if f.span_days is not None else "–"],
            ["with audio", f"{fmt.share(f.share_with_audio)} ({fmt.count(f.with_audio)})"],
            ["transcribed", f"{fmt.share(f.share_transcribed)} ({fmt.count(f.transcribed)})"],
            ["audio in all", fmt.duration(f.audio_seconds)],
            ["accidental", f"{fmt.count(acc.total)} ({fmt.share(acc.share)})"],
        ],
    )
    lines += _table(["vendor", "clips"], [[md(r.vendor or "(unknown)"), fmt.count(r.clips)] for r in f.by_vendor], {1})
    lines += _table(["device", "clips"], [[md(fmt.name(r.device)), fmt.count(r.clips)] for r in f.by_device], {1})
    return lines + [f"_{md(n)}_" for n in f.notes] + ([""] if f.notes else [])


def _when(f: Figures) -> list[str]:
    lines = ["## When the speakers recorded", ""]
    top = max((m.clips for m in f.per_month), default=0)
    bars = [
        f"{m.month}  {fmt.bar(m.clips, top, 40):<40} {m.clips:>6}  ({m.accidental} accidental)" for m in f.per_month
    ]
    lines += ["```", *bars, "```", ""]
    return lines + ["Clips by weekday and hour (UTC):", "", "```"] + heatmap_lines(f.heatmap) + ["```", ""]


def _accidental(f: Figures) -> list[str]:
    acc, pub = f.accidental, f.published
    lines = ["## Accidental activations", ""]
    lines += [
        f"{fmt.count(acc.total)} of {fmt.count(f.clips)} clips count as accidental: the detector suspected"
        f" {fmt.count(acc.auto_suspected)}; you confirmed {fmt.count(acc.user_confirmed)} as accidental and"
        f" marked {fmt.count(acc.user_rejected)} as not accidental ({fmt.count(acc.unreviewed_suspects)}"
        " suspects not reviewed yet). Your decision always wins over the detector's.",
        "",
        f"**{fmt.duration(acc.audio_seconds)}** of audio was recorded without being asked for, in"
        f" {fmt.count(acc.with_audio)} recordings.",
        "",
    ]
    lines += _device_rates(f)
    lines += [
        f"Published range: {fmt.plain(pub.per_device_per_day_low)} to {fmt.plain(pub.per_device_per_day_high)}"
        f" misactivations per device per day, {pub.per_hour_of_tv} per hour of TV dialogue ({pub.source}). A day of"
        " use is a day with at least one clip from that device.",
        "",
    ]
    if f.reasons:
        lines += ["### What the detector noticed most often", ""]
        lines += _table(["reason", "clips"], [[md(r.reason), fmt.count(r.clips)] for r in f.reasons], {1})
    if f.longest_accidental:
        lines += ["### Longest accidental recordings", ""]
        lines += _longest(f)
    return lines


def _device_rates(f: Figures) -> list[str]:
    low, high = f.published.per_device_per_day_low, f.published.per_device_per_day_high
    return _table(
        ["device", "clips", "days used", "accidental", "per day", "beside the published range"],
        [
            [
                md(fmt.name(r.device)),
                fmt.count(r.clips),
                fmt.count(r.days),
                fmt.count(r.accidental),
                fmt.rate(r.per_day),
                fmt.compared_to_published(r.per_day, low, high),
            ]
            for r in f.accidental_by_device
        ],
        {1, 2, 3, 4},
    )


def _longest(f: Figures) -> list[str]:
    return _table(
        ["clip", "time (UTC)", "device", "length", "what was heard"],
        [
            [
                f"#{r.number}",
                fmt.when(r.recorded_at),
                md(fmt.name(r.device)),
                fmt.duration(r.duration),
                md(r.excerpt) + (" _(the vendor's transcript)_" if r.heard_by == "vendor" else ""),
            ]
            for r in f.longest_accidental
        ],
        {3},
    )


def _asked(f: Figures) -> list[str]:
    lines = [
        "## What was asked",
        "",
        "From clips not counted as accidental; the wake word and common words left out.",
        "",
    ]
    if not f.top_requests:
        return lines + ["No transcripts yet.", ""]
    lines += _table(["request", "clips"], [[md(r.text), fmt.count(r.clips)] for r in f.top_requests], {1})
    return lines + _table(["topic", "clips"], [[md(w.word), fmt.count(w.clips)] for w in f.top_words], {1})


def _sensitive(f: Figures) -> list[str]:
    s = f.sensitive
    lines = ["## Sensitive content in the transcripts", ""]
    lines += [f"{fmt.count(len(s.findings))} finding(s) in {fmt.count(s.clips)} clip(s).", ""]
    lines += _table(
        ["category", "findings", "clips"],
        [[c, fmt.count(n), fmt.count(s.clips_by_category[c])] for c, n in s.by_category.items()],
        {1, 2},
    )
    if s.findings:
        lines += _table(
            ["clip", "time (UTC)", "category", "words", "in"],
            [
                [f"#{x.number}", fmt.when(x.recorded_at), x.category, md(x.words), x.source]
                for x in s.findings[:MAX_FINDINGS]
            ],
        )
        if len(s.findings) > MAX_FINDINGS:
            lines += [f"… and {len(s.findings) - MAX_FINDINGS} more: `voicehist sensitive` lists them all.", ""]
    return lines


def _voices(f: Figures) -> list[str]:
    v = f.voices
    if not v:
        return []
    lines = ["## Voices: who was recorded", ""]
    lines += [
        f"{fmt.count(v.clips_with_voice)} clip(s) grouped by voice on this machine"
        + (f"; {fmt.count(v.one_off_clips)} from voices heard once" if v.one_off_clips else "")
        + ".",
        "",
    ]
    return lines + _table(
        ["voice", "clips", "accidental", "share"],
        [
            [
                md(x.name) + (" (your child)" if x.child else ""),
                fmt.count(x.clips),
                fmt.count(x.accidental),
                fmt.share(x.accidental_share),
            ]
            for x in v.voices
        ],
        {1, 2, 3},
    )


def _requests(f: Figures) -> list[str]:
    r = f.requests
    if not r:
        return []
    lines = ["## Deletion requests", ""]
    lines += [fmt.requests_line(r, md) + ".", ""]
    return lines + _table(
        ["request", "vendor", "law", "created", "sent", "answer due", "status", "clips", "verification"],
        [
            [
                md(x.id),
                md(x.vendor or ""),
                md(x.law or ""),
                fmt.day(x.created),
                fmt.day(x.sent),
                fmt.day(x.answer_due),
                md(x.status or "") + (" (overdue)" if x.overdue else ""),
                fmt.count(x.clips),
                md(x.verification or ""),
            ]
            for x in r.items
        ],
        {7},
    )
