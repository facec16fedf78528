"""Issue 20, finding 4, in the app: highlighting a clip whose transcript holds a megabyte-long word shows its
detail (sensitive findings included) and the app still quits on q."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.attack.exports import table
from tests.tui.pilot import clips, make
from voicehist.tui.headless import settle
from voicehist.tui.widgets.detail import DetailPane


def test_long_word_clip_is_shown_and_q_quits(tmp_path: Path) -> None:
    from voicehist.importers import import_paths
    from voicehist.store import open_db

    word = "a" * 1_000_000
    rows = ["2020-01-01T00:00:00Z,Echo,call me maybe,u0", f"2020-01-02T00:00:00Z,Echo,mail bob@example.com {word}@x,u1"]
    export = table(tmp_path / "export", rows)
    db_path = tmp_path / "v.db"
    db = open_db(db_path)
    try:
        assert import_paths(db, [export]).new == 2
    finally:
        db.close()
    app = make(db_path)

    async def main() -> None:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            for _ in range(3):
                if clips(pilot).current_id == "u1":
                    break
                await pilot.press("j")
                await settle(pilot)
            assert clips(pilot).current_id == "u1"
            await pilot.app.workers.wait_for_complete()
            await settle(pilot)
            detail = pilot.app.screen.query_one(DetailPane)
            assert detail.clip is not None and detail.view is not None and detail.clip.id == "u1"
            assert any(f.category == "email" for f in detail.view.sensitive)
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code is not None or not app.is_running

    asyncio.run(asyncio.wait_for(main(), 90))
