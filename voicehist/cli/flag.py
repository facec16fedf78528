"""`voicehist flag`: score accidental activations automatically, or record your own decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click
from rich.text import Text

from voicehist.cli.common import db_option, json_option, open_store, out_console, print_json
from voicehist.errors import VoicehistError
from voicehist.ids import short_id
from voicehist.safetext import visible

if TYPE_CHECKING:
    from voicehist.store.queries import Decision

_DECISIONS: dict[str, tuple[Decision | None, str]] = {
    "set": ("accidental", "marked accidental"),
    "clear": ("not_accidental", "marked not accidental"),
    "unset": (None, "left to the detector again"),
}


@click.command("flag")
@click.argument("ids", nargs=-1)
@click.option("--auto", "auto", is_flag=True, help="Score every clip and store the reasons; your decisions stay.")
@click.option("--set", "set_", is_flag=True, help="You say these clips are accidental activations.")
@click.option("--clear", is_flag=True, help="You say these clips are NOT accidental.")
@click.option("--unset", is_flag=True, help="Remove your decision; the detector's label applies again.")
@click.option("--all-selected", is_flag=True, help="Apply --set/--clear/--unset to the persisted selection too.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    default=None,
    help="With --auto: score at or above which a clip is labelled accidental (default from config, 0.5).",
)
@json_option
@db_option
def flag_cmd(
    ids: tuple[str, ...],
    auto: bool,
    set_: bool,
    clear: bool,
    unset: bool,
    all_selected: bool,
    threshold: float | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Flag accidental activations.

    \b
      voicehist flag --auto            score every clip (re-running never overrides your own decisions)
      voicehist flag --set ID...       these were accidental (the # number, the id or a unique piece)
      voicehist flag --clear ID...     these were not accidental
      voicehist flag --unset ID...     forget my decision
      voicehist flag --set --all-selected
    """
    modes = [name for name, on in (("auto", auto), ("set", set_), ("clear", clear), ("unset", unset)) if on]
    if len(modes) != 1:
        raise VoicehistError("choose exactly one of --auto, --set, --clear, --unset (see `voicehist flag --help`)")
    mode = modes[0]
    store = open_store(db)
    if mode == "auto":
        if ids or all_selected:
            raise VoicehistError("--auto scores every clip; it takes no ids")
        _auto(store, threshold, as_json)
        return
    if threshold is not None:
        raise VoicehistError("--threshold only applies with --auto")
    _decide(store, mode, ids, all_selected, as_json)


def _auto(store: Any, threshold: float | None, as_json: bool) -> None:
    from dataclasses import replace

    from voicehist.cli.progress import progress_bar
    from voicehist.config import load_config
    from voicehist.detect import flag_auto
    from voicehist.store.queries import numbers_of

    cfg = load_config().detect
    if threshold is not None:
        cfg = replace(cfg, threshold=threshold)
    with progress_bar("Scoring", disable=as_json, show_label=False) as progress:
        summary = flag_auto(store, config=cfg, progress=progress)
    if as_json:
        print_json(summary.to_json())
        return
    out_console.print(
        f"Scored {summary.scored} clip(s): [bold]{summary.accidental} accidental[/], {summary.intended} intended,"
        f" {summary.unknown} unknown (threshold {summary.threshold:g})."
    )
    if summary.decided_by_user:
        out_console.print(f"Your own decision stands for {summary.decided_by_user} of them.")
    if summary.wake_audio_scored:
        out_console.print(
            f"The audio was asked about the wake word for {summary.wake_audio_scored} clip(s), with Whisper"
            f" {summary.wake_model} ({summary.wake_audio_seconds:.1f} s); a clip's answer is reused until the model"
            " or the wake words change."
        )
    if summary.wake_audio_unavailable:
        out_console.print(
            Text(f"Note: {summary.wake_audio_unavailable}; the clips were scored on their transcripts."),
            soft_wrap=True,
        )
    if summary.unknown:
        out_console.print(
            f"\n[bold]Unknown ({summary.unknown}):[/] no readable audio and no vendor marker, or not transcribed"
            " yet (`voicehist transcribe`, then flag again)."
        )
    examples = summary.examples[:3]
    numbers = numbers_of(store, [ex.id for ex in examples])
    if examples:
        more = f" (the first {len(examples)} of {summary.accidental})" if summary.accidental > len(examples) else ""
        out_console.print(f"\n[bold]Scored accidental{more}:[/]  clip, score, why")
    for ex in examples:
        who = f"#{numbers[ex.id]}" if ex.id in numbers else short_id(ex.id)
        line = f"  {who}  {ex.score:.2f}  {'; '.join(ex.reasons[:2])}"
        out_console.print(Text(visible(line)), soft_wrap=True)
    if summary.accidental:
        out_console.print("See them all: voicehist list --flagged")


def _decide(store: Any, mode: str, ids: tuple[str, ...], all_selected: bool, as_json: bool) -> None:
    from voicehist.store.flags import resolve_ids
    from voicehist.store.queries import numbers_of, selected_ids, set_decision

    targets = resolve_ids(store, list(ids))
    if all_selected:
        targets = list(dict.fromkeys([*targets, *selected_ids(store)]))
    if not targets:
        hint = " (the selection is empty)" if all_selected else ""
        raise VoicehistError(f"--{mode} needs clip ids or numbers (see `voicehist list`) or --all-selected{hint}")
    decision, said = _DECISIONS[mode]
    changed = set_decision(store, targets, decision)
    numbers = numbers_of(store, targets)
    if as_json:
        print_json({"action": mode, "decision": decision, "changed": changed, "ids": targets})
        return
    shown = ", ".join(f"#{numbers[t]}" if t in numbers else visible(short_id(t)) for t in targets[:20])
    more = f" and {len(targets) - 20} more" if len(targets) > 20 else ""
    out_console.print(Text(f"{changed} clip(s) {said}: {shown}{more}."), soft_wrap=True)


COMMANDS = [flag_cmd]
