"""Where a recommendation came from: every paper that printed it, the page and the
region of the page it sat in, and those pages drawn as images with the region outlined.

PDF papers keep their geometry: each stored update has its cells' boxes, in points
from the top-left of the page, and the page is drawn by PDFium (pypdfium2) with the
boxes outlined by Pillow. A Word file has no pages until something lays it out, so a
Word paper is printed to PDF by LibreOffice (when installed) and that PDF is read by
the same readers as any PDF to find where the item landed. Without LibreOffice a Word
item is shown as text with its place in the file: its table and row, or paragraph.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from scrutiny.models.schema import Committee, Council, Document, Lineage, ProgressUpdate, Recommendation
from scrutiny.pipeline.query.period import in_meeting_order

if TYPE_CHECKING:
    from PIL import Image

CACHE_DIR_ENV = "SCRUTINY_CACHE_DIR"
# Vermillion from the Okabe-Ito palette: told apart from black text, grey rules and
# red/amber/green status cells by readers with any common colour vision.
OUTLINE_COLOUR = (213, 94, 0)
OUTLINE_WIDTH = 3  # pixels
# 1.5 pixels per point (108 dpi): body text stays legible and an A4 page stays small.
DEFAULT_SCALE = 1.5
WORD_FORMATS = ("docx", "doc", "rtf")

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points


@dataclass(frozen=True)
class Region:
    """Part of a page: `box` is in points from the top-left corner of page `page` (from 1)."""

    page: int
    box: Box


@dataclass(frozen=True)
class Appearance:
    """One paper's printing of a recommendation, with the update it reported."""

    recommendation_id: int
    date: date | None
    document_id: int
    document: str  # title, or the file name when untitled
    path: str
    sha256: str
    format: str
    council: str | None
    committee: str | None
    page: int | None
    ref: str | None
    recommendation: str  # the wording in this paper
    status: str | None  # None when the paper only made the recommendation
    update: str | None
    progress_update_id: int | None
    table: int | None  # the paper's table, from 0
    row: int | None  # the table's row, from 0
    regions: tuple[Region, ...] = ()

    @property
    def location(self) -> str:
        """Where in the paper, in words: "page 2, table 1, row 4" (counted from 1)."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table + 1}")
        if self.row is not None:
            parts.append(f"row {self.row + 1}")
        return ", ".join(parts) or "place not recorded"


@dataclass(frozen=True)
class Evidence:
    """A recommendation followed across papers, with every appearance, oldest first."""

    recommendation_id: int
    council: str | None
    text: str  # the wording it was first stored with
    latest_status: str
    appearances: list[Appearance] = field(default_factory=list)


def recommendation_evidence(engine: Engine, recommendation_id: int) -> Evidence | None:
    """The recommendation with this id (the id `history`, `show`, export and the views
    use) and every paper it appears in; None when there is no such recommendation."""
    query = (
        select(Recommendation, Document, Council.name, Committee.name, ProgressUpdate)
        .join(Document, Document.id == Recommendation.document_id)
        .outerjoin(Council, Council.id == Document.council_id)
        .outerjoin(Committee, Committee.id == Document.committee_id)
        .outerjoin(ProgressUpdate, ProgressUpdate.recommendation_id == Recommendation.id)
        .where(Recommendation.lineage_id == recommendation_id)
        .order_by(*in_meeting_order())
    )
    with Session(engine) as session:
        lineage = session.get(Lineage, recommendation_id)
        if lineage is None:
            return None
        council = session.scalar(select(Council.name).where(Council.id == lineage.council_id))
        appearances = []
        newest: tuple | None = None
        latest_status = "unknown"
        for recommendation, document, council_name, committee, update in session.execute(query):
            appearances.append(
                Appearance(
                    recommendation_id=recommendation_id,
                    date=document.meeting_date,
                    document_id=document.id,
                    document=document.title or Path(document.path).name,
                    path=document.path,
                    sha256=document.sha256,
                    format=document.format,
                    council=council_name,
                    committee=committee,
                    page=update.page if update is not None and update.page is not None else recommendation.page,
                    ref=recommendation.ref,
                    recommendation=recommendation.text,
                    status=update.status if update is not None else None,
                    update=update.text if update is not None else None,
                    progress_update_id=update.id if update is not None else None,
                    table=update.table_index if update is not None else None,
                    row=update.row_index if update is not None else None,
                    regions=stored_regions(update.bbox, update.cell_bboxes, update.page) if update else (),
                )
            )
            if update is not None:
                # The latest status is the update in the most recent paper, undated
                # papers counting as oldest (as everywhere in the query side).
                key = (
                    document.meeting_date is not None,
                    document.meeting_date or date.min,
                    document.id,
                    update.ordinal,
                )
                if newest is None or key > newest:
                    newest, latest_status = key, update.status
    if not appearances:
        return None
    return Evidence(
        recommendation_id=recommendation_id,
        council=council,
        text=lineage.text,
        latest_status=latest_status,
        appearances=appearances,
    )


def stored_regions(bbox: Sequence[float] | None, cell_bboxes: Iterable, page: int | None) -> tuple[Region, ...]:
    """One region per page an item spans: the union of its cells on that page, or its
    stored box on its first page when no cell boxes were kept."""
    by_page: dict[int, list[Box]] = defaultdict(list)
    for entry in cell_bboxes or ():
        cell_page, box = entry
        if cell_page is not None and box:
            by_page[int(cell_page)].append(tuple(float(v) for v in box))
    if not by_page and bbox and page is not None:
        by_page[page].append(tuple(float(v) for v in bbox))
    return tuple(Region(p, _union(boxes)) for p, boxes in sorted(by_page.items()))


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# -- finding the papers ------------------------------------------------------------


def find_paper(appearance: Appearance, search_dirs: Sequence[str | Path] = ()) -> Path | None:
    """The file the appearance was read from: its stored path, else a file of the same
    name in one of `search_dirs`, as long as its content is still the same (sha256)."""
    stored = Path(appearance.path)
    candidates = [stored, *(Path(d) / stored.name for d in search_dirs)]
    for candidate in candidates:
        try:
            if candidate.is_file() and _sha256(candidate) == appearance.sha256:
                return candidate
        except OSError:
            continue
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where Word papers printed to PDF are kept: $SCRUTINY_CACHE_DIR, else a folder
    in the system's temporary directory."""
    return Path(os.environ.get(CACHE_DIR_ENV) or Path(tempfile.gettempdir()) / "scrutiny-cache")


def can_draw(appearance: Appearance) -> bool:
    """Whether this machine can draw the appearance's pages: any PDF, and Word papers
    when LibreOffice is installed."""
    if appearance.format == "pdf":
        return True
    from scrutiny.extractors.convert import find_libreoffice

    return appearance.format in WORD_FORMATS and find_libreoffice() is not None


def printed_pdf(paper: Path, appearance: Appearance, cache: Path | None = None) -> Path:
    """The PDF whose pages show the appearance: the paper itself, or a Word paper
    printed by LibreOffice (kept in the cache, by content, for the next time)."""
    if appearance.format == "pdf":
        return paper
    from scrutiny.extractors.convert import convert_to_pdf

    cache = cache or cache_dir()
    printed = cache / f"{appearance.sha256}.pdf"
    if not printed.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="scrutiny-print-", dir=cache) as workdir:
            converted = convert_to_pdf(paper, Path(workdir))
            os.replace(converted, printed)  # atomic: a concurrent reader sees all or nothing
    return printed


def regions_in_print(printed: Path, appearance: Appearance) -> tuple[Region, ...]:
    """Where the appearance's item sits in a PDF printing of its Word paper, found by
    reading the printing as a PDF paper and matching the item by its wording."""
    from scrutiny.extractors.interpret import interpret
    from scrutiny.extractors.read import read_document

    items = interpret(read_document(printed))
    wanted = (_words(appearance.recommendation), _words(appearance.update or ""))
    for item in items:
        if (_words(item.recommendation), _words(item.progress or "")) == wanted:
            return stored_regions(
                item.source.bbox.as_list() if item.source.bbox else None,
                [(p, b.as_list()) for p, b in item.source.cell_bboxes],
                item.source.page,
            )
    for item in items:
        if _words(item.recommendation) == wanted[0]:
            return stored_regions(
                item.source.bbox.as_list() if item.source.bbox else None,
                [(p, b.as_list()) for p, b in item.source.cell_bboxes],
                item.source.page,
            )
    return ()


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


# -- drawing the pages -------------------------------------------------------------


@dataclass
class PageImage:
    """A page of a paper drawn at `scale` pixels per point, with `regions` outlined."""

    appearance: Appearance
    page: int
    scale: float
    regions: tuple[Region, ...]
    image: Image.Image

    def pixel_box(self, region: Region) -> tuple[int, int, int, int]:
        return _pixels(region.box, self.scale)

    def crop(self, margin: float = 18.0) -> Image.Image:
        """The outlined part of the page with `margin` points around it (the whole
        page when nothing is outlined)."""
        if not self.regions:
            return self.image
        x0, top, x1, bottom = _union([r.box for r in self.regions])
        box = _pixels((x0 - margin, top - margin, x1 + margin, bottom + margin), self.scale)
        width, height = self.image.size
        return self.image.crop((max(box[0], 0), max(box[1], 0), min(box[2], width), min(box[3], height)))


def _pixels(box: Box, scale: float) -> tuple[int, int, int, int]:
    return (round(box[0] * scale), round(box[1] * scale), round(box[2] * scale), round(box[3] * scale))


def page_images(
    appearance: Appearance,
    paper: Path,
    *,
    scale: float = DEFAULT_SCALE,
    cache: Path | None = None,
) -> list[PageImage]:
    """Each page the appearance's item is on, drawn with its region outlined; the
    page it was recorded on, without an outline, when no region is known."""
    import pypdfium2 as pdfium

    printed = printed_pdf(paper, appearance, cache)
    regions = appearance.regions if appearance.format == "pdf" else regions_in_print(printed, appearance)
    pages: dict[int, tuple[Region, ...]] = {}
    for region in regions:
        pages[region.page] = (*pages.get(region.page, ()), region)
    if not pages:
        pages[appearance.page or 1] = ()
    images = []
    pdf = pdfium.PdfDocument(str(printed))
    try:
        for number, page_regions in sorted(pages.items()):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                image = page.render(scale=scale).to_pil().convert("RGB")
            finally:
                page.close()
            drawn = PageImage(appearance, number, scale, page_regions, image)
            _outline(drawn)
            images.append(drawn)
    finally:
        pdf.close()
    return images


def _outline(drawn: PageImage) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(drawn.image)
    for region in drawn.regions:
        x0, top, x1, bottom = drawn.pixel_box(region)
        # Drawn inward from the box's edges, so every outline pixel lies inside it.
        draw.rectangle((x0, top, x1 - 1, bottom - 1), outline=OUTLINE_COLOUR, width=OUTLINE_WIDTH)


def write_page_images(
    evidence: Evidence,
    out_dir: str | Path,
    *,
    search_dirs: Sequence[str | Path] = (),
    scale: float = DEFAULT_SCALE,
) -> tuple[list[Path], list[str]]:
    """Write a PNG per page of every appearance to `out_dir`. Returns the files
    written and, for appearances that could not be drawn, why."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    problems: list[str] = []
    for number, appearance in enumerate(evidence.appearances, start=1):
        paper = find_paper(appearance, search_dirs)
        if paper is None:
            problems.append(f"{appearance.path}: not found, or changed since it was stored")
            continue
        if not can_draw(appearance):
            problems.append(f"{appearance.path}: drawing a Word paper's pages needs LibreOffice")
            continue
        try:
            images = page_images(appearance, paper, scale=scale)
        except Exception as exc:  # a damaged file or a failed conversion: say so, go on
            problems.append(f"{appearance.path}: {exc}")
            continue
        for drawn in images:
            target = (
                out / f"recommendation-{evidence.recommendation_id}-{number:02d}-{Path(paper).stem}-p{drawn.page}.png"
            )
            drawn.image.save(target, optimize=True)
            written.append(target)
    return written, problems


def text_location(appearance: Appearance, paper: Path | None) -> str:
    """Where a paper printed the item, in words, when its pages cannot be drawn: its
    table and row, or the paragraph that starts with its wording."""
    if appearance.table is not None or appearance.page is not None or paper is None:
        return appearance.location
    from scrutiny.extractors.read import read_document

    try:
        content = read_document(paper)
    except Exception:
        return appearance.location
    wanted = _words(appearance.recommendation)[:8]
    for number, paragraph in enumerate(content.paragraphs(), start=1):
        if wanted and _words(paragraph.text)[: len(wanted)] == wanted:
            return f"paragraph {number}"
    return appearance.location


__all__ = [
    "CACHE_DIR_ENV",
    "OUTLINE_COLOUR",
    "Appearance",
    "Evidence",
    "PageImage",
    "Region",
    "cache_dir",
    "can_draw",
    "find_paper",
    "page_images",
    "printed_pdf",
    "recommendation_evidence",
    "regions_in_print",
    "stored_regions",
    "text_location",
    "write_page_images",
]
