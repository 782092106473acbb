"""Text hygiene shared by every reader: the stored text is what was printed, minus the
accidents of layout (line wraps, ligatures, stray whitespace)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from scrutiny.extractors.vocabulary import SMALL_WORDS

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE_RE = re.compile("|".join(_LIGATURES))
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_SOFT_HYPHEN = "\u00ad"
# What a writer or word processor prints where a table breaks: "Continued overleaf",
# "(continued)", "Table 2 continued", "cont'd on next page".
_CONTINUATION_NOTE_RE = re.compile(
    r"""^[(\[]?\s*
    (?:table\s*[\w.]*\s*[-–:]?\s*[(\[]?\s*)?
    (?:continued|continues|cont[’']?d|cont\.)
    (?:\s+(?:overleaf|below|on\s+(?:the\s+)?(?:next|following)\s+page
             |from\s+(?:the\s+)?(?:previous|last|preceding)\s+page))?
    \s*(?:\.{1,3}|…)?\s*[)\]]?\s*[.:]?$""",
    re.IGNORECASE | re.VERBOSE,
)


def unfold_ligatures(text: str) -> str:
    return _LIGATURE_RE.sub(lambda m: _LIGATURES[m.group(0)], text)


def normalise_spaces(text: str) -> str:
    """Collapse runs of spaces (including no-break and thin spaces) to one space."""
    return _SPACES_RE.sub(" ", text).strip()


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph or cell into running text.

    A line ending in a soft hyphen was broken by the typesetter, so the hyphen goes.
    A line ending in a hard hyphen after a letter is a compound the author typed
    ("re-" + "commissioning"): word processors only break after real hyphens, so the
    hyphen stays and no space is added.
    """
    out = ""
    for raw in lines:
        line = normalise_spaces(unfold_ligatures(raw))
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith(_SOFT_HYPHEN):
            out = out[:-1] + line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[0].isalpha():
            out = out + line
        else:
            out = out + " " + line
    return out.replace(_SOFT_HYPHEN, "")


def clean_text(text: str) -> str:
    """Normalise a block of text whose line breaks are wraps, not meaning."""
    return join_lines(text.splitlines())


# Words a sentence cannot end on: text that stops on one of them was cut off and
# goes on elsewhere. (Not punctuation: items of a list end on ";" or ",", and the
# last but one on "; and".)
_DANGLING_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "for",
        "with",
        "from",
        "by",
        "among",
        "between",
        "including",
        "into",
        "within",
        "via",
        "at",
        "their",
        "its",
        "our",
        "whose",
    ]
)
_LIST_ITEM_END_RE = re.compile(r"[;,]\s*(and|or)$", re.IGNORECASE)


def ends_mid_sentence(text: str) -> bool:
    """True when the text visibly stops part-way through a sentence."""
    words = text.split()
    if not words or _LIST_ITEM_END_RE.search(text.rstrip()):
        return False
    return words[-1].casefold() in _DANGLING_WORDS


def is_continuation_note(text: str) -> bool:
    """True for a line that only says a table goes on elsewhere ("Continued overleaf")."""
    return bool(_CONTINUATION_NOTE_RE.match(normalise_spaces(text)))


def is_blank(text: str | None) -> bool:
    return text is None or not text.strip()


def fold_for_comparison(text: str) -> str:
    """A key for comparing two printed strings (header rows, repeated furniture)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return text.strip()


def calendar_date(year: str | int, month: str | int, day: str | int) -> date | None:
    """The date of digits read as year, month and day; None when the calendar has no
    such day (a 30 February, a month 13)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def tidy_name(text: str) -> str:
    """ALL-CAPS names as a person would write them; others as printed."""
    text = re.sub(r"\s+", " ", text).strip(" -–—:,;")
    if text.isupper():
        words = text.lower().split(" ")
        text = " ".join(w if (i and w in SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))
        text = re.sub(r"\bO&s\b", "O&S", text)
    return text
