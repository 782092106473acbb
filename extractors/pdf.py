"""Read a PDF into DocumentContent: text and ruling come from PDFium, ruled tables
are found by pdfplumber's table finder on that geometry; the remaining text becomes
paragraphs, page furniture (running headers, footers, page
numbers) removed."""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from scrutiny.extractors.budget import OverBudget, TimeBudget
from scrutiny.extractors.content import (
    BBox,
    Block,
    Cell,
    DocumentContent,
    DocumentProperties,
    Paragraph,
    Picture,
    Row,
    Table,
)
from scrutiny.extractors.errors import UnreadableDocument, describe_exception
from scrutiny.extractors.limits import check_pdf_streams
from scrutiny.extractors.ocr import ScannedPages, pdf_picture_words
from scrutiny.extractors.pdf_geometry import Glyphs, PageGeometry, read_geometry, sideways_lines, text_lines
from scrutiny.extractors.pdf_unruled import GUTTER_IN_FONT_SIZES, MIN_FILLED_SHARE, split_unruled_tables
from scrutiny.extractors.text import calendar_date, clean_text, is_continuation_note, join_lines

# Running headers and footers live in these top and bottom shares of the page, and
# at least within this many points of its edge: they sit at a set distance from the
# edge, so on a short (landscape) page the share alone would miss them.
FURNITURE_BAND = 0.09
FURNITURE_BAND_MIN = 56.7  # 2 cm, the narrowest margin word processors set by default
# A long PDF is closed and opened again after this many pages, which frees what
# PDFium cached for the pages read so far.
REOPEN_EVERY_PAGES = 100
# Extra space between lines, as a share of the font size, that starts a paragraph.
PARAGRAPH_GAP = 0.3
# A ruled grid most of whose rows (this share) go on in text beside it is part of a
# larger table.
INNER_GRID_SHARE = 0.6
# How far (points) beside a grid its rows' text may go on: a column's width or two.
INNER_GRID_REACH = 120.0
# Glyph centres this close (points) in height stand on one line.
ROW_LEVEL_TOLERANCE = 1.5
_PAGE_NUMBER_RE = re.compile(r"^(page\s*)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d+")


@dataclass
class _PageLines:
    """Text lines of one page outside its tables, kept until furniture is known."""

    page: int
    height: float
    lines: list[dict]
    # Lines set another way than the page's text, each read as it runs: kept out of
    # the page's lines, across whose columns they would cut.
    sideways: list[dict] = field(default_factory=list)


def read_pdf(path: str | Path, page_timeout: float | None = None) -> DocumentContent:
    path = Path(path)
    _check_signature(path)
    check_pdf_streams(path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _unreadable(exc, path) from exc
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise UnreadableDocument("PDF has no pages")
        properties = _properties(_metadata(pdf))
        page_tables: list[list[Table]] = []
        page_lines: list[_PageLines] = []
        warnings: list[str] = []
        links: list[str] = []
        pictures: list[Picture] = []
        scans = ScannedPages(path)
        for number in range(1, n_pages + 1):
            # Pages are read one at a time and released: a thousand-page paper needs
            # no more memory than its largest page (and the text kept from it).
            # PDFium keeps what it parsed for the pages read (fonts, images, content)
            # until the document closes, so a long paper is opened afresh now and then.
            if number > 1 and (number - 1) % REOPEN_EVERY_PAGES == 0:
                pdf.close()
                pdf = pdfium.PdfDocument(str(path))
            page = None
            budget = TimeBudget(page_timeout)  # spent reading the page, not on OCR
            try:
                with budget:
                    page = pdf[number - 1]
                    geometry = read_geometry(page, number)
                    links.extend(_links(pdf, page))
                if number == 1:
                    pictures = _pictures(path, geometry)
                # A scanned page has no text layer: OCR gives it words and rules instead.
                if scans.needs_ocr(geometry):
                    warnings.append(scans.read(geometry, number))
                with budget:
                    tables, lines = _read_page(geometry)
            except OverBudget:
                warnings.append(f"page {number} took longer than {page_timeout:g} s and was skipped")
                tables, lines = [], _PageLines(number, 0.0, [])
            except Exception as exc:
                warnings.append(f"page {number} could not be read: {describe_exception(exc)}")
                tables, lines = [], _PageLines(number, 0.0, [])
            finally:
                if page is not None:
                    page.close()
            page_tables.append(tables)
            page_lines.append(lines)
    finally:
        pdf.close()
    furniture = _furniture(page_lines)
    blocks: list[Block] = []
    for tables, lines in zip(page_tables, page_lines):
        unruled, text_lines = split_unruled_tables(_drop_furniture(lines, furniture), lines.page)
        paragraphs = _paragraphs(text_lines, lines.page) + [
            Paragraph(
                text=line["text"],
                page=lines.page,
                bbox=BBox(line["x0"], line["top"], line["x1"], line["bottom"]),
                size=line["size"],
                bold=line["bold"],
            )
            for line in lines.sideways
        ]
        page_blocks: list[Block] = sorted([*tables, *unruled, *paragraphs], key=lambda b: b.bbox.top if b.bbox else 0.0)
        _mark_continued_table(blocks, page_blocks)
        blocks.extend(page_blocks)
    if not any(isinstance(b, Table) or b.text for b in blocks) and not any("OCR" in w for w in warnings):
        warnings.append("no text layer: the PDF looks scanned and needs OCR")
    return DocumentContent(
        path=str(path),
        format="pdf",
        pages=n_pages,
        blocks=blocks,
        properties=properties,
        warnings=warnings,
        furniture=_running_lines(page_lines, furniture),
        links=links,
        pictures=pictures,
    )


def _links(pdf: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[str]:
    """Where the page's link annotations point (web addresses and mailto: links)."""
    found: list[str] = []
    position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
        if size <= 1:
            continue
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buffer, size)
        # A URI is 7-bit ASCII by the PDF standard; producers that break it get their
        # bytes read as Latin-1 rather than rejected.
        found.append(buffer.value.decode("latin-1").strip())
    return found


def _pictures(path: Path, page: PageGeometry) -> list[Picture]:
    """The opening page's images, each able to read its own words when asked."""
    return [
        Picture(
            page=page.number,
            bbox=BBox(image["x0"], image["top"], image["x1"], image["bottom"]),
            page_width=page.width,
            page_height=page.height,
            read_words=partial(
                pdf_picture_words, str(path), page.number - 1, (image["x0"], image["top"], image["x1"], image["bottom"])
            ),
        )
        for image in page.images
        if image["x1"] - image["x0"] >= 1 and image["bottom"] - image["top"] >= 1
    ]


def _mark_continued_table(before: list[Block], page_blocks: list[Block]) -> None:
    """A table that opens a page continues the one that closed the page before when
    nothing but notes such as "Continued overleaf" stands between them; the notes,
    furniture of the break, are dropped."""
    tail = len(before)
    while tail and _is_continuation_note(before[tail - 1]):
        tail -= 1
    head = 0
    while head < len(page_blocks) and _is_continuation_note(page_blocks[head]):
        head += 1
    if (
        tail
        and head < len(page_blocks)
        and isinstance(before[tail - 1], Table)
        and isinstance(page_blocks[head], Table)
    ):
        page_blocks[head].continues_previous = True
        del before[tail:]
        del page_blocks[:head]


def _is_continuation_note(block: Block) -> bool:
    return isinstance(block, Paragraph) and is_continuation_note(block.text)


def _read_page(page: PageGeometry) -> tuple[list[Table], _PageLines]:
    tables: list[Table] = []
    # Only ruled tables are found from edges; a page without a grid's worth of them
    # cannot hold one, so the table finder is skipped there.
    found = page.find_tables() if page.may_hold_ruled_table() else []
    grid_boxes = [BBox(*f.bbox) for f in found]
    # Read once: a sideways header over a narrow column is its cell's text, and
    # with no table kept every sideways line stands on the page.
    sideways_on_page = sideways_lines(page.sideways, page)
    for found_table in found:
        grids = _grid_tables(found_table, page.cell_texts(found_table, sideways_on_page), page.number)
        tables.extend(
            g
            for g in grids
            if not (_is_shaded_band(g, page) or _is_sparse_grid(g) or _is_inner_grid(g, page, grid_boxes))
        )
    table_boxes = [t.bbox for t in tables if t.bbox]
    glyphs, sideways = page.glyphs, sideways_on_page
    if table_boxes:
        glyphs = _outside(glyphs, table_boxes)
        sideways = sideways_lines(_outside(page.sideways, table_boxes), page)
    # Each line carries what the rest of the reader needs of its glyphs (font, column
    # runs), so the glyphs can go: every page's lines are kept until the running
    # headers are known, and a thousand pages of glyphs would not fit.
    lines = text_lines(glyphs, gutter_in_font_sizes=GUTTER_IN_FONT_SIZES)
    return tables, _PageLines(page.number, page.height, lines, sideways)


def _outside(glyphs: Glyphs, boxes: list[BBox]) -> Glyphs:
    cx, cy = glyphs.centres()
    inside = np.zeros(len(glyphs), dtype=bool)
    for b in boxes:
        inside |= (b.x0 <= cx) & (cx <= b.x1) & (b.top <= cy) & (cy <= b.bottom)
    return glyphs.take(np.flatnonzero(~inside))


def _grid_tables(found_table, texts: list[list[str | None]], page_number: int) -> list[Table]:
    """A pdfplumber table as rows of grid-aligned cells: one table, or one per run of
    rows whose every position is a cell.

    pdfplumber reports a cell that spans columns once and leaves None where it
    extends; those positions become cells with span 0 so every row has one cell per
    grid column. A None under a cell of the row above that reaches down into this
    row is a vertical merge. Any other None is open page, not a cell: shaded cells
    with no rules (a RAG column, a header row) draw boxes that pdfplumber joins
    into a grid around unruled text. Rows with such a gap are left to the text
    reader.
    """
    column_starts = _column_starts(found_table.rows)
    runs: list[list[Row]] = [[]]
    boxes: list[list[BBox]] = [[]]
    previous: list[Cell] | None = None
    for plumber_row, row_texts in zip(found_table.rows, texts):
        cells: list[Cell] = []
        open_page = False
        row_top = plumber_row.bbox[1]
        for i, (box, text) in enumerate(zip(plumber_row.cells, row_texts)):
            if box is None:
                left = next((c for c in reversed(cells) if c.span > 0), None)
                above = previous[i] if previous is not None and i < len(previous) else None
                if (
                    left is not None
                    and left.bbox is not None
                    and i < len(column_starts)
                    and left.bbox.x1 > column_starts[i] + 1
                ):
                    left.span += 1
                    cells.append(Cell(text="", page=page_number, span=0))
                elif above is not None and above.bbox is not None and above.bbox.bottom > row_top + 1:
                    cells.append(Cell(text=above.text, page=page_number, bbox=above.bbox, merged_from_above=True))
                else:
                    open_page = True
                    break
                continue
            cells.append(Cell(text=clean_text(text or ""), page=page_number, bbox=BBox(*box)))
        if open_page:
            if runs[-1]:
                runs.append([])
                boxes.append([])
            previous = None
            continue
        runs[-1].append(Row(cells=cells, page=page_number))
        boxes[-1].append(BBox(*plumber_row.bbox))
        previous = cells
    tables = []
    for rows, row_boxes in zip(runs, boxes):
        if not rows or max(len(r.cells) for r in rows) < 2:
            continue
        box = row_boxes[0]
        for row_box in row_boxes[1:]:
            box = box.union(row_box)
        tables.append(Table(rows=rows, page=page_number, bbox=box, method="pdfplumber-ruled"))
    return tables


def _is_inner_grid(table: Table, page: PageGeometry, grid_boxes: list[BBox]) -> bool:
    """Rules drawn round only part of a table: most of the grid's rows go on in text
    beside it, in no grid (row labels to its left, a column to its right). The whole
    table is left to the whitespace reader, which sees its full lines."""
    box = table.bbox
    if box is None or len(table.rows) < 2:
        return False
    cx, cy = page.glyphs.centres()
    # Only glyphs at the grid's heights can stand in or beside its rows.
    near = np.flatnonzero((cy > box.top - 4 * ROW_LEVEL_TOLERANCE) & (cy < box.bottom + 4 * ROW_LEVEL_TOLERANCE))
    cx, cy = cx[near], cy[near]
    beside = ((cx < box.x0 - 1) & (cx > box.x0 - INNER_GRID_REACH)) | (
        (cx > box.x1 + 1) & (cx < box.x1 + INNER_GRID_REACH)
    )
    for grid in grid_boxes:
        beside &= ~((grid.x0 <= cx) & (cx <= grid.x1) & (grid.top <= cy) & (cy <= grid.bottom))
    # Most grids stand alone, nothing beside them: their rows need no weighing.
    if not beside.any():
        return False
    flanked = 0
    for row in table.rows:
        boxes = [c.bbox for c in row.cells if c.bbox is not None and c.span > 0]
        if not boxes:
            continue
        top, bottom = min(b.top for b in boxes), max(b.bottom for b in boxes)
        in_row = (cy > top) & (cy < bottom) & (cx >= box.x0) & (cx <= box.x1)
        if not in_row.any():
            continue
        # Text beside the grid that stands on the line of the row's own text.
        level = float(np.median(cy[in_row]))
        flanked += bool(np.any(beside & (np.abs(cy - level) < ROW_LEVEL_TOLERANCE)))
    return flanked >= INNER_GRID_SHARE * len(table.rows)


def _is_sparse_grid(table: Table) -> bool:
    """Rules crossing in a grid that holds text in under MIN_FILLED_SHARE of its
    positions: a chart's grid lines and their labels, or a form's boxes, not a
    table. Its text is read as text."""
    return table.column_count >= 2 and table.filled_share() < MIN_FILLED_SHARE


def _is_shaded_band(table: Table, page: PageGeometry) -> bool:
    """A one-row "table" with a cell whose text has column gutters inside it: one
    shaded band behind the header row of a table with no rules, not a grid. Its
    text is left to the whitespace-table reader, which sees the columns."""
    if len(table.rows) != 1:
        return False
    for cell in table.rows[0].cells:
        box = cell.bbox
        if box is None or cell.span == 0:
            continue
        inside = page.glyphs_in(box.x0, box.top, box.x1, box.bottom)
        if any(len(line["segments"]) > 1 for line in text_lines(inside, gutter_in_font_sizes=GUTTER_IN_FONT_SIZES)):
            return True
    return False


def _column_starts(plumber_rows) -> list[float]:
    """The left edge of each grid column: where a spanning cell's box crosses one of
    these edges, the covered positions belong to it."""
    width = max(len(r.cells) for r in plumber_rows)
    starts = []
    for i in range(width):
        edges = [r.cells[i][0] for r in plumber_rows if i < len(r.cells) and r.cells[i] is not None]
        starts.append(min(edges) if edges else float("inf"))
    return starts


@dataclass
class _Furniture:
    """What recurs in the header and footer bands: lines printed the same on several
    pages, and lines whose numbers follow the page number ("Page 3 of 12")."""

    texts: set[str]
    numbered: set[str]

    def holds(self, text: str) -> bool:
        return _fold(text) in self.texts or _DIGITS_RE.sub("#", _fold(text)) in self.numbered


def _furniture(pages: list[_PageLines]) -> _Furniture:
    if len(pages) < 2:
        return _Furniture(set(), set())
    texts: Counter[str] = Counter()
    # Per digit-masked line, how many pages show it with each offset between one of
    # its numbers and the page's number: a page number keeps one offset throughout,
    # where "Recommendation 4" at the top of page 2 and "Recommendation 9" at the top
    # of page 3 do not.
    offsets: dict[str, Counter[int]] = {}
    for page in pages:
        band = [_fold(line["text"]) for line in page.lines if _in_band(line, page.height)]
        texts.update(set(band))
        page_offsets: dict[str, set[int]] = {}
        for text in band:
            numbers = _DIGITS_RE.findall(text)
            if numbers:
                masked = _DIGITS_RE.sub("#", text)
                page_offsets.setdefault(masked, set()).update(int(n) - page.page for n in numbers if len(n) < 6)
        for masked, found in page_offsets.items():
            offsets.setdefault(masked, Counter()).update(found)
    threshold = max(2, (len(pages) + 1) // 2)
    return _Furniture(
        texts={text for text, count in texts.items() if count >= threshold and text},
        numbered={masked for masked, counts in offsets.items() if counts and max(counts.values()) >= threshold},
    )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _in_band(line: dict, height: float) -> bool:
    band = _band(height)
    return line["bottom"] <= band or line["top"] >= height - band


def _in_footer(line: dict, height: float) -> bool:
    return line["top"] >= height - _band(height)


def _band(height: float) -> float:
    return max(height * FURNITURE_BAND, FURNITURE_BAND_MIN)


def _running_lines(pages: list[_PageLines], furniture: _Furniture) -> list[Paragraph]:
    """Each running header and footer line once, where it was first printed; page
    numbers alone carry nothing and are left out."""
    found: list[Paragraph] = []
    seen: set[str] = set()
    for page in pages:
        for line in page.lines:
            text = line["text"].strip()
            if not _in_band(line, page.height) or _PAGE_NUMBER_RE.match(text) or not furniture.holds(text):
                continue
            # "Item 4 - page 2 of 9" is one line however many pages print it.
            key = _DIGITS_RE.sub("#", _fold(text))
            if key not in seen:
                seen.add(key)
                found.append(
                    Paragraph(text=text, page=page.page, bbox=BBox(line["x0"], line["top"], line["x1"], line["bottom"]))
                )
    return found


def _drop_furniture(page: _PageLines, furniture: _Furniture) -> list[dict]:
    kept = []
    for line in page.lines:
        if _in_band(line, page.height):
            if _PAGE_NUMBER_RE.match(line["text"].strip()):
                continue
            # The first page's header is usually the council and committee, printed
            # once as content and repeated afterwards as a running header: keep it
            # there, drop it everywhere else.
            repeated = furniture.holds(line["text"])
            if repeated and (page.page > 1 or _in_footer(line, page.height)):
                continue
        kept.append(line)
    return kept


def _paragraphs(lines: list[dict], page_number: int) -> list[Paragraph]:
    """Group text lines into paragraphs by vertical gaps and font changes."""
    paragraphs: list[Paragraph] = []
    current: list[dict] = []

    def flush() -> None:
        if not current:
            return
        box = BBox(
            min(l["x0"] for l in current),
            current[0]["top"],
            max(l["x1"] for l in current),
            current[-1]["bottom"],
        )
        paragraphs.append(
            Paragraph(
                text=join_lines([l["text"] for l in current]),
                page=page_number,
                bbox=box,
                size=current[0]["size"],
                bold=current[0]["bold"],
            )
        )
        current.clear()

    for line in lines:
        if current:
            last = current[-1]
            gap = line["top"] - last["bottom"]
            # Glyph boxes span the font's ascent to descent, so wrapped lines of a
            # paragraph nearly touch; space between paragraphs is a fair part of a
            # line.
            if (
                gap > PARAGRAPH_GAP * max(last["size"], 1.0)
                or abs(line["size"] - last["size"]) > 0.5
                or line["bold"] != last["bold"]
            ):
                flush()
        current.append(line)
    flush()
    return paragraphs


def _properties(info: dict) -> DocumentProperties:
    def text(key: str) -> str | None:
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        value = (value or "").strip() if isinstance(value, str) else None
        return value or None

    return DocumentProperties(
        title=text("Title"),
        author=text("Author"),
        created=_pdf_date(text("CreationDate")),
    )


def _pdf_date(value: str | None) -> date | None:
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", value or "")
    return calendar_date(*match.groups()) if match else None


def _check_signature(path: Path) -> None:
    """Name the commonest impostors before the parser gives a cryptic error."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if not head:
        raise UnreadableDocument("the file is empty (0 bytes)")
    if b"%PDF" in head:
        return
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")):
        raise UnreadableDocument("not a PDF: the file is a web page saved with a .pdf name")
    if head.startswith(b"PK"):
        raise UnreadableDocument("not a PDF: the file is a zip archive (perhaps a Word document) with a .pdf name")
    raise UnreadableDocument("not a PDF: the file has no PDF header")


def _unreadable(exc: BaseException, path: Path) -> UnreadableDocument:
    message = str(exc)
    # PDFium's error code is process-wide and may be left over from an earlier file:
    # an empty page tree and encryption are recognised in the file itself.
    data = path.read_bytes()
    if _has_page_tree_without_pages(data):
        return UnreadableDocument("PDF has no pages")
    if "password" in message.lower() and _ENCRYPTED.search(data):
        return UnreadableDocument("PDF is encrypted with a user password; ask the council for an open copy")
    if "security" in message.lower():
        return UnreadableDocument("PDF uses an encryption this reader does not support")
    if "format" in message.lower() or "file" in message.lower():
        return UnreadableDocument("not a readable PDF: the file is damaged or not a PDF")
    return UnreadableDocument(f"not a readable PDF ({describe_exception(exc)})")


_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


# An encrypted PDF names its encryption dictionary in its trailer.
_ENCRYPTED = re.compile(rb"/Encrypt\b")


def _has_page_tree_without_pages(data: bytes) -> bool:
    return bool(_PAGE_TREE.search(data)) and not _PAGE_OBJECT.search(data)


def _metadata(pdf: pdfium.PdfDocument) -> dict:
    try:
        return pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return {}
