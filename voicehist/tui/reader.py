"""The one shell of every database worker in the app: open a connection of the worker's own, do the work,
close it whatever happened, post what the work produced to the widget that asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.message import Message
from textual.message_pump import MessagePump

from voicehist.store import Database, open_db

T = TypeVar("T")


def read(db_path: Path, work: Callable[[Database], T], *, migrate: bool = False) -> T:
    """``work`` on a connection of this thread's own (``migrate``: bring the schema up to date first)."""
    db = open_db(db_path, migrate=migrate)
    try:
        return work(db)
    finally:
        db.close()


def post_read(
    to: MessagePump, db_path: Path, work: Callable[[Database], Message | None], *, migrate: bool = False
) -> None:
    """:func:`read`, then post the message ``work`` returned (None: nothing to say, e.g. the worker was
    cancelled) to ``to``."""
    message = read(db_path, work, migrate=migrate)
    if message is not None:
        to.post_message(message)
