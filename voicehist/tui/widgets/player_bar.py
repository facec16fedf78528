"""One line under the list: playback position, a level line of the clip, the word being spoken."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from voicehist.audio.levels import level_line


def fmt_pos(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m):02d}:{s:04.1f}"


class PlayerBar(Static):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self.levels: list[float] = []
        self.message = "Press p to play the highlighted clip."
        self.update(Text(self.message, "dim"))

    def show_idle(self, message: str) -> None:
        self.message = message
        self.update(Text(message, "dim"))

    def show_position(self, playing: bool, position: float, duration: float, word: str | None) -> None:
        width = max(10, self.size.width - 40)
        line = level_line(self.levels[:width]) if self.levels else ""
        played = int(len(line) * (position / duration)) if duration else 0
        text = Text()
        text.append("▶ " if playing else "■ ", "bold green" if playing else "dim")
        text.append(f"{fmt_pos(position)} / {fmt_pos(duration)} ")
        text.append(line[:played], "bold cyan")
        text.append(line[played:], "dim cyan")
        if word:
            text.append("  ")
            text.append(word.strip(), "reverse bold")
        self.update(text)
