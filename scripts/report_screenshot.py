"""Render the summary report's pages as PNG for the README: the real report of the demo data, printed to PDF
with WeasyPrint and turned into pictures with pdftoppm (Debian poppler-utils).

    python scripts/report_screenshot.py [--db DEMO_DB] [--out screenshots/]

Without --db it builds the demo database in a temporary voicehist home (offline: bundled sample, bundled
model). The lead's scripts/screenshots.py can call :func:`report_pages` with the database it built.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# page of the printed report → file name in screenshots/
PAGES = {1: "report-summary", 2: "report-time", 3: "report-accidental"}


def report_pages(db: Path, out: Path, dpi: int = 80) -> list[Path]:
    """Write screenshots/report-*.png (and report-demo.pdf beside them) from the report of ``db``."""
    from voicehist.report import compute, render
    from voicehist.store import open_db

    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    store = open_db(db)
    figures = compute(store)
    store.close()
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        pdf.write_bytes(render(figures, "pdf"))
        for page, name in PAGES.items():
            prefix = Path(tmp) / f"p{page}"
            subprocess.run(
                [pdftoppm, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                 str(prefix)],
                check=True,
            )  # fmt: skip
            target = out / f"{name}.png"
            shutil.copyfile(prefix.with_suffix(".png"), target)
            made.append(target)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None, help="an existing demo database (default: build one)")
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="vh-report-shots-"))
    os.environ["VOICEHIST_HOME"] = str(home / "vh")
    try:
        db = args.db
        if db is None:
            from voicehist.cli.app import build_demo

            db = home / "vh" / "data" / "demo.db"
            build_demo(db)
        for path in report_pages(db, args.out):
            print(path)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
