"""The words of a deletion letter, written once, for every format (Markdown, text, HTML, e-mail).

Each function returns plain text; the templates only lay it out and escape it for their format. Nothing here
states a fact about the vendor beyond what :mod:`voicehist.requests.facts` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from voicehist.requests.build import RequestDraft
from voicehist.requests.deadlines import format_day
from voicehist.requests.facts import COPPA_AMAZON_CONTEXT
from voicehist.requests.selfservice import route_lines, visits


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass
class Wording:
    note_heading: str
    note: list[str]
    route: list[str]
    sender: list[str]
    recipient: list[str]
    date: str
    subject: str
    salutation: str
    sections: list[Section]
    closing: str
    signature: str
    appendix_heading: str
    appendix_intro: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _us(d: RequestDraft) -> bool:
    return d.law.key in ("ccpa", "coppa")


def subject(d: RequestDraft) -> str:
    n = _plural(len(d.clips), f"{d.vendor.service} voice recording")
    if d.law.key == "coppa":
        ask = "Parent's request to delete my child's personal information (16 CFR 312.6(a)(2))"
        return f"{ask}{' and to review it' if d.access else ''}: {n}"
    if d.law.key == "ccpa":
        ask = "Request to delete personal information (Cal. Civ. Code §1798.105)"
        return f"{ask}{' and to know' if d.access else ''}: {n}"
    ask = f"Request for erasure under {d.law.erasure}"
    return f"{ask}{f' and access under {d.law.access}' if d.access and d.law.access else ''}: {n}"


def note(d: RequestDraft, *, attached: bool) -> list[str]:
    """What the user should know before sending: never part of the letter (printed to the terminal, or shown
    beside the preview in the app)."""
    v = d.vendor
    n_visits = len(visits(d))
    zone = d.local_zone
    out = [
        f"Deleting the recordings yourself is faster wherever it reaches them: in {v.self_service}, filter by "
        f"{v.self_service_filters} and delete them, in {_plural(n_visits, 'page visit')} as listed below. "
        "This letter is for what that page cannot reach: the transcripts and other data derived from the "
        "recordings, copies kept elsewhere, and the people and companies they were passed to.",
        (
            f"The times below are local ({zone}), as {v.name}'s page shows them; the letter gives each in UTC and "
            "local time."
            if zone
            else f"The times are UTC; {v.name}'s page shows your local time (give --tz ZONE to see it here), so "
            "widen a date range by a day where your time zone is far from UTC."
        ),
        f"To stop this from happening again, turn on {v.name}'s automatic deletion: {v.auto_delete}.",
    ]
    if v.form:
        out.append(
            f"{v.name} takes privacy requests only through {v.form}; there is no e-mail address to send this to. "
            f"Paste the text of `voicehist requests show {d.number if d.number is not None else 'N'} --format form` "
            "(plain text, nothing to attach: the list of recordings is in it) into that form. Check "
            f"{v.name}'s current privacy notice before sending."
        )
    else:
        out.append(
            f"Check {v.name}'s current privacy notice for the right address before sending. {v.contact[d.law.key]}"
        )
    missing = [
        p
        for p, gone in (
            (d.requester.shown_name, not d.requester.name),
            (d.requester.shown_email, not d.requester.email),
        )
        if gone
    ]
    if missing or d.law_controller().startswith("["):
        todo = missing + ([d.law_controller()] if d.law_controller().startswith("[") else [])
        out.append("Fill in before sending: " + "; ".join(todo) + ".")
    if attached and not v.form:
        out.append(
            "Keep the attached recordings.csv with the e-mail: it is the list of recordings the letter refers to."
        )
    number = f" {d.number}" if d.number is not None else " N"
    out.append(
        f"Once sent, record it with `voicehist requests mark{number} sent`; after the deadline, ask {v.name} for a "
        "new export and check it with `voicehist verify`."
    )
    return out


def _what(d: RequestDraft, *, attached: bool) -> Section:
    local = f" and {d.local_zone} time" if d.local_zone else ""
    verb = "is" if len(d.clips) == 1 else "are"
    data = "personal information" if _us(d) else "personal data"
    first, last = d.first_day, d.last_day
    span = f"on {first}" if first == last else f"between {first} and {last}"
    where = "in the attached file recordings.csv" if attached else "in the appendix below"
    device = ", the device and " if d.has_devices else " and "
    return Section(
        "What to erase" if not _us(d) else "What to delete",
        [
            f"The {_plural(len(d.clips), 'voice recording')} made by {d.vendor.service} {span} (UTC) that {verb} "
            f"listed {where}, one per line, each with its time in UTC{local}{device}{d.vendor.name}'s "
            f"{d.vendor.vendor_id_name}, as they appear in my data from {d.vendor.name}.",
            f"Please delete with each recording every transcript of it and all {data} derived from it, such as "
            "text, annotations and labels, including copies kept for review, for training or in backups.",
            "By day:",
        ],
        [g.summary for g in d.days],
    )


def _recipients(d: RequestDraft) -> Section:
    if d.law.key == "coppa":
        paras = [
            "Please also have every service provider and third party to whom you passed this personal information "
            "delete it, and tell me who they are."
        ]
    elif d.law.key == "ccpa":
        paras = [
            "Please also direct your service providers and contractors to delete this personal information, and "
            f"notify any third parties to whom you sold or shared it ({d.law.recipients}), and tell me who they are."
        ]
    else:
        paras = [
            f"If you have disclosed these recordings, their transcripts or data derived from them to anyone "
            f"({d.vendor.recipients_hint}), please tell each recipient about this erasure and tell me who they "
            f"are ({d.law.recipients})."
        ]
    if d.recipients:
        paras.append("My data names these skills for some of the recordings: " + ", ".join(d.recipients) + ".")
    return Section("Recipients", paras)


def _deadline(d: RequestDraft) -> Section:
    if d.law.key == "coppa":
        first = f"Please delete it without delay and confirm it to me {d.law.answer_within}."
        confirm = (
            "Please confirm in writing when the deletion is complete, and if you keep any of this information, "
            "tell me which of it and why."
        )
    elif d.law.key == "ccpa":
        first = f"Please {d.law.ack_within}, and act on it {d.law.answer_within}; that period may be extended "
        first += f"{d.law.extension}."
        confirm = (
            "Please confirm in writing when the deletion is complete, and if you keep any of this information, "
            "tell me which of it and on which exception."
        )
    else:
        first = f"Please act on this request {d.law.answer_within}. That period may be extended {d.law.extension}."
        confirm = (
            "Please confirm in writing when the erasure is complete, and if you keep any of these data, tell me "
            "which of them and on which legal ground."
        )
    return Section("Deadline", [first, confirm])


def _access(d: RequestDraft) -> Section:
    if d.law.key == "coppa":
        text = (
            f"Under {d.law.access}, please also let me review the personal information you collected from my child "
            "through these recordings, their transcripts included, before you delete it."
        )
    elif d.law.key == "ccpa":
        text = (
            "Under the CCPA's right to know, please also tell me which personal information you hold about me from "
            "these voice recordings and their transcripts, where it came from, why you use it, and to whom you "
            "disclosed, sold or shared it, and give me a copy of it."
        )
    else:
        text = (
            f"Under {d.law.access}, please also give me a copy of the voice recordings and transcripts you still "
            "hold about me, and tell me the purposes for which you process them, the recipients or categories of "
            "recipients, and how long you keep them (or how that period is decided)."
        )
    return Section("Access", [text])


def _identity(d: RequestDraft) -> Section:
    r = d.requester
    if d.law.key == "coppa":
        text = (
            f"This request concerns the {d.vendor.service} recordings of the {d.vendor.name} account registered to "
            f"{r.shown_email}, in the name of {r.shown_name}, the parent of the child whose voice they hold "
            "[your child's first name, and the child profile on the account if there is one]. Please verify that I "
            "am the parent with the information already linked to that account; I will send more only if you need "
            "it and explain why."
        )
    elif d.law.key == "ccpa":
        text = (
            f"This request concerns the {d.vendor.service} recordings of the {d.vendor.name} account registered to "
            f"{r.shown_email}, in the name of {r.shown_name}. I am a California resident. Please verify my request "
            "with the information already linked to that account; I will send more only if you need it and explain why."
        )
    else:
        text = (
            f"This request concerns the {d.vendor.service} recordings of the {d.vendor.name} account registered to "
            f"{r.shown_email}, in the name of {r.shown_name}. That is what you need to find the data; please do not "
            "ask for identity documents unless you have reasonable doubts about my identity and say what they are "
            f"(Article 12(6) {d.law.title})."
        )
    return Section("Who I am", [text])


def _complaint(d: RequestDraft) -> Section:
    if _us(d):
        text = (
            f"If you do not act on this request in time or in full, I reserve the right to report it to {d.authority}."
        )
    elif d.law.key == "uk-gdpr":
        text = (
            f"If you do not answer in time or do not erase the data, I reserve the right to complain to {d.authority}."
        )
    else:
        text = (
            f"If you do not answer in time or do not erase the data, I reserve the right to lodge a complaint with "
            f"{d.authority}, or with the supervisory authority where I live (Article 77 GDPR)."
        )
    return Section("Complaint", [text])


def _basis(d: RequestDraft) -> list[str]:
    if d.law.key == "coppa":
        out = [
            f"I am the parent of a child under 13 whose voice is in the recordings listed below. Under "
            f"{d.law.regulation}, {d.law.erasure}, I direct you to delete the personal information you collected "
            "from my child through these recordings."
        ]
        if d.vendor.key == "amazon":
            out.append(COPPA_AMAZON_CONTEXT)
        return out
    if d.law.key == "ccpa":
        return [
            f"Under {d.law.regulation}, {d.law.erasure}, I ask you to delete the personal information described "
            "below, which you collected from me through my voice recordings."
        ]
    return [
        f"Under {d.law.regulation}, I ask you to erase the personal data described below without undue delay "
        f"({d.law.erasure}).",
        f"Where you process these recordings on the basis of my consent, I withdraw it ({d.law.consent}); where you "
        f"rely on legitimate interests, I object to the processing ({d.law.objection}).",
    ]


def wording(d: RequestDraft, *, attached: bool = False) -> Wording:
    """The letter's words. ``attached``: the clip list travels as recordings.csv (e-mail), not as an appendix."""
    r = d.requester
    sections = [
        Section("", _basis(d)),
        _what(d, attached=attached),
        _recipients(d),
        _deadline(d),
    ]
    if d.access:
        sections.append(_access(d))
    sections += [_identity(d), _complaint(d)]
    return Wording(
        note_heading=f"Before you send this (a note for you; it is not part of the letter to {d.vendor.name}):",
        note=note(d, attached=attached),
        route=route_lines(d),
        sender=[r.shown_name, r.shown_email],
        recipient=d.law_controller().split("\n"),
        date=format_day(d.today, d.law.date_style),
        subject=subject(d),
        salutation="Dear Sir or Madam,",
        sections=sections,
        closing="Sincerely," if _us(d) else "Yours faithfully,",
        signature=r.shown_name,
        appendix_heading=f"Appendix: the {_plural(len(d.clips), 'recording')}, by day",
        appendix_intro=(
            ("Times are UTC" + (f", with the local time ({d.local_zone}) beside them. " if d.local_zone else ". "))
            + f"“{d.vendor.vendor_id_name}” is {d.vendor.name}'s own identifier of the recording; "
            + "the number after # is my own reference."
        ),
    )
