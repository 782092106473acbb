"""Tables of any kind the PDF reader meets, beyond council trackers: statistical
tables whose rows are single lines of figures, set out with whitespace only."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from scrutiny.extractors.pdf import read_pdf
from scrutiny.extractors.pdf_unruled import is_figure

LEFTS = (60.0, 200.0, 300.0, 400.0)
PITCH = 12.0


def write_lines(
    path: Path, lines: list[tuple[float, tuple[str, ...]]], size: float = 9, lefts: tuple[float, ...] = LEFTS
) -> Path:
    """A page of text lines, each (points below the previous line, the texts of its
    columns at `lefts`; an empty text leaves its column blank)."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", size)
    y = A4[1] - 80
    for step, texts in lines:
        y -= step
        for left, text in zip(lefts, texts):
            if text:
                canvas.drawString(left, y, text)
    canvas.showPage()
    canvas.save()
    return path


FIGURES = [
    ("1996", "45,611", "39,443", "6,168"),
    ("1997", "46,127", "39,868", "6,259"),
    ("1998", "46,539", "40,205", "6,334"),
    ("1999", "46,857", "40,501", "6,356"),
]
PROJECTED = [
    ("2011", "54,956", "49,636", "5,320"),
    ("2012", "55,091", "49,828", "5,263"),
    ("2013", "55,421", "50,067", "5,354"),
]


def test_lines_of_figures_are_one_row_each_though_groups_are_set_apart(tmp_path):
    lines = [(0, ("Year", "Total", "Public", "Private"))]
    lines += [(PITCH * (2 if i == 0 else 1), row) for i, row in enumerate(FIGURES)]
    lines += [(PITCH * (2 if i == 0 else 1), row) for i, row in enumerate(PROJECTED)]
    path = write_lines(tmp_path / "figures.pdf", lines)

    tables = read_pdf(path).tables()

    assert [[row.texts for row in t.rows] for t in tables] == [
        [["Year", "Total", "Public", "Private"], *map(list, FIGURES), *map(list, PROJECTED)]
    ]


def test_a_row_label_wrapped_below_its_figures_stays_in_its_row(tmp_path):
    lines = [(0, ("Service", "2011", "2012", "2013"))]
    lines += [(PITCH * 2, ("Libraries", "120", "135", "150"))]
    lines += [(PITCH, ("Children's services and", "450", "430", "410")), (PITCH, ("young carers", "", "", ""))]
    lines += [(PITCH * 2, ("Highways", "570", "565", "560"))]
    path = write_lines(tmp_path / "wrapped.pdf", lines)

    table = read_pdf(path).tables()[0]

    assert [row.texts for row in table.rows] == [
        ["Service", "2011", "2012", "2013"],
        ["Libraries", "120", "135", "150"],
        ["Children's services and young carers", "450", "430", "410"],
        ["Highways", "570", "565", "560"],
    ]


def test_figures_as_tables_print_them_are_figures():
    printed = (
        "1,234",
        "-3.5",
        "(12)",
        "45%",
        "£1.2m",
        "7a",
        "—",
        "n/a",
        "2011",
        "45\u201354",
        "(102.7\u2013103.6)",
        "\u226585",
    )
    assert all(is_figure(t) for t in printed)


def test_words_and_dates_are_not_figures():
    assert not any(is_figure(t) for t in ("12 March 2012", "R1", "Green", "Head of Housing", "Q3 2012"))


LEFT_COLUMN = (
    "The survey asked every school in the sample about the",
    "support it gives to pupils who care for a relative at",
    "home, and about the training its staff have had in the",
    "last two years. Most schools answered within a month",
    "of the request and the rest were sent a reminder by the",
    "research team before the end of the spring term.",
)
RIGHT_COLUMN = (
    "Schools that did not answer were compared with those",
    "that did on their size, their phase and the share of",
    "their pupils eligible for free school meals, and no",
    "difference was large enough to change the findings of",
    "the survey, which are set out in the sections that follow",
    "with the figures for each region of the country.",
)


def test_prose_set_in_two_columns_is_paragraphs_not_a_table(tmp_path):
    path = tmp_path / "columns.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 9)
    for i, (left, right) in enumerate(zip(LEFT_COLUMN, RIGHT_COLUMN)):
        y = A4[1] - 80 - i * PITCH
        canvas.drawString(60, y, left)
        canvas.drawString(320, y, right)
    canvas.showPage()
    canvas.save()

    content = read_pdf(path)

    assert content.tables() == []
    assert "research team before the end of the spring term." in " ".join(p.text for p in content.paragraphs())


def test_a_chart_grid_with_a_few_axis_labels_is_not_a_table(tmp_path):
    path = tmp_path / "chart.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    lefts = [100 + 40 * i for i in range(9)]
    for x in lefts:
        canvas.line(x, 500, x, 700)
    for y in (500, 550, 600, 650, 700):
        canvas.line(lefts[0], y, lefts[-1], y)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(104, 680, "2000s")
    canvas.drawString(304, 580, "1980")
    canvas.showPage()
    canvas.save()

    content = read_pdf(path)

    assert content.tables() == []


def test_a_title_over_the_columns_of_a_table_of_figures_is_not_its_first_row(tmp_path):
    title = "Enrolment by year and control of school, in thousands: fall 1996 through fall 1999"
    lines = [(0, ("Table 1.", title)), (PITCH * 2, ("Year", "Total", "Public", "Private"))]
    lines += [(PITCH, row) for row in FIGURES]
    path = write_lines(tmp_path / "titled.pdf", lines)

    content = read_pdf(path)

    assert [[row.texts for row in t.rows] for t in content.tables()] == [
        [["Year", "Total", "Public", "Private"], *map(list, FIGURES)]
    ]
    assert content.paragraphs()[0].text == f"Table 1. {title}"


def test_a_group_heading_between_rows_keeps_a_table_of_figures_whole(tmp_path):
    lines = [(0, ("Region", "2009", "2010", "2011"))]
    lines += [(PITCH, ("Northeast", "485,670", "503,528", "521,015")), (PITCH, ("Maine", "13,278", "13,077", "12,950"))]
    lines += [(PITCH * 3, ("South", "", "", ""))]
    lines += [
        (PITCH * 3, ("Alabama", "36,464", "37,453", "37,918")),
        (PITCH, ("Georgia", "68,550", "70,834", "73,498")),
    ]
    lines += [(PITCH, ("Florida", "131,418", "133,318", "134,686"))]
    path = write_lines(tmp_path / "groups.pdf", lines)

    tables = read_pdf(path).tables()

    assert [[row.texts[0] for row in t.rows] for t in tables] == [
        ["Region", "Northeast", "Maine", "South", "Alabama", "Georgia", "Florida"]
    ]


def test_bullets_beside_their_items_are_a_list_not_a_table(tmp_path):
    items = [
        ("higher levels of support for carers in every school", "in the county"),
        ("lower waiting times for a first assessment by the", "carers service"),
        ("more short breaks offered to young carers over the", "summer months"),
    ]
    lines = []
    for first, rest in items:
        lines += [(PITCH * 2, ("\u2022", first)), (PITCH, ("", rest))]
    path = write_lines(tmp_path / "bullets.pdf", lines)

    assert read_pdf(path).tables() == []


def test_axis_labels_of_a_chart_that_line_up_are_not_a_table(tmp_path):
    lefts = tuple(50.0 + 50 * i for i in range(10))
    ticks = [(str(v), *[""] * 8, str(v)) for v in range(400, 0, -50)]
    months = tuple(f"{m}-0{y}" for y in (8, 9, 10) for m in ("Jan", "Jul", "Oct"))[:10]
    lines = [(PITCH * 2, row) for row in ticks] + [(PITCH * 2, (*months, "Jan-11"))]
    path = write_lines(tmp_path / "axes.pdf", lines, lefts=lefts)

    assert read_pdf(path).tables() == []


def draw_partly_ruled_table(path: Path, prose_beside: bool) -> Path:
    """Figures in a ruled grid; row labels outside the rules on the rows' lines, or,
    with `prose_beside`, a paragraph to the left set at its own line pitch."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 9)
    grid_left, grid_right, first_top = 200.0, 360.0, 700.0
    rows = [("Year", "Finland", "EU-15"), *[(str(1996 + i), f"{3 + i}.1", f"{1 + i}.6") for i in range(5)]]
    tops = [first_top - 18 * i for i in range(len(rows) + 1)]
    for top in tops:
        canvas.line(grid_left, top, grid_right, top)
    for x in (grid_left, 280.0, grid_right):
        canvas.line(x, tops[0], x, tops[-1])
    for top, (label, left, right) in zip(tops, rows):
        if not prose_beside:
            canvas.drawString(130, top - 13, label)
        canvas.drawString(204, top - 13, left)
        canvas.drawString(284, top - 13, right)
    if prose_beside:
        for i in range(9):
            canvas.drawString(80, first_top - 5 - 11.5 * i, "words of a paragraph")
    canvas.showPage()
    canvas.save()
    return path


def test_a_table_ruled_only_round_its_figures_is_read_whole_with_its_row_labels(tmp_path):
    tables = read_pdf(draw_partly_ruled_table(tmp_path / "partly.pdf", prose_beside=False)).tables()

    assert [[row.texts for row in t.rows] for t in tables] == [
        [["Year", "Finland", "EU-15"], *[[str(1996 + i), f"{3 + i}.1", f"{1 + i}.6"] for i in range(5)]]
    ]


def test_a_ruled_table_beside_a_paragraph_stays_a_ruled_table(tmp_path):
    tables = read_pdf(draw_partly_ruled_table(tmp_path / "beside.pdf", prose_beside=True)).tables()

    assert [t.method for t in tables] == ["pdfplumber-ruled"]
    assert tables[0].rows[1].texts == ["3.1", "1.6"]
