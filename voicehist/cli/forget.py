"""`voicehist forget`: voicehist lets go of clips (audio, transcripts, words), keeping only a tombstone."""

from __future__ import annotations

from typing import Any

import click

from voicehist.cli.common import db_option, err_console, json_option, open_store, out_console, print_json
from voicehist.cli.listing import any_filter, build_filter, filter_options
from voicehist.errors import EXIT_PROBLEMS, VoicehistError


@click.command("forget")
@click.argument("ids", nargs=-1)
@filter_options
@click.option("--vendor-text", is_flag=True, help="Also forget the vendor's transcript, response and raw record.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
@json_option
def forget(
    ids: tuple[str, ...],
    query: str | None,
    vendor_text: bool,
    yes: bool,
    db: str | None,
    as_json: bool,
    limit: int | None,
    **kw: Any,
) -> None:
    """Forget clips: their audio, local transcripts and words leave voicehist's store (not the vendor's).

    \b
      voicehist forget 42 57                 these clips (numbers, ids or unique pieces of ids)
      voicehist forget --selected            the clips selected in the app
      voicehist forget --device Kitchen --since 2024-01-01
      voicehist forget --flagged --vendor-text   also the vendor's transcript and raw record

    A forgotten clip keeps its time, device, vendor id, your decision and its label (what a deletion request
    needs); re-importing an export does not bring it back (`voicehist import --restore-forgotten` does).
    """
    # loaded when the command runs, so that every other command starts without them
    from voicehist.store.flags import resolve_ids
    from voicehist.store.forget import forget_clips
    from voicehist.store.queries import clip_ids

    filtered = any_filter(query, **kw)
    if not ids and not filtered:
        raise VoicehistError("say which clips to forget: ids or numbers, filters (see `voicehist list`), or --selected")
    build_filter(query, **kw)  # bad dates and empty searches fail before the database opens
    store = open_store(db)
    try:
        resolved = resolve_ids(store, list(ids)) if ids else None  # unknown ids: exit 2, before asking anything
        f = build_filter(query, store, **kw)
        if resolved is not None:
            f = f.with_(ids=tuple(resolved))
        chosen = clip_ids(store, f)
        if limit is not None:
            chosen = chosen[:limit]
        if not chosen:
            if as_json:
                print_json(forget_clips(store, [], vendor_text=vendor_text).to_json())
            else:
                err_console.print("No clips match; nothing was forgotten.")
            raise click.exceptions.Exit(EXIT_PROBLEMS if resolved else 0)
        if not yes and not as_json:
            what = "audio, local transcripts and words" + (", and the vendor's text" if vendor_text else "")
            if not click.confirm(f"Forget the {what} of {len(chosen)} clip(s)?", default=False, err=True):
                err_console.print("Nothing forgotten.")
                raise click.exceptions.Exit(EXIT_PROBLEMS)
        summary = forget_clips(store, chosen, vendor_text=vendor_text)
    finally:
        store.close()
    if as_json:
        print_json(summary.to_json())
        return
    out_console.print(
        f"Forgot {summary.clips} clip(s): removed {summary.audio_files_removed} audio file(s), "
        f"{summary.transcripts_removed} transcript(s)" + (", and the vendor's text" if vendor_text else "") + "."
    )
    if not summary.scrubbed:
        err_console.print(
            "[yellow]Another program had the database open, so its write-ahead log could not be emptied yet; "
            "it will be at the next forget or when that program closes.[/]"
        )


COMMANDS: list[click.Command] = [forget]
