"""Identity of councils and committees across the ways papers print their names.

"Children & Young People O&S Panel" and "Children and Young People Overview and
Scrutiny Panel" are one committee; "PLYMOUTH CITY COUNCIL" and "Plymouth City
Council" one council. The key is what the store compares; the printed name is kept.
"""

from __future__ import annotations

import re
import unicodedata

_ABBREVIATIONS = [
    (r"\bo\s*&\s*s\b", "overview and scrutiny"),
    (r"\bo\s+and\s+s\b", "overview and scrutiny"),
    (r"\bosc\b", "overview and scrutiny committee"),
    (r"\bosmb\b", "overview and scrutiny management board"),
    (r"\bcyp\b", "children and young people"),
    (r"\bsub\s+committee\b", "subcommittee"),
]


def name_key(name: str) -> str:
    """A comparison key: case, '&', punctuation and a leading 'the' do not matter."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("’", "'")
    text = re.sub(r"\s*&\s*", " and ", text)
    text = re.sub(r"[^\w\s&]", " ", text.replace("'", ""))
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def committee_key(name: str) -> str:
    text = name_key(name.replace("-", " "))
    for pattern, replacement in _ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def council_key(name: str) -> str:
    return name_key(name)
