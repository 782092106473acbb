"""The interpreter: tables of cells become recommendation/progress items.

Inputs are DocumentContent built by hand, so each test shows the layout it is about
without going through a reader.
"""

from __future__ import annotations

from scrutiny.extractors.content import BBox, Cell, DocumentContent, Paragraph, Row, Table
from scrutiny.extractors.interpret import interpret


def cell(text: str, page: int = 1, bbox: BBox | None = None, span: int = 1, merged: bool = False) -> Cell:
    return Cell(text=text, page=page, bbox=bbox, span=span, merged_from_above=merged)


def row(*cells: str | Cell, page: int = 1) -> Row:
    return Row(cells=[c if isinstance(c, Cell) else cell(c, page=page) for c in cells], page=page)


def table(*rows: Row, page: int = 1, continues_previous: bool = False) -> Table:
    return Table(rows=list(rows), page=page, continues_previous=continues_previous, method="test")


def document(*blocks: Paragraph | Table) -> DocumentContent:
    return DocumentContent(path="paper.pdf", format="pdf", pages=2, blocks=list(blocks))


HEADER = ("Recommendation", "Progress Update")


# ---------------------------------------------------------------- one item per row


def test_two_column_table_gives_one_item_per_row_with_exact_texts():
    content = document(
        table(
            row(*HEADER),
            row("Schools should name a lead for young carers.", "Every secondary school has named a lead."),
            row("Offer short breaks to young carers.", "Twelve breaks were offered in 2012."),
        )
    )

    items = interpret(content)

    assert [(i.recommendation, i.progress) for i in items] == [
        ("Schools should name a lead for young carers.", "Every secondary school has named a lead."),
        ("Offer short breaks to young carers.", "Twelve breaks were offered in 2012."),
    ]


def test_paragraphs_of_one_cell_are_joined_with_a_single_space():
    content = document(
        table(
            row(*HEADER),
            row(
                "Train staff in hidden harm.",
                "Two courses ran in May.\nA third is planned.\n\n  Evaluation is under way.",
            ),
        )
    )

    (item,) = interpret(content)

    assert item.progress == "Two courses ran in May. A third is planned. Evaluation is under way."


def test_row_with_a_recommendation_and_no_update_gives_an_item_without_progress():
    content = document(table(row(*HEADER), row("Publish a carers' guide.", "")))

    (item,) = interpret(content)

    assert item.recommendation == "Publish a carers' guide."
    assert item.progress is None


def test_blank_rows_give_no_items():
    content = document(table(row(*HEADER), row("", ""), row("Publish a carers' guide.", "Published.")))

    assert [i.recommendation for i in interpret(content)] == ["Publish a carers' guide."]


# ----------------------------------------------------------------- across pages


def test_repeated_header_row_in_continuation_fragment_is_dropped():
    content = document(
        table(row(*HEADER), row("First recommendation text.", "First update."), page=1),
        table(
            row(*HEADER, page=2),
            row("Second recommendation text.", "Second update.", page=2),
            page=2,
            continues_previous=True,
        ),
    )

    items = interpret(content)

    assert [i.recommendation for i in items] == ["First recommendation text.", "Second recommendation text."]
    assert {i.source.table for i in items} == {0}


def test_row_split_across_page_break_is_one_item():
    content = document(
        table(
            row(*HEADER),
            row("Offer every young carer a CAF.", "Forty CAFs were completed by"),
            page=1,
        ),
        table(
            row(*HEADER, page=2),
            row("", "the end of March 2012.", page=2),
            page=2,
            continues_previous=True,
        ),
    )

    (item,) = interpret(content)

    assert item.recommendation == "Offer every young carer a CAF."
    assert item.progress == "Forty CAFs were completed by the end of March 2012."


def test_table_split_by_the_author_with_a_continued_note_between_is_one_table():
    content = document(
        table(row(*HEADER), row("First recommendation text.", "First update.")),
        Paragraph(text="Table 1 (continued)", page=1),
        table(row(*HEADER), row("Second recommendation text.", "Second update.")),
    )

    items = interpret(content)

    assert [i.recommendation for i in items] == ["First recommendation text.", "Second recommendation text."]
    assert {i.source.table for i in items} == {0}


def test_table_after_a_paragraph_that_is_not_a_continued_note_is_a_table_of_its_own():
    content = document(
        table(row(*HEADER), row("First recommendation text.", "First update.")),
        Paragraph(text="Continued support for carers is set out below.", page=1),
        table(row(*HEADER), row("Second recommendation text.", "Second update.")),
    )

    assert [i.source.table for i in interpret(content)] == [0, 1]


def test_row_split_across_page_break_ends_on_the_next_page():
    content = document(
        table(row(*HEADER), row("Offer every young carer a CAF.", "Forty CAFs were completed by"), page=1),
        table(row("", "the end of March 2012.", page=2), page=2, continues_previous=True),
    )

    (item,) = interpret(content)

    assert (item.source.page, item.source.page_end) == (1, 2)


def test_recommendation_cut_mid_sentence_continues_in_lower_case_on_the_next_page():
    content = document(
        table(row(*HEADER), row("The council should review the", "Review started in June."), page=1),
        table(
            row("support offered to young carers.", "Findings due in December.", page=2),
            page=2,
            continues_previous=True,
        ),
    )

    (item,) = interpret(content)

    assert item.recommendation == "The council should review the support offered to young carers."
    assert item.progress == "Review started in June. Findings due in December."


def test_recommendation_cut_mid_sentence_continues_below_a_repeated_header():
    content = document(
        table(row(*HEADER), row("The council should review the", "Review started in June."), page=1),
        table(
            row(*HEADER, page=2),
            row("support offered to young carers.", "Findings due in December.", page=2),
            page=2,
            continues_previous=True,
        ),
    )

    (item,) = interpret(content)

    assert item.recommendation == "The council should review the support offered to young carers."


RESPONSE_TABLE_HEADER = (
    "No.",
    "Recommendation",
    "Accepted / Partially / Not accepted",
    "Executive Response and Proposed Action",
)


def test_row_after_a_page_break_without_the_number_and_verdict_of_the_row_above_is_its_rest():
    content = document(
        table(
            row(*RESPONSE_TABLE_HEADER),
            row(
                "5",
                "The level of joint training around young carers and Hidden Harm among",
                "Accepted",
                "The Board will promote",
            ),
            page=1,
        ),
        table(
            row(
                "",
                "Adults' and Children's workers should be addressed urgently",
                "",
                "its training to adult services.",
                page=2,
            ),
            page=2,
            continues_previous=True,
        ),
    )

    (item,) = interpret(content)

    assert item.recommendation == (
        "The level of joint training around young carers and Hidden Harm among "
        "Adults' and Children's workers should be addressed urgently"
    )
    assert item.progress == "The Board will promote its training to adult services."


def test_row_after_a_page_break_with_its_own_number_is_a_new_item():
    content = document(
        table(row(*RESPONSE_TABLE_HEADER), row("5", "Train adult workers", "Accepted", "Courses run."), page=1),
        table(row("6", "Agree a protocol", "Accepted", "Drafted.", page=2), page=2, continues_previous=True),
    )

    assert [i.recommendation for i in interpret(content)] == ["Train adult workers", "Agree a protocol"]


def test_row_after_a_page_break_is_the_rest_of_a_recommendation_that_stopped_on_and():
    content = document(
        table(row(*HEADER), row("Improve joint training on young carers and", "Courses were run."), page=1),
        table(row("Hidden Harm for adult workers", "", page=2), page=2, continues_previous=True),
    )

    (item,) = interpret(content)

    assert item.recommendation == "Improve joint training on young carers and Hidden Harm for adult workers"


def test_row_after_a_page_break_is_new_when_the_one_above_ended_a_list_item_with_and():
    content = document(
        table(row(*HEADER), row("Raise awareness of young carers; and", "Done."), page=1),
        table(row("Praise the young carers services", "Letters sent.", page=2), page=2, continues_previous=True),
    )

    assert [i.recommendation for i in interpret(content)] == [
        "Raise awareness of young carers; and",
        "Praise the young carers services",
    ]


def test_row_after_a_page_break_with_only_a_recommendation_is_the_rest_of_one_that_stopped_on_a_comma():
    content = document(
        table(row(*HEADER), row("Share the protocol with the family court, probation,", "Shared."), page=1),
        table(row("Children's Trust, etc.", "", page=2), page=2, continues_previous=True),
    )

    (item,) = interpret(content)

    assert item.recommendation == "Share the protocol with the family court, probation, Children's Trust, etc."


def test_row_after_a_page_break_with_its_own_update_is_new_though_the_one_above_ended_on_a_comma():
    content = document(
        table(row(*HEADER), row("Raise awareness in schools,", "Done."), page=1),
        table(row("Praise the young carers services", "Letters sent.", page=2), page=2, continues_previous=True),
    )

    assert len(interpret(content)) == 2


def test_row_after_a_page_break_whose_every_cell_goes_on_from_an_unfinished_one_is_its_rest():
    content = document(
        table(row(*HEADER), row("Fund the three Young", "Agreements covering 2009 to 2012"), page=1),
        table(
            row(*HEADER, page=2),
            row("Carers Projects for three years.", "Were signed in April 2009.", page=2),
            page=2,
            continues_previous=True,
        ),
    )

    (item,) = interpret(content)

    assert (item.recommendation, item.progress) == (
        "Fund the three Young Carers Projects for three years.",
        "Agreements covering 2009 to 2012 Were signed in April 2009.",
    )


def test_row_after_a_page_break_is_new_when_one_cell_above_had_finished_its_sentence():
    content = document(
        table(row(*HEADER), row("Review the carers' strategy", "Reviewed in May."), page=1),
        table(row("Publish a guide", "Published in June.", page=2), page=2, continues_previous=True),
    )

    assert [i.recommendation for i in interpret(content)] == ["Review the carers' strategy", "Publish a guide"]


def test_lower_case_recommendation_without_a_page_break_is_a_new_item():
    content = document(
        table(
            row(*HEADER),
            row("The council should review the", "Review started in June."),
            row("support offered to young carers.", "Findings due in December."),
        )
    )

    assert len(interpret(content)) == 2


def test_fragment_after_a_page_break_starting_a_new_sentence_is_a_new_item():
    content = document(
        table(row(*HEADER), row("Review the carers' strategy.", "Done."), page=1),
        table(row("Publish a guide.", "Published in May.", page=2), page=2, continues_previous=True),
    )

    assert [i.recommendation for i in interpret(content)] == ["Review the carers' strategy.", "Publish a guide."]


# ---------------------------------------------------------------------- sections


def test_row_spanning_the_table_is_the_section_of_the_items_below_it_and_no_item():
    content = document(
        table(
            row(*HEADER),
            row(cell("Support in schools", span=2), cell("", span=0)),
            row("Name a lead in every school.", "All schools have a lead."),
            row("Train school staff.", "Training ran in May."),
            row(cell("Respite", span=2), cell("", span=0)),
            row("Offer short breaks.", "Breaks offered."),
        )
    )

    items = interpret(content)

    assert [(i.section, i.recommendation) for i in items] == [
        ("Support in schools", "Name a lead in every school."),
        ("Support in schools", "Train school staff."),
        ("Respite", "Offer short breaks."),
    ]


def test_items_before_any_section_heading_have_no_section():
    content = document(table(row(*HEADER), row("Publish a guide.", "Published.")))

    (item,) = interpret(content)

    assert item.section is None


# ------------------------------------------------------------- which tables count


def test_budget_table_without_recommendation_or_progress_headers_gives_no_items():
    content = document(
        table(
            row("Service", "2011/12 £000", "2012/13 £000"),
            row("Young carers", "120", "95"),
            row("Short breaks", "340", "310"),
        )
    )

    assert interpret(content) == []


def test_table_with_recommendations_but_no_update_response_or_status_column_gives_no_items():
    content = document(table(row("No.", "Recommendation"), row("1", "Publish a guide.")))

    assert interpret(content) == []


def test_header_row_below_a_title_row_is_found():
    content = document(
        table(
            row(cell("Young carers review: action plan", span=2), cell("", span=0)),
            row(*HEADER),
            row("Publish a guide.", "Published in May."),
        )
    )

    (item,) = interpret(content)

    assert (item.recommendation, item.progress) == ("Publish a guide.", "Published in May.")


def test_row_with_fewer_cells_than_the_recommendation_column_does_not_stop_interpretation():
    # Word writes such rows when cells are deleted from the end of a row (w:gridAfter).
    content = document(
        table(
            row("Ref", "Recommendation", "Progress Update"),
            row("1", "Publish a guide.", "Published."),
            row("Note: figures are provisional."),
        )
    )

    (item,) = interpret(content)

    assert (item.recommendation, item.progress) == ("Publish a guide.", "Published.")


# -------------------------------------------------------------------- other columns


def test_tracker_columns_fill_ref_lead_officer_target_date_and_status():
    content = document(
        table(
            row("Ref", "Recommendation", "Lead Officer", "Target Date", "Progress Update", "RAG Status"),
            row(
                "R3",
                "Set up a young carers' register.",
                "Head of Children's Services",
                "March 2013",
                "Register designed; launch delayed.",
                "Amber",
            ),
        )
    )

    (item,) = interpret(content)

    assert item.ref == "R3"
    assert item.recommendation == "Set up a young carers' register."
    assert item.lead_officer == "Head of Children's Services"
    assert item.target_date == "March 2013"
    assert item.progress == "Register designed; launch delayed."
    assert item.status_text == "Amber"
    assert item.status == "in_progress"


def test_rag_column_outranks_the_words_of_the_update():
    content = document(
        table(
            row("Recommendation", "Progress Update", "RAG Status"),
            row("Set up a register.", "Completed the design stage.", "Red"),
        )
    )

    (item,) = interpret(content)

    assert item.status == "outstanding"


def test_status_comes_from_the_update_when_there_is_no_status_column():
    content = document(table(row(*HEADER), row("Publish a guide.", "Completed. Sent to all schools.")))

    (item,) = interpret(content)

    assert item.status == "completed"


def test_status_is_unknown_when_nothing_says():
    content = document(table(row(*HEADER), row("Publish a guide.", "Officers met in March.")))

    (item,) = interpret(content)

    assert item.status == "unknown"


def test_two_update_columns_give_two_items_for_one_recommendation():
    content = document(
        table(
            row("Recommendation", "Update (March 2012)", "Update (September 2012)"),
            row("Publish a carers' guide.", "Draft written.", "Published and sent to schools."),
        )
    )

    items = interpret(content)

    assert [(i.recommendation, i.progress) for i in items] == [
        ("Publish a carers' guide.", "Draft written."),
        ("Publish a carers' guide.", "Published and sent to schools."),
    ]
    assert {i.source.row for i in items} == {1}


def test_empty_second_update_column_gives_only_one_item():
    content = document(
        table(
            row("Recommendation", "Update (March 2012)", "Update (September 2012)"),
            row("Publish a carers' guide.", "Draft written.", ""),
        )
    )

    assert [i.progress for i in interpret(content)] == ["Draft written."]


def test_vertically_merged_recommendation_beside_two_rows_gives_two_updates_of_it():
    recommendation = "Improve the CAF process for young carers."
    content = document(
        table(
            row(*HEADER),
            row(recommendation, "Guidance rewritten in April."),
            row(cell(recommendation, merged=True), "Training for lead professionals in June."),
        )
    )

    items = interpret(content)

    assert [(i.recommendation, i.progress) for i in items] == [
        (recommendation, "Guidance rewritten in April."),
        (recommendation, "Training for lead professionals in June."),
    ]
    assert [i.source.row for i in items] == [1, 2]


def test_executive_response_table_sets_the_response():
    content = document(
        table(
            row("Recommendation", "Cabinet Response"),
            row("Fund a young carers' worker.", "Partially accepted. Funding for one year only."),
            row("Close the drop-in centre.", "Rejected."),
            row("Publish a guide.", "Accepted. The guide will be out in May."),
        )
    )

    items = interpret(content)

    assert [i.response for i in items] == ["partially_accepted", "rejected", "accepted"]
    assert items[0].response_text == "Partially accepted. Funding for one year only."


def test_response_cell_less_its_decision_word_is_the_update_in_a_response_table():
    content = document(
        table(
            row("Recommendation", "Cabinet Response"),
            row("Publish a guide.", "Accepted. The guide will be out in May."),
        )
    )

    (item,) = interpret(content)

    assert item.progress == "The guide will be out in May."


# ------------------------------------------------------------------- provenance


def test_item_records_logical_table_index_and_row_index():
    content = document(
        table(row(*HEADER), row("First table recommendation.", "Update one.")),
        Paragraph(text="Appendix B: action plan", page=1),
        table(
            row(*HEADER),
            row(cell("Support in schools", span=2), cell("", span=0)),
            row("Second table recommendation.", "Update two."),
        ),
    )

    items = interpret(content)

    assert [(i.source.table, i.source.row) for i in items] == [(0, 1), (1, 2)]
    assert {i.source.method for i in items} == {"test"}


def test_item_page_is_the_page_of_its_row():
    content = document(
        table(row(*HEADER, page=2), row("Publish a guide.", "Published.", page=2), page=2),
    )

    (item,) = interpret(content)

    assert (item.source.page, item.source.page_end) == (2, 2)


def test_item_bbox_is_the_union_of_its_filled_cells():
    content = document(
        table(
            row(cell("Recommendation", bbox=BBox(50, 80, 250, 100)), cell("Progress", bbox=BBox(250, 80, 550, 100))),
            row(
                cell("Publish a guide.", bbox=BBox(50, 100, 250, 140)),
                cell("Published in May.", bbox=BBox(250, 100, 550, 180)),
            ),
        )
    )

    (item,) = interpret(content)

    assert item.source.bbox == BBox(50, 100, 550, 180)
    assert [box for _, box in item.source.cell_bboxes] == [BBox(50, 100, 250, 140), BBox(250, 100, 550, 180)]


def test_bbox_of_a_split_row_covers_its_first_page_only():
    content = document(
        table(
            row(*HEADER),
            row(
                cell("Offer every young carer a CAF.", page=1, bbox=BBox(50, 700, 250, 780)),
                cell("Forty CAFs were completed by", page=1, bbox=BBox(250, 700, 550, 780)),
            ),
            page=1,
        ),
        table(
            row(
                cell("", page=2, bbox=BBox(50, 60, 250, 90)),
                cell("the end of March.", page=2, bbox=BBox(250, 60, 550, 90)),
                page=2,
            ),
            page=2,
            continues_previous=True,
        ),
    )

    (item,) = interpret(content)

    assert item.source.bbox == BBox(50, 700, 550, 780)
    assert (2, BBox(250, 60, 550, 90)) in item.source.cell_bboxes


# ---------------------------------------------------------------- status evidence


def test_status_from_a_rag_cell_keeps_the_cell_words_as_evidence():
    content = document(
        table(
            row("Recommendation", "Progress", "RAG Status"),
            row("Offer short breaks.", "Twelve breaks were offered.", "Green"),
        )
    )

    (item,) = interpret(content)

    assert item.status == "completed"
    assert (item.status_evidence.field, item.status_evidence.matched, item.status_evidence.rule) == (
        "status",
        "Green",
        "rag",
    )


def test_status_from_a_closing_status_line_points_at_those_words_in_the_update():
    update = "Letters were sent to 640 owners. Status: Complete."
    content = document(table(row(*HEADER), row("Write to riparian owners.", update)))

    (item,) = interpret(content)

    evidence = item.status_evidence
    assert item.status == "completed"
    assert evidence.field == "progress"
    assert update[evidence.start : evidence.end] == evidence.matched == "Status: Complete"


def test_update_that_says_nothing_of_its_status_has_no_evidence():
    content = document(table(row(*HEADER), row("Write to riparian owners.", "Letters were sent in May.")))

    (item,) = interpret(content)

    assert (item.status, item.status_evidence) == ("unknown", None)


# ------------------------------------------------- columns read by their values and keys


def test_a_column_of_status_phrases_beside_the_update_is_the_status_whatever_its_header():
    content = document(
        table(
            row("Ref", "Recommendation", "Progress to date", "Position"),
            row("1", "Name a lead in every school.", "Leads named in 14 of 16 schools.", "On target"),
            row("2", "Offer every carer a break.", "Weekends offered to 96 carers.", "Fully achieved"),
        )
    )

    items = interpret(content)

    assert [(i.progress, i.status) for i in items] == [
        ("Leads named in 14 of 16 schools.", "in_progress"),
        ("Weekends offered to 96 carers.", "completed"),
    ]


def test_a_column_headed_by_a_body_holding_decisions_is_the_response():
    content = document(
        table(
            row("Recommendation", "Cabinet", "Action taken"),
            row("Keep branches open.", "Agreed", "Hours set from January."),
            row("Stop reservation charges.", "Not agreed", "Charge kept."),
        )
    )

    assert [i.response for i in interpret(content)] == ["accepted", "rejected"]


def test_codes_in_a_column_are_read_through_the_key_printed_in_the_paper():
    content = document(
        Paragraph(text="Key: F = accepted in full, P = accepted in principle, N = not accepted", page=1),
        table(
            row("No.", "Recommendation", "Environment Agency", "Comments"),
            row("1", "Publish flood maps.", "F", "Published in October."),
            row("2", "Plan school closures.", "P", "Subject to staff time."),
            row("3", "Buy sandbags.", "N", "Grants are better value."),
        ),
    )

    assert [i.response for i in interpret(content)] == ["accepted", "partially_accepted", "rejected"]


def test_a_status_code_from_the_key_is_the_evidence_of_the_status():
    content = document(
        Paragraph(text="Status key: C = complete; O = ongoing; NS = not started", page=1),
        table(row("Recommendation", "Update", "Status"), row("Publish a guide.", "Drafted.", "NS")),
    )

    (item,) = interpret(content)

    assert item.status == "outstanding"
    assert (item.status_evidence.matched, item.status_evidence.field, item.status_evidence.rule) == ("NS", "key", "key")


def test_a_column_of_ticks_is_the_status():
    content = document(
        table(
            row("Recommendation", "Action taken", "Done"),
            row("Keep branches open.", "Hours set.", "✓"),
            row("Open for homework clubs.", "Clubs run in six libraries.", "✓"),
        )
    )

    assert [i.status for i in interpret(content)] == ["completed", "completed"]


def test_the_only_update_column_stays_the_update_however_short_its_updates():
    content = document(table(row(*HEADER), row("Publish a guide.", "Completed"), row("Train staff.", "In progress")))

    assert [i.progress for i in interpret(content)] == ["Completed", "In progress"]


def test_dated_columns_under_a_merged_progress_header_each_give_an_update():
    content = document(
        table(
            row("Recommendation", cell("Progress update", span=2), cell("", span=0)),
            row("", "July 2012", "December 2012"),
            row("Publish the policy.", "Drafted.", "Published in October."),
            row("Ask operators to take the card.", "Letters sent.", ""),
        )
    )

    assert [(i.recommendation, i.progress) for i in interpret(content)] == [
        ("Publish the policy.", "Drafted."),
        ("Publish the policy.", "Published in October."),
        ("Ask operators to take the card.", "Letters sent."),
    ]


def test_a_second_dated_update_column_of_short_verdicts_stays_an_update_column():
    content = document(
        table(
            row("Recommendation", "Progress update March", "Progress update September"),
            row("Publish a guide.", "Drafted.", "Completed"),
            row("Train staff.", "Courses booked.", "Ongoing"),
        )
    )

    assert [i.progress for i in interpret(content)] == ["Drafted.", "Completed", "Courses booked.", "Ongoing"]
