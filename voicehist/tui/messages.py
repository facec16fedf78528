"""App-wide messages. Widget-specific ones are nested in their widget classes."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from voicehist.store.queries import ClipFilter


class ResultsReady(Message):
    """A search/filter worker finished: the new total and first page for ``filter``."""

    def __init__(
        self,
        generation: int,
        filter: ClipFilter,  # noqa: A002
        total: int,
        first: list[dict[str, Any]],
    ) -> None:
        super().__init__()
        self.generation = generation
        self.filter = filter
        self.total = total
        self.first = first


class OrderReady(Message):
    """The ids of every result of ``filter`` in list order (for paging by id)."""

    def __init__(self, generation: int, filter: ClipFilter, ids: list[str]) -> None:  # noqa: A002
        super().__init__()
        self.generation = generation
        self.filter = filter
        self.ids = ids


class CountsReady(Message):
    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__()
        self.counts = counts


class DataChanged(Message):
    """Something wrote to the database (flags, selection, import...): reload what is shown."""

    def __init__(self, note: str = "") -> None:
        super().__init__()
        self.note = note


class JobProgress(Message):
    """Progress of a long job (import, transcribe, detect). A flood collapses to the newest."""

    def __init__(self, job: str, done: int, total: int, label: str) -> None:
        super().__init__()
        self.job = job
        self.done = done
        self.total = total
        self.label = label

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JobProgress) and message.job == self.job


class JobFinished(Message):
    def __init__(self, job: str, summary: str) -> None:
        super().__init__()
        self.job = job
        self.summary = summary


class PlaybackStarted(Message):
    def __init__(self, clip_id: str, duration: float, levels: list[float]) -> None:
        super().__init__()
        self.clip_id = clip_id
        self.duration = duration
        self.levels = levels
