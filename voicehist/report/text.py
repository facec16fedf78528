"""The report in the terminal (rich): at most 80 columns, bars and the heatmap drawn with block characters.

Strings from the export are shown through :func:`voicehist.safetext.visible` inside rich ``Text`` objects, so
they are never read as markup or as terminal control.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from voicehist.report import fmt
from voicehist.report.figures import WEEKDAYS, Figures
from voicehist.safetext import visible

WIDTH = 80
MAX_FINDINGS = 30


def _t(value: object, style: str = "") -> Text:
    return Text(visible(value), style=style)


def _table(*columns: tuple[str, dict[str, object]], title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", header_style="bold", box=None, pad_edge=False)
    for name, kw in columns:
        table.add_column(name, **kw)  # type: ignore[arg-type]
    return table


def _h(title: str) -> Text:
    return Text("\n" + title, style="bold underline")


def _bars(rows: list[tuple[str, int]], label: str, width: int = 28) -> Table:
    top = max((n for _, n in rows), default=0)
    table = _table(
        (label, {"max_width": 30, "overflow": "ellipsis", "no_wrap": True}),
        ("clips", {"justify": "right"}),
        ("", {"no_wrap": True}),
    )
    for name, n in rows:
        table.add_row(_t(name), fmt.count(n), Text(fmt.bar(n, top, width), style="blue"))
    return table


def heatmap_lines(grid: list[list[int]]) -> list[str]:
    """Seven rows of 24 shaded cells (one per hour), darker = more clips; the same scale as the HTML."""
    top = max((v for row in grid for v in row), default=0)
    lines = ["UTC  " + "".join(f"{h:02d}".ljust(9) for h in range(0, 24, 3)).rstrip()]
    for wd, row in enumerate(grid):
        lines.append(f"{WEEKDAYS[wd]}  " + "".join(fmt.shade(v, top) * 2 + " " for v in row).rstrip())
    most = f"{top} clip{'' if top == 1 else 's'} in one hour"
    lines.append(f"     {fmt.SHADES[1]} few   {fmt.SHADES[-1]} most ({most})   · none   hours in UTC")
    return lines


def sections(f: Figures) -> Iterator[RenderableType]:
    """The report's parts in order: its head, then (unless no clip matches) each section."""
    yield from _head(f)
    if f.empty:
        return
    for section in (_summary, _when, _accidental, _asked, _sensitive, _voices, _requests):
        yield from section(f)


def _head(f: Figures) -> Iterator[RenderableType]:
    yield Text(f.title, style="bold")
    meta = f"made {f.generated_at} · {fmt.filter_text(f.filter)}"
    if f.first:
        meta += f" · {fmt.day(f.first)} to {fmt.day(f.last)}"
    yield _t(meta, "dim")
    if f.empty:
        yield Text(
            "\nThis database holds no clips" + (" that match this filter" if f.filter else "") + ": nothing to report"
            " yet. Import an export with `voicehist import PATH`."
        )


def _summary(f: Figures) -> Iterator[RenderableType]:
    yield _h("Summary")
    acc = f.accidental
    yield Text(
        f"{fmt.count(f.clips)} clips over {f.span_days or '–'} days · {fmt.share(f.share_with_audio)} with audio"
        f" ({fmt.count(f.with_audio)}) · {fmt.share(f.share_transcribed)} transcribed ({fmt.count(f.transcribed)})"
        f" · {fmt.duration(f.audio_seconds)} of audio · {fmt.count(acc.total)} accidental"
        f" ({fmt.share(acc.share)})"
    )
    yield _bars([(r.vendor or "(unknown)", r.clips) for r in f.by_vendor], "vendor")
    yield _bars([(fmt.name(r.device), r.clips) for r in f.by_device], "device")
    for note in f.notes:
        yield _t(note, "dim")


def _when(f: Figures) -> Iterator[RenderableType]:
    yield _h("When the speakers recorded")
    top = max((m.clips for m in f.per_month), default=0)
    months = _table(("month", {}), ("clips", {"justify": "right"}), ("acc.", {"justify": "right"}), ("", {}))
    for m in f.per_month:
        bar = Text(fmt.bar(m.clips, top, 40), style="blue")
        months.add_row(m.month, fmt.count(m.clips), fmt.count(m.accidental), bar)
    yield months
    yield Text("\n".join(heatmap_lines(f.heatmap)))


def _accidental(f: Figures) -> Iterator[RenderableType]:
    yield _h("Accidental activations")
    acc = f.accidental
    yield Text(
        f"{fmt.count(acc.total)} of {fmt.count(f.clips)} clips count as accidental: the detector suspected"
        f" {fmt.count(acc.auto_suspected)}; you confirmed {fmt.count(acc.user_confirmed)} and marked"
        f" {fmt.count(acc.user_rejected)} as not accidental ({fmt.count(acc.unreviewed_suspects)} suspects not"
        f" reviewed). {fmt.duration(acc.audio_seconds)} of audio was recorded without being asked for, in"
        f" {fmt.count(acc.with_audio)} recordings."
    )
    yield _device_rates(f)
    pub = f.published
    yield _t(
        f"Published: {fmt.plain(pub.per_device_per_day_low)}–{fmt.plain(pub.per_device_per_day_high)} misactivations"
        f" per device per day, {pub.per_hour_of_tv} per hour of TV ({pub.source}). A day of use is a day with a clip"
        " from that device.",
        "dim",
    )
    if f.reasons:
        reasons = _table(("what the detector noticed most often", {"ratio": 1}), ("clips", {"justify": "right"}))
        for r in f.reasons:
            reasons.add_row(_t(r.reason), fmt.count(r.clips))
        yield reasons
    if f.longest_accidental:
        yield _longest(f)


def _device_rates(f: Figures) -> Table:
    low, high = f.published.per_device_per_day_low, f.published.per_device_per_day_high
    devices = _table(
        ("device", {"max_width": 22, "overflow": "ellipsis", "no_wrap": True}),
        ("clips", {"justify": "right"}),
        ("days", {"justify": "right"}),
        ("acc.", {"justify": "right"}),
        ("/day", {"justify": "right"}),
        ("vs published", {"no_wrap": True}),
    )
    for r in f.accidental_by_device:
        devices.add_row(
            _t(fmt.name(r.device)),
            fmt.count(r.clips),
            fmt.count(r.days),
            fmt.count(r.accidental),
            fmt.rate(r.per_day),
            fmt.compared_to_published(r.per_day, low, high).replace(" the published range", ""),
        )
    return devices


def _longest(f: Figures) -> Table:
    longest = _table(
        ("clip", {"no_wrap": True}),
        ("time (UTC)", {"no_wrap": True}),
        ("device", {"max_width": 14, "overflow": "ellipsis", "no_wrap": True}),
        ("length", {"justify": "right", "no_wrap": True}),
        ("heard", {"ratio": 1, "overflow": "fold"}),
        title="Longest accidental recordings",
    )
    for r in f.longest_accidental:
        longest.add_row(
            f"#{r.number}",
            fmt.when(r.recorded_at),
            _t(fmt.name(r.device)),
            fmt.duration(r.duration),
            _t(r.excerpt + (" (vendor's transcript)" if r.heard_by == "vendor" else "")),
        )
    return longest


def _asked(f: Figures) -> Iterator[RenderableType]:
    yield _h("What was asked")
    if not f.top_requests:
        yield Text("No transcripts yet.")
        return
    req = _table(("most frequent requests", {"ratio": 1}), ("clips", {"justify": "right"}))
    for r in f.top_requests:
        req.add_row(_t(r.text), fmt.count(r.clips))
    yield req
    words = "  ".join(f"{visible(w.word)} ({w.clips})" for w in f.top_words)
    yield Text("topics: " + (words or "–"))


def _sensitive(f: Figures) -> Iterator[RenderableType]:
    yield _h("Sensitive content in the transcripts")
    s = f.sensitive
    yield Text(
        f"{fmt.count(len(s.findings))} finding(s) in {fmt.count(s.clips)} clip(s): "
        + ", ".join(f"{c} {n}" for c, n in s.by_category.items())
    )
    if not s.findings:
        return
    table = _table(
        ("clip", {"no_wrap": True}),
        ("time (UTC)", {"no_wrap": True}),
        ("category", {"no_wrap": True}),
        ("words", {"ratio": 1, "overflow": "fold"}),
        ("in", {"no_wrap": True}),
    )
    for x in s.findings[:MAX_FINDINGS]:
        table.add_row(f"#{x.number}", fmt.when(x.recorded_at), x.category, _t(x.words), x.source)
    yield table
    if len(s.findings) > MAX_FINDINGS:
        yield Text(f"… and {len(s.findings) - MAX_FINDINGS} more: `voicehist sensitive` lists them all.")


def _voices(f: Figures) -> Iterator[RenderableType]:
    v = f.voices
    if not v:
        return
    yield _h("Voices: who was recorded")
    yield Text(
        f"{fmt.count(v.clips_with_voice)} clip(s) grouped by voice on this machine"
        + (f"; {fmt.count(v.one_off_clips)} from voices heard once" if v.one_off_clips else "")
        + ". Name them with `voicehist voices name`."
    )
    table = _table(
        ("voice", {"ratio": 1, "overflow": "fold"}),
        ("clips", {"justify": "right"}),
        ("accidental", {"justify": "right"}),
        ("share", {"justify": "right"}),
    )
    for x in v.voices:
        label = visible(x.name) + (" (your child)" if x.child else "")
        table.add_row(_t(label), fmt.count(x.clips), fmt.count(x.accidental), fmt.share(x.accidental_share))
    yield table


def _requests(f: Figures) -> Iterator[RenderableType]:
    r = f.requests
    if not r:
        return
    yield _h("Deletion requests")
    yield Text(fmt.requests_line(r, visible))
    table = _table(
        ("#", {"no_wrap": True}),
        ("vendor", {"no_wrap": True}),
        ("law", {"no_wrap": True}),
        ("sent", {"no_wrap": True}),
        ("answer due", {"no_wrap": True}),
        ("status", {}),
        ("clips", {"justify": "right"}),
        ("verification", {}),
    )
    for x in r.items:
        table.add_row(
            _t(x.id),
            _t(x.vendor or ""),
            _t(x.law or ""),
            fmt.day(x.sent),
            fmt.day(x.answer_due),
            _t((x.status or "") + (" (overdue)" if x.overdue else "")),
            fmt.count(x.clips),
            _t(x.verification or ""),
        )
    yield table


def render(f: Figures) -> Group:
    return Group(*sections(f))


def render_text(f: Figures, *, width: int = WIDTH, color: bool = False) -> str:
    """The terminal report as a string (plain text unless ``color``), ``width`` columns wide."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        force_terminal=color,
        legacy_windows=False,
    )
    console.print(render(f))
    return buf.getvalue()
