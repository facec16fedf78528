"""Screenshots of the deletion-request modal (live preview) and the requests screen, from the real app.

    python scripts/screenshots_requests.py [--out screenshots/]

Builds a database from the bundled sample in a temporary voicehist home (import + detector, no transcription),
selects the flagged clips, stores two requests (one sent 40 days ago, so it shows overdue) and shoots the app.
SVG, and PNG when rsvg-convert is installed (the same conversion as scripts/screenshots.py).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (150, 42)


def build(db_path: Path, letters: Path) -> None:
    from voicehist.detect import flag_auto  # type: ignore[attr-defined]
    from voicehist.importers import import_paths
    from voicehist.requests import make_request
    from voicehist.requests.build import Requester
    from voicehist.requests.tracking import mark
    from voicehist.sample import sample_export
    from voicehist.store import open_db
    from voicehist.store.queries import ClipFilter, set_selected

    db = open_db(db_path)
    try:
        import_paths(db, [sample_export()])
        flag_auto(db)
        ann = Requester(name="Ann Example", email="ann@example.org")
        today = _dt.datetime.now(_dt.UTC).date()
        make_request(
            db,
            ClipFilter(flagged="flagged"),
            vendor="amazon",
            law="gdpr",
            requester=ann,
            fmt="md",
            out=str(letters / "amazon.md"),
        )
        mark(db, "1", "sent", today - _dt.timedelta(days=40))
        make_request(
            db,
            ClipFilter(device="Bedroom Echo Show"),
            vendor="amazon",
            law="ccpa",
            requester=ann,
            fmt="eml",
            out=str(letters / "amazon.eml"),
        )
        mark(db, "2", "sent", today - _dt.timedelta(days=3))
        set_selected(db, ClipFilter(flagged="flagged"), True)
    finally:
        db.close()


async def shoot(db: Path, out: Path) -> list[Path]:
    from textual.widgets import DataTable, Select

    from voicehist.tui.app import VoicehistApp
    from voicehist.tui.headless import settle
    from voicehist.tui.screens.requests import open_request_modal, open_requests_screen

    made: list[Path] = []
    app = VoicehistApp(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        open_request_modal(app.screen)
        await settle(pilot)
        app.screen.query_one("#request-vendor", Select).value = "amazon"
        await settle(pilot)
        app.save_screenshot(filename="request-preview.svg", path=str(out))
        made.append(out / "request-preview.svg")
        await pilot.press("escape")
        await settle(pilot)
        open_requests_screen(app.screen)
        await settle(pilot)
        app.screen.query_one(DataTable).move_cursor(row=1)  # the overdue row shows in the error colour
        await pilot.pause()
        app.save_screenshot(filename="requests.svg", path=str(out))
        made.append(out / "requests.svg")
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="vh-shots-"))
    (home / ".asoundrc").write_text("pcm.!default { type null }\n")
    os.environ["HOME"] = str(home)
    os.environ["VOICEHIST_HOME"] = str(home / "vh")
    db = home / "vh" / "data" / "voicehist.db"
    build(db, home)
    args.out.mkdir(parents=True, exist_ok=True)
    made = asyncio.run(shoot(db, args.out))
    from scripts.screenshots import for_rsvg

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
