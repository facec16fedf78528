"""Helpers for driving the real app headless (tests, screenshots, benchmarks)."""

from __future__ import annotations

from typing import Any


async def settle(pilot: Any) -> None:
    """Wait until every worker is done and the messages they posted are handled.

    A worker that failed is not re-raised here: the app reports it itself (a notification or a modal)."""
    from textual.worker import WorkerFailed

    for _ in range(3):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass
        await pilot.pause()
