"""`voicehist show ID`: everything about one clip."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from voicehist.cli.common import db_option, json_option, open_store, out_console, print_json, tz_option
from voicehist.errors import VoicehistError
from voicehist.localtime import local
from voicehist.safetext import visible
from voicehist.store.export import detail_json, stored_audio
from voicehist.store.flags import resolve_ids
from voicehist.store.queries import get_clip
from voicehist.store.records import ClipDetail, Word, field

# what `show` says about a clip, in this order (labels: voicehist.store.records.CLIP_FIELDS)
FACTS = (
    "id", "recorded_at", "recorded_utc", "recorded_raw", "vendor", "device", "voice", "vendor_id", "vendor_kind",
    "vendor_transcript", "vendor_response", "transcript", "transcript_status", "transcript_error", "flagged",
    "vendor_status", "score", "decided_at", "selected", "imported_at",
)  # fmt: skip
AUDIO = ("audio_name", "audio_format", "duration", "audio_sha256", "audio_problem")
ABSENT = {  # what an absent value says, where "—" would say too little
    "device": "(no device)",
    "vendor_status": "not verified (a deletion request's `voicehist verify` says whether the vendor deleted it)",
}
ONLY_WHEN_SET = {"recorded_utc"}  # the UTC time beside the local one: nothing to add when the local time is UTC


def _fmt(v: str | float | None) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, float):
        return f"{v:.2f}"
    return visible(v)


def _table(rows: list[tuple[str, str | None]], indent: str = "") -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in rows:
        table.add_row(indent + name, Text(_fmt(value)))
    return table


def _fields(clip: ClipDetail, names: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Each field's label and words ("—" when it has none), but for the fields said only when they are set."""
    rows = []
    for f in map(field, names):
        text = f.text(clip) or ABSENT.get(f.name)
        if text or f.name not in ONLY_WHEN_SET:
            rows.append((f.label, text))
    return rows


def _words(words: tuple[Word, ...]) -> Text:
    """The current transcript's words with their confidence: red below 0.5, yellow below 0.8."""
    out = Text()
    for w in words:
        p = w.probability
        style = "" if p is None else "red" if p < 0.5 else "yellow" if p < 0.8 else ""
        out.append(visible(str(w.word or "").strip()), style)
        out.append(f"({p:.2f}) " if p is not None else " ", "dim")
    return out


def _audio(clip: ClipDetail, stored: Path | None) -> Table:
    if stored and stored.is_file():
        present = "yes"
    elif clip.audio_problem:
        present = "no (the export's file could not be read: see the clip's reasons)"
    else:
        present = "no (none in the export, or forgotten)"
    rows = _fields(clip, AUDIO)
    rows[1:1] = [("kept in voicehist", present), ("stored as", str(stored) if stored else None)]
    return _table(rows, "  ")


def _transcripts(clip: ClipDetail) -> Table:
    t = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    for col in ("", "when", "engine / model", "lang", "conf.", "text"):
        t.add_column(col, overflow="fold", no_wrap=col not in ("text", "engine / model"))
    for tr in clip.transcripts:
        t.add_row(
            "now" if tr.id == clip.transcript_id else "",
            _fmt(local(tr.created_at, seconds=False)),
            Text(f"{visible(tr.engine)} / {visible(tr.model)}"),
            _fmt(tr.language),
            _fmt(tr.confidence),
            Text(_fmt(tr.text)),
        )
    return t


def render(clip: ClipDetail, stored: Path | None) -> None:
    """``show`` for a person: the facts, reasons, audio, transcripts, words and sources of one clip."""
    con = out_console
    con.print(Text(f"Clip #{clip.number}", "bold"))
    con.print(_table(_fields(clip, FACTS)))
    if clip.reason_list:
        con.print(Text("Reasons", "bold"))
        for r in clip.reason_list:
            con.print(Text(f"  - {visible(r)}"), soft_wrap=True)
    con.print(Text("Audio", "bold"))
    con.print(_audio(clip, stored))
    if clip.transcripts:
        con.print(Text("Local transcripts", "bold"))
        con.print(_transcripts(clip))
    if clip.words:
        con.print(Text("Words (confidence)", "bold"))
        con.print(_words(clip.words), soft_wrap=False)
    if clip.sources:
        con.print(Text("Imported from", "bold"))
        for s in clip.sources:
            member = f" (as {visible(s.audio_name)})" if s.audio_name else ""
            con.print(Text(f"  {visible(s.path)}: {visible(s.importer)}{member}"), soft_wrap=True)
    if clip.raw:
        con.print(Text("The vendor's record: voicehist show --json " + str(clip.number or clip.id), "dim"))


@click.command("show")
@click.argument("clip")
@json_option
@tz_option
@db_option
def show_cmd(clip: str, as_json: bool, db: str | None) -> None:
    """Everything about one clip: times, device, what the vendor and voicehist heard (each word with its
    confidence), the flag with its reasons and your decision, where it came from and its audio.

    CLIP is the # number from `voicehist list`, the clip's id, or a unique piece of it.
    """
    store = open_store(db)
    ids = resolve_ids(store, [clip])
    if not ids:
        raise VoicehistError("give the number or id of a clip (see `voicehist list`)")
    found = get_clip(store, ids[0])
    if found is None:  # removed between resolving and reading
        raise VoicehistError(f"clip {visible(clip)!r} is no longer in the database")
    if as_json:
        print_json(detail_json(store, found))
    else:
        render(found, stored_audio(store, found))


COMMANDS: list[click.Command] = [show_cmd]
