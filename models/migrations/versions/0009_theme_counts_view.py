"""Build the view v_themes_by_year from the library's definition of theme counts.

The view is compiled from scrutiny.models.theme_counts for the store's dialect, so
it counts as ``scrutiny themes``, the report and Datasette's saved query do by
construction. A theme without a label is labelled by its slug, as the commands
label it. Should that definition change, a later migration recreates the view the
same way.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from scrutiny.models.theme_counts import THEMES_BY_YEAR_VIEW, themes_by_year_view

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    query = themes_by_year_view().compile(dialect=bind.dialect, compile_kwargs={"literal_binds": True})
    op.execute(f"DROP VIEW IF EXISTS {THEMES_BY_YEAR_VIEW}")
    op.execute(f"CREATE VIEW {THEMES_BY_YEAR_VIEW} AS {query}")


def downgrade() -> None:
    # The view as revision 0008 wrote it.
    if op.get_bind().dialect.name == "postgresql":
        year = "CAST(EXTRACT(YEAR FROM d.meeting_date) AS INTEGER)"
    else:
        year = "CAST(strftime('%Y', d.meeting_date) AS INTEGER)"
    op.execute(f"DROP VIEW IF EXISTS {THEMES_BY_YEAR_VIEW}")
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
        SELECT {year} AS year,
               t.slug AS theme,
               t.label,
               COUNT(DISTINCT a.followed) AS recommendations,
               COUNT(DISTINCT a.progress_update_id) AS updates
        FROM about a
        JOIN theme t ON t.id = a.theme_id
        JOIN document d ON d.id = a.document_id
        GROUP BY {year}, t.slug, t.label
        """
    )
