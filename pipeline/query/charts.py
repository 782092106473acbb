"""The themes chart, one drawing for the HTML report and for `scrutiny themes --plot`.

Small multiples: one panel per theme, one bar per year (or committee, or council),
each bar the number of recommendations about that theme then. A recommendation
about three themes is in three panels but never stacked on itself, so no bar counts
more recommendations than there were. Every year between the first and the last is
on the axis, so a year without any shows as a gap; the panels share one integer
scale; panels are titled with the themes' labels. Drawn with matplotlib's Figure
and canvas directly (no pyplot), so no global backend state is touched.

In SVG each bar is a group with the id ``bar-<theme slug>-<period>`` and each grid
line ``grid-<theme slug>-<value>`` (see :func:`element_id`), so a page can find the
bar for a theme and year and measure it against the scale.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

CHART_SUFFIXES = (".png", ".svg", ".pdf")
UNDATED = "undated"
# Blue from the Okabe-Ito palette: one colour for every panel, since the panel's
# title, not a legend, says which theme it is; safe for every common colour vision.
BAR_COLOUR = "#0072B2"
GRID_COLOUR = "#d9d9d9"
PANEL_COLUMNS = 4
PANEL_SIZE = (2.6, 1.9)  # inches


@dataclass(frozen=True)
class ThemeChart:
    """What the chart shows: per theme (biggest first) a count per period."""

    by: str
    periods: list[str]
    slugs: list[str]
    labels: dict[str, str]
    counts: dict[tuple[str, str], int]  # (slug, period) -> recommendations
    themes_in_store: int  # all themes with any recommendation, shown or not

    @property
    def title(self) -> str:
        shown = len(self.slugs)
        which = (
            f"all {shown} themes" if shown == self.themes_in_store else f"top {shown} of {self.themes_in_store} themes"
        )
        axis = "year of meeting" if self.by == "year" else self.by
        return f"Recommendations per theme and {axis} ({which})"

    def count(self, slug: str, period: str) -> int:
        return self.counts.get((slug, period), 0)

    def total(self, slug: str) -> int:
        return sum(n for (s, _), n in self.counts.items() if s == slug)


def theme_chart(frame: pd.DataFrame, *, by: str = "year", top: int | None = None) -> ThemeChart:
    """The chart's figures from a frame of period, theme, label, recommendations (as
    analysis.themes_by_period returns); `top` keeps the biggest themes only."""
    rows = frame[frame["recommendations"] > 0] if not frame.empty else frame
    totals: dict[str, int] = {}
    labels: dict[str, str] = {}
    counts: dict[tuple[str, str], int] = {}
    for row in rows.itertuples(index=False):
        period = str(row.period)
        counts[(row.theme, period)] = int(row.recommendations)
        totals[row.theme] = totals.get(row.theme, 0) + int(row.recommendations)
        labels[row.theme] = row.label or row.theme
    slugs = sorted(totals, key=lambda slug: (-totals[slug], labels[slug].casefold()))
    if top is not None:
        if top < 1:
            raise ValueError(f"top must be at least 1, not {top}")
        slugs = slugs[:top]
    return ThemeChart(
        by=by,
        periods=_periods({p for _, p in counts}, by),
        slugs=slugs,
        labels=labels,
        counts=counts,
        themes_in_store=len(totals),
    )


def _periods(found: set[str], by: str) -> list[str]:
    if by != "year":
        return sorted(found, key=str.casefold)
    years = sorted(int(p) for p in found if p != UNDATED)
    every = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    return every + ([UNDATED] if UNDATED in found else [])


def element_id(kind: str, slug: str, value: object) -> str:
    """The SVG id of a chart element: kind "bar" with a period, or "grid" with a count."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", f"{kind}-{slug}-{value}")


def draw_theme_chart(chart: ThemeChart) -> Figure:
    """The small multiples as a matplotlib Figure."""
    panels = max(len(chart.slugs), 1)
    columns = min(PANEL_COLUMNS, panels)
    rows = math.ceil(panels / columns)
    figure = Figure(
        figsize=(PANEL_SIZE[0] * columns + 0.4, PANEL_SIZE[1] * rows + 0.7),
        dpi=100,
        layout="constrained",
    )
    FigureCanvasAgg(figure)
    if not chart.slugs:
        axes = figure.add_subplot()
        axes.text(0.5, 0.5, "No recommendation is tagged with a theme", ha="center", va="center")
        axes.set_axis_off()
        return figure
    figure.suptitle(chart.title, fontsize=12)
    grid = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    peak = max(chart.count(slug, period) for slug in chart.slugs for period in chart.periods)
    ticks = [int(t) for t in MaxNLocator(nbins=4, integer=True, min_n_ticks=2).tick_values(0, peak) if 0 <= t <= peak]
    if ticks[-1] < peak:
        ticks.append(ticks[-1] + (ticks[1] - ticks[0] if len(ticks) > 1 else 1))
    positions = list(range(len(chart.periods)))
    for panel, axes in enumerate(grid.flat):
        if panel >= len(chart.slugs):
            axes.set_axis_off()
            continue
        slug = chart.slugs[panel]
        for value in ticks:
            axes.axhline(value, color=GRID_COLOUR, linewidth=0.8, zorder=0, gid=element_id("grid", slug, value))
        bars = axes.bar(positions, [chart.count(slug, p) for p in chart.periods], width=0.7, color=BAR_COLOUR)
        for bar, period in zip(bars, chart.periods):
            bar.set_gid(element_id("bar", slug, period))
        axes.set_title(
            "\n".join(textwrap.wrap(chart.labels[slug], 30, max_lines=2, placeholder="…")), fontsize=9, loc="left"
        )
        axes.set_ylim(0, ticks[-1])
        axes.set_yticks(ticks)
        axes.set_xticks(positions, [_short(p, chart.by) for p in chart.periods])
        axes.tick_params(labelsize=7)
        axes.tick_params(axis="x", labelrotation=90 if chart.by == "year" and len(positions) > 6 else 0)
        axes.spines[["top", "right"]].set_visible(False)
        if chart.by != "year":
            axes.tick_params(axis="x", labelrotation=30)
    figure.supylabel("Recommendations", fontsize=9)
    return figure


def _short(period: str, by: str) -> str:
    return period if by == "year" or len(period) <= 18 else period[:17] + "…"


def chart_svg(chart: ThemeChart) -> str:
    """The chart as an SVG element to put inside an HTML page: text as text, no
    references outside itself, the same bytes for the same figures."""
    import matplotlib

    figure = draw_theme_chart(chart)
    buffer = io.StringIO()
    # A fixed salt gives the same clip-path ids on every run; text stays text, so
    # the page is searchable and small.
    with matplotlib.rc_context({"svg.hashsalt": "scrutiny-themes", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    # The page needs the drawing only, not the XML prolog or the RDF metadata block.
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg[svg.index("<svg") :], flags=re.DOTALL)
    return svg


def plot_themes(frame: pd.DataFrame, path: str | Path, *, by: str = "year", top: int | None = None) -> Path:
    """Write the themes chart to `path`, a .png, .svg or .pdf file."""
    path = Path(path)
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise ValueError(f"chart must be .png, .svg or .pdf, not {path.suffix or '(none)'}")
    figure = draw_theme_chart(theme_chart(frame, by=by, top=top))
    path.parent.mkdir(parents=True, exist_ok=True)
    # No software or date stamp: the same figures give the same file.
    stamps = {".png": {"Software": None}, ".svg": {"Date": None}, ".pdf": {"CreationDate": None}}
    figure.savefig(path, metadata=stamps[path.suffix.lower()])
    return path


__all__ = ["CHART_SUFFIXES", "ThemeChart", "chart_svg", "draw_theme_chart", "element_id", "plot_themes", "theme_chart"]
