"""Letters: golden files per vendor × law × format, what a letter must contain, hostile text, long requests."""

from __future__ import annotations

import csv
import email
import html
import io
import os
import re
from email import policy
from pathlib import Path

import pytest

from tests.requests.helpers import FIXED_NOW, HOSTILE, plain_body
from voicehist.requests import make_request
from voicehist.requests.build import Requester, build_draft
from voicehist.requests.facts import LAWS
from voicehist.requests.render import md_code, render, render_manual, render_note
from voicehist.requests.selfservice import visits
from voicehist.store.queries import ClipFilter
from voicehist.store.requests import LetterRow

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("VOICEHIST_UPDATE_GOLDEN") == "1"
ANN = Requester(name="Ann Example", email="ann@example.org")


def made(db, vendor: str, law: str, fmt: str, requester: Requester = ANN, **kw):
    return make_request(
        db,
        ClipFilter(**kw),
        vendor=vendor,
        law=law,
        requester=requester,
        fmt=fmt,
        access=law == "gdpr",
        dry_run=True,
        now=FIXED_NOW,
    )


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "csv", "eml"])
@pytest.mark.parametrize("law", LAWS)
@pytest.mark.parametrize("vendor", ["amazon", "google"])
def test_golden(account_db, vendor: str, law: str, fmt: str) -> None:
    content = made(account_db, vendor, law, fmt).content
    path = GOLDEN / f"{vendor}-{law}.{fmt}"
    if UPDATE:
        path.write_bytes(content)
    assert path.exists(), f"no golden file {path.name}: run with VOICEHIST_UPDATE_GOLDEN=1 and read it"
    assert content == path.read_bytes(), f"{path.name} changed: regenerate with VOICEHIST_UPDATE_GOLDEN=1 and review"


def _eml(content: bytes) -> email.message.EmailMessage:
    msg = email.message_from_bytes(content, policy=policy.default)
    assert isinstance(msg, email.message.EmailMessage)
    return msg


@pytest.mark.parametrize("law", LAWS)
@pytest.mark.parametrize("vendor", ["amazon", "google"])
def test_eml_parses_back(account_db, vendor: str, law: str) -> None:
    msg = _eml(made(account_db, vendor, law, "eml").content)
    n = 7 if vendor == "amazon" else 3
    assert msg["Subject"].endswith(f"{n} {'Alexa' if vendor == 'amazon' else 'Google Assistant'} voice recordings")
    assert msg["From"].addresses[0].addr_spec == "ann@example.org"
    assert msg["X-Unsent"] == "1"
    if vendor == "google":
        assert msg["To"].addresses[0].addr_spec == "data-access-requests@google.com"
    else:
        assert msg["To"] is None  # FORMATS.md gives Amazon no privacy e-mail address: none is invented
    body = plain_body(msg)
    assert "Before you send" not in body and "voicehist" not in body  # the note for the user is not sent
    if vendor == "amazon":  # a web form takes no attachment: the list is in the text, nothing attached
        assert "Appendix" not in body or "recordings.csv" not in body
        assert "Appendix: the 7 recordings" in body and not list(msg.iter_attachments())
        return
    assert "recordings.csv" in body and "Appendix" not in body
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_filename() == "recordings.csv" and attachment.get_content_type() == "text/csv"
    rows = list(csv.DictReader(io.StringIO(attachment.get_content())))
    assert len(rows) == n
    assert attachment.get_content().encode() == made(account_db, vendor, law, "csv").content


def test_amazon_gdpr_letter_contents(account_db) -> None:
    md = made(account_db, "amazon", "gdpr", "md").content.decode()
    txt = made(account_db, "amazon", "gdpr", "txt").content.decode()
    for needle in (
        "Article 17 GDPR",
        "Article 7(3) GDPR",
        "Article 21 GDPR",
        "Article 19 GDPR",
        "within one month",
        "Article 12(3) GDPR",
        "two further months",
        "Article 15 GDPR",
        "CNPD",
        "Article 77 GDPR",
        "transcript",
        "derived",
        "Amazon Europe Core S.à r.l.",
        "38 avenue John F. Kennedy",
        "L-1855 Luxembourg",
        "Ann Example",
        "ann@example.org",
    ):
        assert needle in " ".join(txt.split()), needle
    note = " ".join(render_note(made(account_db, "amazon", "gdpr", "txt").draft).split())
    assert "Review Voice History" in note and "Choose how long to save recordings" in note
    assert "Review Voice History" not in txt and "Before you send" not in txt + md
    # every clip by UTC time, device and utteranceId, with its voicehist number
    for row in account_db.query("SELECT * FROM clips WHERE vendor = 'alexa'"):
        assert row["vendor_id"] in txt
        assert f"{row['recorded_at'][11:19]} UTC (" in txt and f"CET)  {row['device']}" in txt
        assert f"#{row['number']}  " in txt
        assert f"| `{row['vendor_id']}` |" in md
    assert "Big Sky" in txt and "NPR News" in txt  # the skills the export names (Art. 19 recipients)
    flat = " ".join(txt.split())
    assert "2026-03-03 (Tuesday): 2 recordings, 20:16:03–22:40:00 UTC, Living Room Echo (2)" in flat
    assert "Google" not in txt


def test_each_law_names_its_authority_and_deadline(account_db) -> None:
    def text(vendor: str, law: str) -> str:
        return " ".join(made(account_db, vendor, law, "txt").content.decode().split())

    g = text("google", "gdpr")
    assert "Data Protection Commission (DPC)" in g and "Google Ireland Limited" in g and "Gordon House" in g
    assert "Google Ireland Limited" in g
    gnote = " ".join(render_note(made(account_db, "google", "gdpr", "txt").draft).split())
    assert "data-access-requests@google.com" in gnote and "My Activity" in gnote and "auto-delete" in gnote
    uk = text("amazon", "uk-gdpr")
    assert "Information Commissioner's Office (ICO)" in uk and "Article 17 UK GDPR" in uk
    assert "[Amazon's data controller for UK users: look it up in Amazon's current privacy notice]" in uk
    assert "Google LLC" in text("google", "uk-gdpr")
    for vendor in ("amazon", "google"):
        c = text(vendor, "ccpa")
        assert "§1798.105" in c and "45 calendar days" in c and "10 business days" in c
        assert "California Privacy Protection Agency (CPPA) and the California Attorney General" in c
        assert "California resident" in c and "service providers and contractors" in c
        assert "GDPR" not in c
    assert "Amazon.com, Inc." in text("amazon", "ccpa") and "P.O. Box 81226" in text("amazon", "ccpa")


def test_missing_requester_is_a_visible_placeholder_and_a_warning(account_db) -> None:
    m = made(account_db, "amazon", "gdpr", "txt", requester=Requester())
    text = " ".join(m.content.decode().split())
    assert "[your name]" in text and "[your account e-mail]" in text
    note = " ".join(render_note(m.draft).split())
    assert "Fill in before sending: [your name]; [your account e-mail]." in note
    assert any("[your name]" in w for w in m.warnings)
    msg = _eml(made(account_db, "amazon", "gdpr", "eml", requester=Requester()).content)
    assert msg["From"] is None  # never a made-up sender


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "csv", "eml"])
def test_hostile_transcript_stays_text(account_db, fmt: str) -> None:
    content = made(account_db, "amazon", "gdpr", fmt).content
    if fmt == "eml":
        msg = _eml(content)
        text = plain_body(msg) + "".join(a.get_content() for a in msg.iter_attachments())
    else:
        text = content.decode()
    assert "\x1b" not in text and "{{ 7*7 }}" in text.replace("\\", "") and "49 " not in text
    if fmt == "txt":
        assert "<script>alert(1)</script> {{ 7*7 }} \\ESC[2J" in text  # excerpt cut at 60 characters
    if fmt == "html":
        assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} \\ESC[2J" in text
        assert "[x](http:" in text and "<a " not in text  # not a link: autoescaped text
    if fmt == "md":
        assert (
            not re.search(r"(?<!\\)<", text) and "\\<script\\>alert(1)\\</script\\>" in text and "\\[x\\](http:" in text
        )
        row = next(line for line in text.splitlines() if "alert" in line)
        assert len(re.findall(r"(?<!\\)\|", row)) == 7  # the transcript's | cannot add a table cell
    if fmt == "csv":
        assert HOSTILE.replace("\x1b", "\\ESC") in text  # the full transcript, control character written out


def test_md_code_span() -> None:
    assert md_code("a_b") == "`a_b`"
    assert md_code("x`y|z") == "``x`y\\|z``"
    assert md_code("`x") == "`` `x ``"


def _rows(n: int, days: int) -> list[LetterRow]:
    out = []
    for i in range(n):
        day, sec = divmod(i, n // days)
        out.append(
            LetterRow(
                id=f"clip{i}",
                number=i + 1,
                vendor="alexa",
                recorded_at=f"2026-01-{1 + day * 2:02d}T{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}Z",
                device=("Kitchen", "Bedroom")[i % 2],
                vendor_id=f"uid-{i}",
                vendor_transcript=f"words {i}",
                raw="{}",
            )
        )
    return out


def test_two_thousand_clips_stay_readable() -> None:
    draft = build_draft(_rows(2000, 10), vendor="google", law="gdpr", requester=ANN, today=FIXED_NOW.date())
    text = render(draft, "txt", FIXED_NOW).decode()
    letter, appendix = text.split("Appendix: the 2000 recordings, by day")
    summaries = [line for line in letter.splitlines() if line.startswith("  - 2026-01-")]
    assert len(summaries) == 10  # one line per day in the letter itself
    assert summaries[0] == "  - 2026-01-01 (Thursday): 200 recordings, 00:00:00–00:03:19 UTC, Bedroom"
    assert "00:03:19 UTC, Bedroom (100), Kitchen (100) - 2026-01-03 (Saturday)" in " ".join(letter.split())
    assert "uid-1999" not in letter and appendix.count("audio file name: uid-") == 2000
    assert len(visits(draft)) == 10  # every other day: one visit per day (local days: 00:00 UTC is 01:00 CET)
    msg = _eml(render(draft, "eml", FIXED_NOW))
    assert len(plain_body(msg).splitlines()) < 150  # 10 days, not 2,000 lines
    assert len(list(csv.reader(io.StringIO(next(msg.iter_attachments()).get_content())))) == 2001


def test_self_service_route_fewest_visits(account_db) -> None:
    amazon = made(account_db, "amazon", "gdpr", "txt").draft
    v = visits(amazon)
    assert [(x.first_day, x.last_day, x.device, len(x.clips)) for x in v] == [
        ("2026-03-02", "2026-03-03", None, 4),
        ("2026-03-08", "2026-03-09", None, 3),
    ]
    one_device = made(account_db, "amazon", "gdpr", "txt", device="Bedroom Echo").draft
    assert [(x.range_text, x.device) for x in visits(one_device)] == [("2026-03-09", "Bedroom Echo")]
    manual = render_manual(made(account_db, "google", "gdpr", "txt").draft)
    manual = " ".join(manual.split())
    assert "My Activity" in manual and "faster" in manual and "cannot reach" in manual
    # the page shows local time: the steps give it, and each entry's device and first words to recognise it by
    assert "Visit 1: dates 2026-04-01; delete 2 recordings: 2026-04-01 11:00:00 CEST, 12:12:30 CEST" in manual
    assert "Visit 2: dates 2026-04-03; delete 1 recording: 2026-04-03 23:05:09 CEST" in manual
    assert '#8 2026-04-01 12:12:30 CEST (no device) "what\'s the weather"' in manual
    assert "auto-delete after 3, 18 or 36 months" in manual


def test_markdown_letter_renders_hostile_text_as_text(account_db) -> None:
    """Through a real CommonMark renderer (markdown-it-py, which rich already brings) with GFM tables."""
    from markdown_it import MarkdownIt

    md = made(account_db, "amazon", "gdpr", "md").content.decode()
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html and "<a " not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    row = next(line for line in html.split("<tr>") if "alert" in line)
    assert row.count("<td>") == 6  # #, UTC, local, device, utteranceId, transcript: the | stayed in its cell
    assert "<code>A3S5BH2HU6VAYF:1.0/2026/03/09/06/G090LF1186470KQ7/58:02::TNIH_2V." in html


def test_markdown_placeholders_paste_as_typed_and_cannot_become_links(account_db) -> None:
    from markdown_it import MarkdownIt

    from voicehist.requests.render import md_escape

    md = made(account_db, "amazon", "uk-gdpr", "md", requester=Requester()).content.decode()
    assert "[your name]" in md and "\\[your name\\]" not in md and "\\[your account e-mail\\]" not in md
    assert "[Amazon's data controller for UK users" in md
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "[your name]" in html and "<a " not in html
    # a transcript that writes a placeholder as a link or a definition stays escaped text
    for hostile in ("[your name](http://e.vil)", "[your name]: http://e.vil", "[your name][x]"):
        rendered = MarkdownIt("commonmark").render(f"- {md_escape(hostile)}\n\n[x]: http://e.vil\n")
        assert "<a " not in rendered, hostile


def test_a_letter_says_where_a_quote_or_a_time_is_not_the_vendors() -> None:
    """A recording no row of the export describes is dated by its file in the export (its zip entry: often the
    day the export was made) and quoted from voicehist's own transcript; the letter says both rather than
    passing them off as the vendor's (found on a new-user walk: an orphan WAV listed to Amazon as recorded the
    day the zip was made)."""
    rows = [
        LetterRow(id="a", number=1, vendor="alexa", recorded_at="2026-03-17T21:40:31Z", device="Living Room",
                  vendor_id="uid-a", vendor_transcript="audio was not intended for this device", raw="{}"),
        LetterRow(id="b", number=2, vendor="alexa", recorded_at="2026-12-05T02:16:38Z", device=None, vendor_id=None,
                  transcript="This is a painful chapter for me to write.", audio_name="orphan.wav",
                  raw='{"file": "Alexa/orphan.wav", "time_source": "file date"}'),
    ]  # fmt: skip
    draft = build_draft(rows, vendor="amazon", law="gdpr", requester=ANN, today=FIXED_NOW.date())
    for fmt in ("txt", "md", "html", "form"):
        text = html.unescape(" ".join(render(draft, fmt, FIXED_NOW).decode().split()))
        assert text.count("as transcribed on my computer") == 1, fmt
        assert text.count("the time is the file's date in the export") == 1, fmt
    table = list(csv.DictReader(io.StringIO(render(draft, "csv", FIXED_NOW).decode())))
    assert [(r["transcript_by"], r["time_from"]) for r in table] == [("vendor", ""), ("voicehist", "file date")]
