"""`voicehist report` and `voicehist sensitive`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from voicehist.cli.common import db_option, json_option, open_store, out_console, print_json, tz_option
from voicehist.cli.listing import build_filter, filter_options
from voicehist.paths import check_output
from voicehist.safetext import visible

if TYPE_CHECKING:
    from voicehist.report import Format
    from voicehist.report.pdf import Paper


def _no_limit(limit: int | None, command: str) -> None:
    if limit is not None:
        raise click.UsageError(f"`voicehist {command}` covers every clip the filters select; it takes no --limit.")


@click.command("report")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "md", "html", "pdf"]),
    default=None,
    help="text (the terminal, default), md, html (self-contained, printable) or pdf. "
    "With -o and no --format, the file's suffix decides.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file (0600).")
@click.option("--force", is_flag=True, help="Replace the file given with -o if it exists.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="PDF page size.")
@filter_options
@json_option
@tz_option
@db_option
def report_cmd(
    format_: str | None,
    output: str | None,
    force: bool,
    paper: str,
    query: str | None,
    as_json: bool,
    db: str | None,
    limit: int | None,
    **kw: Any,
) -> None:
    """A summary of the voice history: what was recorded, when, by which device, what was accidental, what
    was asked, what the transcripts reveal. Printed here, or written as Markdown, HTML or PDF."""
    from voicehist.report import compute, format_for, render, write_private

    _no_limit(limit, "report")
    if as_json and format_:
        raise click.UsageError("--json prints the figures themselves; leave out --format.")
    if output is not None and not output.strip():
        raise click.UsageError("-o needs a file name")
    if output and not format_ and not as_json and format_for(output) is None:
        raise click.UsageError(f"{output}: end the name in .txt, .md, .html or .pdf, or say --format")
    fmt = cast("Format", format_ or (format_for(output) if output else None) or "text")  # click's choice
    if fmt == "pdf" and not output:
        raise click.UsageError("a PDF goes to a file: add -o report.pdf")
    build_filter(query, **kw)  # bad dates and empty searches fail before anything opens
    if output:
        check_output(Path(output), force)  # a file in the way: refused before the work
    store = open_store(db)
    try:
        figures = compute(store, build_filter(query, store, **kw))
    finally:
        store.close()
    if as_json and not output:
        print_json(figures.to_json())
        return
    if output:
        if as_json:
            data = (figures.dumps() + "\n").encode("utf-8")
        else:
            data = render(figures, fmt, paper=cast("Paper", paper))
        path = write_private(output, data, overwrite=force)
        click.echo(f"wrote the {'JSON' if as_json else fmt} report ({figures.clips} clips) to {path}", err=True)
        return
    if fmt == "text":
        from rich.console import Console

        from voicehist.report.text import render as render_rich

        console = Console(width=min(80, out_console.width), highlight=False, emoji=False)
        console.print(render_rich(figures))
        return
    sys.stdout.write(render(figures, fmt).decode("utf-8"))


@click.command("sensitive")
@filter_options
@click.option(
    "--category",
    "categories",
    multiple=True,
    type=click.Choice(["phone", "email", "address", "money", "account", "health", "person", "child", "secret"]),
    help="Only these categories (repeatable).",
)
@json_option
@db_option
def sensitive_cmd(
    query: str | None, categories: tuple[str, ...], as_json: bool, db: str | None, limit: int | None, **kw: Any
) -> None:
    """Sensitive content found in the transcripts: phone numbers, e-mail and street addresses, money,
    account numbers, health, names, children, passwords and codes said aloud."""
    from rich.table import Table
    from rich.text import Text

    from voicehist.sensitive import scan
    from voicehist.store.report import text_rows

    _no_limit(limit, "sensitive")
    build_filter(query, **kw)
    store = open_store(db)
    try:
        rows = text_rows(store, build_filter(query, store, **kw))
        found = [(row, f) for row, f in scan(rows) if not categories or f.category in categories]
    finally:
        store.close()
    if as_json:
        print_json(
            {
                "findings": [
                    {
                        "clip": row.id,
                        "number": row.number,
                        "category": f.category,
                        "words": f.words,
                        "source": f.source,
                        "start": f.start,
                        "end": f.end,
                        "reason": f.reason,
                    }
                    for row, f in found
                ]
            }
        )
        return
    if not found:
        out_console.print("No sensitive content found in the transcripts of these clips.")
        return
    table = Table(header_style="bold", box=None, pad_edge=False)
    for name, opts in (
        ("clip", {"no_wrap": True}),
        ("category", {"no_wrap": True}),
        ("words", {"ratio": 2, "overflow": "fold"}),
        ("in", {"no_wrap": True}),
        ("why", {"ratio": 2, "overflow": "fold"}),
    ):
        table.add_column(name, **opts)
    for row, f in found:
        table.add_row(f"#{row.number}", f.category, Text(visible(f.words)), f.source, Text(visible(f.reason)))
    out_console.print(table)
    clips = len({row.id for row, _ in found})
    out_console.print(f"{len(found)} finding(s) in {clips} clip(s).")


COMMANDS = [report_cmd, sensitive_cmd]
