"""Which council a paper is from: the evidence a paper holds for its council, read
in order of trust, and the council recorded from the evidence found."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from scrutiny.extractors.content import DocumentContent, Table
from scrutiny.extractors.councils import Authority, CouncilMention, CouncilRegister, council_from_host, name_key
from scrutiny.extractors.items import DocumentMetadata, Found
from scrutiny.extractors.text import tidy_name
from scrutiny.extractors.vocabulary import COUNCIL_HOST, COUNCIL_SELF_REFERENCE, FULL_COUNCIL_MEETINGS, PRINTED_COUNCIL


class PrintedLine(Protocol):
    """A line of a paper's cover or running header."""

    text: str
    origin: str


def find_council(
    content: DocumentContent,
    cover: Sequence[PrintedLine],
    header: Sequence[PrintedLine],
    labelled: Found | None,
    on: date | None,
    register: CouncilRegister,
) -> Found | None:
    """The council a paper is from, by the most trusted evidence it holds: a labelled
    council, then a line of the cover or the running header and footer, the file's
    properties, its name, and last its text; `on` is the meeting date, which decides
    between a council and the one it was merged into."""
    if labelled is not None:
        return labelled
    # A line that is a council's name, then a council named anywhere on the cover,
    # then the running header and footer.
    for lines, confidence in ((cover, 0.9), (header, 0.85)):
        for line in lines:
            text = line.text.strip()
            if len(text.split()) > 10:
                continue
            authority = register.resolve(text, on)
            if authority is not None or printed_council(text):
                return Found(authority or text, line.origin, confidence, text)
        for line in lines:
            if len(line.text.split()) > 16 or line.text.rstrip().endswith("."):
                continue  # a sentence names councils it is about, not the one it is from
            # Initials count on a short line ("RBKC | Page 2"), not inside a sentence.
            strengths = ("name", "initials") if len(line.text.split()) <= 6 else ("name",)
            mentions = [m for m in register.find(line.text, on) if m.strength in strengths]
            if mentions:
                return Found(mentions[0].authority, line.origin, confidence - 0.1, mentions[0].printed)
        # The council's own e-mail or web address ("democratic.services@kent.gov.uk").
        for line in lines:
            host, authority = _from_host(re.sub(r"\s+(?=\.)", "", line.text), register)
            if authority is not None:
                return Found(authority, line.origin, confidence - 0.15, host)
    # The file's properties: its title, its author ("KCC", an e-mail address).
    for text in (content.properties.title, content.properties.author):
        if not text:
            continue
        authority = _named_in(text, register, on) or _from_host(text, register)[1]
        if authority is not None:
            return Found(authority, "properties", 0.7, text)
    stem = Path(content.path).stem
    authority = _named_in(stem.replace("_", " "), register, on)
    if authority is not None:
        return Found(authority, "filename", 0.6, Path(content.path).name)
    # What the text says first; then the paper's links; then, costing an OCR pass,
    # its logo.
    return (
        _council_from_body(content, register, on)
        or _council_from_links(content.links, register)
        or _council_from_logo(content.pictures, register, on)
    )


def _council_from_links(links: list[str], register: CouncilRegister) -> Found | None:
    """The council whose web site and e-mail addresses the paper links to: its own
    committee pages and officers' addresses, far more often than any other's."""
    counts: dict[str, int] = {}
    printed: dict[str, str] = {}
    for link in links:
        host, authority = _from_host(link if "//" in link or "@" in link else f"//{link}", register)
        if authority is not None:
            counts[authority.code] = counts.get(authority.code, 0) + 1
            printed.setdefault(authority.code, host)
    code = _clear_leader(counts)
    return Found(register.by_code(code), "link", 0.55, printed[code]) if code is not None else None


def _clear_leader(counts: dict[str, int]) -> str | None:
    """The council counted most, when counted at least twice as often as any other."""
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


# A logo is a small picture in a corner of the opening page, not a chart or a photograph
# across it: at most this share of the page's width and this share of its height away
# from the top or bottom edge.
_LOGO_MAX_WIDTH = 0.5
_LOGO_BAND = 0.3


def _council_from_logo(pictures, register: CouncilRegister, on: date | None) -> Found | None:
    """A council named only by its logo ("Kent County Council kent.gov.uk" drawn as a
    picture): the words OCR reads in a logo-sized picture at the head or foot of the
    opening page, or in a picture whose paper gives it no place on a page."""
    for picture in pictures:
        if not _may_be_logo(picture):
            continue
        lines = [line.strip() for line in picture.words().splitlines() if line.strip()]
        text = " ".join(lines)
        if not text:
            continue
        mentions = [m for m in register.find(text, on) if m.strength == "name"]
        if mentions:
            return Found(mentions[0].authority, "logo", 0.75, mentions[0].printed)
        if len(lines) <= 6 and printed_council(text):
            return Found(text, "logo", 0.6, text)
        # A web address printed under the name ("kent.gov.uk") names it too.
        host, authority = _from_host(" ".join(f"//{word}" for word in text.split()), register)
        if authority is not None:
            return Found(authority, "logo", 0.7, host)
    return None


def _may_be_logo(picture) -> bool:
    box, width, height = picture.bbox, picture.page_width, picture.page_height
    if box is None or not width or not height:
        # Without a place on a page, a picture was taken from a header or the
        # opening paragraphs, where logos go.
        return True
    in_band = box.bottom <= _LOGO_BAND * height or box.top >= (1 - _LOGO_BAND) * height
    return in_band and box.x1 - box.x0 <= _LOGO_MAX_WIDTH * width


def _named_in(text: str, register: CouncilRegister, on: date | None) -> Authority | None:
    whole = register.resolve(text, on)
    if whole is not None and (text.isupper() or len(text.split()) > 1):
        return whole
    mentions = [m for m in register.find(text, on) if m.strength in ("name", "initials")]
    return mentions[0].authority if mentions else None


def _from_host(text: str, register: CouncilRegister) -> tuple[str | None, Authority | None]:
    for match in COUNCIL_HOST.finditer(text):
        authority = council_from_host(match.group(1), register)
        if authority is not None:
            return match.group(1), authority
    return None, None


def _council_from_body(content: DocumentContent, register: CouncilRegister, on: date | None) -> Found | None:
    """A paper that never names its council on its cover or furniture usually does
    in its text: the council named early (its opening paragraphs), or named most
    often and far more than any other. Initials ("KCC") count only for a council
    the paper also names in words: three capitals alone mean many things."""
    texts = [p.text for p in content.furniture]
    opening: set[int] = set()  # the first page's first paragraphs
    first_pages = len(texts) + 600  # texts before the third page (all, unpaginated)
    for block in content.blocks[:600]:
        if isinstance(block, Table):
            texts.extend(cell.text for row in block.rows for cell in row.cells if cell.text)
        else:
            if block.page in (None, 1) and len(opening) < 12:
                opening.add(len(texts))
            if block.page is not None and block.page <= 2:
                first_pages = len(texts) + 1
            texts.append(block.text)
    names: dict[str, int] = {}
    by_initials: dict[str, int] = {}
    places: set[str] = set()
    place_counts: dict[str, int] = {}
    first: dict[str, str] = {}
    early: list[str] = []
    soon: set[str] = set()  # named on the first two pages
    # Papers repeat texts (table cells above all): each is searched once.
    found_in: dict[str, list[CouncilMention]] = {}
    for number, text in enumerate(texts):
        mentions = found_in.get(text)
        if mentions is None:
            mentions = found_in[text] = register.find(text, on, places=True)
        for mention in mentions:
            code = mention.authority.code
            if mention.strength == "place":
                places.add(code)
                place_counts[code] = place_counts.get(code, 0) + 1
                continue
            tally = names if mention.strength == "name" else by_initials
            tally[code] = tally.get(code, 0) + 1
            first.setdefault(code, mention.printed)
            if number < first_pages:
                soon.add(code)
            if number in opening and mention.strength == "name":
                early.append(code)
    counts = dict(names)
    for code, count in by_initials.items():
        if code in names or code in places:
            counts[code] = counts.get(code, 0) + count
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    leads = _clear_leader(counts) is not None
    # Named in the opening paragraphs, the only council named or far the most named.
    if early and leads and ranked[0][0] == early[0]:
        return Found(register.by_code(early[0]), "body", 0.5, first[early[0]])
    # Named often and from the start: a council first named deep in a paper is one
    # it deals with ("debt managed on behalf of Medway Council").
    # A paper calls itself by its initials ("KCC") far more than it abbreviates others.
    if ranked and ranked[0][1] >= 3 and leads and (ranked[0][0] in soon or by_initials.get(ranked[0][0], 0) >= 2):
        code = ranked[0][0]
        return Found(register.by_code(code), "body", 0.5, first[code])
    # The only council the paper names, named early or also by its initials.
    others = set(by_initials) - {ranked[0][0]} if ranked else set()
    if len(ranked) == 1 and not others and (ranked[0][0] in soon or ranked[0][0] in by_initials):
        code = ranked[0][0]
        return Found(register.by_code(code), "body", 0.45, first[code])
    return _council_by_place_and_kind(texts, register, on, place_counts)


def _council_by_place_and_kind(
    texts: list[str], register: CouncilRegister, on: date | None, place_counts: dict[str, int]
) -> Found | None:
    """A paper that calls its council "the County Council" and names one county,
    Kent, again and again is Kent County Council's: the most often named place
    whose council's official name ends in the words the paper calls itself by."""
    kinds: dict[str, int] = {}
    for text in texts:
        for match in COUNCIL_SELF_REFERENCE.finditer(text):
            kinds[match.group(1).casefold()] = kinds.get(match.group(1).casefold(), 0) + 1
    if not kinds or not place_counts:
        return None
    kind = max(kinds, key=lambda k: kinds[k])
    fitting = {
        code: count
        for code, count in place_counts.items()
        if name_key(register.by_code(code).name).endswith(f"{kind} council")
    }
    code = _clear_leader(fitting)
    if code is None:
        return None
    authority = register.by_code(code)
    return Found(authority, "body", 0.4, f"{authority.short_name}; the {kind.title()} Council")


def printed_council(text: str) -> bool:
    """A council name the register may not know ("Hartleigh Borough Council")."""
    return bool(PRINTED_COUNCIL.match(text)) and name_key(text) not in FULL_COUNCIL_MEETINGS


def set_council(meta: DocumentMetadata, council: Found, register: CouncilRegister, meeting: date | None) -> None:
    """The council found, recorded by its official name and code when the register
    knows it, with the name as the paper printed it. A name two councils have held
    (a district and the unitary council that replaced it) is the one sitting on the
    `meeting` date."""
    if isinstance(council.value, Authority):
        authority: Authority | None = council.value
        printed = council.printed
    else:
        printed = str(council.value)
        authority = register.resolve(printed, meeting)
        if authority is None:
            mentions = [m for m in register.find(printed, meeting) if m.strength == "name"]
            authority = mentions[0].authority if mentions else None
            printed = mentions[0].printed if mentions else printed
    if authority is not None:
        meta.council = authority.name
        meta.council_code = authority.code
        # A host or a sentence the council was inferred from is not its printed name.
        named = printed and len(printed.split()) <= 8 and not re.search(r"[@;]|\.gov\b|\.uk\b", printed)
        meta.council_printed = tidy_name(re.sub(r"['’]s$", "", printed)) if named else None
    else:
        meta.council = tidy_name(printed)
        meta.council_printed = meta.council
    meta.sources["council"] = council.source()
