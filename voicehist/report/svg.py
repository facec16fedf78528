"""Three small SVG charts for the HTML report, written as text: no script, no external asset, no font file.

A plotting library was weighed (pygal writes SVG but links its tooltip script by default and has no heatmap;
matplotlib is tens of megabytes for three charts), so these are a few dozen lines each, tested in
tests/report/test_svg.py. Every label goes through :func:`esc`: device names come from the export.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from voicehist.safetext import visible

FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'
INK = "#222"
BAR = "#3b6ea5"
ACCENT = "#c0392b"
BAND = "#f5d491"
GRID = "#ddd"


def esc(value: object) -> str:
    """Text for SVG markup: control and bidi characters written out (see voicehist.safetext), then escaped."""
    return escape(visible(value), quote=True)


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="{esc(title)}" {FONT} font-size="11">'
        f"<title>{esc(title)}</title>" + "".join(body) + "</svg>"
    )


def month_bars(
    months: Sequence[tuple[str, int, int]], title: str = "Clips per month", width: int = 640, height: int = 200
) -> str:
    """Vertical bars of clips per month, the accidental part of each bar drawn over it in red; both axes drawn
    and named, a legend below."""
    left, right, top, bottom = 52, 10, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    vmax = max((n for _, n, _ in months), default=0)
    body: list[str] = []
    if not months or vmax == 0:
        body.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="{INK}">no dated clips</text>'
        )
        return _svg(width, height, title, body)
    step = _nice_step(vmax)
    ymax = step * math.ceil(vmax / step)
    for k in range(int(ymax / step) + 1):
        v = k * step
        y = top + plot_h - plot_h * v / ymax
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{v:g}</text>')
    slot = plot_w / len(months)
    bw = min(48.0, max(1.0, slot * 0.75))
    every = max(1, math.ceil(len(months) / 12))
    for i, (month, n, acc) in enumerate(months):
        x = left + i * slot + (slot - bw) / 2
        h = plot_h * n / ymax
        ha = plot_h * acc / ymax
        y0 = top + plot_h
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{y0 - h:.1f}" width="{bw:.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{esc(month)}: {n} clips, {acc} accidental</title></rect>"
        )
        if acc:
            body.append(
                f'<rect class="acc" x="{x:.1f}" y="{y0 - ha:.1f}" width="{bw:.1f}" height="{ha:.1f}" fill="{ACCENT}"/>'
            )
        if i % every == 0:
            cx = x + bw / 2
            body.append(
                f'<text x="{cx:.1f}" y="{y0 + 12}" text-anchor="end" transform="rotate(-45 {cx:.1f} {y0 + 12})"'
                f' fill="{INK}">{esc(month)}</text>'
            )
    y0 = top + plot_h
    body.append(
        f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{y0}" stroke="{INK}"/>'
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y0}" y2="{y0}" stroke="{INK}"/>'
        f'<text class="axis-title" x="12" y="{top + plot_h / 2:.1f}" text-anchor="middle"'
        f' transform="rotate(-90 12 {top + plot_h / 2:.1f})" fill="{INK}">clips</text>'
    )
    body.append(_legend(left, height - 12, [(BAR, "clips in the month"), (ACCENT, "of them accidental")]))
    return _svg(width, height, title, body)


def _legend(x: float, y: float, items: Sequence[tuple[str, str]], gap: int = 24) -> str:
    """Colour swatches with their meaning, in a row starting at (x, y)."""
    out = ['<g class="legend">']
    for colour, label in items:
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="8" fill="{colour}"/>'
            f'<text x="{x + 14:.1f}" y="{y + 8:.1f}" fill="{INK}">{esc(label)}</text>'
        )
        x += 14 + 6.2 * len(label) + gap
    out.append("</g>")
    return "".join(out)


def heatmap(
    grid: Sequence[Sequence[int]],
    rows: Sequence[str],
    title: str = "Clips by weekday and hour (UTC)",
    width: int = 640,
) -> str:
    """Weekday × hour counts as shaded cells (darker = more); hours along the top (named), weekdays down the
    side, and a legend of the shades with the counts they stand for."""
    left, top, cell_h = 36, 32, 17
    cell_w = (width - left - 6) / 24
    grid_bottom = top + cell_h * len(rows)
    height = grid_bottom + 30
    vmax = max((v for row in grid for v in row), default=0)
    body: list[str] = [
        f'<text class="axis-title" x="{left + 12 * cell_w:.1f}" y="11" text-anchor="middle" fill="{INK}">'
        "hour of the day (UTC)</text>"
    ]
    for h in range(0, 24, 3):
        body.append(
            f'<text x="{left + h * cell_w + cell_w / 2:.1f}" y="{top - 5}" text-anchor="middle"'
            f' fill="{INK}">{h:02d}</text>'
        )
    for r, label in enumerate(rows):
        y = top + r * cell_h
        body.append(
            f'<text x="{left - 4}" y="{y + cell_h * 0.7:.1f}" text-anchor="end" fill="{INK}">{esc(label)}</text>'
        )
        for h in range(24):
            v = grid[r][h] if r < len(grid) and h < len(grid[r]) else 0
            alpha = 0.0 if not vmax or not v else 0.15 + 0.85 * v / vmax
            fill = f'fill="{BAR}" fill-opacity="{alpha:.2f}"' if v else 'fill="#f4f4f4"'
            body.append(
                f'<rect class="cell" x="{left + h * cell_w:.1f}" y="{y}" width="{cell_w - 1:.1f}" height="{cell_h - 1}"'
                f" {fill}><title>{esc(label)} {h:02d}:00: {v} clips</title></rect>"
            )
    # legend: no clip, then the shade of 1 clip up to the most in one hour
    ly = grid_bottom + 12
    body.append('<g class="legend">')
    body.append(f'<rect x="{left}" y="{ly}" width="12" height="10" fill="#f4f4f4" stroke="{GRID}"/>')
    body.append(f'<text x="{left + 16}" y="{ly + 9}" fill="{INK}">no clip</text>')
    steps = sorted({1, *(round(vmax * k / 4) for k in (1, 2, 3)), vmax} - {0}) if vmax else []
    x = left + 80
    if steps:
        body.append(f'<text x="{x}" y="{ly + 9}" fill="{INK}">clips in that hour:</text>')
        x += 116
    for v in steps:
        alpha = 0.15 + 0.85 * v / vmax
        body.append(f'<rect x="{x}" y="{ly}" width="12" height="10" fill="{BAR}" fill-opacity="{alpha:.2f}"/>')
        body.append(f'<text x="{x + 16}" y="{ly + 9}" fill="{INK}">{v}</text>')
        x += 24 + 7 * len(str(v))
    body.append("</g>")
    return _svg(width, int(height), title, body)


def rate_range(
    devices: Sequence[tuple[str, float | None]],
    low: float,
    high: float,
    title: str = "Accidental activations per device per day of use",
    width: int = 640,
) -> str:
    """One horizontal bar per device on a log scale, over the shaded published range [low, high]."""
    left, right, top, row_h = 150, 16, 22, 22
    height = top + row_h * max(1, len(devices)) + 56
    lo_v = 0.01
    hi_v = max([high * 1.5] + [v * 1.2 for _, v in devices if v])
    plot_w = width - left - right

    def x(v: float) -> float:
        v = min(max(v, lo_v), hi_v)
        return left + plot_w * (math.log10(v) - math.log10(lo_v)) / (math.log10(hi_v) - math.log10(lo_v))

    body = [
        f'<rect class="band" x="{x(low):.1f}" y="{top - 4}" width="{x(high) - x(low):.1f}"'
        f' height="{row_h * max(1, len(devices)) + 4}" fill="{BAND}"><title>published range {low:g}–{high:g} per'
        f" device per day</title></rect>",
        f'<text x="{(x(low) + x(high)) / 2:.1f}" y="{top - 8}" text-anchor="middle" fill="{INK}">published'
        f" {low:g}–{high:g}</text>",
    ]
    tick = lo_v
    axis_y = top + row_h * max(1, len(devices)) + 4
    while tick <= hi_v:
        tx = x(tick)
        body.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 4}" y2="{axis_y}" stroke="{GRID}"/>')
        body.append(f'<text x="{tx:.1f}" y="{axis_y + 12}" text-anchor="middle" fill="{INK}">{tick:g}</text>')
        tick *= 10
    body.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{axis_y}" y2="{axis_y}" stroke="{INK}"/>')
    body.append(f'<line class="axis" x1="{left}" x2="{left}" y1="{top - 4}" y2="{axis_y}" stroke="{INK}"/>')
    body.append(
        f'<text class="axis-title" x="{left + plot_w / 2:.1f}" y="{axis_y + 26}" text-anchor="middle" fill="{INK}">'
        "accidental activations per day of use (log scale)</text>"
    )
    body.append(
        _legend(left, axis_y + 34, [(BAR, "this device"), (BAND, f"published range, {low:g}–{high:g} per day")])
    )
    if not devices:
        body.append(f'<text x="{left}" y="{top + 14}" fill="{INK}">no devices</text>')
    for i, (label, v) in enumerate(devices):
        y = top + i * row_h
        body.append(
            f'<text x="{left - 6}" y="{y + row_h * 0.65:.1f}" text-anchor="end"'
            f' fill="{INK}">{esc(_short(label))}</text>'
        )
        if v is None:
            body.append(f'<text x="{left + 4}" y="{y + row_h * 0.65:.1f}" fill="{INK}">no dated clips</text>')
            continue
        w = x(v) - left if v > 0 else 0
        body.append(
            f'<rect class="rate" x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{BAR}">'
            f"<title>{esc(label)}: {v:.2f} per day</title></rect>"
        )
        body.append(f'<text x="{left + w + 4:.1f}" y="{y + row_h * 0.65:.1f}" fill="{INK}">{v:.2f}</text>')
    return _svg(width, int(height), title, body)


def _short(label: str, n: int = 22) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _nice_step(vmax: float) -> float:
    raw = vmax / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return max(1.0, m * mag)
    return 10 * mag
