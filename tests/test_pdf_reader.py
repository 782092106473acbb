"""The PDF reader: ruled tables as cells, other text as paragraphs, page furniture
removed, unreadable files refused with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import cell_paragraphs, gap, heading, para, pdf_of_objects, ruled_table, write_one_line_pdf, write_pdf
from reportlab.lib.pagesizes import A6, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, TableStyle

from scrutiny.extractors.errors import UnreadableDocument
from scrutiny.extractors.interpret import interpret
from scrutiny.extractors.pdf import read_pdf

RUNNING_HEADER = "Westmoor Council - Children and Young People Scrutiny Panel"
HEADER = ("Recommendation", "Progress Update")

FIRST = (
    "Every school should name a lead member of staff for young carers.",
    "All twelve secondary schools have named a lead. Primary schools will follow in the spring term.",
)
SECOND = (
    "Young carers should be offered a short break each year.",
    "Thirty young carers had a short break in the summer.",
)
# Long enough that its row cannot fit at the foot of page 1 and is cut across the
# page break.
SPLIT_UPDATE = " ".join(f"Visit number {n} to a young carers group was made and written up." for n in range(1, 31))
THIRD = ("A CAF should be completed for every young carer known to the service.", SPLIT_UPDATE)
FOURTH = ("Report progress to the panel in six months.", "A further report is due in March 2013.")


@pytest.fixture(scope="module")
def two_page_paper(tmp_path_factory) -> Path:
    """A ruled two-column table that runs from page 1 onto page 2: the header row is
    repeated on page 2 and the third row is cut by the page break. Every page has a
    running header and a "Page N of M" footer."""
    story = [
        heading("Young Carers Review: Progress Report"),
        para("This report sets out progress against the recommendations of the review."),
        gap(420),
        ruled_table(HEADER, [FIRST, SECOND, THIRD, FOURTH]),
        para("Contact: Jane Smith, Scrutiny Officer"),
    ]
    path = tmp_path_factory.mktemp("pdf") / "young-carers.pdf"
    return write_pdf(path, story, running_header=RUNNING_HEADER, page_footer=True)


@pytest.fixture(scope="module")
def paper_content(two_page_paper):
    return read_pdf(two_page_paper)


def test_table_over_two_pages_gives_one_item_per_recommendation_with_exact_texts(paper_content):
    items = interpret(paper_content)

    assert [(i.recommendation, i.progress) for i in items] == [FIRST, SECOND, THIRD, FOURTH]


def test_row_cut_by_the_page_break_is_one_item_ending_on_page_two(paper_content):
    tables = paper_content.tables()
    assert [t.page for t in tables] == [1, 2], "the table should run onto page 2"
    assert tables[1].rows[1].cells[0].text == "", "page 2 should open with the rest of a cut row"

    third = interpret(paper_content)[2]

    assert third.progress == SPLIT_UPDATE
    assert (third.source.page, third.source.page_end) == (1, 2)


def test_table_fragment_at_the_top_of_the_next_page_continues_the_previous_one(paper_content):
    first, second = paper_content.tables()

    assert not first.continues_previous
    assert second.continues_previous


def test_table_cells_keep_page_and_box(paper_content):
    first_table = paper_content.tables()[0]
    header_cell = first_table.rows[0].cells[0]

    assert header_cell.text == "Recommendation"
    assert header_cell.page == 1
    assert header_cell.bbox is not None and header_cell.bbox.x0 < header_cell.bbox.x1
    assert first_table.method == "pdfplumber-ruled"


def test_text_outside_tables_becomes_paragraphs_in_reading_order(paper_content):
    texts = [p.text for p in paper_content.paragraphs()]

    assert texts.index("Young Carers Review: Progress Report") < texts.index(
        "This report sets out progress against the recommendations of the review."
    )
    assert "Contact: Jane Smith, Scrutiny Officer" in texts


def test_table_text_is_not_repeated_as_paragraphs(paper_content):
    texts = " ".join(p.text for p in paper_content.paragraphs())

    assert "Recommendation" not in texts
    assert FIRST[0] not in texts


def test_page_footer_is_in_no_paragraph(paper_content):
    assert not [p.text for p in paper_content.paragraphs() if "Page " in p.text]


def test_running_header_is_in_no_paragraph_after_the_first_page(paper_content):
    assert not [p for p in paper_content.paragraphs() if p.text == RUNNING_HEADER and p.page != 1]


def test_running_header_printed_once_on_the_first_page_stays_as_cover_text(paper_content):
    # The first page's header usually names the council and committee, which the
    # metadata reader needs.
    first_page = [p.text for p in paper_content.paragraphs() if p.page == 1]

    assert RUNNING_HEADER in first_page


def test_page_furniture_is_in_no_item(paper_content):
    for item in interpret(paper_content):
        for text in (item.recommendation, item.progress or ""):
            assert RUNNING_HEADER not in text
            assert "Page 1" not in text and "Page 2" not in text


def test_page_number_footer_of_a_one_page_paper_is_in_no_paragraph(tmp_path):
    path = write_pdf(tmp_path / "paper.pdf", [para("Young carers review.")], page_footer=True)

    assert [p.text for p in read_pdf(path).paragraphs()] == ["Young carers review."]


def test_running_header_on_later_pages_only_is_in_no_paragraph(tmp_path):
    story = [heading("Cover page"), para("Introduction.")]
    for n in range(1, 4):
        story += [gap(600), para(f"Section {n} text.")]
    path = write_pdf(tmp_path / "paper.pdf", story, running_header=RUNNING_HEADER, header_on_first_page=False)

    content = read_pdf(path)

    assert content.pages >= 3
    assert RUNNING_HEADER not in [p.text for p in content.paragraphs()]


def test_numbered_headings_at_the_top_of_pages_are_kept_while_page_numbers_go(tmp_path):
    # Headings in the header band of most pages, differing only in their numbers,
    # are not a running header: their numbers do not follow the page's.
    headings = ["Recommendation 4", "Recommendation 9", "Recommendation 12"]
    story = []
    for text in headings:
        story += [heading(text), para(f"The text under {text.lower()}."), PageBreak()]
    path = write_pdf(tmp_path / "paper.pdf", story[:-1], page_footer=True, top_margin=1.5 * cm)

    texts = [p.text for p in read_pdf(path).paragraphs()]

    assert [t for t in texts if t.startswith("Recommendation")] == headings
    assert not [t for t in texts if t.startswith("Page ")]


def test_running_header_of_short_pages_is_in_no_paragraph(tmp_path):
    # The header sits as far from the top edge as on a tall page, which on a short
    # one is a larger share of the page.
    story = [para("First page text."), PageBreak(), para("Second page text."), PageBreak(), para("Third page text.")]
    path = write_pdf(tmp_path / "short.pdf", story, running_header=RUNNING_HEADER, pagesize=landscape(A6))

    texts = [p.text for p in read_pdf(path).paragraphs()]

    assert texts == [RUNNING_HEADER, "First page text.", "Second page text.", "Third page text."]


def test_words_the_pdf_separates_with_a_space_stay_apart_however_narrow_the_gap(tmp_path):
    # Italic glyph boxes can reach over the space after them ("of young" in an
    # oblique font); a space drawn in the PDF is a word break whatever the gap.
    path = tmp_path / "narrow.pdf"
    canvas = Canvas(str(path))
    text = canvas.beginText(72, 700)
    text.setFont("Helvetica-Oblique", 11)
    text.setWordSpace(-2.5)
    text.textLine("awareness of young carers")
    canvas.drawText(text)
    canvas.save()

    assert [p.text for p in read_pdf(path).paragraphs()] == ["awareness of young carers"]


def test_text_set_at_one_point_and_scaled_by_its_matrix_reads_at_its_printed_size(tmp_path):
    path = write_one_line_pdf(tmp_path / "scaled.pdf", "Overview and Scrutiny Committee", size=1, scale=14)

    assert [(p.text, p.size) for p in read_pdf(path).paragraphs()] == [("Overview and Scrutiny Committee", 14.0)]


def test_font_named_as_a_regular_face_is_not_bold_whatever_weight_its_descriptor_gives(tmp_path):
    path = write_one_line_pdf(
        tmp_path / "heavy.pdf", "Overview and Scrutiny Committee", font_name="LiberationSerif", font_weight=700
    )

    assert [p.bold for p in read_pdf(path).paragraphs()] == [False]


def test_font_named_only_by_a_resource_label_is_bold_when_its_weight_says_so(tmp_path):
    path = write_one_line_pdf(
        tmp_path / "label.pdf", "Overview and Scrutiny Committee", font_name="F1", font_weight=700
    )

    assert [p.bold for p in read_pdf(path).paragraphs()] == [True]


def test_pages_are_counted(paper_content):
    assert paper_content.pages == 2
    assert paper_content.format == "pdf"


def test_cell_with_two_paragraphs_reads_as_one_text(tmp_path):
    story = [
        ruled_table(
            HEADER,
            [("Train staff in hidden harm.", cell_paragraphs("Two courses ran in May.", "A third is planned."))],
        )
    ]
    path = write_pdf(tmp_path / "paper.pdf", story)

    (item,) = interpret(read_pdf(path))

    assert item.progress == "Two courses ran in May. A third is planned."


def test_row_spanning_a_pdf_table_is_one_spanning_cell_and_heads_a_section(tmp_path):
    story = [
        ruled_table(
            ("Ref", "Recommendation", "Progress Update"),
            [("Support in schools", "", ""), ("1", "Name a lead in every school.", "Done.")],
            spanning_rows=[0],
        )
    ]
    path = write_pdf(tmp_path / "paper.pdf", story)

    content = read_pdf(path)

    heading_row = content.tables()[0].rows[1]
    assert [(c.text, c.span) for c in heading_row.cells] == [("Support in schools", 3), ("", 0), ("", 0)]
    (item,) = interpret(content)
    assert (item.section, item.ref, item.recommendation) == ("Support in schools", "1", "Name a lead in every school.")


def test_cell_spanning_two_rows_of_a_pdf_table_is_merged_from_above_in_the_second(tmp_path):
    table = ruled_table(HEADER, [("Improve the CAF process.", "Guidance rewritten."), ("", "Training in June.")])
    table.setStyle(TableStyle([("SPAN", (0, 1), (0, 2))]))
    path = write_pdf(tmp_path / "paper.pdf", [table])

    content = read_pdf(path)

    lower = content.tables()[0].rows[2].cells[0]
    assert (lower.text, lower.merged_from_above) == ("Improve the CAF process.", True)
    assert [(i.recommendation, i.progress) for i in interpret(content)] == [
        ("Improve the CAF process.", "Guidance rewritten."),
        ("Improve the CAF process.", "Training in June."),
    ]


def test_document_properties_are_read(tmp_path):
    path = write_pdf(tmp_path / "paper.pdf", [para("Hello.")], title="Hidden Harm Review", author="Jane Smith")

    properties = read_pdf(path).properties

    assert (properties.title, properties.author) == ("Hidden Harm Review", "Jane Smith")
    assert properties.created is not None


# ------------------------------------------------------------------ unreadable files


def test_garbage_file_named_pdf_is_unreadable_with_a_clear_message(tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_text("These are the minutes, saved as plain text.\n" * 20)

    with pytest.raises(UnreadableDocument) as raised:
        read_pdf(path)

    message = str(raised.value)
    assert "not a" in message and "PDF" in message
    assert "\n" not in message
    assert "Exception" not in message


def test_empty_file_is_unreadable(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")

    with pytest.raises(UnreadableDocument):
        read_pdf(path)


def test_truncated_pdf_is_unreadable(tmp_path, two_page_paper):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(two_page_paper.read_bytes()[:400])

    with pytest.raises(UnreadableDocument):
        read_pdf(path)


def test_pdf_with_a_user_password_is_unreadable_and_the_message_names_the_password(tmp_path):
    path = write_pdf(tmp_path / "locked.pdf", [para("Confidential.")], encrypt=StandardEncryption("user", "owner"))

    with pytest.raises(UnreadableDocument) as raised:
        read_pdf(path)

    assert "password" in str(raised.value).lower()


def test_a_pdf_with_no_pages_read_after_a_locked_one_is_not_called_locked(tmp_path):
    # PDFium reports its last error process-wide, and opening a file with an empty
    # page tree sets none: the locked file's error must not describe the next file.
    locked = write_pdf(tmp_path / "locked.pdf", [para("Confidential.")], encrypt=StandardEncryption("user", "owner"))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(pdf_of_objects(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"))
    with pytest.raises(UnreadableDocument):
        read_pdf(locked)

    with pytest.raises(UnreadableDocument) as raised:
        read_pdf(empty)

    assert str(raised.value) == "PDF has no pages"


def test_pdf_with_only_an_owner_password_still_reads(tmp_path):
    path = write_pdf(
        tmp_path / "restricted.pdf",
        [para("Young carers review."), ruled_table(HEADER, [FIRST])],
        encrypt=StandardEncryption("", "owner"),
    )

    content = read_pdf(path)

    assert "Young carers review." in [p.text for p in content.paragraphs()]
    assert [(i.recommendation, i.progress) for i in interpret(content)] == [FIRST]
