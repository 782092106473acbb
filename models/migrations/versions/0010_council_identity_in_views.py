"""Every analyst view carries the council's register codes, nation and region.

``v_progress_updates`` has had them since revision 0008; ``v_latest_status`` and
``v_recommendation_themes`` gain ``council_code``, ``council_gss_code``, ``nation``
and ``region``, so a researcher can join ONS statistics to any of them.
``v_latest_status`` is compiled from the library's definition of latest status, as
revision 0005 builds it.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from scrutiny.models.latest import LATEST_STATUS_VIEW, latest_status_view

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# v_recommendation_themes's columns before this revision.
_THEMES_BEFORE = (
    "recommendation_id",
    "theme",
    "theme_label",
    "council",
    "committee",
    "meeting_date",
    "year",
    "document",
    "page",
    "status",
    "recommendation",
    '"update"',
    "progress_update_id",
    "document_id",
)


def _recommendation_themes(year: str) -> str:
    return f"""
        WITH about AS (
            SELECT r.id AS recommendation_row, u.id AS progress_update_id, l.theme_id
            FROM recommendation_theme l
            JOIN recommendation r ON r.id = l.recommendation_id
            LEFT JOIN progress_update u ON u.recommendation_id = r.id
            UNION
            SELECT u.recommendation_id, u.id, l.theme_id
            FROM progress_update_theme l JOIN progress_update u ON u.id = l.progress_update_id
        )
        SELECT r.lineage_id AS recommendation_id,
               t.slug AS theme,
               t.label AS theme_label,
               c.name AS council,
               c.code AS council_code, c.gss_code AS council_gss_code, c.nation, c.region,
               cm.name AS committee,
               d.meeting_date,
               {year} AS year,
               d.title AS document,
               COALESCE(u.page, r.page) AS page,
               u.status,
               r.text AS recommendation,
               u.text AS "update",
               u.id AS progress_update_id,
               d.id AS document_id
        FROM about a
        JOIN recommendation r ON r.id = a.recommendation_row
        LEFT JOIN progress_update u ON u.id = a.progress_update_id
        JOIN theme t ON t.id = a.theme_id
        JOIN document d ON d.id = r.document_id
        LEFT JOIN council c ON c.id = d.council_id
        LEFT JOIN committee cm ON cm.id = d.committee_id
    """


def _year() -> str:
    if op.get_bind().dialect.name == "postgresql":
        return "CAST(EXTRACT(YEAR FROM d.meeting_date) AS INTEGER)"
    return "CAST(strftime('%Y', d.meeting_date) AS INTEGER)"


def _latest_status(council_identity: bool) -> str:
    query = latest_status_view(council_identity=council_identity)
    return str(query.compile(dialect=op.get_bind().dialect, compile_kwargs={"literal_binds": True}))


def upgrade() -> None:
    op.execute(f"DROP VIEW IF EXISTS {LATEST_STATUS_VIEW}")
    op.execute(f"CREATE VIEW {LATEST_STATUS_VIEW} AS {_latest_status(council_identity=True)}")
    op.execute("DROP VIEW IF EXISTS v_recommendation_themes")
    op.execute(f"CREATE VIEW v_recommendation_themes AS {_recommendation_themes(_year())}")


def downgrade() -> None:
    # The same rows without the council's codes, nation and region.
    op.execute(f"DROP VIEW IF EXISTS {LATEST_STATUS_VIEW}")
    op.execute(f"CREATE VIEW {LATEST_STATUS_VIEW} AS {_latest_status(council_identity=False)}")
    op.execute("DROP VIEW IF EXISTS v_recommendation_themes")
    op.execute(
        f"CREATE VIEW v_recommendation_themes AS SELECT {', '.join(_THEMES_BEFORE)} "
        f"FROM ({_recommendation_themes(_year())}) AS tagged"
    )
