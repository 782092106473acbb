"""Tables drawn with whitespace only: columns found from gutters that line up over
several lines, rows from the vertical rhythm of the first column and from lines of
figures (which never wrap, so each is a row of its own).

A run of aligned lines must look like a table to be one: not prose set in columns,
a list of bullets, or a chart's labels spread over a mostly empty grid.

Geometry only; which columns matter is the interpreter's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrutiny.extractors.content import BBox, Cell, Row, Table
from scrutiny.extractors.pdf_geometry import Segment
from scrutiny.extractors.text import join_lines

# Two runs of text on one line are separate cells when the gap between them is wider
# than this many font sizes (a word space is about a quarter of one).
GUTTER_IN_FONT_SIZES = 1.0
# Column starts that agree within this many points are one column.
ALIGN_TOLERANCE = 4.0
# The tail of a cell carried over from the previous page can run this many lines
# before the table's first line with text in two columns.
CARRIED_OVER_LINES = 60
# A table needs this many lines with text in two or more columns.
MIN_MULTI_COLUMN_LINES = 3
# A row starts where the first column's next line comes more than this many line
# pitches below its last: rows are set apart by a little more than lines are.
ROW_GAP_IN_PITCHES = 1.12
# Cells of at least this many words above a non-empty cell tell whether a column's
# text runs on from row to row; with TEXT_FLOW_MIN_PAIRS such pairs and at least
# TEXT_FLOW_SHARE of them running on mid-sentence, the "table" is prose in columns.
TEXT_FLOW_WORDS = 4
TEXT_FLOW_MIN_PAIRS = 4
TEXT_FLOW_SHARE = 0.4
# A table holds text in at least this share of its grid positions.
MIN_FILLED_SHARE = 0.3
_SENTENCE_ENDS = set(".:;!?)")
# A number as tables print it: signed, in a currency, a percentage, a range
# ("45–54", "(102.7–103.6)"), with a footnote letter; or a mark for none ("-", "n/a").
_NUMBER = r"[-+\u2212\u2013<>\u2264\u2265]?\s?[$£€]?\s?\d[\d,.\s]*(?:%|[kmb]n?|[a-z])?"
_FIGURE_RE = re.compile(
    rf"^(?:[(\[]?{_NUMBER}(?:\s?[-\u2013\u2014]\s?{_NUMBER})?[)\]]?|[-\u2013\u2014*\u2020\u2021.]+|n/?a|\(?NA\)?)$",
    re.IGNORECASE,
)


@dataclass
class _Line:
    source: dict
    segments: list[Segment]

    @property
    def top(self) -> float:
        return self.source["top"]

    @property
    def bottom(self) -> float:
        return self.source["bottom"]


def split_unruled_tables(lines: list[dict], page_number: int) -> tuple[list[Table], list[dict]]:
    """Find whitespace-aligned tables among a page's text lines (each with its
    runs of text, "segments", split at gaps of GUTTER_IN_FONT_SIZES).

    Returns the tables and the lines that are not part of any table.
    """
    parsed = [_Line(line, line["segments"]) for line in lines]
    found: list[tuple[Table, list[_Column], int]] = []  # each table, its columns, its end
    outside: list[int] = []  # lines in no table
    index = 0
    while index < len(parsed):
        run = _table_run(parsed, index)
        if run is None or _spans_columns(parsed[index], parsed[index + 1 : run[1]]):
            outside.append(index)
            index += 1
            continue
        start, end, columns = run
        table = _grid(parsed[start:end], columns, page_number)
        if table is None:
            outside.extend(range(index, end))
        elif found and _continues(found[-1], columns, parsed, outside, start):
            previous, previous_columns, previous_end = found[-1]
            between = [i for i in outside if previous_end <= i < start]
            outside = [i for i in outside if i not in between]
            labels = [_row_of(parsed[i], previous_columns, page_number) for i in between]
            previous.rows.extend([*labels, *table.rows])
            previous.bbox = previous.bbox.union(table.bbox)
            found[-1] = (previous, previous_columns, end)
        else:
            found.append((table, columns, end))
        index = end
    for table, columns, _ in found:
        _take_full_rows_above(table, columns, parsed, outside, page_number)
    return [table for table, _, _ in found], [parsed[i].source for i in sorted(outside)]


def _take_full_rows_above(
    table: Table, columns: list[_Column], lines: list[_Line], outside: list[int], page_number: int
) -> None:
    """Lines just above a table that line up with all its columns (a header row, a
    total row in bold) are its first rows."""
    taken = []
    above = [i for i in outside if lines[i].bottom <= table.bbox.top + 1]
    for i in sorted(above, reverse=True):
        line = lines[i]
        top = lines[taken[-1]].top if taken else table.bbox.top
        if top - line.bottom > 2.2 * max(line.bottom - line.top, 1.0) or not _lines_up(line, columns):
            break
        taken.append(i)
    for i in taken:
        outside.remove(i)
        table.rows.insert(0, _row_of(lines[i], columns, page_number))
        table.bbox = table.bbox.union(
            BBox(lines[i].segments[0].x0, lines[i].top, lines[i].segments[-1].x1, lines[i].bottom)
        )


# Lines of text (group labels) that may stand between two parts of one table.
MAX_LABEL_LINES_BETWEEN = 2


def _continues(
    previous: tuple[Table, list[_Column], int],
    columns: list[_Column],
    lines: list[_Line],
    outside: list[int],
    start: int,
) -> bool:
    """Does a table found from line `start` go on with the table found before it: the
    same columns, and between them at most a couple of labels in its first column
    (a group heading such as "South")?"""
    _, previous_columns, previous_end = previous
    if len(columns) != len(previous_columns):
        return False
    if any(a.x1 < b.x0 or b.x1 < a.x0 for a, b in zip(columns, previous_columns)):
        return False
    between = [lines[i] for i in outside if previous_end <= i < start]
    if len(between) != start - previous_end or len(between) > MAX_LABEL_LINES_BETWEEN:
        return False
    return all(
        _lines_up(line, previous_columns)
        or (len(line.segments) == 1 and _column_of(line.segments[0], previous_columns) == 0)
        for line in between
    )


def _lines_up(line: _Line, columns: list[_Column]) -> bool:
    """A line with one run of text in each column, in order: a full row, though a
    run (a wider bold total, say) may reach a little into a gutter."""
    return len(line.segments) == len(columns) and all(
        segment.x0 < column.x1 and segment.x1 > column.x0 for segment, column in zip(line.segments, columns)
    )


def _row_of(line: _Line, columns: list[_Column], page_number: int) -> Row:
    """The row of a line of a table: its runs in the columns they line up with."""
    if not _lines_up(line, columns):
        return _row([line], columns, page_number)
    cells = [Cell(text=s.text, page=page_number, bbox=BBox(s.x0, s.top, s.x1, s.bottom)) for s in line.segments]
    return Row(cells=cells, page=page_number)


def _spans_columns(first: _Line, below: list[_Line]) -> bool:
    """Does a run of text of the first line reach over two runs of one line below,
    with a gutter between them? Then it is a title or a heading over several
    columns: taken as the table's first row it would merge those columns into one."""
    for segment in first.segments:
        for line in below:
            under = [s for s in line.segments if s.x0 < segment.x1 and s.x1 > segment.x0]
            if len(under) >= 2:
                return True
    return False


@dataclass
class _Column:
    """The horizontal extent the text of one column covers, so far."""

    x0: float
    x1: float

    def overlaps(self, segment: Segment) -> bool:
        return segment.x0 < self.x1 + ALIGN_TOLERANCE and segment.x1 > self.x0 - ALIGN_TOLERANCE


def _table_run(lines: list[_Line], start: int) -> tuple[int, int, list[_Column]] | None:
    """The span of lines from `start` that forms an aligned table, if one starts here
    (allowing continuation lines before the first multi-column line).

    Columns are the stretches the lines' runs of text cover, kept apart by gutters
    that no run crosses; a column's text may be left-aligned, centred or right-
    aligned. The table ends at the first line with a run across a gutter."""
    first_multi = None
    for i in range(start, min(start + CARRIED_OVER_LINES, len(lines))):
        if len(lines[i].segments) >= 2:
            first_multi = i
            break
        if i > start and not _close(lines[i - 1], lines[i]):
            return None
    if first_multi is None:
        return None
    columns = [_Column(s.x0, s.x1) for s in lines[first_multi].segments]
    # Lines before the first multi-column line belong only if they are the tail of a
    # cell carried over from the previous page: they sit in a later column, or they
    # open the page and keep within the columns.
    lead = first_multi
    while lead > start and _close(lines[lead - 1], lines[lead]):
        above = lines[lead - 1]
        if not (_in_later_column(above, columns) or (start == 0 and _within_columns(above, columns))):
            break
        lead -= 1
    if lead != start:
        return None
    for line in lines[start:first_multi]:
        columns = _widened(columns, line) or columns
    end = first_multi + 1
    multi = 1
    while end < len(lines) and _close(lines[end - 1], lines[end]):
        widened = _widened(columns, lines[end])
        if widened is None:
            break
        columns = widened
        if len(lines[end].segments) >= 2:
            multi += 1
        end += 1
    if multi < MIN_MULTI_COLUMN_LINES:
        return None
    return start, end, columns


def _widened(columns: list[_Column], line: _Line) -> list[_Column] | None:
    """The columns grown to cover the line's runs of text, or None if a run crosses
    a gutter (it overlaps two columns) or the line has no text."""
    if not line.segments:
        return None
    grown = [_Column(c.x0, c.x1) for c in columns]
    for segment in line.segments:
        touched = [c for c in grown if c.overlaps(segment)]
        if len(touched) > 1:
            return None
        if touched:
            touched[0].x0 = min(touched[0].x0, segment.x0)
            touched[0].x1 = max(touched[0].x1, segment.x1)
        else:
            grown.append(_Column(segment.x0, segment.x1))
    grown.sort(key=lambda c: c.x0)
    if any(a.x1 + ALIGN_TOLERANCE > b.x0 - ALIGN_TOLERANCE for a, b in zip(grown, grown[1:])):
        return None
    return grown


def _close(above: _Line, below: _Line) -> bool:
    height = max(above.bottom - above.top, 1.0)
    return below.top - above.bottom <= 2.2 * height


def _column_of(segment: Segment, columns: list[_Column]) -> int | None:
    for i, column in enumerate(columns):
        if column.overlaps(segment):
            return i
    return None


def _within_columns(line: _Line, columns: list[_Column]) -> bool:
    """Each run of the line lies in one column, clear of the next column's start."""
    if not line.segments:
        return False
    for segment in line.segments:
        touched = [i for i, c in enumerate(columns) if c.overlaps(segment)]
        if len(touched) != 1:
            return False
        following = touched[0] + 1
        if following < len(columns) and segment.x1 > columns[following].x0 - ALIGN_TOLERANCE:
            return False
    return True


def _in_later_column(line: _Line, columns: list[_Column]) -> bool:
    return bool(line.segments) and all((_column_of(s, columns) or 0) > 0 for s in line.segments)


def _grid(lines: list[_Line], columns: list[_Column], page_number: int) -> Table | None:
    """Rows begin where the first column starts a line after more space than the
    lines of a cell are set apart by; in a table without such space, each line that
    fills the first column is a row of its own (label/value lists, figures). A line
    of figures is a record: figures do not wrap, so two records are never one row,
    whatever the spacing."""
    pitch = _line_pitch(lines, columns)
    first_tops = [l.top for l in lines if _fills_first_column(l, columns)]
    spaced = any(b - a > ROW_GAP_IN_PITCHES * pitch for a, b in zip(first_tops, first_tops[1:]))
    records = [_is_record(line, columns) for line in lines]
    rows_lines: list[list[_Line]] = []
    row_has_record = False
    last_first_top: float | None = None
    for line, record in zip(lines, records):
        new_row = record and row_has_record
        if _fills_first_column(line, columns):
            gap = line.top - last_first_top if last_first_top is not None else None
            if gap is None or not spaced or gap > ROW_GAP_IN_PITCHES * pitch:
                new_row = True
            last_first_top = line.top
        if new_row or not rows_lines:
            rows_lines.append([])
            row_has_record = False
        rows_lines[-1].append(line)
        row_has_record = row_has_record or record
    rows = [_row(group, columns, page_number) for group in rows_lines]
    if _is_label_block(rows) or _is_text_flow(rows) or _is_list(rows):
        return None
    wrapped = sum(1 for group in rows_lines if len(group) > 1)
    # Label/value lines on a cover page line up too; a table's cells wrap, and its
    # rows are usually set apart by extra space, or its rows are lines of figures.
    if len(rows) < 2 or (wrapped < (1 if spaced else 2) and sum(records) < MIN_MULTI_COLUMN_LINES):
        return None
    table = Table(rows=rows, page=page_number, method="pdfplumber-unruled")
    # Labels spread over a chart (axis ticks, a legend) line up in columns too, but
    # leave most positions of their grid empty.
    if table.filled_share() < MIN_FILLED_SHARE:
        return None
    box = BBox(
        min(s.x0 for l in lines for s in l.segments),
        lines[0].top,
        max(s.x1 for l in lines for s in l.segments),
        lines[-1].bottom,
    )
    table.bbox = box
    return table


def _is_record(line: _Line, columns: list[_Column]) -> bool:
    """A line with figures (and nothing else) in at least one column after the first."""
    later = [s for s in line.segments if (_column_of(s, columns) or 0) > 0]
    return bool(later) and all(is_figure(s.text) for s in later)


def is_figure(text: str) -> bool:
    """A number as tables print them ("1,234", "-3.5", "(12)", "45%", "£1.2m", "7a"),
    or a mark standing for one ("-", "n/a", "*")."""
    return bool(_FIGURE_RE.match(text.strip()))


def _fills_first_column(line: _Line, columns: list[_Column]) -> bool:
    return any(_column_of(s, columns) == 0 for s in line.segments)


def _line_pitch(lines: list[_Line], columns: list[_Column]) -> float:
    """How far apart the lines of one cell are: the tightest usual step between
    successive lines in the same column. (Lines of different columns can sit at
    offset heights, so steps between neighbouring lines of the page mislead.)"""
    steps = []
    for col in range(len(columns)):
        tops = [l.top for l in lines if any(_column_of(s, columns) == col for s in l.segments)]
        steps.extend(b - a for a, b in zip(tops, tops[1:]) if b > a)
    if not steps:
        return 0.0
    steps.sort()
    return steps[len(steps) // 5]


def _is_list(rows: list[Row]) -> bool:
    """Bullets beside their items: a list, not a table."""
    marks = [r.cells[0].text.replace(" ", "") for r in rows if r.cells and r.cells[0].text]
    return len(rows[0].cells) == 2 and bool(marks) and all(len(m) <= 2 and not _has_ascii_alnum(m) for m in marks)


def _has_ascii_alnum(text: str) -> bool:
    return any(ch.isascii() and ch.isalnum() for ch in text)


def _is_text_flow(rows: list[Row]) -> bool:
    """Prose set in columns, not a table: the text of a column runs on from one
    "row" into the next mid-sentence, where a table's cells end with their rows."""
    pairs = running_on = 0
    for upper, lower in zip(rows, rows[1:]):
        for above, below in zip(upper.cells, lower.cells):
            if len(above.text.split()) < TEXT_FLOW_WORDS or not below.text:
                continue
            pairs += 1
            running_on += above.text[-1] not in _SENTENCE_ENDS and below.text[0].islower()
    return pairs >= TEXT_FLOW_MIN_PAIRS and running_on >= TEXT_FLOW_SHARE * pairs


def _is_label_block(rows: list[Row]) -> bool:
    """ "Subject:", "Date:", "Contact:" beside their values: a form, not a table."""
    labels = [r.cells[0].text for r in rows if r.cells and r.cells[0].text]
    return bool(labels) and sum(1 for t in labels if t.rstrip().endswith(":")) >= 0.6 * len(labels)


def _row(lines: list[_Line], columns: list[_Column], page_number: int) -> Row:
    texts: list[list[str]] = [[] for _ in columns]
    boxes: list[BBox | None] = [None for _ in columns]
    for line in lines:
        for segment in line.segments:
            col = _column_of(segment, columns)
            texts[col].append(segment.text)
            box = BBox(segment.x0, segment.top, segment.x1, segment.bottom)
            boxes[col] = box.union(boxes[col])
    cells = [Cell(text=join_lines(t), page=page_number, bbox=b) for t, b in zip(texts, boxes)]
    return Row(cells=cells, page=page_number)
