"""Views that count and browse as the commands do: themes counted per followed
recommendation, and each progress update with its themes.

``v_themes_by_year`` counts a recommendation followed through several papers of one
year once, as ``scrutiny themes`` and the report's chart do. ``v_progress_updates``
gains ``themes``, a JSON array of the theme slugs tagged in the recommendation's
wording or in the update. ``v_recommendation_themes`` has a row per progress update
(or recommendation without one) and theme it is about, so a browser can filter and
count by council, committee, year, status and theme at once.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The slugs tagged in a progress update's recommendation or in the update itself.
_TAGS = """
    SELECT t.slug FROM recommendation_theme rt JOIN theme t ON t.id = rt.theme_id
    WHERE rt.recommendation_id = r.id
    UNION
    SELECT t.slug FROM progress_update_theme pt JOIN theme t ON t.id = pt.theme_id
    WHERE pt.progress_update_id = u.id
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    year = _year_expression(dialect)
    if dialect == "postgresql":
        themes = f"(SELECT COALESCE(json_agg(tags.slug ORDER BY tags.slug), '[]'::json)::text FROM ({_TAGS}) AS tags)"
    else:
        themes = f"(SELECT json_group_array(slug) FROM (SELECT slug FROM ({_TAGS}) ORDER BY slug))"
    op.execute("DROP VIEW IF EXISTS v_progress_updates")
    op.execute(
        f"""
        CREATE VIEW v_progress_updates AS
        SELECT r.lineage_id AS recommendation_id,
               c.name AS council,
               c.code AS council_code, c.gss_code AS council_gss_code, c.nation, c.region,
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
               {themes} AS themes,
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
        CREATE VIEW v_recommendation_themes AS
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
               cm.name AS committee,
               d.meeting_date,
               {year.format(column="d.meeting_date")} AS year,
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
    )
    op.execute("DROP VIEW IF EXISTS v_themes_by_year")
    # An item is about a theme when the theme was tagged in its recommendation or in
    # its update; updates inherit their recommendation's themes. A recommendation is
    # counted by the one it is followed as (its lineage), else by itself.
    op.execute(
        f"""
        CREATE VIEW v_themes_by_year AS
        WITH about AS (
            SELECT COALESCE(r.lineage_id, -r.id) AS followed, CAST(NULL AS INTEGER) AS progress_update_id,
                   l.theme_id, r.document_id
            FROM recommendation_theme l JOIN recommendation r ON r.id = l.recommendation_id
            UNION
            SELECT COALESCE(r.lineage_id, -r.id), CAST(NULL AS INTEGER), l.theme_id, u.document_id
            FROM progress_update_theme l
            JOIN progress_update u ON u.id = l.progress_update_id
            JOIN recommendation r ON r.id = u.recommendation_id
            UNION
            SELECT COALESCE(r.lineage_id, -r.id), u.id, l.theme_id, u.document_id
            FROM progress_update_theme l
            JOIN progress_update u ON u.id = l.progress_update_id
            JOIN recommendation r ON r.id = u.recommendation_id
            UNION
            SELECT COALESCE(r.lineage_id, -r.id), u.id, l.theme_id, u.document_id
            FROM recommendation_theme l
            JOIN progress_update u ON u.recommendation_id = l.recommendation_id
            JOIN recommendation r ON r.id = u.recommendation_id
        )
        SELECT {year.format(column="d.meeting_date")} AS year,
               t.slug AS theme,
               t.label,
               COUNT(DISTINCT a.followed) AS recommendations,
               COUNT(DISTINCT a.progress_update_id) AS updates
        FROM about a
        JOIN theme t ON t.id = a.theme_id
        JOIN document d ON d.id = a.document_id
        GROUP BY {year.format(column="d.meeting_date")}, t.slug, t.label
        """
    )


def downgrade() -> None:
    # Back to the views as revisions 0004 (themes) and 0007 (updates) wrote them.
    year = _year_expression(op.get_bind().dialect.name)
    op.execute("DROP VIEW IF EXISTS v_recommendation_themes")
    op.execute("DROP VIEW IF EXISTS v_progress_updates")
    op.execute("DROP VIEW IF EXISTS v_themes_by_year")
    op.execute(
        f"""
        CREATE VIEW v_progress_updates AS
        SELECT r.lineage_id AS recommendation_id,
               c.name AS council,
               c.code AS council_code, c.gss_code AS council_gss_code, c.nation, c.region,
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


def _year_expression(dialect: str) -> str:
    if dialect == "postgresql":
        return "CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return "CAST(strftime('%Y', {column}) AS INTEGER)"
