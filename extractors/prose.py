"""Recommendations written as prose: "Recommendation 3" headings, or numbered
recommendations, each followed by a "Progress:" / "Update:" paragraph.

Format-independent like the table interpreter: it reads the paragraphs of a
DocumentContent in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrutiny.extractors.content import BBox, Block, Paragraph, Table
from scrutiny.extractors.items import Item, Source, set_status_from_words
from scrutiny.extractors.vocabulary import (
    NUMBER_WORDS,
    RECOMMENDATION_HEADING,
    is_closing_section,
    item_label,
    response_from_text,
    status_match_text,
)

_NUMBERED = re.compile(r"^\(?(\d{1,3}[a-z]?)[.)]\s+(.+)$")
_SECTION_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")
# A heading line is short; longer text starting "Recommendation 3 ..." is a sentence.
_MAX_HEADING_WORDS = 60


@dataclass
class _Draft:
    ref: str | None
    method: str = "prose-headings"
    recommendation: list[str] = field(default_factory=list)
    # None until a "Progress:" label is read; then the update's texts.
    progress: list[str] | None = None
    # What the label called the text after it: "progress" or "response".
    label_kind: str = "progress"
    # Every paragraph the item was read from, for its provenance.
    paragraphs: list[Paragraph] = field(default_factory=list)

    def add(self, paragraph: Paragraph, text: str) -> None:
        (self.recommendation if self.progress is None else self.progress).append(text)
        self.paragraphs.append(paragraph)

    def take_back(self) -> None:
        """Unread the last paragraph of the update: it turned out to start the next item."""
        self.progress.pop()
        self.paragraphs.pop()


def interpret_prose(blocks: list[Block], *, recommendations_only: bool = False) -> list[Item]:
    """Items from "Recommendation N" / numbered recommendations and their progress.

    With `recommendations_only`, a paper that numbers its recommendations under
    "Recommendation 1", "Recommendation 2", ... headings and reports no progress at
    all (the scrutiny report that made them) gives its recommendations, without
    updates.
    """
    items: list[Item] = []
    unreported: list[_Draft] = []
    draft: _Draft | None = None
    previous: Paragraph | None = None
    for block in blocks:
        if isinstance(block, Table):
            # A table ends whatever prose item was being read.
            _finish(draft, items, unreported)
            draft, previous = None, None
            continue
        text = block.text.strip()
        heading = RECOMMENDATION_HEADING.match(text)
        label = item_label(text)
        if label is not None and label.standalone and (draft is None or draft.progress is not None):
            label = None  # a heading such as "Progress" over the paper's own text
        if heading and len(text.split()) <= _MAX_HEADING_WORDS and not label:
            _finish(draft, items, unreported)
            inline = heading.group(2).strip()
            draft = _Draft(ref=_figures(heading.group(1)), recommendation=[inline] if inline else [])
        elif label is not None:
            if draft is None or draft.progress is not None:
                # "1. That the Council ..." then "Progress: ...": a numbered
                # recommendation without a heading. The numbered paragraph was read
                # as more of the previous update until this label showed otherwise.
                if draft is not None and draft.paragraphs and draft.paragraphs[-1] is previous:
                    if draft.progress and _NUMBERED.match(previous.text.strip()):
                        draft.take_back()
                _finish(draft, items, unreported)
                draft = _numbered_draft(previous)
            if draft is not None:
                draft.progress = []
                draft.label_kind = label.kind
                draft.add(block, label.rest)
        elif draft is not None:
            if _is_section_heading(block) or is_closing_section(text):
                _finish(draft, items, unreported)
                draft = None
            else:
                draft.add(block, text)
        previous = block
    _finish(draft, items, unreported)
    if not items and recommendations_only and _numbered_in_sequence(unreported):
        items = [_recommendation_only(d) for d in unreported]
    return items


def _figures(number: str) -> str:
    """A heading's number in figures ("Two" -> "2")."""
    folded = number.casefold()
    return str(NUMBER_WORDS.index(folded) + 1) if folded in NUMBER_WORDS else number


def _numbered_in_sequence(drafts: list[_Draft]) -> bool:
    """Two or more headings numbered 1, 2, 3, ...: a list of recommendations, not a
    stray "Recommendation 4" mentioned in a report."""
    numbers = [d.ref for d in drafts]
    return len(numbers) >= 2 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _recommendation_only(draft: _Draft) -> Item:
    # The heading's own text, else the paragraph under it: what follows is the
    # group's reasoning, not the recommendation.
    return Item(
        recommendation=draft.recommendation[0],
        progress=None,
        ref=draft.ref,
        source=_source(draft.paragraphs[:1], draft.method),
        confidence=0.6,
    )


def _numbered_draft(previous: Paragraph | None) -> _Draft | None:
    if previous is None:
        return None
    match = _NUMBERED.match(previous.text.strip())
    if not match:
        return None
    return _Draft(
        ref=match.group(1),
        method="prose-numbered",
        recommendation=[match.group(2).strip()],
        paragraphs=[previous],
    )


def _is_section_heading(paragraph: Paragraph) -> bool:
    text = paragraph.text.strip()
    if not _SECTION_HEADING.match(text):
        return False
    return len(text.split()) <= 10 and not text.endswith((".", ";", ","))


def _finish(draft: _Draft | None, items: list[Item], unreported: list[_Draft]) -> None:
    """Turn a draft into an item if it has both a recommendation and progress; keep
    a heading's draft without progress aside."""
    if draft is None:
        return
    if draft.progress is None:
        if draft.method == "prose-headings" and draft.recommendation:
            unreported.append(draft)
        return
    recommendation = " ".join(t for t in draft.recommendation if t)
    progress = " ".join(t for t in draft.progress if t) or None
    if not recommendation or progress is None:
        return
    item = Item(
        recommendation=recommendation,
        progress=progress,
        ref=draft.ref,
        source=_source(draft.paragraphs, draft.method),
        confidence=0.8,
    )
    set_status_from_words(item, progress, "progress", status_match_text)
    if draft.label_kind == "response":
        item.response_text = progress
        item.response = response_from_text(progress)
    items.append(item)


def _source(paragraphs: list[Paragraph], method: str) -> Source:
    pages = [p.page for p in paragraphs if p.page is not None]
    source = Source(
        kind="prose",
        page=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        method=method,
    )
    for p in paragraphs:
        if p.bbox is not None:
            source.cell_bboxes.append((p.page, p.bbox))
    bbox: BBox | None = None
    for page, box in source.cell_bboxes:
        if page == source.page:
            bbox = box.union(bbox)
    source.bbox = bbox
    return source
