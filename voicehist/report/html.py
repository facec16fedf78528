"""The report as one self-contained HTML page: inline SVG charts, a print stylesheet, no script, no external
asset. Every string from the export goes through jinja2's autoescape (and :func:`voicehist.report.svg.esc`
inside the charts)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from voicehist import __version__
from voicehist.report import fmt, svg
from voicehist.report.figures import WEEKDAYS, Figures
from voicehist.safetext import visible

MAX_FINDINGS = 200


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("voicehist.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True, enabled_extensions=("html", "j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )


def _shown(value: object) -> object:
    """Every value printed into the page: text from the export with control and bidi characters written out
    (an ESC or U+202E in a device name never reaches the page raw); markup made here is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value, one_line=False)
    return value


def charts(f: Figures) -> dict[str, Markup]:
    # the chart functions escape every label themselves, so their output is markup
    return {
        "months": Markup(svg.month_bars([(m.month, m.clips, m.accidental) for m in f.per_month])),
        "heatmap": Markup(svg.heatmap(f.heatmap, WEEKDAYS)),
        "rates": Markup(
            svg.rate_range(
                [(fmt.name(r.device), r.per_day) for r in f.accidental_by_device],
                f.published.per_device_per_day_low,
                f.published.per_device_per_day_high,
            )
        ),
    }


def render_html(f: Figures) -> str:
    template = _env().get_template("report.html.j2")
    return template.render(
        f=f,
        fmt=fmt,
        charts=charts(f) if not f.empty else {},
        filter_text=fmt.filter_text(f.filter),
        version=__version__,
        max_findings=MAX_FINDINGS,
    )
