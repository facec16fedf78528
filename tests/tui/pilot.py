"""Reading the real app as a user sees it: what the screen shows, the notifications, the result list."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from voicehist.audio.player import Player
from voicehist.tui.app import VoicehistApp
from voicehist.tui.headless import settle
from voicehist.tui.screens.main import MainScreen
from voicehist.tui.widgets.clip_list import ClipList

SIZE = (140, 40)


def make(db: Path, clock: Callable[[], float] | None = None) -> VoicehistApp:
    app = VoicehistApp(db, player=Player(clock=clock) if clock else None)
    app.theme = "textual-dark"
    return app


def run(
    app: VoicehistApp,
    scenario: Callable[[Pilot[Any]], Awaitable[None]],
    size: tuple[int, int] = SIZE,
    **kw: Any,
) -> None:
    async def main() -> None:
        async with app.run_test(size=size, notifications=True, **kw) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


def clips(pilot: Pilot[Any]) -> ClipList:
    return main_screen(pilot).query_one(ClipList)


def main_screen(pilot: Pilot[Any]) -> MainScreen:
    screen = pilot.app.screen_stack[0] if not isinstance(pilot.app.screen, MainScreen) else pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


def ids_shown(pilot: Pilot[Any]) -> list[str]:
    cl = clips(pilot)
    return [r.id for r in (cl.row(i) for i in range(cl.total)) if r]


def notes(pilot: Pilot[Any]) -> list[str]:
    """The notifications on screen now."""
    return [str(t.render()) for t in pilot.app.screen.query("Toast")]


def screen_text(pilot: Pilot[Any]) -> str:
    """The whole terminal as text, row by row (from the app's own SVG screenshot)."""
    svg = pilot.app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, body in re.findall(r'<text[^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(y), []).append((float(x), html.unescape(body).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items()))


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key, as a person does (a space is the space key)."""
    for key in text:
        await pilot.press("space" if key == " " else key)


async def open_palette(pilot: Pilot[Any], query: str = "") -> None:
    """Open the command palette and type ``query`` into it (its matches shown)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, query)
    await pilot.pause(0.3)


async def palette(pilot: Pilot[Any], words: str) -> None:
    """Run the command the palette offers first for ``words``, and let what it started settle."""
    await open_palette(pilot, words)
    await pilot.press("enter")
    await settle(pilot)
