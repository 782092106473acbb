"""A one-page HTML report of the store that an analyst can email or open offline.

The page carries everything it shows: its CSS is in the page and its chart is an
inline PNG, so it looks the same wherever it is opened and references nothing
outside itself. Figures are computed with SQLAlchemy on either backend and sorted
in Python, so SQLite and PostgreSQL (whose collations order text differently)
produce the same page.
"""

from __future__ import annotations

import base64
import io
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from scrutiny.extractors.items import STATUSES
from scrutiny.models.latest import NO_UPDATE_STATUS, latest_appearances, latest_updates
from scrutiny.models.schema import (
    Committee,
    Council,
    Document,
    ProgressUpdate,
)
from scrutiny.pipeline.query.period import meeting_in_years
from scrutiny.pipeline.query.queries import outstanding_latest

DEFAULT_TITLE = "Scrutiny recommendations: themes and progress"


@dataclass(frozen=True)
class ThemeYearCount:
    year: int | None  # None for papers without a meeting date
    slug: str
    label: str
    recommendations: int


@dataclass(frozen=True)
class CommitteeStatus:
    council: str | None
    committee: str | None
    completed: int = 0
    in_progress: int = 0
    outstanding: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.completed + self.in_progress + self.outstanding + self.unknown


@dataclass(frozen=True)
class OutstandingRecommendation:
    ref: str | None
    recommendation: str
    update: str | None
    council: str | None
    committee: str | None
    document: str
    meeting_date: date | None
    page: int | None


@dataclass(frozen=True)
class Report:
    title: str
    generated_at: datetime
    store: str
    year_from: int | None
    year_to: int | None
    papers: int
    themes: list[ThemeYearCount] = field(default_factory=list)
    committees: list[CommitteeStatus] = field(default_factory=list)
    outstanding: list[OutstandingRecommendation] = field(default_factory=list)

    @property
    def recommendations(self) -> int:
        return sum(c.total for c in self.committees)

    @property
    def period(self) -> str:
        if self.year_from is None and self.year_to is None:
            return "all meeting dates"
        if self.year_from == self.year_to:
            return f"meetings in {self.year_from}"
        if self.year_to is None:
            return f"meetings from {self.year_from}"
        if self.year_from is None:
            return f"meetings up to {self.year_to}"
        return f"meetings {self.year_from}\u2013{self.year_to}"


def write_report(
    engine: Engine,
    path: str | os.PathLike[str],
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    title: str = DEFAULT_TITLE,
    generated_at: datetime | None = None,
) -> Report:
    """Write the HTML report of the store behind ``engine`` to ``path``.

    ``year_from`` and ``year_to`` (inclusive) keep papers whose meeting falls in
    those years; with either set, undated papers are left out. Returns the figures
    the page shows.
    """
    report = build_report(engine, year_from=year_from, year_to=year_to, title=title, generated_at=generated_at)
    Path(path).write_text(render_html(report), encoding="utf-8")
    return report


def build_report(
    engine: Engine,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    title: str = DEFAULT_TITLE,
    generated_at: datetime | None = None,
) -> Report:
    """The figures of the report, without rendering them."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ValueError(f"the period starts ({year_from}) after it ends ({year_to})")
    return Report(
        title=title,
        # A naive time is taken as local, as astimezone does, so the page's "UTC" holds.
        generated_at=(generated_at or datetime.now(UTC)).astimezone(UTC),
        store=store_label(engine),
        year_from=year_from,
        year_to=year_to,
        papers=_count_papers(engine, year_from, year_to),
        themes=theme_counts_by_year(engine, year_from=year_from, year_to=year_to),
        committees=status_by_committee(engine, year_from=year_from, year_to=year_to),
        outstanding=outstanding_recommendations(engine, year_from=year_from, year_to=year_to),
    )


def store_label(engine: Engine) -> str:
    """The store's URL with any password masked, whether in the URL or its query."""
    url = engine.url
    if "password" in url.query:
        url = url.update_query_dict({"password": "***"})
    return url.render_as_string(hide_password=True)


def theme_counts_by_year(
    engine: Engine, *, year_from: int | None = None, year_to: int | None = None
) -> list[ThemeYearCount]:
    """Per meeting year and theme, how many recommendations carry the theme in their
    own wording or in an update on them (as :func:`scrutiny.pipeline.query.analysis.themes_by_period`
    counts them)."""
    from scrutiny.pipeline.query.analysis import UNDATED, themes_by_period

    frame = themes_by_period(engine, by="year", year_from=year_from, year_to=year_to)
    counts = [
        ThemeYearCount(
            year=None if row.period == UNDATED else int(row.period),
            slug=row.theme,
            label=row.label,
            recommendations=int(row.recommendations),
        )
        for row in frame.itertuples(index=False)
        if row.recommendations
    ]
    return sorted(counts, key=lambda c: (c.year is None, c.year or 0, c.slug))


def status_by_committee(
    engine: Engine, *, year_from: int | None = None, year_to: int | None = None
) -> list[CommitteeStatus]:
    """Recommendations per committee by their latest status within the period.

    A recommendation followed through several papers counts once, for the
    committee of the latest paper it appears in; one with no update is unknown.
    """
    period = meeting_in_years(year_from, year_to)
    appearances = latest_appearances(*period)
    latest = latest_updates(*period)
    query = (
        select(Council.name, Committee.name, latest.c.status, func.count())
        .select_from(appearances)
        .join(Document, Document.id == appearances.c.document_id)
        .outerjoin(latest, latest.c.followed == appearances.c.followed)
        .outerjoin(Council, Council.id == Document.council_id)
        .outerjoin(Committee, Committee.id == Document.committee_id)
        .group_by(Council.name, Committee.name, latest.c.status)
    )
    by_committee: dict[tuple[str | None, str | None], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with Session(engine) as session:
        for council, committee, status, n in session.execute(query):
            by_committee[(council, committee)][status or NO_UPDATE_STATUS] += n
    rows = [
        CommitteeStatus(council=council, committee=committee, **{s: counts.get(s, 0) for s in STATUSES})
        for (council, committee), counts in by_committee.items()
    ]
    return sorted(rows, key=lambda r: (_text_key(r.council), _text_key(r.committee)))


def outstanding_recommendations(
    engine: Engine, *, year_from: int | None = None, year_to: int | None = None
) -> list[OutstandingRecommendation]:
    """Recommendations whose latest update in the period is outstanding, with the
    paper and page of that update."""
    query = outstanding_latest(*meeting_in_years(year_from, year_to)).add_columns(Document.path, ProgressUpdate.ordinal)
    with Session(engine) as session:
        found = [
            (
                OutstandingRecommendation(
                    ref=row.ref,
                    recommendation=row.recommendation,
                    update=row.latest_update,
                    council=row.council,
                    committee=row.committee,
                    document=row.document or Path(row.path).name,
                    meeting_date=row.meeting_date,
                    page=row.page,
                ),
                row.ordinal,
            )
            for row in session.execute(query)
        ]
    found.sort(
        key=lambda pair: (
            _text_key(pair[0].council),
            _text_key(pair[0].committee),
            pair[0].meeting_date or date.max,
            pair[0].document,
            pair[1],
        )
    )
    return [item for item, _ in found]


def _count_papers(engine: Engine, year_from: int | None, year_to: int | None) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Document).where(*meeting_in_years(year_from, year_to)))


def _text_key(value: str | None) -> tuple[bool, str]:
    return (value is None, (value or "").casefold())


# -- rendering ---------------------------------------------------------------

STATUS_LABELS = {
    "completed": "Completed",
    "in_progress": "In progress",
    "outstanding": "Outstanding",
    "unknown": "Unknown",
}
STATUS_COLOURS = {
    "completed": "#2e7d32",
    "in_progress": "#f9a825",
    "outstanding": "#c62828",
    "unknown": "#9e9e9e",
}


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    grid = _ThemeGrid.of(report.themes)
    return _ENV.get_template("report.html").render(
        report=report,
        chart=_chart_png(grid) if report.themes else None,
        years=[_year_label(y) for y in grid.years],
        theme_rows=[(grid.labels[slug], grid.row(slug), grid.totals[slug]) for slug in grid.slugs],
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
        status_colours=STATUS_COLOURS,
        status_totals={s: sum(getattr(c, s) for c in report.committees) for s in STATUSES},
    )


@dataclass(frozen=True)
class _ThemeGrid:
    years: list[int | None]
    slugs: list[str]  # biggest theme first
    labels: dict[str, str]
    totals: dict[str, int]
    counts: dict[tuple[str, int | None], int]

    @classmethod
    def of(cls, themes: list[ThemeYearCount]) -> _ThemeGrid:
        totals: dict[str, int] = defaultdict(int)
        for count in themes:
            totals[count.slug] += count.recommendations
        return cls(
            years=sorted({c.year for c in themes}, key=lambda y: (y is None, y or 0)),
            slugs=sorted(totals, key=lambda slug: (-totals[slug], slug)),
            labels={c.slug: c.label for c in themes},
            totals=dict(totals),
            counts={(c.slug, c.year): c.recommendations for c in themes},
        )

    def row(self, slug: str) -> list[int]:
        return [self.counts.get((slug, year), 0) for year in self.years]


def _year_label(year: int | None) -> str:
    return "undated" if year is None else str(year)


def _chart_png(grid: _ThemeGrid) -> str:
    """Stacked bars of recommendations per theme per year, as base64 PNG."""
    # Figure and canvas directly, not pyplot: no global backend state is touched.
    figure = Figure(figsize=(10, 4.8), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    x = list(range(len(grid.years)))
    bottom = [0] * len(grid.years)
    # Biggest themes at the bottom of each bar, where they are easiest to compare.
    for colour, slug in zip(_palette(len(grid.slugs)), grid.slugs):
        heights = grid.row(slug)
        axes.bar(
            x,
            heights,
            bottom=bottom,
            width=0.6,
            label=grid.labels[slug],
            color=colour,
            edgecolor="white",
            linewidth=0.5,
        )
        bottom = [b + h for b, h in zip(bottom, heights)]
    axes.set_xticks(x, [_year_label(y) for y in grid.years])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("Recommendations")
    axes.set_xlabel("Year of meeting")
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#e0e0e0", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.legend(title="Theme", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    buffer = io.BytesIO()
    # No Software chunk: the same figures give the same bytes on any machine.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _palette(n: int) -> list:
    from matplotlib import colormaps

    if n <= 10:
        return [colormaps["tab10"](i) for i in range(n)]
    # tab20 pairs each hue with a paler one; taking the strong ones first keeps
    # neighbouring segments apart.
    cmap = colormaps["tab20"]
    order = [*range(0, 20, 2), *range(1, 20, 2)]
    return [cmap(order[i % 20]) for i in range(n)]


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("scrutiny.pipeline.query", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


__all__ = [
    "DEFAULT_TITLE",
    "CommitteeStatus",
    "OutstandingRecommendation",
    "Report",
    "ThemeYearCount",
    "build_report",
    "outstanding_recommendations",
    "render_html",
    "status_by_committee",
    "store_label",
    "theme_counts_by_year",
    "write_report",
]
