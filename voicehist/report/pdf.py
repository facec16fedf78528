"""The report as PDF: the HTML page printed by WeasyPrint (imported here only: it is heavy and needs Pango)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, Literal

from voicehist.errors import VoicehistError
from voicehist.report.figures import Figures
from voicehist.report.html import render_html

Paper = Literal["a4", "letter"]


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # the page is self-contained; anything it would fetch is refused, so nothing leaves the machine
    raise ValueError(f"voicehist's report fetches nothing ({url[:60]})")


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    """While WeasyPrint loads Pango and friends: no ``ctypes.util.find_library``.

    WeasyPrint tries several names per library (``libpango-1.0-0``, ``pango-1.0``, … ``libpango-1.0.so.0``);
    cffi hands each name that does not load as it stands to ``find_library``, which on Linux runs
    ``ldconfig -p`` and then ``gcc``/``ld`` (writing temporary files in $TMPDIR): about 80 processes per PDF.
    Without it, cffi goes on to the next name, and the platform's own file name (``libpango-1.0.so.0``,
    ``libpango-1.0.dylib``, ``libpango-1.0-0.dll``) is loaded directly by the dynamic loader."""
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def _weasyprint() -> Any:
    try:
        with _no_library_search():
            import weasyprint
    except OSError:  # a system whose libraries only find_library knows where to find: the library's own way
        import weasyprint
    return weasyprint


def render_pdf(f: Figures, paper: Paper = "a4") -> bytes:
    try:
        weasyprint = _weasyprint()
        CSS, HTML = weasyprint.CSS, weasyprint.HTML
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
