"""Councils as the UK register knows them (code, ONS code, nation, region, kind,
county, dates), where each paper's metadata came from, and the update view with
the codes a researcher joins ONS statistics on.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNCIL_COLUMNS = (
    ("code", sa.String(8)),
    ("gss_code", sa.String(9)),
    ("nation", sa.Text()),
    ("region", sa.Text()),
    ("kind", sa.Text()),
    ("county_code", sa.String(8)),
    ("start_date", sa.Date()),
    ("end_date", sa.Date()),
)


def upgrade() -> None:
    # Plain ADD COLUMN, no batch rebuild: the search triggers on document stay.
    for name, column_type in _COUNCIL_COLUMNS:
        op.add_column("council", sa.Column(name, column_type, nullable=True))
    op.create_index("ix_council_code", "council", ["code"], unique=True)
    op.add_column("document", sa.Column("metadata_sources", sa.JSON(none_as_null=True), nullable=True))
    op.execute("DROP VIEW IF EXISTS v_progress_updates")
    op.execute(_progress_updates_view(op.get_bind().dialect.name, with_identity=True))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_progress_updates")
    op.execute(_progress_updates_view(op.get_bind().dialect.name, with_identity=False))
    op.drop_column("document", "metadata_sources")
    op.drop_index("ix_council_code", table_name="council")
    for name, _ in reversed(_COUNCIL_COLUMNS):
        op.drop_column("council", name)


def _progress_updates_view(dialect: str, with_identity: bool) -> str:
    if dialect == "postgresql":
        year = "CAST(EXTRACT(YEAR FROM d.meeting_date) AS INTEGER)"
    else:
        year = "CAST(strftime('%Y', d.meeting_date) AS INTEGER)"
    identity = (
        "c.code AS council_code, c.gss_code AS council_gss_code, c.nation, c.region,\n               "
        if with_identity
        else ""
    )
    return f"""
        CREATE VIEW v_progress_updates AS
        SELECT r.lineage_id AS recommendation_id,
               c.name AS council,
               {identity}cm.name AS committee,
               d.meeting_date,
               {year} AS year,
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
