"""Document metadata: dates, council, committee and title read from a paper's cover,
with the file's own properties as a fallback."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.extractors.content import Cell, DocumentContent, DocumentProperties, Paragraph, Row, Table
from scrutiny.extractors.metadata import extract_metadata, parse_date, tidy_name


def document(*blocks: Paragraph | Table, title: str | None = None, path: str = "/papers/report.pdf") -> DocumentContent:
    return DocumentContent(
        path=path, format="pdf", pages=1, blocks=list(blocks), properties=DocumentProperties(title=title)
    )


def cover(*texts: str, title: str | None = None, path: str = "/papers/report.pdf") -> DocumentContent:
    """A one-page document whose paragraphs are `texts`, in plain body text."""
    return document(*(Paragraph(text=t, page=1) for t in texts), title=title, path=path)


# ------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 September 2011", date(2011, 9, 8)),
        ("8th September 2011", date(2011, 9, 8)),
        ("Thursday, 8 September 2011", date(2011, 9, 8)),
        ("3rd December 2008", date(2008, 12, 3)),
        ("Meeting held on 22nd of March 2012", date(2012, 3, 22)),
        ("8 Sept 2011", date(2011, 9, 8)),
    ],
)
def test_parse_date_reads_written_uk_dates(text, expected):
    assert parse_date(text) == expected


def test_parse_date_reads_numeric_dates_day_first():
    assert parse_date("08/09/2011") == date(2011, 9, 8)


def test_parse_date_reads_two_digit_years_as_this_century():
    assert parse_date("08/09/11") == date(2011, 9, 8)


def test_parse_date_skips_an_impossible_numeric_date():
    assert parse_date("31/02/2011") is None


def test_parse_date_without_a_date_gives_none():
    assert parse_date("Children and Young People Scrutiny Panel") is None


# ------------------------------------------------------------------------ names


def test_all_caps_council_name_is_tidied():
    assert tidy_name("PLYMOUTH CITY COUNCIL") == "Plymouth City Council"


def test_small_words_stay_lower_case_in_a_tidied_name():
    assert tidy_name("LONDON BOROUGH OF CAMDEN") == "London Borough of Camden"


def test_mixed_case_name_is_kept_as_printed():
    assert tidy_name("Westmoor Borough Council") == "Westmoor Borough Council"


def test_all_caps_council_line_becomes_the_council():
    meta = extract_metadata(cover("PLYMOUTH CITY COUNCIL", "Young carers review"))

    assert meta.council == "Plymouth City Council"


def test_committee_line_with_a_trailing_date_keeps_the_name_only():
    meta = extract_metadata(cover("PLYMOUTH CITY COUNCIL", "OVERVIEW AND SCRUTINY COMMITTEE 3rd December 2008"))

    assert meta.committee == "Overview and Scrutiny Committee"


def test_date_on_the_committee_line_is_the_meeting_date():
    meta = extract_metadata(cover("PLYMOUTH CITY COUNCIL", "OVERVIEW AND SCRUTINY COMMITTEE 3rd December 2008"))

    assert meta.meeting_date == date(2008, 12, 3)


def test_committee_line_with_a_dash_and_date_keeps_the_name_only():
    meta = extract_metadata(cover("CHILDREN'S SCRUTINY PANEL - 15 MARCH 2012"))

    assert meta.committee == "Children's Scrutiny Panel"
    assert meta.meeting_date == date(2012, 3, 15)


def test_date_on_a_line_of_its_own_is_the_meeting_date():
    meta = extract_metadata(
        cover("Westmoor Council", "Children and Young People Scrutiny Panel", "Thursday, 8 September 2011")
    )

    assert meta.committee == "Children and Young People Scrutiny Panel"
    assert meta.meeting_date == date(2011, 9, 8)


# --------------------------------------------------------------- labelled fields


def test_labelled_fields_win_over_unlabelled_lines():
    meta = extract_metadata(
        cover(
            "Westmoor Council",
            "Health Scrutiny Panel 12 January 2012",
            "Committee: Children's Scrutiny Panel",
            "Date: 8 September 2011",
            "Subject: Hidden Harm Review Update",
        )
    )

    assert meta.committee == "Children's Scrutiny Panel"
    assert meta.meeting_date == date(2011, 9, 8)
    assert meta.title == "Hidden Harm Review Update"


def test_labelled_subject_wins_over_a_bold_title_line():
    content = document(
        Paragraph(text="Progress Report", page=1, bold=True),
        Paragraph(text="Subject: Hidden Harm Review Update", page=1),
    )

    assert extract_metadata(content).title == "Hidden Harm Review Update"


def test_labelled_council_wins_over_a_council_line():
    meta = extract_metadata(cover("Westmoor Council", "Council: NORTH ASHWELL DISTRICT COUNCIL"))

    assert meta.council == "North Ashwell District Council"


# ------------------------------------------------------------------------- title


def test_title_is_the_largest_text_on_the_cover():
    content = document(
        Paragraph(text="Westmoor Council", page=1, size=11),
        Paragraph(text="Young Carers Review", page=1, size=18),
        Paragraph(text="This report updates the panel on progress.", page=1, size=11),
        Paragraph(text="It asks members to note it.", page=1, size=11),
    )

    assert extract_metadata(content).title == "Young Carers Review"


def test_title_is_the_word_title_style_paragraph():
    content = document(
        Paragraph(text="Westmoor Council"),
        Paragraph(text="Respite for Young Carers", style="Title"),
        Paragraph(text="Some words of introduction here."),
    )

    assert extract_metadata(content).title == "Respite for Young Carers"


def test_title_falls_back_to_document_properties():
    meta = extract_metadata(cover("1. Introduction", title="Respite Review Progress"))

    assert meta.title == "Respite Review Progress"


def test_title_falls_back_to_the_file_name_without_its_date():
    meta = extract_metadata(cover(path="/papers/2012-03-04_hidden-harm.pdf"))

    assert meta.title == "hidden-harm"
    assert meta.meeting_date == date(2012, 3, 4)


def test_cover_ends_at_the_first_table():
    content = document(
        Paragraph(text="Westmoor Council", page=1),
        Table(rows=[Row(cells=[Cell(text="Recommendation"), Cell(text="Update")])], page=1),
        Paragraph(text="Subject: Appendix A", page=1),
        title="Young Carers Review",
    )

    assert extract_metadata(content).title == "Young Carers Review"
