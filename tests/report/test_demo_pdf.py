"""The PDF report of the bundled demo, as a person prints it: at most 3 A4 pages, the headline figures and every
chart on page one, each page rendered to PNG (pdftoppm) and checked for content, no half-empty page but the
last."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo_pdf")
    env = {**os.environ, "VOICEHIST_HOME": str(root / "home")}
    db = root / "demo.db"
    built = subprocess.run(
        [sys.executable, "-m", "voicehist", "demo", "--no-tui", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    out = root / "report.pdf"
    made = subprocess.run(
        [sys.executable, "-m", "voicehist", "report", "--db", str(db), "--format", "pdf", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    return out


def _ink_rows(png: Path) -> tuple[float, float]:
    """(share of the page's pixels that are not white, the lowest inked row as a share of the page's height)."""
    from PIL import Image

    im = Image.open(png).convert("L")
    w, h = im.size
    px = im.tobytes()  # "L": one byte a pixel, row after row
    inked = 0
    lowest = 0
    for y in range(h):
        row = sum(1 for x in range(0, w, 2) if px[y * w + x] < 235)
        if row:
            inked += row
            if row > 2:
                lowest = y
    return inked / (w * h / 2), lowest / h


def test_demo_pdf_fits_three_a4_pages_with_the_charts_on_page_one(demo_pdf: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(demo_pdf.read_bytes()))
    assert 1 <= len(reader.pages) <= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    first = " ".join((reader.pages[0].extract_text() or "").split())
    # the headline figures ...
    assert "14 clips" in first or ("14" in first and "clips" in first)
    assert "accidental" in first and "of audio was recorded without being asked for" in first
    # ... and every chart, with its axes named and a legend
    for words in (
        "clips in the month",
        "of them accidental",
        "hour of the day (UTC)",
        "clips in that hour",
        "accidental activations per day of use (log scale)",
        "published range",
    ):
        assert words in first, words
    later = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages[1:])
    assert "Longest accidental recordings" in later and "What the detector noticed most often" in later

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(demo_pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(reader.pages)
    for i, png in enumerate(pages):
        ink, lowest = _ink_rows(png)
        assert ink > 0.01, f"page {i + 1} is (nearly) blank"
        if i < len(pages) - 1:
            assert lowest > 0.6, f"page {i + 1} is half empty (content ends at {lowest:.0%} of the page)"
