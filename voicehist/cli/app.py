"""`voicehist` with no command (the review app) and `voicehist demo`."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from voicehist.cli.common import db_option, err_console, json_option, print_json, resolve_db
from voicehist.errors import VoicehistError


def _db_path(db: str | None, default: Path | None = None) -> Path:
    from voicehist.store import default_db_path

    chosen = resolve_db(db)
    return Path(chosen) if chosen else (default or default_db_path())


def _check_db(path: Path) -> None:
    """Open (create, migrate) the database here, so a bad file is a clear error, not a crash inside the app."""
    from voicehist.store import open_db

    try:
        open_db(path).close()
    except sqlite3.DatabaseError as e:
        raise VoicehistError(f"{path} is not a voicehist database ({e}); pass another with --db") from e
    except OSError as e:
        raise VoicehistError(f"cannot open {path}: {e}") from e


def open_app(db: str | None, *, path: Path | None = None) -> None:
    """Run the review app on the user's database (or ``path``)."""
    target = path or _db_path(db)
    _check_db(target)
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise VoicehistError("the review app needs a terminal; for scripts use `voicehist list --json`")
    from voicehist.tui.app import VoicehistApp

    VoicehistApp(target).run()


def _stage(label: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one core step with a progress bar on stderr."""
    from voicehist.cli.progress import progress_bar

    with progress_bar(label, transient=False, elapsed=True) as progress:
        return func(*args, progress=progress, **kwargs)


def build_demo(path: Path) -> dict[str, Any]:
    """Import the bundled sample into ``path``, transcribe and flag it; idempotent. Returns a summary."""
    from voicehist.detect import flag_auto
    from voicehist.importers import import_paths
    from voicehist.sample import sample_export
    from voicehist.store import open_db
    from voicehist.store.queries import stats
    from voicehist.transcribe.runner import transcribe_pending

    export = sample_export()
    if not export.exists():
        raise VoicehistError(f"the bundled sample export is missing from {export}; reinstall voicehist")
    _check_db(path)
    db = open_db(path)
    try:
        return {
            "db": str(path),
            "import": _stage("Importing sample", import_paths, db, [export]).to_json(),
            "transcribe": _stage("Transcribing", transcribe_pending, db).to_json(),
            "detect": _stage("Flagging", flag_auto, db).to_json(),
            "stats": stats(db),
        }
    finally:
        db.close()


@click.command("demo")
@click.option("--no-tui", is_flag=True, help="Build the demo database and print a summary; do not open the app.")
@db_option
@json_option
def demo(no_tui: bool, db: str | None, as_json: bool) -> None:
    """Build a demo database from the bundled sample export (offline), then open the review app.

    The database is demo.db in voicehist's data directory (or --db); running it again is harmless.
    """
    from voicehist.paths import locations

    path = _db_path(db, default=locations().data_dir / "demo.db")
    doc = build_demo(path)
    if as_json:
        print_json(doc)
    else:
        s = doc["stats"]
        err_console.print(
            f"Demo database: [bold]{path}[/]\n"
            f"  {s['clips']} clips, {s['transcribed']} transcribed, {s['flagged']} flagged, "
            f"{s['suspected']} suspected, {s['with_audio']} with audio",
            highlight=False,
        )
    if not no_tui:
        open_app(None, path=path)


COMMANDS: list[click.Command] = [demo]
