"""What the Word reader reads beyond plain runs and tables: content controls,
hyperlinks, fields, text boxes, tracked changes, nested and split tables, list
numbering, prose layouts and the file's own properties as metadata fallbacks.

Each test builds a tiny .docx with python-docx, adding raw WordprocessingML where
python-docx has no API for the construct."""

from __future__ import annotations

import re
from datetime import datetime

import docx
from documents import add_docx_table, ruled_table, write_pdf
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from scrutiny.extractors.docx import read_docx
from scrutiny.extractors.interpret import interpret, logical_tables
from scrutiny.extractors.metadata import extract_metadata
from scrutiny.extractors.pdf import read_pdf

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
HEADER = ["Recommendation", "Progress"]


def word_xml(fragment: str):
    """An element from WordprocessingML written with the usual prefixes."""
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    tag_end = re.match(r"\s*<[\w:]+", fragment).end()
    return parse_xml(fragment[:tag_end] + " " + declarations + fragment[tag_end:])


def run_xml(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def add_body_xml(document, fragment: str) -> None:
    document.element.body.find(qn("w:sectPr")).addprevious(word_xml(fragment))


def wrap_in_content_control(element) -> None:
    """Put a content control (w:sdt) around an element where it stands: Word wraps
    body paragraphs, runs, rows and cells alike."""
    control = word_xml(
        '<w:sdt><w:sdtPr><w:alias w:val="Officer update"/><w:tag w:val="update"/></w:sdtPr><w:sdtContent/></w:sdt>'
    )
    element.addprevious(control)
    control.find(qn("w:sdtContent")).append(element)


def save(document, tmp_path, name: str = "paper.docx"):
    path = tmp_path / name
    document.save(str(path))
    return path


def read(document, tmp_path):
    return read_docx(save(document, tmp_path))


def paragraph_texts(content) -> list[str]:
    return [p.text for p in content.paragraphs()]


def pairs(items) -> list[tuple[str, str | None]]:
    return [(i.recommendation, i.progress) for i in items]


# ------------------------------------------------------------------ content controls


def test_content_control_around_body_paragraphs_and_a_table_is_read(tmp_path):
    document = docx.Document()
    document.add_paragraph("Before the control")
    inside = document.add_paragraph("Recommendations of the review")
    table = add_docx_table(document, [HEADER, ["Publish a carers' guide.", "Published in May."]])
    document.add_paragraph("After the control")
    wrap_in_content_control(inside._p)
    wrap_in_content_control(table._tbl)

    content = read(document, tmp_path)

    assert paragraph_texts(content) == ["Before the control", "Recommendations of the review", "After the control"]
    assert pairs(interpret(content)) == [("Publish a carers' guide.", "Published in May.")]


def test_content_control_around_runs_inside_a_paragraph_is_read(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Meeting date: ")
    paragraph._p.append(word_xml(f"<w:sdt><w:sdtPr/><w:sdtContent>{run_xml('14 March 2012')}</w:sdtContent></w:sdt>"))
    paragraph.add_run(" (rescheduled)")

    assert paragraph_texts(read(document, tmp_path)) == ["Meeting date: 14 March 2012 (rescheduled)"]


def test_content_control_around_a_table_cell_is_read(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, [HEADER, ["Publish a carers' guide.", "Published in May."]])
    wrap_in_content_control(table.rows[1]._tr.findall(qn("w:tc"))[1])

    content = read(document, tmp_path)

    assert content.tables()[0].rows[1].texts == ["Publish a carers' guide.", "Published in May."]
    assert pairs(interpret(content)) == [("Publish a carers' guide.", "Published in May.")]


def test_content_control_around_a_table_row_is_read(tmp_path):
    document = docx.Document()
    table = add_docx_table(
        document,
        [HEADER, ["Publish a carers' guide.", "Published in May."], ["Train school staff.", "Two courses ran."]],
    )
    wrap_in_content_control(table.rows[2]._tr)

    assert pairs(interpret(read(document, tmp_path))) == [
        ("Publish a carers' guide.", "Published in May."),
        ("Train school staff.", "Two courses ran."),
    ]


# ------------------------------------------------------------------ hyperlinks and fields


def test_hyperlink_text_is_kept(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("The guide is on ")
    paragraph._p.append(word_xml(f'<w:hyperlink w:history="1">{run_xml("the council website")}</w:hyperlink>'))
    paragraph.add_run(".")

    assert paragraph_texts(read(document, tmp_path)) == ["The guide is on the council website."]


def test_simple_field_gives_its_displayed_result(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Report date: ")
    instruction = " DATE \\@ &quot;d MMMM yyyy&quot; "
    paragraph._p.append(word_xml(f'<w:fldSimple w:instr="{instruction}">{run_xml("4 April 2012")}</w:fldSimple>'))

    assert paragraph_texts(read(document, tmp_path)) == ["Report date: 4 April 2012"]


def test_complex_field_gives_its_result_and_never_its_instruction(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    for fragment in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.org/carers" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run_xml("the carers' pages"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(word_xml(fragment))
    paragraph.add_run(" for details.")

    assert paragraph_texts(read(document, tmp_path)) == ["See the carers' pages for details."]


def test_field_nested_in_a_field_instruction_shows_only_the_outer_result(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Status: ")
    for fragment in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> MERGEFIELD Done </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run_xml("yes"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> = "yes" "Completed" "Open" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run_xml("Completed"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(word_xml(fragment))

    assert paragraph_texts(read(document, tmp_path)) == ["Status: Completed"]


# ------------------------------------------------------------------ text boxes


def text_box_run(*paragraphs: str) -> str:
    """A floating text box as Word 2010 and later save it: DrawingML in mc:Choice
    and the same box in VML in mc:Fallback for older readers."""
    content = "<w:txbxContent>" + "".join(f"<w:p>{run_xml(t)}</w:p>" for t in paragraphs) + "</w:txbxContent>"
    return f"""
    <w:r><mc:AlternateContent>
      <mc:Choice Requires="wps"><w:drawing>
        <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
                   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
          <wp:simplePos x="0" y="0"/>
          <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
          <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
          <wp:extent cx="2000000" cy="600000"/>
          <wp:wrapSquare wrapText="bothSides"/>
          <wp:docPr id="1" name="Text Box 1"/>
          <a:graphic><a:graphicData uri="{NAMESPACES["wps"]}">
            <wps:wsp>
              <wps:cNvSpPr txBox="1"/>
              <wps:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
              <wps:txbx>{content}</wps:txbx>
              <wps:bodyPr/>
            </wps:wsp>
          </a:graphicData></a:graphic>
        </wp:anchor>
      </w:drawing></mc:Choice>
      <mc:Fallback><w:pict>
        <v:shape type="#_x0000_t202" style="width:157pt;height:47pt"><v:textbox>{content}</v:textbox></v:shape>
      </w:pict></mc:Fallback>
    </mc:AlternateContent></w:r>"""


def test_text_box_saved_with_a_fallback_copy_is_read_once(tmp_path):
    document = docx.Document()
    document.add_paragraph()._p.append(word_xml(text_box_run("Report of the Director of Children's Services")))

    assert paragraph_texts(read(document, tmp_path)) == ["Report of the Director of Children's Services"]


def test_text_box_paragraphs_follow_the_paragraph_anchoring_them_as_paragraphs(tmp_path):
    document = docx.Document()
    anchor = document.add_paragraph("The panel met four times.")
    anchor._p.append(word_xml(text_box_run("Key facts", "120 young carers known to services")))
    document.add_paragraph("It heard from young carers.")

    assert paragraph_texts(read(document, tmp_path)) == [
        "The panel met four times.",
        "Key facts",
        "120 young carers known to services",
        "It heard from young carers.",
    ]


def test_vml_text_box_without_a_drawing_is_read(tmp_path):
    document = docx.Document()
    document.add_paragraph()._p.append(
        word_xml(
            '<w:r><w:pict><v:shape type="#_x0000_t202"><v:textbox><w:txbxContent>'
            f"<w:p>{run_xml('Date: 14 March 2012')}</w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )

    assert paragraph_texts(read(document, tmp_path)) == ["Date: 14 March 2012"]


def test_text_box_in_a_table_cell_is_read_once_in_that_cell(tmp_path):
    document = docx.Document()
    table = add_docx_table(document, [HEADER, ["Publish a carers' guide.", "Published in May."]])
    table.cell(1, 1).paragraphs[0]._p.append(word_xml(text_box_run("Sent to all schools.")))

    content = read(document, tmp_path)

    assert content.tables()[0].rows[1].cells[1].text == "Published in May.\nSent to all schools."
    assert paragraph_texts(content) == []


# ------------------------------------------------------------------ tracked changes


def test_tracked_insertion_is_kept(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Short breaks are offered ")
    paragraph._p.append(word_xml(f'<w:ins w:id="1" w:author="Editor">{run_xml("every month ")}</w:ins>'))
    paragraph.add_run("to young carers.")

    assert paragraph_texts(read(document, tmp_path)) == ["Short breaks are offered every month to young carers."]


def test_moved_text_is_read_where_it_was_moved_to_only(tmp_path):
    document = docx.Document()
    first = document.add_paragraph("Guidance was rewritten. ")
    first._p.append(word_xml(f'<w:moveFrom w:id="1" w:author="Editor">{run_xml("Training ran in June.")}</w:moveFrom>'))
    second = document.add_paragraph("Schools were told. ")
    second._p.append(word_xml(f'<w:moveTo w:id="2" w:author="Editor">{run_xml("Training ran in June.")}</w:moveTo>'))

    assert paragraph_texts(read(document, tmp_path)) == [
        "Guidance was rewritten.",
        "Schools were told. Training ran in June.",
    ]


def test_table_row_deleted_with_changes_tracked_gives_no_item(tmp_path):
    document = docx.Document()
    table = add_docx_table(
        document,
        [HEADER, ["Publish a carers' guide.", "Published in May."], ["Close the drop-in centre.", "Withdrawn."]],
    )
    table.rows[2]._tr.get_or_add_trPr().append(word_xml('<w:del w:id="1" w:author="Editor"/>'))

    assert pairs(interpret(read(document, tmp_path))) == [("Publish a carers' guide.", "Published in May.")]


# ------------------------------------------------------------------ nested tables


def test_nested_table_text_stays_in_its_cell_and_the_outer_row_is_one_item(tmp_path):
    document = docx.Document()
    outer = add_docx_table(document, [HEADER, ["Train school staff in hidden harm.", "Courses so far:"]])
    nested = outer.cell(1, 1).add_table(rows=2, cols=2)
    for r, values in enumerate([["May", "Two courses"], ["June", "One course"]]):
        for c, value in enumerate(values):
            nested.cell(r, c).text = value

    content = read(document, tmp_path)

    assert len(content.tables()) == 1
    assert content.tables()[0].rows[1].cells[1].text == "Courses so far:\nMay\nTwo courses\nJune\nOne course"
    assert pairs(interpret(content)) == [
        ("Train school staff in hidden harm.", "Courses so far: May Two courses June One course")
    ]


# ------------------------------------------------------------------ one table split in two


FIRST_HALF = [HEADER, ["Publish a carers' guide.", "Published in May."]]
SECOND_HALF = [HEADER, ["Train school staff.", "Two courses ran."]]
BOTH_HALVES = [("Publish a carers' guide.", "Published in May."), ("Train school staff.", "Two courses ran.")]


def test_table_split_in_two_with_the_same_header_is_one_logical_table(tmp_path):
    document = docx.Document()
    add_docx_table(document, FIRST_HALF)
    add_docx_table(document, SECOND_HALF)

    content = read(document, tmp_path)

    assert len(content.tables()) == 2
    assert len(logical_tables(content.blocks)) == 1
    items = interpret(content)
    assert pairs(items) == BOTH_HALVES
    assert {i.source.table for i in items} == {0}


def test_table_split_around_an_empty_paragraph_is_stitched_as_the_paragraph_is_no_block(tmp_path):
    document = docx.Document()
    add_docx_table(document, FIRST_HALF)
    document.add_paragraph("")
    add_docx_table(document, SECOND_HALF)

    content = read(document, tmp_path)

    assert len(logical_tables(content.blocks)) == 1
    assert pairs(interpret(content)) == BOTH_HALVES


def test_tables_either_side_of_a_table_continues_paragraph_are_one_table(tmp_path):
    document = docx.Document()
    add_docx_table(document, FIRST_HALF)
    document.add_paragraph("Table continues")
    add_docx_table(document, SECOND_HALF)

    content = read(document, tmp_path)

    assert len(logical_tables(content.blocks)) == 1
    assert pairs(interpret(content)) == BOTH_HALVES


def test_headerless_table_after_a_paragraph_is_not_stitched_as_the_paragraph_may_introduce_another_table(tmp_path):
    document = docx.Document()
    add_docx_table(document, FIRST_HALF)
    document.add_paragraph("Appendix B: Budget")
    add_docx_table(document, [["Libraries", "120"], ["Youth service", "85"]])

    assert pairs(interpret(read(document, tmp_path))) == [("Publish a carers' guide.", "Published in May.")]


# ------------------------------------------------------------------ header rows


def test_header_repeated_inside_the_body_of_a_word_table_is_dropped(tmp_path):
    document = docx.Document()
    table = add_docx_table(
        document,
        [HEADER, *FIRST_HALF[1:], HEADER, *SECOND_HALF[1:]],
    )
    table.rows[0]._tr.get_or_add_trPr().append(word_xml("<w:tblHeader/>"))

    content = read(document, tmp_path)

    assert [r.repeats_as_header for r in content.tables()[0].rows] == [True, False, False, False]
    assert pairs(interpret(content)) == BOTH_HALVES


# ------------------------------------------------------------------ Word and PDF alike


TRACKER_HEADER = ["Ref", "Recommendation", "Lead Officer", "Target Date", "Progress Update", "RAG Status"]
TRACKER_ROWS = [
    [
        "R1",
        "Set up a young carers' register.",
        "Head of Children's Services",
        "March 2013",
        "Register designed; launch delayed.",
        "Amber",
    ],
    ["R2", "Publish a guide for schools.", "Schools Adviser", "June 2012", "Completed. Sent to all schools.", "Green"],
    ["R3", "Fund a young carers' worker.", "Commissioning Manager", "April 2013", "No funding identified yet.", "Red"],
]
# Wide enough that no word is broken across lines in the PDF.
TRACKER_WIDTHS = [30, 110, 90, 60, 110, 50]
RESPONSE_HEADER = ["Recommendation", "Cabinet Response"]
RESPONSE_ROWS = [
    ["Fund a young carers' worker.", "Partially accepted. Funding for one year only."],
    ["Close the drop-in centre.", "Rejected."],
    ["Publish a guide.", "Accepted. The guide will be out in May."],
]


def items_of_both_forms(tmp_path, header: list[str], rows: list[list[str]], widths: list[float] | None = None):
    document = docx.Document()
    add_docx_table(document, [header, *rows])
    pdf = write_pdf(tmp_path / "paper.pdf", [ruled_table(header, rows, col_widths=widths)])
    return interpret(read(document, tmp_path)), interpret(read_pdf(pdf))


def test_tracker_in_word_gives_the_items_of_its_pdf_form(tmp_path):
    word, pdf = items_of_both_forms(tmp_path, TRACKER_HEADER, TRACKER_ROWS, TRACKER_WIDTHS)

    def described(i):
        return (i.ref, i.recommendation, i.lead_officer, i.target_date, i.progress, i.status_text, i.status)

    assert [described(i) for i in word] == [described(i) for i in pdf]
    assert [i.status for i in word] == ["in_progress", "completed", "outstanding"]


def test_executive_response_table_in_word_gives_the_items_of_its_pdf_form(tmp_path):
    word, pdf = items_of_both_forms(tmp_path, RESPONSE_HEADER, RESPONSE_ROWS)

    def described(i):
        return (i.recommendation, i.response, i.response_text, i.progress, i.status)

    assert [described(i) for i in word] == [described(i) for i in pdf]
    assert [i.response for i in word] == ["partially_accepted", "rejected", "accepted"]


# ------------------------------------------------------------------ prose layouts


def test_recommendation_headings_in_a_heading_style_with_progress_paragraphs_give_items(tmp_path):
    document = docx.Document()
    document.add_heading("Recommendation 1", level=2)
    document.add_paragraph("The Council should publish a guide for young carers.")
    document.add_paragraph("Progress: The guide was published in May.")
    document.add_heading("Recommendation 2", level=2)
    document.add_paragraph("Schools should name a lead for young carers.")
    document.add_paragraph("Progress: Eleven of twelve schools have a lead.")

    content = read(document, tmp_path)

    assert content.paragraphs()[0].style == "Heading 2"
    items = interpret(content)
    assert [(i.ref, i.recommendation, i.progress) for i in items] == [
        ("1", "The Council should publish a guide for young carers.", "The guide was published in May."),
        ("2", "Schools should name a lead for young carers.", "Eleven of twelve schools have a lead."),
    ]


def test_recommendations_headed_r1_r2_with_dated_update_labels_give_items(tmp_path):
    document = docx.Document()
    document.add_paragraph("R1 The Council should publish a guide for young carers.")
    document.add_paragraph("Update (September 2011): The guide was published in May.")
    document.add_paragraph("R2 Schools should name a lead for young carers.")
    document.add_paragraph("Update (September 2011): Eleven of twelve schools have a lead.")

    items = interpret(read(document, tmp_path))

    assert [(i.ref, i.recommendation, i.progress) for i in items] == [
        ("1", "The Council should publish a guide for young carers.", "The guide was published in May."),
        ("2", "Schools should name a lead for young carers.", "Eleven of twelve schools have a lead."),
    ]


def test_bulleted_progress_paragraphs_are_joined_into_the_progress(tmp_path):
    document = docx.Document()
    document.add_heading("Recommendation 1", level=2)
    document.add_paragraph("Train school staff in hidden harm.")
    document.add_paragraph("Progress:")
    document.add_paragraph("Two courses ran in May.", style="List Bullet")
    document.add_paragraph("A third is planned for June.", style="List Bullet")

    (item,) = interpret(read(document, tmp_path))

    assert item.progress == "Two courses ran in May. A third is planned for June."


NUMBERED_RECOMMENDATIONS = [
    "That the Council publishes a guide for young carers.",
    "That schools name a lead for young carers.",
]
NUMBERED_PROGRESS = ["Progress: Published in May.", "Progress: Eleven schools have a lead."]


def numbered_recommendations_paper(tmp_path):
    document = docx.Document()
    document.add_paragraph("Recommendations")
    for recommendation, progress in zip(NUMBERED_RECOMMENDATIONS, NUMBERED_PROGRESS):
        document.add_paragraph(recommendation, style="List Number")
        document.add_paragraph(progress)
    return read(document, tmp_path)


def test_numbered_list_paragraphs_carry_the_number_word_draws(tmp_path):
    content = numbered_recommendations_paper(tmp_path)

    assert paragraph_texts(content) == [
        "Recommendations",
        "1. That the Council publishes a guide for young carers.",
        NUMBERED_PROGRESS[0],
        "2. That schools name a lead for young carers.",
        NUMBERED_PROGRESS[1],
    ]


def test_numbered_recommendations_followed_by_progress_paragraphs_give_an_item_each(tmp_path):
    items = interpret(numbered_recommendations_paper(tmp_path))

    assert [(i.ref, i.recommendation, i.progress) for i in items] == [
        ("1", NUMBERED_RECOMMENDATIONS[0], "Published in May."),
        ("2", NUMBERED_RECOMMENDATIONS[1], "Eleven schools have a lead."),
    ]
    assert {i.source.method for i in items} == {"prose-numbered"}


def add_list_definition(document, levels: list[tuple[str, str]]) -> str:
    """A multi-level list definition (number format, level text per level); returns
    the abstractNumId."""
    numbering = document.part.numbering_part.element
    abstract_id = str(100 + len(numbering.findall(qn("w:abstractNum"))))
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.findall(qn("w:num"))[0].addprevious(
        word_xml(f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    )
    return abstract_id


def add_list(document, abstract_id: str, restart_at: int | None = None) -> str:
    """A list using a definition; returns its numId. `restart_at` numbers it afresh
    from that value, as Word's "Restart numbering" does."""
    numbering = document.part.numbering_part.element
    num_id = str(100 + len(numbering.findall(qn("w:num"))))
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>' if restart_at else ""
    )
    numbering.append(word_xml(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'))
    return num_id


def add_list_paragraph(document, text: str, num_id: str, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        word_xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_multi_level_list_numbers_nest_and_restart_below_a_higher_level(tmp_path):
    document = docx.Document()
    definition = add_list_definition(
        document, [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)"), ("lowerRoman", "%4)")]
    )
    num_id = add_list(document, definition)
    for text, level in [
        ("Housing", 0),
        ("Review rents", 1),
        ("Build homes", 1),
        ("Council homes", 2),
        ("Starter homes", 2),
        ("Flats", 3),
        ("Transport", 0),
        ("Buses", 1),
    ]:
        add_list_paragraph(document, text, num_id, level)

    assert paragraph_texts(read(document, tmp_path)) == [
        "1. Housing",
        "1.1 Review rents",
        "1.2 Build homes",
        "(a) Council homes",
        "(b) Starter homes",
        "i) Flats",
        "2. Transport",
        "2.1 Buses",
    ]


def test_lists_sharing_a_definition_count_on_unless_restarted(tmp_path):
    document = docx.Document()
    definition = add_list_definition(document, [("decimal", "%1.")])
    first, second = add_list(document, definition), add_list(document, definition)
    restarted = add_list(document, definition, restart_at=1)
    add_list_paragraph(document, "Publish a guide.", first)
    add_list_paragraph(document, "Train staff.", first)
    document.add_paragraph("The panel also asked that:")
    add_list_paragraph(document, "Schools name a lead.", second)
    add_list_paragraph(document, "Fund a worker.", restarted)

    assert paragraph_texts(read(document, tmp_path)) == [
        "1. Publish a guide.",
        "2. Train staff.",
        "The panel also asked that:",
        "3. Schools name a lead.",
        "1. Fund a worker.",
    ]


def test_paragraph_taken_out_of_its_style_list_has_no_number(tmp_path):
    document = docx.Document()
    document.add_paragraph("Publish a guide.", style="List Number")
    add_list_paragraph(document, "A note under the list.", "0")
    document.add_paragraph("Train staff.", style="List Number")

    assert paragraph_texts(read(document, tmp_path)) == [
        "1. Publish a guide.",
        "A note under the list.",
        "2. Train staff.",
    ]


def test_empty_numbered_paragraph_in_the_body_is_no_block_but_takes_its_number(tmp_path):
    document = docx.Document()
    document.add_paragraph("Publish a guide.", style="List Number")
    document.add_paragraph("", style="List Number")
    document.add_paragraph("Train staff.", style="List Number")

    assert paragraph_texts(read(document, tmp_path)) == ["1. Publish a guide.", "3. Train staff."]


def test_auto_numbered_ref_column_gives_each_item_its_number(tmp_path):
    document = docx.Document()
    table = add_docx_table(
        document,
        [["Ref", *HEADER], ["", *FIRST_HALF[1]], ["", *SECOND_HALF[1]]],
    )
    for row in table.rows[1:]:
        row.cells[0].paragraphs[0].style = document.styles["List Number"]

    items = interpret(read(document, tmp_path))

    assert [(i.ref, i.recommendation) for i in items] == [
        ("1.", "Publish a carers' guide."),
        ("2.", "Train school staff."),
    ]


def test_bullets_get_no_label(tmp_path):
    document = docx.Document()
    document.add_paragraph("Two courses ran in May.", style="List Bullet")

    assert paragraph_texts(read(document, tmp_path)) == ["Two courses ran in May."]


# ------------------------------------------------------------------ metadata fallbacks


def test_core_title_and_author_fill_the_metadata_a_plain_cover_lacks(tmp_path):
    document = docx.Document()
    document.add_paragraph("Westmoor Borough Council")
    document.add_paragraph("This report sets out progress against the recommendations of the review.")
    add_docx_table(document, FIRST_HALF)
    document.core_properties.title = "Young Carers Review: Progress"
    document.core_properties.author = "Jane Smith"
    document.core_properties.created = datetime(2012, 3, 4, 10, 30)

    meta = extract_metadata(read_docx(save(document, tmp_path, "2012-03-14 paper.docx")))

    assert meta.council == "Westmoor Borough Council"
    assert (meta.title, meta.author) == ("Young Carers Review: Progress", "Jane Smith")


def test_cover_title_and_author_outrank_the_core_properties(tmp_path):
    document = docx.Document()
    document.add_heading("Young Carers Review: Final Progress Report", level=1)
    document.add_paragraph("Author: John Brown, Scrutiny Officer")
    document.core_properties.title = "Draft v3"
    document.core_properties.author = "Administrator"

    meta = extract_metadata(read(document, tmp_path))

    assert (meta.title, meta.author) == ("Young Carers Review: Final Progress Report", "John Brown")


# ------------------------------------------------------------------ small things


def test_no_break_hyphen_reads_as_a_hyphen(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("A follow")
    paragraph._p.append(word_xml("<w:r><w:noBreakHyphen/><w:t>up report</w:t></w:r>"))

    assert paragraph_texts(read(document, tmp_path)) == ["A follow-up report"]
