"""`voicehist import PATH...`: import Alexa / Google exports or folders of recordings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.text import Text

from voicehist.cli.common import ctrl_c_stops, db_option, err_console, json_option, open_store, print_json
from voicehist.cli.progress import progress_bar
from voicehist.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS
from voicehist.safetext import visible

if TYPE_CHECKING:  # the importers load only when `import` runs (start-up time of every other command)
    from voicehist.importers import ImportReport

MAX_LISTED = 50


def _summary(report: ImportReport, quiet: bool) -> None:
    """What was imported, on stderr. Paths, member names and problems come from the export: shown as text
    (control characters written out, no markup)."""
    con = err_console
    if report.cancelled:
        con.print(
            "[yellow]Import interrupted; finished clips were kept.[/] Run the same command again to finish it:"
            " what is already imported is not added twice."
        )
    for src in report.sources:
        state = " (already imported before)" if src.already_imported else ""
        # the path on a line of its own (it may be long), the counts on the next: never broken mid-word at 80 columns
        kind = f": {visible(src.importer)} ({visible(src.vendor)}){state}"
        con.print(Text.assemble((visible(src.path), "bold"), kind), soft_wrap=True)
        con.print(f"  {src.clips} entries, {src.new} new, {src.existing} already present", soft_wrap=True)
    con.print(f"Imported [bold green]{report.new}[/] new clip(s); {report.existing} already present.")
    if report.problems:
        con.print(f"[bold yellow]{len(report.problems)} file(s) had problems:[/]")
        for name, msg in report.problems[:MAX_LISTED]:
            con.print(Text(f"  {visible(name)}: {visible(msg)}"), soft_wrap=True)
        if len(report.problems) > MAX_LISTED:
            con.print(f"  ... and {len(report.problems) - MAX_LISTED} more (use --json for all)")
    for name, note in report.notes:
        con.print(Text(f"Note: {visible(name)}: {visible(note)}"), soft_wrap=True)
    if report.unrecognised and not quiet:
        con.print(f"Not recognised ({len(report.unrecognised)}), skipped:")
        for what in report.unrecognised[:MAX_LISTED]:
            con.print(Text(f"  {visible(what)}"), soft_wrap=True)
        if len(report.unrecognised) > MAX_LISTED:
            con.print(f"  ... and {len(report.unrecognised) - MAX_LISTED} more (use --json for all)")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@json_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; only the summary and problems.")
@click.option(
    "--restore-forgotten",
    is_flag=True,
    help="Bring back clips you had forgotten (their audio and text, from this export); by default they stay forgotten.",
)
@db_option
def import_cmd(paths: tuple[str, ...], as_json: bool, quiet: bool, restore_forgotten: bool, db: str | None) -> None:
    """Import exports: an Amazon data zip (or several, or the unpacked folder), an Alexa voice-history JSON,
    a Google Takeout (My Activity as JSON), or a folder of recordings. Importing twice adds nothing.

    Exit status: 0 all fine, 1 finished but some files had problems (listed), 2 a path is not an export,
    130 interrupted (Ctrl-C; what was imported is kept, and the same command finishes it).
    """
    from voicehist.importers import import_paths  # loaded when the command runs: other commands start without it

    store = open_store(db, create=True)
    try:
        with (
            ctrl_c_stops(None if as_json else "Stopping: the clips read so far are being written") as stop,
            progress_bar("importing", disable=as_json or quiet, eta=True) as bar,
        ):
            report = import_paths(
                store, list(paths), progress=bar, cancel=stop.is_set, restore_forgotten=restore_forgotten
            )
    finally:
        store.close()
    if as_json:
        print_json(report.to_json())
    else:
        _summary(report, quiet)
    if report.cancelled:
        raise click.exceptions.Exit(EXIT_INTERRUPTED)
    if report.problems:
        raise click.exceptions.Exit(EXIT_PROBLEMS)
    raise click.exceptions.Exit(EXIT_OK)


COMMANDS: list[click.Command] = [import_cmd]
