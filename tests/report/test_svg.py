"""The report's own SVG charts: well-formed, one mark per value, labels escaped, scales right."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from voicehist.report import svg

NS = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    assert "<script" not in text and "href" not in text
    return ET.fromstring(text)


def rects(root: ET.Element, cls: str) -> list[ET.Element]:
    return [r for r in root.iter(f"{NS}rect") if r.get("class") == cls]


def test_month_bars_heights_are_proportional() -> None:
    root = parse(svg.month_bars([("2024-01", 10, 2), ("2024-02", 5, 0), ("2024-03", 20, 20)]))
    bars = rects(root, "bar")
    assert len(bars) == 3
    heights = [float(b.get("height") or 0) for b in bars]
    assert math.isclose(heights[0] / heights[2], 0.5, rel_tol=0.01)
    assert math.isclose(heights[1] / heights[2], 0.25, rel_tol=0.01)
    acc = rects(root, "acc")
    assert len(acc) == 2  # a month with no accidental clip draws no red part
    assert math.isclose(float(acc[1].get("height") or 0), heights[2], rel_tol=0.01)


def test_month_bars_empty() -> None:
    assert "no dated clips" in svg.month_bars([])


def test_heatmap_cells_and_scale() -> None:
    grid = [[0] * 24 for _ in range(7)]
    grid[2][13] = 4
    grid[6][0] = 2
    root = parse(svg.heatmap(grid, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]))
    cells = rects(root, "cell")
    assert len(cells) == 7 * 24
    shaded = {c.findtext(f"{NS}title"): float(c.get("fill-opacity") or 0) for c in cells if c.get("fill-opacity")}
    assert shaded == {"Wed 13:00: 4 clips": 1.0, "Sun 00:00: 2 clips": 0.57}


def test_rate_range_log_scale_and_band() -> None:
    text = svg.rate_range([("Kitchen <b>", 1.0), ("Office", 10.0), ("Attic", None), ("Zero", 0.0)], 1.5, 19)
    root = parse(text)
    assert "Kitchen &lt;b&gt;" in text  # device names from the export are escaped
    (band,) = rects(root, "band")
    bars = rects(root, "rate")
    assert len(bars) == 3  # the device without dated clips gets a note, not a bar
    left = 150.0
    w1, w10 = (float(b.get("width") or 0) for b in bars[:2])
    # log scale: 0.01 → 1 is two decades, 0.01 → 10 three
    assert math.isclose(w10 / w1, 1.5, rel_tol=0.01)
    band_x = float(band.get("x") or 0)
    assert math.isclose((band_x - left) / w1, (math.log10(1.5) + 2) / 2, rel_tol=0.01)
    assert float(bars[2].get("width") or 0) == 0.0
