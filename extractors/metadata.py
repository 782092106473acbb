"""Who, when, which committee: document metadata read from a paper's first page,
with the file's own properties and its name as fallbacks."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from scrutiny.extractors.content import DocumentContent, Paragraph, Table
from scrutiny.extractors.items import DocumentMetadata

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{4}})\b", re.IGNORECASE)

_COUNCIL = re.compile(
    r"^(?:the\s+)?(?:"
    r"(?:royal\s+)?(?:london\s+)?borough\s+of\s+[a-z' &-]+"
    r"|city\s+of\s+[a-z' &-]+\s+council"
    r"|[a-z' &.-]+?\s+(?:city|county|borough|district|metropolitan\s+borough|metropolitan\s+district"
    r"|town|parish|unitary)\s+council"
    r"|[a-z' &.-]+?\s+council"
    r")$",
    re.IGNORECASE,
)
_COMMITTEE = re.compile(
    r"(overview\s*(?:and|&)\s*scrutiny|scrutiny\s+(?:committee|panel|board|commission|management\s+board)"
    r"|select\s+committee|^cabinet\b|^(?:the\s+)?executive\b|^full\s+council\b|^county\s+council\b|committee$|sub-committee)",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(subject|title|report title|report|committee|meeting|meeting date|date of meeting|date|author"
    r"|report author|contact officer|contact|lead officer|council)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_FILENAME_DATE = re.compile(r"(\d{4})[-_](\d{2})[-_](\d{2})")
# Metadata lives on the cover: the first page of a PDF, the first paragraphs of a
# Word document.
_COVER_PARAGRAPHS = 30
_SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "upon", "to", "a"}


def parse_date(text: str) -> date | None:
    """The first full date in text, in the ways UK papers write them (day first)."""
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_ISO, "ymd"), (_NUMERIC, "dmy_num")):
        match = pattern.search(text)
        if not match:
            continue
        try:
            if order == "dmy":
                return date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
            if order == "mdy":
                return date(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
            if order == "ymd":
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            year = int(match.group(3))
            year = year + 2000 if year < 50 else year + 1900 if year < 100 else year
            return date(year, int(match.group(2)), int(match.group(1)))
        except ValueError:
            continue
    return None


def parse_month(text: str) -> date | None:
    """A month-only date ("September 2011") as its first day."""
    match = _MONTH_YEAR.search(text)
    if not match:
        return None
    return date(int(match.group(2)), _MONTHS[match.group(1).lower()], 1)


def is_date_line(text: str) -> bool:
    """A paragraph that is just a date (and perhaps a weekday)."""
    stripped = _DAY_MONTH_YEAR.sub("", text)
    stripped = _NUMERIC.sub("", stripped)
    return parse_date(text) is not None and len(re.sub(r"[\W_]+", "", stripped)) == 0


def tidy_name(text: str) -> str:
    """ALL-CAPS names as a person would write them; others as printed."""
    text = re.sub(r"\s+", " ", text).strip(" -–—:,")
    if text.isupper():
        words = text.lower().split(" ")
        text = " ".join(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))
        text = re.sub(r"\bO&s\b", "O&S", text)
    return text


def extract_metadata(content: DocumentContent) -> DocumentMetadata:
    cover = _cover(content)
    meta = DocumentMetadata()
    labelled = _labelled(cover)
    used: set[int] = set()

    for index, paragraph in enumerate(cover):
        text = paragraph.text.strip()
        if meta.council is None and len(text.split()) <= 8 and _COUNCIL.match(text):
            meta.council = tidy_name(text)
            used.add(index)
    if labelled.get("council"):
        meta.council = tidy_name(labelled["council"])

    committee_text = labelled.get("committee") or labelled.get("meeting")
    if committee_text:
        meta.committee = _committee_name(committee_text)
    else:
        for index, paragraph in enumerate(cover):
            text = paragraph.text.strip()
            if index in used or len(text.split()) > 14 or text.endswith("."):
                continue
            if _COMMITTEE.search(text) and not re.search(r"\b(task and finish|working group|report)\b", text, re.I):
                meta.committee = _committee_name(text)
                used.add(index)
                if meta.meeting_date is None:
                    meta.meeting_date = parse_date(text)
                break

    date_text = labelled.get("meeting date") or labelled.get("date of meeting") or labelled.get("date")
    if date_text:
        meta.meeting_date = parse_date(date_text) or parse_month(date_text)
    if meta.meeting_date is None:
        for index, paragraph in enumerate(cover):
            if index not in used and is_date_line(paragraph.text):
                meta.meeting_date = parse_date(paragraph.text)
                used.add(index)
                break
    if meta.meeting_date is None:
        # "Meeting held on 23 April 2013": a short line with a date in it, not a
        # sentence of the report.
        for index, paragraph in enumerate(cover):
            text = paragraph.text.strip()
            if index not in used and len(text.split()) <= 10 and not text.endswith("."):
                found = parse_date(text)
                if found:
                    meta.meeting_date = found
                    used.add(index)
                    break
    for index, paragraph in enumerate(cover):
        if is_date_line(paragraph.text):
            used.add(index)

    meta.title = (
        labelled.get("subject")
        or labelled.get("report title")
        or labelled.get("title")
        or _title_from_layout(cover, used)
        or content.properties.title
        or _title_from_filename(content.path)
    )
    meta.title = re.sub(r"\s+", " ", meta.title).strip() if meta.title else None

    meta.author = _author(labelled, content)
    # A paper is written shortly before it is sent out: the file's creation date
    # stands in for a report date the paper does not print.
    meta.report_date = _report_date(content) or content.properties.created
    if meta.meeting_date is None:
        match = _FILENAME_DATE.search(Path(content.path).name)
        if match:
            try:
                meta.meeting_date = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    return meta


def _cover(content: DocumentContent) -> list[Paragraph]:
    """The paragraphs before the first table, on the first page, at most a few dozen."""
    cover: list[Paragraph] = []
    for block in content.blocks:
        if isinstance(block, Table):
            if cover:
                break
            continue
        if block.page not in (None, 1):
            break
        cover.append(block)
        if len(cover) >= _COVER_PARAGRAPHS:
            break
    return cover


def _labelled(cover: list[Paragraph]) -> dict[str, str]:
    found: dict[str, str] = {}
    for paragraph in cover:
        match = _LABEL.match(paragraph.text.strip())
        if match:
            found.setdefault(match.group(1).lower(), match.group(2).strip())
    return found


def _committee_name(text: str) -> str:
    # "OVERVIEW AND SCRUTINY COMMITTEE 3rd December 2008" and "... PANEL - 15 MARCH
    # 2012": the date belongs to the meeting, not to the name.
    for pattern in (_DAY_MONTH_YEAR, _NUMERIC, _MONTH_YEAR):
        text = pattern.sub("", text)
    return tidy_name(text)


def _title_from_layout(cover: list[Paragraph], used: set[int]) -> str | None:
    candidates = [
        (i, p)
        for i, p in enumerate(cover)
        if i not in used
        and 2 <= len(p.text.split()) <= 25
        and not _COUNCIL.match(p.text.strip())
        and not re.match(r"^\d+(\.\d+)*\.?\s", p.text)
        and not _LABEL.match(p.text)
    ]
    if not candidates:
        return None
    titled = [p for _, p in candidates if p.style and re.match(r"^(title|heading 1)$", p.style, re.I)]
    if titled:
        return titled[0].text
    sized = [p for _, p in candidates if p.size]
    if sized:
        largest = max(p.size for p in sized)
        body = _body_size(cover)
        if largest > body + 0.5:
            return next(p.text for p in sized if p.size == largest)
    bold = [p for _, p in candidates if p.bold and not p.text.endswith(".")]
    if bold:
        return bold[0].text
    return None


def _body_size(cover: list[Paragraph]) -> float:
    sizes = sorted(p.size for p in cover if p.size)
    return sizes[len(sizes) // 2] if sizes else 0.0


def _author(labelled: dict[str, str], content: DocumentContent) -> str | None:
    for key in ("author", "report author", "contact officer", "contact", "lead officer"):
        if labelled.get(key):
            return labelled[key].split(",")[0].strip() or None
    paragraphs = content.paragraphs()
    # A signature block: a name, a job title or two, then the report date.
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 6, -1), -1):
        if is_date_line(paragraphs[index].text):
            for back in range(max(0, index - 4), index):
                text = paragraphs[back].text.strip()
                if re.match(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,3}$", text):
                    return text
            break
    match = re.search(r"\bContact:\s*([^,]+)", " ".join(p.text for p in paragraphs[-6:]))
    if match:
        return match.group(1).strip()
    return content.properties.author


def _report_date(content: DocumentContent) -> date | None:
    paragraphs = content.paragraphs()
    for paragraph in reversed(paragraphs[-6:]):
        if is_date_line(paragraph.text) or re.search(r"\bContact:", paragraph.text):
            found = parse_date(paragraph.text)
            if found:
                return found
    return None


def _title_from_filename(path: str) -> str:
    stem = Path(path).stem
    stem = _FILENAME_DATE.sub("", stem)
    return re.sub(r"[_\s]+", " ", stem).strip(" -") or Path(path).stem
