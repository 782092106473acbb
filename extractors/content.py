"""The format-neutral representation every reader produces.

A reader (PDF, Word, ...) turns a file into a :class:`DocumentContent`: the body in
reading order as paragraphs and tables of cells, each with the page it sits on and,
where the format has geometry, its bounding box. Nothing here knows what a
recommendation is; interpretation happens downstream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class BBox:
    """A rectangle in PDF points, top-left origin (pdfplumber's naming)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]

    def union(self, other: BBox | None) -> BBox:
        if other is None:
            return self
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


@dataclass
class Paragraph:
    text: str
    page: int | None = None
    bbox: BBox | None = None
    # Word paragraph style name ("Heading 2", "List Number") or None.
    style: str | None = None
    # Font size in points where the format records it (PDF); used to spot headings.
    size: float | None = None
    bold: bool = False


@dataclass
class Cell:
    text: str
    page: int | None = None
    bbox: BBox | None = None
    # True when the cell continues a vertically merged cell from the row above
    # (Word vMerge): same content, not a new value.
    merged_from_above: bool = False
    # Number of grid columns the cell covers (Word gridSpan, PDF spanning cells).
    # Rows are grid-aligned: the positions a spanning cell covers hold empty cells
    # with span 0.
    span: int = 1


@dataclass
class Row:
    cells: list[Cell]
    page: int | None = None
    # The author marked this row to repeat at the top of each page (Word tblHeader).
    repeats_as_header: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def is_blank(self) -> bool:
        return not any(c.text.strip() for c in self.cells)


@dataclass
class Table:
    """One table fragment as the reader found it.

    A PDF reader emits one fragment per page a table touches; a table that the author
    split in two is two fragments too. Stitching fragments into logical tables is the
    interpreter's job, so every format gets the same rules.
    """

    rows: list[Row]
    page: int | None = None
    bbox: BBox | None = None
    # True when the reader knows this fragment continues the previous one across a
    # page break (no content between them but page furniture).
    continues_previous: bool = False
    # How the reader found it ("pdfplumber-ruled", "docx-table"): kept as provenance.
    method: str = ""

    @property
    def column_count(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    def filled_share(self) -> float:
        """The share of the table's grid positions that hold text."""
        positions = sum(len(r.cells) for r in self.rows)
        filled = sum(1 for r in self.rows for c in r.cells if c.text.strip())
        return filled / positions if positions else 0.0


Block = Paragraph | Table


@dataclass
class DocumentProperties:
    """What the file's own metadata says (PDF info dictionary, docx core properties)."""

    title: str | None = None
    author: str | None = None
    created: date | None = None


@dataclass
class Picture:
    """An image printed in the paper: a logo is often the only place a paper names
    its council. Its words are read (by OCR) only when asked for: most papers
    never need them, and reading costs a tenth of a second or more."""

    page: int | None
    bbox: BBox | None  # None where the format places images without geometry (Word)
    # The page's size, to tell a logo in a corner from a picture filling the page.
    page_width: float | None = None
    page_height: float | None = None
    # Returns the words in the image, lines joined by newlines ("" when OCR is not
    # installed or finds nothing). A plain function and its arguments (a partial),
    # so content can pass between processes.
    read_words: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    def words(self) -> str:
        return self.read_words() if self.read_words is not None else ""


@dataclass
class DocumentContent:
    path: str
    format: str  # "pdf" | "docx"
    pages: int | None  # None when the format does not paginate (docx without app.xml)
    blocks: list[Block] = field(default_factory=list)
    properties: DocumentProperties = field(default_factory=DocumentProperties)
    warnings: list[str] = field(default_factory=list)
    # Running headers and footers, once each, in the order first printed. They are
    # not body text, but often the only place a paper names its council, committee
    # or meeting date.
    furniture: list[Paragraph] = field(default_factory=list)
    # Where the paper's hyperlinks and e-mail links point ("https://democracy.example.gov.uk/",
    # "mailto:clerk@example.gov.uk").
    links: list[str] = field(default_factory=list)
    # The images on the paper's opening page (PDF) or in its first header and opening
    # paragraphs (Word): where a logo would be.
    pictures: list[Picture] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
