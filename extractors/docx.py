"""Read a Word .docx into DocumentContent with python-docx, walking the body in
order so headings and tables keep their context.

Text is gathered from the XML rather than python-docx's `.text`, which misses
content controls, hyperlinks in older versions, fields and text boxes. What Word
would print is what is read: tracked insertions and moved-to text are kept,
deletions and moved-from text are not, a field gives its result and never its
instruction, and list numbers Word draws in front of numbered paragraphs are put
back in front of their text, as they are in the PDF of the same paper.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from scrutiny.extractors.content import (
    Block,
    Cell,
    DocumentContent,
    DocumentProperties,
    Paragraph,
    Picture,
    Row,
    Table,
)
from scrutiny.extractors.errors import UnreadableDocument, describe_exception
from scrutiny.extractors.limits import check_zip_parts
from scrutiny.extractors.ocr import image_file_words
from scrutiny.extractors.text import normalise_spaces, unfold_ligatures

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_R = qn("w:r")
_T = qn("w:t")
_TAB = qn("w:tab")
_PTAB = qn("w:ptab")
_BR = qn("w:br")
_CR = qn("w:cr")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_FLD_CHAR = qn("w:fldChar")
_TXBX_CONTENT = qn("w:txbxContent")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_CUSTOM_XML = qn("w:customXml")
_VAL = qn("w:val")

# Elements whose content is never printed text: properties, field instructions,
# deleted and moved-away runs, and the Fallback copy of an mc:AlternateContent,
# which repeats its Choice (a text box in both DrawingML and VML).
_NOT_PRINTED = frozenset(
    {
        qn("w:pPr"),
        qn("w:rPr"),
        qn("w:sdtPr"),
        qn("w:sdtEndPr"),
        qn("w:del"),
        qn("w:moveFrom"),
        qn("w:delText"),
        qn("w:instrText"),
        qn("w:delInstrText"),
        f"{_MC}Fallback",
    }
)


def read_docx(path: str | Path) -> DocumentContent:
    path = Path(path)
    if path.stat().st_size == 0:
        raise UnreadableDocument("the file is empty (0 bytes)")
    with open(path, "rb") as handle:
        if handle.read(len(_OLE_SIGNATURE)) == _OLE_SIGNATURE:
            # Word encrypts a password-protected .docx inside an OLE compound file.
            raise UnreadableDocument(
                "Word document is password-protected (encrypted), or is a legacy .doc with a .docx name"
            )
    check_zip_parts(path)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise UnreadableDocument("not a Word document (the file is not a .docx package)") from exc
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument("not a Word document (the file is not a valid zip)") from exc
    except KeyError as exc:
        raise UnreadableDocument("not a Word document (the zip holds no word/document.xml)") from exc
    except (ValueError, etree.XMLSyntaxError) as exc:
        raise UnreadableDocument(f"Word document is damaged ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # python-docx fails on a malformed package in many ways
        raise UnreadableDocument(f"Word document is damaged ({describe_exception(exc)})") from exc
    body_element = getattr(document.element, "body", None)
    if body_element is None:
        raise UnreadableDocument("Word document is damaged (its main part holds no document body)")

    styles = _Styles(document)
    body = _BodyReader(styles, _Numbering(_numbering_root(document), styles))
    header_parts = _header_parts(document)
    headers = [(part, root) for part in header_parts if (root := _xml_root(part)) is not None]
    return DocumentContent(
        path=str(path),
        format="docx",
        pages=_page_count(document),
        blocks=body.blocks(body_element),
        properties=_properties(document),
        furniture=_furniture(document, headers, styles),
        links=_links(document, header_parts),
        pictures=_pictures(document, headers, body_element),
    )


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _BodyReader:
    """Blocks from a body-like container (the body, a cell, a text box), in order.

    One reader serves a whole document because list numbering runs on through
    tables and text boxes in the order Word lays them out.
    """

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self._styles = styles
        self._numbering = numbering

    def blocks(self, container, in_cell: bool = False) -> list[Block]:
        found: list[Block] = []
        self._walk(container, found, in_cell)
        return found

    def _walk(self, container, blocks: list[Block], in_cell: bool) -> None:
        for child in container.iterchildren():
            if child.tag == _P:
                self._paragraph(child, blocks, in_cell)
            elif child.tag == _TBL:
                table = self._table(child)
                if table.rows:
                    blocks.append(table)
            else:
                inner = _wrapped_content(child)
                if inner is not None:
                    self._walk(inner, blocks, in_cell)

    def _paragraph(self, p, blocks: list[Block], in_cell: bool) -> None:
        """The paragraph, then what its text boxes hold as blocks of their own: a
        text box is read where it is anchored, once, and its paragraphs stay
        paragraphs rather than being run into the anchoring line."""
        style_id = _style_id(p)
        collected = _Collected()
        _collect(p, collected, _FieldState())
        lines = "".join(collected.parts).split("\n")
        text = " ".join(filter(None, (normalise_spaces(unfold_ligatures(line)) for line in lines)))
        label = self._numbering.label(p, style_id)
        # A number alone is a value in a cell (an auto-numbered Ref column) but
        # no content in the body, where it would join the text before it.
        if label is not None and (text or in_cell):
            text = f"{label.text}{label.separator}{text}".strip()
        if text:
            blocks.append(
                Paragraph(
                    text=text,
                    style=self._styles.name(style_id),
                    bold=bool(collected.runs) and all(_is_bold(r) for r in collected.runs),
                )
            )
        for box in collected.boxes:
            self._walk(box, blocks, in_cell)

    def _table(self, tbl) -> Table:
        rows: list[Row] = []
        previous: list[Cell] = []
        for tr in _table_rows(tbl):
            trpr = tr.find(qn("w:trPr"))
            if trpr is not None and trpr.find(qn("w:del")) is not None:
                # A row deleted with changes tracked is not in the printed table.
                continue
            cells: list[Cell] = []
            grid_before = _int_val(trpr.find(qn("w:gridBefore")) if trpr is not None else None, 0)
            cells.extend(Cell(text="") for _ in range(grid_before))
            for tc in _row_cells(tr):
                tcpr = tc.find(qn("w:tcPr"))
                span = _int_val(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None, 1)
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                continues = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
                position = len(cells)
                if continues and position < len(previous):
                    cell = Cell(text=previous[position].text, span=span, merged_from_above=True)
                else:
                    cell = Cell(text=self._cell_text(tc), span=span)
                cells.append(cell)
                cells.extend(Cell(text="", span=0) for _ in range(span - 1))
            grid_after = _int_val(trpr.find(qn("w:gridAfter")) if trpr is not None else None, 0)
            cells.extend(Cell(text="") for _ in range(grid_after))
            header = trpr is not None and trpr.find(qn("w:tblHeader")) is not None
            rows.append(Row(cells=cells, repeats_as_header=header))
            previous = cells
        return Table(rows=rows, method="docx-table")

    def _cell_text(self, tc) -> str:
        """The cell's paragraphs one per line, with the text of any table nested in
        it: a nested table belongs to its cell, not to the body."""
        return "\n".join(_lines(self.blocks(tc, in_cell=True)))


def _lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        for row in block.rows:
            for cell in row.cells:
                # A continued vertical merge repeats the text above it.
                if cell.text and not cell.merged_from_above:
                    lines.extend(cell.text.split("\n"))
    return lines


def _wrapped_content(element):
    """The content of a content control or custom XML wrapper, which can wrap
    paragraphs, tables, rows or cells alike."""
    if element.tag == _SDT:
        return element.find(_SDT_CONTENT)
    if element.tag == _CUSTOM_XML:
        return element
    return None


def _table_rows(tbl):
    return _children_tagged(tbl, _TR)


def _row_cells(tr):
    return _children_tagged(tr, _TC)


def _children_tagged(parent, tag: str):
    """The children of `parent` with `tag`, in order, including those inside content
    controls and custom XML wrapped around them."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        else:
            inner = _wrapped_content(child)
            if inner is not None:
                yield from _children_tagged(inner, tag)


# ------------------------------------------------------------------ paragraph text


@dataclass
class _Collected:
    parts: list[str] = field(default_factory=list)
    # Runs that gave printed text, for telling whether the paragraph is bold.
    runs: list = field(default_factory=list)
    # Text box contents anchored in the paragraph, read after it.
    boxes: list = field(default_factory=list)


class _FieldState:
    """Where the collector is among complex fields (w:fldChar begin / separate /
    end): between begin and separate is the instruction, after separate the
    result Word displays. Fields nest, so this is a stack."""

    def __init__(self) -> None:
        self._stack: list[bool] = []

    def update(self, fld_char) -> None:
        kind = fld_char.get(qn("w:fldCharType"))
        if kind == "begin":
            self._stack.append(False)
        elif kind == "separate" and self._stack:
            self._stack[-1] = True
        elif kind == "end" and self._stack:
            self._stack.pop()

    @property
    def showing_result(self) -> bool:
        return all(self._stack)


def _collect(element, out: _Collected, fields: _FieldState) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_PRINTED:
            continue
        if tag == _FLD_CHAR:
            fields.update(child)
        elif tag == _TXBX_CONTENT:
            out.boxes.append(child)
        elif not fields.showing_result:
            # Inside a field instruction nothing is printed, but fields nested in
            # it still open and close.
            _collect(child, out, fields)
        elif tag == _T:
            if child.text:
                out.parts.append(child.text)
                out.runs.append(child.getparent())
        elif tag in (_TAB, _PTAB):
            out.parts.append(" ")
        elif tag in (_BR, _CR):
            out.parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            out.parts.append("-")
        else:
            _collect(child, out, fields)


def _is_bold(run) -> bool:
    if run.tag != _R:
        return False
    b = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return b is not None and b.get(_VAL, "true") not in ("0", "false")


def _style_id(p) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(_VAL) if style is not None else None


class _Styles:
    def __init__(self, document) -> None:
        # python-docx gives built-in styles the names Word shows ("Heading 1"),
        # where styles.xml stores them in lower case.
        self._names = _style_names(document)
        self._based_on: dict[str, str] = {}
        self._num_pr: dict[str, tuple[str | None, int | None]] = {}
        try:
            styles = document.styles.element.iterchildren(qn("w:style"))
        except Exception:  # a damaged styles part: the text reads without its styles
            styles = iter(())
        for style in styles:
            style_id = style.get(qn("w:styleId"))
            if not style_id:
                continue
            based_on = style.find(qn("w:basedOn"))
            if based_on is not None and based_on.get(_VAL):
                self._based_on[style_id] = based_on.get(_VAL)
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                self._num_pr[style_id] = _num_pr_values(num_pr)

    def name(self, style_id: str | None) -> str | None:
        if style_id is None:
            return None
        return self._names.get(style_id, style_id)

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The list a paragraph style puts its paragraphs in, inherited through
        basedOn."""
        seen: set[str] = set()
        num_id, ilvl = None, None
        while style_id is not None and style_id not in seen:
            seen.add(style_id)
            own_num_id, own_ilvl = self._num_pr.get(style_id, (None, None))
            num_id = num_id if num_id is not None else own_num_id
            ilvl = ilvl if ilvl is not None else own_ilvl
            style_id = self._based_on.get(style_id)
        return num_id, ilvl


def _style_names(document) -> dict[str, str]:
    try:
        return {s.style_id: s.name for s in document.styles if s.style_id and s.name}
    except Exception:
        return {}


def _num_pr_values(num_pr) -> tuple[str | None, int | None]:
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    return (
        num_id.get(_VAL) if num_id is not None else None,
        _int_val(ilvl, 0) if ilvl is not None else None,
    )


# ------------------------------------------------------------------ list numbering


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = ""
    separator: str = " "
    # One-based level whose use restarts this one; 0 never; None any shallower level.
    restart: int | None = None
    legal: bool = False


@dataclass
class _Label:
    text: str
    separator: str


class _Numbering:
    """The numbers Word draws in front of list paragraphs ("1.", "2.3", "(b)").

    Paragraphs of lists sharing an abstract definition count on from one another,
    as in Word; a list with a start override ("restart numbering") counts on its own.
    """

    def __init__(self, root, styles: _Styles) -> None:
        self._styles = styles
        self._abstracts: dict[str, dict[int, _Level]] = {}
        self._abstract_style_links: dict[str, str] = {}
        self._level_styles: dict[str, dict[str, int]] = {}
        self._nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        if root is None:
            return
        for abstract in root.iterchildren(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = _int_attr(lvl, qn("w:ilvl"))
                if ilvl is None:
                    continue
                levels[ilvl] = _level(lvl)
                p_style = lvl.find(qn("w:pStyle"))
                if p_style is not None and p_style.get(_VAL):
                    self._level_styles.setdefault(abstract_id, {})[p_style.get(_VAL)] = ilvl
            self._abstracts[abstract_id] = levels
            link = abstract.find(qn("w:numStyleLink"))
            if link is not None and link.get(_VAL):
                self._abstract_style_links[abstract_id] = link.get(_VAL)
        for num in root.iterchildren(qn("w:num")):
            abstract_ref = num.find(qn("w:abstractNumId"))
            if abstract_ref is None:
                continue
            level_overrides: dict[int, _Level] = {}
            start_overrides: dict[int, int] = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int_attr(override, qn("w:ilvl"))
                if ilvl is None:
                    continue
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    level_overrides[ilvl] = _level(lvl)
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    start_overrides[ilvl] = _int_val(start, 1)
            self._nums[num.get(qn("w:numId"))] = (abstract_ref.get(_VAL), level_overrides, start_overrides)

    def label(self, p, style_id: str | None) -> _Label | None:
        """The paragraph's list number, counting it; None if it has none (not in a
        list, or a bulleted one)."""
        num_id, ilvl = self._styles.num_pr(style_id)
        own = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if own is not None:
            own_num_id, own_ilvl = _num_pr_values(own)
            num_id = own_num_id if own_num_id is not None else num_id
            ilvl = own_ilvl if own_ilvl is not None else ilvl
        # numId 0 is Word's way of taking a paragraph out of its style's list.
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        abstract_id, level_overrides, start_overrides = self._nums[num_id]
        abstract_id = self._linked_abstract(abstract_id)
        if ilvl is None:
            ilvl = self._level_styles.get(abstract_id, {}).get(style_id or "", 0)
        levels = {**self._abstracts.get(abstract_id, {}), **level_overrides}
        for level_index, start in start_overrides.items():
            if level_index in levels:
                levels[level_index] = replace(levels[level_index], start=start)
        level = levels.get(ilvl)
        if level is None:
            return None
        key = f"num {num_id}" if (level_overrides or start_overrides) else f"abstract {abstract_id}"
        counts = self._counters.setdefault(key, [None] * 10)
        if ilvl >= len(counts):
            return None
        counts[ilvl] = level.start if counts[ilvl] is None else counts[ilvl] + 1
        for deeper in range(ilvl + 1, len(counts)):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counts[deeper] = None
        if level.format in ("bullet", "none"):
            return None

        def number(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index, _Level())
            value = counts[index] if index < len(counts) and counts[index] is not None else shown.start
            return _format_number(value, "decimal" if level.legal else shown.format)

        text = re.sub(r"%([1-9])", number, level.text).strip()
        return _Label(text=text, separator=level.separator) if text else None

    def _linked_abstract(self, abstract_id: str) -> str:
        """Follow a list that takes its definition from a numbering style."""
        style_id = self._abstract_style_links.get(abstract_id)
        if style_id is None:
            return abstract_id
        num_id, _ = self._styles.num_pr(style_id)
        if num_id in self._nums:
            return self._nums[num_id][0]
        return abstract_id


def _level(lvl) -> _Level:
    level = _Level()
    start = lvl.find(qn("w:start"))
    if start is not None:
        level.start = _int_val(start, 1)
    fmt = lvl.find(qn("w:numFmt"))
    if fmt is not None and fmt.get(_VAL):
        level.format = fmt.get(_VAL)
    text = lvl.find(qn("w:lvlText"))
    if text is not None:
        level.text = text.get(_VAL) or ""
    suffix = lvl.find(qn("w:suff"))
    if suffix is not None and suffix.get(_VAL) == "nothing":
        level.separator = ""
    restart = lvl.find(qn("w:lvlRestart"))
    if restart is not None:
        level.restart = _int_val(restart, 0)
    legal = lvl.find(qn("w:isLgl"))
    level.legal = legal is not None and legal.get(_VAL, "true") not in ("0", "false")
    return level


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerRoman", "upperRoman") and value > 0:
        roman = ""
        rest = value
        for amount, numeral in _ROMAN:
            while rest >= amount:
                roman += numeral
                rest -= amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        # Word's letters run a..z, then aa..zz, then aaa..zzz.
        letter = "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    return str(value)


def _numbering_root(document):
    try:
        part = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
    except KeyError:
        return None
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None


# ------------------------------------------------------------------ small helpers


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return max(int(element.get(_VAL)), 0)
    except (TypeError, ValueError):
        return default


def _int_attr(element, name: str) -> int | None:
    try:
        return int(element.get(name))
    except (TypeError, ValueError):
        return None


def _furniture(document, headers: list[tuple], styles: _Styles) -> list[Paragraph]:
    """The text of the header and footer parts (each part with its XML), each line
    once. Word keeps them apart from the body; they are read with a numbering of
    their own so that the body's list numbers run on undisturbed."""
    reader = _BodyReader(styles, _Numbering(_numbering_root(document), styles))
    found: list[Paragraph] = []
    seen: set[str] = set()
    for _, root in headers:
        for line in _lines(reader.blocks(root)):
            text = line.strip()
            if text and text not in seen:
                seen.add(text)
                found.append(Paragraph(text=text))
    return found


def _header_parts(document) -> list:
    """The header and footer parts, in the order the package lists them."""
    return [
        rel.target_part
        for rel in document.part.rels.values()
        if not rel.is_external and rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER)
    ]


def _links(document, header_parts: list) -> list[str]:
    """Where the body's and the headers' hyperlinks point, as the package lists them."""
    return [
        rel.target_ref
        for part in [document.part, *header_parts]
        for rel in part.rels.values()
        if rel.is_external and rel.reltype == RELATIONSHIP_TYPE.HYPERLINK and rel.target_ref
    ]


# A logo sits in the first page's header or at the head of the body.
_OPENING_BODY_ELEMENTS = 12


def _pictures(document, headers: list[tuple], body_element) -> list[Picture]:
    """Images in the header parts (each with its XML) and in the body's opening
    paragraphs and tables, each once, able to read their own words when asked."""
    opening = list(body_element.iterchildren())[:_OPENING_BODY_ELEMENTS]
    places = [*headers, *((document.part, child) for child in opening)]
    pictures: list[Picture] = []
    seen: set[str] = set()
    for part, element in places:
        for blip in element.iter(qn("a:blip")):
            target = part.rels.get(blip.get(qn("r:embed")) or "")
            if target is None or target.is_external or target.target_ref in seen:
                continue
            seen.add(target.target_ref)
            pictures.append(
                Picture(page=None, bbox=None, read_words=partial(image_file_words, target.target_part.blob))
            )
    return pictures


def _xml_root(part):
    # A part python-docx knows as XML was parsed when the package was opened.
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        return etree.fromstring(part.blob)
    except (etree.XMLSyntaxError, ValueError, KeyError):
        return None  # a damaged header part: the body is still worth reading


def _properties(document) -> DocumentProperties:
    try:
        core = document.core_properties
        created = core.created if isinstance(core.created, datetime) else None
        return DocumentProperties(
            title=(core.title or "").strip() or None,
            author=(core.author or "").strip() or None,
            created=created.date() if created else None,
        )
    except Exception:  # a damaged properties part: metadata falls back to the cover page
        return DocumentProperties()


def _page_count(document) -> int | None:
    """Pages as Word last counted them (docProps/app.xml), if it did."""
    for rel in document.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties") and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return None
            pages = root.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Pages")
            if pages is not None and (pages.text or "").strip().isdigit():
                return int(pages.text)
    return None
