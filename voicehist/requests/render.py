"""Rendering a request as Markdown, plain text (an e-mail body), HTML, CSV or a ready-to-open e-mail (.eml).

One jinja2 template per letter format (``templates/letter.{md,txt,html}.j2``) lays out the words from
:mod:`voicehist.requests.wording`. HTML is autoescaped; Markdown escapes every punctuation character of
export text so a transcript can neither become markup nor raw HTML; every export string has already been
through :func:`voicehist.safetext.visible` (control characters written out). CSV is written by the ``csv``
module and the e-mail by the ``email`` package, with the CSV attached.
"""

from __future__ import annotations

import csv
import datetime as _dt
import email.errors
import hashlib
import io
import re
import textwrap
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

import jinja2

from voicehist.requests.build import RequestDraft, RequestError
from voicehist.requests.facts import PLACEHOLDER_EMAIL, PLACEHOLDER_NAME, VENDORS
from voicehist.requests.selfservice import route_lines
from voicehist.requests.wording import Wording, note, wording
from voicehist.safetext import formula_guarded, visible

FORMATS = ("md", "txt", "html", "csv", "eml", "form")
EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".eml": "eml",
}
DEFAULT_SUFFIX = {"md": ".md", "txt": ".txt", "html": ".html", "csv": ".csv", "eml": ".eml", "form": ".txt"}
TEMPLATES = Path(__file__).parent / "templates"
WIDTH = 78

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_PLACEHOLDERS = (PLACEHOLDER_NAME, PLACEHOLDER_EMAIL, *(c for v in VENDORS.values() for c in v.controllers.values()
                                                        if c.startswith("[")))  # fmt: skip


def md_escape(text: object) -> str:
    """Text made inert for Markdown: the punctuation that starts emphasis, code, links, HTML, entities or table
    cells is backslash-escaped (CommonMark allows it for any ASCII punctuation), so ``<script>`` shows as text,
    ``[x](url)`` is no link and ``|`` cannot split a table cell. Every line of a letter starts with voicehist's
    own words, so the line-start markers (``#``, ``-``, ``1.``) need no escaping."""
    out = _MD_SPECIAL.sub(r"\\\1", str(text))
    # voicehist's own "fill this in" placeholders stay as typed: a [bracket] that is not followed by (url) or
    # defined anywhere is plain text in Markdown, and pasted into a web form it must not read \[your name\]
    # (never where a link or a definition could start: before "(", "[" or ":")
    for placeholder in _PLACEHOLDERS:
        escaped = re.escape(_MD_SPECIAL.sub(r"\\\1", placeholder))
        out = re.sub(escaped + r"(?![(\[:])", placeholder.replace("\\", "\\\\"), out)
    return out


def md_code(text: object) -> str:
    """A Markdown code span (ids stay copyable, no backslashes); a ``|`` is still escaped, as GitHub tables
    split cells on it even inside code, and the fence is longer than any run of backticks inside."""
    s = str(text).replace("|", "\\|")
    fence = "`" * (max((len(r) for r in re.findall(r"`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _wrap(text: object, indent: int = 0) -> str:
    lines = textwrap.wrap(str(text), WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    return ("\n" + " " * indent).join(lines)


def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["mdcode"] = md_code
    env.filters["wrap"] = _wrap
    return env


def _letter(d: RequestDraft, fmt: str, *, attached: bool = False) -> str:
    w = wording(d, attached=attached)
    template = _env(autoescape=fmt == "html").get_template(f"letter.{fmt}.j2")
    text = template.render(
        w=w,
        days=d.days,
        vendor_id_name=d.vendor.vendor_id_name,
        appendix=not attached,
        show_device=d.has_devices,
        local_zone=d.local_zone,
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


CSV_COLUMNS = (
    "number",
    "recorded_at_utc",
    "local_time",
    "device",
    "vendor_id",
    "audio_file",
    "transcript",
    "transcript_by",
    "voicehist_id",
    "time_from",
)


def cell(value: object) -> str:
    return formula_guarded("" if value is None else str(value))  # a spreadsheet would run a formula


def render_csv(d: RequestDraft) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for c in d.clips:
        when = f"{c.day} {c.time}" if c.time else ""
        w.writerow(
            [
                cell(v)
                for v in (
                    c.number,
                    when,
                    c.local,
                    c.device,
                    c.vendor_id,
                    c.audio_name,
                    c.transcript,
                    c.transcript_by,
                    c.id,
                    "file date" if c.file_dated else "",
                )
            ]
        )
    return buf.getvalue()


def render_eml(d: RequestDraft, now: _dt.datetime) -> bytes:
    """A draft e-mail: the letter as a plain-text body, the clip list attached as recordings.csv. ``To:`` is the
    vendor's privacy address where FORMATS.md gives one; a vendor that takes requests only through a web form
    gets no ``To:`` and no attachment (a form takes none): the clip list is in the body."""
    attach = not d.vendor.form
    w: Wording = wording(d, attached=attach)
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = w.subject
    if d.requester.email:
        try:
            sender = Address(display_name=visible(d.requester.name or ""), addr_spec=visible(d.requester.email))
            msg["From"] = sender
        except (ValueError, TypeError, email.errors.MessageError) as e:
            raise RequestError(
                f"{d.requester.email!r} cannot be written into an e-mail's From line ({e}); give an address in "
                "plain ASCII with --email, or choose --format md or txt"
            ) from None
    if d.to_email:
        msg["To"] = Address(display_name=f"{d.vendor.name} privacy", addr_spec=d.to_email)
    msg["Date"] = format_datetime(now)
    msg["X-Unsent"] = "1"  # mail programs open it as a draft to edit and send
    msg.set_content(_letter(d, "txt", attached=attach), charset="utf-8")
    data = render_csv(d).encode("utf-8")
    if not attach:
        return msg.as_bytes()
    msg.add_attachment(data, maintype="text", subtype="csv", filename="recordings.csv")
    # a boundary derived from the content keeps the file the same for the same request
    msg.set_boundary("voicehist-" + hashlib.sha256(msg.get_body().get_content().encode() + data).hexdigest()[:24])  # type: ignore[union-attr]
    return msg.as_bytes()


def render(d: RequestDraft, fmt: str, now: _dt.datetime) -> bytes:
    """The request in ``fmt`` as bytes (UTF-8 text for every format but eml, which is an RFC 5322 message)."""
    if fmt == "eml":
        return render_eml(d, now)
    if fmt == "csv":
        return render_csv(d).encode("utf-8")
    if fmt in ("md", "txt", "html", "form"):
        return _letter(d, fmt).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def render_manual(d: RequestDraft) -> str:
    """The self-service route alone, as plain text (``voicehist request --how manual``): each visit, then each
    recording with its local time, device and the first words of the vendor's transcript, so it can be found on
    the vendor's page, and the automatic-deletion setting that stops it recurring."""
    lines = [f"Delete these {len(d.clips)} recording(s) yourself in {d.vendor.self_service}:", ""]
    paras = note(d, attached=False)[:3]
    for p in paras:
        lines += [_wrap(p), ""]
    lines += ["  - " + _wrap(line, indent=4) for line in route_lines(d)]
    lines += ["", "The recordings, as the page lists them:"]
    for c in d.clips:
        when = c.local or (f"{c.day} {c.time} UTC" if c.time else "time unknown")
        said = f'"{c.excerpt}"' if c.excerpt else "(no transcript)"
        lines.append("  - " + _wrap(f"#{c.number}  {when}  {c.device or '(no device)'}  {said}", indent=4))
    return "\n".join(lines) + "\n"


def render_note(d: RequestDraft, *, fmt: str = "md", wrap: bool = True) -> str:
    """The note for the user (never part of the letter): printed to the terminal, shown beside the preview
    (``wrap=False``: one line per paragraph, for a widget that wraps to its own width)."""
    w = wording(d, attached=fmt == "eml" and not d.vendor.form)
    if not wrap:
        return "\n".join([w.note_heading, *w.note, *(f"- {line}" for line in w.route)]) + "\n"
    lines = [w.note_heading, ""]
    for p in w.note:
        lines += ["  " + _wrap(p, indent=2), ""]
    lines += ["  - " + _wrap(line, indent=4) for line in w.route]
    return "\n".join(lines).rstrip() + "\n"


def format_for(path: str | None, given: str | None) -> str:
    if given:
        return given
    if path:
        ext = Path(path).suffix.lower()
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
    return "md"
