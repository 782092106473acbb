"""A paper whose text never names its council: the council's web links, and the
council's logo read by OCR."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from covers import logo_picture
from documents import MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from scrutiny.extractors.content import BBox, DocumentContent, Paragraph, Picture
from scrutiny.extractors.docx import read_docx
from scrutiny.extractors.metadata import extract_metadata
from scrutiny.extractors.pdf import read_pdf

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")

BODY = "The panel asked for an update on each of its recommendations."


def paper(*, links: list[str] = (), pictures: list[Picture] = ()) -> DocumentContent:
    return DocumentContent(
        path="/papers/appendix.pdf",
        format="pdf",
        pages=1,
        blocks=[Paragraph(BODY, page=1)],
        links=list(links),
        pictures=list(pictures),
    )


# Where a logo sits: the top left corner of an A4 page.
CORNER = BBox(40, 30, 140, 90)


def logo(words: str, box: BBox = CORNER) -> Picture:
    return Picture(page=1, bbox=box, page_width=595, page_height=842, read_words=lambda: words)


def unread(box: BBox = CORNER) -> Picture:
    def must_not_read() -> str:
        raise AssertionError("this picture should not have been read")

    return Picture(page=1, bbox=box, page_width=595, page_height=842, read_words=must_not_read)


# ----------------------------------------------------------------------- links


def test_a_council_only_in_the_papers_links_is_found_by_their_host():
    meta = extract_metadata(
        paper(links=["https://democracy.swansea.gov.uk/ieListDocuments.aspx?MId=1", "mailto:clerk@swansea.gov.uk"])
    )
    assert meta.council == "City and County of Swansea Council"
    assert meta.sources["council"].origin == "link"


def test_links_to_two_councils_in_equal_measure_name_neither():
    meta = extract_metadata(paper(links=["mailto:a@swansea.gov.uk", "mailto:b@cardiff.gov.uk"]))
    assert meta.council is None


def test_the_council_linked_far_more_often_than_another_is_the_papers():
    links = ["https://www.kent.gov.uk/a", "https://democracy.kent.gov.uk/b", "mailto:c@medway.gov.uk"]
    assert extract_metadata(paper(links=links)).council == "Kent County Council"


def test_links_to_sites_that_are_no_councils_name_none():
    meta = extract_metadata(paper(links=["https://www.gov.uk/guidance", "https://www.legislation.gov.uk/ukpga"]))
    assert meta.council is None


def test_a_pdfs_link_annotations_are_read(tmp_path: Path):
    path = tmp_path / "linked.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    sheet.drawString(MARGIN, PAGE_HEIGHT - 2 * MARGIN, "Background papers")
    sheet.linkURL("https://democracy.cardiff.gov.uk/papers", (MARGIN, 700, 300, 720))
    sheet.save()
    assert read_pdf(path).links == ["https://democracy.cardiff.gov.uk/papers"]


def test_a_word_papers_hyperlinks_are_read(tmp_path: Path):
    document = docx.Document()
    paragraph = document.add_paragraph("Background papers: ")
    relation = paragraph.part.relate_to(
        "https://democracy.cardiff.gov.uk/papers", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = paragraph._p.makeelement(docx.oxml.ns.qn("w:hyperlink"), {docx.oxml.ns.qn("r:id"): relation})
    paragraph._p.append(link)
    document.save(tmp_path / "linked.docx")
    assert read_docx(tmp_path / "linked.docx").links == ["https://democracy.cardiff.gov.uk/papers"]


# ----------------------------------------------------------------------- logos


def test_a_council_only_in_its_logo_is_found_there():
    meta = extract_metadata(paper(pictures=[logo("Ceredigion\nCounty Council")]))
    assert meta.council == "Ceredigion County Council"
    assert meta.sources["council"].origin == "logo"


def test_a_logo_giving_only_the_councils_web_address_names_it():
    assert extract_metadata(paper(pictures=[logo("[emblem]\nhackney.gov.uk")])).council == "London Borough of Hackney"


def test_a_logo_of_a_council_the_register_lacks_keeps_its_printed_name():
    assert extract_metadata(paper(pictures=[logo("Hartleigh\nBorough Council")])).council == "Hartleigh Borough Council"


def test_a_logo_is_not_read_when_the_text_names_the_council():
    content = paper(pictures=[unread()])
    content.blocks.insert(0, Paragraph("Kent County Council", page=1))
    assert extract_metadata(content).council == "Kent County Council"


def test_a_picture_across_the_middle_of_the_page_is_no_logo():
    chart = unread(BBox(40, 300, 555, 600))
    assert extract_metadata(paper(pictures=[chart])).council is None


def test_a_logo_naming_no_council_names_none():
    meta = extract_metadata(paper(pictures=[logo("Ministry of Housing,\nCommunities & Local Government")]))
    assert meta.council is None


@needs_tesseract
def test_a_pdfs_logo_is_read_by_ocr_when_nothing_else_names_the_council(tmp_path: Path):
    path = tmp_path / "amendment.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    sheet.drawImage(ImageReader(logo_picture("Cardiff\nCouncil")), MARGIN, PAGE_HEIGHT - 120, width=130, height=45)
    sheet.setFont("Helvetica", 11)
    sheet.drawString(MARGIN, PAGE_HEIGHT - 200, BODY)
    sheet.save()
    meta = extract_metadata(read_pdf(path))
    assert meta.council == "City of Cardiff Council"
    assert meta.sources["council"].origin == "logo"


@needs_tesseract
def test_a_word_papers_header_logo_is_read_by_ocr(tmp_path: Path):
    logo_picture("Swansea\nCouncil").save(tmp_path / "logo.png")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(tmp_path / "logo.png"))
    document.add_paragraph(BODY)
    document.save(tmp_path / "amendment.docx")
    content = read_docx(tmp_path / "amendment.docx")
    assert len(content.pictures) == 1
    assert extract_metadata(content).council == "City and County of Swansea Council"


def test_a_logo_printed_on_many_papers_is_read_once(tmp_path: Path, monkeypatch):
    from scrutiny.extractors import ocr

    readings = []

    def fake_reading(picture, config, timeout) -> dict:
        readings.append(picture.size)
        one_word = {"text": ["Cardiff"], "conf": [90], "block_num": [1], "par_num": [1], "line_num": [1]}
        return one_word

    monkeypatch.setattr(ocr, "tesseract_available", lambda: True)
    monkeypatch.setattr(ocr, "tesseract_tsv", fake_reading)
    ocr._words_in_pixels.cache_clear()
    logo_picture("Cardiff\nCouncil").save(tmp_path / "logo.png")
    data = (tmp_path / "logo.png").read_bytes()

    assert [ocr.image_file_words(data) for _ in range(3)] == ["Cardiff"] * 3
    assert len(readings) == 1
    ocr._words_in_pixels.cache_clear()
