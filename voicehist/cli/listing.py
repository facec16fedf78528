"""`voicehist list`, `search` and `locate`."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from voicehist.cli.common import db_option, json_option, open_store, out_console, print_json, resolve_db
from voicehist.paths import audio_store_for, locations
from voicehist.store import default_db_path
from voicehist.store.queries import ClipFilter, FlagFilter, clip_json, count_clips, list_clips


def filter_options(f):
    for opt in reversed(
        [
            click.option("--since", help="Only clips recorded on/after this date (YYYY-MM-DD or ISO time, UTC)."),
            click.option("--until", help="Only clips recorded on/before this date (inclusive)."),
            click.option("--device", help="Only this device (exact name, see `voicehist list`)."),
            click.option("--vendor", type=click.Choice(["alexa", "google", "unknown"]), help="Only this vendor."),
            click.option(
                "--flagged/--not-flagged",
                "flagged",
                default=None,
                help="Only clips flagged as accidental (or only those not flagged).",
            ),
            click.option(
                "--suspected",
                is_flag=True,
                help="Only clips the detector suspects and you have not reviewed.",
            ),
            click.option(
                "--has-audio/--no-audio",
                "has_audio",
                default=None,
                help="Only clips with (without) playable audio.",
            ),
            click.option("--selected", is_flag=True, help="Only clips in the current selection."),
            click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many clips."),
        ]
    ):
        f = opt(f)
    return f


def build_filter(query: str | None, **kw: Any) -> ClipFilter:
    flagged = kw.get("flagged")
    by_flag: dict[bool | None, FlagFilter | None] = {True: "flagged", False: "not_flagged", None: None}
    flag_filter: FlagFilter | None = "suspected" if kw.get("suspected") else by_flag[flagged]
    return ClipFilter(
        query=query or None,
        since=kw.get("since"),
        until=kw.get("until"),
        device=kw.get("device"),
        vendor=kw.get("vendor"),
        flagged=flag_filter,
        has_audio=kw.get("has_audio"),
        selected=True if kw.get("selected") else None,
    )


def _flag_mark(row: dict[str, Any]) -> str:
    if row.get("decision"):
        return "✔ accidental" if row["decision"] == "accidental" else "✘ kept"
    if row.get("flagged") == 1:
        return "⚑ auto"
    return ""


def _show(rows: list[dict[str, Any]], total: int, as_json: bool) -> None:
    if as_json:
        print_json({"count": len(rows), "total": total, "clips": [clip_json(r) for r in rows]})
        return
    # fixed columns first; the two transcripts share what is left (rich would squeeze the small ones)
    spare = max(24, out_console.width - (19 + 14 + 5 + 5 + 8 + 14) - 3 * 8 - 1)
    vendor_w, local_w = spare * 2 // 5, spare - spare * 2 // 5
    table = Table(show_lines=False, header_style="bold", pad_edge=False, expand=False)
    for name, kw in (
        ("time (UTC)", {"no_wrap": True, "width": 19}),
        ("device", {"width": 14, "no_wrap": True, "overflow": "ellipsis"}),
        ("vendor heard", {"width": vendor_w, "no_wrap": True, "overflow": "ellipsis"}),
        ("voicehist heard", {"width": local_w, "no_wrap": True, "overflow": "ellipsis"}),
        ("secs", {"justify": "right", "width": 5, "no_wrap": True}),
        ("score", {"justify": "right", "width": 5, "no_wrap": True}),
        ("flag", {"width": 8, "no_wrap": True, "overflow": "ellipsis"}),
        ("id (end)", {"no_wrap": True, "width": 14}),
    ):
        table.add_column(name, **kw)
    for r in rows:
        table.add_row(
            (r.get("recorded_at") or "?")[:19].replace("T", " "),
            r.get("device") or "",
            r.get("vendor_transcript") or "",
            r.get("transcript") or ("" if r.get("transcript_status") != "failed" else "(failed)"),
            f"{r['duration']:.1f}" if r.get("duration") else "",
            f"{r['score']:.2f}" if r.get("score") is not None else "",
            _flag_mark(r),
            ("…" + r["id"][-13:]) if len(r["id"]) > 14 else r["id"],
        )
    out_console.print(table)
    out_console.print(
        f"{len(rows)} of {total} clip(s); long ids show their end"
        " (`voicehist flag` takes any unique piece of an id; --json prints them whole)"
    )


@click.command("list")
@filter_options
@click.option("--query", "-q", "query", help="Only clips whose vendor or local transcript matches these words.")
@json_option
@db_option
def list_cmd(query: str | None, as_json: bool, db: str | None, limit: int | None, **kw: Any) -> None:
    """List clips, newest first."""
    store = open_store(db)
    f = build_filter(query, **kw)
    _show(list_clips(store, f, limit=limit), count_clips(store, f), as_json)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@filter_options
@json_option
@db_option
def search_cmd(query: tuple[str, ...], as_json: bool, db: str | None, limit: int | None, **kw: Any) -> None:
    """Full-text search over what the vendor heard and what voicehist heard."""
    store = open_store(db)
    f = build_filter(" ".join(query), **kw)
    _show(list_clips(store, f, limit=limit), count_clips(store, f), as_json)


@click.command("locate")
@json_option
@db_option
def locate_cmd(as_json: bool, db: str | None) -> None:
    """Print where voicehist keeps its database, audio, cache and config."""
    loc = locations()
    db_path = resolve_db(db) or str(default_db_path())
    from pathlib import Path

    doc = {
        "database": db_path,
        "audio": str(audio_store_for(Path(db_path))),
        "data": str(loc.data_dir),
        "cache": str(loc.cache_dir),
        "models": str(loc.models_dir),
        "config": str(loc.config_dir),
    }
    if as_json:
        print_json(doc)
    else:
        width = max(map(len, doc))
        for k, v in doc.items():
            out_console.print(f"{k:<{width}}  {v}", soft_wrap=True)


COMMANDS = [list_cmd, search_cmd, locate_cmd]
