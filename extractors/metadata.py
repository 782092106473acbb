"""Who, when, which committee: document metadata read from a paper's cover, its
running headers and footers, the file's own properties and its name, in that order
of trust, with the council named by the UK register where it knows it.

Each field records where it was read (`DocumentMetadata.sources`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dateutil import parser as dateparser

from scrutiny.extractors.content import DocumentContent, Paragraph, Table
from scrutiny.extractors.council_finding import find_council, printed_council, set_council
from scrutiny.extractors.councils import CouncilRegister, name_key, uk_register
from scrutiny.extractors.items import DocumentMetadata, FieldSource, Found
from scrutiny.extractors.text import calendar_date, tidy_name
from scrutiny.extractors.vocabulary import (
    ADDRESSED_TO,
    ADDRESSED_TO_START,
    AGENDA_ITEM_PREFIX,
    COMMITTEE_NOUNS,
    FULL_COUNCIL_MEETINGS,
    GENERIC_PROPERTY_TITLES,
    HELD_ON,
    MEETING_OF,
    MEETING_OF_PREFIX,
    NOT_A_COMMITTEE_START,
    NOT_A_COMMITTEE_WORDS,
    NOT_A_TITLE,
    NOT_A_TITLE_START,
    PAPER_KIND_PREFIX,
    SENTENCE_WORDS,
    SMALL_WORDS,
    SUMMONS,
    WEEKDAY,
    cover_label,
)

# Metadata lives on the cover: the first page of a PDF, the first blocks of a Word
# document, which does not paginate.
_COVER_BLOCKS = 40
_FILENAME_DATE = re.compile(r"(\d{4})[-_](\d{2})[-_](\d{2})")
# Date reading: dateutil reads the words; these only find where a date may be.
_DATE_INFO = dateparser.parserinfo(dayfirst=True)
_WORD = re.compile(r"[^\s,]+")
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d)\W*$")
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/])")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY = re.compile(r"^\d{1,2}(st|nd|rd|th)?\W*$", re.IGNORECASE)
# "Label: value" on one line; the label is a few words.
_LABEL_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z/()&' -]{0,60}?)\s*:\s*(.*)$", re.DOTALL)


@dataclass
class _Line:
    """A line of the cover (a paragraph or a cover-table cell's line)."""

    text: str
    origin: str  # "cover" | "cover table" | "header"
    index: int
    paragraph: Paragraph | None = None  # None for a table cell's line

    # A paragraph's look; a table cell's line has none of its own.
    @property
    def size(self) -> float | None:
        return self.paragraph.size if self.paragraph is not None else None

    @property
    def bold(self) -> bool:
        return self.paragraph is not None and self.paragraph.bold

    @property
    def style(self) -> str | None:
        return self.paragraph.style if self.paragraph is not None else None


# ------------------------------------------------------------------------ dates


def dates_in(text: str) -> list[tuple[date, int, int]]:
    """Every full date in text with its span, the ways UK papers write them: day
    first ("5th March 2019", "Tuesday, 5 Mar 2019", "05/03/2019"), a month name
    first ("March 5, 2019") and ISO ("2019-03-05")."""
    found: list[tuple[date, int, int]] = []
    for match in _ISO_DATE.finditer(text):
        iso = calendar_date(*match.groups())
        if iso:
            found.append((iso, match.start(), match.end()))
    for match in _NUMERIC_DATE.finditer(text):
        parsed = _parse(match.group(0))
        if parsed:
            found.append((parsed, match.start(), match.end()))
    words = list(_WORD.finditer(text))
    for end, word in enumerate(words):
        if not _YEAR.match(word.group(0)):
            continue
        # The longest run of up to five words before the year that reads as a date
        # with a month name and a day.
        for start in range(max(0, end - 5), end):
            span = words[start : end + 1]
            tokens = [w.group(0).strip("().,;:") for w in span]
            if not any(_DATE_INFO.month(t) for t in tokens) or not any(_DAY.match(t) for t in tokens):
                continue
            if not (_DAY.match(tokens[0]) or _DATE_INFO.month(tokens[0]) or _DATE_INFO.weekday(tokens[0]) is not None):
                continue
            parsed = _parse(text[span[0].start() : word.end()].rstrip(".,;:)"))
            if parsed:
                found.append((parsed, span[0].start(), word.end()))
                break
    found.sort(key=lambda f: f[1])
    kept: list[tuple[date, int, int]] = []
    for item in found:
        if not kept or item[1] >= kept[-1][2]:
            kept.append(item)
    return kept


def _parse(text: str) -> date | None:
    # Two defaults tell a date that names its day and month from one that does not.
    try:
        first = dateparser.parse(text, parserinfo=_DATE_INFO, default=datetime(2000, 1, 1))
        second = dateparser.parse(text, parserinfo=_DATE_INFO, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if first != second or first.hour or first.minute:
        return None
    return first.date()


def parse_date(text: str) -> date | None:
    """The first full date in text (UK day first)."""
    found = dates_in(text)
    return found[0][0] if found else None


def parse_month(text: str) -> date | None:
    """A month-only date ("September 2011") as its first day."""
    words = [w.group(0).strip("().,;:") for w in _WORD.finditer(text)]
    for before, word in zip(words, words[1:]):
        month = _DATE_INFO.month(before)
        if month and _YEAR.match(word):
            return date(int(word[:4]), month, 1)
    return None


def _without_dates(text: str, dates: list[tuple[date, int, int]] | None = None) -> str:
    """The text with its dates (`dates`, when already read) and times of day gone."""
    for _, start, end in reversed(dates_in(text) if dates is None else dates):
        text = text[:start] + " " + text[end:]
    text = re.sub(r"\b(?:at\s+)?\d{1,2}[.:]\d{2}\s*(?:am|pm)?\b", " ", text, flags=re.IGNORECASE)
    return text


def is_date_line(text: str) -> bool:
    """A paragraph that is just a date (and perhaps a weekday)."""
    dates = dates_in(text)
    if not dates:
        return False
    rest = _without_dates(text, dates)
    rest = WEEKDAY.sub("", rest)
    return len(re.sub(r"[\W_]+", "", rest)) == 0


# ------------------------------------------------------------------------ names


def committee_name(text: str) -> str | None:
    """A committee's name from a cover line, or None when the line is not one: "To:",
    "Report to", agenda numbers and dates go; a sentence is never a name."""
    text = _without_dates(text)
    text = AGENDA_ITEM_PREFIX.sub("", text)
    text = PAPER_KIND_PREFIX.sub("", text)
    text = ADDRESSED_TO.sub("", text) if ADDRESSED_TO_START.match(text) else text
    text = MEETING_OF_PREFIX.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" -–—:,;.")
    text = re.sub(r"\s*[-–—,:]\s*$", "", text)
    text = re.sub(r"\s+(?:on|at|held)$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if not text or not _looks_like_committee(text):
        return None
    return tidy_name(text)


def _looks_like_committee(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 14 or SENTENCE_WORDS.search(name) or NOT_A_COMMITTEE_START.match(name):
        return False
    core = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()  # "Scrutiny Committee (Housing)"
    last = core.split()[-1].casefold().strip(".,") if core.split() else ""
    if last not in COMMITTEE_NOUNS and not core.casefold().endswith(("overview and scrutiny", "overview & scrutiny")):
        return False
    if last == "council" and name_key(core) not in FULL_COUNCIL_MEETINGS:
        return False  # "Westmoor Council" is the council, not its meeting
    # A name is in capitals or title case: most of its words start with a capital.
    content = [w for w in re.findall(r"[A-Za-z][\w'’-]*", core) if w.casefold() not in SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitalised >= 0.75 * len(content)


# ---------------------------------------------------------------------- reading


def extract_metadata(content: DocumentContent, register: CouncilRegister | None = None) -> DocumentMetadata:
    register = register or uk_register()
    cover = _cover_lines(content, register)
    header = [_Line(p.text, "header", i, paragraph=p) for i, p in enumerate(content.furniture)]
    labelled = _labelled(cover)
    used: set[int] = set()
    found: dict[str, Found] = {}

    def offer(name: str, candidate: Found | None) -> None:
        if candidate is not None and candidate.value not in (None, "") and name not in found:
            found[name] = candidate

    for name in ("title", "meeting_date", "committee", "council", "author"):
        for value, line in labelled.get(name, []):
            used.add(line.index)
            if name == "meeting_date":
                offer(name, Found(parse_date(value) or parse_month(value), line.origin, 0.95, value))
            elif name == "committee":
                _offer_committee(value, line, register, offer, confidence=0.95)
            elif name == "council":
                offer("council", Found(value, line.origin, 0.95, value))
            else:
                offer(name, Found(_clean(value), line.origin, 0.9, value))

    # A committee line of its own ("CHILDREN'S SCRUTINY PANEL - 15 MARCH 2012"), or
    # one broken over two lines, on the cover and then in the running header.
    for lines in (cover, header):
        for i, line in enumerate(lines):
            if "committee" in found:
                break
            if len(line.text.split()) > 18 or (line.index in used and line.origin != "header"):
                continue
            joined = None
            is_council = register.resolve(line.text) is not None or printed_council(line.text)
            if not is_council and i + 1 < len(lines) and len(lines[i + 1].text.split()) <= 8:
                joined = f"{line.text} {re.sub(r':', ' ', lines[i + 1].text, count=1)}"
            attempts = [(line.text, (line,)), (joined, (line, lines[i + 1]) if joined else ())]
            if joined and lines[i + 1].text.split()[0].strip(":").casefold() in COMMITTEE_NOUNS:
                attempts.reverse()  # "... OVERVIEW AND SCRUTINY" / "COMMITTEE: 9 JUNE 2022"
            for text, span in attempts:
                if text is None:
                    continue
                name = committee_name(text)
                if name is None or register.resolve(name) is not None:
                    continue
                offer("committee", Found(name, line.origin, 0.85 if line.origin != "header" else 0.8, text))
                used.update(part.index for part in span if part.origin != "header")
                offer("meeting_date", Found(parse_date(text), line.origin, 0.85, text))
                break

    # "MINUTES of a meeting of the Cabinet held ... on Thursday, 30 January 2025";
    # "to the meeting of X Committee to be held on 9 October 2019". Numbered
    # paragraphs are the report's body, where past meetings are mentioned.
    for line in cover[:15]:
        if not _NUMBERED.match(line.text):
            _meeting_phrase(line, register, offer, used)

    if SUMMONS.search(" ".join(l.text for l in cover[:8])):
        offer("committee", Found("Full Council", "cover", 0.7, "summons"))

    # The meeting date: a date on a line of its own, then a short line holding one,
    # then the running header.
    date_lines = [line for line in cover if is_date_line(line.text)]
    alone = next((line for line in date_lines if line.index not in used), None)
    if alone is not None:
        offer("meeting_date", Found(parse_date(alone.text), alone.origin, 0.75, alone.text))
        used.add(alone.index)
    for line in cover[:20]:
        if line.index in used:
            continue
        text = line.text.strip()
        leading = dates_in(text)
        if not leading:
            continue
        # A short line, or one that opens with the date ("Tuesday, 4th March, 2025, at
        # 10.00 am Ask for: ..."), not a sentence of the report.
        if (len(text.split()) <= 10 and not text.endswith(".")) or leading[0][1] <= 12:
            offer("meeting_date", Found(leading[0][0], line.origin, 0.6, text))
    for line in header:
        if len(line.text.split()) <= 16:
            offer("meeting_date", Found(parse_date(line.text), "header", 0.7, line.text))
    used.update(line.index for line in date_lines)

    meeting = found.get("meeting_date")
    on = meeting.value if meeting is not None and isinstance(meeting.value, date) else None
    council = find_council(content, cover, header, found.get("council"), on, register)
    meta = DocumentMetadata()
    if council is not None:
        set_council(meta, council, register, on)

    committee = found.get("committee")
    if committee is not None:
        meta.committee = _full_council_name(str(committee.value), meta, register)
        meta.sources["committee"] = committee.source()

    if meeting is not None:
        meta.meeting_date = meeting.value  # type: ignore[assignment]
        meta.sources["meeting_date"] = meeting.source()
    else:
        dated = _filename_date(Path(content.path).name)
        if dated is None:
            dated = parse_date(Path(content.path).stem.replace("_", " ").replace("-", " "))
        if dated is not None:
            meta.meeting_date = dated
            meta.sources["meeting_date"] = FieldSource("filename", 0.5, Path(content.path).name)

    title = found.get("title") or _title_from_layout(cover, used, header, register)
    if title is None and content.properties.title and not GENERIC_PROPERTY_TITLES.match(content.properties.title):
        title = Found(content.properties.title, "properties", 0.6, content.properties.title)
    if title is None:
        stem = _title_from_filename(content.path)
        title = Found(stem, "filename", 0.3, Path(content.path).name)
    meta.title = re.sub(r"\s+", " ", str(title.value)).strip() or None
    meta.sources["title"] = title.source()

    author = found.get("author")
    meta.author = _author(str(author.value) if author else None, content)
    # A paper is written shortly before it is sent out: the file's creation date
    # stands in for a report date the paper does not print.
    meta.report_date = _report_date(content) or content.properties.created
    return meta


def _offer_committee(value: str, line: _Line, register: CouncilRegister, offer, confidence: float) -> None:
    """A labelled committee ("To: Cabinet - 4 March 2025"); a council named there
    ("Report to: Kent County Council") is a meeting of the full council."""
    offer("meeting_date", Found(parse_date(value), line.origin, confidence, value))
    bare = _without_dates(value).strip(" -–—,")
    authority = register.resolve(bare) if bare else None
    if authority is not None:
        offer("council", Found(bare, line.origin, confidence, value))
        offer("committee", Found("Full Council", line.origin, confidence * 0.9, value))
        return
    name = committee_name(value)
    if name is None:
        cleaned = tidy_name(_without_dates(AGENDA_ITEM_PREFIX.sub("", value)))
        # A labelled value need not end in "Committee" ("Cabinet Member decision"),
        # but is never a sentence.
        if (
            cleaned
            and len(cleaned.split()) <= 8
            and "," not in cleaned
            and not SENTENCE_WORDS.search(cleaned)
            and not NOT_A_COMMITTEE_START.match(cleaned)
            and not NOT_A_COMMITTEE_WORDS.search(cleaned)
        ):
            name = cleaned
    offer("committee", Found(name, line.origin, confidence, value))


def _meeting_phrase(line: _Line, register: CouncilRegister, offer, used: set[int]) -> None:
    text = line.text
    match = MEETING_OF.search(text)
    if match:
        body = match.group("body").strip()
        authority = register.resolve(body)
        if authority is not None:
            offer("council", Found(body, line.origin, 0.9, text))
            offer("committee", Found("Full Council", line.origin, 0.85, text))
            used.add(line.index)
        else:
            name = committee_name(body) or (tidy_name(body) if body.casefold() in COMMITTEE_NOUNS else None)
            if name is not None:
                offer("committee", Found(name, line.origin, 0.85, text))
                used.add(line.index)
    held = HELD_ON.search(text)
    if held:
        offer("meeting_date", Found(parse_date(text[held.start() :]), line.origin, 0.85, text))


def _full_council_name(committee: str, meta: DocumentMetadata, register: CouncilRegister) -> str:
    """A meeting of the council itself is named as the council names it: "County
    Council" for Kent County Council, else "Full Council"."""
    if name_key(committee) not in FULL_COUNCIL_MEETINGS and committee != "Full Council":
        return committee
    authority = register.by_code(meta.council_code) if meta.council_code else None
    if authority is not None:
        official, short = name_key(authority.name), name_key(authority.short_name)
        if official.startswith(short + " ") and official.endswith("council"):
            return tidy_name(authority.name[len(authority.short_name) :].strip()).title().replace(" Of ", " of ")
    return committee


# ----------------------------------------------------------------------- cover


def _cover_lines(content: DocumentContent, register: CouncilRegister) -> list[_Line]:
    """The cover's paragraphs and the lines of its small tables, in order, up to the
    first numbered paragraph, where the report's body begins."""
    lines: list[_Line] = []
    for number, block in enumerate(content.blocks):
        if number >= _COVER_BLOCKS or block.page not in (None, 1):
            break
        if isinstance(block, Paragraph) and len(lines) >= 3 and _NUMBERED.match(block.text):
            break
        if isinstance(block, Table):
            if not _is_cover_table(block):
                if lines:
                    break
                continue
            for row in block.rows:
                for cell in row.cells:
                    if cell.merged_from_above:
                        continue
                    for text in cell.text.split("\n"):
                        for part in _printed_lines(text.strip(), register):
                            lines.append(_Line(part, "cover table", len(lines)))
            continue
        if block.text.strip():
            lines.append(_Line(block.text.strip(), "cover", len(lines), paragraph=block))
    return lines


_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?|\d+[.)])\s+\S")
_CAPS_WORD = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")


def _printed_lines(text: str, register: CouncilRegister) -> list[str]:
    """A table cell's text may run several printed lines together ("CITY AND COUNTY
    OF SWANSEA CABINET - 5 JULY 2012 Cabinet Member Response to ..."): a run of
    capitals and the mixed-case words after it are separate lines, and a council's
    name opening a line is a line of its own."""
    if not text:
        return []
    # Runs of words in capitals or not; a word without letters ("-", "5") joins the run.
    runs: list[tuple[bool | None, list[str]]] = []
    for word in text.split():
        caps = bool(_CAPS_WORD.match(word)) if re.search(r"[A-Za-z]", word) else None
        if runs and (caps is None or caps == runs[-1][0]):
            runs[-1][1].append(word)
        else:
            runs.append((caps, [word]))
    parts = [" ".join(run_words) for _, run_words in runs]
    if len(parts) > 1 and any(len(p.split()) < 2 for p in parts):
        parts = [text]
    lines: list[str] = []
    for part in parts:
        mentions = register.find(part)
        if mentions and mentions[0].start == 0 and mentions[0].end < len(part) and mentions[0].strength == "name":
            lines.extend([part[: mentions[0].end], part[mentions[0].end :].strip()])
        else:
            lines.append(part)
    return [line for line in lines if line]


def _is_cover_table(table: Table) -> bool:
    """A small table of labels and values, not the paper's data."""
    if table.column_count > 4 or len(table.rows) > 12:
        return False
    texts = [line for row in table.rows for cell in row.cells for line in cell.text.split("\n") if line.strip()]
    return any(_is_label_line(t) or cover_label(t) for t in texts)


def _labelled(cover: list[_Line]) -> dict[str, list[tuple[str, _Line]]]:
    """Label/value pairs: "Date: 5 March 2019" on one line, a label alone with its
    value on the next line (a cover table's left and right cells)."""
    found: dict[str, list[tuple[str, _Line]]] = {}
    for i, line in enumerate(cover):
        match = _LABEL_LINE.match(line.text)
        if not match:
            continue
        name = cover_label(match.group(1))
        if name is None:
            continue
        value = match.group(2).strip()
        # "To: County Council Date: 13 March 2025": two labels on one line. The
        # second label is the last few words before a later colon.
        inner = _inner_label(value)
        if inner is not None:
            inner_name, start, end = inner
            rest = value[end:].strip()
            if rest:
                found.setdefault(inner_name, []).append((rest, line))
            value = value[:start].strip()
        if not value and i + 1 < len(cover) and not _is_known_label_line(cover[i + 1].text):
            value = cover[i + 1].text.strip()
        elif value and name == "title":
            value = _continued(value, line, cover[i + 1] if i + 1 < len(cover) else None)
        if value:
            found.setdefault(name, []).append((value, line))
    # A cover table cell holding a label without its colon, beside its value.
    for i, line in enumerate(cover[:-1]):
        if line.origin == "cover table" and ":" not in line.text:
            name = cover_label(line.text)
            if name and not _is_known_label_line(cover[i + 1].text) and cover_label(cover[i + 1].text) is None:
                found.setdefault(name, []).append((cover[i + 1].text, line))
    return found


def _inner_label(value: str) -> tuple[str, int, int] | None:
    """A label inside a label's value: its field, where it starts and where its own
    value starts."""
    for colon in re.finditer(r"\s*:\s*", value):
        words = list(re.finditer(r"\S+", value[: colon.start()]))
        for count in range(min(4, len(words) - 1), 0, -1):  # the longest label first
            first = words[-count]
            name = cover_label(value[first.start() : colon.start()])
            if name is not None and name != "council" and first.group(0)[0].isupper():
                return name, first.start(), colon.end()
    return None


def _is_label_line(text: str) -> bool:
    match = _LABEL_LINE.match(text)
    return bool(match) and len(match.group(1).split()) <= 5


def _is_known_label_line(text: str) -> bool:
    match = _LABEL_LINE.match(text)
    return bool(match) and cover_label(match.group(1)) is not None


def _continued(value: str, line: _Line, following: _Line | None) -> str:
    """A labelled title that wraps onto the next printed line (split from it only by
    a change of font) goes on there."""
    if following is None or line.paragraph is None or following.paragraph is None:
        return value
    here, there = line.paragraph, following.paragraph
    if here.bbox is None or there.bbox is None or here.page != there.page or _is_label_line(following.text):
        return value
    gap = there.bbox.top - here.bbox.bottom
    size = here.size or 11.0
    if 0 <= gap < 0.6 * size and len(following.text.split()) <= 20 and not following.text.rstrip().endswith(":"):
        return f"{value} {following.text.strip()}"
    return value


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _title_from_layout(
    cover: list[_Line], used: set[int], header: list[_Line], register: CouncilRegister
) -> Found | None:
    furniture = {name_key(l.text) for l in header}
    candidates = [
        line
        for line in cover
        if line.index not in used
        and committee_name(line.text) is None
        and register.resolve(line.text) is None
        and not NOT_A_TITLE_START.match(line.text)
        and line.origin == "cover"
        and 2 <= len(line.text.split()) <= 25
        and not printed_council(line.text)
        and not re.match(r"^\d+(\.\d+)*\.?\s", line.text)
        and not _is_known_label_line(line.text)
        and not NOT_A_TITLE.match(line.text.strip())
        and name_key(line.text) not in furniture
        and not is_date_line(line.text)
        and not any(start <= 12 for _, start, _ in dates_in(line.text))
    ]
    if not candidates:
        return None
    titled = [l for l in candidates if l.style and re.match(r"^(title|heading 1)$", l.style, re.I)]
    if titled:
        return Found(titled[0].text, "cover", 0.85, titled[0].text)
    sized = [l for l in candidates if l.size]
    if sized:
        largest = max(l.size or 0.0 for l in sized)
        if largest > _body_size(cover) + 0.5:
            line = next(l for l in sized if l.size == largest)
            return Found(tidy_name(line.text), "cover", 0.8, line.text)
    bold = [l for l in candidates if l.bold and not l.text.endswith(".")]
    if bold:
        return Found(tidy_name(bold[0].text), "cover", 0.7, bold[0].text)
    return None


def _body_size(cover: list[_Line]) -> float:
    sizes = sorted(l.size for l in cover if l.size)
    return sizes[len(sizes) // 2] if sizes else 0.0


def _author(labelled: str | None, content: DocumentContent) -> str | None:
    if labelled:
        return labelled.split(",")[0].strip() or None
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


def _filename_date(name: str) -> date | None:
    match = _FILENAME_DATE.search(name)
    return calendar_date(*match.groups()) if match else None


def _title_from_filename(path: str) -> str:
    stem = Path(path).stem
    stem = _FILENAME_DATE.sub("", stem)
    return re.sub(r"[_\s]+", " ", stem).strip(" -") or Path(path).stem
