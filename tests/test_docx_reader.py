"""The Word reader: the body in order, tables as grid-aligned cells with merges made
explicit, core properties, and files that are not Word documents refused."""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import docx
import pytest
from documents import add_docx_table
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from scrutiny.extractors.content import Paragraph, Table
from scrutiny.extractors.docx import read_docx
from scrutiny.extractors.errors import UnreadableDocument
from scrutiny.extractors.interpret import interpret

# A table whose second row will be merged across the grid into a section heading.
SECTIONED_ROWS = [["Ref", "Recommendation", "Progress"], ["", "", ""], ["1", "Name a lead.", "Done."]]
# A table whose recommendation cell will be merged down over two rows.
MERGED_ROWS = [
    ["Recommendation", "Progress"],
    ["Improve the CAF process.", "Guidance rewritten."],
    ["", "Training in June."],
]


def save(document, tmp_path, name: str = "paper.docx"):
    path = tmp_path / name
    document.save(str(path))
    return path


def test_paragraphs_and_tables_keep_their_body_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Introduction")
    add_docx_table(document, [["Recommendation", "Progress"], ["First.", "One."]])
    document.add_paragraph("Between the tables")
    add_docx_table(document, [["Service", "2011/12 £000"], ["Libraries", "120"]])
    document.add_paragraph("Conclusion")

    content = read_docx(save(document, tmp_path))

    assert [(type(b).__name__, b.text if isinstance(b, Paragraph) else b.rows[0].texts[0]) for b in content.blocks] == [
        ("Paragraph", "Introduction"),
        ("Table", "Recommendation"),
        ("Paragraph", "Between the tables"),
        ("Table", "Service"),
        ("Paragraph", "Conclusion"),
    ]


def test_empty_paragraphs_are_not_blocks(tmp_path):
    document = docx.Document()
    document.add_paragraph("Before")
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.add_paragraph("After")

    content = read_docx(save(document, tmp_path))

    assert [p.text for p in content.paragraphs()] == ["Before", "After"]


def test_paragraph_keeps_its_style_name(tmp_path):
    document = docx.Document()
    document.add_heading("Young carers review", level=1)
    document.add_paragraph("Body text.")

    heading, body = read_docx(save(document, tmp_path)).paragraphs()

    assert (heading.text, heading.style) == ("Young carers review", "Heading 1")
    assert body.style is None


def test_paragraph_in_bold_throughout_is_bold(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run("Recommendations").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Partly ").bold = True
    mixed.add_run("bold")

    bold, not_bold = read_docx(save(document, tmp_path)).paragraphs()

    assert bold.bold is True
    assert not_bold.bold is False


def test_line_break_inside_a_paragraph_reads_as_a_space(tmp_path):
    document = docx.Document()
    run = document.add_paragraph().add_run("Children and Young People")
    run.add_break()
    run.add_text("Scrutiny Panel")

    (paragraph,) = read_docx(save(document, tmp_path)).paragraphs()

    assert paragraph.text == "Children and Young People Scrutiny Panel"


def test_cell_with_two_paragraphs_keeps_them_on_separate_lines(tmp_path):
    document = docx.Document()
    add_docx_table(
        document,
        [
            ["Recommendation", "Progress"],
            ["Train staff in hidden harm.", "Two courses ran in May.\nA third is planned."],
        ],
    )

    content = read_docx(save(document, tmp_path))

    assert content.tables()[0].rows[1].cells[1].text == "Two courses ran in May.\nA third is planned."
    (item,) = interpret(content)
    assert item.progress == "Two courses ran in May. A third is planned."


def test_horizontally_merged_cells_give_one_spanning_cell_and_covered_cells(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, SECTIONED_ROWS)
    merged = table.cell(1, 0).merge(table.cell(1, 2))
    merged.text = "Support in schools"

    row = read_docx(save(document, tmp_path)).tables()[0].rows[1]

    assert [(c.text, c.span) for c in row.cells] == [("Support in schools", 3), ("", 0), ("", 0)]


def test_merged_heading_row_in_a_word_table_becomes_the_section(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, SECTIONED_ROWS)
    table.cell(1, 0).merge(table.cell(1, 2)).text = "Support in schools"

    (item,) = interpret(read_docx(save(document, tmp_path)))

    assert (item.section, item.ref, item.recommendation) == ("Support in schools", "1", "Name a lead.")


def test_vertically_merged_cell_repeats_its_text_marked_merged_from_above(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, MERGED_ROWS)
    table.cell(1, 0).merge(table.cell(2, 0))

    rows = read_docx(save(document, tmp_path)).tables()[0].rows

    top, below = rows[1].cells[0], rows[2].cells[0]
    assert (top.text, top.merged_from_above) == ("Improve the CAF process.", False)
    assert (below.text, below.merged_from_above) == ("Improve the CAF process.", True)


def test_vertically_merged_recommendation_gives_an_item_per_update(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, MERGED_ROWS)
    table.cell(1, 0).merge(table.cell(2, 0))

    items = interpret(read_docx(save(document, tmp_path)))

    assert [(i.recommendation, i.progress) for i in items] == [
        ("Improve the CAF process.", "Guidance rewritten."),
        ("Improve the CAF process.", "Training in June."),
    ]


def _set_row_grid(row, tag: str, value: int) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), str(value))
    row._tr.get_or_add_trPr().append(element)


def test_row_starting_after_skipped_grid_columns_is_padded_at_the_start(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, [["Ref", "Recommendation", "Progress"], ["1", "Publish a guide.", "Published."]])
    row = table.rows[1]
    row._tr.remove(row._tr.findall(qn("w:tc"))[0])
    _set_row_grid(row, "w:gridBefore", 1)

    rows = read_docx(save(document, tmp_path)).tables()[0].rows

    assert rows[1].texts == ["", "Publish a guide.", "Published."]


def test_row_ending_before_the_last_grid_column_is_padded_at_the_end(tmp_path):
    document = docx.Document()
    table = add_docx_table(
        document,
        [
            ["Ref", "Recommendation", "Progress"],
            ["1", "Publish a guide.", "Published."],
            ["Note: figures are provisional.", "", ""],
        ],
    )
    row = table.rows[2]
    for tc in row._tr.findall(qn("w:tc"))[1:]:
        row._tr.remove(tc)
    _set_row_grid(row, "w:gridAfter", 2)

    rows = read_docx(save(document, tmp_path)).tables()[0].rows

    assert rows[2].texts == ["Note: figures are provisional.", "", ""]


def test_row_marked_to_repeat_as_header_is_flagged(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, [["Recommendation", "Progress"], ["Publish a guide.", "Published."]])
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    rows = read_docx(save(document, tmp_path)).tables()[0].rows

    assert [r.repeats_as_header for r in rows] == [True, False]


def test_tracked_deletion_is_not_read(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Short breaks ")
    deletion = OxmlElement("w:del")
    deletion.set(qn("w:id"), "1")
    deletion.set(qn("w:author"), "Editor")
    deleted_run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = "were not "
    deleted_run.append(deleted_text)
    deletion.append(deleted_run)
    paragraph._p.append(deletion)
    paragraph.add_run("are offered.")

    (read,) = read_docx(save(document, tmp_path)).paragraphs()

    assert read.text == "Short breaks are offered."


def test_word_tables_have_no_page_and_say_how_they_were_read(tmp_path):
    document = docx.Document()
    add_docx_table(document, [["Recommendation", "Progress"], ["Publish a guide.", "Published."]])

    content = read_docx(save(document, tmp_path))

    (table,) = content.tables()
    assert isinstance(table, Table)
    assert table.method == "docx-table"
    assert content.format == "docx"
    assert table.rows[1].cells[0].page is None


def test_core_properties_are_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("Body.")
    document.core_properties.title = "Hidden Harm Review: Progress"
    document.core_properties.author = "Jane Smith"
    document.core_properties.created = datetime(2012, 3, 4, 10, 30)

    properties = read_docx(save(document, tmp_path)).properties

    assert properties.title == "Hidden Harm Review: Progress"
    assert properties.author == "Jane Smith"
    assert properties.created == date(2012, 3, 4)


def test_blank_core_title_is_none(tmp_path):
    document = docx.Document()
    document.core_properties.title = "   "

    assert read_docx(save(document, tmp_path)).properties.title is None


# ------------------------------------------------------------------ unreadable files


def test_file_that_is_not_a_zip_is_unreadable(tmp_path):
    path = tmp_path / "minutes.docx"
    path.write_text("These are the minutes, saved as plain text.")

    with pytest.raises(UnreadableDocument, match="not a Word document"):
        read_docx(path)


def test_empty_file_is_unreadable(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")

    with pytest.raises(UnreadableDocument):
        read_docx(path)


def test_zip_that_is_not_a_word_document_is_unreadable(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "Photographs from the carers' event.")

    with pytest.raises(UnreadableDocument, match="not a Word document"):
        read_docx(path)
