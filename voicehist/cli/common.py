"""Shared CLI plumbing: the --db/--json options, opening the store, and turning errors into exit codes."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.text import Text

from voicehist.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, VoicehistError
from voicehist.paths import locations, private_dir
from voicehist.safetext import visible

F = TypeVar("F", bound=Callable[..., Any])

err_console = Console(stderr=True, highlight=False)
out_console = Console(highlight=False)


def db_option(f: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=str),
        default=None,
        envvar="VOICEHIST_DB",
        help="Database file (default: voicehist's data directory; see `voicehist locate`).",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout, nothing else.")(f)


def resolve_db(db: str | None) -> str | None:
    """A command's own --db wins; else the group's --db; else the default location."""
    if db:
        return db
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.obj and ctx.obj.get("db"):
            return str(ctx.obj["db"])
        ctx = ctx.parent
    return None


def open_store(db: str | None):  # -> sqlite_utils.Database
    from voicehist.store import open_db

    return open_db(resolve_db(db))


def print_json(doc: Any) -> None:
    sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n")


def _log_crash() -> Path | None:
    try:
        log_dir = private_dir(locations().cache_dir)
        log = log_dir / "crash.log"
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc() + "\n")
        log.chmod(0o600)
        return log
    except OSError:
        return None


def run_guarded(cli: click.Group, argv: list[str] | None) -> int:
    """Run the click group; a user never sees a traceback, and exit codes mean something."""
    try:
        rv = cli.main(args=argv, prog_name="voicehist", standalone_mode=False)
        # non-standalone click returns the code of a `click.exceptions.Exit` raised by a command
        return rv if isinstance(rv, int) and not isinstance(rv, bool) else 0
    except click.exceptions.Exit as e:
        return int(e.exit_code)
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except click.exceptions.Abort:
        err_console.print("Aborted.")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        err_console.print("Interrupted; finished work was kept.")
        return EXIT_INTERRUPTED
    except VoicehistError as e:
        # a message may quote what came from an export or the command line: text, never markup or control
        err_console.print(Text.assemble(("error:", "bold red"), " ", visible(e, one_line=False)), soft_wrap=True)
        return e.exit_code
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the last line of defence: log, don't dump on the user
        log = _log_crash()
        where = f" Details were written to {log}." if log else ""
        err_console.print(
            Text.assemble(("internal error:", "bold red"), f" {type(e).__name__}: ", visible(e), f".{where}"),
            soft_wrap=True,
        )
        return EXIT_INTERNAL
