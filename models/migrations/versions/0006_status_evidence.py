"""Keep what decided each update's status: the words, where they were, and the rule.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: no batch rebuild of progress_update, so the search
    # triggers on it stay in place.
    op.add_column("progress_update", sa.Column("status_evidence", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    # SQLite drops a column in place since 3.35, which keeps the triggers too.
    op.drop_column("progress_update", "status_evidence")
