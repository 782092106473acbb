"""Page geometry read with PDFium: characters with their boxes and fonts, and the
straight edges of drawn lines and rectangles.

PDFium reads a page an order of magnitude faster than pdfminer, which pdfplumber
builds on. The objects here have pdfplumber's shapes (dicts with x0, x1, top,
bottom, ... in points from the top-left corner), so pdfplumber's table finder and
text helpers run on them unchanged.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder, TableSettings

# Two ruling lines this close (points) in one direction are one edge to the table finder.
EDGE_TOLERANCE = 1.0
# A ruled grid's column rules running this far (points) past its outermost row rule
# leave its end row open.
OPEN_GRID_OVERHANG = 3.0
# Narrower than this (points), the space between two rules is no table column.
MIN_COLUMN_WIDTH = 10.0
# Spaces and controls are not glyphs. Word gaps are measured from glyph positions
# (as pdfplumber does), which also drops the spaces and breaks PDFium generates; a
# space the PDF itself holds marks the glyph after it (see text_lines).
_NOT_GLYPHS = {0x0, 0x9, 0xA, 0xD, 0x20, 0xA0, 0xFFFE, 0xFFFF}
_SPACES = {0x20, 0xA0}
# PDFium reports a hyphen that ends a line as U+0002.
_LINE_END_HYPHEN = 0x2
_BOLD_WEIGHT = 600
# Font names that are resource labels ("F1", "TT2", "C0_1", "CIDFont+F3"), not
# family and style names.
_ANONYMOUS_FONT_RE = re.compile(r"^(|[A-Z]{1,3}\d+(_\d+)?|CIDFont)$")


@dataclass
class PageGeometry:
    """What the readers need of one page. `chars`, `edges` and `bbox` are what
    pdfplumber's table finder asks a page for."""

    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    # Boxes of the page's images: a page that is one big image is a scan.
    images: list[dict] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    @property
    def cropbox(self) -> tuple[float, float, float, float]:
        # PDFium measures the page from its crop box already.
        return self.bbox

    def may_hold_ruled_table(self) -> bool:
        """At least two horizontal and two vertical edges: the least a grid needs."""
        horizontal = sum(1 for e in self.edges if e["orientation"] == "h")
        vertical = len(self.edges) - horizontal
        return horizontal >= 2 and vertical >= 2

    def find_tables(self):
        """pdfplumber's ruled-table finder, run on this page's edges and chars, with
        grids left open at the top or foot of the page closed first."""
        closing = closing_rules(self.edges)
        page = replace(self, edges=self.edges + closing) if closing else self
        return TableFinder(page, TableSettings.resolve(None)).tables

    def cell_texts(self, table) -> list[list[str | None]]:
        """The text of each cell of a found table (None where a spanning cell
        extends), lines joined by newlines.

        Each glyph is placed once, by its centre, instead of testing every glyph
        against every row as pdfplumber's Table.extract does."""
        x0, top, x1, bottom = table.bbox
        inside = [
            c for c in self.chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
        ]
        rows = table.rows
        cells = [(r, i, box) for r, row in enumerate(rows) for i, box in enumerate(row.cells) if box is not None]
        placed: dict[tuple[int, int], list[dict]] = {(r, i): [] for r, i, _ in cells}
        for char in inside:
            cx = (char["x0"] + char["x1"]) / 2
            cy = (char["top"] + char["bottom"]) / 2
            for r, i, (bx0, btop, bx1, bbottom) in cells:
                if bx0 <= cx < bx1 and btop <= cy < bbottom:
                    placed[(r, i)].append(char)
                    break
        return [
            [
                None if box is None else "\n".join(line["text"] for line in text_lines(placed[(r, i)]))
                for i, box in enumerate(row.cells)
            ]
            for r, row in enumerate(rows)
        ]


def read_geometry(page: pdfium.PdfPage, number: int) -> PageGeometry:
    """The page as it reads: glyphs, rules and images measured from the top-left
    corner of the page turned so that its text runs left to right.

    PDFium gives positions in the page's own (unrotated) space. A page stored with
    /Rotate, or one whose text is set sideways, reads turned: measured unturned,
    its words come out reversed and its tables transposed. The turn is settled here,
    once, for every reader downstream (text, rules, tables, OCR)."""
    rotation = page.get_rotation() % 360
    width, height = (float(v) for v in page.get_size())
    if rotation in (90, 270):  # get_size() is the displayed size
        width, height = height, width
    geometry = PageGeometry(number=number, width=width, height=height)
    textpage = page.get_textpage()
    try:
        geometry.chars = _chars(textpage, height)
        turn = reading_turn(_glyph_angles(textpage), rotation)
    finally:
        textpage.close()
    _collect_edges(page, geometry)
    return turned(geometry, turn)


# Glyphs whose direction is sampled to tell which way a page's text runs.
DIRECTION_SAMPLE = 256


def _glyph_angles(textpage: pdfium.PdfTextPage) -> list[float]:
    """Directions (degrees, as PDFium measures them: 270 for text running up the
    unrotated page) of up to DIRECTION_SAMPLE glyphs spread over the page."""
    raw = textpage.raw
    count = textpage.count_chars()
    step = max(1, count // DIRECTION_SAMPLE)
    angles = []
    for index in range(0, count, step):
        if pdfium_c.FPDFText_GetUnicode(raw, index) in _NOT_GLYPHS:
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index)
        if angle >= 0:
            angles.append(math.degrees(angle))
    return angles


def reading_turn(glyph_angles: list[float], rotation: int) -> int:
    """How far (degrees clockwise, a multiple of 90) the unrotated page is turned to
    read: the way most of its glyphs run, or, on a page without text (a scan), the
    page's /Rotate, as a viewer shows it and as it renders for OCR."""
    if not glyph_angles:
        return rotation % 360
    quarters = Counter(round(a / 90) % 4 for a in glyph_angles)
    quarter = max(quarters, key=lambda q: (quarters[q], q == 0))
    return (360 - 90 * quarter) % 360


def turned(geometry: PageGeometry, turn: int) -> PageGeometry:
    """The geometry of an unrotated page (top-left origin) as seen turned `turn`
    degrees clockwise."""
    if turn % 360 == 0:
        return geometry
    width, height = geometry.width, geometry.height
    quarter = turn % 360 == 90 or turn % 360 == 270

    def box(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        if turn % 360 == 90:
            return height - bottom, x0, height - top, x1
        if turn % 360 == 180:
            return width - x1, height - bottom, width - x0, height - top
        return top, width - x1, bottom, width - x0

    for char in geometry.chars:
        x0, top, x1, bottom = box(char["x0"], char["top"], char["x1"], char["bottom"])
        char.update(x0=x0, x1=x1, top=top, bottom=bottom, doctop=top, width=x1 - x0, height=bottom - top)
    for image in geometry.images:
        x0, top, x1, bottom = box(image["x0"], image["top"], image["x1"], image["bottom"])
        image.update(x0=x0, x1=x1, top=top, bottom=bottom)
    edges = []
    for edge in geometry.edges:
        orientation = edge["orientation"]
        if quarter:
            orientation = "v" if orientation == "h" else "h"
        edges.append(ruling_edge(orientation, *box(edge["x0"], edge["top"], edge["x1"], edge["bottom"])))
    return replace(
        geometry,
        width=height if quarter else width,
        height=width if quarter else height,
        edges=edges,
    )


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[dict]:
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_object = pdfium_c.FPDFText_GetTextObject
    # Size and font belong to the text object a glyph is drawn by; one lookup
    # per object rather than per glyph.
    fonts: dict[int, tuple[float, str]] = {}
    chars = []
    spaced = False
    for index in range(textpage.count_chars()):
        code = get_unicode(raw, index)
        if code in _SPACES and not pdfium_c.FPDFText_IsGenerated(raw, index):
            spaced = True
        if code in _NOT_GLYPHS or not get_box(raw, index, box):
            continue
        text_object = get_object(raw, index)
        key = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        font = fonts.get(key)
        if font is None:
            font = fonts[key] = _font(raw, index, text_object)
        top = height - box.top
        bottom = height - box.bottom
        chars.append(
            {
                "object_type": "char",
                "text": "-" if code == _LINE_END_HYPHEN else chr(code),
                "x0": box.left,
                "x1": box.right,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": box.right - box.left,
                "height": bottom - top,
                "size": font[0],
                "fontname": font[1],
                "upright": True,
                "space_before": spaced,
            }
        )
        spaced = False
    return chars


def _font(raw_textpage, index: int, text_object) -> tuple[float, str]:
    """Font size and name of a glyph; a bold weight is marked in the name as a PDF
    font name would say it (",Bold").

    The size is as printed: some producers (cairo, for one) set every font at 1 pt
    and scale it with the text matrix, which PDFium's font size leaves out."""
    size = pdfium_c.FPDFText_GetFontSize(raw_textpage, index)
    matrix = pdfium_c.FS_MATRIX()
    if text_object and pdfium_c.FPDFPageObj_GetMatrix(text_object, ctypes.byref(matrix)):
        scale = math.hypot(matrix.c, matrix.d)
        if scale > 0:
            size *= scale
    size = round(size, 2)
    weight = pdfium_c.FPDFText_GetFontWeight(raw_textpage, index)
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(raw_textpage, index, buffer, len(buffer), flags)
    name = buffer.value.decode("utf-8", "replace") if length else ""
    # A font's name says whether it is bold ("Arial-BoldMT"); the weight PDFium
    # reports is partly guessed from stem widths, and some producers' regular faces
    # come out heavy, so it counts only when the name is a bare resource label.
    if weight >= _BOLD_WEIGHT and _ANONYMOUS_FONT_RE.match(name.rsplit("+", 1)[-1]):
        name += ",Bold"
    return size, name


def _collect_edges(page: pdfium.PdfPage, geometry: PageGeometry) -> None:
    for obj in page.get_objects(max_depth=0):
        _edges_of(obj.raw, _IDENTITY, geometry)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _edges_of(raw_obj, parent: tuple, geometry: PageGeometry) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(raw_obj)
    matrix = _compose(_matrix(raw_obj), parent)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        for i in range(pdfium_c.FPDFFormObj_CountObjects(raw_obj)):
            _edges_of(pdfium_c.FPDFFormObj_GetObject(raw_obj, i), matrix, geometry)
    elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        corners = [_apply(matrix, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        geometry.images.append(
            {"x0": min(xs), "x1": max(xs), "top": geometry.height - max(ys), "bottom": geometry.height - min(ys)}
        )
    elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        for (x0, y0), (x1, y1) in _segments(raw_obj, matrix):
            _add_edge(geometry, x0, y0, x1, y1)


def _apply(matrix: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _matrix(raw_obj) -> tuple:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw_obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _segments(raw_obj, matrix: tuple):
    """Straight segments of a path, in page space; curves are skipped."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    for i in range(pdfium_c.FPDFPath_CountSegments(raw_obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw_obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            yield previous, point
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None and previous != start:
            yield previous, start
            previous = start


def _add_edge(geometry: PageGeometry, x0: float, y0: float, x1: float, y1: float) -> None:
    height = geometry.height
    if abs(y0 - y1) <= EDGE_TOLERANCE and abs(x1 - x0) > EDGE_TOLERANCE:
        left, right = sorted((x0, x1))
        top = height - (y0 + y1) / 2
        geometry.edges.append(ruling_edge("h", left, top, right, top))
    elif abs(x0 - x1) <= EDGE_TOLERANCE and abs(y1 - y0) > EDGE_TOLERANCE:
        low, high = sorted((y0, y1))
        x = (x0 + x1) / 2
        geometry.edges.append(ruling_edge("v", x, height - high, x, height - low))


def closing_rules(edges: list[dict]) -> list[dict]:
    """Row rules that close ruled grids left open at an end.

    When a row is cut by a page break, some word processors draw no rule above its
    remainder on the next page (or below its start): the column rules run on past
    the grid's last row rule to the text's edge. pdfplumber's finder keeps only
    closed cells, so that text would fall out of the table. Where at least three
    column rules (two columns) stop at the same height beyond a row rule that runs
    across all of them, a rule is drawn across their ends."""
    horizontals = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    heights = [h["top"] for h in horizontals]
    open_tops: dict[float, list[dict]] = {}
    open_bottoms: dict[float, list[dict]] = {}
    for rule in edges:
        if rule["orientation"] != "v":
            continue
        # Only the row rules at heights the column rule spans can cross it.
        first = bisect_left(heights, rule["top"] - OPEN_GRID_OVERHANG)
        last = bisect_right(heights, rule["bottom"] + OPEN_GRID_OVERHANG)
        crossings = [h["top"] for h in horizontals[first:last] if _crosses(h, rule)]
        if not crossings:
            continue
        if min(crossings) - rule["top"] > OPEN_GRID_OVERHANG:
            _add_to_level(open_tops, rule["top"], rule)
        if rule["bottom"] - max(crossings) > OPEN_GRID_OVERHANG:
            _add_to_level(open_bottoms, rule["bottom"], rule)
    closing = []
    for level, rules in (*open_tops.items(), *open_bottoms.items()):
        left = min(rules, key=lambda r: r["x0"])
        right = max(rules, key=lambda r: r["x0"])
        if _column_count(rules) >= 2 and any(_crosses(h, left) and _crosses(h, right) for h in horizontals):
            closing.append(ruling_edge("h", left["x0"], level, right["x0"], level))
    return closing


def _crosses(row_rule: dict, column_rule: dict) -> bool:
    x = column_rule["x0"]
    return (
        row_rule["x0"] - OPEN_GRID_OVERHANG <= x <= row_rule["x1"] + OPEN_GRID_OVERHANG
        and column_rule["top"] - OPEN_GRID_OVERHANG <= row_rule["top"] <= column_rule["bottom"] + OPEN_GRID_OVERHANG
    )


def _column_count(column_rules: list[dict]) -> int:
    """Columns between the rules, not counting gaps too narrow to hold a word: a
    rule drawn as a thin box has two edges, and glyphs drawn as paths have many."""
    xs = sorted(r["x0"] for r in column_rules)
    return sum(1 for a, b in zip(xs, xs[1:]) if b - a >= MIN_COLUMN_WIDTH)


def _add_to_level(levels: dict[float, list[dict]], height: float, rule: dict) -> None:
    """File a rule under a height already seen within the edge tolerance, or a new one."""
    for level, rules in levels.items():
        if abs(level - height) <= EDGE_TOLERANCE:
            rules.append(rule)
            return
    levels[height] = [rule]


def ruling_edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    """A drawn rule as the edge dict pdfplumber's table finder reads."""
    return {
        "object_type": "line",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def starts_word(previous: dict, char: dict) -> bool:
    """Is there a word break between two neighbouring glyphs of a line? Yes where the
    PDF put a space, or where the gap is wider than a fifth of the font size (spaces
    may be missing from the char stream)."""
    return bool(char.get("space_before")) or char["x0"] - previous["x1"] > 0.2 * max(float(char.get("size", 10.0)), 1.0)


def text_lines(chars: list[dict], line_tolerance: float = 3.0) -> list[dict]:
    """Chars grouped into lines, top to bottom, in pdfplumber's extract_text_lines
    shape (text, x0, x1, top, bottom, chars). A space is put before a glyph the PDF
    put a space before, and where the gap between two glyphs is wider than a fifth of
    the font size: an italic glyph's box can reach over the space after it."""
    lines: list[list[dict]] = []
    previous_top = None
    # A line goes on while each glyph's top is within the tolerance of the one before
    # (in top order), not of the line's first: glyph boxes of one line can differ by
    # a hair, and a fixed reference could cut a line at the hair.
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and char["top"] - previous_top <= line_tolerance:
            lines[-1].append(char)
        else:
            lines.append([char])
        previous_top = char["top"]
    out = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text = []
        previous = None
        for char in line:
            if previous is not None and char["text"] != " " and text and text[-1] != " ":
                if starts_word(previous, char):
                    text.append(" ")
            text.append(char["text"])
            previous = char
        joined = "".join(text).strip()
        glyphs = [c for c in line if not c["text"].isspace()]
        if not joined or not glyphs:
            continue
        out.append(
            {
                "text": " ".join(joined.split()),
                "x0": min(c["x0"] for c in glyphs),
                "x1": max(c["x1"] for c in glyphs),
                "top": min(c["top"] for c in glyphs),
                "bottom": max(c["bottom"] for c in glyphs),
                "chars": glyphs,
            }
        )
    return out
