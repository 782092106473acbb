"""What "latest" means for a followed recommendation: the one definition that the
listing, search, the report, the analyst view ``v_latest_status`` and Datasette's
saved queries are all built from, so they cannot disagree.

A followed recommendation is a lineage; a recommendation whose lineage was removed
stands for itself. Its papers speak for it latest meeting first, undated papers
last, then the paper stored last; within a paper, its last update. Its latest
status is the status of the update that comes first in that order, and "unknown"
when no paper reported on it.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, Subquery, exists, func, select
from sqlalchemy.orm import aliased

from scrutiny.models.schema import Council, Document, Lineage, ProgressUpdate, Recommendation

# The status of a recommendation no paper reported on.
NO_UPDATE_STATUS = "unknown"

NEWEST_PAPER_FIRST = (Document.meeting_date.desc().nulls_last(), Document.id.desc())
NEWEST_UPDATE_FIRST = (*NEWEST_PAPER_FIRST, ProgressUpdate.ordinal.desc())

LATEST_STATUS_VIEW = "v_latest_status"


def followed() -> ColumnElement[int]:
    """The key of the followed recommendation a Recommendation row belongs to: its
    lineage id, or its own id negated (so the two kinds never collide)."""
    return func.coalesce(Recommendation.lineage_id, -Recommendation.id)


def latest_updates(*where: ColumnElement[bool]) -> Subquery:
    """Per followed recommendation, its latest update among the progress updates
    (joined to their Recommendation and Document) that satisfy `where`.

    Columns: ``followed`` (see :func:`followed`), ``update_id`` and ``status``.
    """
    ranked = (
        select(
            followed().label("followed"),
            ProgressUpdate.id.label("update_id"),
            ProgressUpdate.status.label("status"),
            _rank(NEWEST_UPDATE_FIRST).label("rank"),
        )
        .join(ProgressUpdate, ProgressUpdate.recommendation_id == Recommendation.id)
        .join(Document, Document.id == ProgressUpdate.document_id)
        .where(*where)
        .subquery()
    )
    return select(ranked.c.followed, ranked.c.update_id, ranked.c.status).where(ranked.c.rank == 1).subquery()


def latest_appearances(*where: ColumnElement[bool]) -> Subquery:
    """Per followed recommendation, where it last appears among the recommendations
    (joined to their Document) that satisfy `where`: in its latest paper, and within
    that paper its last wording.

    Columns: ``followed``, ``recommendation_id`` and ``document_id``.
    """
    ranked = (
        select(
            followed().label("followed"),
            Recommendation.id.label("recommendation_id"),
            Document.id.label("document_id"),
            _rank((*NEWEST_PAPER_FIRST, Recommendation.ordinal.desc())).label("rank"),
        )
        .join(Document, Document.id == Recommendation.document_id)
        .where(*where)
        .subquery()
    )
    return (
        select(ranked.c.followed, ranked.c.recommendation_id, ranked.c.document_id).where(ranked.c.rank == 1).subquery()
    )


def latest_status(latest: Subquery) -> ColumnElement[str]:
    """The latest status from a :func:`latest_updates` subquery joined outer."""
    return func.coalesce(latest.c.status, NO_UPDATE_STATUS)


def latest_update_value(lineage_id: ColumnElement[int], column: ColumnElement) -> ColumnElement:
    """`column` of the latest update of the lineage `lineage_id`, as a correlated
    scalar subquery: one indexed lookup per row, for when only a few rows need it."""
    return (
        select(column)
        .join(Recommendation, Recommendation.id == ProgressUpdate.recommendation_id)
        .join(Document, Document.id == ProgressUpdate.document_id)
        .where(Recommendation.lineage_id == lineage_id)
        .order_by(*NEWEST_UPDATE_FIRST)
        .limit(1)
        .scalar_subquery()
    )


def latest_status_view(*, council_identity: bool = True) -> Select:
    """The rows of the analyst view ``v_latest_status``: every followed recommendation
    with a wording in some paper, its council (with the register's codes, nation and
    region), its latest status and the paper and page that reported it.

    `council_identity=False` leaves out the codes, nation and region, as the view was
    built before the council table held them (the migrations that build it then)."""
    latest = latest_updates()
    update = aliased(ProgressUpdate)
    paper = aliased(Document)
    return (
        select(
            Lineage.id.label("recommendation_id"),
            Council.name.label("council"),
            # The register's codes, to join ONS statistics on, and where the council is.
            *(
                (
                    Council.code.label("council_code"),
                    Council.gss_code.label("council_gss_code"),
                    Council.nation.label("nation"),
                    Council.region.label("region"),
                )
                if council_identity
                else ()
            ),
            Lineage.text.label("recommendation"),
            latest_status(latest).label("latest_status"),
            paper.meeting_date.label("latest_update_date"),
            paper.title.label("latest_document"),
            update.page.label("latest_page"),
        )
        .select_from(Lineage)
        .outerjoin(Council, Council.id == Lineage.council_id)
        .outerjoin(latest, latest.c.followed == Lineage.id)
        .outerjoin(update, update.id == latest.c.update_id)
        .outerjoin(paper, paper.id == update.document_id)
        .where(exists().where(Recommendation.lineage_id == Lineage.id))
    )


def _rank(order_by) -> ColumnElement[int]:
    return func.row_number().over(partition_by=followed(), order_by=order_by)


__all__ = [
    "LATEST_STATUS_VIEW",
    "NEWEST_PAPER_FIRST",
    "NEWEST_UPDATE_FIRST",
    "NO_UPDATE_STATUS",
    "followed",
    "latest_appearances",
    "latest_status",
    "latest_status_view",
    "latest_update_value",
    "latest_updates",
]
