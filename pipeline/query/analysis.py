"""Answers as pandas DataFrames, for notebooks and for the commands that print them.

An item is *about* a theme when the theme was tagged in its recommendation's text
or in its update's text. Periods come from each paper's meeting date.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from scrutiny.models.latest import NO_UPDATE_STATUS, latest_updates
from scrutiny.models.schema import (
    Committee,
    Council,
    Document,
    ProgressUpdate,
    ProgressUpdateTheme,
    Recommendation,
    RecommendationTheme,
    Theme,
)
from scrutiny.models.theme_counts import meeting_year, theme_counts
from scrutiny.pipeline.query.choices import EXPORT_FORMATS, PERIODS, UNDATED
from scrutiny.pipeline.query.period import check_years, in_meeting_order, meeting_in_years

# pandas is imported where a table is built: the CLI imports this module for its
# option values, and an ingest need not carry pandas (some 60 MB) in memory.
if TYPE_CHECKING:
    import pandas as pd


def themes_by_period(
    engine: Engine, by: str = "year", *, year_from: int | None = None, year_to: int | None = None
) -> pd.DataFrame:
    """Per period and theme: how many recommendations (followed across papers, so
    one reported on twice in a year counts once), and how many updates, were about
    the theme. Columns: period, theme, label, recommendations, updates.

    `year_from` / `year_to` are years, inclusive, on the papers' meeting dates.
    """
    import pandas as pd

    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    check_years(year_from, year_to)
    query = theme_counts(_period_column(by), *meeting_in_years(year_from, year_to))
    with Session(engine) as session:
        rows = [{**row._asdict(), "period": _period_text(row.period)} for row in session.execute(query)]
    frame = pd.DataFrame(
        sorted(rows, key=lambda r: (r["period"] == UNDATED, r["period"], r["theme"])),
        columns=["period", "theme", "label", "recommendations", "updates"],
    )
    return frame.astype({"recommendations": "int64", "updates": "int64"})


def _period_column(by: str):
    if by == "year":
        return meeting_year()
    if by == "committee":
        return select(Committee.name).where(Committee.id == Document.committee_id).scalar_subquery()
    # A council's place in the UK register: its nation, region, or kind of council.
    column = {"council": Council.name, "nation": Council.nation, "region": Council.region, "kind": Council.kind}[by]
    return select(column).where(Council.id == Document.council_id).scalar_subquery()


def _period_text(value) -> str:
    if value is None:
        return UNDATED
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def updates_table(engine: Engine) -> pd.DataFrame:
    """One flat row per progress update with every join resolved: council, committee,
    meeting date, document, page, recommendation, update, status, response, themes.

    Recommendations stored without any update (from the report that made them) get
    one row with an empty update, so nothing a paper recommended is left out.
    """
    import pandas as pd

    query = (
        select(
            Recommendation.lineage_id.label("recommendation_id"),
            Council.name.label("council"),
            # The register's codes, to join ONS statistics on, and where the council is.
            Council.code.label("council_code"),
            Council.gss_code.label("council_gss_code"),
            Council.nation.label("nation"),
            Council.region.label("region"),
            Committee.name.label("committee"),
            Document.meeting_date.label("meeting_date"),
            Document.title.label("document"),
            Document.path.label("path"),
            func.coalesce(ProgressUpdate.page, Recommendation.page).label("page"),
            Recommendation.ref.label("ref"),
            Recommendation.text.label("recommendation"),
            ProgressUpdate.text.label("update"),
            ProgressUpdate.status.label("status"),
            ProgressUpdate.status_text.label("status_text"),
            ProgressUpdate.response.label("response"),
            Recommendation.id.label("_rec_row"),
            ProgressUpdate.id.label("_update_row"),
        )
        .join(Document, Document.id == Recommendation.document_id)
        .outerjoin(Council, Council.id == Document.council_id)
        .outerjoin(Committee, Committee.id == Document.committee_id)
        .outerjoin(ProgressUpdate, ProgressUpdate.recommendation_id == Recommendation.id)
        .order_by(*in_meeting_order())
    )
    with Session(engine) as session:
        rows = [dict(r._mapping) for r in session.execute(query)]
        rec_themes = _themes_by_owner(session, RecommendationTheme.recommendation_id, RecommendationTheme.theme_id)
        update_themes = _themes_by_owner(session, ProgressUpdateTheme.progress_update_id, ProgressUpdateTheme.theme_id)
    for row in rows:
        slugs = rec_themes.get(row.pop("_rec_row"), set()) | update_themes.get(row.pop("_update_row"), set())
        row["themes"] = ",".join(sorted(slugs))
    # The query's columns, less the row ids the themes were found by, then the themes.
    columns = [*(c.name for c in query.selected_columns if not c.name.startswith("_")), "themes"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"recommendation_id": "Int64", "page": "Int64"})


def _themes_by_owner(session: Session, owner_column, theme_column) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for owner, slug in session.execute(select(owner_column, Theme.slug).join(Theme, Theme.id == theme_column)):
        found[owner].add(slug)
    return found


def export_updates(engine: Engine, path: str | Path, fmt: str | None = None) -> int:
    """Write updates_table to `path` as CSV, Parquet or JSON (from the suffix unless
    `fmt` is given); "-" writes to standard output, as CSV unless `fmt` says otherwise.
    Returns the number of rows."""
    import pandas as pd

    to_stdout = str(path) == "-"
    path = Path(path)
    fmt = (fmt or ("csv" if to_stdout else path.suffix.lstrip("."))).lower()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"export format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt or '(none)'!r}")
    frame = updates_table(engine)
    if to_stdout:
        target = sys.stdout.buffer if fmt == "parquet" else sys.stdout
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        target = path
    if fmt == "csv":
        frame.to_csv(target, index=False)
    elif fmt == "parquet":
        frame.assign(meeting_date=pd.to_datetime(frame["meeting_date"])).to_parquet(target, index=False)
    else:
        dates = frame["meeting_date"].map(lambda d: d.isoformat() if isinstance(d, date) else None)
        text = frame.assign(meeting_date=dates).to_json(orient="records", indent=1, force_ascii=False)
        if to_stdout:
            target.write(text + "\n")
        else:
            path.write_text(text, encoding="utf-8")
    if to_stdout:
        target.flush()
    return len(frame)


def follow_through(engine: Engine) -> pd.DataFrame:
    """Per recommendation followed across papers: when it was first recommended,
    when an update first called it completed, how many days that took, its latest
    status and how many updates it had. Columns: recommendation_id, council,
    recommendation, first_date, completed_date, days_to_complete, latest_status,
    updates."""
    import pandas as pd

    table = updates_table(engine)
    if table.empty:
        return pd.DataFrame(
            columns=[
                "recommendation_id",
                "council",
                "recommendation",
                "first_date",
                "completed_date",
                "days_to_complete",
                "latest_status",
                "updates",
            ]
        )
    latest_statuses = _latest_statuses(engine)
    rows = []
    for rec_id, group in table.groupby("recommendation_id", sort=True):
        dated = group.dropna(subset=["meeting_date"]).sort_values("meeting_date")
        completed = dated[dated["status"] == "completed"]
        first = dated["meeting_date"].iloc[0] if not dated.empty else None
        done = completed["meeting_date"].iloc[0] if not completed.empty else None
        rows.append(
            {
                "recommendation_id": int(rec_id),
                "council": group["council"].iloc[0],
                "recommendation": group["recommendation"].iloc[0],
                "first_date": first,
                "completed_date": done,
                "days_to_complete": (done - first).days if first is not None and done is not None else None,
                "latest_status": latest_statuses.get(int(rec_id), NO_UPDATE_STATUS),
                "updates": int(group["update"].notna().sum()),
            }
        )
    return pd.DataFrame(rows)


def _latest_statuses(engine: Engine) -> dict[int, str]:
    """The latest status of every followed recommendation that has an update."""
    latest = latest_updates()
    with Session(engine) as session:
        return {followed: status for followed, status in session.execute(select(latest.c.followed, latest.c.status))}
