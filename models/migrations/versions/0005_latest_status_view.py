"""Build the view v_latest_status from the library's definition of latest status.

The view is compiled from scrutiny.models.latest for the store's dialect, so it
agrees with the listing, search and report by construction. Should that definition
change, a later migration recreates the view the same way.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from scrutiny.models.latest import LATEST_STATUS_VIEW, latest_status_view

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    # The council table gains its register codes in revision 0007: the view is built
    # here as it was then, and revision 0010 adds them.
    view = latest_status_view(council_identity=False)
    query = view.compile(dialect=bind.dialect, compile_kwargs={"literal_binds": True})
    op.execute(f"DROP VIEW IF EXISTS {LATEST_STATUS_VIEW}")
    op.execute(f"CREATE VIEW {LATEST_STATUS_VIEW} AS {query}")


def downgrade() -> None:
    # The view as revision 0004 wrote it.
    op.execute(f"DROP VIEW IF EXISTS {LATEST_STATUS_VIEW}")
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
