"""Recommendations written as prose: headings, labelled updates and responses, and
the paper's own sections around them. Inputs are paragraphs made in the test."""

from __future__ import annotations

from scrutiny.extractors.content import DocumentContent, Paragraph
from scrutiny.extractors.interpret import interpret


def paper(*texts: str) -> DocumentContent:
    return DocumentContent(
        path="paper.docx", format="docx", pages=None, blocks=[Paragraph(text=t, page=1) for t in texts]
    )


def pairs(*texts: str) -> list[tuple[str, str | None]]:
    return [(i.recommendation, i.progress) for i in interpret(paper(*texts))]


def test_the_committees_own_recommendations_heading_ends_the_last_update():
    assert pairs(
        "Recommendation 7",
        "That the Committee receives an update in twelve months.",
        "Update: The new service began in April. This report is the update.",
        "Recommendations",
        "3. Members are asked to note the update.",
        "Reason: To ensure the recommendations are implemented.",
    ) == [
        (
            "That the Committee receives an update in twelve months.",
            "The new service began in April. This report is the update.",
        )
    ]


def test_a_contact_officer_line_ends_the_last_update():
    assert pairs(
        "Recommendation 6",
        "That the Council works with schools to reduce the cost of uniform.",
        "Progress update: Uniform exchanges run in 31 schools.",
        "Contact Officer: Jo Pearson, Scrutiny Officer",
        "Date: 2 November 2023",
    ) == [
        ("That the Council works with schools to reduce the cost of uniform.", "Uniform exchanges run in 31 schools.")
    ]


def test_background_papers_end_the_last_update():
    ((_, progress),) = pairs(
        "Recommendation 1",
        "That carers are offered a break.",
        "Progress: Forty breaks were offered.",
        "Background papers",
        "None.",
    )

    assert progress == "Forty breaks were offered."


def test_a_response_labelled_by_who_gives_it_on_its_own_line_starts_the_response():
    ((recommendation, progress),) = pairs(
        "Recommendation 2",
        "Local information systems for carers must be joined up.",
        "Government response to recommendation 2",
        "The Government accepts this recommendation in principle.",
        "A pilot will run in two areas.",
    )

    assert recommendation == "Local information systems for carers must be joined up."
    assert progress == "The Government accepts this recommendation in principle. A pilot will run in two areas."


def test_a_response_label_gives_the_items_response_from_its_words():
    (item,) = interpret(
        paper(
            "Recommendation 4",
            "A national target should be set for replacement care.",
            "Response of the Executive",
            "The Executive does not support this recommendation.",
        )
    )

    assert (item.response, item.response_text) == ("rejected", "The Executive does not support this recommendation.")


def test_an_update_labelled_by_its_author_is_progress_without_a_response():
    (item,) = interpret(
        paper("Recommendation 1", "Carers should book sitting at short notice.", "Officer comments", "Agreed in May.")
    )

    assert (item.progress, item.response) == ("Agreed in May.", None)


def test_a_recommendation_runs_over_its_paragraphs_and_bulleted_list_to_the_label():
    ((recommendation, _),) = pairs(
        "Recommendation 2",
        "Information systems must be joined up. These systems need to:",
        "hold one record of each carer's needs;",
        "show which carers have had a break.",
        "Cabinet Member response: Agreed.",
    )

    assert recommendation == (
        "Information systems must be joined up. These systems need to: hold one record of each carer's needs; "
        "show which carers have had a break."
    )


def test_a_progress_heading_over_the_papers_own_numbered_paragraphs_is_not_an_update():
    assert (
        pairs(
            "2. The Panel met on five occasions in 2020.",
            "Progress",
            "3. Progress against each recommendation is set out below.",
        )
        == []
    )


def test_recommendations_numbered_in_words_are_headings_with_their_number_in_figures():
    items = interpret(
        paper(
            "Recommendation One",
            "That support is offered to children who have lived with domestic violence.",
            "Lead Member comments: Achieved. A children's worker joined in September.",
            "Recommendation Two",
            "That every primary school names a contact.",
            "Lead Member comments: Partly achieved.",
        )
    )

    assert [(i.ref, i.progress, i.status) for i in items] == [
        ("1", "Achieved. A children's worker joined in September.", "completed"),
        ("2", "Partly achieved.", "in_progress"),
    ]
