"""What counting recommendations and updates by theme means: the one definition that
``scrutiny themes``, the report's chart, the analyst view ``v_themes_by_year`` and
Datasette's saved query are all built from, so they cannot disagree.

A recommendation is about a theme when the theme was tagged in its wording or in an
update on it; it is counted once per followed recommendation, in the period of its
paper. An update is about a theme when the theme was tagged in it or in its
recommendation's wording (updates inherit their recommendation's themes); it is
counted in the period of the paper that printed it.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, Select, Subquery, cast, func, null, select, union_all

from scrutiny.models.latest import followed
from scrutiny.models.schema import (
    Document,
    ProgressUpdate,
    ProgressUpdateTheme,
    Recommendation,
    RecommendationTheme,
    Theme,
)

THEMES_BY_YEAR_VIEW = "v_themes_by_year"


def meeting_year() -> ColumnElement[int]:
    """The year of a paper's meeting as an integer, NULL for an undated paper."""
    return cast(func.extract("year", Document.meeting_date), Integer)


def theme_counts(period: ColumnElement, *where: ColumnElement[bool], period_name: str = "period") -> Select:
    """Per `period` (an expression on Document) and theme, among papers that satisfy
    `where`: columns `period_name`, theme, label, recommendations and updates."""
    about = _about()
    return (
        select(
            period.label(period_name),
            Theme.slug.label("theme"),
            func.coalesce(Theme.label, Theme.slug).label("label"),
            func.count(func.distinct(about.c.followed)).label("recommendations"),
            func.count(func.distinct(about.c.progress_update_id)).label("updates"),
        )
        .select_from(about)
        .join(Document, Document.id == about.c.document_id)
        .join(Theme, Theme.id == about.c.theme_id)
        .where(*where)
        .group_by(period, Theme.slug, Theme.label)
    )


def themes_by_year_view() -> Select:
    """The rows of the analyst view ``v_themes_by_year``."""
    return theme_counts(meeting_year(), period_name="year")


def _about() -> Subquery:
    """Each (followed recommendation or update, theme, paper) the theme is about: a
    recommendation row has no update, an update row no recommendation."""
    no_update = cast(null(), Integer)
    no_recommendation = cast(null(), Integer)
    recommendations_tagged = (
        select(
            followed().label("followed"),
            no_update.label("progress_update_id"),
            RecommendationTheme.theme_id.label("theme_id"),
            Recommendation.document_id.label("document_id"),
        )
        .select_from(RecommendationTheme)
        .join(Recommendation, Recommendation.id == RecommendationTheme.recommendation_id)
    )
    recommendations_tagged_in_updates = (
        select(followed(), no_update, ProgressUpdateTheme.theme_id, Recommendation.document_id)
        .select_from(ProgressUpdateTheme)
        .join(ProgressUpdate, ProgressUpdate.id == ProgressUpdateTheme.progress_update_id)
        .join(Recommendation, Recommendation.id == ProgressUpdate.recommendation_id)
    )
    updates_tagged = (
        select(no_recommendation, ProgressUpdate.id, ProgressUpdateTheme.theme_id, ProgressUpdate.document_id)
        .select_from(ProgressUpdateTheme)
        .join(ProgressUpdate, ProgressUpdate.id == ProgressUpdateTheme.progress_update_id)
    )
    updates_of_tagged_recommendations = (
        select(no_recommendation, ProgressUpdate.id, RecommendationTheme.theme_id, ProgressUpdate.document_id)
        .select_from(RecommendationTheme)
        .join(ProgressUpdate, ProgressUpdate.recommendation_id == RecommendationTheme.recommendation_id)
    )
    return union_all(
        recommendations_tagged,
        recommendations_tagged_in_updates,
        updates_tagged,
        updates_of_tagged_recommendations,
    ).subquery("about")


__all__ = ["THEMES_BY_YEAR_VIEW", "meeting_year", "theme_counts", "themes_by_year_view"]
