"""The result list: a ScrollView backed by SQLite, like toolong's log view.

``virtual_size`` is the number of matching clips; ``render_line(y)`` renders only visible rows, fetched a page
at a time through Textual's own :class:`~textual.cache.LRUCache`. Nothing ever loads all rows, so 100,000 clips
paint as fast as 100.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from voicehist.localtime import zone
from voicehist.store.queries import ClipFilter
from voicehist.store.records import ClipRow
from voicehist.tui.text import flag_mark, fmt_duration, fmt_number, fmt_time, query_pattern, shown, status_words

PAGE = 100
MAX_PAGES = 32
MAX_STRIPS = 512  # rendered rows kept: a cursor move repaints two rows, and those two come from here

FetchPage = Callable[[ClipFilter, int, int], list[ClipRow]]
FetchIds = Callable[[list[str]], list[ClipRow]]

# column widths (the transcripts share what is left); marks: selected, flag, vendor's "not intended", request
W_MARK, W_NUM, W_TIME, W_DEVICE, W_DUR, W_SCORE = 4, 5, 16, 16, 6, 5
WIDE = 100  # from this width: both transcripts and a wider device column
SELECTED_MARK = "+"  # one cell in every terminal (● is ambiguous-width and shifted the row)
REQUEST_MARK = "D"  # the clip is named in a deletion request (D makes one; Q lists them)
# once `verify` checked it: what the vendor did (the detail pane says it in words)
VENDOR_MARKS = {"gone": ("G", "bold green"), "still_present": ("H", "bold red"), "unverifiable": ("U", "bold yellow")}

SORT_TITLES = {"time": "time", "time_asc": "time", "device": "device", "duration": "dur", "score": "score"}
SORT_ARROWS = {"time": "↓", "time_asc": "↑", "device": "↑", "duration": "↓", "score": "↓"}


def fit(value: str, width: int) -> str:
    """``value`` in exactly ``width`` cells; a cut value ends in "…" so it reads as cut."""
    return value.ljust(width) if len(value) <= width else value[: max(0, width - 1)] + "…"


W_VOICE = 10  # the voice column, once the database has voices (voicehist voices)


def voice_width(width: int, voices: bool) -> int:
    return W_VOICE if voices and width >= 64 else 0


def column_widths(width: int, voices: bool = False) -> tuple[int, int, int, int]:
    """(time, device, vendor transcript, local transcript) widths for a list ``width`` cells wide. Below
    :data:`WIDE` one column says what was said (the local transcript, else the vendor's); in a very narrow
    list (the detail pane open at 80 columns) the time drops its year and the device goes, so the duration
    and score stay in view."""
    time_w = W_TIME if width >= 60 else 11
    device = W_DEVICE if width >= 84 else 12 if width >= 64 else 0
    fixed = W_MARK + W_NUM + time_w + W_DUR + W_SCORE + 5 + (device + 1 if device else 0)
    vw = voice_width(width, voices)
    fixed += vw + 1 if vw else 0
    rest = max(8, width - fixed)
    if width < WIDE:
        return time_w, device, 0, rest
    vt = rest // 2
    return time_w, device, vt, rest - vt - 1


def header_text(width: int, sort: str = "time", voices: bool = False) -> Text:
    """Column titles over the columns; the sorted column carries an arrow (in the space before a right-aligned
    title, so every title keeps its width)."""
    time_w, dev, vt, lt = column_widths(width, voices)
    vw = voice_width(width, voices)
    arrow = SORT_ARROWS[sort]
    key = SORT_TITLES.get(sort)

    def left(name: str, w: int, k: str) -> str:
        return f"{name}{arrow if k == key else ''}".ljust(w)

    cols = ["".ljust(W_MARK), "#".rjust(W_NUM), left("time (local)" if time_w == W_TIME else "time", time_w, "time")]
    if dev:
        cols.append(left("device", dev, "device"))
    if vw:
        cols.append("voice".ljust(vw))
    if vt:
        cols.append(("vendor transcript" if vt >= 17 else "vendor")[:vt].ljust(vt))
        cols.append(("local transcript" if lt >= 16 else "local")[:lt].ljust(lt))
    else:
        cols.append(("what was said" if lt >= 13 else "said" if lt >= 4 else "")[:lt].ljust(lt))
    line = " ".join(cols)
    line += (arrow if key == "dur" else " ") + "dur".rjust(W_DUR)
    line += (arrow if key == "score" else " ") + "score".rjust(W_SCORE)
    # no wrapping: a wrapped line would lose its leading spaces and drift off the columns
    return Text(line[:width], style="bold", no_wrap=True, overflow="crop")


class ClipList(ScrollView, can_focus=True):
    """Virtual list of clips for one :class:`ClipFilter`."""

    BINDINGS = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding(
            "shift+down,J", "extend(1)", "", show=False, id="list.extend_down", tooltip="Select this row and the next"
        ),
        Binding(
            "shift+up,K", "extend(-1)", "", show=False, id="list.extend_up", tooltip="Select this row and the one above"
        ),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First clip", show=False, id="list.first"),
        Binding("end,G", "last", "Last clip", show=False, id="list.last"),
        Binding("space", "toggle_selected", "Select", id="list.toggle_selected", tooltip="Toggle selection"),
    ]
    COMPONENT_CLASSES = {"cliplist--cursor", "cliplist--selected", "cliplist--match"}

    class Highlighted(Message):
        def __init__(self, clip_list: ClipList, clip_id: str | None) -> None:
            super().__init__()
            self.clip_list = clip_list
            self.clip_id = clip_id

        @property
        def control(self) -> ClipList:
            return self.clip_list

    class ToggleRequested(Message):
        """Space on a row: flip its selection."""

        def __init__(self, clip_id: str, selected: bool) -> None:
            super().__init__()
            self.clip_id = clip_id
            self.selected = selected

    class SelectRequested(Message):
        """Shift+arrow or shift+click: select these rows."""

        def __init__(self, clip_ids: list[str]) -> None:
            super().__init__()
            self.clip_ids = clip_ids

    class WidthChanged(Message):
        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def __init__(self, fetch: FetchPage, fetch_ids: FetchIds | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._fetch = fetch
        self._fetch_ids = fetch_ids
        self._ids: list[str] | None = None  # the whole result order, once a worker has read it
        self.requests: dict[str, list[int]] = {}  # clip id -> deletion requests naming it (read by the worker)
        self.filter = ClipFilter()
        self.total = 0
        self.cursor = 0
        self.range_start = 0  # where a shift-click range starts
        self.pages: LRUCache[int, list[ClipRow]] = LRUCache(MAX_PAGES)  # misses = pages read from SQLite
        self._words = query_pattern(None)
        self._last_highlight: str | None = None
        self._header_width = -1
        self.show_voices = False  # a voice column, once the database has voices
        # rendered rows by what they show; emptied whenever the rows, the search or the styles change
        self._strips: LRUCache[tuple[Any, ...], Strip] = LRUCache(MAX_STRIPS)
        self._styles: dict[str, Style] = {}  # component styles, read once per theme (a lookup is slow)
        self._reads = 0  # pages read so far: a rendered row is known by its id and the read it came from
        self._page_reads: dict[int, int] = {}
        self._zone: dt.tzinfo | None = None  # the display zone, as the last page read found it

    # -- data --------------------------------------------------------------------------------------
    def set_results(
        self,
        f: ClipFilter,
        total: int,
        first: list[ClipRow],
        keep_cursor: bool = False,
        requests: dict[str, list[int]] | None = None,
    ) -> None:
        """Swap in a new result set atomically (first page and its request marks read off the UI thread)."""
        old_id = self.current_id if keep_cursor else None
        self.filter = f
        self.total = total
        self._ids = None
        self.requests = dict(requests or {})
        self.pages.clear()
        self._strips.clear()
        if first:
            self.pages[0] = first
            self._page_read(0)
        self._words = query_pattern(f.query)
        self._resize_virtual()
        if not keep_cursor:
            self.cursor = self.range_start = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self.cursor = min(self.cursor, max(0, total - 1))
        self.refresh()
        if old_id is None or old_id != self.current_id:
            self._post_highlight(force=True)

    def set_order(self, f: ClipFilter, ids: list[str], requests: dict[str, list[int]] | None = None) -> None:
        """The full result order (ids only, read off the UI thread): later pages are then read by id, which
        costs the same at any depth and for any filter (an OFFSET walk re-runs the filter every time).
        ``requests``: the request marks of every result, read by the same worker."""
        if f == self.filter and len(ids) == self.total:
            self._ids = ids
            if requests is not None:
                self.requests = dict(requests)
                self.refresh()

    def invalidate(self) -> None:
        """Forget cached pages (rows changed in the database) and repaint."""
        self.pages.clear()
        self._strips.clear()
        self.refresh()
        self._post_highlight(force=True)

    def row(self, index: int) -> ClipRow | None:
        if index < 0 or index >= self.total:
            return None
        page_no, within = divmod(index, PAGE)
        rows = self.pages.get(page_no)
        if rows is None:
            if self._ids is not None and self._fetch_ids is not None:
                rows = self._fetch_ids(self._ids[page_no * PAGE : (page_no + 1) * PAGE])
            else:
                rows = self._fetch(self.filter, page_no * PAGE, PAGE)
            self.pages[page_no] = rows
            self._page_read(page_no)
        return rows[within] if within < len(rows) else None

    def _page_read(self, page_no: int) -> None:
        self._reads += 1
        self._page_reads[page_no] = self._reads
        self._zone = zone()  # once a page (it stats config.toml): a changed zone shows as pages are read again

    @property
    def current(self) -> ClipRow | None:
        return self.row(self.cursor)

    @property
    def current_id(self) -> str | None:
        r = self.current
        return r.id if r else None

    # -- rendering ---------------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # a new theme or CSS: read the component styles again, render rows again
        self._strips.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if width != self._header_width:  # keep the column titles over the columns
            self._header_width = width
            self.post_message(self.WidthChanged(width))
        row = self.row(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        # everything a row's look depends on; a row read again (its page left the page cache) may have changed
        key = (
            row.id,
            self._page_reads.get(index // PAGE),
            width,
            index == self.cursor,
            row.id in self.requests,
            self._words,
            self.show_voices,
        )
        strip = self._strips.get(key)
        if strip is None:
            text = self._row_text(row, width)
            if index == self.cursor:
                text.stylize(self._style("cliplist--cursor"))
            elif row.selected:
                text.stylize(self._style("cliplist--selected"))
            segments = list(text.render(self.app.console))
            strip = Strip(segments).crop_extend(0, width, self.rich_style).simplify()
            self._strips[key] = strip
        return strip

    def _row_text(self, row: ClipRow, width: int) -> Text:
        time_w, dev, vt, lt = column_widths(width, self.show_voices)
        vw = voice_width(width, self.show_voices)
        flag, flag_style = flag_mark(row)
        text = Text(no_wrap=True, overflow="crop")
        text.append(SELECTED_MARK if row.selected else " ", "bold cyan")
        text.append(flag, flag_style)
        text.append("v" if row.vendor_not_intended else " ", "bold magenta")
        mark, style = VENDOR_MARKS.get(row.vendor_status or "", (REQUEST_MARK, "bold cyan"))
        text.append(mark if row.id in self.requests or row.vendor_status else " ", style)
        text.append(" ")
        text.append(fmt_number(row.number).rjust(W_NUM), "dim")
        text.append(" ")
        when = fmt_time(row.recorded_at, self._zone)
        text.append(fit(when if time_w == W_TIME or not row.recorded_at else when[5:], time_w))
        text.append(" ")
        if dev:
            device = shown(row.device)
            text.append(fit(device or "(none)", dev), "dim" if device else "dim italic")
            text.append(" ")
        if vw:
            voice = row.voice_name or (f"voice {row.voice_id}" if row.voice_id is not None else "")
            text.append(fit(shown(voice), vw), "cyan")
            text.append(" ")
        local = row.transcript
        if local is not None and not local.strip():
            local = None  # transcribed, nothing heard: say so
        if vt:
            text.append(self._cell(shown(row.vendor_transcript), vt))
            text.append(" ")
            if local is None:
                text.append(fit(status_words(row), lt), "dim italic")
            else:
                text.append(self._cell(shown(local), lt))
        elif local is not None:
            text.append(self._cell(shown(local), lt))
        elif row.vendor_transcript:
            text.append(self._cell(shown(row.vendor_transcript), lt, "dim"))
        else:
            text.append(status_words(row)[:lt].ljust(lt), "dim italic")
        text.append(" ")
        text.append(fmt_duration(row.duration).rjust(W_DUR))
        text.append(" ")
        score = row.score
        text.append(("" if score is None else f"{score:.2f}").rjust(W_SCORE))
        return text

    def _cell(self, value: str, width: int, style: str = "") -> Text:
        value = " ".join(value.split())
        if self._words is not None and len(value) > width:
            m = self._words.search(value)
            if m is not None and m.end() > width:  # show the match: "…kitchen lights"
                start = max(0, min(m.start() - width // 3, len(value) - width + 1))
                value = "…" + value[start + 1 :]
        cell = Text(fit(value, width), style)
        if self._words is not None:
            cell.highlight_regex(self._words, self._style("cliplist--match"))
        return cell

    def _resize_virtual(self) -> None:
        # as wide as the visible region: no horizontal scrollbar (it hid the last row)
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)

    def on_resize(self) -> None:
        self._resize_virtual()
        self._header_width = self.scrollable_content_region.width
        self.post_message(self.WidthChanged(self._header_width))
        self.move_to(self.cursor, force=True)

    # -- movement ----------------------------------------------------------------------------------
    def move_to(self, index: int, force: bool = False) -> None:
        if self.total == 0:
            return
        index = max(0, min(self.total - 1, index))
        if index == self.cursor and not force:
            return
        old, self.cursor = self.cursor, index
        top = int(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)
        elif not force:  # the view stays: only the two rows the cursor left and reached are painted again
            self.refresh_line(old)
            self.refresh_line(index)
            self._post_highlight()
            return
        self.refresh()
        self._post_highlight()

    def _post_highlight(self, force: bool = False) -> None:
        cid = self.current_id
        if force or cid != self._last_highlight:
            self._last_highlight = cid
            self.post_message(self.Highlighted(self, cid))

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)
        self.range_start = self.cursor

    def action_extend(self, delta: int) -> None:
        start = self.cursor
        self.move_to(self.cursor + delta)
        self._select_range(start, self.cursor)

    def _select_range(self, a: int, b: int) -> None:
        lo, hi = min(a, b), max(a, b)
        ids = [r.id for i in range(lo, hi + 1) if (r := self.row(i))]
        if ids:
            self.post_message(self.SelectRequested(ids))

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))
        self.range_start = self.cursor

    def action_first(self) -> None:
        self.move_to(0)
        self.range_start = self.cursor

    def action_last(self) -> None:
        self.move_to(self.total - 1)
        self.range_start = self.cursor

    def action_toggle_selected(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.ToggleRequested(row.id, not row.selected))

    def on_click(self, event: events.Click) -> None:
        self.focus()
        index = int(self.scroll_offset.y) + int(event.y)
        if index >= self.total:
            return
        if event.shift:
            self.move_to(index)
            self._select_range(self.range_start, index)
        else:
            self.move_to(index)
            self.range_start = self.cursor

    def watch_scroll_y(self, old: float, new: float) -> None:  # keep repainting on mouse-wheel scroll
        super().watch_scroll_y(old, new)
        self.refresh()
