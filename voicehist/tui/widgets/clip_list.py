"""The result list: a ScrollView backed by SQLite, like toolong's log view.

``virtual_size`` is the number of matching clips; ``render_line(y)`` renders only visible rows, fetched a page
at a time through a small LRU cache. Nothing ever loads all rows, so 100,000 clips paint as fast as 100.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from voicehist.store.queries import ClipFilter

PAGE = 100
MAX_PAGES = 32

FetchPage = Callable[[ClipFilter, int, int], list[dict[str, Any]]]
FetchIds = Callable[[list[str]], list[dict[str, Any]]]

# column widths (the two transcripts share what is left)
W_MARK, W_TIME, W_DEVICE, W_DUR, W_SCORE = 3, 17, 16, 6, 5


def fmt_time(iso: str | None) -> str:
    if not iso:
        return "(no time)"
    return iso[:16].replace("T", " ")


def fmt_duration(d: float | None) -> str:
    return "" if d is None else f"{d:5.1f}s"


def flag_mark(row: dict[str, Any]) -> tuple[str, str]:
    """The flag column: the user's decision (upper case) wins over the automatic label."""
    decision = row.get("decision")
    if decision == "accidental":
        return "A", "bold red"
    if decision == "not_accidental":
        return "N", "bold green"
    if row.get("auto_label") == "accidental":
        return "?", "yellow"
    return " ", ""


def column_widths(width: int) -> tuple[int, int, int]:
    """(device, vendor transcript, local transcript) widths for a list ``width`` cells wide."""
    device = W_DEVICE if width >= 100 else 10
    rest = max(10, width - (W_MARK + W_TIME + device + W_DUR + W_SCORE + 6))
    vt = rest // 2
    return device, vt, rest - vt


def header_text(width: int) -> Text:
    dev, vt, lt = column_widths(width)
    cols = [
        "".ljust(W_MARK),
        "time (UTC)".ljust(W_TIME),
        "device".ljust(dev),
        ("vendor transcript" if vt >= 17 else "vendor")[:vt].ljust(vt),
        ("local transcript" if lt >= 16 else "local")[:lt].ljust(lt),
        "dur".rjust(W_DUR),
        "score".rjust(W_SCORE),
    ]
    # no wrapping: a wrapped line would lose its leading spaces and drift off the columns
    return Text(" ".join(cols)[:width], style="bold", no_wrap=True, overflow="crop")


class ClipList(ScrollView, can_focus=True):
    """Virtual list of clips for one :class:`ClipFilter`."""

    BINDINGS = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First clip", show=False, id="list.first"),
        Binding("end,G", "last", "Last clip", show=False, id="list.last"),
        Binding("space", "toggle_selected", "Select", id="list.toggle_selected", tooltip="Toggle selection"),
    ]

    class Highlighted(Message):
        def __init__(self, clip_list: ClipList, clip_id: str | None) -> None:
            super().__init__()
            self.clip_list = clip_list
            self.clip_id = clip_id

        @property
        def control(self) -> ClipList:
            return self.clip_list

    class ToggleRequested(Message):
        def __init__(self, clip_id: str) -> None:
            super().__init__()
            self.clip_id = clip_id

    def __init__(
        self,
        fetch: FetchPage,
        fetch_ids: FetchIds | None = None,
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self._fetch_ids = fetch_ids
        self._ids: list[str] | None = None  # the whole result order, once a worker has read it
        self.filter = ClipFilter()
        self.total = 0
        self.cursor = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._words: re.Pattern[str] | None = None
        self._last_highlight: str | None = None
        self.fetches = 0  # pages read from SQLite (bench/tests)
        self._header_width = -1

    # -- data --------------------------------------------------------------------------------------
    def set_results(self, f: ClipFilter, total: int, first: list[dict[str, Any]], keep_cursor: bool = False) -> None:
        """Swap in a new result set atomically (first page already fetched off the UI thread)."""
        old_id = self.current_id if keep_cursor else None
        self.filter = f
        self.total = total
        self._ids = None
        self._pages.clear()
        if first:
            self._pages[0] = first
        tokens = re.findall(r"\w+", f.query or "")
        self._words = re.compile("|".join(re.escape(t) for t in tokens), re.IGNORECASE) if tokens else None
        self.virtual_size = Size(self.size.width, total)
        if not keep_cursor:
            self.cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self.cursor = min(self.cursor, max(0, total - 1))
        self.refresh()
        if old_id is None or old_id != self.current_id:
            self._post_highlight(force=True)

    def set_order(self, f: ClipFilter, ids: list[str]) -> None:
        """The full result order (ids only, read off the UI thread): later pages are then read by id, which
        costs the same at any depth and for any filter (an OFFSET walk re-runs the filter every time)."""
        if f == self.filter and len(ids) == self.total:
            self._ids = ids

    def invalidate(self) -> None:
        """Forget cached pages (rows changed in the database) and repaint."""
        self._pages.clear()
        self.refresh()
        self._post_highlight(force=True)

    def row(self, index: int) -> dict[str, Any] | None:
        if index < 0 or index >= self.total:
            return None
        page_no, within = divmod(index, PAGE)
        rows = self._pages.get(page_no)
        if rows is None:
            if self._ids is not None and self._fetch_ids is not None:
                rows = self._fetch_ids(self._ids[page_no * PAGE : (page_no + 1) * PAGE])
            else:
                rows = self._fetch(self.filter, page_no * PAGE, PAGE)
            self.fetches += 1
            self._pages[page_no] = rows
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return rows[within] if within < len(rows) else None

    @property
    def current(self) -> dict[str, Any] | None:
        return self.row(self.cursor)

    @property
    def current_id(self) -> str | None:
        r = self.current
        return r["id"] if r else None

    def visible_rows(self) -> list[dict[str, Any]]:
        top = int(self.scroll_offset.y)
        return [r for i in range(top, min(self.total, top + self.size.height)) if (r := self.row(i))]

    # -- rendering ---------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if width != self._header_width:  # keep the column titles over the columns
            self._header_width = width
            self.post_message(self.WidthChanged(width))
        row = self.row(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        text = self._row_text(row, width)
        if index == self.cursor:
            text.stylize(self.get_component_rich_style("cliplist--cursor"))
        elif row.get("selected"):
            text.stylize(self.get_component_rich_style("cliplist--selected"))
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(0, width, self.rich_style).simplify()

    COMPONENT_CLASSES = {"cliplist--cursor", "cliplist--selected", "cliplist--match"}

    def _row_text(self, row: dict[str, Any], width: int) -> Text:
        dev, vt, lt = column_widths(width)
        sel = "●" if row.get("selected") else " "
        flag, flag_style = flag_mark(row)
        text = Text(no_wrap=True, overflow="crop")
        text.append(sel, "bold cyan")
        text.append(flag, flag_style)
        text.append(" " * (W_MARK - 2))
        text.append(" ")
        text.append(fmt_time(row.get("recorded_at")).ljust(W_TIME))
        text.append(" ")
        text.append((row.get("device") or "")[:dev].ljust(dev), "dim")
        text.append(" ")
        text.append(self._cell(row.get("vendor_transcript") or "", vt))
        text.append(" ")
        local = row.get("transcript")
        if local is None:
            status = row.get("transcript_status") or ""
            text.append(f"({status})"[:lt].ljust(lt), "dim italic")
        else:
            text.append(self._cell(local, lt))
        text.append(" ")
        text.append(fmt_duration(row.get("duration")).rjust(W_DUR))
        text.append(" ")
        score = row.get("score")
        text.append(("" if score is None else f"{score:.2f}").rjust(W_SCORE))
        return text

    def _cell(self, value: str, width: int) -> Text:
        value = " ".join(value.split())
        if self._words is not None and len(value) > width:
            m = self._words.search(value)
            if m is not None and m.end() > width:  # show the match: "…kitchen lights"
                start = max(0, min(m.start() - width // 3, len(value) - width + 1))
                value = "…" + value[start + 1 :]
        cell = Text(value[:width].ljust(width))
        if self._words is not None:
            cell.highlight_regex(self._words, self.get_component_rich_style("cliplist--match"))
        return cell

    class WidthChanged(Message):
        def __init__(self, width: int) -> None:
            super().__init__()
            self.width = width

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)
        self._header_width = self.scrollable_content_region.width
        self.post_message(self.WidthChanged(self._header_width))

    # -- movement ----------------------------------------------------------------------------------
    def move_to(self, index: int) -> None:
        if self.total == 0:
            return
        index = max(0, min(self.total - 1, index))
        if index == self.cursor:
            return
        self.cursor = index
        top = int(self.scroll_offset.y)
        height = max(1, self.size.height)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)
        self.refresh()
        self._post_highlight()

    def _post_highlight(self, force: bool = False) -> None:
        cid = self.current_id
        if force or cid != self._last_highlight:
            self._last_highlight = cid
            self.post_message(self.Highlighted(self, cid))

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def action_toggle_selected(self) -> None:
        cid = self.current_id
        if cid is not None:
            self.post_message(self.ToggleRequested(cid))

    def on_click(self, event: Any) -> None:
        self.focus()
        y = getattr(event, "y", None)
        if y is not None:
            self.move_to(int(self.scroll_offset.y) + int(y))

    def watch_scroll_y(self, old: float, new: float) -> None:  # keep repainting on mouse-wheel scroll
        super().watch_scroll_y(old, new)
        self.refresh()
