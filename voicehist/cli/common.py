"""Shared CLI plumbing: the --db/--json options, opening the store, and turning errors into exit codes."""

from __future__ import annotations

import errno
import json
import signal
import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from voicehist.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    DiskFull,
    NotADatabase,
    ReadOnlyDatabase,
    VoicehistError,
)
from voicehist.paths import locations, private_dir
from voicehist.safetext import json_text, visible

F = TypeVar("F", bound=Callable[..., Any])

# a count a person types (--limit): what SQLite can hold (a larger number is refused by name, never a crash)
COUNT = click.IntRange(min=1, max=2**63 - 1)

# a count a person types (--limit): what SQLite can hold (a larger number is refused by name, never a crash)
COUNT = click.IntRange(min=1, max=2**63 - 1)

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


def tz_option(f: F) -> F:
    """``--tz ZONE``: the zone times are shown in to a person (JSON keeps UTC); see :mod:`voicehist.localtime`."""

    def use(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from voicehist.localtime import BadZone, set_zone

        try:
            set_zone(value)
        except BadZone as e:
            raise click.BadParameter(str(e).removeprefix("--tz: ")) from None
        return value

    return click.option(
        "--tz",
        "tz",
        default=None,
        envvar="VOICEHIST_TZ",
        expose_value=False,
        is_eager=True,
        callback=use,
        help="Show times in this zone (IANA name, e.g. Europe/Berlin, or UTC). Default: config.toml [display]"
        " timezone, else the system's zone. JSON always keeps UTC.",
    )(f)


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


def open_store(db: str | None, *, create: bool = False):  # -> sqlite_utils.Database
    """The command's database. Only commands that bring data in (``import``) pass ``create=True``: any other
    command on a path where there is no database says so (exit 2) and creates nothing."""
    from voicehist.store import open_db

    return open_db(resolve_db(db), create=create)


# commands that keep each finished piece of work as they go: stopped by a full disk, they finished some of it
PROGRESSIVE = {"import", "transcribe", "flag", "demo", "verify"}


def _command_of(cli: click.Group, argv: list[str] | None) -> str | None:
    for tok in argv if argv is not None else sys.argv[1:]:
        if tok in cli.commands:
            return tok
    return None


def _chain(e: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = e
    while cur is not None and cur not in out:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


def user_error(e: BaseException, command: str | None = None) -> VoicehistError | None:
    """The plain error for a failure the user can act on (a full disk, a read-only file system, a file that
    is not a database), else None."""
    for x in _chain(e):
        text = str(x)
        if (
            isinstance(x, OSError)
            and x.errno in (errno.ENOSPC, errno.EDQUOT)
            or (isinstance(x, sqlite3.Error) and "database or disk is full" in text)
        ):
            kept = command in PROGRESSIVE
            return DiskFull(
                f"the disk is full ({text}). "
                + ("Work finished before that was kept; free some space and run the command again to go on."
                   if kept else "Nothing was changed; free some space and try again."),
                exit_code=EXIT_PROBLEMS if kept else EXIT_USAGE,
            )  # fmt: skip
        if (
            isinstance(x, OSError)
            and x.errno == errno.EROFS
            or (isinstance(x, sqlite3.Error) and "readonly database" in text)
        ):
            where = f" ({x.filename})" if isinstance(x, OSError) and x.filename else ""
            return ReadOnlyDatabase(
                f"cannot write{where}: the database or its folder is read-only ({text}). Reading commands "
                "(list, search, show) work; to change it, use a copy where you can write or pass another --db."
            )
        if isinstance(x, sqlite3.DatabaseError) and "not a database" in text:
            return NotADatabase(f"the database file is not an SQLite database ({text}); pass another with --db")
    return None


def print_json(doc: Any) -> None:
    sys.stdout.write(json_text(json.dumps(doc, indent=2, ensure_ascii=False, default=str)) + "\n")


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
        known = user_error(e, _command_of(cli, argv))
        if known is not None:
            err_console.print(f"[bold red]error:[/] {escape(str(known))}", markup=True, soft_wrap=True, highlight=False)
            return known.exit_code
        log = _log_crash()
        where = f" Details were written to {log}." if log else ""
        err_console.print(
            Text.assemble(("internal error:", "bold red"), f" {type(e).__name__}: ", visible(e), f".{where}"),
            soft_wrap=True,
        )
        return EXIT_INTERNAL


@contextmanager
def ctrl_c_stops(message: str | None) -> Iterator[threading.Event]:
    """An event the first Ctrl-C sets, so a long run stops cleanly where it can (``message``, when given, says
    what happens now); a second Ctrl-C aborts at once. The previous handler comes back on the way out."""
    stop = threading.Event()

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        if message:
            err_console.print(f"{message} (Ctrl-C again to abort now)...")

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)
