"""PDF layouts councils publish, read end to end: each test draws a small paper with
reportlab, reads it with the PDF reader and interprets it, and states what the items
must be.

The layouts: ruled tables whose header is printed once, trackers with many columns,
several update columns, executive responses, tables drawn with whitespace only,
recommendations written as prose, tables that are not recommendation tables at all,
and the text hygiene and provenance every item from a PDF should have.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

import pdfplumber
import pytest
from documents import (
    HEADER_CELL,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    gap,
    heading,
    para,
    ruled_table,
    unruled_table,
    write_pdf,
)
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph

from scrutiny.extractors.interpret import interpret
from scrutiny.extractors.pdf import read_pdf
from scrutiny.pipeline.extract import extract_document
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy

RUNNING_HEADER = "Westmoor Council - Children and Young People Scrutiny Panel"
SUBHEADING = ParagraphStyle("subheading", fontName="Helvetica-Bold", fontSize=11, leading=14)


def pairs(items) -> list[tuple[str, str | None]]:
    return [(i.recommendation, i.progress) for i in items]


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger(load_taxonomy())


# ------------------------------------------------ ruled table, header on page 1 only

HEADER = ("Recommendation", "Progress Update")
FIRST = (
    "Every school should name a lead member of staff for young carers.",
    "All twelve secondary schools have named a lead. Primary schools will follow in the spring term.",
)
SECOND = (
    "Young carers should be offered a short break each year.",
    "Thirty young carers had a short break in the summer.",
)
# Long enough that its row cannot fit at the foot of page 1 and is cut by the break.
SPLIT_UPDATE = " ".join(f"Visit number {n} to a young carers group was made and written up." for n in range(1, 31))
THIRD = ("Visit every young carers group in the borough.", SPLIT_UPDATE)
FOURTH = ("Report progress to the panel in six months.", "A further report is due in March 2013.")


def header_once_table(rows, *, rule_above_cut_row: bool = True):
    """A ruled table whose header row is printed on the first page only.

    A row cut by the page break is closed at the foot of page 1; with
    `rule_above_cut_row` its remainder is closed at the top of page 2 too, as word
    processors draw it.
    """
    table = ruled_table(HEADER, rows, repeat_header=False)
    if rule_above_cut_row:
        last = len(HEADER) - 1
        table.setStyle(TableStyle([("LINEABOVE", (0, "inrowsplitend"), (last, "inrowsplitend"), 0.75, colors.black)]))
    return table


def header_once_story(table, space_above: float = 420) -> list:
    """The table below enough space that it runs from page 1 onto page 2."""
    return [
        heading("Young Carers Review: Progress Report"),
        para("This report sets out progress against the recommendations of the review."),
        gap(space_above),
        table,
    ]


@pytest.fixture(scope="module")
def header_once_content(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "header-once.pdf"
    table = header_once_table([FIRST, SECOND, THIRD, FOURTH])
    write_pdf(path, header_once_story(table), running_header=RUNNING_HEADER, page_footer=True)
    return read_pdf(path)


def test_table_with_its_header_on_the_first_page_only_gives_every_row_once_with_exact_texts(header_once_content):
    _, second_page = header_once_content.tables()
    assert second_page.page == 2
    assert second_page.rows[0].cells[0].text == "", "page 2 should open with the rest of a cut row, not a header"

    assert pairs(interpret(header_once_content)) == [FIRST, SECOND, THIRD, FOURTH]


def test_headerless_fragment_on_the_next_page_joins_the_table_it_continues(header_once_content):
    items = interpret(header_once_content)

    assert {i.source.table for i in items} == {0}


def test_row_cut_by_the_page_break_runs_onto_page_two_and_the_next_row_starts_there(header_once_content):
    items = interpret(header_once_content)

    assert [(i.source.page, i.source.page_end) for i in items] == [(1, 1), (1, 1), (1, 2), (2, 2)]


def test_rest_of_a_cut_row_with_no_rule_above_it_on_the_next_page_stays_in_its_item(tmp_path):
    table = header_once_table([FIRST, SECOND, THIRD, FOURTH], rule_above_cut_row=False)
    path = write_pdf(tmp_path / "open-top.pdf", header_once_story(table), running_header=RUNNING_HEADER)

    assert pairs(interpret(read_pdf(path))) == [FIRST, SECOND, THIRD, FOURTH]


def test_table_parts_either_side_of_continued_notes_are_one_table_and_the_cut_row_one_item(tmp_path):
    cut_recommendation = "A CAF should be completed for every young carer known to the service."
    story = [
        heading("Young Carers Review: Progress Report"),
        ruled_table(HEADER, [FIRST, (cut_recommendation, "Forty CAFs were completed by")]),
        para("Continued overleaf"),
        PageBreak(),
        para("Table 1 (continued)"),
        ruled_table(None, [("", "the end of March 2012."), FOURTH]),
    ]
    content = read_pdf(write_pdf(tmp_path / "noted.pdf", story, running_header=RUNNING_HEADER))

    items = interpret(content)

    assert pairs(items) == [FIRST, (cut_recommendation, "Forty CAFs were completed by the end of March 2012."), FOURTH]
    assert {i.source.table for i in items} == {0}
    assert not [p.text for p in content.paragraphs() if "ontinue" in p.text]


def test_first_row_on_the_next_page_that_mentions_recommendations_and_progress_is_still_a_row(tmp_path):
    ofsted = (
        "The recommendations of the Ofsted inspection should be built into the young carers strategy.",
        "Progress on the strategy is reported to the partnership board each quarter.",
    )
    table = header_once_table([FIRST, SECOND, ofsted, FOURTH])
    table.splitByRow, table.splitInRow = 1, 0  # rows move whole to the next page
    path = write_pdf(tmp_path / "paper.pdf", header_once_story(table, space_above=550))
    content = read_pdf(path)
    assert content.tables()[1].rows[0].texts == list(ofsted), "the page break should fall before that row"

    assert pairs(interpret(content)) == [FIRST, SECOND, ofsted, FOURTH]


# ----------------------------------------------------------------- tracker columns

TRACKER_HEADER = ("Ref", "Recommendation", "Lead Officer", "Target Date", "Progress Update", "RAG Status")
TRACKER_WIDTHS = (1.2 * cm, 4.2 * cm, 2.8 * cm, 2.0 * cm, 4.2 * cm, 1.6 * cm)
TRACKER_ROWS = (
    (
        "R1",
        "Set up a register of young carers known to schools.",
        "Head of Children's Services",
        "March 2013",
        "The register has been designed and schools are testing it.",
        "Amber",
    ),
    (
        "R2",
        "Complete a CAF for every young carer known to the service.",
        "Early Help Manager",
        "July 2012",
        "Forty CAFs have been completed this year.",
        "Green",
    ),
)


def tracker_pdf(path: Path, order: tuple[int, ...]) -> Path:
    """The tracker with its columns in `order` (indexes into TRACKER_HEADER)."""
    table = ruled_table(
        [TRACKER_HEADER[i] for i in order],
        [[row[i] for i in order] for row in TRACKER_ROWS],
        [TRACKER_WIDTHS[i] for i in order],
    )
    return write_pdf(path, [heading("Young carers review: action tracker"), table])


def tracker_fields(item) -> tuple:
    return (
        item.ref,
        item.recommendation,
        item.lead_officer,
        item.target_date,
        item.progress,
        item.status_text,
        item.status,
    )


@pytest.fixture(scope="module")
def tracker_path(tmp_path_factory) -> Path:
    return tracker_pdf(tmp_path_factory.mktemp("pdf") / "tracker.pdf", (0, 1, 2, 3, 4, 5))


def test_tracker_row_gives_ref_lead_officer_target_date_progress_and_rag_status(tracker_path):
    first = interpret(read_pdf(tracker_path))[0]

    assert tracker_fields(first) == (
        "R1",
        "Set up a register of young carers known to schools.",
        "Head of Children's Services",
        "March 2013",
        "The register has been designed and schools are testing it.",
        "Amber",
        "in_progress",
    )


def test_rag_colour_of_each_tracker_row_sets_its_status(tracker_path):
    items = interpret(read_pdf(tracker_path))

    assert [(i.status_text, i.status) for i in items] == [("Amber", "in_progress"), ("Green", "completed")]


def test_tracker_with_its_columns_in_another_order_gives_the_same_items(tmp_path, tracker_path):
    # RAG Status first, Recommendation last.
    reordered = tracker_pdf(tmp_path / "reordered.pdf", (5, 2, 3, 0, 4, 1))

    expected = [tracker_fields(i) for i in interpret(read_pdf(tracker_path))]
    assert len(expected) == len(TRACKER_ROWS)

    assert [tracker_fields(i) for i in interpret(read_pdf(reordered))] == expected


def test_tracker_items_are_tagged_with_the_themes_their_text_names(tracker_path, tagger):
    document = extract_document(tracker_path, tagger)

    assert [i.themes for i in document.items] == [["schools", "young_carers_register"], ["caf"]]
    assert ("progress", "CAFs") in [(h.field, h.matched) for h in document.items[1].theme_hits]


# ------------------------------------------------------------ two update columns

UPDATES_HEADER = ("Recommendation", "Update September 2011", "Update January 2012")
UPDATES_ROWS = (
    ("Publish a guide for young carers.", "A draft guide has been written.", "The guide was published in December."),
    ("Hold an annual young carers event.", "The first event is planned for the autumn.", "Ninety young carers came."),
)


@pytest.fixture(scope="module")
def updates_content(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "updates.pdf"
    return read_pdf(write_pdf(path, [ruled_table(UPDATES_HEADER, UPDATES_ROWS)]))


def test_two_update_columns_give_two_items_per_recommendation_in_column_order(updates_content):
    assert pairs(interpret(updates_content)) == [
        ("Publish a guide for young carers.", "A draft guide has been written."),
        ("Publish a guide for young carers.", "The guide was published in December."),
        ("Hold an annual young carers event.", "The first event is planned for the autumn."),
        ("Hold an annual young carers event.", "Ninety young carers came."),
    ]


def test_both_updates_of_a_recommendation_point_at_its_row(updates_content):
    items = interpret(updates_content)

    assert [(i.source.table, i.source.row) for i in items] == [(0, 1), (0, 1), (0, 2), (0, 2)]


# ------------------------------------------------------------- executive response

RESPONSE_HEADER = (
    "No.",
    "Recommendation",
    "Accepted / Partially / Not accepted",
    "Executive Response and Proposed Action",
    "Timescale",
)
RESPONSE_WIDTHS = (1.2 * cm, 4.5 * cm, 3.0 * cm, 5.0 * cm, 2.3 * cm)
RESPONSE_ROWS = (
    (
        "1",
        "Fund a young carers worker in every locality.",
        "Partially accepted",
        "One worker will be funded for the north and south localities.",
        "April 2012",
    ),
    (
        "2",
        "Publish a guide for young carers.",
        "Accepted",
        "The guide will be published by the carers centre.",
        "June 2012",
    ),
    (
        "3",
        "Close the drop-in centre on Saturdays.",
        "Not accepted",
        "The centre is the only weekend service and stays open.",
        "March 2012",
    ),
)


@pytest.fixture(scope="module")
def response_items(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "response.pdf"
    story = [
        heading("Executive response to the young carers review"),
        ruled_table(RESPONSE_HEADER, RESPONSE_ROWS, RESPONSE_WIDTHS),
    ]
    return interpret(read_pdf(write_pdf(path, story)))


def test_verdict_column_sets_accepted_partially_accepted_and_rejected(response_items):
    assert [(i.ref, i.response, i.response_text) for i in response_items] == [
        ("1", "partially_accepted", "Partially accepted"),
        ("2", "accepted", "Accepted"),
        ("3", "rejected", "Not accepted"),
    ]


def test_executive_response_and_proposed_action_is_the_progress(response_items):
    assert pairs(response_items) == [(row[1], row[3]) for row in RESPONSE_ROWS]


def test_timescale_column_is_the_target_date(response_items):
    assert [i.target_date for i in response_items] == ["April 2012", "June 2012", "March 2012"]


# ------------------------------------------------------ table drawn with whitespace

# Each recommendation and update wraps to three lines in its column.
UNRULED_ROWS = (
    (
        "Every school should name a lead member of staff for young carers and tell its pupils who that is.",
        "All twelve secondary schools have named a lead. Primary schools will follow in the spring term of 2013.",
    ),
    (
        "Young carers should be offered a short break each year, planned with them and their families.",
        "Thirty young carers had a short break in the summer, paid for by the carers grant for this year.",
    ),
)
UNRULED_WIDTHS = (6.5 * cm, 8.0 * cm)


@pytest.fixture(scope="module")
def unruled_path(tmp_path_factory) -> Path:
    story = [
        heading("Young Carers Review: Progress Report"),
        gap(),
        unruled_table([("Recommendation", "Progress"), *UNRULED_ROWS], UNRULED_WIDTHS),
        gap(24),
        para("Contact: Jane Smith, Scrutiny Officer"),
    ]
    return write_pdf(tmp_path_factory.mktemp("pdf") / "unruled.pdf", story)


def test_whitespace_aligned_table_gives_one_item_per_row_with_its_wrapped_lines_joined(unruled_path):
    with pdfplumber.open(unruled_path) as pdf:
        assert not (pdf.pages[0].lines or pdf.pages[0].rects), "the table should have no rules"
    content = read_pdf(unruled_path)
    (table,) = content.tables()
    first_cell = table.rows[1].cells[0]
    assert first_cell.bbox.bottom - first_cell.bbox.top > 30, "the cell should wrap over three lines"

    assert pairs(interpret(content)) == list(UNRULED_ROWS)


def test_paragraph_after_a_whitespace_aligned_table_is_not_part_of_it(unruled_path):
    content = read_pdf(unruled_path)

    assert "Contact: Jane Smith, Scrutiny Officer" in [p.text for p in content.paragraphs()]


def test_whitespace_aligned_table_whose_rows_wrap_to_two_lines_gives_one_item_per_row(tmp_path):
    rows = (
        (
            "Every school should name a lead member of staff for young carers.",
            "All twelve secondary schools have named a lead for young carers.",
        ),
        (
            "Young carers should be offered a short break each year.",
            "Thirty young carers had a short break in the summer holidays.",
        ),
        (
            "Report back to the panel in six months with a full update.",
            "A further report is due to the panel in March 2013.",
        ),
    )
    table = unruled_table([("Recommendation", "Progress"), *rows], UNRULED_WIDTHS)
    story = [heading("Young Carers Review"), gap(), table]
    path = write_pdf(tmp_path / "paper.pdf", story)

    assert pairs(interpret(read_pdf(path))) == list(rows)


BORDERLESS_TRACKER = (
    (
        "YC1",
        "Every school should name a lead member of staff for young carers and tell its pupils who that is.",
        "All twelve secondary schools have named a lead. Primary schools will follow in the spring term of 2013.",
        "Green",
    ),
    (
        "YC2",
        "Young carers should be offered a short break each year, planned with them and their families.",
        "Thirty young carers had a short break in the summer, paid for by the carers grant for this year.",
        "Amber",
    ),
    (
        "YC3",
        "A protocol for joint work between adult and children's services should be agreed by both directors.",
        "No progress to date: the protocol will be raised at the next meeting of the two directors in the spring.",
        "Red",
    ),
)
BORDERLESS_WIDTHS = (2.0 * cm, 5.5 * cm, 6.5 * cm, 2.5 * cm)
RAG_FILLS = {"Green": colors.lightgreen, "Amber": colors.orange, "Red": colors.salmon}


def borderless_tracker(*, shaded: bool, row_gap: float = 10):
    table = unruled_table(
        [("Ref", "Recommendation", "Progress Update", "RAG"), *BORDERLESS_TRACKER], BORDERLESS_WIDTHS, row_gap=row_gap
    )
    # Statuses centred in their column, as trackers set them.
    style = [("ALIGN", (3, 1), (3, -1), "CENTER")]
    for r, row in enumerate(BORDERLESS_TRACKER, start=1):
        table._cellvalues[r][3].style = ParagraphStyle("centred", parent=table._cellvalues[r][3].style, alignment=1)
        if shaded:
            style.append(("BACKGROUND", (3, r), (3, r), RAG_FILLS[row[3]]))
    if shaded:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey))
    table.setStyle(TableStyle(style))
    return table


def tracker_rows(items) -> list[tuple]:
    return [(i.ref, i.recommendation, i.progress, i.status_text) for i in items]


def test_borderless_tracker_with_a_centred_status_column_gives_each_row_with_its_status(tmp_path):
    path = write_pdf(
        tmp_path / "paper.pdf", [heading("Young Carers Action Plan"), gap(), borderless_tracker(shaded=False)]
    )

    assert tracker_rows(interpret(read_pdf(path))) == list(BORDERLESS_TRACKER)


def test_shading_of_a_header_row_and_status_cells_without_rules_makes_no_grid(tmp_path):
    path = write_pdf(
        tmp_path / "paper.pdf", [heading("Young Carers Action Plan"), gap(), borderless_tracker(shaded=True)]
    )

    assert tracker_rows(interpret(read_pdf(path))) == list(BORDERLESS_TRACKER)


def test_rows_of_a_whitespace_table_set_apart_by_a_little_more_than_their_lines_are_found(tmp_path):
    path = write_pdf(
        tmp_path / "paper.pdf",
        [heading("Young Carers Action Plan"), gap(), borderless_tracker(shaded=False, row_gap=3)],
    )

    assert tracker_rows(interpret(read_pdf(path))) == list(BORDERLESS_TRACKER)


def test_rest_of_a_cut_row_opening_the_next_page_joins_a_whitespace_table_wider_than_its_first_row(tmp_path):
    cut = (
        "PCC uses its links through the Local Strategic Partnership to seek comments from agencies such as",
        "Report was circulated through the Children's Trust.",
    )
    rest = "the family court, probation, the Children's Trust and the youth offending service."
    later = [
        ("Report back in six months.", "A further report is due in March 2013 and will be taken in public."),
        (
            "Publish a guide for young carers and their families.",
            "The guide was published in May and sent to every school.",
        ),
    ]
    story = [
        heading("Young Carers Review"),
        gap(),
        unruled_table([("Recommendation", "Progress"), UNRULED_ROWS[0], UNRULED_ROWS[1], cut], UNRULED_WIDTHS),
        PageBreak(),
        unruled_table([(rest, ""), *later], UNRULED_WIDTHS, header=False),
    ]
    path = write_pdf(tmp_path / "paper.pdf", story)

    assert pairs(interpret(read_pdf(path))) == [UNRULED_ROWS[0], UNRULED_ROWS[1], (f"{cut[0]} {rest}", cut[1]), *later]


COVER = (
    ("Subject:", "Young carers review: progress report"),
    ("Date:", "12 March 2012"),
    ("Author:", "Jane Smith, Scrutiny Officer"),
    ("Wards:", "All wards"),
)


def cover_story(lines) -> list:
    return [
        heading("Westmoor Council"),
        gap(),
        unruled_table(lines, (3 * cm, 11 * cm), header=False, column_gap=12, row_gap=6),
        gap(24),
        para("1. Purpose of the report", HEADER_CELL),
    ]


def test_cover_block_of_label_and_value_lines_stays_paragraphs(tmp_path):
    path = write_pdf(tmp_path / "cover.pdf", cover_story(COVER))

    content = read_pdf(path)

    assert content.tables() == []
    assert [p.text for p in content.paragraphs()] == [
        "Westmoor Council",
        *(f"{label} {value}" for label, value in COVER),
        "1. Purpose of the report",
    ]


def test_cover_block_whose_values_wrap_stays_paragraphs(tmp_path):
    lines = (
        ("Subject:", "Young carers review: progress on the recommendations the panel made in 2011 and Cabinet agreed"),
        ("Date:", "12 March 2012"),
        ("Author:", "Jane Smith, Scrutiny Officer"),
        ("Contact:", "01234 567890 or jane.smith@westmoor.gov.uk, Scrutiny Team, Town Hall, Westmoor"),
    )
    path = write_pdf(tmp_path / "cover.pdf", cover_story(lines))

    content = read_pdf(path)

    assert content.tables() == []
    assert "Date: 12 March 2012" in [p.text for p in content.paragraphs()]


# ---------------------------------------------------------------------------- prose

PROSE_FIRST = (
    "Every school should name a lead member of staff for young carers.",
    "All twelve secondary schools have named a lead. Primary schools will follow in the spring term.",
)
PROSE_SECOND = (
    "Young carers should be offered a short break each year.",
    "Thirty young carers had a short break in the summer. A second round of breaks is planned for the autumn.",
)


@pytest.fixture(scope="module")
def prose_items(tmp_path_factory):
    story = [
        heading("Young Carers Review: Progress Report"),
        para("3. Progress against the recommendations", SUBHEADING),
        gap(6),
        para("Recommendation 1", SUBHEADING),
        para(PROSE_FIRST[0]),
        gap(6),
        para("Update: All twelve secondary schools have named a lead."),
        gap(6),
        para("Primary schools will follow in the spring term."),
        gap(6),
        para("Recommendation 2", SUBHEADING),
        para(PROSE_SECOND[0]),
        gap(6),
        para("Progress: Thirty young carers had a short break in the summer."),
        gap(6),
        para("A second round of breaks is planned for the autumn."),
        gap(6),
        para("4. Recommendation", SUBHEADING),
        para("That the panel notes the progress made and asks for a further report in six months."),
    ]
    path = write_pdf(tmp_path_factory.mktemp("pdf") / "prose.pdf", story)
    return interpret(read_pdf(path))


def test_recommendation_headings_with_update_paragraphs_give_one_prose_item_each(prose_items):
    assert [(i.ref, i.source.kind) for i in prose_items] == [("1", "prose"), ("2", "prose")]
    assert pairs(prose_items) == [PROSE_FIRST, PROSE_SECOND]


def test_update_running_over_two_paragraphs_is_joined_into_one_progress(prose_items):
    assert prose_items[0].progress == PROSE_FIRST[1]


def test_numbered_section_heading_ends_the_last_progress(prose_items):
    last = prose_items[-1].progress

    assert last == PROSE_SECOND[1]
    assert "notes the progress made" not in last


def test_numbered_recommendation_followed_by_a_progress_paragraph_is_an_item(tmp_path):
    story = [
        heading("Young Carers Review: Progress Report"),
        para("1. That the Council names a lead member of staff for young carers in every school."),
        gap(6),
        para("Progress: All twelve secondary schools have named a lead."),
        gap(6),
        para("Primary schools will follow in the spring term."),
        gap(6),
        para("5. Conclusion", SUBHEADING),
        para("The panel is asked to note this report."),
    ]
    path = write_pdf(tmp_path / "numbered.pdf", story)

    (item,) = interpret(read_pdf(path))

    assert (item.ref, item.source.method) == ("1", "prose-numbered")
    assert pairs([item]) == [
        (
            "That the Council names a lead member of staff for young carers in every school.",
            "All twelve secondary schools have named a lead. Primary schools will follow in the spring term.",
        )
    ]


def test_next_numbered_recommendation_is_not_part_of_the_previous_progress(tmp_path):
    story = [
        heading("Young Carers Review: Progress Report"),
        para("1. That the Council names a lead member of staff for young carers in every school."),
        gap(6),
        para("Progress: All twelve secondary schools have named a lead."),
        gap(6),
        para("2. That the Council offers every young carer a short break each year."),
        gap(6),
        para("Progress: Thirty young carers had a short break in the summer."),
        gap(6),
        para("5. Conclusion", SUBHEADING),
    ]
    path = write_pdf(tmp_path / "numbered.pdf", story)

    assert pairs(interpret(read_pdf(path))) == [
        (
            "That the Council names a lead member of staff for young carers in every school.",
            "All twelve secondary schools have named a lead.",
        ),
        (
            "That the Council offers every young carer a short break each year.",
            "Thirty young carers had a short break in the summer.",
        ),
    ]


# ----------------------------------------------------------------------- distractors


def test_budget_attendance_and_risk_tables_give_no_items(tmp_path, tagger):
    story = [
        heading("Young carers service: budget"),
        ruled_table(
            ("Service", "2011/12 £000", "2012/13 £000"),
            [("Young carers service", "120", "135"), ("Short breaks", "450", "430"), ("Total", "570", "565")],
        ),
        gap(),
        heading("Attendance"),
        ruled_table(
            ("Member", "Meetings held", "Meetings attended"),
            [("Cllr A Jones", "6", "5"), ("Cllr B Patel", "6", "6")],
        ),
        gap(),
        heading("Risk register"),
        ruled_table(
            ("Risk", "Likelihood", "Impact", "Mitigation"),
            [
                ("Young carers are not identified by schools.", "High", "High", "A lead in every school; training."),
                ("The carers grant is cut.", "Medium", "High", "Seek other funding; review the service."),
            ],
        ),
    ]
    path = write_pdf(tmp_path / "budget.pdf", story)
    assert len(read_pdf(path).tables()) == 3

    document = extract_document(path, tagger)

    assert document.items == []
    assert "no recommendation/progress pairs found" in document.warnings


def test_minutes_with_resolved_paragraphs_give_no_items(tmp_path):
    story = [
        heading("Minutes of the Children and Young People Scrutiny Panel"),
        para("Present: Councillors Jones (Chair), Patel and Smith."),
        gap(),
        para("14. Young carers review: progress update", SUBHEADING),
        para("The panel considered a report giving an update on the recommendations of the young carers review."),
        gap(6),
        para("Recommendation 3 had been delayed because the carers grant was late, the officer said."),
        gap(6),
        para("RESOLVED: That the progress made against the recommendations be noted."),
        gap(6),
        para("RESOLVED: That a further progress update be brought to the panel in six months."),
        gap(6),
        para("15. Work programme", SUBHEADING),
        para("RESOLVED: That the work programme be agreed."),
    ]
    path = write_pdf(tmp_path / "minutes.pdf", story)

    assert interpret(read_pdf(path)) == []


# ----------------------------------------------------------------------- text hygiene

LIGATURE_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)
FI = "\ufb01"


@pytest.fixture(scope="module")
def ligature_style() -> ParagraphStyle:
    """A body style in a TrueType font with the "fi" ligature glyph, embedded so
    the PDF holds U+FB01 itself."""
    for candidate in LIGATURE_FONT_PATHS:
        if Path(candidate).exists():
            font = TTFont("LigatureSans", candidate)
            if ord(FI) in font.face.charToGlyph:
                pdfmetrics.registerFont(font)
                return ParagraphStyle("ligature", fontName="LigatureSans", fontSize=10, leading=13)
    pytest.skip("no TrueType font with the fi ligature is installed")


def assert_pdf_holds_ligature(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        assert any(c["text"] == FI for c in pdf.pages[0].chars), "the PDF should hold the ligature glyph"


def test_ligature_glyph_in_a_ruled_cell_reads_as_plain_letters(tmp_path, ligature_style):
    rows = [
        (
            PdfParagraph(f"Pilot a {FI}rst contact service for young carers.", ligature_style),
            PdfParagraph(f"The {FI}rst contact service is now {FI}nanced by the carers grant.", ligature_style),
        )
    ]
    path = write_pdf(tmp_path / "paper.pdf", [ruled_table(HEADER, rows)])
    assert_pdf_holds_ligature(path)

    assert pairs(interpret(read_pdf(path))) == [
        (
            "Pilot a first contact service for young carers.",
            "The first contact service is now financed by the carers grant.",
        )
    ]


def test_ligature_glyph_in_a_whitespace_aligned_table_reads_as_plain_letters(tmp_path, ligature_style):
    # The whitespace-table reader builds text from the page's characters itself.
    rows = [
        ("Recommendation", "Progress"),
        (
            f"Pilot a {FI}rst contact service for young carers in every locality, run by the carers centre.",
            f"The {FI}rst contact service is now {FI}nanced by the carers grant and runs in two of the localities.",
        ),
        (
            f"Write to every young carer to say who their {FI}rst contact is and how to reach them.",
            f"Letters went to {FI}fty young carers in May; the rest will be sent when the register is {FI}nished.",
        ),
    ]
    table = unruled_table(rows, UNRULED_WIDTHS, cell_style=ligature_style)
    path = write_pdf(tmp_path / "paper.pdf", [heading("Young Carers Review"), gap(), table])
    assert_pdf_holds_ligature(path)
    content = read_pdf(path)
    assert [t.method for t in content.tables()] == ["pdfplumber-unruled"]

    assert pairs(interpret(content)) == [(r.replace(FI, "fi"), p.replace(FI, "fi")) for r, p in rows[1:]]


def test_ligature_glyph_in_a_paragraph_reads_as_plain_letters(tmp_path, ligature_style):
    story = [
        para("Recommendation 1", SUBHEADING),
        PdfParagraph(f"Pilot a {FI}rst contact service for young carers.", ligature_style),
        gap(6),
        PdfParagraph(f"Update: The service is now {FI}nanced by the carers grant.", ligature_style),
    ]
    path = write_pdf(tmp_path / "paper.pdf", story)
    assert_pdf_holds_ligature(path)

    assert pairs(interpret(read_pdf(path))) == [
        ("Pilot a first contact service for young carers.", "The service is now financed by the carers grant.")
    ]


def test_line_ending_in_a_hyphen_inside_a_cell_joins_the_next_line_without_a_space(tmp_path):
    progress = "The service will be re-<br/>commissioned in April with a new drop-<br/>in session."
    rows = [("Review the young carers service.", progress)]
    path = write_pdf(tmp_path / "paper.pdf", [ruled_table(HEADER, rows)])
    with pdfplumber.open(path) as pdf:
        assert "re-\ncommissioned" in pdf.pages[0].extract_text()

    (item,) = interpret(read_pdf(path))

    assert item.progress == "The service will be re-commissioned in April with a new drop-in session."


def test_dash_at_a_line_end_between_words_keeps_the_spaces_around_it(tmp_path):
    rows = [("Review the young carers service.", "Amber -<br/>on track for April.")]
    path = write_pdf(tmp_path / "paper.pdf", [ruled_table(HEADER, rows)])

    (item,) = interpret(read_pdf(path))

    assert item.progress == "Amber - on track for April."


# ------------------------------------------------------------------------ provenance

RULED_ROWS = (
    (
        "Every school should name a lead member of staff for young carers.",
        "All twelve secondary schools have named a lead.",
    ),
    ("Publish a guide for young carers and their families.", ""),
)


@pytest.fixture(scope="module")
def mixed_items(tmp_path_factory):
    """Page 1: a ruled table. Page 2: a whitespace-aligned table, then a
    recommendation written as prose."""
    story = [
        heading("Young Carers Review: Progress Report"),
        ruled_table(HEADER, RULED_ROWS),
        PageBreak(),
        unruled_table([("Recommendation", "Progress"), *UNRULED_ROWS], UNRULED_WIDTHS),
        gap(36),
        para("Recommendation 5", SUBHEADING),
        para("Report progress to the panel in six months."),
        gap(6),
        para("Update: A further report is due in March 2013."),
    ]
    path = write_pdf(tmp_path_factory.mktemp("pdf") / "mixed.pdf", story, page_footer=True)
    return interpret(read_pdf(path))


def within_page(box) -> bool:
    return 0 <= box.x0 < box.x1 <= PAGE_WIDTH and 0 <= box.top < box.bottom <= PAGE_HEIGHT


def test_each_item_names_the_method_that_found_it(mixed_items):
    assert [(i.source.method, i.source.page) for i in mixed_items] == [
        ("pdfplumber-ruled", 1),
        ("pdfplumber-ruled", 1),
        ("pdfplumber-unruled", 2),
        ("pdfplumber-unruled", 2),
        ("prose-headings", 2),
    ]


def test_every_item_from_a_pdf_has_its_pages_and_boxes_inside_the_page(mixed_items):
    for item in mixed_items:
        source = item.source
        assert source.page is not None and source.page_end >= source.page
        assert source.bbox is not None and within_page(source.bbox)
        assert source.cell_bboxes
        assert all(page in (source.page, source.page_end) and within_page(box) for page, box in source.cell_bboxes)


def test_item_box_covers_its_cells_on_its_first_page(mixed_items):
    for item in mixed_items:
        box = item.source.bbox
        for page, cell in item.source.cell_bboxes:
            if page == item.source.page:
                assert box.x0 <= cell.x0 and box.top <= cell.top and cell.x1 <= box.x1 and cell.bottom <= box.bottom


def test_table_items_record_their_table_and_row(mixed_items):
    assert [(i.source.kind, i.source.table, i.source.row) for i in mixed_items] == [
        ("table", 0, 1),
        ("table", 0, 2),
        ("table", 1, 1),
        ("table", 1, 2),
        ("prose", None, None),
    ]


def test_every_item_has_a_confidence_above_zero_and_at_most_one(mixed_items):
    assert all(0 < i.confidence <= 1 for i in mixed_items)


def test_sorting_by_confidence_puts_the_recommendation_without_an_update_first(mixed_items):
    least_certain = sorted(mixed_items, key=attrgetter("confidence"))[0]

    assert (least_certain.recommendation, least_certain.progress) == (RULED_ROWS[1][0], None)
