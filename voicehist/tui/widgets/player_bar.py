"""The player line: plays a clip in a worker, shows the position, a level line and the word being spoken.

It posts :class:`PlayerBar.WordChanged` as the spoken word moves, so the screen can mark it in the detail pane.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker

from voicehist.audio.decode import decode
from voicehist.audio.levels import level_line, levels
from voicehist.audio.player import Player
from voicehist.store.records import Word
from voicehist.store.transcripts import word_index_at
from voicehist.tui.failures import report_failure

LEVELS = 80
IDLE = "Press p to play the highlighted clip."


def fmt_pos(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m):02d}:{s:04.1f}"


def start_playback(player: Player, path: Path, clip_id: str) -> tuple[float, list[float]]:
    """The one place the app calls the audio API: start ``path`` and return (duration, level line values)."""
    decoded = decode(path)  # once: the level line and the player share it
    return player.play(decoded, clip_id), levels(decoded.samples, LEVELS)


class PlayerBar(Static):
    class WordChanged(Message):
        """The word being spoken in ``clip_id`` (None: between words, stopped)."""

        def __init__(self, clip_id: str, index: int | None) -> None:
            super().__init__()
            self.clip_id = clip_id
            self.index = index

    class Started(Message):
        def __init__(self, clip_id: str, duration: float, levels: list[float]) -> None:
            super().__init__()
            self.clip_id = clip_id
            self.duration = duration
            self.levels = levels

    def __init__(self, player: Player, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(Text(IDLE, "dim"), id=id)
        self.player = player
        self.levels: list[float] = []
        self.playing_id: str | None = None
        self._words: tuple[Word, ...] = ()
        self._last: tuple[Any, ...] | None = None
        self._word: int | None = None

    def on_mount(self) -> None:
        self.set_interval(0.1, self.tick, name="playback")

    def on_unmount(self) -> None:
        self.player.stop()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failure(self, event)

    # -- control -----------------------------------------------------------------------------------
    def play(self, clip_id: str, path: Path, words: tuple[Word, ...]) -> None:
        self._words = words
        self._start(clip_id, path)

    @work(thread=True, exclusive=True, group="play", exit_on_error=False)
    def _start(self, clip_id: str, path: Path) -> None:
        duration, lv = start_playback(self.player, path, clip_id)
        self.post_message(self.Started(clip_id, duration, lv))

    def on_player_bar_started(self, event: PlayerBar.Started) -> None:
        self.playing_id = event.clip_id
        self.levels = event.levels
        self._last = None
        self.tick()

    def stop(self) -> None:
        self.player.stop()
        self.tick()

    def replay(self) -> None:
        self._replay()

    @work(thread=True, exclusive=True, group="play", exit_on_error=False)
    def _replay(self) -> None:
        self.player.replay()
        self.post_message(self.Started(self.player.clip_id or "", self.player.status().duration, self.levels))

    # -- display -----------------------------------------------------------------------------------
    def tick(self) -> None:
        """Move the position, the level line and the word (10 times a second; nothing when nothing moved)."""
        if self.playing_id is None:
            return
        st = self.player.status()
        key = (st.clip_id, round(st.position, 1), st.playing, self.size.width)
        if key == self._last:
            return
        self._last = key
        idx = word_index_at(self._words, st.position) if st.playing else None
        word = self._words[idx].word if idx is not None else None
        self._show(st.playing, st.position, st.duration, word)
        if idx != self._word or not st.playing:
            self._word = idx
            self.post_message(self.WordChanged(self.playing_id, idx))

    def _show(self, playing: bool, position: float, duration: float, word: str | None) -> None:
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
            text.append(str(word).strip(), "reverse bold")
        self.update(text)
