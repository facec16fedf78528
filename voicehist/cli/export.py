"""`voicehist export`: the clips any filter chooses, as CSV or JSON, and their audio files into a folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.text import Text

from voicehist.cli.common import db_option, err_console, open_store, print_json
from voicehist.cli.listing import build_filter, filter_options
from voicehist.safetext import stream_text, visible


@click.command("export")
@click.argument("ids", nargs=-1)
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default=None,
    help="Table format (default: from the -o file's extension, else csv).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write the table to this file (created 0600). Default: standard output, or clips.csv/clips.json"
    " inside the --audio folder.",
)
@click.option(
    "--audio",
    "audio_dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Also copy the clips' audio files into this folder, named by number, time, device and first words.",
)
@click.option("--force", is_flag=True, help="Replace files that are already there.")
@click.option("--json", "as_json", is_flag=True, help="With -o or --audio: print a JSON summary on stdout.")
@db_option
def export_cmd(
    ids: tuple[str, ...],
    query: str | None,
    fmt: str | None,
    output: str | None,
    audio_dir: str | None,
    force: bool,
    as_json: bool,
    db: str | None,
    limit: int | None,
    **kw: Any,
) -> None:
    """Export clips as a CSV or JSON table (and with --audio their recordings), chosen by numbers/ids and
    the same filters as `voicehist list`; no ids and no filters export every clip.

    \b
      voicehist export -o clips.csv                    every clip
      voicehist export --flagged --since 2025-01 -o flagged.json
      voicehist export 12 14 --audio ~/clips           two clips' audio, with clips.csv beside them
    """
    from voicehist.store.export import (
        audio_folder,
        check_output,
        csv_chunks,
        export_audio,
        json_chunks,
        write_private,
    )
    from voicehist.store.flags import resolve_ids
    from voicehist.store.queries import list_clips
    from voicehist.store.records import clip_json

    build_filter(query, **kw)  # bad dates and empty searches fail before anything opens
    fmt = fmt or ("json" if output and output.lower().endswith(".json") else "csv")
    if audio_dir is not None:
        folder = audio_folder(audio_dir)  # a missing parent is an error before any work
        if output is None:
            output = str(folder / f"clips.{fmt}")
    if as_json and output is None:
        raise click.UsageError("--json prints a summary of files written: use it with -o or --audio", None)
    if output is not None:
        check_output(Path(output), force)  # a file in the way or a missing folder: refused before any copy
    store = open_store(db)
    f = build_filter(query, store, **kw)
    if ids:
        f = f.with_(ids=tuple(resolve_ids(store, list(ids))))
    rows = list_clips(store, f, limit=limit)
    docs = [clip_json(r) for r in rows]
    summary: dict[str, Any] = {"clips": len(docs), "format": fmt, "table": output}
    extra: tuple[str, ...] = ()
    if audio_dir is not None:
        audio = export_audio(store, rows, audio_dir, overwrite=force)
        files = {c["id"]: c["file"] for c in audio.copied}
        for d in docs:
            d["audio_file"] = files.get(d["id"])
        extra = ("audio_file",)
        summary["audio"] = {"folder": audio_dir, **audio.to_json()}
    chunks = csv_chunks(docs, extra) if fmt == "csv" else json_chunks(docs)
    if output is None:  # on the screen (or a pipe): no control or bidi character raw; -o FILE keeps them
        for chunk in chunks:
            sys.stdout.buffer.write(stream_text(chunk.decode("utf-8")).encode("utf-8") if fmt == "csv" else chunk)
        sys.stdout.flush()
        return
    write_private(Path(output), chunks, overwrite=force)
    if as_json:
        print_json(summary)
        return
    err_console.print(Text(f"Wrote {len(docs)} clip(s) to {visible(output)} ({fmt.upper()})."), soft_wrap=True)
    if audio_dir is not None:
        a = summary["audio"]
        err_console.print(Text(f"Copied {len(a['copied'])} audio file(s) into {visible(audio_dir)}."), soft_wrap=True)
        if a["without_audio"]:
            err_console.print(f"{len(a['without_audio'])} clip(s) have no audio in the export.")
        if a["missing"]:
            err_console.print(
                f"[yellow]{len(a['missing'])} clip(s) had audio that is no longer in voicehist's store"
                " (forgotten, or the store was moved).[/]"
            )


COMMANDS: list[click.Command] = [export_cmd]
