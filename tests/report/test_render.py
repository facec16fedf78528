"""Renderers: golden Markdown and HTML, the PDF read back, hostile transcripts escaped, 80 columns, the empty
database. Regenerate the golden files after a deliberate change with VOICEHIST_UPDATE_GOLDEN=1."""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from voicehist import __version__
from voicehist.report import compute, render
from voicehist.report.html import render_html
from voicehist.report.markdown import render_markdown
from voicehist.report.text import render_text

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str, text: str) -> None:
    text = text.replace(f"voicehist {__version__}", "voicehist VERSION")
    path = GOLDEN / name
    if os.environ.get("VOICEHIST_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; if deliberate, VOICEHIST_UPDATE_GOLDEN=1"


def test_markdown_golden(figures) -> None:
    _golden("report.md", render_markdown(figures))


def test_html_golden(figures) -> None:
    _golden("report.html", render_html(figures))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_hostile_text_escaped(figures) -> None:
    page = render_html(figures)
    parser = _Tags()
    parser.feed(page)
    tags = {t for t, _ in parser.tags}
    assert "script" not in tags and "img" not in tags and "link" not in tags and "iframe" not in tags
    assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)  # no event handler attribute
    assert not any(k in ("src", "href") for _, attrs in parser.tags for k in attrs)  # nothing fetched
    assert "url(" not in page and "@import" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;" in page
    assert page.count("<svg") == 3  # clips per month, heatmap, accidental per device per day
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        ET.fromstring(svg)  # each chart is well-formed XML
    assert "@media print" in page and "section#summary { break-after: page; }" in page


def test_markdown_escapes_hostile_text(figures) -> None:
    text = render_markdown(figures)
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text


def test_text_fits_80_columns_and_shows_the_same_numbers(figures) -> None:
    out = render_text(figures)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "9 clips over 48 days" in out
    assert "4 accidental (44%)" in out
    assert "19.5 s of audio was" in out
    assert "█" in out  # bars in block characters


def test_pdf_holds_the_totals_and_the_escaped_transcript(figures) -> None:
    from pypdf import PdfReader

    pdf = render(figures, "pdf")
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 3  # page one: figures and charts; then the lists, with no forced break
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Voice history report" in flat
    assert "4 of 9 clips count as accidental" in flat
    assert "Kitchen Echo" in flat and "Bedroom Dot" in flat
    assert "19.5 s" in flat and "40.5 s" in flat
    # the hostile transcript is printed as text, not swallowed as markup
    assert "<script>alert(1)</script>" in flat.replace("< ", "<")
    assert "onerror=alert(2)>" in flat


def test_pdf_letter_paper(figures) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render(figures, "pdf", paper="letter")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 × 11 in


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_empty_database_says_so(db, fmt: str) -> None:
    out = render(compute(db), fmt).decode()  # type: ignore[arg-type]
    assert "holds no clips" in out


def test_deletion_requests_in_every_format(fixture_db) -> None:
    from tests.report.fixture_db import add_requests

    add_requests(fixture_db)
    f = compute(fixture_db, now="2024-04-10 12:00 UTC")
    page = render_html(f)
    assert 'id="deletion-requests"' in page and "3 tracked request(s)" in page
    assert "3 tracked request(s)" in render_markdown(f)
    assert "3 tracked request(s)" in render_text(f)


def test_whose_transcript_the_longest_recordings_quote_is_said(figures) -> None:
    figures.longest_accidental[0] = replace(figures.longest_accidental[0], heard_by="vendor")
    assert "_(the vendor's transcript)_" in render_markdown(figures)
    assert "(the vendor's transcript)" in render_html(figures)
    assert render_markdown(figures).count("the vendor's transcript") == 1
