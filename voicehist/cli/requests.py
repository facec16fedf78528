"""`voicehist request`, `requests [mark]` and `verify`: deletion letters, their deadlines, and checking them.

The request modules (letters through jinja2, the importers for ``verify``: 0.3-0.6 s to import on this machine)
are imported inside the commands that use them, so that every other command and ``--help`` start without them;
the store's modules, loaded at start anyway, are imported here.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich import box
from rich.table import Table

from voicehist.cli.common import (
    db_option,
    err_console,
    json_option,
    open_store,
    out_console,
    print_json,
    tz_option,
)
from voicehist.cli.listing import build_filter, filter_options
from voicehist.dates import parse_span
from voicehist.errors import EXIT_OK, EXIT_PROBLEMS, VoicehistError
from voicehist.localtime import local
from voicehist.paths import check_output, write_private
from voicehist.safetext import markup_safe, visible
from voicehist.store import utcnow
from voicehist.store.forget import scrub
from voicehist.store.requests import clips_first_seen_in, get_request, set_request_column, tombstone_request

if TYPE_CHECKING:
    from voicehist.requests import MadeRequest
    from voicehist.requests.build import RequestDraft, Requester
    from voicehist.requests.tracking import Timeline
    from voicehist.requests.verify import CheckedClip, CheckedRequest, Verification
    from voicehist.store import Database
    from voicehist.store.queries import ClipFilter
    from voicehist.store.requests import NewClip

MAX_LISTED = 20


def _today() -> _dt.date:
    return _dt.datetime.now(_dt.UTC).date()


def _split_ids(values: tuple[str, ...]) -> list[str]:
    return [p for v in values for p in re.split(r"[,\s]+", v) if p]


FORMAT_HELP = (
    "md, txt (an e-mail body), html, csv (the clip list), eml (an e-mail draft: To: where the vendor has a privacy"
    " address, the list attached), form (plain text to paste into a vendor's web form). Default: from -o's"
    " extension, else md."
)
LETTER_FORMATS = ["md", "txt", "html", "csv", "eml", "form"]


def _note(draft: RequestDraft, fmt: str) -> None:
    """The note for the user: on the terminal, never in the letter."""
    from voicehist.requests.render import render_note

    err_console.print(visible(render_note(draft, fmt=fmt), one_line=False), markup=False, soft_wrap=True)


@click.command("request")
@filter_options(limit=False)
@click.option(
    "--law",
    type=click.Choice(["gdpr", "uk-gdpr", "ccpa", "coppa"]),
    help="The law the request relies on (default: config.toml [requester] law or jurisdiction). coppa: a parent's "
    "request for a child's recordings; needs --voice of a voice you marked as your child (`voicehist voices child`).",
)
@click.option("--format", "fmt", type=click.Choice(LETTER_FORMATS), help=FORMAT_HELP)
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
@click.option("--new", "new", is_flag=True, help="Track a new request even if one already names the same clips.")
@click.option("--name", help="Your name as the letter gives it (default: config.toml [requester] name).")
@click.option("--email", help="Your account e-mail (default: config.toml [requester] email).")
@click.option(
    "--jurisdiction", help="Where you live, e.g. EU, UK, California (chooses the law when --law is not given)."
)
@click.option(
    "--ids", "ids", multiple=True, help="Only these clips: numbers (42, #42) or ids, repeated or comma-separated."
)
@tz_option
@db_option
def request_cmd(
    law: str | None,
    fmt: str | None,
    out: str | None,
    force: bool,
    how: str,
    access: bool,
    dry_run: bool,
    new: bool,
    name: str | None,
    email: str | None,
    jurisdiction: str | None,
    query: str | None,
    ids: tuple[str, ...],
    db: str | None,
    **kw: Any,
) -> None:
    """Build a deletion request for the clips chosen with the same filters as `list`, and store it.

    One demand is one request: run again for the same vendor, law and clips, it says which request already
    covers them and writes that request's letter (--new tracks another). Prints the letter (or writes it to
    -o FILE, 0600, never replacing a file without --force); the note for you goes to the terminal, never into the
    letter. `voicehist requests show N --format F` writes a stored request's letter again in any format.
    """
    if out is not None and not out.strip():
        raise click.UsageError("-o needs a file name")
    from voicehist.requests import make_request
    from voicehist.requests.build import build_draft, select_clips, vendor_key
    from voicehist.requests.facts import VENDOR_OF_DB
    from voicehist.requests.render import format_for, render_manual

    build_filter(query, **kw)  # bad dates and empty searches fail before the database opens
    requester = _requester(name, email, jurisdiction)
    store = open_store(db)
    try:
        f = _request_filter(store, query, law, ids, kw)
        vkey = vendor_key(VENDOR_OF_DB[f.vendor]) if f.vendor else None
        if how == "manual":
            vkey2, rows = select_clips(store, f, vkey)
            draft = build_draft(
                rows, vendor=vkey2, law=law or requester.law or "gdpr", requester=requester, today=_today()
            )
            sys.stdout.write(visible(render_manual(draft), one_line=False))
            return
        made = make_request(
            store,
            f,
            vendor=vkey,
            law=law,
            requester=requester,
            fmt=format_for(out, fmt),
            access=access,
            out=None if dry_run else out,
            overwrite=force,
            dry_run=dry_run,
            new=new,
        )
    finally:
        store.close()
    _request_said(made, out, dry_run)


def _requester(name: str | None, email: str | None, jurisdiction: str | None) -> Requester:
    """Who asks: config.toml's [requester], each part replaced by the option that gives it."""
    from voicehist.requests.build import read_requester

    requester = read_requester()
    return replace(
        requester,
        name=name or requester.name,
        email=email or requester.email,
        jurisdiction=jurisdiction or requester.jurisdiction,
    )


def _request_filter(
    store: Database, query: str | None, law: str | None, ids: tuple[str, ...], kw: dict[str, Any]
) -> ClipFilter:
    """The clips a request names: the list filters, a child's voice for COPPA, --ids; one vendor."""
    from voicehist.store.flags import resolve_ids
    from voicehist.voices import coppa_voice  # numpy: only for a COPPA request

    f = build_filter(query, store, **kw)
    if law == "coppa":
        f = f.with_(voice=(coppa_voice(store, kw.get("voice")),))
    if ids:
        f = f.with_(ids=tuple(resolve_ids(store, _split_ids(ids))))
    if f.vendor == "unknown":
        raise VoicehistError("a request goes to a vendor: --vendor amazon (alexa) or --vendor google")
    return f


def _request_said(made: MadeRequest, out: str | None, dry_run: bool) -> None:
    """The letter on stdout (unless written to a file), then the warnings, the note and what was stored."""
    for w in made.warnings:
        err_console.print(f"[yellow]warning:[/] {markup_safe(w)}", soft_wrap=True)
    d = made.draft
    what = f"{len(d.clips)} {d.vendor.name} clip(s) under {d.law.title}"
    if dry_run or not out:
        sys.stdout.buffer.write(made.content)
        sys.stdout.flush()
    _note(d, made.fmt)
    if dry_run:
        err_console.print(f"Dry run: a request for {what}; nothing was stored or written.")
        return
    where = f", written to {markup_safe(out)} ({made.fmt})" if out else ""
    if made.existing:
        err_console.print(
            f"Request [bold]{made.number}[/] already covers the same {what}: nothing new was tracked{where}.\n"
            f"Its letter in any format: voicehist requests show {made.number} --format eml -o FILE."
            " To track another request for the same clips anyway: add --new.",
            soft_wrap=True,
        )
        return
    err_console.print(
        f"Request [bold]{made.number}[/] stored: {what}{where}.\n"
        f"Once you have sent it: voicehist requests mark {made.number} sent",
        soft_wrap=True,
    )


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _check_text(t: Timeline) -> str:
    if not t.last_checked:
        return ""
    text = f"{t.gone} gone, {t.still_present} still present, {t.unverifiable} unverifiable"
    return text + (" (all gone)" if t.all_gone else "")


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
    from voicehist.requests.tracking import timelines, timelines_json

    store = open_store(db)
    try:
        today = _today()
        if as_json:
            print_json({"today": today.isoformat(), "requests": timelines_json(store, today)})
            return
        rows = timelines(store, today)
    finally:
        store.close()
    if not rows:
        out_console.print("No deletion requests yet. Make one with `voicehist request --flagged --vendor amazon ...`.")
        return
    ccpa = any(t.law == "ccpa" for t in rows)
    out_console.print(_requests_table(rows, ccpa))
    if ccpa:
        out_console.print(f"ack due: CCPA confirmation of receipt; {HOLIDAY_NOTE}.", soft_wrap=True)
    for t in rows:
        _request_notes(t)


# the table's columns: header -> Timeline field
_COLUMNS = {
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


def _requests_table(rows: list[Timeline], ccpa: bool) -> Table:
    """One row per request, overdue ones in red; on a narrow terminal without created and answered."""
    table = Table(header_style="bold", pad_edge=False, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0))
    cols = {c: k for c, k in _COLUMNS.items() if ccpa or c != "ack due"}
    widths = {c: max(len(c), *(len(_cell(getattr(t, k))) for t in rows)) + 1 for c, k in cols.items()}
    for optional in ("created", "answered"):  # on a narrow terminal these go first (--json has everything)
        if sum(widths.values()) + 4 > out_console.width:  # + the table's edges
            del cols[optional], widths[optional]
    for col in cols:
        table.add_column(col, no_wrap=True, justify="right" if col in ("#", "clips") else "left")
    for t in rows:
        cells = {c: _cell(getattr(t, k)) for c, k in cols.items()}
        if t.overdue:
            cells["answer due"] = f"[bold red]{cells['answer due']}[/]"
            cells["status"] = "[bold red]OVERDUE[/]"
        table.add_row(*cells.values())
    return table


def _request_notes(t: Timeline) -> None:
    """Under the table: what the last check found, and what to do next (mark done, remind, complain)."""
    if t.last_checked:
        out_console.print(f"Request {t.id}, checked {t.last_checked[:10]}: {_check_text(t)}", soft_wrap=True)
    if t.all_gone and t.status not in ("done", "cancelled"):
        out_console.print(f"Request {t.id}: every clip is gone: voicehist requests mark {t.id} done")
    if t.overdue:
        done = [w for w, when in (("reminder", t.followup), ("complaint", t.complained)) if when]
        sent = f" ({', '.join(done)} written)" if done else ""
        out_console.print(
            f"Request {t.id} is overdue{sent}: a reminder to {t.vendor.capitalize()}: voicehist requests"
            f" followup {t.id} -o FILE; a complaint to the authority: voicehist requests complain {t.id}"
            " -o FILE",
            soft_wrap=True,
        )


@requests_group.command("mark")
@click.argument("number")
@click.argument("event", type=click.Choice(["sent", "answered", "extended", "done"]))
@click.option(
    "--on",
    "on",
    help="The day it happened (default today, UTC): 2026-11-14, yesterday, 3d, '20 March 2026'; a longer span"
    " such as 'last month' means its first day. Never a day after today.",
)
@json_option
@db_option
@click.pass_context
def mark_cmd(ctx: click.Context, number: str, event: str, on: str | None, as_json: bool, db: str | None) -> None:
    """Record that request NUMBER was sent, answered, extended (the deadline moves: GDPR +2 months, CCPA +45
    days) or done (only once a later export shows every clip gone)."""
    from voicehist.requests.tracking import mark

    day, read_as = _mark_day(on, _today())
    store = open_store(db or (ctx.obj or {}).get("requests_db"))
    try:
        t = mark(store, number, event, day)
    finally:
        store.close()
    if as_json:
        print_json(t.to_json())
        return
    due = f"; answer due {t.answer_due}" if t.answer_due and t.status in ("sent", "extended") else ""
    ack = f", receipt to be confirmed by {t.ack_due}" if t.ack_due and event == "sent" else ""
    out_console.print(f"Request {t.id} marked {event} on {day.isoformat()}{read_as}{due}{ack}.")


def _mark_day(on: str | None, today: _dt.date) -> tuple[_dt.date, str]:
    """The day ``--on`` names, and a note when it was read from a longer span; a future day is refused."""
    if not on:
        return today, ""
    now = _dt.datetime.combine(today, _dt.time(12), tzinfo=_dt.UTC)
    span = parse_span(on, now=now)  # BadDate (exit 2) says what it cannot read
    day = span.start.date()
    note = ""
    if (span.end - span.start) > _dt.timedelta(days=1):
        note = f" ({on.strip()!r} read as its first day; give --on YYYY-MM-DD for another)"
    if day > today:
        raise VoicehistError(f"--on {on.strip()!r} is {day.isoformat()}, after today ({today.isoformat()})")
    return day, note


@click.command("verify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--transcribe",
    "then_transcribe",
    is_flag=True,
    help="Then transcribe (bundled model) and score the clips the export added, as `voicehist transcribe` and"
    " `voicehist flag --auto` would.",
)
@json_option
@tz_option
@db_option
def verify_cmd(paths: tuple[str, ...], then_transcribe: bool, as_json: bool, db: str | None) -> None:
    """Import a later export (as `voicehist import` does) and check every open request against it: which
    requested clips are still present, which are gone, which cannot be told (with the reason). Each clip keeps
    what was found (`list --vendor-status`, `show`, the app). Clips the export adds are named, with what to run
    to transcribe and score them (or, with --transcribe, transcribed and scored here).

    Exit status: 0 fine, 1 the import had problems (listed), 2 a path is not an export.
    """
    from voicehist.requests.verify import verify_paths

    store = open_store(db)
    try:
        found = verify_paths(store, list(paths))
        if then_transcribe and any(_todo(c) for c in found.new_clips):
            found.transcribed = _transcribe_and_score(store, quiet=as_json)
            found.new_clips = clips_first_seen_in(store, [s.id for s in found.report.sources])
    finally:
        store.close()
    if as_json:
        print_json(found.to_json())
    else:
        _verify_summary(found)
    raise click.exceptions.Exit(EXIT_PROBLEMS if found.report.problems else EXIT_OK)


def _todo(clip: NewClip) -> bool:
    """A new clip still to transcribe (one without audio has nothing to) or to score."""
    return clip.transcript_status not in ("done", "no_audio") or not clip.scored


def _transcribe_and_score(store: Database, *, quiet: bool) -> dict[str, Any]:
    """``verify --transcribe``: the pending clips (the export's new ones among them) transcribed, then every
    clip scored, with the progress bars of `transcribe` and `flag --auto`."""
    from voicehist.cli.progress import progress_bar
    from voicehist.detect import flag_auto
    from voicehist.transcribe.runner import transcribe_pending

    if not quiet:
        err_console.print("Transcribing the new clips (loading the model)...")
    with progress_bar("Transcribing", disable=quiet, show_label=False, eta=True) as on_progress:
        run = transcribe_pending(store, progress=on_progress)
    with progress_bar("Scoring", disable=quiet, show_label=False) as on_progress:
        scored = flag_auto(store, progress=on_progress)
    return {"transcription": run.to_json(), "scored": scored.scored}


def _nums(items: Sequence[CheckedClip] | Sequence[NewClip]) -> str:
    shown = ", ".join(f"#{i.number or visible(i.id)}" for i in items[:MAX_LISTED])
    return shown + (f" … and {len(items) - MAX_LISTED} more (--json lists all)" if len(items) > MAX_LISTED else "")


def _verify_summary(found: Verification) -> None:
    """What the import did (on stderr), then each request as the check found it and the clips it added."""
    report = found.report
    con = err_console
    con.print(f"Imported [bold green]{report.new}[/] new clip(s); {report.existing} already present.")
    for name, msg in report.problems[:MAX_LISTED]:
        con.print(f"  {visible(name)}: {visible(msg)}", markup=False, soft_wrap=True)
    for src in report.sources:
        if src.already_imported:
            con.print(
                f"[yellow]note:[/] {markup_safe(src.path)} had been imported before: what it holds is no news;"
                " ask the vendor for a new export to see what was deleted since.",
                soft_wrap=True,
            )
    if not found.requests:
        out_console.print("No open deletion requests to check.")
    for r in found.requests:
        _checked_said(r)
    _new_clips_said(found)


def _checked_said(r: CheckedRequest) -> None:
    n = r.clips
    when = f", checked {local(r.checked, seconds=False)}" if r.export else ""
    out_console.print(
        f"Request [bold]{r.id}[/] ({r.vendor}, {r.law}, {n} clip(s){when}): "
        f"[green]{len(r.gone)} gone[/], [red]{len(r.still_present)} still present[/], "
        f"{len(r.unverifiable)} unverifiable",
        soft_wrap=True,
    )
    if r.still_present:
        out_console.print(f"  still present: {markup_safe(_nums(r.still_present))}", soft_wrap=True)
    if r.gone:
        out_console.print(f"  gone: {markup_safe(_nums(r.gone))}", soft_wrap=True)
    for u in r.unverifiable[:MAX_LISTED]:
        out_console.print(f"  unverifiable {markup_safe(_nums([u]))}: {markup_safe(u.reason or '')}", soft_wrap=True)
    if n and len(r.gone) == n:
        out_console.print(f"  every clip is gone: voicehist requests mark {r.id} done")


def _new_clips_said(found: Verification) -> None:
    new = found.new_clips
    todo = [c for c in new if _todo(c)]
    if new:
        done = ", transcribed and scored" if found.transcribed and not todo else ""
        out_console.print(
            f"This export added {len(new)} clip(s) voicehist had not seen{done}: {markup_safe(_nums(new))}"
            + (
                f"; {len(todo)} not transcribed or scored yet: run `voicehist transcribe && voicehist flag --auto`"
                " (or verify with --transcribe)."
                if todo
                else "."
            ),
            soft_wrap=True,
        )


def _store_for(ctx: click.Context, db: str | None) -> Database:
    return open_store(db or (ctx.obj or {}).get("requests_db"))


@requests_group.command("show")
@click.argument("number")
@click.option("--format", "fmt", type=click.Choice(LETTER_FORMATS), help=FORMAT_HELP)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write the letter here (0600).")
@click.option("--force", is_flag=True, help="Replace the file given with -o if it exists.")
@tz_option
@db_option
@click.pass_context
def show_request_cmd(
    ctx: click.Context, number: str, fmt: str | None, out: str | None, force: bool, db: str | None
) -> None:
    """The letter of stored request NUMBER, in any format, any time (printed, or written to -o FILE; a file
    there is never replaced without --force). Every file written is listed by `voicehist requests --json`."""
    from voicehist.requests import letter_of
    from voicehist.requests.render import format_for

    chosen = format_for(out, fmt)
    store = _store_for(ctx, db)
    try:
        made = letter_of(store, number, chosen, out=out, overwrite=force)
    finally:
        store.close()
    for w in made.warnings:
        err_console.print(f"[yellow]warning:[/] {markup_safe(w)}", soft_wrap=True)
    if not out:
        sys.stdout.buffer.write(made.content)
        sys.stdout.flush()
    _note(made.draft, chosen)
    if out:
        err_console.print(f"Request {made.number}'s letter written to {markup_safe(out)} ({chosen}).", soft_wrap=True)


@requests_group.command("cancel")
@click.argument("number")
@click.option("--on", "on", help="The date (YYYY-MM-DD; default today).")
@db_option
@click.pass_context
def cancel_cmd(ctx: click.Context, number: str, on: str | None, db: str | None) -> None:
    """Cancel request NUMBER: it stays listed (as cancelled) but is no longer tracked or verified."""
    from voicehist.requests.deadlines import parse_day

    try:
        day = parse_day(on) if on else _today()
    except ValueError as e:
        raise VoicehistError(str(e)) from None
    store = _store_for(ctx, db)
    try:
        req = get_request(store, number)
        if req.cancelled_on:
            raise VoicehistError(f"request {req.id} was already cancelled on {req.cancelled_on}")
        set_request_column(store, req.id, "cancelled_on", day.isoformat())
    finally:
        store.close()
    out_console.print(f"Request {req.id} cancelled on {day.isoformat()}; `voicehist requests delete {req.id}`"
                      " removes it.")  # fmt: skip


@requests_group.command("delete")
@click.argument("number")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
@click.pass_context
def delete_cmd(ctx: click.Context, number: str, yes: bool, db: str | None) -> None:
    """Delete request NUMBER: who asked, which clips and where its letters went leave the database (scrubbed
    like `forget`); a tombstone keeps its number from being given to another request. Letters already written
    to files are not touched."""
    store = _store_for(ctx, db)
    try:
        req = get_request(store, number)
        if not yes:
            click.confirm(
                f"Delete request {req.id} ({req.vendor}, {req.law}, {req.clips} clip(s))?",
                abort=True,
                err=True,
            )
        tombstone_request(store, req.id, utcnow())
        scrub(store)
    finally:
        store.close()
    out_console.print(f"Request {req.id} deleted.")


def _letter_cmd(kind: str) -> click.Command:
    what = "reminder to the vendor" if kind == "followup" else "complaint to the supervisory authority"

    @click.option("--format", "fmt", type=click.Choice(["txt", "md", "eml"]), help="txt, md or eml (default: -o's"
                  " extension, else txt).")  # fmt: skip
    @click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write it here (0600).")
    @click.option("--force", is_flag=True, help="Replace the file given with -o if it exists.")
    @tz_option
    @db_option
    @click.argument("number")
    @click.pass_context
    def cmd(ctx: click.Context, number: str, fmt: str | None, out: str | None, force: bool, db: str | None) -> None:
        from voicehist.requests import stored_draft
        from voicehist.requests.followup import note, record_letter, render_followup
        from voicehist.requests.render import format_for

        chosen = fmt or (format_for(out, None) if out else "txt")
        if chosen not in ("txt", "md", "eml"):
            raise VoicehistError(f"a {what} is written as txt, md or eml, not {chosen}")
        now = _dt.datetime.now(_dt.UTC)
        if out:
            check_output(Path(out), force)
        store = _store_for(ctx, db)
        try:
            req, content = render_followup(store, number, kind, chosen, now)
            if out:
                write_private(out, content, overwrite=force)
            record_letter(store, req.id, kind, now.date())
            _, draft = stored_draft(store, req.id, now.date())
        finally:
            store.close()
        if not out:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        err_console.print(note(kind, draft), soft_wrap=True, markup=False)
        where = f" written to {markup_safe(out)}" if out else ""
        err_console.print(f"Request {req.id}: {what}{where}, recorded on {now.date().isoformat()}.", soft_wrap=True)

    cmd.__doc__ = (
        f"The {what} for overdue request NUMBER: it cites the original request's date and deadline, names the "
        "same clips and what `verify` found for each (attached as evidence.csv in the eml, with the original "
        "request). Recorded on the request."
    )
    return requests_group.command("followup" if kind == "followup" else "complain")(cmd)


followup_cmd = _letter_cmd("followup")
complain_cmd = _letter_cmd("complain")

COMMANDS: list[click.Command] = [request_cmd, requests_group, verify_cmd]
