"""Questions researchers ask of the store, as plain functions over an Engine.

Every query is built with SQLAlchemy and bound parameters; results are small
dataclasses (or DataFrames where a notebook wants one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, Select, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from scrutiny.models.latest import latest_appearances, latest_status, latest_updates
from scrutiny.models.schema import (
    Committee,
    Council,
    Document,
    Lineage,
    ProgressUpdate,
    ProgressUpdateTheme,
    Recommendation,
    RecommendationTheme,
    Theme,
)


@dataclass(frozen=True)
class TimelineEntry:
    """One appearance of a recommendation in a paper, with the update it reported."""

    date: date | None
    document_id: int
    document: str  # title, or path when untitled
    path: str
    committee: str | None
    page: int | None
    recommendation: str  # the wording in this paper
    status: str | None  # None when the paper only made the recommendation
    update: str | None
    lineage_status: str


@dataclass(frozen=True)
class RecommendationSummary:
    id: int  # lineage id: pass it to recommendation_history
    council: str | None
    committee: str | None
    text: str
    latest_status: str
    latest_date: date | None
    updates: int
    papers: int
    needs_review: bool


def recommendation_history(engine: Engine, lineage_id: int) -> list[TimelineEntry]:
    """A recommendation's timeline, oldest paper first; empty if the id is unknown."""
    query = (
        select(Recommendation, Document, Committee.name, ProgressUpdate)
        .join(Document, Recommendation.document_id == Document.id)
        .outerjoin(Committee, Document.committee_id == Committee.id)
        .outerjoin(ProgressUpdate, ProgressUpdate.recommendation_id == Recommendation.id)
        .where(Recommendation.lineage_id == lineage_id)
        .order_by(Document.meeting_date.is_(None), Document.meeting_date, Document.id, ProgressUpdate.ordinal)
    )
    entries = []
    with Session(engine) as session:
        for recommendation, document, committee, update in session.execute(query):
            entries.append(
                TimelineEntry(
                    date=document.meeting_date,
                    document_id=document.id,
                    document=document.title or document.path,
                    path=document.path,
                    committee=committee,
                    page=update.page if update is not None else recommendation.page,
                    recommendation=recommendation.text,
                    status=update.status if update is not None else None,
                    update=update.text if update is not None else None,
                    lineage_status=recommendation.lineage_status,
                )
            )
    return entries


def list_recommendations(
    engine: Engine,
    *,
    council: str | None = None,
    committee: str | None = None,
    status: str | None = None,
    theme: str | None = None,
) -> list[RecommendationSummary]:
    """Every followed recommendation with its latest status, newest activity first.

    `council` and `committee` match case-insensitively anywhere in the name; `status`
    filters on the latest status; `theme` (a slug) on a theme tagged in any of its
    wordings or updates.
    """
    latest = latest_updates()
    stats = (
        select(
            Recommendation.lineage_id.label("lineage_id"),
            func.count(func.distinct(ProgressUpdate.id)).label("updates"),
            func.count(func.distinct(Recommendation.document_id)).label("papers"),
            func.max(Document.meeting_date).label("latest_date"),
            func.sum(_is_review()).label("reviews"),
        )
        .join(Document, Recommendation.document_id == Document.id)
        .outerjoin(ProgressUpdate, ProgressUpdate.recommendation_id == Recommendation.id)
        .group_by(Recommendation.lineage_id)
        .subquery()
    )
    latest_paper = latest_appearances()
    latest_committee = aliased(Committee)
    latest_doc = aliased(Document)
    query = (
        select(
            Lineage.id,
            Council.name,
            latest_committee.name,
            Lineage.text,
            latest_status(latest),
            stats.c.latest_date,
            stats.c.updates,
            stats.c.papers,
            stats.c.reviews,
        )
        .join(stats, stats.c.lineage_id == Lineage.id)
        .join(latest_paper, latest_paper.c.followed == Lineage.id)
        .join(latest_doc, latest_doc.id == latest_paper.c.document_id)
        .outerjoin(latest_committee, latest_committee.id == latest_doc.committee_id)
        .outerjoin(Council, Council.id == Lineage.council_id)
        .outerjoin(latest, latest.c.followed == Lineage.id)
        .order_by(stats.c.latest_date.desc().nulls_last(), Lineage.id)
    )
    if council:
        query = query.where(council_matches(council))
    if committee:
        query = query.where(latest_committee.name.ilike(contains_pattern(committee), escape=LIKE_ESCAPE))
    if status:
        query = query.where(latest_status(latest) == status)
    if theme:
        query = query.where(has_theme(theme))
    with Session(engine) as session:
        return [
            RecommendationSummary(
                id=row[0],
                council=row[1],
                committee=row[2],
                text=row[3],
                latest_status=row[4],
                latest_date=row[5],
                updates=row[6],
                papers=row[7],
                needs_review=bool(row[8]),
            )
            for row in session.execute(query)
        ]


def outstanding_latest(*where) -> Select:
    """Followed recommendations whose latest update, among the updates in papers that
    satisfy `where`, is outstanding: one row each, with the paper and page of that
    update (the report's list and Datasette's saved query)."""
    latest = latest_updates(*where)
    return (
        select(
            Recommendation.lineage_id.label("recommendation_id"),
            Recommendation.ref,
            Recommendation.text.label("recommendation"),
            ProgressUpdate.text.label("latest_update"),
            Council.name.label("council"),
            Committee.name.label("committee"),
            Document.title.label("document"),
            Document.meeting_date,
            ProgressUpdate.page,
        )
        .select_from(latest)
        .join(ProgressUpdate, ProgressUpdate.id == latest.c.update_id)
        .join(Recommendation, Recommendation.id == ProgressUpdate.recommendation_id)
        .join(Document, Document.id == ProgressUpdate.document_id)
        .outerjoin(Council, Council.id == Document.council_id)
        .outerjoin(Committee, Committee.id == Document.committee_id)
        .where(latest.c.status == "outstanding")
    )


def _is_review():
    return case((Recommendation.lineage_status == "review", 1), else_=0)


def has_theme(slug: str):
    in_recommendation = (
        select(RecommendationTheme.id)
        .join(Theme, Theme.id == RecommendationTheme.theme_id)
        .join(Recommendation, Recommendation.id == RecommendationTheme.recommendation_id)
        .where(Theme.slug == slug, Recommendation.lineage_id == Lineage.id)
    )
    in_update = (
        select(ProgressUpdateTheme.id)
        .join(Theme, Theme.id == ProgressUpdateTheme.theme_id)
        .join(ProgressUpdate, ProgressUpdate.id == ProgressUpdateTheme.progress_update_id)
        .join(Recommendation, Recommendation.id == ProgressUpdate.recommendation_id)
        .where(Theme.slug == slug, Recommendation.lineage_id == Lineage.id)
    )
    return or_(exists(in_recommendation), exists(in_update))


LIKE_ESCAPE = "\\"


def council_matches(text: str):
    """The filter for a council typed any way: a spelling, code or initials the UK
    register knows ("swansea", "SWA", "Abertawe", "KCC") picks that council; any
    other text matches council names that contain it."""
    from scrutiny.extractors.councils import uk_register

    by_name = Council.name.ilike(contains_pattern(text), escape=LIKE_ESCAPE)
    authority = uk_register().resolve(text)
    return or_(Council.code == authority.code, by_name) if authority is not None else by_name


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with its own % and _ taken literally
    (use with escape=LIKE_ESCAPE)."""
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return f"%{text}%"


__all__ = [
    "LIKE_ESCAPE",
    "RecommendationSummary",
    "TimelineEntry",
    "contains_pattern",
    "has_theme",
    "list_recommendations",
    "outstanding_latest",
    "recommendation_history",
]
