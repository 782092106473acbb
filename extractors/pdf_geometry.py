"""Page geometry read with PDFium: characters with their boxes and fonts, and the
straight edges of drawn lines and rectangles.

PDFium reads a page an order of magnitude faster than pdfminer, which pdfplumber
builds on. Glyphs are read into arrays (two bare calls into PDFium per glyph, no
other Python work per glyph), and lines, word breaks, column gutters and
table cells are worked out over whole arrays. Edges have pdfplumber's shape (dicts
with x0, x1, top, bottom, ... in points from the top-left corner), so pdfplumber's
table finder runs on them unchanged.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field, fields, replace
from itertools import groupby, repeat
from operator import itemgetter

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import Table as PlumberTable
from pdfplumber.table import TableFinder, TableSettings, cells_to_tables, edges_to_intersections

# Two ruling lines this close (points) in one direction are one edge to the table finder.
EDGE_TOLERANCE = 1.0
# A ruled grid's column rules running this far (points) past its outermost row rule
# leave its end row open.
OPEN_GRID_OVERHANG = 3.0
# Between two figures, a gap of this share of the gutter is a gutter too.
FIGURE_GUTTER_SHARE = 0.5
_FIGURE_ENDS = frozenset("0123456789)%")
_FIGURE_STARTS = frozenset("0123456789($£€")
# Narrower than this (points), the space between two rules is no table column.
MIN_COLUMN_WIDTH = 10.0
# Spaces and controls are not glyphs. Word gaps are measured from glyph positions
# (as pdfplumber does), which also drops the spaces and breaks PDFium generates; a
# space the PDF itself holds marks the glyph after it (see text_lines).
_NOT_GLYPHS = (0x0, 0x9, 0xA, 0xD, 0x20, 0xA0, 0xFFFE, 0xFFFF)
_SPACES = (0x20, 0xA0)
# What each code of the Basic Multilingual Plane is to the reader, as bit flags;
# codes beyond it are glyphs. A whitespace glyph (as Python sees it) spaces words
# but bounds no line.
_NOT_GLYPH, _SPACE, _WHITESPACE = 1, 2, 4


def _code_kinds() -> np.ndarray:
    kinds = np.zeros(0x10000, dtype=np.uint8)
    kinds[list(_NOT_GLYPHS)] |= _NOT_GLYPH
    kinds[list(_SPACES)] |= _SPACE
    kinds[[code for code in range(0x10000) if chr(code).isspace()]] |= _WHITESPACE
    kinds.flags.writeable = False
    return kinds


_CODE_KINDS = _code_kinds()


def _kinds(codes: np.ndarray) -> np.ndarray:
    """The flags of each code (see _CODE_KINDS)."""
    inside = codes < len(_CODE_KINDS)
    return np.where(inside, _CODE_KINDS[np.where(inside, codes, 0)], 0).astype(np.uint8)


# PDFium reports a hyphen that ends a line as U+0002.
_LINE_END_HYPHEN = 0x2
_BOLD_WEIGHT = 600
# Font names that are resource labels ("F1", "TT2", "C0_1", "CIDFont+F3"), not
# family and style names.
_ANONYMOUS_FONT_RE = re.compile(r"^(|[A-Z]{1,3}\d+(_\d+)?|CIDFont)$")


@dataclass(frozen=True)
class Glyphs:
    """Glyphs as parallel arrays, one entry per glyph, so that lines, word breaks and
    table cells are worked out over whole arrays rather than one glyph at a time.

    Boxes are in points from the page's top-left corner; `space_before` marks a glyph
    the PDF put a space before; `blank` a glyph whose text is whitespace (it spaces
    words but bounds no line)."""

    text: np.ndarray  # of str
    x0: np.ndarray
    x1: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    size: np.ndarray
    fontname: np.ndarray  # of str
    space_before: np.ndarray
    blank: np.ndarray
    # The way each glyph's text runs: the clockwise turn (0, 90, 180 or 270 degrees)
    # of the unrotated page that sets it upright.
    turn: np.ndarray

    def __len__(self) -> int:
        return len(self.x0)

    def take(self, index: np.ndarray) -> Glyphs:
        return Glyphs(*(getattr(self, f.name)[index] for f in fields(self)))

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2

    @classmethod
    def from_dicts(cls, chars: list[dict]) -> Glyphs:
        """Glyphs from pdfplumber-shaped char dicts (OCR words, small test inputs)."""
        texts = [c["text"] for c in chars]
        return cls(
            text=_object_array(texts),
            x0=np.array([c["x0"] for c in chars], dtype=float),
            x1=np.array([c["x1"] for c in chars], dtype=float),
            top=np.array([c["top"] for c in chars], dtype=float),
            bottom=np.array([c["bottom"] for c in chars], dtype=float),
            size=np.array([float(c.get("size", 10.0)) for c in chars], dtype=float),
            fontname=_object_array([str(c.get("fontname", "")) for c in chars]),
            space_before=np.array([bool(c.get("space_before")) for c in chars], dtype=bool),
            blank=np.array([t.isspace() for t in texts], dtype=bool),
            turn=np.array([int(c.get("turn", 0)) for c in chars], dtype=np.int64),
        )

    def as_dicts(self) -> list[dict]:
        """The glyphs as pdfplumber-shaped char dicts."""
        return [
            {
                "object_type": "char",
                "text": text,
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": x1 - x0,
                "height": bottom - top,
                "size": size,
                "fontname": fontname,
                "upright": True,
                "space_before": space_before,
            }
            for text, x0, x1, top, bottom, size, fontname, space_before in zip(
                self.text.tolist(),
                self.x0.tolist(),
                self.x1.tolist(),
                self.top.tolist(),
                self.bottom.tolist(),
                self.size.tolist(),
                self.fontname.tolist(),
                self.space_before.tolist(),
            )
        ]


def _object_array(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


NO_GLYPHS = Glyphs.from_dicts([])


@dataclass
class PageGeometry:
    """What the readers need of one page. `edges` and `bbox` are what pdfplumber's
    table finder asks a page for (its default, ruled settings never read the page's
    chars)."""

    number: int
    width: float
    height: float
    glyphs: Glyphs = NO_GLYPHS
    edges: list[dict] = field(default_factory=list)
    # Boxes of the page's images: a page that is one big image is a scan.
    images: list[dict] = field(default_factory=list)
    # Glyphs running another way than the page's text (see read_geometry).
    sideways: Glyphs = NO_GLYPHS
    # How far (degrees clockwise) the page's own space is turned to read it.
    turn: int = 0

    @property
    def chars(self) -> list[dict]:
        """The glyphs as pdfplumber-shaped char dicts."""
        return self.glyphs.as_dicts()

    @chars.setter
    def chars(self, chars: list[dict]) -> None:
        self.glyphs = Glyphs.from_dicts(chars)

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

    def find_tables(self) -> list[FoundTable]:
        """pdfplumber's ruled-table finder, run on this page's edges, with grids left
        open at the top or foot of the page closed first."""
        closing = closing_rules(self.edges)
        page = replace(self, edges=self.edges + closing) if closing else self
        finder = _RuledTableFinder(page, TableSettings.resolve(None))
        return [FoundTable(table.bbox, table.rows) for table in finder.tables]

    def glyphs_in(self, x0: float, top: float, x1: float, bottom: float) -> Glyphs:
        """The glyphs whose centres lie in a box (left and top edges included, right
        and bottom edges not)."""
        cx, cy = self.glyphs.centres()
        return self.glyphs.take(np.flatnonzero((x0 <= cx) & (cx < x1) & (top <= cy) & (cy < bottom)))

    def cell_texts(self, table: FoundTable, sideways: list[dict]) -> list[list[str | None]]:
        """The text of each cell of a found table (None where a spanning cell
        extends), lines joined by newlines. `sideways` are the page's sideways
        lines (see sideways_lines).

        Each glyph is placed once, by its centre, in the first cell (row by row)
        that holds it; the lines of all cells are then built in one pass."""
        x0, top, x1, bottom = table.bbox
        inside = self.glyphs_in(x0, top, x1, bottom)
        rows = table.rows
        cells = [(r, i, box) for r, row in enumerate(rows) for i, box in enumerate(row.cells) if box is not None]
        placed = _place(inside, [box for _, _, box in cells])
        held = np.flatnonzero(placed >= 0)
        texts: dict[tuple[int, int], list[str]] = {(r, i): [] for r, i, _ in cells}
        for line in text_lines(inside.take(held), groups=placed[held]):
            r, i, _ = cells[line["group"]]
            texts[(r, i)].append(line["text"])
        # A header set sideways over a narrow column is read in its own direction.
        for line in sideways:
            lx, ly = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
            for r, i, (bx0, btop, bx1, bbottom) in cells:
                if bx0 <= lx < bx1 and btop <= ly < bbottom:
                    texts[(r, i)].append(line["text"])
                    break
        return [
            [None if box is None else "\n".join(texts[(r, i)]) for i, box in enumerate(row.cells)]
            for r, row in enumerate(rows)
        ]


class _RuledTableFinder(TableFinder):
    """pdfplumber's table finder, its steps run as its own constructor runs them,
    but for the step from rule crossings to cells (see smallest_cells)."""

    def __init__(self, page, settings: TableSettings) -> None:
        self.page = page
        self.settings = settings
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance
        )
        self.cells = smallest_cells(self.intersections)
        self.tables = [PlumberTable(self.page, cells) for cells in cells_to_tables(self.cells)]

    def get_edges(self) -> list[dict]:
        settings = self.settings
        if (settings.vertical_strategy, settings.horizontal_strategy) != ("lines", "lines") or (
            settings.explicit_vertical_lines or settings.explicit_horizontal_lines
        ):
            return super().get_edges()
        return merged_rules(self.page.edges, settings)


def merged_rules(edges: list[dict], settings: TableSettings) -> list[dict]:
    """The rules pdfplumber's table finder works from, as its get_edges makes them
    from ruling lines: rules too short dropped, those within the snap tolerance of
    one another (in chains) moved to their mean position, those in line joined
    where they meet or nearly, and the short again dropped. Each step makes the
    same numbers in the same order, without a new dict for each rule at each step.

    Each rule is a dict of its orientation and box."""
    least = getattr(settings, "edge_min_length_prefilter", 1)
    columns = [e for e in edges if e["orientation"] == "v" and e["height"] >= least]
    rows = [e for e in edges if e["orientation"] == "h" and e["width"] >= least]
    # (orientation, position of the line it lies on, start, end, length, far side)
    # of each snapped rule, in the order snapping leaves them (by cluster).
    snapped: list[tuple[str, float, float, float, float, float]] = []
    for index, shift in _snapped([e["x0"] for e in columns], settings.snap_x_tolerance):
        rule = columns[index]
        snapped.append(("v", rule["x0"] + shift, rule["top"], rule["bottom"], rule["height"], rule["x1"] + shift))
    for index, shift in _snapped([e["top"] for e in rows], settings.snap_y_tolerance):
        rule = rows[index]
        snapped.append(("h", rule["top"] + shift, rule["x0"], rule["x1"], rule["width"], rule["bottom"] + shift))
    merged = []
    for (orientation, _), in_line in groupby(sorted(snapped, key=itemgetter(0, 1)), key=itemgetter(0, 1)):
        tolerance = settings.join_x_tolerance if orientation == "h" else settings.join_y_tolerance
        for rule in _joined_rules(list(in_line), orientation, tolerance):
            if rule[4] >= settings.edge_min_length:
                merged.append(_rule_dict(rule))
    return merged


def _snapped(positions: list[float], tolerance: float) -> list[tuple[int, float]]:
    """(index, shift) of each position, cluster by cluster: positions chained
    within `tolerance` of the next form a cluster, each moved by its mean minus
    itself (summed in list order, as pdfplumber sums)."""
    values = sorted(set(positions))
    clusters: list[list[float]] = []
    for value in values:
        if clusters and tolerance != 0 and len(values) >= 2 and value <= clusters[-1][-1] + tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    cluster_of = {value: number for number, cluster in enumerate(clusters) for value in cluster}
    members: list[list[int]] = [[] for _ in clusters]
    for index, position in enumerate(positions):
        members[cluster_of[position]].append(index)
    shifts = []
    for indices in members:
        if not indices:
            continue
        mean = sum(positions[i] for i in indices) / len(indices)
        shifts.extend((i, mean - positions[i]) for i in indices)
    return shifts


def _joined_rules(rules: list[tuple], orientation: str, tolerance: float) -> list[tuple]:
    """Rules along one line joined where each starts within `tolerance` of the end
    of those before it (pdfplumber's join_edge_group): (orientation, position,
    start, end, length, far side)."""
    ordered = sorted(rules, key=itemgetter(2))
    joined = [ordered[0]]
    for rule in ordered[1:]:
        last = joined[-1]
        if rule[2] <= last[3] + tolerance:
            if rule[3] > last[3]:
                # A row rule's length is its end less its start; a column rule's
                # grows by what its end moved.
                length = rule[3] - last[2] if orientation == "h" else last[4] + (rule[3] - last[3])
                joined[-1] = (*last[:3], rule[3], length, last[5])
        else:
            joined.append(rule)
    return joined


def _rule_dict(rule: tuple) -> dict:
    orientation, position, start, end, _, far = rule
    if orientation == "h":
        return {"orientation": "h", "x0": start, "x1": end, "top": position, "bottom": far}
    return {"orientation": "v", "x0": position, "x1": far, "top": start, "bottom": end}


def smallest_cells(crossings: dict[tuple, dict[str, list[dict]]]) -> list[tuple]:
    """The cells rule crossings describe, as pdfplumber's table finder defines them:
    for each crossing in (x, top) order, the first rectangle (trying the crossings
    below it nearest first, and for each those to its right nearest first) whose
    corners are crossings joined along its sides by common rules.

    Each crossing's rules are made into sets once, and the crossings below and to
    the right of each are looked up rather than searched for among all the rest, so
    a page of a thousand crossings takes milliseconds."""
    points = sorted(crossings)
    columns = {point: {_rule_box(rule) for rule in crossings[point]["v"]} for point in points}
    rows = {point: {_rule_box(rule) for rule in crossings[point]["h"]} for point in points}

    def joined(one: tuple, other: tuple) -> bool:
        if one[0] == other[0] and not columns[one].isdisjoint(columns[other]):
            return True
        return one[1] == other[1] and not rows[one].isdisjoint(rows[other])

    at_x: dict[float, list[int]] = {}
    at_y: dict[float, list[int]] = {}
    for index, point in enumerate(points):
        at_x.setdefault(point[0], []).append(index)
        at_y.setdefault(point[1], []).append(index)
    cells = []
    for index, point in enumerate(points):
        same_x, same_y = at_x[point[0]], at_y[point[1]]
        below = [points[i] for i in same_x[bisect_right(same_x, index) :]]
        right = [points[i] for i in same_y[bisect_right(same_y, index) :]]
        cell = _first_cell(point, below, right, crossings, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _first_cell(point: tuple, below: list[tuple], right: list[tuple], crossings: dict, joined) -> tuple | None:
    for below_point in below:
        if not joined(point, below_point):
            continue
        for right_point in right:
            if not joined(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in crossings and joined(corner, right_point) and joined(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None


def _rule_box(rule: dict) -> tuple:
    return (rule["x0"], rule["top"], rule["x1"], rule["bottom"])


@dataclass(frozen=True)
class FoundTable:
    """A table pdfplumber's finder found: its box and its rows of cell boxes (None
    where a spanning cell extends), worked out once."""

    bbox: tuple[float, float, float, float]
    rows: list


def _place(glyphs: Glyphs, boxes: list[tuple[float, float, float, float]]) -> np.ndarray:
    """The number of the first box (x0, top, x1, bottom) that holds each glyph's
    centre (left and top edges included), -1 for none.

    Glyphs are sorted by height once, so each box looks only at the glyphs at its
    heights."""
    cx, cy = glyphs.centres()
    order = np.argsort(cy, kind="stable")
    by_height, across = cy[order], cx[order]
    placed = np.full(len(glyphs), -1)
    if not boxes:
        return placed
    tops = np.searchsorted(by_height, [box[1] for box in boxes], side="left")
    bottoms = np.searchsorted(by_height, [box[3] for box in boxes], side="left")
    for number, ((bx0, _, bx1, _), low, high) in enumerate(zip(boxes, tops.tolist(), bottoms.tolist())):
        if low >= high:
            continue
        held, x = placed[low:high], across[low:high]
        held[(held < 0) & (bx0 <= x) & (x < bx1)] = number
    in_glyph_order = np.empty_like(placed)
    in_glyph_order[order] = placed
    return in_glyph_order


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
        glyphs = _glyphs(textpage, height)
    finally:
        textpage.close()
    turn = reading_turn(glyphs.turn, rotation)
    # Glyphs set another way (a chart's axis title, a label up the margin) would
    # read as a letter per line among the page's own lines: they are kept apart.
    upright = glyphs.turn == turn
    geometry.glyphs = glyphs.take(np.flatnonzero(upright))
    geometry.sideways = glyphs.take(np.flatnonzero(~upright))
    _collect_edges(page, geometry)
    return turned(geometry, turn)


def _address(pointer) -> int:
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


# PDFium's per-glyph calls, declared on plain addresses: a call per glyph is
# unavoidable (PDFium has no call for many glyph boxes at once), so it is kept to
# the bare foreign call, writing straight into an array.
_GET_LOOSE_CHAR_BOX = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    _address(pdfium_c.FPDFText_GetLooseCharBox)
)
# Addresses as plain numbers (0 for none), so that they go straight into an array.
_GET_TEXT_OBJECT = ctypes.PYFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFText_GetTextObject)
)
_TEXT_OBJECT_FONT = ctypes.PYFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p)(_address(pdfium_c.FPDFTextObj_GetFont))
_OBJECT_MATRIX = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(
    _address(pdfium_c.FPDFPageObj_GetMatrix)
)
_FONT_SIZE = ctypes.PYFUNCTYPE(ctypes.c_double, ctypes.c_void_p, ctypes.c_int)(_address(pdfium_c.FPDFText_GetFontSize))
_IS_GENERATED = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)(_address(pdfium_c.FPDFText_IsGenerated))
_PATH_COUNT_SEGMENTS = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(_address(pdfium_c.FPDFPath_CountSegments))
_PATH_GET_SEGMENT = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFPath_GetPathSegment)
)
_PAGE_COUNT_OBJECTS = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(_address(pdfium_c.FPDFPage_CountObjects))
_PAGE_GET_OBJECT = ctypes.PYFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFPage_GetObject)
)
_FORM_COUNT_OBJECTS = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(_address(pdfium_c.FPDFFormObj_CountObjects))
_FORM_GET_OBJECT = ctypes.PYFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFFormObj_GetObject)
)
_OBJECT_TYPE = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(_address(pdfium_c.FPDFPageObj_GetType))
_SEGMENT_GET_POINT = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)(
    _address(pdfium_c.FPDFPathSegment_GetPoint)
)
_SEGMENT_GET_TYPE = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(_address(pdfium_c.FPDFPathSegment_GetType))
_SEGMENT_GET_CLOSE = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(_address(pdfium_c.FPDFPathSegment_GetClose))
# The whole page's text in one call gives this code where a glyph's own code may be
# another (the hyphen that ends a line, U+0002): such glyphs are asked one by one.
_AMBIGUOUS_IN_PAGE_TEXT = 0xFFFE


def _glyphs(textpage: pdfium.PdfTextPage, height: float) -> Glyphs:
    raw = textpage.raw
    handle = _address(raw)
    count = textpage.count_chars()
    codes = _codes(raw, count)
    kinds = _kinds(codes)
    # A space the PDF holds (not one PDFium generated) marks the glyph after it.
    spaces = np.flatnonzero(kinds & _SPACE)
    generated = np.array(list(map(_IS_GENERATED, repeat(handle), spaces.tolist())), dtype=bool)
    real_spaces = spaces[~generated].astype(np.int64) if len(spaces) else np.array([], dtype=np.int64)
    candidates = np.flatnonzero((kinds & _NOT_GLYPH) == 0)
    boxes = np.zeros((len(candidates), 4), dtype=np.float32)  # left, top, right, bottom
    # Each glyph's box is written to its own row of `boxes`.
    rows_at = (boxes.ctypes.data + boxes.strides[0] * np.arange(len(candidates), dtype=np.int64)).tolist()
    found = np.array(
        list(map(_GET_LOOSE_CHAR_BOX, repeat(handle), candidates.tolist(), rows_at)),
        dtype=bool,
    )
    indices = candidates[found] if len(candidates) else candidates
    boxes = boxes[found]
    objects = np.array(list(map(_GET_TEXT_OBJECT, repeat(handle), indices.tolist())), dtype=np.uint64)
    # Size and font belong to the text object a glyph is drawn by; one lookup
    # per object rather than per glyph, and a font's name and weight once per font.
    _, first, font_of = np.unique(objects, return_index=True, return_inverse=True)
    faces: dict[int, str] = {}
    matrix = pdfium_c.FS_MATRIX()  # filled in for each text object in turn
    fonts = [
        _font(raw, handle, index, text_object, faces, matrix)
        for index, text_object in zip(indices[first].tolist(), objects[first].tolist())
    ]
    glyph_codes = codes[indices]
    spaced_before = np.searchsorted(real_spaces, indices)
    space_before = np.empty(len(indices), dtype=bool)
    if len(indices):
        space_before[0] = spaced_before[0] > 0
        space_before[1:] = spaced_before[1:] > spaced_before[:-1]
    left, box_top, right, box_bottom = (boxes[:, k].astype(float) for k in range(4))
    text = _texts(glyph_codes)
    return Glyphs(
        text=text,
        x0=left,
        x1=right,
        top=height - box_top,
        bottom=height - box_bottom,
        size=np.array([size for size, _, _ in fonts], dtype=float)[font_of].reshape(-1),
        fontname=_object_array([name for _, name, _ in fonts])[font_of].reshape(-1),
        space_before=space_before,
        blank=(kinds[indices] & _WHITESPACE) > 0,
        turn=np.array([turn for _, _, turn in fonts], dtype=np.int64)[font_of].reshape(-1),
    )


def _character_table() -> np.ndarray:
    """The text of each code below U+3000 (all alphabets but the East Asian ones,
    punctuation and symbols), for codes to become text over a whole array."""
    table = _object_array([chr(code) for code in range(0x3000)])
    table[_LINE_END_HYPHEN] = "-"
    table.flags.writeable = False
    return table


_CHARACTERS = _character_table()


def _texts(codes: np.ndarray) -> np.ndarray:
    """The text of each glyph code; PDFium's line-end hyphen is a hyphen."""
    beyond = codes >= len(_CHARACTERS)
    texts = _CHARACTERS[np.where(beyond, 0, codes)]
    for at in np.flatnonzero(beyond).tolist():
        texts[at] = chr(int(codes[at]))
    return texts


def reading_turn(glyph_turns: np.ndarray, rotation: int) -> int:
    """How far (degrees clockwise, a multiple of 90) the unrotated page is turned to
    read: the way most of its glyphs run, or, on a page without text (a scan), the
    page's /Rotate, as a viewer shows it and as it renders for OCR."""
    turns, counts = np.unique(np.asarray(glyph_turns, dtype=np.int64), return_counts=True)
    if not len(turns):
        return rotation % 360
    # Ties go to upright text.
    return int(max(zip(turns.tolist(), counts.tolist()), key=lambda tc: (tc[1], tc[0] == 0))[0])


def turned(geometry: PageGeometry, turn: int) -> PageGeometry:
    """The geometry of a page (top-left origin) as seen turned `turn` degrees
    clockwise."""
    turn %= 360
    if turn == 0:
        return geometry
    width, height = geometry.width, geometry.height
    quarter = turn in (90, 270)

    def glyphs_turned(glyphs: Glyphs) -> Glyphs:
        x0, top, x1, bottom = _turned_box(glyphs.x0, glyphs.top, glyphs.x1, glyphs.bottom, turn, width, height)
        return replace(glyphs, x0=x0, x1=x1, top=top, bottom=bottom)

    images = []
    for image in geometry.images:
        x0, top, x1, bottom = _turned_box(image["x0"], image["top"], image["x1"], image["bottom"], turn, width, height)
        images.append({**image, "x0": x0, "x1": x1, "top": top, "bottom": bottom})
    edges = []
    for edge in geometry.edges:
        orientation = edge["orientation"]
        if quarter:
            orientation = "v" if orientation == "h" else "h"
        box = _turned_box(edge["x0"], edge["top"], edge["x1"], edge["bottom"], turn, width, height)
        edges.append(ruling_edge(orientation, *box))
    return replace(
        geometry,
        width=height if quarter else width,
        height=width if quarter else height,
        glyphs=glyphs_turned(geometry.glyphs),
        sideways=glyphs_turned(geometry.sideways),
        edges=edges,
        images=images,
        turn=(geometry.turn + turn) % 360,
    )


def _turned_box(x0, top, x1, bottom, turn: int, width: float, height: float):
    """A box (x0, top, x1, bottom: numbers or arrays) on a width x height page, on the
    page turned `turn` degrees clockwise."""
    if turn == 90:
        return height - bottom, x0, height - top, x1
    if turn == 180:
        return width - x1, height - bottom, width - x0, height - top
    if turn == 270:
        return top, width - x1, bottom, width - x0
    return x0, top, x1, bottom


def sideways_lines(glyphs: Glyphs, page: PageGeometry) -> list[dict]:
    """Lines of glyphs that run another way than the page's text, each read in its
    own direction, with its box on the page (as text_lines gives lines)."""
    out = []
    for glyph_turn in np.unique(glyphs.turn).tolist():
        relative = (glyph_turn - page.turn) % 360
        group = PageGeometry(
            page.number, page.width, page.height, glyphs=glyphs.take(np.flatnonzero(glyphs.turn == glyph_turn))
        )
        group = turned(group, relative)
        back = (360 - relative) % 360
        for line in text_lines(group.glyphs):
            x0, top, x1, bottom = _turned_box(
                line["x0"], line["top"], line["x1"], line["bottom"], back, group.width, group.height
            )
            out.append({**line, "x0": x0, "x1": x1, "top": top, "bottom": bottom})
    return sorted(out, key=lambda line: (line["top"], line["x0"]))


def _codes(raw_textpage, count: int) -> np.ndarray:
    """The Unicode code of every character of a text page, read in one call where the
    page's text allows it."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw_textpage, 0, count, buffer) if count else 0
    codes = np.frombuffer(buffer, dtype=np.uint16, count=count).astype(np.uint32)
    # A character beyond the Basic Multilingual Plane takes two UTF-16 units, and
    # every code after it would be one place out: such a page is read one by one.
    if written != count + 1 or np.any((codes >= 0xD800) & (codes < 0xE000)):
        return np.array([pdfium_c.FPDFText_GetUnicode(raw_textpage, i) for i in range(count)], dtype=np.uint32)
    for index in np.flatnonzero(codes == _AMBIGUOUS_IN_PAGE_TEXT).tolist():
        codes[index] = pdfium_c.FPDFText_GetUnicode(raw_textpage, index)
    return codes


def _font(
    raw_textpage, handle: int, index: int, text_object: int, faces: dict[int, str], matrix: pdfium_c.FS_MATRIX
) -> tuple[float, str, int]:
    """Font size, name and direction (the clockwise turn, a multiple of 90 degrees,
    that sets it upright) of a glyph; a bold weight is marked in the name as a PDF
    font name would say it (",Bold"). `handle` is the text page's address, `faces`
    keeps the names of the page's fonts found so far (by font), `matrix` is room
    for the text object's matrix.

    The size is as printed: some producers (cairo, for one) set every font at 1 pt
    and scale it with the text matrix, which PDFium's font size leaves out."""
    size = _FONT_SIZE(handle, index)
    turn = 0
    if text_object and _OBJECT_MATRIX(text_object, ctypes.addressof(matrix)):
        scale = math.hypot(matrix.c, matrix.d)
        if scale > 0:
            size *= scale
        turn = round(math.degrees(math.atan2(matrix.b, matrix.a)) / 90) % 4 * 90
    size = round(size, 2)
    # Name and weight are the font's, which many text objects share.
    font = _TEXT_OBJECT_FONT(text_object) if text_object else 0
    name = faces.get(font) if font else None
    if name is None:
        name = _face(raw_textpage, index)
        if font:
            faces[font] = name
    return size, name, turn


def _face(raw_textpage, index: int) -> str:
    """The name of a glyph's font, ",Bold" added for a bold face the name does not
    tell of."""
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
    return name


def _collect_edges(page: pdfium.PdfPage, geometry: PageGeometry) -> None:
    handle = _address(page.raw)
    objects = list(map(_PAGE_GET_OBJECT, repeat(handle), range(_PAGE_COUNT_OBJECTS(handle))))
    _edges_of(objects, _IDENTITY, geometry)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _edges_of(objects: list[int], parent: tuple, geometry: PageGeometry) -> None:
    """The rules and images drawn by page objects (their addresses), in order, those
    of a form object's own objects where it stands."""
    for raw_obj, kind in zip(objects, map(_OBJECT_TYPE, objects)):
        # Text, most of a page's objects, draws no rules.
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        matrix = _compose(_matrix(raw_obj), parent)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = list(map(_FORM_GET_OBJECT, repeat(raw_obj), range(_FORM_COUNT_OBJECTS(raw_obj))))
            _edges_of(inner, matrix, geometry)
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


def _matrix(raw_obj: int) -> tuple:
    m = pdfium_c.FS_MATRIX()
    if not _OBJECT_MATRIX(raw_obj, ctypes.addressof(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _segments(path: int, matrix: tuple):
    """Straight segments of a path (its address), in page space; curves are skipped."""
    a, b, c, d, e, f = matrix
    count = _PATH_COUNT_SEGMENTS(path)
    segments = list(map(_PATH_GET_SEGMENT, repeat(path), range(count)))
    # Each segment's point is written to its own pair of floats.
    points = (ctypes.c_float * (2 * count))()
    x_at = ctypes.addressof(points)
    step = 2 * ctypes.sizeof(ctypes.c_float)
    found = list(
        map(
            _SEGMENT_GET_POINT,
            segments,
            range(x_at, x_at + step * count, step),
            range(x_at + step // 2, x_at + step * count, step),
        )
    )
    kinds = list(map(_SEGMENT_GET_TYPE, segments))
    closes = list(map(_SEGMENT_GET_CLOSE, segments))
    coordinates = points[:]
    start = previous = None
    for i in range(count):
        if not found[i]:
            continue
        x, y = coordinates[2 * i], coordinates[2 * i + 1]
        point_xy = (a * x + c * y + e, b * x + d * y + f)
        kind = kinds[i]
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = previous = point_xy
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            yield previous, point_xy
        previous = point_xy
        if closes[i] and start is not None and previous != start:
            yield previous, start
            previous = start


def _add_edge(geometry: PageGeometry, x0: float, y0: float, x1: float, y1: float) -> None:
    height = geometry.height
    if abs(y0 - y1) <= EDGE_TOLERANCE and abs(x1 - x0) > EDGE_TOLERANCE:
        left, right = (x0, x1) if x0 <= x1 else (x1, x0)
        top = height - (y0 + y1) / 2
        geometry.edges.append(ruling_edge("h", left, top, right, top))
    elif abs(x0 - x1) <= EDGE_TOLERANCE and abs(y1 - y0) > EDGE_TOLERANCE:
        low, high = (y0, y1) if y0 <= y1 else (y1, y0)
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
    columns = [e for e in edges if e["orientation"] == "v"]
    open_tops: dict[float, list[dict]] = {}
    open_bottoms: dict[float, list[dict]] = {}
    if horizontals and columns:
        highest, lowest, crossed = _crossings(horizontals, columns)
        tops = np.array([rule["top"] for rule in columns], dtype=float)
        bottoms = np.array([rule["bottom"] for rule in columns], dtype=float)
        for index in np.flatnonzero(crossed & (highest - tops > OPEN_GRID_OVERHANG)).tolist():
            _add_to_level(open_tops, columns[index]["top"], columns[index])
        for index in np.flatnonzero(crossed & (bottoms - lowest > OPEN_GRID_OVERHANG)).tolist():
            _add_to_level(open_bottoms, columns[index]["bottom"], columns[index])
    closing = []
    for level, rules in (*open_tops.items(), *open_bottoms.items()):
        left = min(rules, key=lambda r: r["x0"])
        right = max(rules, key=lambda r: r["x0"])
        if _column_count(rules) >= 2 and any(_crosses(h, left) and _crosses(h, right) for h in horizontals):
            closing.append(ruling_edge("h", left["x0"], level, right["x0"], level))
    return closing


# Column rules times row rules weighed at once, at most: a page of thousands of
# rules (a chart drawn in strokes) is weighed in parts.
_CROSSINGS_AT_ONCE = 1 << 20


def _crossings(row_rules: list[dict], column_rules: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each column rule: the height of the highest and of the lowest row rule
    that crosses it (see _crosses), and whether any does."""
    row_tops = np.array([rule["top"] for rule in row_rules], dtype=float)
    row_from = np.array([rule["x0"] for rule in row_rules], dtype=float) - OPEN_GRID_OVERHANG
    row_to = np.array([rule["x1"] for rule in row_rules], dtype=float) + OPEN_GRID_OVERHANG
    x = np.array([rule["x0"] for rule in column_rules], dtype=float)[:, None]
    reach_up = np.array([rule["top"] for rule in column_rules], dtype=float)[:, None] - OPEN_GRID_OVERHANG
    reach_down = np.array([rule["bottom"] for rule in column_rules], dtype=float)[:, None] + OPEN_GRID_OVERHANG
    highest = np.full(len(column_rules), np.inf)
    lowest = np.full(len(column_rules), -np.inf)
    crossed = np.zeros(len(column_rules), dtype=bool)
    step = max(1, _CROSSINGS_AT_ONCE // len(row_rules))
    for start in range(0, len(column_rules), step):
        part = slice(start, start + step)
        crosses = (
            (row_from <= x[part]) & (x[part] <= row_to) & (reach_up[part] <= row_tops) & (row_tops <= reach_down[part])
        )
        highest[part] = np.where(crosses, row_tops, np.inf).min(axis=1)
        lowest[part] = np.where(crosses, row_tops, -np.inf).max(axis=1)
        crossed[part] = crosses.any(axis=1)
    return highest, lowest, crossed


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


def object_box(x0: float, top: float, x1: float, bottom: float) -> dict:
    """The position keys pdfplumber reads on a page object (a glyph, a rule), in
    points from the page's top left; pages are read one at a time, so doctop is top."""
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}


@dataclass
class Segment:
    """A run of text on a line, set apart from the next by a gutter."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def starts_word(gap: np.ndarray, size: np.ndarray, space_before: np.ndarray) -> np.ndarray:
    """Is there a word break before each glyph, given the gap from the glyph before it
    on its line? Yes where the PDF put a space, or where the gap is wider than a fifth
    of the font size (spaces may be missing from the char stream)."""
    return space_before | (gap > 0.2 * np.maximum(size, 1.0))


def text_lines(
    chars: Glyphs | list[dict],
    line_tolerance: float = 3.0,
    groups: np.ndarray | None = None,
    gutter_in_font_sizes: float | None = None,
) -> list[dict]:
    """Glyphs grouped into lines, top to bottom, each a dict with its text, box
    (x0, x1, top, bottom) and the size and boldness of its first glyph.

    A space is put before a glyph the PDF put a space before, and where the gap
    between two glyphs is wider than a fifth of the font size: an italic glyph's box
    can reach over the space after it. With `groups` (a number per glyph, the cell it
    lies in, say) lines never join glyphs of two groups, lines come group by group,
    and each carries its "group". With `gutter_in_font_sizes` each line also carries
    its "segments": its runs of text split where the gap between glyphs is wider
    than that many times the line's median font size."""
    glyphs = chars if isinstance(chars, Glyphs) else Glyphs.from_dicts(chars)
    count = len(glyphs)
    if count == 0:
        return []
    # A line goes on while each glyph's top is within the tolerance of the one before
    # (in top order), not of the line's first: glyph boxes of one line can differ by
    # a hair, and a fixed reference could cut a line at the hair.
    order = _sort_order(glyphs.top, glyphs.x0)
    if groups is not None:
        order = order[np.argsort(groups[order], kind="stable")]
    new_line = np.ones(count, dtype=bool)
    new_line[1:] = ~(np.diff(glyphs.top[order]) <= line_tolerance)
    if groups is not None:
        ordered_groups = groups[order]
        new_line[1:] |= ordered_groups[1:] != ordered_groups[:-1]
    line_of = np.cumsum(new_line) - 1
    # Left to right within each line (a stable sort keeps glyphs at one x in order).
    order = order[_sort_order(line_of, glyphs.x0[order])]
    line = glyphs.take(order)
    starts = np.flatnonzero(new_line)
    breaks = np.zeros(count, dtype=bool)
    breaks[1:] = starts_word(line.x0[1:] - line.x1[:-1], line.size[1:], line.space_before[1:])
    raw_texts = _joined(line.text, breaks, starts)

    printed = ~line.blank
    if not printed.any():
        return []
    glyph_counts = np.add.reduceat(printed.astype(np.int64), starts)
    x0 = np.minimum.reduceat(np.where(printed, line.x0, np.inf), starts)
    x1 = np.maximum.reduceat(np.where(printed, line.x1, -np.inf), starts)
    top = np.minimum.reduceat(np.where(printed, line.top, np.inf), starts)
    bottom = np.maximum.reduceat(np.where(printed, line.bottom, -np.inf), starts)
    printed_at = np.flatnonzero(printed)
    first_printed = printed_at[np.minimum(np.searchsorted(printed_at, starts), len(printed_at) - 1)]
    segments = (
        _runs(line, printed_at, line_of, gutter_in_font_sizes, len(starts))
        if gutter_in_font_sizes is not None
        else None
    )
    # Each line's figures as Python values, taken from the arrays at once.
    counts, x0s, x1s, tops, bottoms = (values.tolist() for values in (glyph_counts, x0, x1, top, bottom))
    sizes = line.size[first_printed].tolist()
    fontnames = line.fontname[first_printed].tolist()
    line_groups = ordered_groups[starts].tolist() if groups is not None else None
    out = []
    for number, raw in enumerate(raw_texts):
        words = raw.split()
        if not words or not counts[number]:
            continue
        result = {
            "text": " ".join(words),
            "x0": x0s[number],
            "x1": x1s[number],
            "top": tops[number],
            "bottom": bottoms[number],
            "size": round(sizes[number], 1),
            "bold": "bold" in str(fontnames[number]).lower(),
        }
        if line_groups is not None:
            result["group"] = line_groups[number]
        if segments is not None:
            result["segments"] = segments[number]
        out.append(result)
    return out


def _sort_order(primary: np.ndarray, secondary: np.ndarray) -> np.ndarray:
    """The stable order by one key, then by another: np.lexsort((secondary,
    primary)), several times faster done as one sort of complex numbers whose
    parts are the two keys (which order as pairs do, NaN apart)."""
    if np.isnan(primary).any() or np.isnan(secondary).any():
        return np.lexsort((secondary, primary))
    keys = np.empty(len(primary), dtype=complex)
    keys.real = primary
    keys.imag = secondary
    return np.argsort(keys, kind="stable")


def _joined(texts: np.ndarray, breaks: np.ndarray, starts: np.ndarray) -> list[str]:
    """The text of each run of glyphs beginning at `starts`, a space before each
    glyph marked in `breaks`."""
    separators = np.full(len(texts), "", dtype=object)
    separators[breaks] = " "
    separators[starts[1:]] = "\n"
    parts = np.empty(2 * len(texts), dtype=object)
    parts[0::2] = separators
    parts[1::2] = texts
    joined = "".join(parts[1:].tolist()).split("\n")
    if len(joined) == len(starts):
        return joined
    # A glyph that is itself a line break (only ever from outside PDFium) splits the
    # page's text in other places too: join each run on its own.
    ends = [*starts[1:].tolist(), len(texts)]
    return ["".join(parts[2 * s + 1 : 2 * e].tolist()) for s, e in zip(starts.tolist(), ends)]


def _runs(
    line: Glyphs, printed_at: np.ndarray, line_of: np.ndarray, gutter_in_font_sizes: float, lines: int
) -> list[list[Segment]]:
    """The runs of text of each line, split where the gap between two glyphs is wider
    than the gutter (in the line's median font size)."""
    out: list[list[Segment]] = [[] for _ in range(lines)]
    if not len(printed_at):
        return out
    glyphs = line.take(printed_at)
    owner = line_of[printed_at]
    count = len(glyphs)
    line_starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    line_sizes = np.diff(np.r_[line_starts, count])
    # The median font size of each line, from the sizes sorted within lines.
    sizes = glyphs.size[_sort_order(owner, glyphs.size)]
    middle = (sizes[line_starts + (line_sizes - 1) // 2] + sizes[line_starts + line_sizes // 2]) / 2
    gutter = np.repeat(middle * gutter_in_font_sizes, line_sizes)
    new_segment = np.ones(count, dtype=bool)
    gaps = glyphs.x0[1:] - glyphs.x1[:-1]
    new_segment[1:] = (owner[1:] != owner[:-1]) | (gaps > gutter[1:])
    # Figures side by side are never one number: between two figures ("1,271.7",
    # "(1,098.9–1,444.5)") a narrower gap is a gutter (columns of wide figures and
    # bold totals stand closer than a font size).
    text = glyphs.text
    for at in np.flatnonzero(~new_segment[1:] & (gaps > FIGURE_GUTTER_SHARE * gutter[1:])).tolist():
        new_segment[at + 1] = text[at] in _FIGURE_ENDS and text[at + 1] in _FIGURE_STARTS
    segment_starts = np.flatnonzero(new_segment)
    kept = _without_repeated_glyphs(glyphs, new_segment)
    # Word breaks are measured from the last glyph kept.
    kept_at = np.flatnonzero(kept)
    shown = glyphs.take(kept_at)
    shown_starts = np.flatnonzero(new_segment[kept_at])
    breaks = np.zeros(len(kept_at), dtype=bool)
    breaks[1:] = starts_word(shown.x0[1:] - shown.x1[:-1], shown.size[1:], shown.space_before[1:])
    texts = _joined(shown.text, breaks, shown_starts)
    owners = owner[segment_starts].tolist()
    x0s = glyphs.x0[segment_starts].tolist()
    x1s = np.maximum.reduceat(glyphs.x1, segment_starts).tolist()
    tops = np.minimum.reduceat(glyphs.top, segment_starts).tolist()
    bottoms = np.maximum.reduceat(glyphs.bottom, segment_starts).tolist()
    for number, text in enumerate(texts):
        text = " ".join(text.split())
        if text:
            out[owners[number]].append(
                Segment(text=text, x0=x0s[number], x1=x1s[number], top=tops[number], bottom=bottoms[number])
            )
    return out


def _without_repeated_glyphs(glyphs: Glyphs, new_segment: np.ndarray) -> np.ndarray:
    """Which glyphs to keep: a PDF may list a ligature glyph once per letter it
    stands for at one spot; the glyph is unfolded later, so one copy is enough.

    A glyph is a copy of the last one kept in its segment when it has the same text
    at the same place (within a hundredth of a point)."""
    kept = np.ones(len(glyphs), dtype=bool)
    same = np.zeros(len(glyphs), dtype=bool)
    same[1:] = (
        ~new_segment[1:]
        & (glyphs.text[1:] == glyphs.text[:-1])
        & (np.abs(glyphs.x0[1:] - glyphs.x0[:-1]) < 0.01)
        & (np.abs(glyphs.top[1:] - glyphs.top[:-1]) < 0.01)
    )
    if not same.any():
        return kept
    # Copies are rare: walk the segments that hold one, glyph by glyph.
    segment_starts = np.flatnonzero(new_segment)
    segment_ends = np.r_[segment_starts[1:], len(glyphs)]
    for start, end in zip(segment_starts.tolist(), segment_ends.tolist()):
        if not same[start:end].any():
            continue
        last = start
        for index in range(start + 1, end):
            if (
                glyphs.text[index] == glyphs.text[last]
                and abs(glyphs.x0[index] - glyphs.x0[last]) < 0.01
                and abs(glyphs.top[index] - glyphs.top[last]) < 0.01
            ):
                kept[index] = False
            else:
                last = index
    return kept
