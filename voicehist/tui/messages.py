"""App-wide messages. Widget-specific ones are nested in their widget classes."""

from __future__ import annotations

from textual.message import Message

from voicehist.store.queries import ClipFilter, Decision
from voicehist.store.records import ClipRow
from voicehist.tui.clipinfo import DetailClip

Undo = dict[str, Decision | None]  # clip id -> the decision to put back


class ResultsReady(Message):
    """A search/filter worker finished: the new total and first page for ``filter``."""

    def __init__(
        self,
        generation: int,
        filter: ClipFilter,  # noqa: A002
        total: int,
        first: list[ClipRow],
        requests: dict[str, list[int]] | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.filter = filter
        self.total = total
        self.first = first
        self.requests = requests or {}  # clip id -> numbers of the deletion requests naming it (first page)


class OrderReady(Message):
    """The ids of every result of ``filter`` in list order (for paging by id)."""

    def __init__(
        self,
        generation: int,
        filter: ClipFilter,  # noqa: A002
        ids: list[str],
        requests: dict[str, list[int]] | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.filter = filter
        self.ids = ids
        self.requests = requests  # clip id -> request numbers of every result; None: not read yet


class CountsReady(Message):
    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__()
        self.counts = counts


class DataChanged(Message):
    """Something wrote to the database (flags, selection, import...): reload what is shown.

    ``undo`` (when set) is what puts back the decisions this write changed."""

    def __init__(self, note: str = "", undo: Undo | None = None) -> None:
        super().__init__()
        self.note = note
        self.undo = undo


class DetailReady(Message):
    """A worker read one clip in full (None: it is gone)."""

    def __init__(self, clip_id: str, clip: DetailClip | None) -> None:
        super().__init__()
        self.clip_id = clip_id
        self.clip = clip


class ChoicesReady(Message):
    """The devices and vendors the database holds, for the filter row."""

    def __init__(self, devices: list[str], vendors: list[str]) -> None:
        super().__init__()
        self.devices = devices
        self.vendors = vendors


class PositionReady(Message):
    """Where a jump (to a date) lands in the current results."""

    def __init__(self, generation: int, index: int) -> None:
        super().__init__()
        self.generation = generation
        self.index = index
