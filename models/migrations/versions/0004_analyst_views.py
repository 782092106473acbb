"""Views for analysts who connect their own tools (Excel, R, Tableau, psql).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = ("v_themes_by_year", "v_theme_tags", "v_latest_status", "v_progress_updates")


def upgrade() -> None:
    year = _year_expression(op.get_bind().dialect.name)
    op.execute(
        f"""
        CREATE VIEW v_progress_updates AS
        SELECT r.lineage_id AS recommendation_id,
               c.name AS council,
               cm.name AS committee,
               d.meeting_date,
               {year.format(column="d.meeting_date")} AS year,
               d.title AS document,
               d.path,
               COALESCE(u.page, r.page) AS page,
               r.ref,
               r.text AS recommendation,
               u.text AS "update",
               u.status,
               u.status_text,
               u.response,
               u.id AS progress_update_id,
               d.id AS document_id
        FROM recommendation r
        JOIN document d ON d.id = r.document_id
        LEFT JOIN council c ON c.id = d.council_id
        LEFT JOIN committee cm ON cm.id = d.committee_id
        LEFT JOIN progress_update u ON u.recommendation_id = r.id
        """
    )
    op.execute(
        f"""
        CREATE VIEW v_theme_tags AS
        SELECT t.slug AS theme, t.label, 'recommendation' AS field, l.matched,
               r.lineage_id AS recommendation_id, r.id AS recommendation_row_id,
               CAST(NULL AS INTEGER) AS progress_update_id, d.meeting_date,
               {year.format(column="d.meeting_date")} AS year, d.id AS document_id
        FROM recommendation_theme l
        JOIN theme t ON t.id = l.theme_id
        JOIN recommendation r ON r.id = l.recommendation_id
        JOIN document d ON d.id = r.document_id
        UNION ALL
        SELECT t.slug, t.label, 'progress', l.matched,
               r.lineage_id, r.id, u.id, d.meeting_date,
               {year.format(column="d.meeting_date")}, d.id
        FROM progress_update_theme l
        JOIN theme t ON t.id = l.theme_id
        JOIN progress_update u ON u.id = l.progress_update_id
        JOIN recommendation r ON r.id = u.recommendation_id
        JOIN document d ON d.id = u.document_id
        """
    )
    # An item is about a theme when the theme was tagged in its recommendation or
    # in its update; updates inherit their recommendation's themes.
    op.execute(
        f"""
        CREATE VIEW v_themes_by_year AS
        WITH about AS (
            SELECT r.id AS recommendation_row_id, CAST(NULL AS INTEGER) AS progress_update_id, l.theme_id, r.document_id
            FROM recommendation_theme l JOIN recommendation r ON r.id = l.recommendation_id
            UNION
            SELECT u.recommendation_id, CAST(NULL AS INTEGER), l.theme_id, u.document_id
            FROM progress_update_theme l JOIN progress_update u ON u.id = l.progress_update_id
            UNION
            SELECT u.recommendation_id, u.id, l.theme_id, u.document_id
            FROM progress_update_theme l JOIN progress_update u ON u.id = l.progress_update_id
            UNION
            SELECT u.recommendation_id, u.id, l.theme_id, u.document_id
            FROM recommendation_theme l JOIN progress_update u ON u.recommendation_id = l.recommendation_id
        )
        SELECT {year.format(column="d.meeting_date")} AS year,
               t.slug AS theme,
               t.label,
               COUNT(DISTINCT a.recommendation_row_id) AS recommendations,
               COUNT(DISTINCT a.progress_update_id) AS updates
        FROM about a
        JOIN theme t ON t.id = a.theme_id
        JOIN document d ON d.id = a.document_id
        GROUP BY {year.format(column="d.meeting_date")}, t.slug, t.label
        """
    )
    op.execute(
        """
        CREATE VIEW v_latest_status AS
        WITH ranked AS (
            SELECT r.lineage_id, u.status, d.meeting_date, d.title AS document, u.page,
                   ROW_NUMBER() OVER (
                       PARTITION BY r.lineage_id
                       ORDER BY CASE WHEN d.meeting_date IS NULL THEN 1 ELSE 0 END,
                                d.meeting_date DESC, d.id DESC, u.ordinal DESC
                   ) AS rank
            FROM progress_update u
            JOIN recommendation r ON r.id = u.recommendation_id
            JOIN document d ON d.id = u.document_id
        )
        SELECT l.id AS recommendation_id, c.name AS council, l.text AS recommendation,
               COALESCE(ranked.status, 'unknown') AS latest_status,
               ranked.meeting_date AS latest_update_date, ranked.document AS latest_document,
               ranked.page AS latest_page
        FROM lineage l
        LEFT JOIN council c ON c.id = l.council_id
        LEFT JOIN ranked ON ranked.lineage_id = l.id AND ranked.rank = 1
        WHERE EXISTS (SELECT 1 FROM recommendation r WHERE r.lineage_id = l.id)
        """
    )


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")


def _year_expression(dialect: str) -> str:
    if dialect == "postgresql":
        return "CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return "CAST(strftime('%Y', {column}) AS INTEGER)"
