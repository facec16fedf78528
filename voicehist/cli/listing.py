"""`voicehist list`, `search` and `locate`."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table
from rich.text import Text

from voicehist.cli.common import (
    COUNT,
    db_option,
    json_option,
    open_store,
    out_console,
    print_json,
    resolve_db,
    tz_option,
)
from voicehist.errors import VoicehistError
from voicehist.paths import audio_store_for, locations
from voicehist.safetext import visible
from voicehist.store import default_db_path
from voicehist.store.queries import (
    ClipFilter,
    FlagFilter,
    count_clips,
    distinct_values,
    fts_match,
    list_clips,
    match_devices,
)
from voicehist.store.records import Clip, ClipRow, clip_json, flag_words, vendor_status_words

DATE_HELP = (
    "Accepted: 2025-03-20, 20.03.2025, 03/20/2025, 2025-03, yesterday, 7d, 2w, last month... (in your time zone;"
    " see --tz)."
)


VENDOR_STATUS = {
    "gone": "gone",
    "still-present": "still_present",
    "unverifiable": "unverifiable",
    "unchecked": "unchecked",
}


class _StatusChoice(click.Choice):
    """``still_present`` (as JSON writes it) is accepted for ``still-present``."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(str(value).replace("_", "-"), param, ctx)


def _query_option() -> Any:
    # no short form: -q means --quiet wherever it exists (import, transcribe)
    return click.option("--query", "query", help="Only clips whose vendor or local transcript matches these words.")


def filter_options(f=None, *, limit: bool = True, query: bool = True):
    """THE clip filters, for every command that chooses clips like ``list`` (list, search, request, report,
    export, forget, transcribe --force, sensitive): the same options, read by :func:`build_filter` into the same
    :class:`ClipFilter`, with the same errors. ``limit=False``: no --limit; ``query=False``: no --query (search
    takes the words as its argument).

    To add a filter: one ``click.option`` in :func:`_filter_option_list` and one line in :func:`build_filter`;
    ``tests/cli/test_filters.py`` then runs it through every command."""
    if f is None:
        return lambda g: filter_options(g, limit=limit, query=query)
    for opt in reversed(_filter_option_list(limit=limit, query=query)):
        f = opt(f)
    return f


def _filter_option_list(*, limit: bool, query: bool) -> list[Any]:
    return [
        click.option("--since", help="Only clips recorded on/after this date or time. " + DATE_HELP),
        click.option("--until", help="Only clips recorded up to the end of this date (the whole day) or time."),
        click.option(
            "--device",
            help="Only this device: its name ignoring case, or a piece of it (`kitchen` = every kitchen device).",
        ),
        click.option(
            "--vendor",
            type=click.Choice(["alexa", "amazon", "google", "unknown"], case_sensitive=False),
            help="Only this vendor's clips (amazon = alexa).",
        ),
        click.option(
            "--flagged/--not-flagged",
            "flagged",
            default=None,
            help="Only clips flagged as accidental (or only those not flagged).",
        ),
        click.option("--suspected", is_flag=True, help="Only clips the detector suspects and you have not reviewed."),
        click.option(
            "--has-audio/--no-audio", "has_audio", default=None, help="Only clips with (without) playable audio."
        ),
        click.option("--selected", is_flag=True, help="Only clips in the current selection."),
        click.option(
            "--vendor-status",
            "vendor_status",
            type=_StatusChoice(list(VENDOR_STATUS), case_sensitive=False),
            help="Only clips a deletion request's `verify` found gone / still present / unverifiable at the vendor"
            " (unchecked: never verified).",
        ),
        click.option("--voice", help="Only this voice's clips: its name or number (`voicehist voices`)."),
        *([_query_option()] if query else []),
        *([click.option("--limit", type=COUNT, default=None, help="At most this many clips.")] if limit else []),
    ]


FILTER_KEYS = (
    "since",
    "until",
    "device",
    "vendor",
    "flagged",
    "suspected",
    "has_audio",
    "selected",
    "vendor_status",
    "voice",
)


def any_filter(query: str | None = None, **kw: Any) -> bool:
    """Whether any clip filter was given (commands that act on every clip without one ask for one)."""
    tristate = ("flagged", "has_audio")  # False (--not-flagged, --no-audio) is a filter too
    return bool(query) or any(
        kw.get(k) is not None if k in tristate else kw.get(k) not in (None, False) for k in FILTER_KEYS
    )


def build_filter(query: str | None, store: Any = None, **kw: Any) -> ClipFilter:
    """The :class:`ClipFilter` of the command-line filters, refusing what cannot mean anything (exit 2): a date
    voicehist cannot read, ``--since`` after ``--until``, a search with no word in it, a device that is not in
    the database (the message lists those that are). Every command passes ``store`` (``--device`` matches by
    name ignoring case, or a piece of it); without it (a check before the database opens) the device is taken as
    an exact name."""
    from voicehist.dates import date_bounds

    flagged = kw.get("flagged")
    by_flag: dict[bool | None, FlagFilter | None] = {True: "flagged", False: "not_flagged", None: None}
    flag_filter: FlagFilter | None = "suspected" if kw.get("suspected") else by_flag[flagged]
    since, until = kw.get("since"), kw.get("until")
    date_bounds(since, until)  # BadDate (exit 2) before any work
    if query is not None and fts_match(query) is None:
        raise VoicehistError(
            f"nothing to search for in {visible(query)!r}: give at least one word (letters or digits);"
            " punctuation alone matches nothing"
        )
    typed: str | None = kw.get("device")
    device: str | tuple[str, ...] | None = typed
    if typed is not None and store is not None:  # without a store: the exact name, as before
        device = _devices(store, typed)
    vendor = kw.get("vendor")
    vendor = {"amazon": "alexa"}.get(vendor.lower(), vendor.lower()) if vendor else None
    status = kw.get("vendor_status")
    return ClipFilter(
        query=query or None,
        since=since,
        until=until,
        device=device,
        vendor=vendor,
        flagged=flag_filter,
        has_audio=kw.get("has_audio"),
        selected=True if kw.get("selected") else None,
        voice=_voice(store, kw.get("voice")),
        vendor_status=VENDOR_STATUS[status.lower()] if status else None,
    )


def _voice(store: Any, typed: str | None) -> tuple[int | str, ...] | None:
    """``--voice``: the voice a person named or numbered (exit 2 listing the named ones when none is). Without a
    store the text is kept as typed and matched by the query (a name or number that is no voice matches nothing)."""
    if typed is None:
        return None
    if store is None:
        return (typed,)
    from voicehist.voices import resolve

    return (resolve(store, typed),)


def _devices(store: Any, typed: str) -> tuple[str, ...]:
    names = match_devices(store, typed)
    if names:
        return tuple(names)
    known = distinct_values(store, "device")
    listed = ", ".join(repr(visible(n)) for n in known) if known else "none (no clip names its device)"
    raise VoicehistError(f"no device matches {visible(typed)!r}; devices in this database: {listed}")


# Table layout: the columns a person needs first, then more as the terminal widens.
WIDE = 120  # from this many columns: vendor, both transcripts apart, duration and score


def _time(r: ClipRow, seconds: bool, z: Any = None) -> str:
    from voicehist.localtime import local

    return local(r.recorded_at, z, seconds=seconds, abbrev=False) or "(no time)"


def _said_local(r: ClipRow) -> str:
    if r.forgotten_at and not r.transcript:
        return "(forgotten)"
    if r.transcript:
        return visible(r.transcript)
    return {"failed": "(transcription failed)", "no_audio": "", "pending": "", "running": ""}.get(
        r.transcript_status or "", ""
    )


def _share(wants: dict[str, int], spare: int) -> dict[str, int]:
    """Split ``spare`` cells among the free-text columns: none gets more than it needs, the rest goes to those
    that need more (so a short vendor transcript leaves room for a long local one)."""
    out = dict.fromkeys(wants, 0)
    left = dict(wants)
    while left and spare > 0:
        each = max(1, spare // len(left))
        for c in list(left):
            give = min(each, left[c], spare)
            out[c] += give
            left[c] -= give
            spare -= give
            if left[c] == 0:
                del left[c]
    return out


def clip_table(rows: list[Clip], width: int) -> Table:
    """The `list`/`search` table for a terminal ``width`` cells wide. Narrow: number, time, device, what was
    said, flag; from :data:`WIDE` columns also vendor, duration, score and both transcripts side by side.
    Nothing but the free text wraps, and nothing is cut short."""
    from voicehist.localtime import zone, zone_label

    wide = width >= WIDE
    z = zone()  # once: every row is shown in it
    when = f"time ({zone_label(z)})"
    verified = any(r.vendor_status for r in rows)  # the vendor's column once a request was verified
    cells: list[dict[str, str]] = []
    for r in rows:
        local, vendor_said = _said_local(r), visible(r.vendor_transcript or "")
        cell = {
            "#": str(r.number or ""),
            when: _time(r, wide, z),
            "device": visible(r.device) or "(no device)",
            "flag": flag_words(r) + (", forgotten" if r.forgotten_at else ""),
            "at vendor": vendor_status_words(r, short=True),
        }
        if wide:
            cell |= {
                "vendor": visible(r.vendor),
                "vendor heard": vendor_said,
                "voicehist heard": local,
                "secs": f"{r.duration:.1f}" if r.duration else "",
                "score": f"{r.score:.2f}" if r.score is not None else "",
            }
        else:
            cell["said"] = vendor_said if local == "(forgotten)" and vendor_said else local or vendor_said
        cells.append(cell)
    order = (
        ["#", when, "vendor", "device", "vendor heard", "voicehist heard", "secs", "score", "flag"]
        if wide
        else ["#", when, "device", "said", "flag"]
    )
    if verified:
        order.append("at vendor")
    free = ["vendor heard", "voicehist heard"] if wide else ["said"]
    fit = {c: max([len(c), *(len(cell[c]) for cell in cells)]) for c in order}
    # a device name may wrap between its words, never inside one
    longest_word = max([6, *(len(w) for cell in cells for w in cell["device"].split())])
    fit["device"] = min(fit["device"], max(longest_word, 20 if wide else 16))
    fixed = sum(fit[c] for c in order if c not in free) + 2 * (len(order) - 1)
    share = _share({c: fit[c] for c in free}, max(12 * len(free), width - fixed))
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold", expand=False, show_edge=False)
    for c in order:
        if c in free:
            table.add_column(c, width=share[c], overflow="fold")
        elif c == "device":
            table.add_column(c, width=fit[c], overflow="fold")
        else:
            justify: Any = "right" if c in ("#", "secs", "score") else "left"
            table.add_column(c, width=fit[c], no_wrap=True, justify=justify)
    for cell in cells:
        table.add_row(*(Text(_at_most(cell[c], share[c], MAX_LINES) if c in free else cell[c]) for c in order))
    return table


MAX_LINES = 3  # a long transcript shows its start in the table; `voicehist show N` has all of it


def _at_most(text: str, width: int, lines: int) -> str:
    """``text`` wrapped to ``width``, kept to ``lines`` lines: a longer one ends with how much more there is
    (`(+58 words)`), said in words rather than an ellipsis."""
    import textwrap

    wrapped = textwrap.wrap(text, width, break_long_words=True)
    if len(wrapped) <= lines:
        return text
    words = text.split()
    kept: list[str] = []
    for n in range(len(words), 0, -1):
        kept = words[:n]
        tail = f"(+{len(words) - n} words)"
        if len(textwrap.wrap(" ".join([*kept, tail]), width, break_long_words=True)) <= lines:
            return " ".join([*kept, tail])
    return f"({len(words)} words)"


def _show(rows: list[Clip], total: int, as_json: bool) -> None:
    if as_json:
        print_json({"count": len(rows), "total": total, "clips": [clip_json(r) for r in rows]})
        return
    if rows:
        out_console.print(clip_table(rows, out_console.width))
    shown = f"{len(rows)} of {total} clip(s)" if rows else f"No clips match ({total} in all)."
    hint = ". Commands take the # number as the id (voicehist show 12)." if rows else ""
    out_console.print(Text(shown + hint), soft_wrap=False)


@click.command("list")
@filter_options
@json_option
@tz_option
@db_option
def list_cmd(query: str | None, as_json: bool, db: str | None, limit: int | None, **kw: Any) -> None:
    """List clips, newest first."""
    build_filter(query, **kw)  # bad dates and empty searches fail before the database opens
    store = open_store(db)
    f = build_filter(query, store, **kw)
    _show(list_clips(store, f, limit=limit), count_clips(store, f), as_json)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@filter_options(query=False)
@json_option
@tz_option
@db_option
def search_cmd(query: tuple[str, ...], as_json: bool, db: str | None, limit: int | None, **kw: Any) -> None:
    """Full-text search over what the vendor heard and what voicehist heard."""
    build_filter(" ".join(query), **kw)
    store = open_store(db)
    f = build_filter(" ".join(query), store, **kw)
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
        "config_file": str(loc.config_file),
    }
    if as_json:
        print_json(doc)
    else:
        width = max(map(len, doc))
        for k, v in doc.items():
            absent = "" if Path(v).exists() else "  (does not exist yet)"
            if k == "config_file" and absent:
                absent = "  (does not exist yet: `voicehist config` shows the settings, `config set` creates it)"
            out_console.print(Text(f"{k:<{width}}  {v}{absent}"), soft_wrap=True)


COMMANDS = [list_cmd, search_cmd, locate_cmd]
