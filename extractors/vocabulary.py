"""The words council papers use for table columns, status and responses.

One home for every synonym, shared by all formats: the PDF and Word readers never
look at these, the interpreter does.
"""

from __future__ import annotations

import re
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


def column_role(header: str) -> ColumnRole | None:
    """The role of a column from its header's words, or None if it has no known role."""
    role = _role_of_words(header)
    if role is None and " " in header.strip():
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


_VERDICT_HEADER = re.compile(r"\b(accept(ed)?|agreed|reject(ed)?|partially|partly)\b", re.IGNORECASE)


def is_verdict_header(header: str) -> bool:
    """A header that lists the verdicts ("Accepted / Partially / Not accepted")."""
    return bool(_VERDICT_HEADER.search(header))


# Status words. RAG colours come from status columns; the text rules read the first
# words of an update, where officers put their verdict ("Completed. ...").
_RAG = {
    "green": "completed",
    "blue": "completed",
    "amber": "in_progress",
    "yellow": "in_progress",
    "red": "outstanding",
}
_RAG_INITIALS = {"g": "completed", "b": "completed", "a": "in_progress", "r": "outstanding"}
_RAG_INITIALS_RE = re.compile(r"[gbar](\s*/\s*[gbar])?")
_LEADING_STATUS = [
    ("completed", r"(completed?|complete|done|achieved|implemented|closed|delivered)\b"),
    (
        "outstanding",
        r"(outstanding|not (yet )?started|not progressed|no progress|not done|not yet (begun|actioned)"
        r"|not (achieved|met))\b",
    ),
    (
        "in_progress",
        r"(in progress|on ?-?going|started|underway|under way|being (done|developed|progressed|implemented|reviewed)"
        r"|(partially|partly)( (completed?|implemented|achieved|met))?|progressing|on track)\b",
    ),
]
_ANYWHERE_STATUS = [
    (
        "completed",
        r"\b(this|the) (recommendation|action) (is|has been|was) (now )?(completed?|implemented|achieved|closed)\b",
    ),
    ("outstanding", r"\b(this|the) (recommendation|action) (is|remains) (outstanding|not (yet )?started)\b"),
    ("outstanding", r"\b(is|remains) outstanding\b"),
    ("in_progress", r"\b(on ?-?going|in progress|under ?way|will be ongoing|being done as part of)\b"),
    ("in_progress", r"\b(work )?(has|have) (started|begun|commenced)\b|\bstarted (in|on) \w+ \d{4}\b"),
]
_LEADING_RE = [(s, re.compile(rf"^\W*{p}", re.IGNORECASE)) for s, p in _LEADING_STATUS]
_ANYWHERE_RE = [(s, re.compile(p, re.IGNORECASE)) for s, p in _ANYWHERE_STATUS]


def status_from_label(label: str) -> str | None:
    """Status from a Status/RAG cell ("Green", "Amber - on track", "Completed")."""
    folded = label.strip().casefold()
    if not folded:
        return None
    first = re.split(r"[^a-z]+", folded, maxsplit=1)[0]
    if first in _RAG:
        return _RAG[first]
    # RAG columns often hold the colour's initial alone ("G", "A/G").
    if _RAG_INITIALS_RE.fullmatch(folded):
        return _RAG_INITIALS[folded[0]]
    return status_from_text(label)


def status_from_text(text: str) -> str | None:
    """Status from an update's own words, or None when it does not say."""
    if not text or not text.strip():
        return None
    for status, pattern in _LEADING_RE:
        if pattern.match(text):
            return status
    for status, pattern in _ANYWHERE_RE:
        if pattern.search(text):
            return status
    return None


_RESPONSES = [
    (
        "partially_accepted",
        r"(partially|partly|in part) (accepted|agreed)|accepted in part|agreed in part|part(ially)? accept",
    ),
    ("rejected", r"(not accepted|rejected|not agreed|declined|refused|do not accept|does not accept)"),
    ("accepted", r"(accepted|agreed|accept|approved|supported)"),
]
_RESPONSE_RE = [(r, re.compile(rf"^\W*{p}\b", re.IGNORECASE)) for r, p in _RESPONSES]


def response_from_text(text: str) -> str | None:
    """Executive response from a response cell ("Accepted", "Partially accepted. ...")."""
    if not text:
        return None
    for response, pattern in _RESPONSE_RE:
        if pattern.match(text):
            return response
    return None


_VERDICT_LEAD = re.compile(rf"^\W*(?:{'|'.join(p for _, p in _RESPONSES)})\b[\s.:;,\-–—]*", re.IGNORECASE)


def without_verdict(text: str) -> str:
    """A response cell's text after its verdict word ("Accepted. Officers will ..." ->
    "Officers will ..."); the whole text when there is nothing after it."""
    return _VERDICT_LEAD.sub("", text) or text


_PROGRESS_LABEL = re.compile(
    r"^(?:progress(?:\s+(?:update|to date|made))?|update|latest update|response|action taken|actions taken"
    r"|current position|position|comments?|officer comments?)"
    # A dated label: "Update (September 2011):", "Progress at March 2012 -".
    r"(?:\s*\(?\s*(?:at|as at|as of)?\s*(?:\d{1,2}\s+)?(?:[a-z]+\s+)?\d{4}\s*\)?)?"
    r"\s*[:\-–—]\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def progress_label(text: str) -> str | None:
    """The text after a "Progress:" / "Update:" label, or None if there is no label."""
    match = _PROGRESS_LABEL.match(text.strip())
    return match.group(1).strip() if match else None
