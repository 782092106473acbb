"""Properties of the table interpreter over generated tables: any grid a reader could
produce (header variants, empty, spanning and vertically merged cells, fragments
continued across a page break) is interpreted without error, and what comes out is
bounded by and drawn from what went in."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.extractors.content import Cell, DocumentContent, Paragraph, Row, Table
from scrutiny.extractors.interpret import interpret
from scrutiny.extractors.vocabulary import ColumnRole, column_role

# Header variants as council papers print them, by the role the vocabulary gives them.
RECOMMENDATION_HEADERS = [
    "Recommendation",
    "Recommendations",
    "Scrutiny Recommendation",
    "Panel recommendations",
    "Agreed actions",
    "Recommendations made",
    "Proposal",
    "Recommend ation",  # a narrow column breaks the word
]
PROGRESS_HEADERS = [
    "Progress",
    "Progress Updates",
    "Update",
    "Progress to date",
    "Comments",
    "Current position",
    "Progress update (September 2011)",
    "Update March 2013",
]
RESPONSE_HEADERS = ["Executive Response", "Cabinet response", "Response", "Accepted / Rejected"]
STATUS_HEADERS = ["Status", "RAG", "RAG status"]
OTHER_ROLE_HEADERS = ["Ref", "No.", "Lead Officer", "Responsible officer", "Target date", "Timescale"]
PLAIN_HEADERS = ["Budget", "Amount", "Cost centre", "Attendance", "Ward", "Notes", "Service area"]
UPDATE_HEADERS = PROGRESS_HEADERS + RESPONSE_HEADERS + STATUS_HEADERS

# Cell words that mean nothing to the vocabulary, so a data row is never read as a
# header and the tests know which column every word came from.
WORDS = [
    "parks",
    "library",
    "carers",
    "funding",
    "schools",
    "respite",
    "youth",
    "housing",
    "transport",
    "families",
    "services",
    "training",
    "councillors",
    "buses",
    "homes",
    "meals",
]
CONTINUATION = "zyxcontinued"

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def sentences(draw, lowercase_start: bool = False) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10))
    text = " ".join(words)
    if not lowercase_start and draw(st.booleans()):
        text = text[0].upper() + text[1:]
    if draw(st.booleans()):
        text += "."
    if draw(st.integers(0, 4)) == 0:
        # A cell holding two paragraphs.
        text += "\n" + draw(st.sampled_from(WORDS)).capitalize()
    return text


@st.composite
def cell_texts(draw) -> str:
    return draw(st.one_of(st.just(""), st.just("   "), sentences()))


@dataclass
class Spec:
    """A generated table and what the test knows about it."""

    table: Table
    rec_col: int | None
    update_cols: int
    data_rows: int


@st.composite
def headers(draw, recommendation: bool, updates: bool) -> tuple[list[str], int | None]:
    """A header row: with a recommendation column and/or update columns, as asked,
    among other columns. Returns the texts and the recommendation column."""
    columns: list[str] = []
    if recommendation:
        columns.append(draw(st.sampled_from(RECOMMENDATION_HEADERS)))
    if updates:
        columns.extend(draw(st.lists(st.sampled_from(UPDATE_HEADERS), min_size=1, max_size=3)))
    columns.extend(draw(st.lists(st.sampled_from(OTHER_ROLE_HEADERS + PLAIN_HEADERS), max_size=2)))
    if len(columns) < 2:
        columns.append(draw(st.sampled_from(PLAIN_HEADERS)))
    order = draw(st.permutations(range(len(columns))))
    texts = [columns[i] for i in order]
    rec_col = order.index(0) if recommendation else None
    return texts, rec_col


@st.composite
def data_rows(draw, width: int, page: int, count: int) -> list[Row]:
    rows: list[Row] = []
    for _ in range(count):
        kind = draw(st.sampled_from(["plain", "plain", "plain", "spanning", "section", "merged"]))
        cells = [Cell(text=draw(cell_texts()), page=page) for _ in range(width)]
        if kind == "spanning" and width > 2:
            start = draw(st.integers(0, width - 2))
            span = draw(st.integers(2, width - start))
            cells[start].span = span
            for covered in range(start + 1, start + span):
                cells[covered] = Cell(text="", page=page, span=0)
        elif kind == "section":
            cells = [Cell(text=draw(sentences()), page=page, span=width)]
            cells += [Cell(text="", page=page, span=0) for _ in range(width - 1)]
        elif kind == "merged" and rows:
            above = rows[-1].cells
            column = draw(st.integers(0, width - 1))
            if above[column].span == 1:
                cells[column] = Cell(text=above[column].text, page=page, merged_from_above=True)
        rows.append(Row(cells=cells, page=page))
    return rows


@st.composite
def tables(draw, recommendation: bool = True, updates: bool = True, ragged: bool = False) -> Spec:
    texts, rec_col = draw(headers(recommendation, updates))
    width = len(texts)
    # A title row above the header sometimes: the header is looked for in the first rows.
    title = [Row(cells=[Cell("Appendix A", page=1, span=width)] + [Cell("", page=1, span=0)] * (width - 1), page=1)]
    above = title if draw(st.integers(0, 3)) == 0 else []
    header = Row(cells=[Cell(t, page=1) for t in texts], page=1)
    count = draw(st.integers(0, 8))
    rows = draw(data_rows(width, 1, count))
    if ragged and rows:
        victim = draw(st.integers(0, len(rows) - 1))
        rows[victim].cells = rows[victim].cells[: draw(st.integers(0, width))]
    update_cols = sum(column_role(t) in (ColumnRole.PROGRESS, ColumnRole.RESPONSE) for t in texts)
    table = Table(rows=[*above, header, *rows], page=1, method="generated")
    return Spec(table=table, rec_col=rec_col, update_cols=update_cols, data_rows=count)


def separated(specs: list[Spec]) -> DocumentContent:
    """Tables with a paragraph between each, so none is stitched to another."""
    blocks: list = []
    for spec in specs:
        if blocks:
            blocks.append(Paragraph(text="Between the tables.", page=1))
        blocks.append(spec.table)
    return DocumentContent(path="generated.pdf", format="pdf", pages=1, blocks=blocks)


def words_of(text: str) -> list[str]:
    return text.split()


def test_the_header_variants_have_the_roles_the_properties_assume() -> None:
    assert {column_role(h) for h in RECOMMENDATION_HEADERS} == {ColumnRole.RECOMMENDATION}
    assert {column_role(h) for h in PROGRESS_HEADERS} == {ColumnRole.PROGRESS}
    assert {column_role(h) for h in RESPONSE_HEADERS} == {ColumnRole.RESPONSE}
    assert {column_role(h) for h in STATUS_HEADERS} == {ColumnRole.STATUS}
    assert None not in {column_role(h) for h in OTHER_ROLE_HEADERS}
    assert {column_role(h) for h in PLAIN_HEADERS} == {None}
    assert {column_role(w) for w in WORDS + [CONTINUATION]} == {None}


@PROPERTY_SETTINGS
@given(
    st.lists(st.one_of(tables(ragged=True), tables(recommendation=False), tables(updates=False)), max_size=4),
    st.booleans(),
)
def test_interpreting_any_grid_never_raises(specs: list[Spec], adjacent: bool) -> None:
    blocks = [s.table for s in specs] if adjacent else separated(specs).blocks
    interpret(DocumentContent(path="generated.pdf", format="pdf", pages=1, blocks=blocks))


@PROPERTY_SETTINGS
@given(st.lists(tables(), min_size=1, max_size=3))
def test_every_recommendation_is_non_empty_text_of_its_recommendation_column(specs: list[Spec]) -> None:
    for item in interpret(separated(specs)):
        spec = specs[item.source.table]
        rec_cells = [r.cells[spec.rec_col].text for r in spec.table.rows if spec.rec_col < len(r.cells)]
        own_cell = spec.table.rows[item.source.row].cells[spec.rec_col].text
        assert item.recommendation.strip()
        # It starts with its own row's cell; any more is the rest of a row cut in two.
        assert item.recommendation.startswith(" ".join(own_cell.split()))
        assert set(words_of(item.recommendation)) <= {w for text in rec_cells for w in words_of(text)}


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(tables(recommendation=False), tables(updates=False)), min_size=1, max_size=4), st.booleans())
def test_no_item_comes_from_tables_without_recommendation_and_update_headers(specs: list[Spec], adjacent: bool) -> None:
    blocks = [s.table for s in specs] if adjacent else separated(specs).blocks
    assert interpret(DocumentContent(path="generated.pdf", format="pdf", pages=1, blocks=blocks)) == []


@PROPERTY_SETTINGS
@given(st.lists(tables(), min_size=1, max_size=3))
def test_items_of_a_table_never_outnumber_its_data_rows_times_its_update_columns(specs: list[Spec]) -> None:
    items = interpret(separated(specs))
    for index, spec in enumerate(specs):
        produced = sum(1 for item in items if item.source.table == index)
        assert produced <= spec.data_rows * max(1, spec.update_cols)


@st.composite
def split_tables(draw) -> tuple[DocumentContent, str, str]:
    """One table over two pages: the last row of page 1 is cut mid-sentence and its
    rest, in lower case, opens page 2, under a repeated header or none."""
    texts, rec_col = draw(headers(recommendation=True, updates=True))
    width = len(texts)
    header = Row(cells=[Cell(t, page=1) for t in texts], page=1)
    before = draw(data_rows(width, 1, draw(st.integers(0, 3))))
    start = draw(sentences()).rstrip(".").replace("\n", " ")
    cut = [Cell(text=draw(cell_texts()), page=1) for _ in range(width)]
    cut[rec_col] = Cell(text=start, page=1)
    rest_text = f"{draw(sentences(lowercase_start=True)).rstrip('.')} {CONTINUATION}".replace("\n", " ")
    rest_text = rest_text[0].lower() + rest_text[1:]
    rest = [Cell(text=draw(st.one_of(st.just(""), sentences())), page=2) for _ in range(width)]
    rest[rec_col] = Cell(text=rest_text, page=2)
    after = draw(data_rows(width, 2, draw(st.integers(0, 3))))
    repeat = [Row(cells=[Cell(t, page=2) for t in texts], page=2)] if draw(st.booleans()) else []
    first = Table(rows=[header, *before, Row(cells=cut, page=1)], page=1, method="generated")
    second = Table(rows=[*repeat, Row(cells=rest, page=2), *after], page=2, continues_previous=True, method="generated")
    content = DocumentContent(path="generated.pdf", format="pdf", pages=2, blocks=[first, second])
    return content, start, rest_text


@PROPERTY_SETTINGS
@given(split_tables())
def test_text_continued_across_a_page_break_appears_exactly_once(case) -> None:
    content, start, rest = case
    recommendations = {item.recommendation for item in interpret(content)}
    holding = [r for r in recommendations if CONTINUATION in r]
    assert len(holding) == 1
    assert holding[0].count(CONTINUATION) == 1
    assert holding[0] == f"{start} {rest}"
