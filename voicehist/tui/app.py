"""The review app: ``VoicehistApp(db_path).run()``. Its one screen is built with what it needs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from voicehist.audio.player import Player
from voicehist.config import ConfigError, load_config
from voicehist.safetext import markup_safe
from voicehist.tui.screens.help import HelpScreen
from voicehist.tui.screens.main import MainScreen
from voicehist.tui.screens.voices import VoicesScreen
from voicehist.tui.widgets.clip_list import ClipList


class VoicehistApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "voicehist"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Keys", id="app.help", tooltip="Show every key"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette", tooltip="Command palette"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit voicehist"),
        Binding("ctrl+t", "next_theme", "", show=False, id="app.theme", tooltip="Next theme"),
    ]
    THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "dracula")

    def __init__(self, db_path: str | os.PathLike[str], *, player: Player | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.player = player or Player()
        self._config_problem: str | None = None
        try:
            self.advance = load_config().app.advance_after_decision
        except ConfigError as e:  # the app still opens; the message says what to fix
            self.advance = True
            self._config_problem = str(e)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.db_path, self.player, advance=self.advance)

    def on_mount(self) -> None:
        if self._config_problem:
            self.notify(markup_safe(self._config_problem), title="config.toml", severity="error", timeout=10)

    def on_unmount(self) -> None:
        self.player.stop()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # ours below lists every key of the app
                yield command
        yield SystemCommand("Show keys", "Every key of the app (?)", self.action_help)

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    ("Everywhere", list(self.BINDINGS)),
                    ("Result list", list(ClipList.BINDINGS)),
                    ("Main screen", list(MainScreen.BINDINGS)),
                    ("Voices screen (V)", list(VoicesScreen.BINDINGS)),
                ]
            )
        )

    def action_next_theme(self) -> None:
        names = list(self.THEMES)
        i = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(i + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)
