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
