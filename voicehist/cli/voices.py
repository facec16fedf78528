"""`voicehist voices`: the voices found in the clips, named by the household."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from voicehist.cli.common import db_option, err_console, json_option, open_store, out_console, print_json
from voicehist.safetext import visible


def _update(store: Any, quiet: bool) -> Any:
    from voicehist.cli.progress import progress_bar
    from voicehist.voices import update

    with progress_bar("Listening for voices", disable=quiet) as progress:
        return update(store, progress=lambda d, t: progress(d, t, ""))


def _day(t: str | None) -> str:
    return t[:10] if t else "-"


def _note(v: dict[str, Any]) -> str:
    note = []
    if v["child"]:
        note.append("your child")
    elif v["may_be_child"] and v["child"] is None:
        note.append("may be a child? (voices show)")
    if v["name_source"] == "vendor":
        note.append("name from Alexa profile")
    return "; ".join(note)


def voices_table(doc: dict[str, Any]) -> Table:
    """The voices as a table; a column nobody has a value in (no names yet, no notes) is left out."""
    rows = [
        {
            "voice": str(v["id"]),
            "name": visible(v["name"] or ""),
            "clips": str(v["clips"]),
            "devices": visible(", ".join(v["devices"])),
            "first": _day(v["first"]),
            "last": _day(v["last"]),
            "pitch": f"{v['pitch_hz']} Hz" if v["pitch_hz"] else "-",
            "sample": f"#{v['sample']}" if v["sample"] else "-",
            "note": _note(v),
        }
        for v in doc["voices"]
    ]
    columns: list[tuple[str, Any, bool]] = [
        ("voice", "right", False), ("name", "left", True), ("clips", "right", False), ("devices", "left", True),
        ("first", "left", False), ("last", "left", False), ("pitch", "right", False), ("sample", "right", False),
        ("note", "left", True),
    ]  # fmt: skip
    shown = [c for c in columns if c[0] not in ("name", "note") or any(r[c[0]] for r in rows)]
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold", show_edge=False)
    for c, j, wrap in shown:
        table.add_column(c, justify=j, overflow="fold", no_wrap=not wrap, min_width=None if wrap else len(c))
    for r in rows:
        table.add_row(*(Text(r[c]) for c, _, _ in shown))
    return table


@click.group("voices", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True, help="Also list one-off voices (heard in one clip only).")
@click.option("--no-update", is_flag=True, help="Do not analyse new clips first; show what is stored.")
@json_option
@db_option
@click.pass_context
def voices_cmd(ctx: click.Context, show_all: bool, no_update: bool, as_json: bool, db: str | None) -> None:
    """Voices found in the clips: who was recorded (analysed on this machine, nothing leaves it).

    \b
    voicehist voices                     analyse new clips, then list the voices
    voicehist voices name 2 Emma         name voice 2
    voicehist voices merge 2 5           voice 5 is the same person as voice 2
    voicehist voices split 2             voice 2 is two people: split it where its clips differ most
    voicehist voices child 3 [--no]      voice 3 is (is not) your child: `request --law coppa --voice 3`
    voicehist list --voice Emma          Emma's clips (every listing command takes --voice)
    """
    ctx.ensure_object(dict)
    ctx.obj["voices_db"] = db
    if ctx.invoked_subcommand is not None:
        return
    from voicehist.voices import summary

    store = open_store(db)
    upd = None if no_update else _update(store, as_json)
    doc = summary(store, include_once=show_all)
    if upd is not None:
        doc["update"] = upd.to_json()
    if as_json:
        print_json(doc)
        return
    if doc["voices"]:
        out_console.print(voices_table(doc))
    else:
        out_console.print("No voices yet: no clip has enough speech with playable audio.")
    extra = []
    if doc["one_off_clips"]:
        extra.append(f"{doc['one_off_clips']} one-off voice(s) heard in a single clip (--all lists them)")
    nv = doc["no_voice"]
    if nv["too_little_speech"]:
        extra.append(f"{nv['too_little_speech']} clip(s) with too little speech to tell whose voice")
    if nv["no_audio"]:
        extra.append(f"{nv['no_audio']} clip(s) without playable audio")
    if nv["failed"]:
        extra.append(f"{nv['failed']} clip(s) could not be analysed")
    for line in extra:
        out_console.print(Text(line))
    out_console.print(
        Text("Name a voice: voicehist voices name NUMBER NAME. Listen: voicehist show #SAMPLE (or the app's Voices).")
    )


def _store(ctx: click.Context, db: str | None) -> Any:
    return open_store(db or (ctx.obj or {}).get("voices_db"))


@voices_cmd.command("show")
@click.argument("voice")
@json_option
@db_option
@click.pass_context
def show_cmd(ctx: click.Context, voice: str, as_json: bool, db: str | None) -> None:
    """Everything about one voice: its clips, pitch, samples to listen to, and any "may be a child" evidence."""
    from voicehist.voices import resolve, summary

    store = _store(ctx, db)
    vid = resolve(store, voice)
    doc = next(v for v in summary(store, include_once=True)["voices"] if v["id"] == vid)
    if as_json:
        print_json(doc)
        return
    if doc["name"]:
        title = f"voice {vid}: {doc['name']}" + (" (from the Alexa profile)" if doc["name_source"] == "vendor" else "")
    else:
        title = f"voice {vid} (not named: voicehist voices name {vid} NAME)"
    lines = [
        title,
        f"clips: {doc['clips']} (mean confidence {doc['confidence']:.2f}); accidental: {doc['accidental']}",
        f"devices: {', '.join(doc['devices'])}",
        f"heard: {_day(doc['first'])} to {_day(doc['last'])}",
        f"typical pitch: {doc['pitch_hz']} Hz; brightness (spectral centroid): {doc['centroid_hz']} Hz"
        if doc["pitch_hz"]
        else "typical pitch: not measured (too little voiced speech)",
        "listen: " + ", ".join(f"voicehist show {n}" for n in doc["samples"][:3]) if doc["samples"] else "",
    ]
    if doc["child"] is not None:
        lines.append("you said: " + ("this is your child's voice" if doc["child"] else "this is not a child's voice"))
    elif doc["may_be_child"]:
        lines.append(f"may be a child: {doc['child_evidence']}. Only you can tell: voicehist voices child {vid}")
    for line in lines:
        if line:
            out_console.print(Text(visible(line, one_line=False)))


@voices_cmd.command("name")
@click.argument("voice")
@click.argument("name", nargs=-1, required=True)
@db_option
@click.pass_context
def name_cmd(ctx: click.Context, voice: str, name: tuple[str, ...], db: str | None) -> None:
    """Name a voice (by its number or current name)."""
    from voicehist.voices import rename

    vid = rename(_store(ctx, db), voice, " ".join(name))
    out_console.print(Text(f"voice {vid} is now called {' '.join(' '.join(name).split())!r}"))


@voices_cmd.command("merge")
@click.argument("voice")
@click.argument("other")
@db_option
@click.pass_context
def merge_cmd(ctx: click.Context, voice: str, other: str, db: str | None) -> None:
    """OTHER is the same person as VOICE: its clips join VOICE."""
    from voicehist.voices import merge

    keep, gone, moved = merge(_store(ctx, db), voice, other)
    out_console.print(Text(f"voice {gone} merged into voice {keep} ({moved} clip(s) moved)"))


@voices_cmd.command("split")
@click.argument("voice")
@db_option
@click.pass_context
def split_cmd(ctx: click.Context, voice: str, db: str | None) -> None:
    """VOICE is two people: split it in two where its clips differ most."""
    from voicehist.voices import split

    vid, new, moved = split(_store(ctx, db), voice)
    if new is None:
        err_console.print(Text(f"voice {vid} has too few analysed clips to split"))
        raise click.exceptions.Exit(1)
    out_console.print(Text(f"voice {vid} split: {moved} clip(s) are now voice {new}"))


@voices_cmd.command("child")
@click.argument("voice")
@click.option("--no", "not_child", is_flag=True, help="This voice is not a child's.")
@click.option("--unset", is_flag=True, help="Forget what you said about this voice.")
@db_option
@click.pass_context
def child_cmd(ctx: click.Context, voice: str, not_child: bool, unset: bool, db: str | None) -> None:
    """Say that VOICE is your child's (your word, never voicehist's guess): COPPA requests can then name it."""
    from voicehist.voices import mark_child

    value = None if unset else not not_child
    vid = mark_child(_store(ctx, db), voice, value)
    said = {None: "no longer marked", True: "marked as your child's", False: "marked as not a child's"}[value]
    out_console.print(Text(f"voice {vid} {said}"))
    if value:
        out_console.print(
            Text(f"To ask the vendor to delete these recordings: voicehist request --law coppa --voice {vid} ...")
        )


COMMANDS = [voices_cmd]
