"""The words council papers use: table columns, status and responses, prose
recommendation headings, cover labels and furniture, and the shapes of councils'
names and web hosts.

One home for every synonym, shared by all formats: the PDF and Word readers never
look at these; the interpreter, the prose reader and the metadata and council
readers do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class ColumnRole(str, Enum):
    REF = "ref"
    RECOMMENDATION = "recommendation"
    PROGRESS = "progress"
    RESPONSE = "response"
    STATUS = "status"
    LEAD_OFFICER = "lead_officer"
    TARGET_DATE = "target_date"


# Header text (folded: lower case, punctuation to spaces) -> role. Patterns are tried
# in order; the first that matches the whole header wins, so the more specific come
# first ("recommendation no" is a ref, "recommendation" is the text).
_HEADER_PATTERNS: list[tuple[ColumnRole, str]] = [
    (ColumnRole.REF, r"(ref|reference|no|number|item|rec no|rec ref|recommendation (no|number|ref))"),
    (
        ColumnRole.LEAD_OFFICER,
        r"(lead( officer| member| member officer)?|responsible( officer)?|owner|officer|who|lead officer s)",
    ),
    (
        ColumnRole.TARGET_DATE,
        r"((target|due|completion|implementation|review) date|deadline|timescales?|timescale s|when|by when|target)",
    ),
    (
        ColumnRole.STATUS,
        r"(status|rag|rag status|rag rating|current status|overall status|progress status|rating|completed?|done)",
    ),
    (
        ColumnRole.RESPONSE,
        r"((cabinet|executive|officer|council|management|portfolio holder s?) )?(response|decision)"
        r"( to recommendation)?|accepted( rejected)?|agreed( not agreed)?|accept reject",
    ),
    (
        ColumnRole.RECOMMENDATION,
        r"((scrutiny|panel|committee|task and finish group|review|original) )?"
        r"(recommendations?|proposals?|actions? agreed|agreed actions?)( made)?",
    ),
    (
        ColumnRole.PROGRESS,
        r"((progress|update|latest|current|officer|service|action|actions) )?"
        r"(progress( updates?| to date| made| report)?|updates?|actions? taken|comments?|commentary|position"
        r"|progress comments?|response and progress|progress and comments|update on progress|current position)"
        r"( \w+ \d{4}| \d{4})?",
    ),
]
_COMPILED = [(role, re.compile(rf"^(?:{pat})$")) for role, pat in _HEADER_PATTERNS]


MAX_HEADER_WORDS = 8


# Longer than any header of MAX_HEADER_WORDS words: a cell of text, not read further.
_MAX_HEADER_CHARS = 25 * MAX_HEADER_WORDS
# A header word broken across lines is one word: a few dozen letters at most.
_MAX_BROKEN_WORD_CHARS = 40


def column_role(header: str) -> ColumnRole | None:
    """The role of a column from its header's words, or None if it has no known role."""
    if len(header) > _MAX_HEADER_CHARS:
        return None
    role = _role_of_words(header)
    if role is None and " " in header.strip() and len(header) <= _MAX_BROKEN_WORD_CHARS:
        # A narrow column breaks a long header word across lines ("Recommend" /
        # "ation"); read without the break, it is a header again.
        role = _role_of_words(re.sub(r"\s+", "", header))
    return role


def _role_of_words(header: str) -> ColumnRole | None:
    if header.strip() == "#":
        return ColumnRole.REF
    folded = re.sub(r"[^a-z0-9]+", " ", header.casefold()).strip()
    # Headers are a few words; a sentence that mentions "recommendations" and
    # "progress" is a row of the table, not its header.
    if not folded or len(folded.split()) > MAX_HEADER_WORDS:
        return None
    for role, pattern in _COMPILED:
        if pattern.match(folded):
            return role
    # Long headers ("Progress update (September 2011)") fall back to keywords.
    if "recommendation" in folded and "progress" not in folded and "response" not in folded:
        return ColumnRole.RECOMMENDATION
    if is_verdict_header(folded):
        return ColumnRole.RESPONSE
    if re.search(r"\brag\b", folded):  # "Progress RAG" is a rating, not an update
        return ColumnRole.STATUS
    if re.search(r"\b(progress|update|comments?|actions? taken|position)\b", folded):
        return ColumnRole.PROGRESS
    if re.search(r"\b(response|decision)\b", folded):
        return ColumnRole.RESPONSE
    if re.search(r"\bstatus\b", folded):
        return ColumnRole.STATUS
    if re.search(r"\b(timescales?|deadline|target date|due date)\b", folded):
        return ColumnRole.TARGET_DATE
    return None


_UPDATE_HEADER_WORDS = re.compile(r"\b(updates?|progress|comments?|commentary|actions?)\b", re.IGNORECASE)


def names_an_update(header: str) -> bool:
    """A header that says its column holds updates ("Progress update December"), as
    against one that may hold either an update or a status ("Position")."""
    return bool(_UPDATE_HEADER_WORDS.search(header))


_VERDICT_HEADER = re.compile(r"\b(accept(ed)?|agreed|reject(ed)?|partially|partly)\b", re.IGNORECASE)


def is_verdict_header(header: str) -> bool:
    """A header that lists the verdicts ("Accepted / Partially / Not accepted")."""
    return bool(_VERDICT_HEADER.search(header))


# Status words. RAG colours come from status columns; the text rules read the first
# words of an update, where officers put their verdict ("Completed. ..."), a
# "Status: ..." line wherever it stands, a closing verdict ("... Completed."), and
# a few phrases anywhere in the text.
_RAG = {
    "green": "completed",
    "blue": "completed",
    "amber": "in_progress",
    "yellow": "in_progress",
    "red": "outstanding",
}
_RAG_INITIALS = {"g": "completed", "b": "completed", "a": "in_progress", "r": "outstanding"}
_RAG_INITIALS_RE = re.compile(r"[gbar](\s*/\s*[gbar])?")
# Marks a tick-box column holds for "done".
_TICKS = frozenset("✓✔☑√")
_STATUS_PHRASES = [
    (
        "completed",
        r"(fully (completed?|implemented|achieved|met|delivered|in place)|completed?|done|achieved|implemented"
        r"|closed|delivered|in place|finished|concluded)\b",
    ),
    (
        "outstanding",
        r"(outstanding|not (yet )?(started|commenced|begun|progressed|actioned|achieved|met|implemented|done)"
        r"|no progress|yet to (start|begin|commence)|not due to start|on hold|not taken forward)\b",
    ),
    (
        "in_progress",
        r"(in progress|on ?-?going|started|underway|under way|commenced"
        r"|being (done|developed|progressed|implemented|reviewed)"
        r"|(partially|partly)( (completed?|implemented|achieved|met|delivered|in place))?|progressing"
        r"|on (track|target|schedule)|delayed|behind schedule|slipped|continuing|in hand)\b",
    ),
]
_ANYWHERE_STATUS = [
    (
        "completed",
        r"\b(this|the) (recommendation|action) (is|has been|was) (now )?(fully )?(completed?|implemented|achieved"
        r"|closed)\b",
    ),
    ("outstanding", r"\b(this|the) (recommendation|action) (is|remains) (outstanding|not (yet )?started)\b"),
    ("outstanding", r"\b(is|remains) outstanding\b"),
    (
        "outstanding",
        r"\b(has|have|had) not (yet )?(started|begun|commenced)\b|\b(is|are) yet to (start|begin|commence)\b"
        r"|\b(has|have) not (yet )?been (arranged|done|implemented|actioned|progressed|started|commenced|scheduled"
        r"|undertaken)\b",
    ),
    ("in_progress", r"\b(on ?-?going|in progress|under ?way|will be ongoing|being done as part of)\b"),
    ("in_progress", r"\b(is|are|has been|have been) (delayed|behind schedule|on track|on target)\b"),
    ("in_progress", r"\b(has|have) been drafted\b|\b(is|are) being (drafted|prepared)\b"),
    ("in_progress", r"\b(work )?(has|have) (started|begun|commenced)\b|\bstarted (in|on) \w+ \d{4}\b"),
]
_LEADING_RE = [(s, re.compile(rf"^\W*{p}", re.IGNORECASE)) for s, p in _STATUS_PHRASES]
_ANYWHERE_RE = [(s, re.compile(p, re.IGNORECASE)) for s, p in _ANYWHERE_STATUS]
# "Status: Complete." / "RAG: Green" / "Current status - on track", at the start of a
# sentence or line, anywhere in an update.
_STATUS_LINE_RE = re.compile(
    r"(?:^|(?<=[.;:!?\n])\s*|\(\s*)(?P<label>(?:(?:current|overall|progress|implementation) )?"
    r"(?:status|rag(?: status| rating)?|rating|assessment(?: of progress)?))\s*[:\-–—=]\s*"
    r"(?P<value>[^.;\n()]{1,60})",
    re.IGNORECASE,
)
# Only text that names a status line is searched for one.
_STATUS_LINE_HINT_RE = re.compile(r"status|rag\b|rating|assessment", re.IGNORECASE)
# A closing verdict: the last sentence of an update is nothing but a status phrase.
_CLOSING_RE = [
    (s, re.compile(rf"(?P<value>(?:now |this is |work is |this work is )?{p})\s*[.!]?\s*$", re.I))
    for s, p in _STATUS_PHRASES
]
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.;!?])\s+")
# A closing verdict is a few words.
_MAX_CLOSING_CHARS = 40


@dataclass(frozen=True)
class StatusMatch:
    """The words that decided a status, where they are in the text read, and which
    rule read them."""

    status: str
    start: int
    end: int
    rule: str  # "rag", "tick", "status line", "leading words", "closing words", "phrase", "key"


def status_match_label(label: str) -> StatusMatch | None:
    """Status from a Status/RAG cell ("Green", "Amber - on track", "Completed", "✓")."""
    folded = label.casefold()
    stripped = folded.strip()
    if not stripped:
        return None
    offset = len(folded) - len(folded.lstrip())
    first = re.split(r"[^a-z]+", stripped, maxsplit=1)[0]
    if first in _RAG:
        return StatusMatch(_RAG[first], offset, offset + len(first), "rag")
    # RAG columns often hold the colour's initial alone ("G", "A/G").
    if _RAG_INITIALS_RE.fullmatch(stripped):
        return StatusMatch(_RAG_INITIALS[stripped[0]], offset, offset + len(stripped), "rag")
    if stripped[0] in _TICKS:
        return StatusMatch("completed", offset, offset + 1, "tick")
    return status_match_text(label)


def status_match_text(text: str) -> StatusMatch | None:
    """Status from an update's own words, or None when it does not say."""
    if not text or not text.strip():
        return None
    # An explicit "Status: ..." says it, wherever it stands: the last one counts.
    lines = list(_STATUS_LINE_RE.finditer(text)) if _STATUS_LINE_HINT_RE.search(text) else []
    for line in reversed(lines):
        value = line.group("value")
        if value.strip().casefold() in ("", "none", "n/a"):
            continue
        found = status_match_label(value)
        if found is not None:
            start = line.start("value") + found.start
            return StatusMatch(found.status, line.start("label"), start + (found.end - found.start), "status line")
    for status, pattern in _LEADING_RE:
        match = pattern.match(text)
        if match:
            return StatusMatch(status, match.start(1), match.end(1), "leading words")
    stripped = text.rstrip()
    tail = stripped[-_MAX_CLOSING_CHARS:]
    last = _SENTENCE_BREAK_RE.split(tail)[-1]
    # The last sentence, when it begins within the tail (or the text is that short).
    if last != tail or tail == stripped:
        offset = len(stripped) - len(last)
        for status, pattern in _CLOSING_RE:
            match = pattern.match(last)
            if match:
                return StatusMatch(status, offset + match.start("value"), offset + match.end("value"), "closing words")
    for status, pattern in _ANYWHERE_RE:
        match = pattern.search(text)
        if match:
            return StatusMatch(status, match.start(), match.end(), "phrase")
    return None


def status_from_label(label: str) -> str | None:
    """Status from a Status/RAG cell ("Green", "Amber - on track", "Completed")."""
    found = status_match_label(label)
    return found.status if found else None


def status_from_text(text: str) -> str | None:
    """Status from an update's own words, or None when it does not say."""
    found = status_match_text(text)
    return found.status if found else None


_RESPONSES = [
    (
        "partially_accepted",
        r"((partially|partly|in part) (accepted|agreed|supported)"
        r"|(accepted|agreed|supported|accept|agree|support)s? (in part|in principle|with (amendments?|modifications?"
        r"|reservations?|caveats?|conditions?))|part(ially)? accept|in principle)",
    ),
    (
        "rejected",
        r"(not (accepted|agreed|supported|endorsed)|rejected|declined|refused|do(es)? not (accept|agree|support))",
    ),
    ("accepted", r"((fully )?(accepted|agreed|accept|approved|supported|endorsed)( in full)?)"),
]
_RESPONSE_RE = [(r, re.compile(rf"^\W*{p}\b", re.IGNORECASE)) for r, p in _RESPONSES]
# An executive's sentence ("The Cabinet supports this recommendation", "The Government
# accepts the recommendation in principle", "The Council does not support ...").
_RESPONSE_OBJECT = r"(this|the|these|that|both|all|each) (recommendations?|proposals?)|it\b|them\b"
_RESPONSE_SENTENCE_RE = [
    (
        "rejected",
        re.compile(
            rf"\b((does|do|will|can) not|cannot|doesn't|don't|won't|can't) (accept|agree( with)?|support|endorse)\b"
            rf"|\b(rejects?|declines?)\s+({_RESPONSE_OBJECT})",
            re.IGNORECASE,
        ),
    ),
    (
        "partially_accepted",
        re.compile(
            rf"\b(accepts?|agrees?( with)?|supports?|endorses?)\s+({_RESPONSE_OBJECT})[^.]*?\b(in principle|in part"
            rf"|partially|with (amendments?|modifications?|reservations?|caveats?))\b"
            rf"|\b(partially|partly|in principle) (accepts?|agrees?|supports?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "accepted",
        re.compile(rf"\b(accepts?|agrees?( with)?|supports?|welcomes?|endorses?)\s+({_RESPONSE_OBJECT})", re.I),
    ),
]
_FIRST_SENTENCE_RE = re.compile(r"^.*?(?:[.!?](?=\s|$)|$)", re.DOTALL)


def response_from_text(text: str) -> str | None:
    """Executive response from a response cell or paragraph ("Accepted", "Partially
    accepted. ...", "The Cabinet supports this recommendation.")."""
    if not text:
        return None
    for response, pattern in _RESPONSE_RE:
        if pattern.match(text):
            return response
    first = _FIRST_SENTENCE_RE.match(text.strip())
    sentence = first.group(0) if first else text
    for response, pattern in _RESPONSE_SENTENCE_RE:
        if pattern.search(sentence):
            return response
    return None


_VERDICT_LEAD = re.compile(rf"^\W*(?:{'|'.join(p for _, p in _RESPONSES)})\b[\s.:;,\-–—]*", re.IGNORECASE)


def without_verdict(text: str) -> str:
    """A response cell's text after its verdict word ("Accepted. Officers will ..." ->
    "Officers will ..."); the whole text when there is nothing after it."""
    return _VERDICT_LEAD.sub("", text) or text


# Who answers or reports: a body, an office or a person's title, named before the
# label ("Cabinet Member response") or after it ("Response of the Executive").
_WHO = (
    r"(?:(?:the|hm|uk|welsh|scottish)\s+)*"
    r"(?:government|cabinet(?:\s+member)?|executive(?:\s+member)?|council(?:'s)?|officers?|portfolio\s+holder"
    r"|lead\s+(?:member|officer)|service|department|management|director|partners?|nhs|board|trust|agency|mayor"
    r"|leader|(?-i:[A-Z])[\w&'’.-]*(?:\s+(?:(?-i:[A-Z])[\w&'’.-]*|of|for|and|&)){0,5})"
    r"(?:['’]s?)?(?:\s+for\s+(?-i:[A-Z])[\w&'’ ,-]{0,60}?)?"
)
_RESPONSE_WORDS = r"(?:formal\s+)?(?:response|decision|reply)"
_PROGRESS_WORDS = (
    r"(?:progress(?:\s+(?:update|to\s+date|made|report|so\s+far))?|update|latest\s+update|progress\s+update"
    r"|actions?\s+taken|current\s+position|latest\s+position|position|comments?|commentary|observations"
    r"|implementation\s+update)"
)
# A dated label: "Update (September 2011):", "Progress at March 2012 -".
_LABEL_DATE = r"(?:\s*\(?\s*(?:at|as\s+at|as\s+of)?\s*(?:\d{1,2}\s+)?(?:[a-z]+\s+)?\d{4}\s*\)?)?"
_LABEL_TAIL = (
    r"(?:\s+(?:of|from|by)\s+(?:the\s+)?" + _WHO + r")?"
    r"(?:\s+(?:to|on)\s+(?:the\s+)?recommendations?(?:\s+(?:no\.?\s*)?[\w.]{1,5})?)?" + _LABEL_DATE
)
_LABEL_RE = [
    (
        kind,
        re.compile(
            rf"^(?:{_WHO}\s+)?(?P<word>{words}){_LABEL_TAIL}(?P<end>\s*[:\-–—]\s*|\s*$)(?P<rest>.*)$", re.I | re.S
        ),
    )
    for kind, words in (("response", _RESPONSE_WORDS), ("progress", _PROGRESS_WORDS))
]
_MAX_LABEL_LINE_WORDS = 12
# A label's word comes early: paragraphs without one in their first characters are
# not searched further.
_LABEL_HINT_RE = re.compile(r"respons|decision|reply|progress|update|action|position|comment|observation", re.I)
_LABEL_HINT_CHARS = 160


@dataclass(frozen=True)
class ItemLabel:
    """A label that starts an item's update or response, and the text after it."""

    kind: str  # "progress" | "response"
    rest: str
    # A label on a line of its own, with no colon ("Officer comments"): it reads as
    # a label only under a recommendation, since a section heading looks the same.
    standalone: bool = False


def item_label(text: str) -> ItemLabel | None:
    """The label that starts a recommendation's update or response, by whoever gives
    it ("Progress:", "Officer comments", "Government response to recommendation 2",
    "Response of the Executive:", "Cabinet Member response - ..."), or None.

    A label without a colon must stand alone in its paragraph, as a heading does.
    """
    text = text.strip()
    if not _LABEL_HINT_RE.search(text, 0, _LABEL_HINT_CHARS):
        return None
    for kind, pattern in _LABEL_RE:
        match = pattern.match(text)
        if not match:
            continue
        rest = match.group("rest").strip()
        standalone = not match.group("end").strip()
        if standalone and (rest or len(text.split()) > _MAX_LABEL_LINE_WORDS):
            continue
        if match.start("word") > 0 and not _who_is_plausible(text[: match.start("word")]):
            continue
        return ItemLabel(kind, rest, standalone)
    return None


def _who_is_plausible(who: str) -> bool:
    # "The Council's response" and "Cabinet Member response" name who answers;
    # "Her response" or a sentence's first words do not.
    return who.strip()[:1].isupper() or who.strip().casefold().startswith(("the ", "uk ", "hm "))


# The paper's own closing sections: what the committee is asked to do, its background
# papers, who wrote it. They end whatever recommendation was being read. Matched at
# the start of a paragraph, either as a heading on its own or as a "Label:" line.
_CLOSING_HEADINGS = (
    r"(\d+(\.\d+)*\.?\s+)?("
    r"recommendations?(\s+(to|for)\s+(the\s+)?(committee|cabinet|council|panel|board|members|scrutiny\b.*))?"
    r"|background\s+(papers|documents|information)|contact\s+(officers?|details|for\s+enquiries)|contacts?"
    r"|officers?\s+to\s+contact"
    r"|report\s+(authors?|approved|originator)|authors?|appendi(x|ces)(\s+\w+)?|list\s+of\s+appendices|annex(es)?"
    r"|(financial|legal|equalit(y|ies)|risk|resource|hr|human resources|other)\s+implications|implications"
    r"|reasons?\s+for\s+(the\s+)?(recommendations?|decision)|reasons?|next\s+steps|conclusions?"
    r"|wards?\s+affected|abbreviations|glossary|document\s+information|for\s+further\s+information.*"
    r")"
)
_CLOSING_HEADING_RE = re.compile(rf"^{_CLOSING_HEADINGS}\s*:?$", re.IGNORECASE)
_CLOSING_LABEL_RE = re.compile(
    r"^(background\s+papers|background\s+documents|contact\s+officers?|contact\s+details|contact|report\s+authors?"
    r"|authors?|wards?\s+affected|reasons?\s+for\s+(the\s+)?(recommendations?|decision))\s*:"
    r"|^(members|the\s+(committee|cabinet|panel|board|council))\s+(is|are)\s+(asked|recommended|requested|invited)\b",
    re.IGNORECASE,
)


def is_closing_section(text: str) -> bool:
    """True for a paragraph that starts the paper's own closing matter ("Background
    papers", "Contact Officer: ...", "Members are asked to note ...")."""
    text = text.strip()
    if _CLOSING_LABEL_RE.match(text):
        return True
    return len(text.split()) <= 8 and bool(_CLOSING_HEADING_RE.match(text))


# A key printed in the paper: "Key: F = accepted in full, P = accepted in principle",
# "G = complete; A = in progress; R = not started", "✓ = achieved". Each entry is a
# short code, "=" (or ":" / a dash after "Key"), and the words it stands for.
_KEY_CODE = r"[A-Z]{1,3}|[✓✔✗✘×√]"
_KEY_ENTRY_RE = re.compile(
    rf"(?:^|[\s,;(])(?P<code>{_KEY_CODE})\s*=\s*(?P<meaning>[^,;=()]+?)\s*(?=[,;()]|\s+(?:{_KEY_CODE})\s*=|$)"
)
_KEY_LEAD_RE = re.compile(r"^\s*(?:(?:status|rag|response|progress)\s+)?key\s*[:\-–—]?\s*", re.IGNORECASE)
_KEY_DASH_ENTRY_RE = re.compile(rf"(?:^|[,;]\s*)(?P<code>{_KEY_CODE})\s*[:\-–—]\s*(?P<meaning>[^,;]+?)\s*(?=[,;]|$)")


def key_entries(text: str) -> dict[str, str]:
    """The codes a key line explains, each with the words it stands for; empty when
    the line is not a key. Only codes whose words mean a status or a response count."""
    entries: dict[str, str] = {}
    if "=" not in text and "key" not in text[:20].casefold():
        return entries
    found = [(m.group("code"), m.group("meaning")) for m in _KEY_ENTRY_RE.finditer(text)]
    lead = _KEY_LEAD_RE.match(text)
    if not found and lead:
        found = [(m.group("code"), m.group("meaning")) for m in _KEY_DASH_ENTRY_RE.finditer(text[lead.end() :])]
    for code, meaning in found:
        meaning = meaning.strip()
        if response_from_text(meaning) or status_from_label(meaning):
            entries[code] = meaning
    # One entry is an equation in a sentence, not a key.
    return entries if len(entries) >= 2 or (entries and lead) else {}


# Cover labels: the words before a colon (or in a cover table's left cell) that say
# which field of a paper's metadata the value after them is. Folded like headers.
_COVER_LABELS: dict[str, tuple[str, ...]] = {
    "council": ("council", "authority", "local authority", "name of council", "organisation"),
    "committee": (
        "committee",
        "meeting",
        "meeting of",
        "name of meeting",
        "meeting name",
        "name of committee",
        "committee name",
        "report to",
        "to",
        "relevant scrutiny committee",
        "scrutiny committee",
        "decision maker",
        "decision making body",
        "submitted to",
        "for the meeting of",
        "panel",
        "board",
    ),
    "meeting_date": (
        "date",
        "meeting date",
        "date of meeting",
        "date of the meeting",
        "committee date",
        "date of committee",
        "date of decision",
        "meeting held on",
    ),
    "title": (
        "subject",
        "title",
        "report title",
        "title of report",
        "report",
        "subject of report",
        "report subject",
        "name of report",
        "report name",
        "topic",
        "item",
        "agenda item title",
        "subject matter title of decision",
        "title of decision",
    ),
    "author": (
        "author",
        "report author",
        "contact officer",
        "contact",
        "lead officer",
        "officer contact",
        "report of",
        "report by",
        "report from",
        "from",
        "by",
    ),
}
_COVER_LABEL_FIELDS = {label: name for name, labels in _COVER_LABELS.items() for label in labels}


def cover_label(text: str) -> str | None:
    """The metadata field a cover label names ("Date of Meeting:" -> "meeting_date"),
    or None for any other words."""
    folded = re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()
    return _COVER_LABEL_FIELDS.get(folded)


# Words that end a committee's name, and the meetings that are the council itself.
COMMITTEE_NOUNS = (
    "committee",
    "sub-committee",
    "subcommittee",
    "panel",
    "board",
    "commission",
    "cabinet",
    "executive",
    "forum",
    "council",
)
FULL_COUNCIL_MEETINGS = (
    "council",
    "full council",
    "county council",
    "city council",
    "borough council",
    "district council",
)
# Short words a name keeps in lower case ("London Borough of Camden") and that do not
# count when deciding whether a name is in title case.
SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "upon", "to", "a", "an", "with", "at", "by", "under"})


# ------------------------------------------------------------------ recommendations

# Headings number recommendations in figures or, in some papers, in words
# ("Recommendation One").
NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
# A prose recommendation's heading ("Recommendation 3: ...", "Rec. 4b", "R2 -"), with its
# number and the text after it.
RECOMMENDATION_HEADING = re.compile(
    r"^(?:scrutiny\s+)?(?:recommendation|rec\.?|r(?=\s?\d))\s*(?:no\.?\s*)?"
    rf"(\d{{1,3}}[a-z]?|{'|'.join(NUMBER_WORDS)})\b\s*[:.\-–—)]?\s*(.*)$",
    re.IGNORECASE,
)


# ------------------------------------------------------------------------- covers

# Words no committee's name holds: a line with them is a sentence about a committee.
SENTENCE_WORDS = re.compile(
    r"\b(is|are|was|were|be|been|being|has|have|had|will|would|should|shall|may|can|agreed?|asked|noted?"
    r"|recommends?|resolved|considered|following|requested|received|approved|meets?|met)\b",
    re.IGNORECASE,
)
# A line opening with a person or a report is about a committee, not its name.
NOT_A_COMMITTEE_START = re.compile(r"^(report|cabinet member|member|chair|leader|director|head|officer)s?\b", re.I)
# People and councils in the plural: a labelled value naming them is not a committee.
NOT_A_COMMITTEE_WORDS = re.compile(r"\b(members?|leaders?|councils)\b", re.I)
# An agenda number before a committee's or a paper's name ("Agenda Item 5:", "3.1.").
AGENDA_ITEM_PREFIX = re.compile(
    r"^\s*(?:agenda\s+)?item\s*(?:no\.?\s*)?[\w.()]+\s*[:.\-–—]?\s*|^\s*\d+(?:\.\d+)*[.)]\s+", re.IGNORECASE
)
# The kind of paper before a committee's name ("Agenda for", "Minutes of"), or a
# reference number.
PAPER_KIND_PREFIX = re.compile(r"^\s*(?:agenda|minutes|summons)(?:\s+(?:for|of))?\s+|^\s*[\d/]{4,}\s+", re.I)
# Whom a report is addressed to ("Report to:", "For the meeting of"): dropped before
# the committee's name; ADDRESSED_TO_START says a line opens with it.
ADDRESSED_TO = re.compile(r"^\s*(?:report\s+)?(?:to|for)\s*(?:the\s+)?(?:meeting\s+of\s+)?[:\-]?\s*", re.IGNORECASE)
ADDRESSED_TO_START = re.compile(r"^\s*(report\s+)?(to|for)\b", re.I)
# "Meeting of the" before a committee's name.
MEETING_OF_PREFIX = re.compile(r"^\s*(?:the\s+)?meeting\s+of\s+(?:the\s+)?", re.IGNORECASE)
# "MINUTES of a meeting of the Cabinet held ...": the body that met.
MEETING_OF = re.compile(
    r"\b(?:minutes\s+of\s+|summons\s+to\s+)?(?:a|an|the)?\s*(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?"
    r"(?P<body>[A-Z][\w'’&,\- ]+?)(?=\s+(?:to\s+be\s+held|held|on|at|in|which|,)\b|\s*[,.(]|\s*$)",
)
# "... held on", "to be held at ... on": the meeting's date follows.
HELD_ON = re.compile(r"\b(?:held|meeting|to be held)\b[^.]{0,120}?\bon\b", re.IGNORECASE)
# A summons is to a meeting of the full council.
SUMMONS = re.compile(r"\bsummons\b", re.IGNORECASE)
# Weekday names, which a line holding only a date may also hold.
WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
# Headings every paper has and none is titled.
NOT_A_TITLE = re.compile(
    r"^(?:agenda(?:\s+item)?|item|part|appendix|annex|annexe|summary|executive summary|introduction|background"
    r"|purpose(?: of (?:the )?report)?|recommendations?|reasons? for (?:the )?recommendations?|contents"
    r"|summary and recommendations|report of|report by|report author|classification|unrestricted|restricted"
    r"|unrestricted items|public|private|exempt|not for publication|for (?:decision|information)|decision"
    r"|key decision|wards? affected|divisions? affected|electoral divisions?|page|draft)\b[\W\d]*(?:\w+\W*)?$",
    re.IGNORECASE,
)
# Lines that open as a cover's furniture, not its title ("Report of", "Agenda Item 4").
NOT_A_TITLE_START = re.compile(
    r"^(?:report\s+(?:of|by|from)\b|(?:agenda\s+)?item\b.{0,16}$|cabinet member (?:for|of)\b|contact\b|present\b)",
    re.IGNORECASE,
)
# Titles word processors and templates leave in a file's properties: not the paper's.
GENERIC_PROPERTY_TITLES = re.compile(
    r"^(?:the report|report|agenda template|template|document\s*\w?|untitled|item \d+|minutes|by:?|"
    r"powerpoint presentation|presentation|slide \d+|microsoft word - .*|appendix \w+|normal|title)$",
    re.IGNORECASE,
)


# ----------------------------------------------------------------------- councils

# Words that make a run of text a council's name rather than a place's: "Kent" is a
# county, "Kent County Council" is the authority.
COUNCIL_SUFFIXES = (
    "council",
    "county council",
    "city council",
    "borough council",
    "district council",
    "county borough council",
    "metropolitan borough council",
    "metropolitan district council",
)
# Openings that make a run of text a council's name on their own.
COUNCIL_NAME_START = re.compile(r"^(london borough of|royal borough of|city and county of|corporation of|cyngor)\b")
# Welsh forms of "... Council": council, county council, county borough council,
# city council, city and county council.
WELSH_COUNCIL_PREFIXES = ("cyngor", "cyngor sir", "cyngor bwrdeistref sirol", "cyngor dinas", "cyngor dinas a sir")
# Initials skip these words: "London Borough of Hackney" is LBH.
UNSPOKEN_IN_INITIALS = {"of", "and", "the", "upon", "on", "under", "in", "with", "le", "a"}
# A council's name as printed, known to the register or not ("Hartleigh Borough
# Council", "London Borough of Camden", "City and County of Swansea").
PRINTED_COUNCIL = re.compile(
    r"^(?:the\s+)?(?:(?:royal\s+)?(?:london\s+)?borough\s+of\s+[a-z' &-]+"
    r"|city\s+(?:and\s+county\s+)?of\s+[a-z' &-]+(?:\s+council)?"
    r"|[a-z' &.-]+?\s+(?:city|county|borough|district|metropolitan\s+borough|town|parish|unitary)?\s*council)$",
    re.IGNORECASE,
)
# How a paper calls its own council without naming the place ("the County Council").
COUNCIL_SELF_REFERENCE = re.compile(
    r"\b(County Borough|Metropolitan Borough|County|City|Borough|District) Council(?!s)\b(?!\s+of\b)"
)
# The domains of UK public bodies' web and e-mail hosts.
COUNCIL_HOST_SUFFIXES = (".gov.uk", ".gov.wales", ".llyw.cymru", ".gov.scot")
# A web or e-mail host on one of those domains, in a link or an address.
COUNCIL_HOST = re.compile(
    rf"(?:@|//|\bwww\.)((?:[\w-]+\.)+(?:{'|'.join(re.escape(s.lstrip('.')) for s in COUNCIL_HOST_SUFFIXES)}))\b", re.I
)
# Host labels that name a council's web service, not the council.
SERVICE_HOST_LABELS = {"www", "democracy", "moderngov", "committees", "democratic", "mg", "council", "cmis", "meetings"}
