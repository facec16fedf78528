"""`voicehist transcribe` and `voicehist models`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click
from rich.text import Text

from voicehist.cli.common import (
    COUNT,
    ctrl_c_stops,
    db_option,
    err_console,
    json_option,
    open_store,
    out_console,
    print_json,
)
from voicehist.cli.listing import filter_options
from voicehist.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, VoicehistError
from voicehist.ids import short_id
from voicehist.safetext import visible
from voicehist.store.queries import numbers_of

if TYPE_CHECKING:
    from voicehist.transcribe.runner import RunSummary


@click.command("transcribe")
@click.argument("ids", nargs=-1)
@db_option
@click.option(
    "--engine",
    type=click.Choice(["faster-whisper", "whisper-timestamped"]),
    default=None,
    help="Transcription engine (default: faster-whisper). whisper-timestamped (an optional install) decodes "
    "every clip alone with openai-whisper on PyTorch: about 40-50x slower than the default (bench/transcribe.py, "
    "16 real-voice clips: 42x in CPU time, 48x wall), with the same WER there (0.000 both). Choose it for an "
    "openai-whisper .pt checkpoint (a fine-tuned model with no CTranslate2 conversion) or to check a transcript "
    "against the reference implementation.",
)
@click.option(
    "--model",
    default=None,
    help="Model name (see `voicehist models`) or path to a CTranslate2 folder / openai .pt file. "
    "Default: the bundled tiny.en.",
)
@click.option("--limit", type=COUNT, default=None, help="Transcribe at most this many clips.")
@click.option(
    "--no-pack",
    is_flag=True,
    help="Give every clip a 30 s window of its own. By default short clips share a window for the encoder "
    "(2-3x faster than --no-pack on the bench sets), but each clip is still decoded only from its own audio, "
    "never with a neighbour's words; the neighbours' sound can still change a word now and then. --no-pack is "
    "slower and exactly per-file (whisper-timestamped always decodes clips on their own).",
)
@click.option("--retry-failed", is_flag=True, help="Put clips that failed before back in the queue first.")
@click.option(
    "--force",
    is_flag=True,
    help="Transcribe again clips already done (those given by number/id or chosen by the filters; all of them"
    " when none is given), e.g. with a bigger --model. Earlier transcripts are kept in the database.",
)
@filter_options(limit=False)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (the closing summary is still printed).")
@json_option
def transcribe_cmd(
    ids: tuple[str, ...],
    db: str | None,
    quiet: bool,
    engine: str | None,
    model: str | None,
    limit: int | None,
    no_pack: bool,
    retry_failed: bool,
    force: bool,
    as_json: bool,
    **filters: Any,
) -> None:
    """Transcribe pending clips locally with Whisper (offline). Ctrl-C stops within seconds: the clips already
    decoded are saved, the rest go back to the queue; a later run picks up where this one stopped.

    \b
      voicehist transcribe                          every clip not transcribed yet
      voicehist transcribe --force 12 14            transcribe clips #12 and #14 again
      voicehist transcribe --force --flagged --model base.en
    """
    # numpy, the engines and the store's transcription queries load only when a transcription runs (start-up)
    from voicehist.cli.progress import progress_bar
    from voicehist.transcribe.runner import get_engine, transcribe_pending

    query = filters.pop("query", None)
    _check_choice(ids, query, filters, force=force)
    store = open_store(db)  # a --db that is no database is refused before the model loads
    if not (as_json or quiet):
        err_console.print("Loading the model...")
    try:
        get_engine(engine, model)  # a missing model is reported before anything starts (and the load is cached)
    except BaseException:
        store.close()
        raise
    requeued = _requeue(store, ids, query, filters) if force else None
    _before_run(store, requeued, retry_failed=retry_failed, as_json=as_json)
    with (
        ctrl_c_stops(
            "Stopping: the clips already decoded are being finished and saved, the rest go back to the queue"
        ) as stop,
        progress_bar(
            "Transcribing", disable=as_json or quiet, transient=as_json, show_label=False, eta=True, elapsed=True
        ) as on_progress,
    ):
        summary = transcribe_pending(
            store,
            engine=engine,
            model=model,
            limit=limit,
            progress=on_progress,
            cancel=stop.is_set,
            pack=not no_pack,
        )
    if as_json:
        doc: dict[str, Any] = summary.to_json()
        if requeued is not None:
            doc["requeued"] = requeued
        print_json(doc)
    else:
        _print_summary(store, summary)
    code = EXIT_INTERRUPTED if summary.cancelled else EXIT_PROBLEMS if summary.failed else EXIT_OK
    if code:
        raise click.exceptions.Exit(code)


def _check_choice(ids: tuple[str, ...], query: str | None, filters: dict[str, Any], *, force: bool) -> None:
    """Clip numbers and filters go with --force only; with it, bad dates and empty searches fail before the model
    loads."""
    from voicehist.cli.listing import any_filter, build_filter

    if (ids or any_filter(query, **filters)) and not force:
        raise VoicehistError(
            "clip numbers/ids and filters choose clips to transcribe again: add --force"
            " (without them, `voicehist transcribe` does every clip not transcribed yet)"
        )
    if force:
        build_filter(query, **filters)


def _requeue(store: Any, ids: tuple[str, ...], query: str | None, filters: dict[str, Any]) -> int:
    """Put the chosen clips (all of them when none is chosen) back in the queue; how many."""
    from voicehist.cli.listing import build_filter
    from voicehist.store import transcripts as tstore
    from voicehist.store.flags import resolve_ids
    from voicehist.store.queries import clip_ids

    f = build_filter(query, store, **filters)
    if ids:
        f = f.with_(ids=tuple(resolve_ids(store, list(ids))))
    return tstore.requeue(store, clip_ids(store, f))


def _before_run(store: Any, requeued: int | None, *, retry_failed: bool, as_json: bool) -> None:
    """Failed clips back in the queue (--retry-failed), and what the person should know before the bar starts:
    another run sharing the work, how many clips are transcribed again."""
    from voicehist.store import transcripts as tstore

    if retry_failed:
        tstore.retry_failed(store)
    if as_json:
        return
    if running := tstore.other_runs(store):
        who = ", ".join(f"pid {o.pid} on {o.host} since {o.started_at[:19]}" for o in running)
        err_console.print(f"Another transcription is running on this database ({who}): this run shares the work.")
    if requeued is not None:
        others = tstore.count_pending(store) - requeued
        also = f" ({others} other clip(s) not transcribed yet come along)" if others > 0 else ""
        err_console.print(f"{requeued} clip(s) will be transcribed again{also}.")


def _print_summary(store: Any, summary: RunSummary) -> None:
    rtf = f", RTF {summary.rtf:.3f}" if summary.rtf is not None else ""
    out_console.print(
        f"Transcribed {summary.done} clip(s) ({summary.audio_seconds:.1f} s of audio in "
        f"{summary.wall_seconds:.1f} s{rtf}) with {summary.engine} / {summary.model}."
    )
    if summary.failed:
        out_console.print(f"[red]{summary.failed} clip(s) failed:[/]")
        numbers = numbers_of(store, [e.clip_id for e in summary.errors[:20]])
        for e in summary.errors[:20]:
            who = f"#{numbers[e.clip_id]}" if e.clip_id in numbers else short_id(e.clip_id)
            out_console.print(Text(f"  {visible(who)}: {visible(e.error)}"), soft_wrap=True)
    if summary.no_audio:
        out_console.print(
            f"{summary.no_audio} clip(s) have no playable recording (none in the export, or one that could not"
            " be read; `voicehist list --no-audio` shows them): nothing to transcribe."
        )
    if summary.reset:
        out_console.print(
            f"{summary.reset} clip(s) an interrupted run had left unfinished went back to the queue"
            f"{' and were transcribed in this run' if summary.remaining == 0 and not summary.cancelled else ''}."
        )
    if summary.cancelled:
        out_console.print(
            f"Stopped: {summary.done} clip(s) transcribed and saved; {summary.remaining} clip(s) still pending."
            " Run `voicehist transcribe` again to continue."
        )
    elif summary.remaining:
        out_console.print(f"{summary.remaining} clip(s) still pending.")


@click.command("models")
@json_option
def models_cmd(as_json: bool) -> None:
    """Engines and Whisper models available on this machine (nothing is ever downloaded implicitly)."""
    from voicehist.transcribe.models import DEFAULT_ENGINE, ENGINES, list_models, models_dir

    models = list_models()
    if as_json:
        print_json(
            {
                "engines": list(ENGINES),
                "default_engine": DEFAULT_ENGINE,
                "models_dir": str(models_dir()),
                "models": [m.to_json() for m in models],
            }
        )
        return
    from rich.table import Table

    table = Table("model", "kind", "engines", "size", "path", "note")
    for m in models:
        table.add_row(m.name, m.kind, ", ".join(m.engines), f"{m.size_bytes / 1e6:.0f} MB", str(m.path), m.note)
    out_console.print(table)
    out_console.print(
        f"Engines: {', '.join(ENGINES)} (default {DEFAULT_ENGINE}). Add models by copying a CTranslate2 folder or an "
        f"openai-whisper .pt file into {models_dir()}, or pass --model PATH.",
        markup=False,
    )
    from voicehist.errors import EngineUnavailable
    from voicehist.transcribe.timestamped import require_timestamped

    try:
        require_timestamped()
    except EngineUnavailable as e:
        out_console.print(f"Not installed here: {e}", markup=False)


@click.command("download-model")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask before using the network.")
def download_model_cmd(name: str, yes: bool) -> None:
    """Download a bigger Whisper model (CTranslate2) into the models folder. Needs the network: the only
    voicehist command that does. Use it afterwards with `voicehist transcribe --model NAME`."""
    from voicehist.transcribe.models import download_model, downloadable_models, models_dir

    if name not in downloadable_models():
        download_model(name)  # raises the error that lists the names
    if not yes and not click.confirm(
        f"Download Whisper model {name!r} from the Hugging Face hub into {models_dir()}?", default=False, err=True
    ):
        raise click.exceptions.Exit(1)
    with err_console.status(f"Downloading {name}…"):
        info = download_model(name)
    out_console.print(f"{info.name}: {info.path} ({info.size_bytes / 1e6:.0f} MB)")


COMMANDS: list[click.Command] = [transcribe_cmd, models_cmd, download_model_cmd]
