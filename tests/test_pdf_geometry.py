"""Ruled grids the table finder is given: open ends of a grid cut by a page break
are closed, other lines are left alone."""

from __future__ import annotations

import numpy as np
from pdfplumber.table import TableFinder, TableSettings, edges_to_intersections, intersections_to_cells

from scrutiny.extractors.pdf_geometry import (
    PageGeometry,
    _sort_order,
    closing_rules,
    merged_rules,
    ruling_edge,
    smallest_cells,
    text_lines,
)

LEFT, MIDDLE, RIGHT = 70.0, 300.0, 520.0


def row_rule(top: float, x0: float = LEFT, x1: float = RIGHT) -> dict:
    return ruling_edge("h", x0, top, x1, top)


def column_rule(x: float, top: float, bottom: float) -> dict:
    return ruling_edge("v", x, top, x, bottom)


def spans(rules: list[dict]) -> list[tuple[float, float, float]]:
    return [(r["top"], r["x0"], r["x1"]) for r in rules]


def test_column_rules_running_above_the_first_row_rule_are_closed_where_they_start():
    edges = [row_rule(500), row_rule(540)] + [column_rule(x, 80, 540) for x in (LEFT, MIDDLE, RIGHT)]

    assert spans(closing_rules(edges)) == [(80, LEFT, RIGHT)]


def test_column_rules_running_below_the_last_row_rule_are_closed_where_they_stop():
    edges = [row_rule(500), row_rule(540)] + [column_rule(x, 500, 770) for x in (LEFT, MIDDLE, RIGHT)]

    assert spans(closing_rules(edges)) == [(770, LEFT, RIGHT)]


def test_a_closed_grid_gets_no_extra_rule():
    edges = [row_rule(top) for top in (100, 140, 200)] + [column_rule(x, 100, 200) for x in (LEFT, MIDDLE, RIGHT)]

    assert closing_rules(edges) == []


def test_a_grid_drawn_a_hair_past_its_rules_is_not_open():
    edges = [row_rule(100), row_rule(200)] + [column_rule(x, 99, 201) for x in (LEFT, MIDDLE, RIGHT)]

    assert closing_rules(edges) == []


def test_an_open_box_of_one_column_is_left_open():
    # Two side rules over a rule are a panel or a sidebar, not a table of recommendations.
    edges = [row_rule(500)] + [column_rule(x, 80, 500) for x in (LEFT, RIGHT)]

    assert closing_rules(edges) == []


def test_upright_lines_that_cross_no_row_rule_are_left_alone():
    # The bars of a chart, say.
    edges = [column_rule(x, 300, 400) for x in (100, 150, 200, 250)] + [row_rule(600)]

    assert closing_rules(edges) == []


def test_column_rules_that_start_at_different_heights_are_not_joined():
    edges = [row_rule(500)] + [column_rule(x, top, 500) for x, top in ((LEFT, 80), (MIDDLE, 200), (RIGHT, 320))]

    assert closing_rules(edges) == []


def glyph(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5, "top": top, "bottom": top + 10, "size": 10.0, "fontname": "Serif"}


def test_glyphs_of_one_word_stay_together_when_their_tops_straddle_the_line_tolerance():
    # A cell's line sits 3 points below its neighbour's, and the tall letters of
    # "Will" have boxes a hair higher than the rest.
    left = [glyph(c, 100 + 5 * i, 100.0) for i, c in enumerate("more")]
    right = [glyph("W", 300, 103.02), glyph("i", 305, 103.02), glyph("l", 310, 103.0), glyph("l", 315, 103.0)]

    assert [line["text"] for line in text_lines(left + right)] == ["more Will"]


def test_glyphs_of_two_cells_at_one_height_make_two_lines_when_grouped_by_cell():
    left = [glyph(c, 100 + 5 * i, 100.0) for i, c in enumerate("Yes")]
    right = [glyph(c, 130 + 5 * i, 100.0) for i, c in enumerate("No")]

    lines = text_lines(left + right, groups=np.array([0, 0, 0, 1, 1]))

    assert [(line["group"], line["text"]) for line in lines] == [(0, "Yes"), (1, "No")]


def test_a_gap_wider_than_the_gutter_splits_a_line_into_runs():
    words = [glyph(c, 100 + 5 * i, 100.0) for i, c in enumerate("ab")] + [glyph("c", 140, 100.0)]

    (line,) = text_lines(words, gutter_in_font_sizes=1.0)

    assert [(run.text, run.x0, run.x1) for run in line["segments"]] == [("ab", 100, 110), ("c", 140, 145)]


def test_figures_side_by_side_are_two_runs_though_closer_than_the_gutter():
    # Bold totals in columns of figures stand closer than a font size apart.
    figures = [glyph(c, 100 + 5 * i, 100.0) for i, c in enumerate("12")] + [glyph("3", 117, 100.0)]

    (line,) = text_lines(figures, gutter_in_font_sizes=1.0)

    assert [run.text for run in line["segments"]] == ["12", "3"]


def test_a_rate_and_its_interval_side_by_side_are_two_runs():
    figures = [glyph(c, 100 + 5 * i, 100.0) for i, c in enumerate("7.1")] + [
        glyph(c, 122 + 5 * i, 100.0) for i, c in enumerate("(6-8)")
    ]

    (line,) = text_lines(figures, gutter_in_font_sizes=1.0)

    assert [run.text for run in line["segments"]] == ["7.1", "(6-8)"]


def test_words_as_close_as_side_by_side_figures_stay_one_run():
    words = [glyph(c, 100 + 5 * i, 100.0) for i, c in enumerate("ab")] + [glyph("c", 117, 100.0)]

    (line,) = text_lines(words, gutter_in_font_sizes=1.0)

    assert [run.text for run in line["segments"]] == ["ab c"]


def test_a_glyph_listed_twice_at_one_spot_is_read_once_in_a_run():
    letters = [glyph("f", 100, 100.0), glyph("f", 100, 100.0), glyph("i", 105, 100.0)]

    (line,) = text_lines(letters, gutter_in_font_sizes=1.0)

    assert [run.text for run in line["segments"]] == ["fi"]


def test_a_space_the_pdf_holds_breaks_words_however_tight_the_gap():
    letters = [glyph("a", 100, 100.0), {**glyph("b", 105, 100.0), "space_before": True}]

    assert [line["text"] for line in text_lines(letters)] == ["a b"]


def test_a_line_carries_the_size_and_boldness_of_its_first_glyph():
    letters = [{**glyph("A", 100, 100.0), "fontname": "Arial,Bold", "size": 12.04}, glyph("b", 105, 100.0)]

    (line,) = text_lines(letters)

    assert (line["size"], line["bold"]) == (12.0, True)


def test_glyphs_sort_by_height_then_across_keeping_ties_in_the_order_listed():
    top = np.array([5.0, 1.0, 5.0, -0.0, 0.0, np.inf, 1.0, np.nan, 5.0])
    x0 = np.array([2.0, 3.0, 2.0, 1.0, 1.0, -np.inf, np.inf, 0.0, np.nan])
    assert _sort_order(top, x0).tolist() == np.lexsort((x0, top)).tolist()
    numbers = ~(np.isnan(top) | np.isnan(x0))
    assert _sort_order(top[numbers], x0[numbers]).tolist() == np.lexsort((x0[numbers], top[numbers])).tolist()


def crossings(rules: list[dict]) -> dict:
    return edges_to_intersections(rules, 1, 1)


def test_three_row_rules_across_three_column_rules_make_four_cells_in_reading_order():
    rules = [row_rule(top) for top in (100, 120, 140)] + [column_rule(x, 100, 140) for x in (LEFT, 200, RIGHT)]
    assert smallest_cells(crossings(rules)) == [
        (LEFT, 100, 200, 120),
        (LEFT, 120, 200, 140),
        (200, 100, RIGHT, 120),
        (200, 120, RIGHT, 140),
    ]


def test_cells_are_those_pdfplumbers_finder_makes_of_a_grid_with_a_merged_cell():
    # The middle row rule stops at the second column rule: the right column's two
    # rows are one cell; a short rule below the grid crosses nothing.
    rules = [
        row_rule(100),
        row_rule(120, LEFT, 200),
        row_rule(140),
        row_rule(160, 300, 320),
        *(column_rule(x, 100, 140) for x in (LEFT, 150, 200, RIGHT)),
    ]
    assert smallest_cells(crossings(rules)) == intersections_to_cells(crossings(rules))
    assert (200, 100, RIGHT, 140) in smallest_cells(crossings(rules))


def test_rules_are_snapped_joined_and_dropped_as_pdfplumbers_finder_does():
    rules = [
        # Three row rules within 3 pt of one another in a chain: moved to their mean
        # height and joined into one, across the 2 pt gap before the last.
        row_rule(100.0),
        row_rule(101.7, RIGHT + 2, RIGHT + 90),
        row_rule(102.9, 200, 260),
        row_rule(160.0, 10, 11.5),  # too short to be a rule
        # A column rule going on below another, a hair to the right: one rule.
        column_rule(LEFT, 100, 130),
        column_rule(LEFT + 1.2, 131, 160),
        column_rule(RIGHT, 90, 170),
    ]
    finder = TableFinder.__new__(TableFinder)
    finder.page, finder.settings = PageGeometry(1, 600, 800, edges=rules), TableSettings.resolve(None)
    expected = [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in finder.get_edges()]
    merged = merged_rules(rules, TableSettings.resolve(None))
    assert [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in merged] == expected
    assert [e["orientation"] for e in merged] == ["h", "v", "v"]
