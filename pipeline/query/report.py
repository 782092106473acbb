"""A one-page HTML report of the store that an analyst can email or open offline.

The page carries everything it shows: its CSS is in the page and its chart is an
inline PNG, so it looks the same wherever it is opened and references nothing
outside itself. Figures are computed with SQLAlchemy on either backend and sorted
in Python, so SQLite and PostgreSQL (whose collations order text differently)
produce the same page.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import os
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup
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
from scrutiny.models.store import MANIFEST_HEADER, MissingMetadata, missing_metadata
from scrutiny.pipeline.query.charts import UNDATED, ThemeChart, chart_svg, theme_chart
from scrutiny.pipeline.query.period import check_years, meeting_in_years
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
    recommendation_id: int | None  # the followed recommendation: `scrutiny show` takes it
    ref: str | None
    recommendation: str
    update: str | None
    council: str | None
    committee: str | None
    document: str
    meeting_date: date | None
    page: int | None
    progress_update_id: int | None = None
    # The part of the page the update was read from, outlined, as base64 PNG; None
    # when the paper cannot be found or drawn here.
    evidence_png: str | None = None


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
    # Papers without a meeting date fall out of every year chart, and papers without a
    # council cannot be followed across papers: listed whatever the period.
    missing_metadata: list[MissingMetadata] = field(default_factory=list)

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
    evidence: bool = True,
    search_dirs: Sequence[str | Path] = (),
) -> Report:
    """Write the HTML report of the store behind ``engine`` to ``path``.

    ``year_from`` and ``year_to`` (inclusive) keep papers whose meeting falls in
    those years; with either set, undated papers are left out. ``path`` "-" means
    standard output. Outstanding recommendations carry a picture of the place in the
    paper unless ``evidence`` is False. Returns the figures the page shows.
    """
    report = build_report(
        engine,
        year_from=year_from,
        year_to=year_to,
        title=title,
        generated_at=generated_at,
        evidence=evidence,
        search_dirs=search_dirs,
    )
    html = render_html(report)
    if str(path) == "-":
        sys.stdout.write(html)
    else:
        Path(path).write_text(html, encoding="utf-8")
    return report


def build_report(
    engine: Engine,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    title: str = DEFAULT_TITLE,
    generated_at: datetime | None = None,
    evidence: bool = False,
    search_dirs: Sequence[str | Path] = (),
) -> Report:
    """The figures of the report, without rendering them. With `evidence`, each
    outstanding recommendation carries a picture of where its paper printed it (papers
    are looked for at their stored paths, then by name in `search_dirs`)."""
    check_years(year_from, year_to)
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
        outstanding=[
            with_evidence(engine, item, search_dirs) if evidence else item
            for item in outstanding_recommendations(engine, year_from=year_from, year_to=year_to)
        ],
        missing_metadata=missing_metadata(engine),
    )


# The picture of an outstanding recommendation is drawn at this many pixels per point
# and no wider than this, which keeps a page of them small enough to email.
EVIDENCE_SCALE = 1.25
EVIDENCE_MAX_WIDTH = 720


def with_evidence(
    engine: Engine, item: OutstandingRecommendation, search_dirs: Sequence[str | Path] = ()
) -> OutstandingRecommendation:
    """`item` with the outlined part of the page its latest update was read from."""
    from scrutiny.pipeline.query.evidence import can_draw, find_paper, page_images, recommendation_evidence

    if item.recommendation_id is None:
        return item
    found = recommendation_evidence(engine, item.recommendation_id)
    appearance = next(
        (a for a in (found.appearances if found else []) if a.progress_update_id == item.progress_update_id), None
    )
    if appearance is None or not can_draw(appearance):
        return item
    paper = find_paper(appearance, search_dirs)
    if paper is None:
        return item
    try:
        images = page_images(appearance, paper, scale=EVIDENCE_SCALE)
    except Exception:  # a damaged paper or a failed conversion leaves the row as text
        return item
    if not images:
        return item
    crop = images[0].crop()
    if crop.width > EVIDENCE_MAX_WIDTH:
        crop = crop.resize((EVIDENCE_MAX_WIDTH, round(crop.height * EVIDENCE_MAX_WIDTH / crop.width)))
    buffer = io.BytesIO()
    crop.save(buffer, format="PNG", optimize=True)
    return dataclasses.replace(item, evidence_png=base64.b64encode(buffer.getvalue()).decode("ascii"))


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
    from scrutiny.pipeline.query.analysis import themes_by_period

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
    query = outstanding_latest(*meeting_in_years(year_from, year_to)).add_columns(
        Document.path, ProgressUpdate.ordinal, ProgressUpdate.id.label("progress_update_id")
    )
    with Session(engine) as session:
        found = [
            (
                OutstandingRecommendation(
                    recommendation_id=row.recommendation_id,
                    ref=row.ref,
                    recommendation=row.recommendation,
                    update=row.latest_update,
                    council=row.council,
                    committee=row.committee,
                    document=row.document or Path(row.path).name,
                    meeting_date=row.meeting_date,
                    page=row.page,
                    progress_update_id=row.progress_update_id,
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
# Okabe-Ito colours, told apart with any common colour vision.
STATUS_COLOURS = {
    "completed": "#009E73",
    "in_progress": "#E69F00",
    "outstanding": "#D55E00",
    "unknown": "#999999",
}


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page."""
    chart = report_chart(report)
    return _ENV.get_template("report.html").render(
        report=report,
        manifest_header=MANIFEST_HEADER,
        chart=Markup(chart_svg(chart)) if report.themes else None,
        chart_title=chart.title,
        years=chart.periods,
        theme_rows=[
            (chart.labels[slug], [chart.count(slug, p) for p in chart.periods], chart.total(slug))
            for slug in chart.slugs
        ],
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
        status_colours=STATUS_COLOURS,
        status_totals={s: sum(getattr(c, s) for c in report.committees) for s in STATUSES},
    )


def report_chart(report: Report) -> ThemeChart:
    """The report's themes chart: every theme, every year of the period."""
    frame = pd.DataFrame(
        [
            {
                "period": UNDATED if c.year is None else str(c.year),
                "theme": c.slug,
                "label": c.label,
                "recommendations": c.recommendations,
            }
            for c in report.themes
        ],
        columns=["period", "theme", "label", "recommendations"],
    )
    return theme_chart(frame, by="year")


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
