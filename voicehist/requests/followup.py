"""When the vendor does not answer: a reminder to the vendor, and a complaint to the supervisory authority.

Both are made from the stored request (its clips, dates and requester) and from what ``verify`` found for each
clip (the evidence), and both are tracked on the same request (``followup_on`` / ``complained_on``). The
authority is the one FORMATS.md names for the vendor and law (:data:`voicehist.requests.facts.AUTHORITY`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import textwrap
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from voicehist.requests import stored_draft
from voicehist.requests.build import RequestDraft, RequestError
from voicehist.requests.deadlines import format_day, parse_day
from voicehist.requests.render import cell, md_escape, render
from voicehist.requests.tracking import Timeline, timeline
from voicehist.safetext import visible
from voicehist.store import Database
from voicehist.store.requests import RequestItem, StoredRequest, request_items, set_request_column

KINDS = ("followup", "complain")
FORMATS = ("txt", "md", "eml")
WIDTH = 78
RESULT_WORDS = {
    "still_present": "still held",
    "gone": "gone",
    "unverifiable": "could not be checked",
    None: "not checked",
}


@dataclass
class Evidence:
    """What the last ``verify`` found for each requested clip."""

    checked: str | None  # UTC time of the last check
    export: str | None
    items: list[RequestItem]

    @property
    def still_present(self) -> list[RequestItem]:
        return [i for i in self.items if i.result == "still_present"]


def evidence(db: Database, rid: int) -> Evidence:
    items = request_items(db, rid)
    checked = max((i.checked_at for i in items if i.checked_at), default=None)
    export = next((i.export for i in items if i.checked_at == checked and i.export), None)
    return Evidence(checked, export, items)


def _check(t: Timeline, ev: Evidence, kind: str) -> None:
    rid = t.id
    if t.status == "cancelled":
        raise RequestError(f"request {rid} was cancelled on {t.cancelled}")
    if not t.sent:
        raise RequestError(
            f"request {rid} was never marked sent, so no deadline has passed: `voicehist requests mark {rid} sent"
            " --on DATE` first"
        )
    if t.status == "done":
        raise RequestError(f"request {rid} is done: every clip was gone at the last check")
    still = len(ev.still_present)
    if not t.overdue and not (t.answered and still):
        raise RequestError(
            f"request {rid}'s deadline has not passed (answer due {t.answer_due}); a "
            f"{'reminder' if kind == 'followup' else 'complaint'} can be written after that day, or once a later"
            " export shows clips still held after an answer"
        )


def _clip_lines(d: RequestDraft, ev: Evidence) -> list[str]:
    result = {i.clip_id: i.result for i in ev.items}
    lines = []
    for c in d.clips:
        state = RESULT_WORDS.get(result.get(c.id), "not checked") if ev.checked else "no later export yet"
        said = f', "{c.excerpt}"' if c.excerpt else ""
        dev = f", {c.device}" if c.device else ""
        lines.append(f"#{c.number}, {c.when}{dev}, {d.vendor.vendor_id_name} {c.vendor_id}{said}: {state}")
    return lines


def _evidence_text(d: RequestDraft, ev: Evidence, zone_note: str) -> str:
    if not ev.checked:
        return "I have not yet been able to check a later copy of my data."
    still = len(ev.still_present)
    day = ev.checked[:10]
    src = f" ({visible(ev.export)})" if ev.export else ""
    if still:
        return (
            f"A copy of my data that I requested from {d.vendor.name} afterwards{src}, checked on {day}, still holds "
            f'{still} of the {len(d.clips)} recordings I asked you to erase; they are marked "still held" below'
            f"{zone_note}."
        )
    return (
        f"A copy of my data that I requested from {d.vendor.name} afterwards{src}, checked on {day}, no longer "
        "lists the recordings it covers; I have still had no answer confirming the erasure of the transcripts and "
        "derived data, or naming the recipients."
    )


def letter_words(kind: str, t: Timeline, d: RequestDraft, ev: Evidence) -> tuple[str, list[str], list[str], list[str]]:
    """(subject, recipient lines, paragraphs, clip lines) of a reminder or a complaint."""
    style = d.law.date_style
    sent = format_day(parse_day(t.sent or ""), style)
    due = format_day(parse_day(t.answer_due or ""), style)
    what = f"{len(d.clips)} {d.vendor.service} voice recording{'s' if len(d.clips) != 1 else ''}"
    ask = "delete" if d.law.key == "ccpa" else "erase"
    answered = (
        f"You answered on {format_day(parse_day(t.answered), style)}, but the erasure is not complete."
        if t.answered
        else "I have had no answer."
    )
    zone_note = f" (times in UTC, with {d.local_zone} time beside them)" if d.local_zone else " (times in UTC)"
    ev_text = _evidence_text(d, ev, zone_note)
    r = d.requester
    if kind == "followup":
        subject = f"Reminder: my request of {sent} to {ask} {what} ({d.law.title}; answer was due {due})"
        recipient = d.law_controller().split("\n")
        paras = [
            "Dear Sir or Madam,",
            f"On {sent} I asked you, under {d.law.erasure}, to {ask} the {what} listed below, with every transcript "
            f"of them and all data derived from them, for the {d.vendor.name} account registered to "
            f"{r.shown_email}. The deadline for your answer was {due} ({d.law.answer_within.split('(')[0].strip()}"
            f"{', as extended' if t.extended else ''}). {answered}",
            ev_text,
            f"Please {ask} these recordings and confirm it in writing within 14 days of this reminder. If you do "
            f"not, I will {'report it to' if d.law.key == 'ccpa' else 'lodge a complaint with'} {d.authority}, "
            "enclosing my request, this reminder and the evidence above.",
            "Yours faithfully," if d.law.key != "ccpa" else "Sincerely,",
            r.shown_name,
        ]
    else:
        subject = f"Complaint: {d.vendor.name} did not act on my {d.law.title} request of {sent} to {ask} {what}"
        recipient = [_authority_name(d)]
        basis = "Article 77 GDPR" if d.law.key == "gdpr" else ("Article 77 UK GDPR" if d.law.key == "uk-gdpr" else "")
        followup = f" I sent a reminder on {format_day(parse_day(t.followup), style)}." if t.followup else ""
        paras = [
            "Dear Sir or Madam,",
            (
                f"I lodge this complaint under {basis} against {d.law_controller().splitlines()[0]}, the "
                f"{d.law.party} for {d.vendor.service}, which has not acted on my request to {ask} my voice "
                "recordings."
                if basis
                else f"I report that {d.law_controller().splitlines()[0]}, the {d.law.party} for "
                f"{d.vendor.service}, has not acted on my request under the CCPA to {ask} my voice recordings."
            ),
            f"On {sent} I asked {d.vendor.name}, under {d.law.erasure}, to {ask} the {what} listed below, with "
            f"every transcript of them and all data derived from them. The deadline for the answer was {due}. "
            f"{answered}{followup}",
            ev_text,
            "Enclosed: my original request, and the list of recordings with what the later copy of my data showed "
            "for each (evidence.csv)."
            if ev.checked
            else "Enclosed: my original request and the list of recordings (evidence.csv).",
            f"Please examine this complaint and order {d.vendor.name} to {ask} the recordings and the data derived "
            f"from them. My contact: {r.shown_name}, {r.shown_email}.",
            "Yours faithfully," if d.law.key != "ccpa" else "Sincerely,",
            r.shown_name,
        ]
    return subject, recipient, paras, _clip_lines(d, ev)


def _authority_name(d: RequestDraft) -> str:
    text = d.authority
    return text[:1].upper() + text[1:]


def _txt(sender: list[str], recipient: list[str], day: str, subject: str, paras: list[str], clips: list[str]) -> str:
    out = [*sender, "", *recipient, "", day, "", f"Subject: {subject}", ""]
    for p in paras:
        out += [textwrap.fill(p, WIDTH, break_long_words=False, break_on_hyphens=False), ""]
    out += ["The recordings of my request:", ""]
    out += [
        textwrap.fill(c, WIDTH, initial_indent="  - ", subsequent_indent="    ", break_long_words=False) for c in clips
    ]
    return "\n".join(out).rstrip() + "\n"


def _md(sender: list[str], recipient: list[str], day: str, subject: str, paras: list[str], clips: list[str]) -> str:
    out = [*(md_escape(x) + "  " for x in sender), "", *(md_escape(x) + "  " for x in recipient), "", day, ""]
    out += [f"**{md_escape(subject)}**", ""]
    for p in paras:
        out += [md_escape(p), ""]
    out += ["### The recordings of my request", ""]
    out += [f"- {md_escape(c)}" for c in clips]
    return "\n".join(out).rstrip() + "\n"


def _evidence_csv(d: RequestDraft, ev: Evidence) -> bytes:
    result = {i.clip_id: i for i in ev.items}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["number", "recorded_at_utc", "local_time", "device", "vendor_id", "result", "checked_at_utc", "export",
                "reason"])  # fmt: skip
    for c in d.clips:
        i = result.get(c.id)
        found = (i.result, i.checked_at, i.export, i.reason) if i else (None, None, None, None)
        w.writerow([cell(v) for v in (c.number, f"{c.day} {c.time}".strip(), c.local, c.device, c.vendor_id,
                                        *(v or "" for v in found))])  # fmt: skip
    return buf.getvalue().encode("utf-8")


def render_followup(
    db: Database, number: int | str, kind: str, fmt: str, now: _dt.datetime, *, original: bytes | None = None
) -> tuple[StoredRequest, bytes]:
    """The reminder (``followup``) or complaint (``complain``) of stored request ``number`` in ``fmt`` (txt, md,
    eml with the original request and evidence.csv attached). Refused, saying why, before the deadline."""
    if kind not in KINDS or fmt not in FORMATS:
        raise RequestError(f"unknown letter {kind!r} / format {fmt!r}")
    today = now.date()
    req, d = stored_draft(db, number, today)
    t = timeline(req, today)
    ev = evidence(db, req.id)
    _check(t, ev, kind)
    subject, recipient, paras, clips = letter_words(kind, t, d, ev)
    sender = [d.requester.shown_name, d.requester.shown_email]
    day = format_day(today, d.law.date_style)
    if fmt == "md":
        return req, _md(sender, recipient, day, subject, paras, clips).encode("utf-8")
    body = _txt(sender, recipient, day, subject, paras, clips)
    if fmt == "txt":
        return req, body.encode("utf-8")
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject
    if d.requester.email:
        msg["From"] = Address(display_name=visible(d.requester.name or ""), addr_spec=visible(d.requester.email))
    if kind == "followup" and d.to_email:
        msg["To"] = Address(display_name=f"{d.vendor.name} privacy", addr_spec=d.to_email)
    msg["Date"] = format_datetime(now)
    msg["X-Unsent"] = "1"
    msg.set_content(body, charset="utf-8")
    orig = original if original is not None else render(d, "txt", now)
    msg.add_attachment(orig, maintype="text", subtype="plain", filename=f"request-{req.id}.txt")
    data = _evidence_csv(d, ev)
    msg.add_attachment(data, maintype="text", subtype="csv", filename="evidence.csv")
    msg.set_boundary("voicehist-" + hashlib.sha256(body.encode() + data).hexdigest()[:24])
    return req, msg.as_bytes()


def record_letter(db: Database, rid: int, kind: str, day: _dt.date) -> None:
    set_request_column(db, rid, "followup_on" if kind == "followup" else "complained_on", day.isoformat())


def note(kind: str, d: RequestDraft) -> str:
    """What the user should know about sending it (printed to the terminal, never part of the letter)."""
    if kind == "followup":
        where = d.to_email or (d.vendor.form or "the address you sent the request to")
        return f"Send the reminder the way you sent the request ({where}), then wait the 14 days it gives."
    return (
        f"Send the complaint to {d.authority} through its complaint form or address (see its website), with the"
        " attachments; a GDPR complaint may also go to the authority where you live (Article 77)."
    )
