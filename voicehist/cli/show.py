"""`voicehist show ID`: everything about one clip."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from voicehist.cli.common import db_option, json_option, open_store, out_console, print_json, tz_option
from voicehist.errors import VoicehistError
from voicehist.safetext import visible


def _fmt(v: Any, unit: str = "") -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, float):
        return f"{v:.2f}{unit}"
    return visible(v) + unit


def _fields(rows: list[tuple[str, Any]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in rows:
        table.add_row(name, value if isinstance(value, Text) else Text(_fmt(value)))
    return table


def _words(words: list[dict[str, Any]]) -> Text:
    """The current transcript's words with their confidence: red below 0.5, yellow below 0.8."""
    out = Text()
    for w in words:
        p = w.get("probability")
        style = "" if p is None else "red" if p < 0.5 else "yellow" if p < 0.8 else ""
        out.append(visible(str(w.get("word") or "").strip()), style)
        out.append(f"({p:.2f}) " if p is not None else " ", "dim")
    return out


def _vendor_status(status: dict[str, Any] | None) -> str:
    from voicehist.store.queries import vendor_status_words

    if not status:
        return "not verified (a deletion request's `voicehist verify` says whether the vendor deleted it)"
    return vendor_status_words(
        {
            "vendor_status": status["state"],
            "vendor_status_request": status["request"],
            "vendor_status_checked": status["checked"],
            "vendor_status_export": status["export"],
        }
    )


def render(doc: dict[str, Any]) -> None:
    from voicehist.localtime import local

    con = out_console
    con.print(Text(f"Clip #{doc.get('number')}", "bold"))
    con.print(
        _fields(
            [
                ("id", doc["id"]),
                ("recorded", local(doc.get("recorded_at")) or None),
                ("recorded (UTC)", (doc.get("recorded_at") or "").replace("T", " ").removesuffix("Z") or None),
                ("as the vendor wrote it", doc.get("recorded_raw")),
                ("vendor", doc.get("vendor")),
                ("device", doc.get("device") or "(no device)"),
                ("vendor id", doc.get("vendor_id")),
                ("vendor kind", doc.get("vendor_kind")),
                ("vendor heard", doc.get("vendor_transcript")),
                ("vendor answered", doc.get("vendor_response")),
                ("voicehist heard", doc.get("transcript")),
                ("transcription", doc.get("transcript_status")),
                ("transcription error", doc.get("transcript_error")),
                ("flag", doc["flag"]["words"]),
                ("at the vendor", _vendor_status(doc.get("vendor_status"))),
                ("score", doc["flag"]["score"]),
                ("decided at", doc["flag"]["decided_at"]),
                ("selected", "yes" if doc.get("selected") else "no"),
                ("imported at", local(doc.get("imported_at"), seconds=False) or None),
            ]
        )
    )
    if doc["reasons"]:
        con.print(Text("Reasons", "bold"))
        for r in doc["reasons"]:
            con.print(Text(f"  - {visible(r)}"), soft_wrap=True)
    a = doc["audio"]
    con.print(Text("Audio", "bold"))
    present = "yes" if a["present"] else "no (none in the export, or forgotten)"
    con.print(
        _fields(
            [
                ("  file in the export", a["name_in_export"]),
                ("  kept in voicehist", present),
                ("  stored as", a["stored_as"]),
                ("  format", a["format"]),
                ("  duration", a["duration"] and _fmt(float(a["duration"]), " s")),
                ("  sample rate", a["sample_rate"] and f"{a['sample_rate']} Hz"),
                ("  channels", a["channels"]),
                ("  sha256", a["sha256"]),
                ("  problem", a["problem"]),
            ]
        )
    )
    if doc["transcripts"]:
        con.print(Text("Local transcripts", "bold"))
        t = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
        for col in ("", "when", "engine / model", "lang", "conf.", "text"):
            t.add_column(col, overflow="fold", no_wrap=col not in ("text", "engine / model"))
        for tr in doc["transcripts"]:
            t.add_row(
                "now" if tr["current"] else "",
                _fmt(local(tr.get("created_at"), seconds=False)),
                Text(f"{visible(tr.get('engine'))} / {visible(tr.get('model'))}"),
                _fmt(tr.get("language")),
                _fmt(tr.get("confidence")),
                Text(_fmt(tr.get("text"))),
            )
        con.print(t)
    if doc["words"]:
        con.print(Text("Words (confidence)", "bold"))
        con.print(_words(doc["words"]), soft_wrap=False)
    if doc["sources"]:
        con.print(Text("Imported from", "bold"))
        for s in doc["sources"]:
            member = f" (as {visible(s['audio_name'])})" if s.get("audio_name") else ""
            con.print(Text(f"  {visible(s.get('path'))}: {visible(s.get('importer'))}{member}"), soft_wrap=True)
    if doc.get("vendor_record") is not None:
        con.print(Text("The vendor's record: voicehist show --json " + str(doc.get("number") or doc["id"]), "dim"))


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
    from voicehist.store.export import clip_detail
    from voicehist.store.flags import resolve_ids

    store = open_store(db)
    ids = resolve_ids(store, [clip])
    if not ids:
        raise VoicehistError("give the number or id of a clip (see `voicehist list`)")
    doc = clip_detail(store, ids[0])
    if doc is None:  # removed between resolving and reading
        raise VoicehistError(f"clip {visible(clip)!r} is no longer in the database")
    if as_json:
        print_json(doc)
    else:
        render(doc)


COMMANDS: list[click.Command] = [show_cmd]
