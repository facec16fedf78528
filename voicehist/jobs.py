"""The calling convention every long-running core function shares (import, transcribe, detect).

They take the ``db`` opened in the calling thread plus ``progress(done, total, label)`` and ``cancel()``
(polled between units of work; when it returns True the job stops cleanly and keeps what it finished), and
return a summary dataclass with ``to_json()``. The CLI passes a rich progress bar; the app passes callbacks
that post Textual messages.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
