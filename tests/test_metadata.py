"""Document metadata: dates, council, committee and title read from a paper's cover,
with the file's own properties as a fallback."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.extractors.content import Cell, DocumentContent, DocumentProperties, Paragraph, Row, Table
from scrutiny.extractors.councils import CouncilRegister
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


# ------------------------------------------------------------- council identity


def test_a_council_the_register_knows_is_stored_by_its_official_name_and_code():
    meta = extract_metadata(cover("CITY AND COUNTY OF SWANSEA", "Cabinet - 5 July 2012"))

    assert meta.council == "City and County of Swansea Council"
    assert meta.council_code == "SWA"
    assert meta.council_printed == "City and County of Swansea"


def test_a_council_named_in_welsh_on_the_cover_is_found():
    meta = extract_metadata(cover("Cyngor Dinas a Sir Abertawe", "Scrutiny Programme Committee"))

    assert meta.council_code == "SWA"


def test_a_council_the_register_lacks_keeps_its_printed_name():
    meta = extract_metadata(cover("Hartleigh Borough Council", "Children's Scrutiny Panel"))

    assert meta.council == "Hartleigh Borough Council"
    assert meta.council_code is None


def test_a_council_only_in_the_running_header_is_found_there():
    content = cover("Young Carers Review", "1. Introduction")
    content.furniture = [Paragraph(text="London Borough of Hackney", page=2)]

    meta = extract_metadata(content)

    assert meta.council == "London Borough of Hackney"
    assert meta.sources["council"].origin == "header"


def test_a_council_only_in_the_document_properties_is_found_by_its_initials():
    content = cover("Treasury Management Strategy", "1. Introduction")
    content.properties = DocumentProperties(author="KCC")

    meta = extract_metadata(content)

    assert meta.council == "Kent County Council"
    assert meta.sources["council"].origin == "properties"


def test_a_council_only_in_a_contact_address_is_found_by_its_host():
    meta = extract_metadata(cover("AGENDA", "CABINET", "Email: democratic.services@york.gov.uk"))

    assert meta.council == "City of York Council"


# --------------------------------------------------------------- cover readings


def test_a_to_line_gives_committee_and_date_without_the_label():
    meta = extract_metadata(cover("From: Leader of the Council", "To: Cabinet – 4th March 2025", "Subject: Budget"))

    assert meta.committee == "Cabinet"
    assert meta.meeting_date == date(2025, 3, 4)
    assert meta.title == "Budget"


@pytest.mark.parametrize(
    "line, committee",
    [
        ("To: County Council Date: 13 March 2025", "County Council"),
        ("To: Cabinet Meeting Date: 13 March 2025", "Cabinet"),
    ],
)
def test_a_second_label_on_a_to_line_starts_its_own_field(line, committee):
    meta = extract_metadata(cover(line, "Subject: Pay Policy Statement"))

    assert meta.committee == committee
    assert meta.meeting_date == date(2025, 3, 13)


def test_a_report_to_the_council_itself_is_a_full_council_meeting():
    meta = extract_metadata(cover("Report to: Oxfordshire County Council", "Date: 12 March 2019"))

    assert meta.council == "Oxfordshire County Council"
    assert meta.committee == "County Council"


def test_a_cover_table_of_labels_and_values_is_read():
    content = document(
        Table(
            rows=[
                Row(cells=[Cell(text="Meeting of:"), Cell(text="Scrutiny Programme Committee")]),
                Row(cells=[Cell(text="Date of Meeting:"), Cell(text="05/03/2019")]),
                Row(cells=[Cell(text="Report Title:"), Cell(text="Young Carers Review Progress")]),
            ],
            page=1,
        )
    )

    meta = extract_metadata(content)

    assert meta.committee == "Scrutiny Programme Committee"
    assert meta.meeting_date == date(2019, 3, 5)
    assert meta.title == "Young Carers Review Progress"
    assert meta.sources["committee"].origin == "cover table"


def test_a_meeting_date_only_in_the_running_header_is_found_there():
    content = cover("Water Management Scrutiny Review", "1. Introduction")
    content.furniture = [
        Paragraph(text="Regeneration and Environment Overview and Scrutiny Committee - 9 October 2019")
    ]

    meta = extract_metadata(content)

    assert meta.meeting_date == date(2019, 10, 9)
    assert meta.committee == "Regeneration and Environment Overview and Scrutiny Committee"
    assert meta.sources["meeting_date"].origin == "header"


def test_printed_minutes_give_their_meeting_committee_and_date():
    meta = extract_metadata(
        cover(
            "MINUTES of a meeting of the Cabinet held in the Council Chamber, County Hall"
            " on Thursday, 30 January 2025.",
            "PRESENT: Mr A Smith (Chairman)",
        )
    )

    assert meta.committee == "Cabinet"
    assert meta.meeting_date == date(2025, 1, 30)


def test_a_committee_is_never_a_sentence():
    meta = extract_metadata(
        cover(
            "Following the debate, the Scrutiny Committee unanimously agreed the following motion",
            "Cabinet is asked to",
        )
    )

    assert meta.committee is None


def test_an_agenda_item_number_is_not_the_title():
    content = document(
        Paragraph(text="Agenda Item 7", page=1, bold=True),
        Paragraph(text="Libraries Review: Progress on Recommendations", page=1, bold=True),
    )

    assert extract_metadata(content).title == "Libraries Review: Progress on Recommendations"


def test_a_committee_broken_over_two_lines_is_joined():
    meta = extract_metadata(cover("ENVIRONMENT OVERVIEW AND SCRUTINY", "COMMITTEE: 9 JUNE 2022", "FLOODING REVIEW"))

    assert meta.committee == "Environment Overview and Scrutiny Committee"
    assert meta.meeting_date == date(2022, 6, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, 5th March 2019", date(2019, 3, 5)),
        ("05/03/2019", date(2019, 3, 5)),
        ("5 Mar 2019", date(2019, 3, 5)),
        ("13th April, 2016", date(2016, 4, 13)),
        ("March 5, 2019", date(2019, 3, 5)),
        ("2019-03-05", date(2019, 3, 5)),
    ],
)
def test_parse_date_reads_every_english_form(text, expected):
    assert parse_date(text) == expected


def test_a_year_alone_is_no_date():
    assert parse_date("Budget 2025 to 2028") is None


def test_a_council_name_two_councils_held_is_the_one_sitting_on_the_meeting_date(westmoor: CouncilRegister):
    early = extract_metadata(cover("WESTMOOR", "Cabinet", "5 March 2005"), westmoor)
    late = extract_metadata(cover("WESTMOOR", "Cabinet", "5 March 2015"), westmoor)

    assert (early.council_code, late.council_code) == ("OLD", "NEW")
