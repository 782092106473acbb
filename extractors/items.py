"""What interpretation produces: recommendation/progress items with provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from scrutiny.extractors.content import BBox

STATUSES = ("completed", "in_progress", "outstanding", "unknown")
RESPONSES = ("accepted", "partially_accepted", "rejected")


@dataclass
class Source:
    """Where an item came from, precise enough to find it again on the page."""

    kind: str  # "table" | "prose"
    page: int | None = None
    page_end: int | None = None
    table: int | None = None  # index of the logical table in the document, from 0
    row: int | None = None  # index of the first data row in that table, from 0
    bbox: BBox | None = None  # union of the item's cells on its first page
    cell_bboxes: list[tuple[int | None, BBox]] = field(default_factory=list)
    method: str = ""  # e.g. "pdfplumber-ruled", "docx-table", "prose-headings"


@dataclass
class ThemeHit:
    """One reason a theme was tagged: the span that matched and where it was."""

    slug: str
    matched: str  # the text of the span as printed
    field: str  # "recommendation" | "progress"
    start: int  # character offsets in that field's text
    end: int


@dataclass
class StatusEvidence:
    """Why an item has its status: the words that decided it and where they were."""

    matched: str  # the words as printed
    field: str  # "status" (a Status/RAG cell) | "progress" | "key" (a code explained by the paper's key)
    start: int  # character offsets in that field's text
    end: int
    rule: str  # which reading decided: "rag", "tick", "status line", "leading words", ...


@dataclass
class EntityHit:
    """An organisation or service named in the text, with its canonical name."""

    label: str  # "ORG"
    name: str  # canonical, from the taxonomy
    matched: str  # as printed
    field: str  # "recommendation" | "progress"
    start: int
    end: int


@dataclass
class Item:
    recommendation: str
    progress: str | None
    status: str = "unknown"
    status_text: str | None = None  # raw RAG/status cell text or the words that set it
    status_evidence: StatusEvidence | None = None
    response: str | None = None
    response_text: str | None = None
    ref: str | None = None
    section: str | None = None
    lead_officer: str | None = None
    target_date: str | None = None
    confidence: float = 1.0
    source: Source = field(default_factory=lambda: Source(kind="table"))
    theme_hits: list[ThemeHit] = field(default_factory=list)
    entity_hits: list[EntityHit] = field(default_factory=list)

    @property
    def themes(self) -> list[str]:
        return sorted({h.slug for h in self.theme_hits})


@dataclass(frozen=True)
class FieldSource:
    """Where one metadata field was read and how sure the reading is."""

    # "cover", "cover table", "header" (a running header or footer), "properties"
    # (the file's own metadata), "filename", "body", "link" (where the paper's links
    # point), "logo" (words read in a logo by OCR), "manifest"
    origin: str
    confidence: float
    printed: str | None = None  # the words the value was read from


@dataclass
class Found:
    """A value a reader found for one metadata field, before the most trusted of a
    field's findings is chosen."""

    value: object
    origin: str  # as FieldSource.origin
    confidence: float
    printed: str | None = None

    def source(self) -> FieldSource:
        return FieldSource(self.origin, self.confidence, self.printed)


@dataclass
class DocumentMetadata:
    title: str | None = None
    # The council's official name when the UK register knows it, else as printed.
    council: str | None = None
    committee: str | None = None
    meeting_date: date | None = None
    report_date: date | None = None
    author: str | None = None
    # Where the paper was published, when an analyst's manifest says.
    source_url: str | None = None
    # The register's code for the council ("KEN"), None for a council it lacks.
    council_code: str | None = None
    # The council's name as the paper printed it.
    council_printed: str | None = None
    # Field name -> where it came from.
    sources: dict[str, FieldSource] = field(default_factory=dict)


@dataclass
class ExtractedDocument:
    """Everything extraction learnt about one file; the unit the store writes."""

    path: str
    sha256: str
    format: str
    pages: int
    metadata: DocumentMetadata
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extractor_version: str = ""


class _StatusMatchLike(Protocol):
    status: str
    start: int
    end: int
    rule: str


def set_status_from_words(
    item: Item, text: str | None, field_name: str, read: Callable[[str], _StatusMatchLike | None]
) -> None:
    """Set the item's status from `text` (one of its fields) as `read` decides, with the
    words that decided it as evidence; unknown, with no evidence, when they say nothing."""
    found = read(text) if text else None
    if found is None:
        item.status, item.status_evidence = "unknown", None
        return
    item.status = found.status
    item.status_evidence = StatusEvidence(
        matched=text[found.start : found.end], field=field_name, start=found.start, end=found.end, rule=found.rule
    )
