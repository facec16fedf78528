"""The detail pane: every fact about the highlighted clip, both transcripts, words with confidence."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from voicehist.store.queries import vendor_status_words
from voicehist.tui.clipinfo import finding_words, request_words
from voicehist.tui.text import decision_text, fmt_number, fmt_time, is_forgotten, query_pattern, shown, status_words

EMPTY = "No clip highlighted."


def word_style(probability: float | None) -> str:
    if probability is None:
        return ""
    if probability < 0.5:
        return "red"
    if probability < 0.8:
        return "yellow"
    return ""


def marked(value: str, pattern: re.Pattern[str] | None) -> Text:
    text = Text(shown(value))
    if pattern is not None:
        text.highlight_regex(pattern, "bold underline yellow")
    return text


def render_words(words: list[dict[str, Any]], current: int | None, pattern: re.Pattern[str] | None = None) -> Text:
    text = Text()
    for i, w in enumerate(words):
        word = shown(w.get("word")).strip()
        style = "reverse bold" if i == current else word_style(w.get("probability"))
        if i != current and pattern is not None and pattern.search(word):
            style = f"{style} bold underline yellow".strip()
        text.append(word, style)
        p = w.get("probability")
        if p is not None:
            text.append(f"·{p:.2f}", "dim")
        text.append(" ")
    return text


def _format(clip: dict[str, Any]) -> str:
    parts = [clip.get("audio_format")]
    if clip.get("sample_rate"):
        parts.append(f"{clip['sample_rate']} Hz")
    if clip.get("channels"):
        parts.append(f"{clip['channels']} ch")
    return " ".join(str(p) for p in parts if p)


def _voice(clip: dict[str, Any]) -> str | None:
    if clip.get("voice_id") is None:
        return None
    name = clip.get("voice_name") or f"voice {clip['voice_id']}"
    conf = clip.get("voice_confidence")
    return f"{name}" + (f" (confidence {conf:.2f}; V: voices)" if conf is not None else "")


def local(iso: str | None, *, seconds: bool = True) -> str:
    from voicehist.localtime import local as local_time

    return local_time(iso, seconds=seconds)


def render_clip(
    clip: dict[str, Any] | None, current_word: int | None = None, query: str | None = None
) -> RenderableType:
    if clip is None:
        return Text(EMPTY, "dim")
    pattern = query_pattern(query)

    def grid() -> Table:
        t = Table.grid(padding=(0, 1))
        t.add_column(style="bold", no_wrap=True, min_width=10)  # the keys of both grids line up
        t.add_column()
        return t

    # first what a person reviews a clip by (when, where, the flag) and what was said; the ids, times as the
    # vendor wrote them and the audio's format come after, so that at 80x24 the transcripts are in view
    head = grid()
    head_rows: list[tuple[str, Any]] = [
        ("number", fmt_number(clip.get("number"))),
        ("recorded", local(clip.get("recorded_at")) or fmt_time(None)),
        ("device", clip.get("device")),
        ("voice", _voice(clip)),
        ("forgotten", local(clip.get("forgotten_at"), seconds=False) if is_forgotten(clip) else None),
    ]
    for key, value in head_rows:
        if value not in (None, ""):
            head.add_row(key, Text(shown(value)))
    head.add_row("flag", decision_text(clip))
    score = clip.get("score")
    if score is not None:
        head.add_row("score", f"{score:.2f}")
    for t in clip.get("requests") or []:
        head.add_row("request", Text(request_words(t), "bold red" if t.overdue else "bold cyan"))
    if clip.get("vendor_status"):
        style = {"gone": "bold green", "still_present": "bold red"}.get(clip["vendor_status"], "bold yellow")
        head.add_row("at vendor", Text(vendor_status_words(clip), style))
    findings = clip.get("sensitive") or []
    if findings:
        head.add_row("sensitive", Text(finding_words(findings), "bold yellow"))
    if clip.get("vendor_not_intended"):
        head.add_row("vendor mark", Text("not intended for the device (v in the list)", "bold magenta"))

    parts: list[RenderableType] = [head, Text("")]
    info = clip.get("transcript_info") or {}
    parts.append(Text("Local transcript", "bold underline"))  # by which engine and model: under Details
    words = clip.get("words") or []
    if words:
        parts.append(render_words(words, current_word, pattern))
    else:
        parts.append(marked(clip.get("transcript") or f"({status_words(clip)})", pattern))
    parts.append(Text(""))
    parts.append(Text("Vendor transcript", "bold underline"))
    parts.append(marked(clip.get("vendor_transcript") or "(none)", pattern))
    if clip.get("vendor_response"):
        parts.append(Text.assemble(("Response: ", "dim"), shown(clip["vendor_response"])))
    reasons_raw = clip.get("reasons")
    reasons = json.loads(reasons_raw) if isinstance(reasons_raw, str) and reasons_raw else []
    if reasons:
        parts.append(Text(""))
        parts.append(Text("Detector's reasons", "bold underline"))
        for r in reasons:
            parts.append(Text(f"• {shown(r)}"))

    facts = grid()
    sources = clip.get("sources") or []
    rows: list[tuple[str, Any]] = [
        ("id", clip.get("id")),
        ("raw time", clip.get("recorded_raw")),
        ("vendor", clip.get("vendor")),
        ("kind", clip.get("vendor_kind")),
        ("vendor id", clip.get("vendor_id")),
        ("audio", clip.get("audio_name")),
        ("format", _format(clip)),
        ("duration", None if clip.get("duration") is None else f"{clip['duration']:.2f} s"),
        ("audio problem", clip.get("audio_problem")),
        ("source", ", ".join(str(s.get("name") or s.get("path")) for s in sources) or None),
        ("transcript", None if clip.get("transcript") else status_words(clip)),
        (
            "transcribed by",
            f"{shown(info.get('engine'))}, {shown(info.get('model'))}, {shown(info.get('language')) or '?'}"
            if info
            else None,
        ),
    ]
    for key, value in rows:
        if value not in (None, ""):
            facts.add_row(key, Text(shown(value)))
    parts += [Text(""), Text("Details", "bold underline"), facts]
    return Group(*parts)


class DetailPane(VerticalScroll):
    """Scrollable pane showing one clip; ``highlight_word`` marks the word being spoken."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.clip: dict[str, Any] | None = None
        self.current_word: int | None = None
        self.query_words: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(EMPTY, "dim"), id="detail-body")

    def show(self, clip: dict[str, Any] | None) -> None:
        self.clip = clip
        self.current_word = None
        self._paint()

    def highlight_word(self, index: int | None) -> None:
        if index != self.current_word:
            self.current_word = index
            self._paint()

    def _paint(self) -> None:
        self.query_one("#detail-body", Static).update(render_clip(self.clip, self.current_word, self.query_words))
