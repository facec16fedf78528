"""The detail pane: every fact about the highlighted clip, both transcripts, words with confidence."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from voicehist.store.records import DETAIL_FIELDS, ClipDetail, Word, field, vendor_status_words
from voicehist.tui.clipinfo import DetailClip, finding_words, request_words
from voicehist.tui.text import decision_text, fmt_time, query_pattern, shown, status_words

EMPTY = "No clip highlighted."
# the Details grid, under the transcripts (labels: voicehist.store.records.CLIP_FIELDS)
DETAILS = ("id", "recorded_raw", "vendor", "vendor_kind", "vendor_id", "audio_name", "audio_format", "duration",
           "audio_problem")  # fmt: skip
VENDOR_STATUS_STYLES = {"gone": "bold green", "still_present": "bold red"}


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


def render_words(words: tuple[Word, ...], current: int | None, pattern: re.Pattern[str] | None = None) -> Text:
    text = Text()
    for i, w in enumerate(words):
        word = shown(w.word).strip()
        style = "reverse bold" if i == current else word_style(w.probability)
        if i != current and pattern is not None and pattern.search(word):
            style = f"{style} bold underline yellow".strip()
        text.append(word, style)
        p = w.probability
        if p is not None:
            text.append(f"·{p:.2f}", "dim")
        text.append(" ")
    return text


def _grid() -> Table:
    t = Table.grid(padding=(0, 1))
    t.add_column(style="bold", no_wrap=True, min_width=10)  # the keys of both grids line up
    t.add_column()
    return t


def _add(grid: Table, clip: ClipDetail, names: tuple[str, ...]) -> None:
    """The fields ``names`` that have something to say, with their one label (store.records.CLIP_FIELDS)."""
    for f in map(field, names):
        value = f.text(clip)
        if value:
            grid.add_row(f.label, Text(shown(value)))


def _head(view: DetailClip) -> Table:
    """What a person reviews a clip by: when, where, who, the flag and what became of it."""
    clip = view.clip
    head = _grid()
    _add(head, clip, ("number",))
    head.add_row(field("recorded_at").label, Text(shown(field("recorded_at").text(clip) or fmt_time(None))))
    _add(head, clip, ("device", "voice", "forgotten"))
    head.add_row(field("flagged").label, decision_text(clip))
    _add(head, clip, ("score",))
    for t in view.requests:
        head.add_row("request", Text(request_words(t), "bold red" if t.overdue else "bold cyan"))
    if clip.vendor_status:
        style = VENDOR_STATUS_STYLES.get(clip.vendor_status, "bold yellow")
        head.add_row(field("vendor_status").label, Text(vendor_status_words(clip), style))
    if view.sensitive:
        head.add_row("sensitive", Text(finding_words(view.sensitive), "bold yellow"))
    if clip.vendor_not_intended:
        mark = f"{field('vendor_not_intended').text(clip)} (v in the list)"
        head.add_row(field("vendor_not_intended").label, Text(mark, "bold magenta"))
    return head


def _said(clip: ClipDetail, current_word: int | None, pattern: re.Pattern[str] | None) -> list[RenderableType]:
    """Both transcripts (the local one word by word with confidence) and the detector's reasons."""
    parts: list[RenderableType] = [Text("Local transcript", "bold underline")]  # engine and model: under Details
    if clip.words:
        parts.append(render_words(clip.words, current_word, pattern))
    else:
        parts.append(marked(clip.transcript or f"({status_words(clip)})", pattern))
    parts += [Text(""), Text("Vendor transcript", "bold underline")]
    parts.append(marked(clip.vendor_transcript or "(none)", pattern))
    if clip.vendor_response:
        parts.append(Text.assemble(("Response: ", "dim"), shown(clip.vendor_response)))
    if clip.reason_list:
        parts += [Text(""), Text("Detector's reasons", "bold underline")]
        parts += [Text(f"• {shown(r)}") for r in clip.reason_list]
    return parts


def _details(clip: ClipDetail) -> Table:
    """Ids, the time as the vendor wrote it, the audio's format, where the clip came from, who transcribed it."""
    facts = _grid()
    _add(facts, clip, DETAILS)
    for f in DETAIL_FIELDS:
        value = f.text(clip)
        if value:
            facts.add_row(f.label, Text(shown(value)))
    if not clip.transcript:
        facts.add_row(field("transcript_status").label, Text(status_words(clip)))
    return facts


def render_clip(view: DetailClip | None, current_word: int | None = None, query: str | None = None) -> RenderableType:
    """The pane for one clip: first what a person reviews it by and what was said, then the details (ids, the
    vendor's time, the audio's format), so that at 80x24 the transcripts are in view."""
    if view is None:
        return Text(EMPTY, "dim")
    said = _said(view.clip, current_word, query_pattern(query))
    return Group(_head(view), Text(""), *said, Text(""), Text("Details", "bold underline"), _details(view.clip))


class DetailPane(VerticalScroll):
    """Scrollable pane showing one clip; ``highlight_word`` marks the word being spoken."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.view: DetailClip | None = None  # what is shown: the clip with its requests and findings
        self.current_word: int | None = None
        self.query_words: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(EMPTY, "dim"), id="detail-body")

    @property
    def clip(self) -> ClipDetail | None:
        """The clip shown (None: none)."""
        return self.view.clip if self.view is not None else None

    def show(self, view: DetailClip | None) -> None:
        self.view = view
        self.current_word = None
        self._paint()

    def highlight_word(self, index: int | None) -> None:
        if index != self.current_word:
            self.current_word = index
            self._paint()

    def _paint(self) -> None:
        self.query_one("#detail-body", Static).update(render_clip(self.view, self.current_word, self.query_words))
