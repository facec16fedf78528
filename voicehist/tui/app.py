"""The review app. Build it with :func:`make_app` (the CLI and the tests share it)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from textual import on
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from voicehist.audio.player import Player
from voicehist.errors import VoicehistError
from voicehist.tui.commands import VoicehistCommands


class VoicehistApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "voicehist"
    COMMANDS = App.COMMANDS | {VoicehistCommands}
    BINDINGS = [
        Binding("question_mark,f1", "help", "Keys", id="app.help", tooltip="Show every key"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.palette", tooltip="Command palette"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit voicehist"),
        Binding("ctrl+t", "next_theme", "", show=False, id="app.theme", tooltip="Next theme"),
    ]
    THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "dracula")

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        *,
        player: Player | None = None,
        clock: Callable[[], float] | None = None,
        theme: str | None = None,
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.clock = clock or time.monotonic
        self.player = player or Player(clock=self.clock)
        self.blink = blink
        self.last_error: str | None = None
        self._db: Database | None = None
        if theme:
            self.theme = theme

    @property
    def db(self) -> Database:
        """The UI thread's own connection (workers open theirs)."""
        if self._db is None:
            from voicehist.store import open_db

            self._db = open_db(self.db_path)
        return self._db

    def on_mount(self) -> None:
        from voicehist.tui.screens.main import MainScreen

        _ = self.db  # create/migrate before any worker opens it
        self.push_screen(MainScreen())

    def on_unmount(self) -> None:
        self.player.stop()
        if self._db is not None:
            self._db.close()

    def action_help(self) -> None:
        from voicehist.tui.screens.help import HelpScreen
        from voicehist.tui.screens.main import MainScreen
        from voicehist.tui.widgets.clip_list import ClipList

        self.push_screen(
            HelpScreen(
                [
                    ("Everywhere", list(self.BINDINGS)),
                    ("Result list", list(ClipList.BINDINGS)),
                    ("Main screen", list(MainScreen.BINDINGS)),
                ]
            )
        )

    def action_next_theme(self) -> None:
        names = list(self.THEMES)
        i = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(i + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    @on(Worker.StateChanged)
    def worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures go: a notification (or a modal for bugs), never a crash.

        Worker.StateChanged does not bubble: screens forward theirs here."""
        if event.state != WorkerState.ERROR:
            return
        err: Any = event.worker.error
        if isinstance(err, VoicehistError):
            self.last_error = str(err)
            self.notify(str(err), title="voicehist", severity="error", timeout=8)
        else:
            from voicehist.tui.screens.modals import MessageModal

            self.last_error = f"{type(err).__name__}: {err}"
            self.push_screen(MessageModal(f"Something went wrong in {event.worker.name or 'a task'}", self.last_error))


def make_app(
    db_path: str | os.PathLike[str],
    *,
    player: Player | None = None,
    clock: Callable[[], float] | None = None,
    theme: str | None = None,
    blink: bool = True,
) -> VoicehistApp:
    """The app on ``db_path``; inject a player and clock for tests, a fixed theme and no blink for snapshots."""
    return VoicehistApp(db_path, player=player, clock=clock, theme=theme, blink=blink)
