"""The ``voicehist`` command. Thin: every command calls core functions; no SQL here.

Exit codes: 0 ok, 1 finished with problems (listed), 2 bad input, 70 internal error (logged), 130 interrupted.

Start-up: each command imports the work it runs (the engines, the letters, the report, the app) inside its own
function, so ``voicehist --help``, a typo and every quick command start without the rest. Measured on the 2-core
development machine (median of 5): importing the command line takes 0.25 s; with the 36 modules its commands
import lazily at the top instead, 0.64 s. This is the one place in the package where the project's own modules are
imported inside functions on purpose; the core imports at the top.
"""

from __future__ import annotations

import sys

import click

from voicehist import __version__
from voicehist.cli.common import db_option, run_guarded


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.version_option(__version__, prog_name="voicehist")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Audit what your smart speaker recorded: import, transcribe, flag, delete. Offline.

    With no command, opens the review app on your database.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        from voicehist.cli.app import open_app

        open_app(db)


def _register() -> None:
    from voicehist.cli import (
        app,
        config,
        export,
        flag,
        forget,
        imports,
        listing,
        report,
        requests,
        show,
        transcribe,
        voices,
    )

    for module in (app, flag, forget, imports, listing, transcribe, show, export, requests, report, voices, config):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    sys.exit(run_guarded(cli, argv))
