"""Tables drawn with whitespace only: columns found from gutters that line up over
several lines, rows from the vertical rhythm of the first column.

Geometry only; which columns matter is the interpreter's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from extractors.content import BBox, Cell, Row, Table
from extractors.text import join_lines

# Two runs of text on one line are separate cells when the gap between them is wider
# than this many font sizes (a word space is about a quarter of one).
GUTTER_IN_FONT_SIZES = 1.0
# Column starts that agree within this many points are one column.
ALIGN_TOLERANCE = 4.0
# A table needs this many lines with text in two or more columns.
MIN_MULTI_COLUMN_LINES = 3


@dataclass
class Segment:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


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
    """Find whitespace-aligned tables among a page's text lines.

    Returns the tables and the lines that are not part of any table.
    """
    parsed = [_Line(line, line["segments"] if "segments" in line else line_segments(line)) for line in lines]
    tables: list[Table] = []
    remaining: list[dict] = []
    index = 0
    while index < len(parsed):
        run = _table_run(parsed, index)
        if run is None:
            remaining.append(parsed[index].source)
            index += 1
            continue
        start, end, columns = run
        table = _grid(parsed[start:end], columns, page_number)
        if table is None:
            remaining.extend(l.source for l in parsed[index:end])
        else:
            remaining.extend(l.source for l in parsed[index:start])
            tables.append(table)
        index = end
    return tables, remaining


def line_segments(line: dict) -> list[Segment]:
    """The runs of text of a line (a pdfplumber-style line with its chars), split
    where the gap is wide enough to be a column gutter."""
    chars = sorted((c for c in line.get("chars", []) if c.get("text")), key=lambda c: c["x0"])
    if not chars:
        return []
    size = median(float(c.get("size", 10.0)) for c in chars)
    gutter = size * GUTTER_IN_FONT_SIZES
    segments: list[list[dict]] = [[chars[0]]]
    for char in chars[1:]:
        if char["x0"] - segments[-1][-1]["x1"] > gutter:
            segments.append([char])
        else:
            segments[-1].append(char)
    out = []
    for group in segments:
        text = _chars_text(group)
        if text:
            out.append(
                Segment(
                    text=text,
                    x0=group[0]["x0"],
                    x1=max(c["x1"] for c in group),
                    top=min(c["top"] for c in group),
                    bottom=max(c["bottom"] for c in group),
                )
            )
    return out


def _chars_text(chars: list[dict]) -> str:
    # Spaces may be missing from the char stream; a gap wider than a fifth of the
    # font size is a word break.
    text = ""
    previous = None
    for char in chars:
        if previous is not None and _same_glyph(char, previous):
            # pdfplumber lists a ligature glyph once per letter it stands for; the
            # glyph is unfolded later, so one copy is enough.
            continue
        if previous is not None and char["x0"] - previous["x1"] > 0.2 * float(char.get("size", 10.0)):
            if not text.endswith(" ") and char["text"] != " ":
                text += " "
        text += char["text"]
        previous = char
    return " ".join(text.split())


def _same_glyph(a: dict, b: dict) -> bool:
    return a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 0.01 and abs(a["top"] - b["top"]) < 0.01


def _table_run(lines: list[_Line], start: int) -> tuple[int, int, list[float]] | None:
    """The span of lines from `start` that forms an aligned table, if one starts here
    (allowing continuation lines before the first multi-column line)."""
    first_multi = None
    for i in range(start, min(start + 8, len(lines))):
        if len(lines[i].segments) >= 2:
            first_multi = i
            break
        if i > start and not _close(lines[i - 1], lines[i]):
            return None
    if first_multi is None:
        return None
    columns = [s.x0 for s in lines[first_multi].segments]
    # Lines before the first multi-column line belong only if they sit in a later
    # column: the tail of a cell carried over from the previous page.
    lead = first_multi
    while lead > start and _in_later_column(lines[lead - 1], columns) and _close(lines[lead - 1], lines[lead]):
        lead -= 1
    if lead != start:
        return None
    end = first_multi + 1
    multi = 1
    while end < len(lines) and _close(lines[end - 1], lines[end]) and _fits(lines[end], columns):
        if len(lines[end].segments) >= 2:
            multi += 1
        end += 1
    if multi < MIN_MULTI_COLUMN_LINES:
        return None
    return start, end, columns


def _close(above: _Line, below: _Line) -> bool:
    height = max(above.bottom - above.top, 1.0)
    return below.top - above.bottom <= 2.2 * height


def _column_of(x0: float, columns: list[float]) -> int | None:
    for i, start in enumerate(columns):
        if abs(x0 - start) <= ALIGN_TOLERANCE:
            return i
    return None


def _fits(line: _Line, columns: list[float]) -> bool:
    """Every run of text starts at a column and none crosses into the next column."""
    if not line.segments:
        return False
    for segment in line.segments:
        col = _column_of(segment.x0, columns)
        if col is None:
            return False
        if col + 1 < len(columns) and segment.x1 > columns[col + 1] - 1:
            return False
    return True


def _in_later_column(line: _Line, columns: list[float]) -> bool:
    return bool(line.segments) and all((_column_of(s.x0, columns) or 0) > 0 for s in line.segments)


def _grid(lines: list[_Line], columns: list[float], page_number: int) -> Table | None:
    """Rows begin where the first column starts again after a line without it, or
    after extra space between lines when the table spaces its rows apart."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]))
    # The line pitch inside a cell is the tightest; rows may be as many as lines.
    typical = pitches[len(pitches) // 5] if pitches else 0.0
    spaced = any(p > 1.5 * typical for p in pitches)
    rows_lines: list[list[_Line]] = []
    previous_had_first = False
    previous: _Line | None = None
    for line in lines:
        has_first = any(_column_of(s.x0, columns) == 0 for s in line.segments)
        gap_before = previous is not None and line.top - previous.top > 1.5 * typical
        # Without extra space between rows, each line that fills the first column
        # is a row of its own (label/value lists, figures).
        new_paragraph = gap_before or not spaced
        starts_row = has_first and (not previous_had_first or new_paragraph or not rows_lines)
        if starts_row or not rows_lines:
            rows_lines.append([])
        rows_lines[-1].append(line)
        previous_had_first = has_first
        previous = line
    rows = [_row(group, columns, page_number) for group in rows_lines]
    if _is_label_block(rows):
        return None
    wrapped = sum(1 for group in rows_lines if len(group) > 1)
    # Label/value lines on a cover page line up too; a table's cells wrap, and its
    # rows are usually set apart by extra space.
    if len(rows) < 2 or wrapped < (1 if spaced else 2):
        return None
    box = BBox(
        min(s.x0 for l in lines for s in l.segments),
        lines[0].top,
        max(s.x1 for l in lines for s in l.segments),
        lines[-1].bottom,
    )
    return Table(rows=rows, page=page_number, bbox=box, method="pdfplumber-unruled")


def _is_label_block(rows: list[Row]) -> bool:
    """"Subject:", "Date:", "Contact:" beside their values: a form, not a table."""
    labels = [r.cells[0].text for r in rows if r.cells and r.cells[0].text]
    return bool(labels) and sum(1 for t in labels if t.rstrip().endswith(":")) >= 0.6 * len(labels)


def _row(lines: list[_Line], columns: list[float], page_number: int) -> Row:
    texts: list[list[str]] = [[] for _ in columns]
    boxes: list[BBox | None] = [None for _ in columns]
    for line in lines:
        for segment in line.segments:
            col = _column_of(segment.x0, columns)
            texts[col].append(segment.text)
            box = BBox(segment.x0, segment.top, segment.x1, segment.bottom)
            boxes[col] = box.union(boxes[col])
    cells = [Cell(text=join_lines(t), page=page_number, bbox=b) for t, b in zip(texts, boxes)]
    return Row(cells=cells, page=page_number)
