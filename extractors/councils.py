"""Which council a paper belongs to: the UK register of principal authorities.

The register (``extractors/data``, from mySociety, see its NOTICE) lists every UK
principal local authority, current and former, with its official name, short name,
ONS code, nation, region, kind and the many spellings papers use. A council is
recognised by any of those names, by the council-word forms papers print ("Swansea
Council", "Kent CC", "Cyngor Abertawe"), by its initials ("KCC") when no other
authority shares them, and, for filters typed by people, by its three-letter code.
A name the register lacks (a parish, a fire authority, an invented sample council)
is simply not found here; callers keep the printed name.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources

from scrutiny.extractors.vocabulary import (
    COUNCIL_HOST_SUFFIXES,
    COUNCIL_NAME_START,
    COUNCIL_SUFFIXES,
    SERVICE_HOST_LABELS,
    UNSPOKEN_IN_INITIALS,
    WELSH_COUNCIL_PREFIXES,
)

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&", re.UNICODE)
_LONGEST_NAME_WORDS = 10


@dataclass(frozen=True)
class Authority:
    """One principal local authority as the register describes it."""

    code: str  # the register's three letters, stable across renames ("KEN")
    name: str  # official name ("Kent County Council")
    short_name: str  # "Kent"
    gss_code: str | None  # ONS code, the key to ONS statistics
    nation: str
    region: str | None
    kind: str  # "County", "Non-metropolitan district", "London borough", ...
    county_code: str | None  # the county council over a district
    start_date: date | None
    end_date: date | None  # set for an abolished or merged council
    replaced_by: tuple[str, ...] = ()

    def active_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or day < self.end_date)

    @property
    def current(self) -> bool:
        return self.end_date is None


@dataclass(frozen=True)
class CouncilMention:
    """A council named in a run of text."""

    authority: Authority
    printed: str  # as printed
    start: int
    end: int
    # "name": a council's own name ("Swansea Council", "London Borough of Hackney");
    # "initials": its unique initials ("KCC"); "place": its place name alone
    # ("Kent"), which names a county, not necessarily its council.
    strength: str


def name_key(text: str) -> str:
    """Case, '&', apostrophes, punctuation and a leading 'the' do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("'", "")
    text = re.sub(r"\s*&\s*", " and ", text)
    text = re.sub(r"[^\w]+|_", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@functools.lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> tuple[str, str]:
    """A word's part of a name key ("Kent County Council's" names the council too)
    and the first word of that part. Kept for the words met so far: papers repeat
    their words."""
    key = name_key(re.sub(r"['’]s$", "", token)) if token != "&" else "and"
    return key, key.split(" ", 1)[0]


def initials(name: str) -> str:
    """ "Kent County Council" -> "KCC"."""
    return "".join(w[0] for w in name_key(name).split() if w not in UNSPOKEN_IN_INITIALS).upper()


class CouncilRegister:
    """Look councils up by any name, initials or code; find them in text."""

    def __init__(self, authorities: Iterable[Authority], names: Iterable[tuple[str, str]] = ()) -> None:
        self._by_code: dict[str, Authority] = {a.code: a for a in authorities}
        # Every spelling, council-word form or not, for a whole string naming a council.
        self._names: dict[str, set[str]] = {}
        # Spellings that name the authority itself when met in running text.
        self._strong: dict[str, set[str]] = {}
        self._places: dict[str, set[str]] = {}
        spellings: dict[str, set[str]] = {code: {a.name, a.short_name} for code, a in self._by_code.items()}
        for name, code in names:
            if code in spellings and name.strip():
                spellings[code].add(name.strip())
        for code, found in spellings.items():
            authority = self._by_code[code]
            for spelling in found:
                self._add_spelling(code, name_key(spelling), authority)
        self._initials: dict[str, set[str]] = {}
        for code, authority in self._by_code.items():
            self._initials.setdefault(initials(authority.name), set()).add(code)
            # "Kent CC", "Cherwell DC": the short name and the initials of the rest.
            short, official = name_key(authority.short_name), name_key(authority.name)
            if official.startswith(short + " ") and len(official) > len(short) + 1:
                rest = initials(official[len(short) + 1 :]).lower()
                if len(rest) >= 2:
                    self._add_council_name(f"{short} {rest}", code)

        self._first_words = {key.split(" ", 1)[0] for index in (self._strong, self._places) for key in index}

    @classmethod
    def from_csv(cls, authorities_csv: str, names_csv: str | None = None) -> CouncilRegister:
        rows = list(csv.DictReader(authorities_csv.splitlines()))
        names = [(alt, row["local-authority-code"]) for row in rows for alt in row["alt-names"].split(",")]
        if names_csv:
            names += [(row["name"], row["local-authority-code"]) for row in csv.DictReader(names_csv.splitlines())]
        return cls([_authority(row) for row in rows], names)

    def _add_spelling(self, code: str, key: str, authority: Authority) -> None:
        if not key:
            return
        if "council" in key.split() or COUNCIL_NAME_START.match(key):
            self._add_council_name(key, code)
            # "City and County of Swansea" names the council without the word.
            if key.endswith(" council") and COUNCIL_NAME_START.match(key) and not key.startswith("cyngor"):
                self._add_council_name(key[: -len(" council")], code)
        else:
            self._add(self._names, key, code)
            self._add(self._places, key, code)
            for suffix in COUNCIL_SUFFIXES:
                self._add_council_name(f"{key} {suffix}", code)
        if authority.nation == "Wales":
            bare = re.sub(r" ?\bcouncil$", "", key)
            for prefix in WELSH_COUNCIL_PREFIXES:
                self._add_council_name(f"{prefix} {bare}", code)

    def _add_council_name(self, key: str, code: str) -> None:
        """A spelling that names the council itself, whether it is the whole of a
        string or met in running text."""
        self._add(self._strong, key, code)
        self._add(self._names, key, code)

    @staticmethod
    def _add(index: dict[str, set[str]], key: str, code: str) -> None:
        index.setdefault(key, set()).add(code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def by_code(self, code: str) -> Authority | None:
        return self._by_code.get(code.strip().upper())

    def county_of(self, authority: Authority) -> Authority | None:
        return self._by_code.get(authority.county_code) if authority.county_code else None

    def resolve(self, text: str, on: date | None = None) -> Authority | None:
        """The authority a whole string names: any spelling ("swansea", "Abertawe",
        "City and County of Swansea Council"), its code ("SWA") or its unique
        initials ("KCC"); None when the register has no such council or the name
        is shared by councils that `on` (a meeting date) does not tell apart."""
        text = text.strip()
        if not text:
            return None
        if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in self._by_code:
            return self._by_code[text.upper()]
        key = name_key(text)
        codes = self._names.get(key)
        if codes is None and key.endswith(" council"):
            codes = self._names.get(key[: -len(" council")])
        if codes is None and re.fullmatch(r"[A-Z]{2,6}", text):
            codes = self._initials.get(text)
        return self._choose(codes, on)

    def find(self, text: str, on: date | None = None, places: bool = False) -> list[CouncilMention]:
        """Councils named in running text, longest name first at each place; with
        `places`, bare place names ("Kent") too."""
        words = _TOKEN.findall(text)
        keyed = [_token_key(word) for word in words]
        # Most words begin no council's name or place and are no council's initials:
        # only the words that may open a mention are tried.
        first_words, initials_known = self._first_words, self._initials
        openers = [
            i
            for i, (key, first_word) in enumerate(keyed)
            if not first_word or first_word in first_words or words[i] in initials_known
        ]
        if not openers:
            return []
        tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        keys = [key for key, _ in keyed]
        found: list[CouncilMention] = []
        after = 0  # the first token not yet taken by a mention
        for i in openers:
            if i < after:
                continue
            mention = self._mention_at(text, tokens, keys, i, on, places)
            if mention is not None:
                found.append(mention[0])
                after = mention[1]
        return found

    def _mention_at(self, text, tokens, keys, i, on, places) -> tuple[CouncilMention, int] | None:
        first_word = keys[i].split(" ", 1)[0]
        lengths = min(_LONGEST_NAME_WORDS, len(tokens) - i) if not first_word or first_word in self._first_words else 0
        for length in range(lengths, 0, -1):
            key = " ".join(k for k in keys[i : i + length] if k)
            start, end = tokens[i][1], tokens[i + length - 1][2]
            for index, strength in ((self._strong, "name"), (self._places, "place")):
                if strength == "place" and not places:
                    continue
                codes = index.get(key)
                if not codes:
                    continue
                # A place is a proper noun: "kent" is not "Kent".
                if strength == "place" and not text[start].isupper():
                    continue
                authority = self._choose(codes, on)
                if authority is not None:
                    return CouncilMention(authority, text[start:end], start, end, strength), i + length
        word = tokens[i][0]
        # Initials count only printed in capitals and only when no other council has them.
        codes = self._initials.get(word)
        if codes and len(codes) == 1 and re.fullmatch(r"[A-Z]{3,6}", word):
            return CouncilMention(self._by_code[next(iter(codes))], word, tokens[i][1], tokens[i][2], "initials"), i + 1
        return None

    def _choose(self, codes: set[str] | None, on: date | None) -> Authority | None:
        if not codes:
            return None
        candidates = [self._by_code[c] for c in sorted(codes)]
        if len(candidates) > 1 and on is not None:
            active = [a for a in candidates if a.active_on(on)]
            candidates = active or candidates
        if len(candidates) > 1:
            current = [a for a in candidates if a.current]
            if len(current) == 1:
                candidates = current
        return candidates[0] if len(candidates) == 1 else None


def council_from_host(host: str, register: CouncilRegister | None = None) -> Authority | None:
    """The council a web or e-mail host belongs to: democracy.kent.gov.uk is Kent,
    www.swansea.gov.uk Swansea, moderngov.hackney.gov.uk Hackney."""
    register = register or uk_register()
    host = host.casefold().strip(".")
    suffix = next((s for s in COUNCIL_HOST_SUFFIXES if host.endswith(s)), None)
    if suffix is None:
        return None
    labels = [label for label in host[: -len(suffix)].split(".") if label not in SERVICE_HOST_LABELS]
    if not labels:
        return None
    label = labels[-1]
    authority = register.resolve(label.replace("-", " "))
    if authority is None and len(label) > 4 and label.endswith(("cc", "dc", "bc")):
        authority = register.resolve(label[:-2])
    return authority


@functools.cache
def uk_register() -> CouncilRegister:
    """The register shipped with the package (read once; it never changes)."""
    data = resources.files("scrutiny.extractors") / "data"
    return CouncilRegister.from_csv(
        (data / "uk_local_authorities.csv").read_text(encoding="utf-8"),
        (data / "uk_local_authority_names.csv").read_text(encoding="utf-8"),
    )


def _authority(row: dict[str, str]) -> Authority:
    return Authority(
        code=row["local-authority-code"],
        name=row["official-name"],
        short_name=row["nice-name"] or row["official-name"],
        gss_code=row["gss-code"] or None,
        nation=row["nation"],
        region=row["region"] or None,
        kind=row["local-authority-type-name"],
        county_code=row["county-la"] or None,
        start_date=_iso(row["start-date"]),
        end_date=_iso(row["end-date"]),
        replaced_by=tuple(c.strip() for c in row["replaced-by"].split(",") if c.strip()),
    )


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None
