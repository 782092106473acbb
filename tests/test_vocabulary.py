"""The words council papers use for columns, status and executive responses."""

from __future__ import annotations

import pytest

from scrutiny.extractors.vocabulary import (
    ColumnRole,
    column_role,
    is_closing_section,
    item_label,
    key_entries,
    response_from_text,
    status_from_label,
    status_from_text,
    status_match_text,
)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Recommendation", ColumnRole.RECOMMENDATION),
        ("Recommendations", ColumnRole.RECOMMENDATION),
        ("Scrutiny Recommendation", ColumnRole.RECOMMENDATION),
        ("Progress Updates", ColumnRole.PROGRESS),
        ("Update", ColumnRole.PROGRESS),
        ("Comments", ColumnRole.PROGRESS),
        ("Action taken", ColumnRole.PROGRESS),
        ("Progress update (September 2011)", ColumnRole.PROGRESS),
        ("Ref", ColumnRole.REF),
        ("No.", ColumnRole.REF),
        ("Lead Officer", ColumnRole.LEAD_OFFICER),
        ("Target Date", ColumnRole.TARGET_DATE),
        ("RAG Status", ColumnRole.STATUS),
        ("Cabinet Response", ColumnRole.RESPONSE),
        ("Actions taken", ColumnRole.PROGRESS),
        ("Position at September 2011", ColumnRole.PROGRESS),
        ("Progress RAG", ColumnRole.STATUS),
        ("Completed?", ColumnRole.STATUS),
        ("#", ColumnRole.REF),
        ("Timescale for implementation", ColumnRole.TARGET_DATE),
    ],
)
def test_header_synonym_maps_to_its_column_role(header, role):
    assert column_role(header) is role


def test_header_role_ignores_case_and_punctuation():
    assert column_role("PROGRESS UPDATES:") is ColumnRole.PROGRESS


@pytest.mark.parametrize("header", ["Service", "2011/12 £000", "Variance", "", "   "])
def test_budget_and_blank_headers_have_no_role(header):
    assert column_role(header) is None


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("Green", "completed"),
        ("Amber", "in_progress"),
        ("Red", "outstanding"),
        ("GREEN", "completed"),
        ("Amber - on track", "in_progress"),
        ("G", "completed"),
        ("A/G", "in_progress"),
        ("R", "outstanding"),
        ("Partly", "in_progress"),
        ("Not achieved", "outstanding"),
    ],
)
def test_rag_label_gives_status(label, status):
    assert status_from_label(label) == status


def test_status_label_that_is_not_a_colour_is_read_as_words():
    assert status_from_label("Completed") == "completed"


def test_status_label_starting_with_the_word_a_is_not_an_initial():
    assert status_from_label("A further report is due") is None


def test_empty_status_label_gives_none():
    assert status_from_label("  ") is None


@pytest.mark.parametrize(
    ("update", "status"),
    [
        ("Completed", "completed"),
        ("Completed. The leaflet was sent to every GP surgery.", "completed"),
        ("Outstanding. Awaiting the outcome of the budget review.", "outstanding"),
        ("On going activity", "in_progress"),
        ("Being done as part of the review of short breaks.", "in_progress"),
        ("Started in Carers week, will be ongoing", "in_progress"),
    ],
)
def test_status_is_read_from_the_words_of_an_update(update, status):
    assert status_from_text(update) == status


def test_status_phrase_later_in_the_update_counts():
    assert status_from_text("The group has met twice and the work is ongoing.") == "in_progress"


@pytest.mark.parametrize(
    "update",
    ["The panel met officers in March and heard from young carers.", "", "   "],
)
def test_update_without_a_status_word_gives_none(update):
    assert status_from_text(update) is None


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("Accepted", "accepted"),
        ("Accepted. The service will write to all schools.", "accepted"),
        ("Partially accepted", "partially_accepted"),
        ("Partially accepted - subject to funding", "partially_accepted"),
        ("Not accepted", "rejected"),
        ("Rejected", "rejected"),
    ],
)
def test_response_words_give_the_executive_response(text, response):
    assert response_from_text(text) == response


def test_response_without_a_decision_word_gives_none():
    assert response_from_text("Noted by Cabinet on 4 March.") is None


@pytest.mark.parametrize(
    ("update", "status"),
    [
        ("A project brief has been agreed. Work has started on baseline surveys.", "in_progress"),
        ("The review of fees and charges started in September 2008.", "in_progress"),
        ("Officers have mapped the schemes; a single scheme is outstanding pending a decision.", "outstanding"),
    ],
)
def test_status_words_in_the_middle_of_an_update_count(update: str, status: str) -> None:
    assert status_from_text(update) == status


@pytest.mark.parametrize(
    ("update", "status"),
    [
        ("Fully achieved. The profile was published in March.", "completed"),
        ("Partially achieved. Two of the three schemes run.", "in_progress"),
        ("Not yet started. The mapping will follow the needs assessment.", "outstanding"),
        ("On target. The second phase begins in April.", "in_progress"),
        ("Delayed. The contractor withdrew in May.", "in_progress"),
        ("Ongoing - the group meets monthly.", "in_progress"),
        ("Yet to start: awaiting funding.", "outstanding"),
    ],
)
def test_status_phrasings_at_the_start_of_an_update(update, status):
    assert status_from_text(update) == status


@pytest.mark.parametrize(
    ("update", "status"),
    [
        ("Section 19 reports have been published for all events. Status: Complete.", "completed"),
        ("Wardens are active in fourteen communities. Status: Ongoing.", "in_progress"),
        ("The register holds 4,870 assets (RAG: Amber).", "in_progress"),
        ("Current status - not started. Funding is awaited.", "outstanding"),
    ],
)
def test_a_status_line_is_read_wherever_it_stands(update, status):
    assert status_from_text(update) == status


def test_a_status_line_outweighs_status_words_earlier_in_the_update():
    assert status_from_text("Work started in 2018 and the scheme has closed. Status: Complete.") == "completed"


def test_a_closing_verdict_sentence_gives_the_status():
    assert status_from_text("Agreements were signed with three projects in April 2009. Completed.") == "completed"


@pytest.mark.parametrize(
    "update",
    [
        "Referral arrangements with the drug and alcohol team have not yet started.",
        "Identification in the remaining practices has not started and the trust has been asked to act.",
    ],
)
def test_work_that_has_not_started_is_outstanding(update):
    assert status_from_text(update) == "outstanding"


def test_status_match_gives_the_words_that_decided_and_where():
    update = "Guidance was issued. Status: Complete."

    found = status_match_text(update)

    assert (found.status, update[found.start : found.end], found.rule) == (
        "completed",
        "Status: Complete",
        "status line",
    )


def test_a_tick_in_a_status_cell_means_done():
    assert status_from_label("✓") == "completed"


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("The Government accepts this recommendation.", "accepted"),
        ("The Cabinet supports the recommendation and will report in May.", "accepted"),
        ("The Executive agrees with this recommendation.", "accepted"),
        ("Accepted in principle. Funding is to be confirmed.", "partially_accepted"),
        ("The Government accepts this recommendation in principle.", "partially_accepted"),
        ("Agreed with amendments: the review will cover adults only.", "partially_accepted"),
        ("The Council does not support this recommendation.", "rejected"),
        ("Not supported - the budget is committed.", "rejected"),
        ("Accepted in full.", "accepted"),
    ],
)
def test_executive_response_sentences_give_the_response(text, response):
    assert response_from_text(text) == response


def test_an_executive_that_will_accept_later_is_not_read_as_rejecting():
    assert response_from_text("The Council will accept this once funding is known.") is None


def test_response_verbs_are_not_a_status():
    assert status_from_text("The Cabinet supports this recommendation.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Background papers",
        "Contact Officer: Jo Pearson, Scrutiny Officer",
        "Recommendations",
        "5. Recommendation to the Committee",
        "Members are asked to note the update.",
        "The Committee is recommended to note the progress made.",
        "Appendices",
        "Financial implications",
    ],
)
def test_the_papers_own_closing_sections_are_known(text):
    assert is_closing_section(text)


@pytest.mark.parametrize(
    "text",
    ["Recommendation 3", "Officers will contact every school by March.", "The Committee met in May."],
)
def test_item_text_is_not_a_closing_section(text):
    assert not is_closing_section(text)


@pytest.mark.parametrize(
    ("text", "kind", "rest"),
    [
        ("Government response to recommendation 2", "response", ""),
        ("Cabinet Member response", "response", ""),
        ("Response of the Executive", "response", ""),
        ("The Council's response: Agreed.", "response", "Agreed."),
        ("Officer comments", "progress", ""),
        ("Progress to date: Partially achieved.", "progress", "Partially achieved."),
        ("Update (September 2011): Done.", "progress", "Done."),
    ],
)
def test_labels_name_an_update_or_a_response_by_whoever_gives_it(text, kind, rest):
    label = item_label(text)

    assert (label.kind, label.rest) == (kind, rest)


@pytest.mark.parametrize(
    "text",
    ["This is the second update", "Progress on the review recommendations", "Progress has been slow this year."],
)
def test_sentences_and_headings_about_progress_are_not_labels(text):
    assert item_label(text) is None


def test_a_printed_key_gives_each_code_its_words():
    assert key_entries("Key: F = accepted in full, P = accepted in principle, N = not accepted") == {
        "F": "accepted in full",
        "P": "accepted in principle",
        "N": "not accepted",
    }


def test_a_key_after_the_word_key_may_use_dashes():
    assert key_entries("Key: C - complete, O - ongoing, NS - not started") == {
        "C": "complete",
        "O": "ongoing",
        "NS": "not started",
    }


def test_an_equation_in_a_sentence_is_not_a_key():
    assert key_entries("The saving was £5,000 a year, so X = 3 posts.") == {}


def test_work_not_yet_arranged_is_outstanding():
    assert status_from_text("Training has not yet been arranged; the request is being considered.") == "outstanding"
