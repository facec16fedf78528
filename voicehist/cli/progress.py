"""One progress bar for every long CLI step (import, transcribe, flag --auto, demo), on stderr.

The core reports progress as ``progress(done, total, label)``; :func:`progress_bar` gives such a callback
and draws it. The label (a file name from an export, a clip id) is shown as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from voicehist.cli.common import err_console
from voicehist.safetext import visible

ProgressFn = Callable[[int, int, str], None]


@contextmanager
def progress_bar(
    title: str,
    *,
    disable: bool = False,
    transient: bool = True,
    show_label: bool = True,
    eta: bool = False,
    elapsed: bool = False,
) -> Iterator[ProgressFn]:
    """``with progress_bar("Importing") as progress: core_step(..., progress=progress)``.

    ``disable`` draws nothing (``--json``, ``--quiet``); ``transient`` removes the bar when done; ``show_label``
    shows the last label the core reported (its last 40 characters); ``eta``/``elapsed`` add time columns."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns: list[ProgressColumn | str] = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    ]
    if elapsed:
        columns.append(TimeElapsedColumn())
    if eta:
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    if show_label:
        columns.append(TextColumn("{task.fields[label]}", markup=False, style="dim"))
    bar = Progress(*columns, console=err_console, transient=transient, disable=disable)
    task = bar.add_task(title, total=None, label="")

    def progress(done: int, total: int, label: str = "") -> None:
        bar.update(task, completed=done, total=total or None, label=visible(label)[-40:])

    with bar:
        yield progress
