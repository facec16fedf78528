"""Regenerate the README's screenshots from the real app on the demo data (SVG, and PNG via rsvg-convert).

    python scripts/screenshots.py [--db DEMO_DB] [--out screenshots/]

Without --db it builds the demo database in a temporary voicehist home (offline: bundled sample, bundled model).
Playback goes to ALSA's null device and the clock is frozen mid-clip, so the word highlight is deterministic.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (150, 42)


class FrozenClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def shoot(db: Path, out: Path) -> list[Path]:
    from voicehist.audio.player import Player
    from voicehist.tui.app import VoicehistApp
    from voicehist.tui.headless import settle
    from voicehist.tui.widgets.clip_list import ClipList
    from voicehist.tui.widgets.detail import DetailPane

    made: list[Path] = []

    def save(app: Any, name: str) -> None:
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
        made.append(path)

    # 1. main screen
    app = VoicehistApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        save(app, "main")

    # 2. a search, with matches highlighted
    app = VoicehistApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lights", "enter")
        await settle(pilot)
        save(app, "search")

    # 3. detail pane while playing: the spoken word highlighted
    clock = FrozenClock()
    app = VoicehistApp(db, player=Player(clock=clock))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clips = app.screen.query_one(ClipList)
        detail = app.screen.query_one(DetailPane)
        # the first clip with at least four timed words
        for i in range(clips.total):
            clips.move_to(i)
            await settle(pilot)
            clip = detail.clip
            if clip and len(clip.get("words") or []) >= 4 and clip.get("audio_path"):
                break
        await pilot.press("p")
        await settle(pilot)
        words = detail.clip["words"] if detail.clip else []
        if words:
            w = words[min(3, len(words) - 1)]
            clock.now += (w["start"] + w["end"]) / 2
        await pilot.pause(0.3)  # the player bar looks 10 times a second
        save(app, "detail-playing")

    # 4. help
    app = VoicehistApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        save(app, "help")
    return made


_TEXT = re.compile(
    r'(<text [^>]*?x=")([\d.]+)("[^>]*?textLength=")([\d.]+)("[^>]*>)((?:&#160;)*)([^<]*?)((?:&#160;)*)</text>'
)


def for_rsvg(svg: str) -> str:
    """rsvg-convert drops leading blanks of a <text> run, gluing columns together; move them into x instead."""

    def fix(m: re.Match[str]) -> str:
        lead, body, trail = m.group(6).count("&#160;"), m.group(7), m.group(8).count("&#160;")
        n = lead + len(html.unescape(body)) + trail
        if not n or not body:
            return m.group(0)
        cell = float(m.group(4)) / n
        x = float(m.group(2)) + lead * cell
        length = float(m.group(4)) - (lead + trail) * cell
        return f"{m.group(1)}{x:g}{m.group(3)}{length:g}{m.group(5)}{body}</text>"

    return _TEXT.sub(fix, svg)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None, help="an existing demo database (default: build one)")
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="vh-shots-"))
    (home / ".asoundrc").write_text("pcm.!default { type null }\n")
    os.environ["HOME"] = str(home)  # ALSA's null device: no sound card needed
    os.environ["VOICEHIST_HOME"] = str(home / "vh")
    db = args.db
    if db is None:
        from voicehist.cli.app import build_demo

        db = home / "vh" / "data" / "demo.db"
        build_demo(db)
    args.out.mkdir(parents=True, exist_ok=True)
    made = asyncio.run(shoot(db, args.out))
    rsvg = shutil.which("rsvg-convert")
    for svg in made:
        if rsvg:
            subprocess.run(
                [rsvg, "-o", str(svg.with_suffix(".png"))], input=for_rsvg(svg.read_text()).encode(), check=True
            )
        print(svg, "+ png" if rsvg else "(no rsvg-convert: SVG only)")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
