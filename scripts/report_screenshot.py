"""Render the summary report's pages as PNG for the README: the real report of the demo data, printed to PDF
with WeasyPrint and turned into pictures with pdftoppm (Debian poppler-utils); and the app's report screen
(screenshots/report.svg and .png).

    python scripts/report_screenshot.py [--db DEMO_DB] [--out screenshots/]

Without --db it builds the demo database in a temporary voicehist home (offline: bundled sample, bundled
model). The lead's scripts/screenshots.py can call :func:`report_pages` and :func:`report_screen` with the
database it built.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# page of the printed report → file name in screenshots/
PAGES = {1: "report-summary", 2: "report-time", 3: "report-accidental"}


def report_pages(db: Path, out: Path, dpi: int = 80) -> list[Path]:
    """Write screenshots/report-*.png (and report-demo.pdf beside them) from the report of ``db``."""
    from voicehist.report import compute, render
    from voicehist.store import open_db

    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    store = open_db(db)
    figures = compute(store)
    store.close()
    out.mkdir(parents=True, exist_ok=True)
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


async def _shoot_screen(db: Path, out: Path, size: tuple[int, int]) -> Path:
    from voicehist.tui.app import VoicehistApp
    from voicehist.tui.headless import settle

    app = VoicehistApp(db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(filename="report.svg", path=str(out))
    return out / "report.svg"


def report_screen(db: Path, out: Path, size: tuple[int, int] = (100, 48)) -> list[Path]:
    """screenshots/report.svg (+ .png with rsvg-convert): the app's report screen on ``db``."""
    import asyncio

    from scripts.screenshots import for_rsvg

    out.mkdir(parents=True, exist_ok=True)
    svg = asyncio.run(_shoot_screen(db, out, size))
    made = [svg]
    rsvg = shutil.which("rsvg-convert")
    if rsvg:
        png = svg.with_suffix(".png")
        subprocess.run([rsvg, "-o", str(png)], input=for_rsvg(svg.read_text()).encode(), check=True)
        made.append(png)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None, help="an existing demo database (default: build one)")
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="vh-report-shots-"))
    (home / ".asoundrc").write_text("pcm.!default { type null }\n")
    os.environ["HOME"] = str(home)  # ALSA's null device: no sound card needed
    os.environ["VOICEHIST_HOME"] = str(home / "vh")
    try:
        db = args.db
        if db is None:
            from voicehist.cli.app import build_demo

            db = home / "vh" / "data" / "demo.db"
            build_demo(db)
        for path in report_pages(db, args.out) + report_screen(db, args.out):
            print(path)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
