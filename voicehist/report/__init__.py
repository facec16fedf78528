"""The summary report: one set of figures (:func:`compute`), rendered as text, Markdown, HTML or PDF."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from voicehist.paths import write_private
from voicehist.report.figures import PUBLISHED, Figures, compute
from voicehist.report.html import render_html
from voicehist.report.markdown import render_markdown
from voicehist.report.pdf import render_pdf  # WeasyPrint itself is imported only when a PDF is made
from voicehist.report.text import render_text

Format = Literal["text", "md", "html", "pdf"]
FORMATS: tuple[str, ...] = ("text", "md", "html", "pdf")
SUFFIXES = {"text": ".txt", "md": ".md", "html": ".html", "pdf": ".pdf"}


def render(
    f: Figures,
    format: Format,  # noqa: A002 - the --format option
    *,
    width: int = 80,
    paper: Literal["a4", "letter"] = "a4",
) -> bytes:
    """The report in ``format`` as bytes (UTF-8 text, or a PDF document)."""
    if format == "text":
        return render_text(f, width=width).encode("utf-8")
    if format == "md":
        return render_markdown(f).encode("utf-8")
    if format == "html":
        return render_html(f).encode("utf-8")
    if format == "pdf":
        return render_pdf(f, paper)
    raise ValueError(f"unknown report format {format!r}")


def format_for(path: str | os.PathLike[str]) -> Format | None:
    """The format a file name asks for by its suffix (report.pdf → pdf), or None."""
    suffix = Path(path).suffix.lower()
    for fmt_name, s in SUFFIXES.items():
        if suffix == s or (fmt_name == "md" and suffix == ".markdown") or (fmt_name == "html" and suffix == ".htm"):
            return fmt_name  # type: ignore[return-value]
    return None


__all__ = ["FORMATS", "PUBLISHED", "Figures", "compute", "format_for", "render", "write_private"]
