"""Turn a document's tables into recommendation/progress items.

Format-independent: it sees only DocumentContent (rows of cells with pages and
boxes), so a Word table and a PDF table with the same layout give the same items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrutiny.extractors.content import BBox, Block, Cell, DocumentContent, Paragraph, Row, Table
from scrutiny.extractors.items import Item, Source, StatusEvidence, set_status_from_words
from scrutiny.extractors.prose import interpret_prose
from scrutiny.extractors.text import ends_mid_sentence, fold_for_comparison, is_continuation_note
from scrutiny.extractors.vocabulary import (
    ColumnRole,
    column_role,
    is_verdict_header,
    key_entries,
    names_an_update,
    response_from_text,
    status_match_label,
    status_match_text,
    without_verdict,
)

# Header rows are looked for among the first rows of a table only: a budget table's
# tenth row that happens to say "Progress" is not a header.
HEADER_SEARCH_ROWS = 3
_TERMINAL_PUNCTUATION = tuple(".;:!?)")
# Item text joins a cell's paragraphs with one space, as the printed page reads.
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")


@dataclass
class LogicalTable:
    """One table as the author meant it: fragments across pages stitched together."""

    rows: list[Row]
    # Indexes into rows where a fragment that continues across a page break begins.
    page_break_rows: set[int] = field(default_factory=set)
    method: str = ""


@dataclass
class ColumnMap:
    header_row: int
    header_texts: list[str]
    roles: dict[int, ColumnRole]
    # Codes a key printed in the paper explains ("F" -> "accepted in full").
    key: dict[str, str] = field(default_factory=dict)

    def decoded(self, text: str) -> str:
        """A cell's words, or the words its code stands for in the paper's key."""
        return self.key.get(text.strip(), text)

    def columns(self, role: ColumnRole) -> list[int]:
        return [i for i, r in sorted(self.roles.items()) if r is role]

    def first(self, role: ColumnRole) -> int | None:
        found = self.columns(role)
        return found[0] if found else None


def interpret(content: DocumentContent) -> list[Item]:
    """Items from the document's recommendation tables, then from its prose."""
    items: list[Item] = []
    key = printed_key(content.blocks)
    for index, table in enumerate(logical_tables(content.blocks)):
        items.extend(items_from_table(table, index, key))
    items.extend(interpret_prose(content.blocks, recommendations_only=not items))
    return items


def printed_key(blocks: list[Block]) -> dict[str, str]:
    """The codes the paper explains in a key, as a line ("Key: F = accepted in full,
    P = accepted in principle") or as a small table of code and meaning."""
    key: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Paragraph):
            key.update(key_entries(block.text))
        elif block.column_count == 2:
            pairs = [r.texts for r in block.rows if len(r.cells) == 2 and all(t.strip() for t in r.texts)]
            key.update(key_entries("; ".join(f"{code.strip()} = {meaning.strip()}" for code, meaning in pairs)))
    return key


def logical_tables(blocks: list[Block]) -> list[LogicalTable]:
    """Stitch table fragments into logical tables.

    A fragment joins the table before it when nothing but page furniture or a
    "continued" note separates them (the reader marks it `continues_previous`, or it
    directly follows another table), it has the same number of columns, and it either
    repeats that table's header or has no header of its own.
    """
    tables: list[LogicalTable] = []
    previous_block: Block | None = None
    for block in blocks:
        if isinstance(block, Paragraph) and is_continuation_note(block.text):
            continue  # "Table 1 (continued)" between two parts of one table
        if isinstance(block, Table):
            current = tables[-1] if tables else None
            adjacent = isinstance(previous_block, Table) or block.continues_previous
            if current is not None and adjacent and _continues(current, block):
                start = len(current.rows)
                current.rows.extend(block.rows)
                if block.continues_previous:
                    current.page_break_rows.add(start)
            else:
                tables.append(LogicalTable(rows=list(block.rows), method=block.method))
        previous_block = block
    return tables


def _continues(current: LogicalTable, fragment: Table) -> bool:
    width = max(len(r.cells) for r in current.rows)
    if fragment.column_count != width:
        return False
    head = find_columns(current.rows)
    own = find_columns(fragment.rows)
    if own is None:
        return True
    return head is not None and _folded(fragment.rows[own.header_row]) == _folded(current.rows[head.header_row])


def find_columns(rows: list[Row], key: dict[str, str] | None = None) -> ColumnMap | None:
    """The header row and each column's role, if this is a recommendation table.

    A recommendation table has a column whose header means "recommendation" and at
    least one whose header, or whose values, mean progress, response or status.
    """
    key = key or {}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        roles: dict[int, ColumnRole] = {}
        for position, cell in enumerate(row.cells):
            if cell.span == 0 or not cell.text.strip():
                continue
            role = column_role(cell.text)
            if role is not None:
                roles[position] = role
        if ColumnRole.RECOMMENDATION not in roles.values():
            continue
        header_row = _sub_header_row(rows, index, roles)
        _split_verdict_from_response_text(roles, row)
        _roles_from_values(rows[header_row], rows[header_row + 1 :], roles, key)
        if set(roles.values()) & {ColumnRole.PROGRESS, ColumnRole.RESPONSE, ColumnRole.STATUS}:
            return ColumnMap(header_row=header_row, header_texts=rows[header_row].texts, roles=roles, key=key)
    return None


_SUB_HEADED_ROLES = (ColumnRole.PROGRESS, ColumnRole.RESPONSE, ColumnRole.STATUS)
# A sub-header under a merged header is a date or a few words ("June 2012").
_MAX_SUB_HEADER_WORDS = 4


def _sub_header_row(rows: list[Row], index: int, roles: dict[int, ColumnRole]) -> int:
    """A header cell merged across columns ("Progress update" over "July 2012" and
    "December 2012") gives each column under it its role; the row of sub-headers is
    then the header row the data follows."""
    header = rows[index]
    # Only update, response and status headers are merged over dated or named
    # columns; a "Recommendation" merged over "No." and its text is another layout.
    spanning = [i for i, role in roles.items() if header.cells[i].span > 1 and role in _SUB_HEADED_ROLES]
    if not spanning or index + 1 >= len(rows):
        return index
    below = rows[index + 1]
    covered = {c for i in spanning for c in range(i, i + header.cells[i].span)}
    texts = [c.text.strip() for c in below.cells]
    if len(texts) < len(header.cells) or any(texts[c] for c in range(len(texts)) if c not in covered):
        return index
    under = [texts[c] for c in covered if c < len(texts)]
    if not all(under) or any(len(t.split()) > _MAX_SUB_HEADER_WORDS for t in under):
        return index
    for i in spanning:
        for c in range(i, i + header.cells[i].span):
            roles[c] = roles[i]
    return index + 1


# A column whose every value is a status or a response is read for that, whatever
# its header: "Position" holding "On target", "Cabinet" holding "Agreed", a column
# of ticks, a body's name over codes its key explains.
_MAX_VALUE_WORDS = 5
_VALUE_ROLE_CANDIDATES = (None, ColumnRole.PROGRESS, ColumnRole.LEAD_OFFICER)


def _roles_from_values(header: Row, data: list[Row], roles: dict[int, ColumnRole], key: dict[str, str]) -> None:
    width = max((len(r.cells) for r in data), default=0)
    updates = [i for i, r in roles.items() if r is ColumnRole.PROGRESS]
    for position in range(width):
        role = roles.get(position)
        if role not in _VALUE_ROLE_CANDIDATES:
            continue
        values = [_cell_text(r, position) for r in data]
        values = [key.get(v, v) for v in values if v]
        if len(values) < 2 or any(len(v.split()) > _MAX_VALUE_WORDS for v in values):
            continue
        if role is ColumnRole.PROGRESS and (len(updates) < 2 or names_an_update(_cell_text(header, position))):
            continue  # an update column stays one, however short its updates
        if all(status_match_label(v) for v in values):
            new_role = ColumnRole.STATUS
        elif all(response_from_text(v) for v in values):
            new_role = ColumnRole.RESPONSE
        else:
            continue
        if new_role in roles.values():
            continue
        roles[position] = new_role
        if role is ColumnRole.PROGRESS:
            updates.remove(position)


def _split_verdict_from_response_text(roles: dict[int, ColumnRole], row: Row) -> None:
    """ "Accepted / Partially / Not accepted" beside "Executive Response and Proposed
    Action": the first is the verdict, the second is what will be done, which is the
    update on the recommendation."""
    responses = [i for i, r in roles.items() if r is ColumnRole.RESPONSE]
    if len(responses) < 2 or ColumnRole.PROGRESS in roles.values():
        return
    verdicts = [i for i in responses if is_verdict_header(row.cells[i].text)]
    if not verdicts:
        return
    for i in responses:
        if i != verdicts[0]:
            roles[i] = ColumnRole.PROGRESS


def items_from_table(table: LogicalTable, table_index: int, key: dict[str, str] | None = None) -> list[Item]:
    columns = find_columns(table.rows, key)
    if columns is None:
        return []
    rec_col = columns.first(ColumnRole.RECOMMENDATION)
    update_cols = columns.columns(ColumnRole.PROGRESS)
    header_key = _folded(table.rows[columns.header_row])
    items: list[Item] = []
    # Items of the row being built: a row with several update columns gives several.
    row_items: list[Item] = []
    section: str | None = None
    # The first data row after a page break may be the rest of the row before it; a
    # repeated header row in between does not change that.
    after_break = False
    for row_index in range(columns.header_row + 1, len(table.rows)):
        row = table.rows[row_index]
        after_break = after_break or row_index in table.page_break_rows
        if row.is_blank() or _folded(row) == header_key:
            continue
        heading = _section_heading(row, columns)
        if heading is not None:
            section = heading
            row_items = []
            continue
        rec_cell = row.cells[rec_col] if rec_col < len(row.cells) else Cell(text="")
        continues = bool(row_items) and _continues_previous_row(
            row, row_items[0], table.rows[row_items[0].source.row], columns, after_break
        )
        after_break = False
        if continues:
            _append_row(row_items, row, columns)
            continue
        if not rec_cell.text.strip():
            continue
        row_items = _new_items(row, row_index, columns, update_cols, table, table_index, section)
        items.extend(row_items)
    return items


def _section_heading(row: Row, columns: ColumnMap) -> str | None:
    """A row whose one cell spans the table ("Support in schools") heads a section."""
    filled = [c for c in row.cells if c.span > 0 and c.text.strip() and not c.merged_from_above]
    if len(filled) != 1:
        return None
    cell = filled[0]
    if cell.span >= max(2, len(row.cells) - 1):
        return _item_text(cell.text)
    return None


# Columns a new row fills in for itself, and the rest of a cut row leaves empty.
_ROW_LABEL_ROLES = (
    ColumnRole.REF,
    ColumnRole.RESPONSE,
    ColumnRole.STATUS,
    ColumnRole.LEAD_OFFICER,
    ColumnRole.TARGET_DATE,
)


def _continues_previous_row(row: Row, previous: Item, previous_row: Row, columns: ColumnMap, after_break: bool) -> bool:
    """Is this row the rest of the row above (whose first item is `previous`), cut by a
    page break or split by hand?"""
    rec_col = columns.first(ColumnRole.RECOMMENDATION)
    rec_cell = row.cells[rec_col] if rec_col < len(row.cells) else Cell(text="")
    if rec_cell.merged_from_above:
        return False
    text = rec_cell.text.strip()
    if not text:
        return True
    if not after_break:
        return False
    # A recommendation cut mid-sentence at the foot of the page carries on in lower
    # case at the top of the next, or after a word no sentence ends on ("... and").
    if text[0].islower() and not previous.recommendation.rstrip().endswith(_TERMINAL_PUNCTUATION):
        return True
    if ends_mid_sentence(previous.recommendation) or ends_mid_sentence(previous.progress or ""):
        return True
    # A recommendation that stopped on a comma, with nothing beside its rest.
    if previous.recommendation.rstrip().endswith(",") and not any(
        _cell_text(row, i) for i in columns.roles if i != rec_col
    ):
        return True
    if _every_cell_continues_its_column(row, previous_row, columns):
        return True
    # A cut row's number, verdict, officer and date stay on the page where it began;
    # a new row has its own.
    labels = [i for i, role in columns.roles.items() if role in _ROW_LABEL_ROLES]
    labelled_before = [i for i in labels if _cell_text(previous_row, i)]
    return bool(labelled_before) and not any(_cell_text(row, i) for i in labelled_before)


def _every_cell_continues_its_column(row: Row, previous_row: Row, columns: ColumnMap) -> bool:
    """Two or more cells, each under a cell of the row above that stopped without
    ending its sentence, and no reference number of its own: the rest of that row,
    whatever case its lines begin in."""
    ref_col = columns.first(ColumnRole.REF)
    if ref_col is not None and _cell_text(row, ref_col):
        return False
    filled = [i for i in range(len(row.cells)) if _cell_text(row, i)]
    if len(filled) < 2:
        return False
    return all((above := _cell_text(previous_row, i)) and not above.endswith(_TERMINAL_PUNCTUATION) for i in filled)


def _cell_text(row: Row, index: int) -> str:
    return row.cells[index].text.strip() if index < len(row.cells) else ""


def _append_row(row_items: list[Item], row: Row, columns: ColumnMap) -> None:
    rec_col = columns.first(ColumnRole.RECOMMENDATION)
    rec_cell = row.cells[rec_col] if rec_col < len(row.cells) else Cell(text="")
    if rec_cell.text.strip():
        for item in row_items:
            item.recommendation = _joined(item.recommendation, rec_cell.text)
    update_cols = columns.columns(ColumnRole.PROGRESS)
    for item, col in zip(row_items, update_cols or [None]):
        if col is not None and col < len(row.cells):
            item.progress = _joined(item.progress, row.cells[col].text) or None
    _fill_attributes(row_items, row, columns)
    for item in row_items:
        _extend_source(item.source, row)
        item.confidence = min(item.confidence, 0.85)
        _set_status(item, columns)


def _new_items(
    row: Row,
    row_index: int,
    columns: ColumnMap,
    update_cols: list[int],
    table: LogicalTable,
    table_index: int,
    section: str | None,
) -> list[Item]:
    rec_col = columns.first(ColumnRole.RECOMMENDATION)
    recommendation = _item_text(row.cells[rec_col].text)
    updates = [(_item_text(row.cells[c].text) if c < len(row.cells) else "") for c in update_cols]
    # Several update columns give one item per filled update; none filled still
    # records the recommendation, with no progress.
    filled = [u for u in updates if u] or [""]
    items = []
    for update in filled:
        item = Item(
            recommendation=recommendation,
            progress=update or None,
            section=section,
            source=Source(kind="table", table=table_index, row=row_index, method=table.method),
        )
        _extend_source(item.source, row)
        items.append(item)
    _fill_attributes(items, row, columns)
    for item in items:
        _set_status(item, columns)
        item.confidence = _confidence(item, row)
    return items


def _fill_attributes(items: list[Item], row: Row, columns: ColumnMap) -> None:
    """Ref, officer, date, status and response cells of a row, joined onto what the
    items already hold (a row continued across a page break adds to them)."""

    def cell_text(role: ColumnRole) -> str:
        col = columns.first(role)
        if col is None or col >= len(row.cells):
            return ""
        return _item_text(row.cells[col].text)

    ref = cell_text(ColumnRole.REF)
    lead = cell_text(ColumnRole.LEAD_OFFICER)
    target = cell_text(ColumnRole.TARGET_DATE)
    status = cell_text(ColumnRole.STATUS)
    response = cell_text(ColumnRole.RESPONSE)
    for item in items:
        item.ref = _joined(item.ref, ref) or None
        item.lead_officer = _joined(item.lead_officer, lead) or None
        item.target_date = _joined(item.target_date, target) or None
        item.status_text = _joined(item.status_text, status) or None
        item.response_text = _joined(item.response_text, response) or None
        if item.response_text:
            item.response = response_from_text(columns.decoded(item.response_text))
            if ColumnRole.PROGRESS not in columns.roles.values():
                # A response table without an update column: the response cell,
                # after its verdict word, is the update.
                item.progress = without_verdict(item.response_text)


def _set_status(item: Item, columns: ColumnMap) -> None:
    """The status a Status/RAG cell gives (or the words its code stands for in the
    paper's key), else the update's own words; with the words that decided it."""
    code = (item.status_text or "").strip()
    meaning = columns.key.get(code)
    found = status_match_label(meaning) if meaning else None
    if found is not None:
        item.status = found.status
        item.status_evidence = StatusEvidence(matched=code, field="key", start=0, end=len(code), rule="key")
        return
    set_status_from_words(item, item.status_text, "status", status_match_label)
    if item.status_evidence is None:
        set_status_from_words(item, item.progress, "progress", status_match_text)


def _confidence(item: Item, row: Row) -> float:
    score = 1.0
    if not item.progress:
        score -= 0.3
    if len(item.recommendation) < 15:
        score -= 0.3
    if any(c.merged_from_above for c in row.cells):
        score -= 0.05
    return round(max(score, 0.05), 2)


def _extend_source(source: Source, row: Row) -> None:
    for cell in row.cells:
        if cell.span == 0 or cell.bbox is None or not cell.text.strip():
            continue
        source.cell_bboxes.append((cell.page, cell.bbox))
    pages = [c.page for c in row.cells if c.page is not None] or ([row.page] if row.page else [])
    if pages:
        if source.page is None:
            source.page = min(pages)
        source.page_end = max([source.page_end or 0, *pages])
    first_page_boxes = [box for page, box in source.cell_bboxes if page == source.page]
    bbox: BBox | None = None
    for box in first_page_boxes:
        bbox = box.union(bbox)
    source.bbox = bbox


def _item_text(text: str) -> str:
    return _PARAGRAPH_BREAK.sub(" ", text).strip()


def _joined(before: str | None, more: str) -> str:
    more = _item_text(more)
    if not before:
        return more
    if not more:
        return before
    return f"{before} {more}"


def _folded(row: Row) -> list[str]:
    return [fold_for_comparison(c.text) for c in row.cells]
