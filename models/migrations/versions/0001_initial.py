"""Initial schema: councils, documents, recommendations, progress, themes, ingest runs.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "council",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council")),
        sa.UniqueConstraint("name", name=op.f("uq_council_name")),
    )
    op.create_table(
        "committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["council_id"], ["council.id"], name=op.f("fk_committee_council_id_council")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee")),
        sa.UniqueConstraint("council_id", "name", name=op.f("uq_committee_council_id_name")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("council_id", sa.Integer(), nullable=True),
        sa.Column("committee_id", sa.Integer(), nullable=True),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("extractor_version", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["council_id"], ["council.id"], name=op.f("fk_document_council_id_council")),
        sa.ForeignKeyConstraint(["committee_id"], ["committee.id"], name=op.f("fk_document_committee_id_committee")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("sha256", name=op.f("uq_document_sha256")),
    )
    op.create_index(op.f("ix_document_council_id"), "document", ["council_id"])
    op.create_index(op.f("ix_document_committee_id"), "document", ["committee_id"])
    op.create_table(
        "recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("lead_officer", sa.Text(), nullable=True),
        sa.Column("target_date", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_recommendation_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation")),
        sa.UniqueConstraint("document_id", "ordinal", name=op.f("uq_recommendation_document_id_ordinal")),
    )
    op.create_table(
        "progress_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_text", sa.Text(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("response_text", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("page_end", sa.Integer(), nullable=True),
        sa.Column("table_index", sa.Integer(), nullable=True),
        sa.Column("row_index", sa.Integer(), nullable=True),
        sa.Column("bbox", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("cell_bboxes", sa.JSON(), nullable=False),
        sa.Column("source_kind", sa.Text(), nullable=False),
        sa.Column("extraction_method", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.CheckConstraint(
            "status IN ('completed', 'in_progress', 'outstanding', 'unknown')",
            name=op.f("ck_progress_update_status"),
        ),
        sa.CheckConstraint(
            "response IN ('accepted', 'partially_accepted', 'rejected')",
            name=op.f("ck_progress_update_response"),
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_progress_update_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_progress_update_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_update")),
        sa.UniqueConstraint("document_id", "ordinal", name=op.f("uq_progress_update_document_id_ordinal")),
    )
    op.create_index(op.f("ix_progress_update_recommendation_id"), "progress_update", ["recommendation_id"])
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
        sa.UniqueConstraint("slug", name=op.f("uq_theme_slug")),
    )
    op.create_table(
        "recommendation_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("taxonomy_version", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_theme_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], name=op.f("fk_recommendation_theme_theme_id_theme")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_theme")),
        sa.UniqueConstraint(
            "recommendation_id",
            "theme_id",
            "start_offset",
            "end_offset",
            name=op.f("uq_recommendation_theme_span"),
        ),
    )
    op.create_index(op.f("ix_recommendation_theme_theme_id"), "recommendation_theme", ["theme_id"])
    op.create_table(
        "progress_update_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("progress_update_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("taxonomy_version", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["progress_update_id"],
            ["progress_update.id"],
            name=op.f("fk_progress_update_theme_progress_update_id_progress_update"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], name=op.f("fk_progress_update_theme_theme_id_theme")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_update_theme")),
        sa.UniqueConstraint(
            "progress_update_id",
            "theme_id",
            "start_offset",
            "end_offset",
            name=op.f("uq_progress_update_theme_span"),
        ),
    )
    op.create_index(op.f("ix_progress_update_theme_theme_id"), "progress_update_theme", ["theme_id"])
    op.create_table(
        "ingest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extractor_version", sa.Text(), nullable=False),
        sa.Column("paths", sa.JSON(), nullable=False),
        sa.Column("documents_ingested", sa.Integer(), nullable=False),
        sa.Column("documents_skipped", sa.Integer(), nullable=False),
        sa.Column("documents_failed", sa.Integer(), nullable=False),
        sa.Column("items_ingested", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('running', 'finished', 'interrupted')", name=op.f("ck_ingest_run_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_run")),
    )
    op.create_table(
        "ingest_error",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("error_type", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ingest_run.id"],
            name=op.f("fk_ingest_error_run_id_ingest_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_error")),
    )
    op.create_index(op.f("ix_ingest_error_run_id"), "ingest_error", ["run_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ingest_error_run_id"), table_name="ingest_error")
    op.drop_table("ingest_error")
    op.drop_table("ingest_run")
    op.drop_index(op.f("ix_progress_update_theme_theme_id"), table_name="progress_update_theme")
    op.drop_table("progress_update_theme")
    op.drop_index(op.f("ix_recommendation_theme_theme_id"), table_name="recommendation_theme")
    op.drop_table("recommendation_theme")
    op.drop_table("theme")
    op.drop_index(op.f("ix_progress_update_recommendation_id"), table_name="progress_update")
    op.drop_table("progress_update")
    op.drop_table("recommendation")
    op.drop_index(op.f("ix_document_committee_id"), table_name="document")
    op.drop_index(op.f("ix_document_council_id"), table_name="document")
    op.drop_table("document")
    op.drop_table("committee")
    op.drop_table("council")
