"""The relational schema: councils, their papers, recommendations, progress and themes.

Types are limited to what SQLite and PostgreSQL both support natively, so one set of
migrations serves both. Vocabularies are text columns with CHECK constraints rather
than database enums, which would need their own migrations on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from scrutiny.extractors.items import RESPONSES, STATUSES

RUN_STATUSES = ("running", "finished", "interrupted")
# How a recommendation joined its lineage: it started one, matched one, or resembled
# one too loosely or ambiguously to merge without a person looking.
LINEAGE_STATUSES = ("new", "matched", "review")

# Fixed constraint and index names keep migrations identical on both databases and
# let later migrations refer to constraints by name (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends.

    SQLite keeps no offset, so values are normalised to UTC on the way in and
    marked as UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: Text(),
        datetime: UTCDateTime(),
        list[Any]: JSON(),
    }


class Council(Base):
    """A council: for one the UK register knows, its official name and identity;
    for one it lacks (a parish, a sample council), the name as first printed."""

    __tablename__ = "council"
    __table_args__ = (Index("ix_council_code", "code", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]  # official name, or as first printed
    key: Mapped[str] = mapped_column(unique=True)  # models.names.council_key(name)
    # The register's three-letter code ("KEN"), stable across renames.
    code: Mapped[str | None] = mapped_column(String(8))
    gss_code: Mapped[str | None] = mapped_column(String(9))  # ONS code, to join ONS statistics
    nation: Mapped[str | None]
    region: Mapped[str | None]
    kind: Mapped[str | None]  # "County", "London borough", "Non-metropolitan district", ...
    county_code: Mapped[str | None] = mapped_column(String(8))  # the county council over a district
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]  # an abolished or merged council keeps its dates


class Committee(Base):
    __tablename__ = "committee"
    # A committee name only identifies a committee within its council.
    __table_args__ = (UniqueConstraint("council_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"))
    name: Mapped[str]  # as first printed
    key: Mapped[str]  # models.names.committee_key(name)


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str]
    format: Mapped[str]
    pages: Mapped[int]
    title: Mapped[str | None]
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committee.id"), index=True)
    meeting_date: Mapped[date | None]
    report_date: Mapped[date | None]
    author: Mapped[str | None]
    # Council and committee exactly as this paper printed them.
    council_text: Mapped[str | None]
    committee_text: Mapped[str | None]
    source_url: Mapped[str | None]
    # Field -> where it was read ({"origin": "cover", "confidence": 0.9, "printed": ...}).
    metadata_sources: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    extractor_version: Mapped[str]
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)
    warnings: Mapped[list[Any]] = mapped_column(default=list)

    council: Mapped[Council | None] = relationship()
    committee: Mapped[Committee | None] = relationship()
    # Children are removed by ON DELETE CASCADE, not loaded and deleted one by one.
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Recommendation.ordinal",
    )
    progress_updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProgressUpdate.ordinal",
    )


class Lineage(Base):
    """One recommendation followed across papers: the scrutiny report that made it
    and every update that reported on it, within one council."""

    __tablename__ = "lineage"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"), index=True)
    text: Mapped[str]  # the wording it was first stored with
    ref: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    council: Mapped[Council | None] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="lineage", foreign_keys="Recommendation.lineage_id"
    )


class Recommendation(Base):
    """One distinct recommendation text within a document."""

    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint(_one_of("lineage_status", LINEAGE_STATUSES), name="lineage_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    ordinal: Mapped[int]  # position in the document, from 0
    ref: Mapped[str | None]
    text: Mapped[str]
    section: Mapped[str | None]
    lead_officer: Mapped[str | None]
    target_date: Mapped[str | None]  # as printed: "March 2025", "Q3 2024/25", "Ongoing"
    page: Mapped[int | None]
    lineage_id: Mapped[int | None] = mapped_column(ForeignKey("lineage.id", ondelete="SET NULL"), index=True)
    lineage_status: Mapped[str] = mapped_column(default="new")
    lineage_score: Mapped[float | None] = mapped_column(Double)
    # The lineage this recommendation resembles when the match needs a person to confirm.
    review_lineage_id: Mapped[int | None] = mapped_column(ForeignKey("lineage.id", ondelete="SET NULL"))

    document: Mapped[Document] = relationship(back_populates="recommendations")
    lineage: Mapped[Lineage | None] = relationship(back_populates="recommendations", foreign_keys=[lineage_id])
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProgressUpdate.ordinal",
    )
    theme_links: Mapped[list[RecommendationTheme]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", passive_deletes=True
    )


class ProgressUpdate(Base):
    """One extracted item: the progress reported against a recommendation, and where."""

    __tablename__ = "progress_update"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(_one_of("response", RESPONSES), name="response"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    ordinal: Mapped[int]  # position of the item in the document, from 0
    text: Mapped[str | None]
    status: Mapped[str]
    status_text: Mapped[str | None]
    # What decided the status: {"matched", "field", "start", "end", "rule"}, as
    # theme hits keep the span that matched.
    status_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    response: Mapped[str | None]
    response_text: Mapped[str | None]
    page: Mapped[int | None]
    page_end: Mapped[int | None]
    table_index: Mapped[int | None]
    row_index: Mapped[int | None]
    bbox: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))  # [x0, top, x1, bottom]
    # [[page, [x0, top, x1, bottom]], ...], one per cell of the item
    cell_bboxes: Mapped[list[Any]] = mapped_column(default=list)
    # "table" or "prose": what kind of layout the update was read from.
    source_kind: Mapped[str]
    extraction_method: Mapped[str]
    confidence: Mapped[float] = mapped_column(Double)

    document: Mapped[Document] = relationship(back_populates="progress_updates")
    recommendation: Mapped[Recommendation] = relationship(back_populates="updates")
    theme_links: Mapped[list[ProgressUpdateTheme]] = relationship(
        back_populates="progress_update", cascade="all, delete-orphan", passive_deletes=True
    )


class Theme(Base):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(unique=True)
    label: Mapped[str | None]


class _ThemeTag:
    """A theme the taxonomy found in a text: the words that matched, where, and the
    taxonomy version that found them."""

    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), index=True)
    matched: Mapped[str]
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    taxonomy_version: Mapped[str | None]

    @declared_attr
    def theme(cls) -> Mapped[Theme]:
        return relationship()


class RecommendationTheme(_ThemeTag, Base):
    """A theme found in a recommendation's text, with the span that matched."""

    __tablename__ = "recommendation_theme"
    __table_args__ = (
        UniqueConstraint(
            "recommendation_id",
            "theme_id",
            "start_offset",
            "end_offset",
            name="uq_recommendation_theme_span",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"))

    recommendation: Mapped[Recommendation] = relationship(back_populates="theme_links")


class ProgressUpdateTheme(_ThemeTag, Base):
    """A theme found in a progress update's text, with the span that matched."""

    __tablename__ = "progress_update_theme"
    __table_args__ = (
        UniqueConstraint(
            "progress_update_id",
            "theme_id",
            "start_offset",
            "end_offset",
            name="uq_progress_update_theme_span",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_update_id: Mapped[int] = mapped_column(ForeignKey("progress_update.id", ondelete="CASCADE"))

    progress_update: Mapped[ProgressUpdate] = relationship(back_populates="theme_links")


class Entity(Base):
    """An organisation or service the papers name ("Careers South West", "OFSTED")."""

    __tablename__ = "entity"
    __table_args__ = (UniqueConstraint("label", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str]  # "ORG"
    name: Mapped[str]  # canonical name from the taxonomy


class EntityMention(Base):
    """Where an entity is named: in a recommendation's or an update's text."""

    __tablename__ = "entity_mention"
    __table_args__ = (CheckConstraint("(recommendation_id IS NULL) <> (progress_update_id IS NULL)", name="one_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    progress_update_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_update.id", ondelete="CASCADE"), index=True
    )
    matched: Mapped[str]
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    taxonomy_version: Mapped[str | None]

    entity: Mapped[Entity] = relationship()


class IngestRun(Base):
    __tablename__ = "ingest_run"
    __table_args__ = (CheckConstraint(_one_of("status", RUN_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    extractor_version: Mapped[str]
    paths: Mapped[list[Any]] = mapped_column(default=list)
    documents_ingested: Mapped[int] = mapped_column(default=0)
    documents_skipped: Mapped[int] = mapped_column(default=0)
    documents_failed: Mapped[int] = mapped_column(default=0)
    items_ingested: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(default="running")


class IngestError(Base):
    __tablename__ = "ingest_error"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The error outlives its run: a run may be pruned while its failures still matter.
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_run.id", ondelete="SET NULL"), index=True)
    path: Mapped[str]
    sha256: Mapped[str | None] = mapped_column(String(64))
    error_type: Mapped[str]
    message: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def in_the_models(obj, name, type_, reflected, compare_to) -> bool:
    """Whether a database object is one the ORM models describe (Alembic's
    include_object, for autogenerate and for checking models against migrations):
    all but the full-text search objects of migration 0003, which are an FTS5 table
    and its shadow tables on SQLite, tsvector columns and their indexes on PostgreSQL."""
    if type_ == "table":
        return name != "search_index" and not name.startswith("search_index_")
    if type_ == "column":
        return name != "search_vector"
    if type_ == "index":
        return not (name or "").endswith("_search_vector")
    return True
