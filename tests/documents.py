"""Small builders for the PDFs and Word files the reader tests read.

Each builder writes one file and returns its path. PDFs are drawn with reportlab's
platypus; Word files are written with python-docx. Keep inputs tiny: a test should
show, in a few lines, the layout it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
HEADING = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=14, leading=18)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=10, leading=13)
HEADER_CELL = ParagraphStyle("header-cell", fontName="Helvetica-Bold", fontSize=10, leading=13)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2.5 * cm


def para(text: str, style: ParagraphStyle = BODY) -> PdfParagraph:
    return PdfParagraph(text, style)


def heading(text: str) -> PdfParagraph:
    return PdfParagraph(text, HEADING)


def gap(points: float = 12) -> Spacer:
    return Spacer(1, points)


def cell_paragraphs(*texts: str) -> list[PdfParagraph]:
    """One table cell holding several paragraphs."""
    return [PdfParagraph(t, CELL) for t in texts]


def ruled_table(
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str | list]],
    col_widths: Sequence[float] | None = None,
    repeat_header: bool = True,
    spanning_rows: Sequence[int] = (),
) -> PdfTable:
    """A table ruled on every side of every cell, header repeated on each page, and
    rows allowed to split across a page break.

    `spanning_rows` are indexes into `rows` whose first cell spans every column (a
    section heading); their other cells should be empty strings. Without a
    `header`, the table is the headless rest of one printed before it.
    """
    data = [[PdfParagraph(h, HEADER_CELL) for h in header]] if header else []
    first = 1 if header else 0
    for row in rows:
        data.append([PdfParagraph(c, CELL) if isinstance(c, str) else c for c in row])
    columns = len(header) if header else len(rows[0])
    widths = list(col_widths) if col_widths else [(PAGE_WIDTH - 2 * MARGIN) / columns] * columns
    # splitByRow=0: the row that meets the foot of the page is cut there, as a word
    # processor cuts it, rather than the table being split between rows first.
    table = PdfTable(
        data, colWidths=widths, repeatRows=1 if header and repeat_header else 0, splitByRow=0, splitInRow=1
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                # Close the part of a split row left at the foot of the page, as
                # word processors do.
                ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.75, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *([("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)] if header else []),
                *[("SPAN", (0, r + first), (-1, r + first)) for r in spanning_rows],
            ]
        )
    )
    return table


def write_pdf(
    path: Path,
    story: Sequence[Flowable],
    *,
    running_header: str | None = None,
    header_on_first_page: bool = True,
    page_footer: bool = False,
    encrypt=None,
    title: str | None = None,
    author: str | None = None,
    top_margin: float = MARGIN,
    pagesize: tuple[float, float] = A4,
) -> Path:
    """Write `story` to `path`.

    `running_header` is drawn at the top of the pages; `page_footer` draws
    "Page N of M" at the foot of every page. The document is laid out twice so the
    footer knows M.
    """

    def decorate(total: int | None) -> Callable:
        def on_page(canvas, doc) -> None:
            canvas.saveState()
            canvas.setFont("Helvetica", 9)
            number = canvas.getPageNumber()
            if running_header and (header_on_first_page or number > 1):
                canvas.drawString(MARGIN, pagesize[1] - 1.2 * cm, running_header)
            if page_footer:
                canvas.drawRightString(pagesize[0] - MARGIN, 1.2 * cm, f"Page {number} of {total or 0}")
            canvas.restoreState()

        return on_page

    def build(target, total: int | None) -> int:
        kwargs = {}
        if encrypt is not None:
            kwargs["encrypt"] = encrypt
        doc = SimpleDocTemplate(
            str(target),
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=top_margin,
            bottomMargin=MARGIN,
            title=title or "",
            author=author or "",
            invariant=1,
            **kwargs,
        )
        on_page = decorate(total)
        doc.build(list(story), onFirstPage=on_page, onLaterPages=on_page)
        return doc.page

    total = build(path, None) if page_footer else None
    build(path, total)
    return path


def add_docx_table(document, rows: Sequence[Sequence[str]]):
    """A ruled Word table filled row by row; "\\n" in a value starts a new paragraph
    in the cell."""
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = document.styles["Table Grid"]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            first, *more = value.split("\n")
            cell = table.cell(r, c)
            cell.text = first
            for text in more:
                cell.add_paragraph(text)
    return table


def unruled_table(
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float],
    *,
    header: bool = True,
    column_gap: float = 24,
    row_gap: float = 10,
    cell_style: ParagraphStyle = CELL,
) -> PdfTable:
    """A table laid out with whitespace only: no rules, no shading, text of each
    column starting at the same x, `column_gap` points of white between columns and
    `row_gap` points between rows. With `header` the first row is set in bold, the
    others in `cell_style`."""
    data = [
        [PdfParagraph(c, HEADER_CELL if header and r == 0 else cell_style) for c in row] for r, row in enumerate(rows)
    ]
    table = PdfTable(data, colWidths=list(col_widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), column_gap),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), row_gap),
            ]
        )
    )
    return table


def _docx_paper(cover: Sequence[str], title: str):
    import docx

    document = docx.Document()
    for line in cover:
        document.add_paragraph(line)
    document.add_paragraph(title, style="Title")
    return document


def write_scrutiny_report_docx(path: Path, cover: Sequence[str], title: str, recommendations: Sequence[str]) -> Path:
    """The report that made the recommendations: cover lines (council, committee,
    meeting date), a title, then "Recommendation 1", "Recommendation 2", ...
    headings, each over its recommendation. No progress is reported."""
    document = _docx_paper(cover, title)
    for number, text in enumerate(recommendations, start=1):
        document.add_paragraph(f"Recommendation {number}", style="Heading 2")
        document.add_paragraph(text)
    document.save(str(path))
    return path


def write_update_docx(path: Path, cover: Sequence[str], title: str, rows: Sequence[tuple[str, str]]) -> Path:
    """An update paper: cover lines, a title, then a "Recommendation | Progress
    Updates" table with one (recommendation, progress) row each."""
    document = _docx_paper(cover, title)
    add_docx_table(document, [["Recommendation", "Progress Updates"], *[list(r) for r in rows]])
    document.save(str(path))
    return path


def write_scanned_pdf(path: Path, printed: Path, dpi: int = 300, slant: float = 0.0) -> Path:
    """`printed` as a scanner would return it: every page a greyscale picture of the
    page and nothing else, so the file has no text layer. `slant` turns each picture
    that many degrees anticlockwise, as a sheet fed in askew."""
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    source = pdfium.PdfDocument(str(printed))
    try:
        width, height = source[0].get_size()
        sheet = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
        for page in source:
            width, height = page.get_size()
            picture = page.render(scale=dpi / 72, grayscale=True).to_pil()
            if slant:
                picture = picture.rotate(slant, resample=Image.BICUBIC, fillcolor=255)
            sheet.setPageSize((width, height))
            sheet.drawImage(ImageReader(picture), 0, 0, width=width, height=height)
            sheet.showPage()
        sheet.save()
    finally:
        source.close()
    return path


def write_one_line_pdf(
    path: Path,
    text: str,
    *,
    font_name: str = "LiberationSerif",
    font_weight: int = 400,
    size: float = 12,
    scale: float = 1,
) -> Path:
    """A one-page PDF written byte by byte, for font details a layout library sets
    for itself: one line of `text` in a TrueType font called `font_name` whose
    descriptor gives `font_weight`, set at `size` points and scaled by the text
    matrix (`scale` 12 with `size` 1 prints at 12 points, as cairo writes text)."""
    widths = " ".join(["500"] * 95)
    stream = f"BT /F1 {size:g} Tf {scale:g} 0 0 {scale:g} 72 700 Tm ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        (
            f"<< /Type /Font /Subtype /TrueType /BaseFont /{font_name} /FirstChar 32 /LastChar 126 "
            f"/Widths [{widths}] /FontDescriptor 6 0 R /Encoding /WinAnsiEncoding >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        (
            f"<< /Type /FontDescriptor /FontName /{font_name} /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
            f"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontWeight {font_weight} >>"
        ).encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def pdf_of_objects(*objects: bytes) -> bytes:
    """A PDF of these objects, numbered from 1 (the catalog), with a correct
    cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return out
