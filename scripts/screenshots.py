"""Regenerate every picture in screenshots/ from the real app on the demo data: the main screen (140×40 and
80×24), a search, the detail pane while playing, the help, the report screen and the printed report's pages,
the deletion-request form and the requests screen. SVG, and PNG via rsvg-convert (report pages via pdftoppm).

    python scripts/screenshots.py [--db DEMO_DB] [--out screenshots/]

Without --db it builds the demo database in a temporary voicehist home (offline: bundled sample, bundled model);
with --db it works on a copy. Two deletion requests are stored on it (one sent 40 days ago, so it shows overdue),
so the list shows their mark. Playback goes to ALSA's null device and the clock is frozen mid-clip, so the word
highlight is deterministic.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
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

SIZE = (140, 40)  # what the README's pictures show; nothing may be cut at this width
SMALL = (80, 24)
REPORT_SIZE = (100, 48)
# page of the printed report → file name in screenshots/
PAGES = {1: "report-summary", 2: "report-accidental"}  # page one: figures and charts; page two: the lists


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

    # 1. main screen, at the README's size and at 80×24
    for size, name in ((SIZE, "main"), (SMALL, "main-80x24")):
        app = VoicehistApp(db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            save(app, name)

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
        # the first clip with at least four timed words, one named in a deletion request if there is one
        for need_request in (True, False):
            found = False
            for i in range(clips.total):
                clips.move_to(i)
                await settle(pilot)
                view = detail.view
                if view and len(view.clip.words) >= 4 and view.clip.audio_path:
                    if view.requests or not need_request:
                        found = True
                        break
            if found:
                break
        await pilot.press("p")
        await settle(pilot)
        words = detail.clip.words if detail.clip else ()
        if words:
            w = words[min(3, len(words) - 1)]
            clock.now += ((w.start or 0.0) + (w.end or 0.0)) / 2
        await pilot.pause(0.3)  # the player bar looks 10 times a second
        save(app, "detail-playing")

    # 4. help
    app = VoicehistApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        save(app, "help")

    # 5. the report screen (R)
    app = VoicehistApp(db)
    async with app.run_test(size=REPORT_SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        save(app, "report")
    return made


def store_requests(db_path: Path, letters: Path) -> None:
    """Two deletion requests on the demo data: the flagged clips under GDPR (sent 40 days ago: overdue) and one
    device's clips under CCPA (sent 3 days ago)."""
    from voicehist.requests import make_request
    from voicehist.requests.build import Requester
    from voicehist.requests.tracking import mark
    from voicehist.store import open_db
    from voicehist.store.queries import ClipFilter

    db = open_db(db_path)
    try:
        ann = Requester(name="Ann Example", email="ann@example.org")
        today = _dt.datetime.now(_dt.UTC).date()
        make_request(
            db, ClipFilter(flagged="flagged"), vendor="amazon", law="gdpr", requester=ann, fmt="md",
            out=str(letters / "amazon.md"),
        )  # fmt: skip
        mark(db, "1", "sent", today - _dt.timedelta(days=40))
        make_request(
            db, ClipFilter(device="Bedroom Echo Show"), vendor="amazon", law="ccpa", requester=ann, fmt="eml",
            out=str(letters / "amazon.eml"),
        )  # fmt: skip
        mark(db, "2", "sent", today - _dt.timedelta(days=3))
    finally:
        db.close()


async def shoot_requests(db_path: Path, out: Path) -> list[Path]:
    """The request form (D) with its live preview for the flagged clips, and the requests screen (Q)."""
    from textual.widgets import DataTable, Select

    from voicehist.store import open_db
    from voicehist.store.queries import ClipFilter, set_selected
    from voicehist.tui.app import VoicehistApp
    from voicehist.tui.headless import settle

    db = open_db(db_path)
    set_selected(db, ClipFilter(flagged="flagged"), True)
    db.close()
    made: list[Path] = []
    app = VoicehistApp(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        app.screen.query_one("#request-vendor", Select).value = "amazon"
        await settle(pilot)
        app.save_screenshot(filename="request-preview.svg", path=str(out))
        made.append(out / "request-preview.svg")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        app.screen.query_one(DataTable).move_cursor(row=1)  # the overdue row shows in the error colour
        await pilot.pause()
        app.save_screenshot(filename="requests.svg", path=str(out))
        made.append(out / "requests.svg")
    return made


def report_pages(db: Path, out: Path, dpi: int = 80) -> list[Path]:
    """screenshots/report-*.png: pages of the report of ``db``, printed to PDF with WeasyPrint and turned
    into pictures with pdftoppm (Debian poppler-utils)."""
    from voicehist.report import compute, render
    from voicehist.store import open_db

    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    store = open_db(db)
    figures = compute(store)
    store.close()
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(render(figures, "pdf"))
        for page, name in PAGES.items():
            prefix = Path(tmp) / f"p{page}"
            subprocess.run(
                [pdftoppm, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                 str(prefix)],
                check=True,
            )  # fmt: skip
            target = out / f"{name}.png"
            shutil.copyfile(prefix.with_suffix(".png"), target)
            made.append(target)
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


def to_png(svgs: list[Path]) -> None:
    rsvg = shutil.which("rsvg-convert")
    for svg in svgs:
        if rsvg:
            subprocess.run(
                [rsvg, "-o", str(svg.with_suffix(".png"))], input=for_rsvg(svg.read_text()).encode(), check=True
            )
        print(svg, "+ png" if rsvg else "(no rsvg-convert: SVG only)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None, help="an existing demo database (a copy is used)")
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="vh-shots-"))
    (home / ".asoundrc").write_text("pcm.!default { type null }\n")
    os.environ["HOME"] = str(home)  # ALSA's null device: no sound card needed
    os.environ["VOICEHIST_HOME"] = str(home / "vh")
    try:
        db = home / "vh" / "data" / "demo.db"
        if args.db is None:
            from voicehist.cli.app import build_demo

            build_demo(db)
        else:  # the database and its audio store (NAME.audio), copied: requests are stored on the copy
            db.parent.mkdir(parents=True)
            shutil.copyfile(args.db, db)
            from voicehist.store import audio_store_for

            if audio_store_for(args.db).is_dir():
                shutil.copytree(audio_store_for(args.db), audio_store_for(db))
        args.out.mkdir(parents=True, exist_ok=True)
        store_requests(db, home)
        to_png(asyncio.run(shoot(db, args.out)))
        to_png(asyncio.run(shoot_requests(db, args.out)))
        for page in report_pages(db, args.out):
            print(page)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
