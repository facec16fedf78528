"""The report as PDF: the HTML page printed by WeasyPrint (imported here only: it is heavy and needs Pango)."""

from __future__ import annotations

from typing import Any, Literal

from voicehist.errors import VoicehistError
from voicehist.report.figures import Figures
from voicehist.report.html import render_html

Paper = Literal["a4", "letter"]


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # the page is self-contained; anything it would fetch is refused, so nothing leaves the machine
    raise ValueError(f"voicehist's report fetches nothing ({url[:60]})")


def render_pdf(f: Figures, paper: Paper = "a4") -> bytes:
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as e:  # OSError: Pango/HarfBuzz system libraries missing
        raise VoicehistError(
            f"PDF output needs WeasyPrint and its system libraries (Pango): {e}. "
            "Run scripts/setup.sh, or write HTML with --format html and print it from a browser."
        ) from e
    page = CSS(string=f"@page {{ size: {'A4' if paper == 'a4' else 'letter'}; }}")
    doc = HTML(string=render_html(f), url_fetcher=_no_fetch, base_url=None)
    pdf = doc.write_pdf(stylesheets=[page])
    assert pdf is not None
    return bytes(pdf)
