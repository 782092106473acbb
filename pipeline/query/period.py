"""The one period filter: whole years of meeting dates, both ends inclusive."""

from __future__ import annotations

from datetime import date

from scrutiny.models.schema import Document, ProgressUpdate, Recommendation


def check_years(year_from: int | None, year_to: int | None) -> None:
    """Raise ValueError for a period that ends before it starts."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise ValueError(f"year_from {year_from} is after year_to {year_to}")


def meeting_in_years(year_from: int | None, year_to: int | None, document=Document) -> list:
    """Conditions on `document`'s meeting date (the Document table or an alias of it);
    undated papers drop out once either bound is set."""
    # Date bounds rather than extract(year) keep the meeting_date comparison indexable.
    conditions = []
    if year_from is not None:
        conditions.append(document.meeting_date >= date(year_from, 1, 1))
    if year_to is not None:
        conditions.append(document.meeting_date < date(year_to + 1, 1, 1))
    return conditions


def in_meeting_order() -> tuple:
    """ORDER BY terms for recommendations and their updates as the papers were met:
    earliest meeting first, undated papers last, then each paper's own order."""
    return (
        Document.meeting_date.is_(None),
        Document.meeting_date,
        Document.id,
        Recommendation.ordinal,
        ProgressUpdate.ordinal,
    )
