"""Issue 20, finding 3, in the app: saving the report where a file, a symbolic link or a FIFO already is
never replaces or writes through it unless the user says so (issue 21: it asks); the user is told why, and the
file stays as it was."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tests.report.conftest import NOW
from tests.report.test_tui import SIZE, _report
from voicehist.tui.app import VoicehistApp
from voicehist.tui.headless import settle
from voicehist.tui.screens.modals import ConfirmModal
from voicehist.tui.screens.report import ReportScreen


def test_save_never_replaces_or_follows(fixture_db_path: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing.md"
    existing.write_text("mine\n")
    os.chmod(existing, 0o644)
    victim = tmp_path / "victim.txt"
    victim.write_text("victim\n")
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)

    async def main() -> None:
        app = VoicehistApp(fixture_db_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(ReportScreen(now=NOW))
            await _report(pilot)
            for target, why in ((existing, "already exists"), (link, "symbolic link"), (fifo, "not a regular")):
                await pilot.press("s")
                await pilot.pause()
                app.screen.query_one("Input").value = str(target)  # type: ignore[attr-defined]
                await pilot.press("enter")
                await pilot.pause()
                if isinstance(app.screen, ConfirmModal):  # issue 21: the app asks before replacing; "no" keeps it
                    await pilot.press("escape")
                await app.workers.wait_for_complete()
                await pilot.pause()
                said = [n.message for n in app._notifications]
                assert any("Not saved" in m and why in m for m in said), (target, said)

    asyncio.run(asyncio.wait_for(main(), 60))  # a FIFO opened for writing would block forever
    assert existing.read_text() == "mine\n" and existing.stat().st_mode & 0o777 == 0o644
    assert victim.read_text() == "victim\n" and link.is_symlink()
