"""Scanned papers: pages that are pictures of text are read with Tesseract when it is
installed, and flagged as needing OCR when it is not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from documents import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    gap,
    heading,
    para,
    ruled_table,
    unruled_table,
    write_pdf,
    write_scanned_pdf,
)
from PIL import Image
from rapidfuzz import fuzz
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from scrutiny.extractors import ocr
from scrutiny.extractors.pdf import read_pdf
from scrutiny.models.schema import Document
from scrutiny.pipeline.extract import extract_document
from scrutiny.pipeline.ingest.run import ingest
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")

RUNNING_HEADER = "Westmoor Council - Children and Young People Scrutiny Panel"
HEADER = ("Recommendation", "Progress Update")
ROWS = [
    (
        "Every school should name a lead member of staff for young carers.",
        "All twelve secondary schools have named a lead. Primary schools will follow in the spring term.",
    ),
    (
        "Young carers should be offered a short break each year.",
        "Thirty young carers had a short break in the summer.",
    ),
    (
        "The council should publish a directory of support for young carers and their families.",
        "The directory was published online in June and 400 printed copies went to GP surgeries.",
    ),
]
MORE_ROWS = [
    (
        "The panel should hear from young carers themselves at its next meeting.",
        "Four young carers spoke to the panel in November about school and respite.",
    ),
    (
        "Report progress to the panel in six months.",
        "A further report is due in March 2013.",
    ),
]


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger(load_taxonomy())


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def printed_ruled(folder: Path) -> Path:
    """A two-page update paper: running header, "Page N of M" footer, and a ruled
    Recommendation | Progress Update table that starts low on page 1 and continues
    onto page 2 under a repeated header."""
    story = [
        heading("Young Carers: Progress on Recommendations"),
        gap(),
        para("The panel asked for an update on each of its recommendations."),
        gap(520),
        ruled_table(HEADER, [*ROWS, *MORE_ROWS]),
    ]
    return write_pdf(folder / "ruled.pdf", story, running_header=RUNNING_HEADER, page_footer=True)


@pytest.fixture(scope="module")
def scanned_ruled(folder: Path, printed_ruled: Path) -> Path:
    return write_scanned_pdf(folder / "ruled-scan.pdf", printed_ruled, dpi=300)


@pytest.fixture(scope="module")
def scanned_unruled(folder: Path) -> Path:
    """One page with a whitespace-aligned two-column table, scanned at 200 dpi."""
    width = PAGE_WIDTH - 2 * MARGIN
    story = [
        heading("Young Carers: Progress on Recommendations"),
        gap(),
        unruled_table([HEADER, *ROWS], [0.45 * width, 0.55 * width]),
    ]
    printed = write_pdf(folder / "unruled.pdf", story)
    return write_scanned_pdf(folder / "unruled-scan.pdf", printed, dpi=200)


def _assert_pairs_match(items, expected) -> None:
    assert len(items) == len(expected)
    for item, (recommendation, progress) in zip(items, expected):
        assert fuzz.ratio(item.recommendation, recommendation) >= 90, item.recommendation
        assert fuzz.ratio(item.progress or "", progress) >= 90, item.progress


def test_a_scan_has_no_text_layer(scanned_ruled: Path, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    content = read_pdf(scanned_ruled)
    assert not any(getattr(b, "text", "") for b in content.blocks)
    assert content.tables() == []


@needs_tesseract
def test_a_scanned_ruled_table_gives_its_pairs(scanned_ruled: Path, printed_ruled: Path, tagger) -> None:
    printed = extract_document(printed_ruled, tagger)
    scanned = extract_document(scanned_ruled, tagger)
    expected = [*ROWS, *MORE_ROWS]
    assert [(i.recommendation, i.progress) for i in printed.items] == expected
    _assert_pairs_match(scanned.items, expected)
    # Found from the rules OCR lifted off the picture, stitched across the page
    # break, with the running header and the footer left out as on the printed copy.
    assert [i.source.page for i in scanned.items] == [i.source.page for i in printed.items]
    assert {i.source.method for i in scanned.items} == {"pdfplumber-ruled"}
    notes = [w.split(" (")[0] for w in scanned.warnings if "OCR" in w]
    assert notes == ["page 1 read by OCR", "page 2 read by OCR"]


@needs_tesseract
def test_a_scanned_whitespace_table_gives_its_pairs(scanned_unruled: Path, tagger) -> None:
    doc = extract_document(scanned_unruled, tagger)
    _assert_pairs_match(doc.items, ROWS)
    assert doc.items[0].source.method == "pdfplumber-unruled"
    assert any(w.startswith("page 1 read by OCR") for w in doc.warnings)


@needs_tesseract
def test_a_page_scanned_askew_is_turned_upright(folder: Path, printed_ruled: Path, tagger) -> None:
    """Columns that slant do not line up and slanted rules make no grid: the page is
    straightened before it is read."""
    slanted = write_scanned_pdf(folder / "slanted-scan.pdf", printed_ruled, dpi=200, slant=1.5)
    doc = extract_document(slanted, tagger)
    _assert_pairs_match(doc.items, [*ROWS, *MORE_ROWS])


def test_without_tesseract_a_scan_is_flagged_not_failed(scanned_unruled: Path, tagger, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    monkeypatch.setattr(ocr, "ocr_page", _must_not_run)
    doc = extract_document(scanned_unruled, tagger)
    assert doc.items == []
    assert "page 1 has no text layer and needs OCR: install the Debian package tesseract-ocr" in doc.warnings


def test_ingest_records_a_scan_that_needs_ocr(
    engine: Engine, scanned_unruled: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(scanned_unruled, papers / "scan.pdf")
    summary = ingest([papers], engine)
    assert summary.count("ingested") == 1 and summary.failed == []
    with Session(engine) as session:
        warnings = session.scalars(select(Document.warnings)).one()
    assert "page 1 has no text layer and needs OCR: install the Debian package tesseract-ocr" in warnings


def test_a_printed_paper_is_never_sent_to_ocr(printed_ruled: Path, tagger, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "ocr_page", _must_not_run)
    monkeypatch.setattr(ocr, "tesseract_available", _must_not_run)
    doc = extract_document(printed_ruled, tagger)
    assert len(doc.items) == len(ROWS) + len(MORE_ROWS)
    assert not any("OCR" in w for w in doc.warnings)


def test_a_page_with_text_and_a_picture_is_not_a_scan(tmp_path: Path, tagger, monkeypatch) -> None:
    """A full-page picture under a real text layer (a scan already OCRed, or a
    letterhead background) is read from its text."""
    monkeypatch.setattr(ocr, "ocr_page", _must_not_run)
    path = tmp_path / "background.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    sheet.drawImage(ImageReader(Image.new("L", (200, 280), 235)), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)
    sheet.setFont("Helvetica", 11)
    sheet.drawString(MARGIN, PAGE_HEIGHT - 3 * MARGIN, "The panel asked for an update on each recommendation.")
    sheet.save()
    content = read_pdf(path)
    assert [p.text for p in content.paragraphs()] == ["The panel asked for an update on each recommendation."]
    assert content.warnings == []


def test_a_failing_ocr_loses_that_page_only(scanned_unruled: Path, tagger, monkeypatch) -> None:
    def broken(path, page_index):
        raise RuntimeError("tesseract crashed")

    monkeypatch.setattr(ocr, "tesseract_available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_page", broken)
    doc = extract_document(scanned_unruled, tagger)
    assert doc.items == []
    assert "page 1 could not be read: RuntimeError: tesseract crashed" in doc.warnings


def test_tesseract_words_become_one_char_each_on_their_line() -> None:
    # Two lines at 300 dpi (scale 300/72): a table row whose cells Tesseract read as
    # one line, then a heading twice the height; a speck and a stray rule are dropped.
    scale = 300 / 72
    data = {
        "text": ["", "Every", "school", "|", "All", "~", "Progress"],
        "conf": [-1, 96, 91, 88, 95, 12, 93],
        "block_num": [1, 1, 1, 1, 1, 1, 2],
        "par_num": [1, 1, 1, 1, 1, 1, 1],
        "line_num": [1, 1, 1, 1, 1, 1, 1],
        "left": [0, 300, 520, 1200, 1300, 1500, 300],
        "top": [0, 600, 608, 590, 604, 600, 1000],
        "width": [0, 200, 240, 5, 100, 20, 500],
        "height": [0, 40, 32, 60, 36, 10, 80],
    }
    chars = ocr.words_to_chars(data, scale)
    assert [c["text"] for c in chars] == ["Every ", "school ", "All", "Progress"]
    first_line = chars[:3]
    assert {(c["top"], c["bottom"]) for c in first_line} == {(600 / scale, 640 / scale)}
    assert first_line[0]["x0"] == pytest.approx(72.0) and first_line[0]["x1"] == pytest.approx(120.0)
    assert chars[3]["size"] > 1.25 * chars[0]["size"]


def test_needs_ocr_wants_a_page_covered_by_pictures_without_text() -> None:
    class Page:
        width, height = 600.0, 800.0

        def __init__(self, chars: int, image: tuple[float, float, float, float] | None) -> None:
            self.chars = [{"text": "x"} for _ in range(chars)]
            self.images = [dict(zip(("x0", "top", "x1", "bottom"), image))] if image else []

    assert ocr.needs_ocr(Page(0, (0, 0, 600, 800)))
    assert ocr.needs_ocr(Page(5, (-10, -10, 610, 810)))
    assert not ocr.needs_ocr(Page(0, None))
    assert not ocr.needs_ocr(Page(0, (20, 20, 120, 80)))
    assert not ocr.needs_ocr(Page(500, (0, 0, 600, 800)))


def test_table_rules_are_lifted_from_the_picture_as_edges() -> None:
    # A 2 x 2 grid at 300 dpi, 3 pixels thick, beside a thick black panel.
    scale = 300 / 72
    picture = Image.new("L", (1200, 900), 255)
    for y in (100, 300, 500):
        picture.paste(0, (100, y, 1100, y + 3))
    for x in (100, 600, 1097):
        picture.paste(0, (x, 100, x + 3, 503))
    picture.paste(0, (100, 700, 1100, 800))
    cleaned, edges = ocr._lift_rules(picture, scale)
    horizontal = sorted(round(e["top"]) for e in edges if e["orientation"] == "h")
    vertical = sorted(round(e["x0"]) for e in edges if e["orientation"] == "v")
    assert horizontal == [round(101.5 / scale), round(301.5 / scale), round(501.5 / scale)]
    assert vertical == [round(101.5 / scale), round(601.5 / scale), round(1098.5 / scale)]
    assert cleaned.getpixel((500, 101)) == 255 and cleaned.getpixel((601, 400)) == 255
    # The panel is not a rule: it stays, and makes no edge.
    assert cleaned.getpixel((500, 750)) == 0


def _must_not_run(*args, **kwargs):
    raise AssertionError("OCR was called")
