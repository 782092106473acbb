"""Council and committee identity keys, printed names, source URLs, recommendation
lineage across papers, and named entities.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from scrutiny.models.names import committee_key, council_key

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("council") as batch:
        batch.add_column(sa.Column("key", sa.Text(), nullable=True))
    _backfill_keys("council", council_key, scope=None)
    with op.batch_alter_table("council") as batch:
        batch.alter_column("key", existing_type=sa.Text(), nullable=False)
        batch.drop_constraint("uq_council_name", type_="unique")
        batch.create_unique_constraint(op.f("uq_council_key"), ["key"])

    with op.batch_alter_table("committee") as batch:
        batch.add_column(sa.Column("key", sa.Text(), nullable=True))
    _backfill_keys("committee", committee_key, scope="council_id")
    with op.batch_alter_table("committee") as batch:
        batch.alter_column("key", existing_type=sa.Text(), nullable=False)
        batch.drop_constraint("uq_committee_council_id_name", type_="unique")
        batch.create_unique_constraint(op.f("uq_committee_council_id_key"), ["council_id", "key"])

    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("council_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("committee_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("source_url", sa.Text(), nullable=True))

    op.create_table(
        "lineage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["council_id"], ["council.id"], name=op.f("fk_lineage_council_id_council")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lineage")),
    )
    op.create_index(op.f("ix_lineage_council_id"), "lineage", ["council_id"])

    with op.batch_alter_table("recommendation") as batch:
        batch.add_column(sa.Column("page", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("lineage_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("lineage_status", sa.Text(), nullable=False, server_default="new"))
        batch.add_column(sa.Column("lineage_score", sa.Double(), nullable=True))
        batch.add_column(sa.Column("review_lineage_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_recommendation_lineage_id_lineage"), "lineage", ["lineage_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_foreign_key(
            op.f("fk_recommendation_review_lineage_id_lineage"),
            "lineage",
            ["review_lineage_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_recommendation_lineage_id"), ["lineage_id"])
        batch.create_check_constraint("lineage_status", "lineage_status IN ('new', 'matched', 'review')")
    with op.batch_alter_table("recommendation") as batch:
        batch.alter_column("lineage_status", existing_type=sa.Text(), server_default=None)

    op.create_table(
        "entity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity")),
        sa.UniqueConstraint("label", "name", name=op.f("uq_entity_label_name")),
    )
    op.create_table(
        "entity_mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=True),
        sa.Column("progress_update_id", sa.Integer(), nullable=True),
        sa.Column("matched", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("taxonomy_version", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(recommendation_id IS NULL) <> (progress_update_id IS NULL)",
            name=op.f("ck_entity_mention_one_text"),
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entity.id"], name=op.f("fk_entity_mention_entity_id_entity")),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_entity_mention_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["progress_update_id"],
            ["progress_update.id"],
            name=op.f("fk_entity_mention_progress_update_id_progress_update"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_mention")),
    )
    op.create_index(op.f("ix_entity_mention_entity_id"), "entity_mention", ["entity_id"])
    op.create_index(op.f("ix_entity_mention_recommendation_id"), "entity_mention", ["recommendation_id"])
    op.create_index(op.f("ix_entity_mention_progress_update_id"), "entity_mention", ["progress_update_id"])


def downgrade() -> None:
    op.drop_table("entity_mention")
    op.drop_table("entity")
    with op.batch_alter_table("recommendation") as batch:
        batch.drop_constraint(op.f("ck_recommendation_lineage_status"), type_="check")
        batch.drop_index(op.f("ix_recommendation_lineage_id"))
        batch.drop_constraint(op.f("fk_recommendation_review_lineage_id_lineage"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_recommendation_lineage_id_lineage"), type_="foreignkey")
        for column in ("review_lineage_id", "lineage_score", "lineage_status", "lineage_id", "page"):
            batch.drop_column(column)
    op.drop_index(op.f("ix_lineage_council_id"), table_name="lineage")
    op.drop_table("lineage")
    with op.batch_alter_table("document") as batch:
        for column in ("source_url", "committee_text", "council_text"):
            batch.drop_column(column)
    with op.batch_alter_table("committee") as batch:
        batch.drop_constraint(op.f("uq_committee_council_id_key"), type_="unique")
        batch.create_unique_constraint(op.f("uq_committee_council_id_name"), ["council_id", "name"])
        batch.drop_column("key")
    with op.batch_alter_table("council") as batch:
        batch.drop_constraint(op.f("uq_council_key"), type_="unique")
        batch.create_unique_constraint(op.f("uq_council_name"), ["name"])
        batch.drop_column("key")


def _backfill_keys(table: str, make_key, scope: str | None) -> None:
    """Give existing rows their key. Rows whose names now share a key stay separate
    (their key gets the row id) rather than being merged behind the user's back."""
    connection = op.get_bind()
    columns = "id, name" + (f", {scope}" if scope else "")
    rows = connection.execute(sa.text(f"SELECT {columns} FROM {table} ORDER BY id")).all()
    taken: set[tuple] = set()
    for row in rows:
        key = make_key(row.name)
        scoped = (getattr(row, scope) if scope else None, key)
        if scoped in taken:
            key = f"{key} #{row.id}"
        taken.add((scoped[0], key))
        connection.execute(sa.text(f"UPDATE {table} SET key = :key WHERE id = :id"), {"key": key, "id": row.id})
