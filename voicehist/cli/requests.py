"""`voicehist request`, `requests [mark]` and `verify`: deletion letters, their deadlines, and checking them."""

from __future__ import annotations

import datetime as _dt
import re
import sys
from typing import Any

import click
from rich import box
from rich.table import Table

from voicehist.cli.common import db_option, err_console, json_option, open_store, out_console, print_json
from voicehist.errors import EXIT_OK, EXIT_PROBLEMS, VoicehistError
from voicehist.safetext import markup_safe, visible

MAX_LISTED = 20


def _today() -> _dt.date:
    return _dt.datetime.now(_dt.UTC).date()


def _split_ids(values: tuple[str, ...]) -> list[str]:
    return [p for v in values for p in re.split(r"[,\s]+", v) if p]


@click.command("request")
@click.option(
    "--vendor",
    type=click.Choice(["amazon", "alexa", "google"], case_sensitive=False),
    help="Whose clips, and who gets the letter (alexa = amazon). Inferred when the clips are all one vendor's.",
)
@click.option(
    "--law",
    type=click.Choice(["gdpr", "uk-gdpr", "ccpa"]),
    help="The law the request relies on (default: config.toml [requester] law or jurisdiction).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "txt", "html", "csv", "eml"]),
    help="md, txt (an e-mail body), html, csv (the clip list), eml (an e-mail draft with the list attached)."
    " Default: from -o's extension, else md.",
)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write the letter here (0600).")
@click.option("--force", is_flag=True, help="Replace the file given with -o if it exists.")
@click.option(
    "--how",
    type=click.Choice(["letter", "manual"]),
    default="letter",
    show_default=True,
    help="manual: print where to delete these clips yourself instead of a letter (stores nothing).",
)
@click.option("--access", is_flag=True, help="Also ask for access to the data (GDPR Art. 15; CCPA right to know).")
@click.option("--dry-run", is_flag=True, help="Print the letter; store and write nothing.")
@click.option("--name", help="Your name as the letter gives it (default: config.toml [requester] name).")
@click.option("--email", help="Your account e-mail (default: config.toml [requester] email).")
@click.option(
    "--jurisdiction", help="Where you live, e.g. EU, UK, California (chooses the law when --law is not given)."
)
@click.option("--since", help="Only clips recorded on/after this date (YYYY-MM-DD or ISO time, UTC).")
@click.option("--until", help="Only clips recorded on/before this date (inclusive).")
@click.option("--device", help="Only this device (exact name, see `voicehist list`).")
@click.option("--flagged/--not-flagged", "flagged", default=None, help="Only clips flagged as accidental (or not).")
@click.option("--suspected", is_flag=True, help="Only clips the detector suspects and you have not reviewed.")
@click.option("--has-audio/--no-audio", "has_audio", default=None, help="Only clips with (without) playable audio.")
@click.option("--selected", is_flag=True, help="Only clips in the current selection.")
@click.option("--query", "-q", "query", help="Only clips whose vendor or local transcript matches these words.")
@click.option(
    "--ids", "ids", multiple=True, help="Only these clips: numbers (42, #42) or ids, repeated or comma-separated."
)
@db_option
def request_cmd(
    vendor: str | None,
    law: str | None,
    fmt: str | None,
    out: str | None,
    force: bool,
    how: str,
    access: bool,
    dry_run: bool,
    name: str | None,
    email: str | None,
    jurisdiction: str | None,
    query: str | None,
    ids: tuple[str, ...],
    db: str | None,
    **kw: Any,
) -> None:
    """Build a deletion request for the clips chosen with the same filters as `list`, and store it.

    Prints the letter (or writes it to -o FILE, 0600). One request names one vendor's clips; a selection
    holding both vendors' clips is refused with a message saying so. An empty selection exits with status 2
    and stores nothing.
    """
    if out is not None and not out.strip():
        raise click.UsageError("-o needs a file name")
    from dataclasses import replace

    from voicehist.cli.listing import build_filter
    from voicehist.requests import make_request
    from voicehist.requests.build import build_draft, read_requester, select_clips, vendor_key
    from voicehist.requests.render import format_for, render_manual
    from voicehist.store.flags import resolve_ids

    store = open_store(db)
    try:
        f = build_filter(query, **kw)
        if ids:
            f = f.with_(ids=tuple(resolve_ids(store, _split_ids(ids))))
        requester = read_requester()
        requester = replace(
            requester,
            name=name or requester.name,
            email=email or requester.email,
            jurisdiction=jurisdiction or requester.jurisdiction,
        )
        vkey = vendor_key(vendor)
        if how == "manual":
            vkey2, rows = select_clips(store, f, vkey)
            draft = build_draft(
                rows, vendor=vkey2, law=law or requester.law or "gdpr", requester=requester, today=_today()
            )
            sys.stdout.write(visible(render_manual(draft), one_line=False))
            return
        chosen = format_for(out, fmt)
        made = make_request(
            store,
            f,
            vendor=vkey,
            law=law,
            requester=requester,
            fmt=chosen,
            access=access,
            out=None if dry_run else out,
            overwrite=force,
            dry_run=dry_run,
        )
    finally:
        store.close()
    for w in made.warnings:
        err_console.print(f"[yellow]warning:[/] {markup_safe(w)}", soft_wrap=True)
    d = made.draft
    what = f"{len(d.clips)} {d.vendor.name} clip(s) under {d.law.title}"
    if dry_run or not out:
        sys.stdout.buffer.write(made.content)
        sys.stdout.flush()
    if dry_run:
        err_console.print(f"Dry run: a request for {what}; nothing was stored or written.")
        return
    where = f", written to {markup_safe(out)} ({made.fmt})" if out else ""
    err_console.print(
        f"Request [bold]{made.number}[/] stored: {what}{where}.\n"
        f"Once you have sent it: voicehist requests mark {made.number} sent",
        soft_wrap=True,
    )


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _check_text(t: dict[str, Any]) -> str:
    if not t["last_checked"]:
        return ""
    text = f"{t['gone']} gone, {t['still_present']} still present, {t['unverifiable']} unverifiable"
    return text + (" (all gone)" if t["all_gone"] else "")


@click.group("requests", invoke_without_command=True)
@json_option
@db_option
@click.pass_context
def requests_group(ctx: click.Context, as_json: bool, db: str | None) -> None:
    """Tracked deletion requests: when each was sent, when the answer is due, overdue ones in red.

    Deadlines run from the day a request was marked sent: GDPR one month (three when extended); CCPA 45 days
    (90 when extended), receipt confirmed within 10 business days (weekends skipped, public holidays not).
    """
    ctx.ensure_object(dict)
    ctx.obj["requests_db"] = db
    if ctx.invoked_subcommand is not None:
        return
    from voicehist.requests.deadlines import HOLIDAY_NOTE
    from voicehist.requests.tracking import timelines

    store = open_store(db)
    try:
        today = _today()
        rows = timelines(store, today)
    finally:
        store.close()
    if as_json:
        print_json({"today": today.isoformat(), "requests": rows})
        return
    if not rows:
        out_console.print("No deletion requests yet. Make one with `voicehist request --flagged --vendor amazon ...`.")
        return
    ccpa = any(t["law"] == "ccpa" for t in rows)
    table = Table(header_style="bold", pad_edge=False, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0))
    cols = {
        "#": "id",
        "vendor": "vendor",
        "law": "law",
        "clips": "clips",
        "created": "created",
        "sent": "sent",
        "ack due": "ack_due",
        "answer due": "answer_due",
        "answered": "answered",
        "status": "status",
    }
    if not ccpa:
        del cols["ack due"]
    widths = {c: max(len(c), *(len(_cell(t[k])) for t in rows)) + 1 for c, k in cols.items()}
    for optional in ("created", "answered"):  # on a narrow terminal these go first (--json has everything)
        if sum(widths.values()) + 4 > out_console.width:  # + the table's edges
            del cols[optional], widths[optional]
    for col in cols:
        table.add_column(col, no_wrap=True, justify="right" if col in ("#", "clips") else "left")
    for t in rows:
        cells = {c: _cell(t[k]) for c, k in cols.items()}
        if t["overdue"]:
            cells["answer due"] = f"[bold red]{cells['answer due']}[/]"
            cells["status"] = "[bold red]OVERDUE[/]"
        table.add_row(*cells.values())
    out_console.print(table)
    if ccpa:
        out_console.print(f"ack due: CCPA confirmation of receipt; {HOLIDAY_NOTE}.", soft_wrap=True)
    for t in rows:
        if t["last_checked"]:
            out_console.print(f"Request {t['id']}, checked {t['last_checked'][:10]}: {_check_text(t)}", soft_wrap=True)
        if t["all_gone"] and t["status"] != "done":
            out_console.print(f"Request {t['id']}: every clip is gone: voicehist requests mark {t['id']} done")


@requests_group.command("mark")
@click.argument("number")
@click.argument("event", type=click.Choice(["sent", "answered", "extended", "done"]))
@click.option("--on", "on", help="The date it happened (YYYY-MM-DD; default today, UTC).")
@json_option
@db_option
@click.pass_context
def mark_cmd(ctx: click.Context, number: str, event: str, on: str | None, as_json: bool, db: str | None) -> None:
    """Record that request NUMBER was sent, answered, extended (the deadline moves: GDPR +2 months, CCPA +45
    days) or done (only once a later export shows every clip gone)."""
    from voicehist.requests.deadlines import parse_day
    from voicehist.requests.tracking import mark

    try:
        day = parse_day(on) if on else _today()
    except ValueError as e:
        raise VoicehistError(str(e)) from None
    store = open_store(db or (ctx.obj or {}).get("requests_db"))
    try:
        t = mark(store, number, event, day)
    finally:
        store.close()
    if as_json:
        print_json(t)
        return
    due = f"; answer due {t['answer_due']}" if t["answer_due"] and t["status"] in ("sent", "extended") else ""
    ack = f", receipt to be confirmed by {t['ack_due']}" if t["ack_due"] and event == "sent" else ""
    out_console.print(f"Request {t['id']} marked {event} on {day.isoformat()}{due}{ack}.")


@click.command("verify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@json_option
@db_option
def verify_cmd(paths: tuple[str, ...], as_json: bool, db: str | None) -> None:
    """Import a later export (as `voicehist import` does) and check every open request against it: which
    requested clips are still present, which are gone, which cannot be told (with the reason).

    Exit status: 0 fine, 1 the import had problems (listed), 2 a path is not an export.
    """
    from voicehist.requests.verify import verify_paths
    from voicehist.store.requests import request_items

    store = open_store(db)
    try:
        doc, report = verify_paths(store, list(paths))
        numbers = {}
        for r in doc["requests"]:
            numbers.update({i["clip_id"]: i["number"] for i in request_items(store, r["id"])})
    finally:
        store.close()
    if as_json:
        print_json(doc)
    else:
        _verify_summary(doc, report, numbers)
    raise click.exceptions.Exit(EXIT_PROBLEMS if report.problems else EXIT_OK)


def _nums(ids: list[str], numbers: dict[str, Any]) -> str:
    shown = ", ".join(f"#{numbers.get(i) or visible(i)}" for i in ids[:MAX_LISTED])
    return shown + (f" … and {len(ids) - MAX_LISTED} more (--json lists all)" if len(ids) > MAX_LISTED else "")


def _verify_summary(doc: dict[str, Any], report: Any, numbers: dict[str, Any]) -> None:
    con = err_console
    con.print(f"Imported [bold green]{report.new}[/] new clip(s); {report.existing} already present.")
    for name, msg in report.problems[:MAX_LISTED]:
        con.print(f"  {visible(name)}: {visible(msg)}", markup=False, soft_wrap=True)
    for src in report.sources:
        if src.get("already_imported"):
            con.print(
                f"[yellow]note:[/] {markup_safe(src['path'])} had been imported before: what it holds is no news;"
                " ask the vendor for a new export to see what was deleted since.",
                soft_wrap=True,
            )
    if not doc["requests"]:
        out_console.print("No open deletion requests to check.")
    for r in doc["requests"]:
        n = len(r["still_present"]) + len(r["gone"]) + len(r["unverifiable"])
        out_console.print(
            f"Request [bold]{r['id']}[/] ({r['vendor']}, {n} clip(s)): [green]{len(r['gone'])} gone[/], "
            f"[red]{len(r['still_present'])} still present[/], {len(r['unverifiable'])} unverifiable",
            soft_wrap=True,
        )
        if r["still_present"]:
            out_console.print(f"  still present: {markup_safe(_nums(r['still_present'], numbers))}", soft_wrap=True)
        if r["gone"]:
            out_console.print(f"  gone: {markup_safe(_nums(r['gone'], numbers))}", soft_wrap=True)
        for u in r["unverifiable"][:MAX_LISTED]:
            out_console.print(
                f"  unverifiable {markup_safe(_nums([u['id']], numbers))}: {markup_safe(u['reason'])}", soft_wrap=True
            )
        if n and len(r["gone"]) == n:
            out_console.print(f"  every clip is gone: voicehist requests mark {r['id']} done")


COMMANDS: list[click.Command] = [request_cmd, requests_group, verify_cmd]
