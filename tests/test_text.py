"""Text hygiene: stored text reads as printed, without the accidents of layout."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.extractors.text import (
    calendar_date,
    clean_text,
    ends_mid_sentence,
    fold_for_comparison,
    is_continuation_note,
    join_lines,
    normalise_spaces,
    unfold_ligatures,
)

SOFT_HYPHEN = "\u00ad"


def test_wrapped_lines_are_joined_with_one_space():
    lines = ["The panel recommends that", "the council reviews", "its carers strategy."]

    assert join_lines(lines) == "The panel recommends that the council reviews its carers strategy."


def test_hard_hyphen_at_line_end_after_a_letter_is_kept_without_a_space():
    assert join_lines(["the re-", "commissioning of short breaks"]) == "the re-commissioning of short breaks"


def test_hyphen_after_a_digit_at_line_end_is_followed_by_a_space():
    # Only a hyphen between letters is a typed compound; "2011-" then "12" is not
    # joined blindly.
    assert join_lines(["the 2011-", "12 budget"]) == "the 2011- 12 budget"


def test_soft_hyphen_at_line_end_is_removed_and_the_word_rejoined():
    assert join_lines([f"commis{SOFT_HYPHEN}", "sioning of services"]) == "commissioning of services"


def test_soft_hyphen_inside_a_line_is_removed():
    assert join_lines([f"com{SOFT_HYPHEN}missioning"]) == "commissioning"


def test_ligatures_are_unfolded():
    assert unfold_ligatures("\ufb01nancial \ufb02ow o\ufb00er e\ufb03cient ba\ufb04ed") == (
        "financial flow offer efficient baffled"
    )


def test_ligature_inside_wrapped_lines_is_unfolded():
    assert join_lines(["the \ufb01rst", "o\ufb03cer"]) == "the first officer"


def test_runs_of_spaces_tabs_and_no_break_spaces_collapse_to_one_space():
    assert normalise_spaces("  Young\t\tcarers\u00a0 \u00a0support  ") == "Young carers support"


def test_thin_and_narrow_no_break_spaces_become_ordinary_spaces():
    assert normalise_spaces("10\u2009per\u202fcent") == "10 per cent"


def test_clean_text_treats_line_breaks_as_wraps_and_skips_blank_lines():
    assert clean_text("  Hidden harm   training\n\n  was   delivered \n") == "Hidden harm training was delivered"


def test_empty_lines_only_give_empty_text():
    assert join_lines(["", "   ", "\t"]) == ""


def test_fold_for_comparison_ignores_case_and_punctuation():
    assert fold_for_comparison("Progress Update:") == fold_for_comparison("PROGRESS  update")


@pytest.mark.parametrize(
    "note",
    [
        "Continued overleaf",
        "(continued)",
        "Table 2 continued",
        "Table 2 (continued)",
        "Table 3 \u2013 continued",
        "cont'd on next page",
        "Continued on the next page\u2026",
        "Table continues on next page",
        "CONTINUED FROM PREVIOUS PAGE",
    ],
)
def test_notes_that_a_table_goes_on_are_continuation_notes(note):
    assert is_continuation_note(note)


@pytest.mark.parametrize(
    "text",
    [
        "Continued support for young carers",
        "The table continues to grow",
        "Table 2: Budget",
        "Recommendation 3 (continued)",
    ],
)
def test_sentences_that_start_with_continued_are_not_continuation_notes(text):
    assert not is_continuation_note(text)


@pytest.mark.parametrize(
    "text",
    [
        "The level of joint training around young carers and",
        "Training will be promoted through the",
        "Report to the Board by",
    ],
)
def test_text_stopping_on_a_word_no_sentence_ends_on_ends_mid_sentence(text):
    assert ends_mid_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "Raise awareness of young carers in Plymouth;",
        "Raise awareness of young carers in Plymouth; and",
        "Will be reviewed with strategy refresh,",
        "Adequate funding should be identified for respite",
        "",
    ],
)
def test_finished_sentences_and_list_items_do_not_end_mid_sentence(text):
    assert not ends_mid_sentence(text)


def test_digits_read_as_year_month_and_day_make_a_date_only_when_the_calendar_has_it() -> None:
    assert calendar_date("2019", "03", "05") == date(2019, 3, 5)
    assert calendar_date(2020, 2, 29) == date(2020, 2, 29)
    assert calendar_date("2019", "02", "30") is None
    assert calendar_date("2019", "13", "01") is None
