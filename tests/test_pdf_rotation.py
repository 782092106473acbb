"""Pages stored turned (/Rotate 90, 180, 270) or printed with their text sideways
read as a viewer shows them: words in their order, tables with their rows and
columns, boxes measured on the page as it reads."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from scrutiny.extractors.content import Table
from scrutiny.extractors.pdf import read_pdf
from scrutiny.extractors.pdf_geometry import read_geometry, reading_turn

WIDTH, HEIGHT = A4  # the page as stored: portrait
HEADING = "Grand total by service"
ROWS = [("Ref", "Action", "Owner"), ("R1", "Open a helpline", "Housing"), ("R2", "Publish waiting times", "Health")]
LEFTS = (60.0, 160.0, 420.0)
ROW_HEIGHT = 24.0
TABLE_TOP = 120.0  # from the top of the page as it reads


def as_stored(rotate: int) -> tuple[float, float, float, float, float, float]:
    """The matrix that draws a page as it reads (bottom-left origin, landscape when
    turned a quarter) onto the stored portrait page that a viewer turns `rotate`
    degrees clockwise."""
    return {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, 1, -1, 0, WIDTH, 0),
        180: (-1, 0, 0, -1, WIDTH, HEIGHT),
        270: (0, -1, 1, 0, 0, HEIGHT),
    }[rotate]


def write_turned_page(path: Path, drawn_turned: int, rotate: int) -> Path:
    """One page with a heading and a ruled three-column table, drawn turned as
    `drawn_turned` says and stored with /Rotate `rotate`."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.transform(*as_stored(drawn_turned))
    read_height = WIDTH if drawn_turned in (90, 270) else HEIGHT
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(60, read_height - 80, HEADING)
    canvas.setFont("Helvetica", 10)
    right = 560.0
    for r, row in enumerate(ROWS):
        top = read_height - TABLE_TOP - r * ROW_HEIGHT
        canvas.line(LEFTS[0] - 4, top, right, top)
        for left, text in zip(LEFTS, row):
            canvas.drawString(left, top - 16, text)
    bottom = read_height - TABLE_TOP - len(ROWS) * ROW_HEIGHT
    canvas.line(LEFTS[0] - 4, bottom, right, bottom)
    for x in (*(left - 4 for left in LEFTS), right):
        canvas.line(x, read_height - TABLE_TOP, x, bottom)
    canvas.showPage()
    canvas.save()
    if rotate:
        document = pdfium.PdfDocument(str(path))
        document[0].set_rotation(rotate)
        document.save(str(path))
        document.close()
    return path


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_page_stored_turned_reads_its_words_in_order(tmp_path, rotate):
    content = read_pdf(write_turned_page(tmp_path / "turned.pdf", rotate, rotate))

    assert content.paragraphs()[0].text == HEADING


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_ruled_table_on_a_page_stored_turned_keeps_its_rows_and_columns(tmp_path, rotate):
    content = read_pdf(write_turned_page(tmp_path / "turned.pdf", rotate, rotate))

    tables = [b for b in content.blocks if isinstance(b, Table)]
    assert [[row.texts for row in t.rows] for t in tables] == [[list(row) for row in ROWS]]


@pytest.mark.parametrize("rotate", [90, 270])
def test_a_page_stored_a_quarter_turned_is_measured_as_it_reads(tmp_path, rotate):
    path = write_turned_page(tmp_path / "turned.pdf", rotate, rotate)
    document = pdfium.PdfDocument(str(path))
    try:
        geometry = read_geometry(document[0], 1)
    finally:
        document.close()

    assert (geometry.width, geometry.height) == pytest.approx((HEIGHT, WIDTH))
    table = read_pdf(path).tables()[0]
    assert table.bbox.top == pytest.approx(TABLE_TOP, abs=1)
    assert table.bbox.x0 == pytest.approx(LEFTS[0] - 4, abs=1)


def test_text_printed_sideways_on_an_unturned_page_reads_in_order(tmp_path):
    content = read_pdf(write_turned_page(tmp_path / "sideways.pdf", 90, 0))

    assert content.paragraphs()[0].text == HEADING
    assert [row.texts for row in content.tables()[0].rows] == [list(row) for row in ROWS]


def test_a_page_without_text_reads_as_its_rotate_says():
    assert reading_turn([], 90) == 90


def test_a_few_sideways_labels_do_not_turn_a_page():
    assert reading_turn([0] * 40 + [90] * 5, 0) == 0


def test_text_running_up_the_stored_page_is_read_turned_a_quarter_clockwise():
    assert reading_turn([90] * 40 + [0] * 5, 0) == 90


BODY = (
    "The panel met four times and heard from officers and partners.",
    "Its findings are set out below with the evidence behind them.",
)


def test_a_label_up_the_margin_is_read_in_its_own_direction_apart_from_the_body(tmp_path):
    path = tmp_path / "margin.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 10)
    for i, line in enumerate(BODY):
        canvas.drawString(72, 700 - 14 * i, line)
    canvas.saveState()
    canvas.translate(40, 600)
    canvas.rotate(90)
    canvas.drawString(0, 0, "DRAFT FOR COMMENT")
    canvas.restoreState()
    canvas.showPage()
    canvas.save()

    texts = [p.text for p in read_pdf(path).paragraphs()]

    assert " ".join(BODY) in texts
    assert "DRAFT FOR COMMENT" in texts


def test_a_header_set_sideways_over_a_narrow_ruled_column_is_read(tmp_path):
    path = tmp_path / "sideways-header.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    lefts, right, tops = (60, 360), 400, (700, 620, 590, 560)
    for top in tops:
        canvas.line(lefts[0], top, right, top)
    for x in (*lefts, right):
        canvas.line(x, tops[0], x, tops[-1])
    canvas.setFont("Helvetica", 10)
    canvas.drawString(64, 650, "Action")
    canvas.saveState()
    canvas.translate(384, 630)
    canvas.rotate(90)
    canvas.drawString(0, 0, "Status")
    canvas.restoreState()
    for top, (action, status) in zip(tops[1:], (("Open a helpline", "Done"), ("Publish times", "Late"))):
        canvas.drawString(64, top - 20, action)
        canvas.drawString(364, top - 20, status)
    canvas.showPage()
    canvas.save()

    table = read_pdf(path).tables()[0]

    assert [row.texts for row in table.rows] == [
        ["Action", "Status"],
        ["Open a helpline", "Done"],
        ["Publish times", "Late"],
    ]
