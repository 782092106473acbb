"""Theme tagging with spaCy: a taxonomy file becomes PhraseMatcher and Matcher rules
inside a registered pipeline component, so every hit keeps the span that matched."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import spacy
import yaml
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from scrutiny.extractors.items import EntityHit, Item, ThemeHit

TAXONOMY_ENV = "SCRUTINY_TAXONOMY"
SPANS_KEY = "themes"
ENTITY_SPANS_KEY = "entities"


@dataclass(frozen=True)
class NearRule:
    """A concept told by two kinds of word close together: a word of `first`, then a
    word of `then` at most `window` words later (or, when `reverse_window` is set, a
    word of `then` at most that many words before it), in one sentence. Words are
    matched on lemmas."""

    name: str
    first: tuple[str, ...]
    then: tuple[str, ...]
    window: int = 5
    reverse_window: int = 0


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    description: str = ""
    phrases: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    patterns: tuple = ()
    near: tuple[NearRule, ...] = ()


@dataclass(frozen=True)
class EntityDefinition:
    name: str  # canonical
    label: str = "ORG"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    # Content hash of the file: which taxonomy produced a tag.
    version: str
    path: str = ""
    entities: tuple[EntityDefinition, ...] = ()

    def slugs(self) -> list[str]:
        return [t.slug for t in self.themes]


class TaxonomyError(ValueError):
    """The taxonomy file is not valid; the message says where."""


def default_taxonomy_path() -> Path:
    configured = os.environ.get(TAXONOMY_ENV)
    if configured:
        return Path(configured)
    return Path(str(resources.files("scrutiny.pipeline").joinpath("taxonomy.yaml")))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    path = Path(path) if path else default_taxonomy_path()
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise TaxonomyError(f"{path}: not valid YAML{where}: {problem}") from exc
    themes = []
    seen = set()
    for index, entry in enumerate(data.get("themes") or []):
        if not isinstance(entry, dict) or not entry.get("slug"):
            raise TaxonomyError(f"{path}: theme #{index + 1} has no slug")
        slug = str(entry["slug"])
        if slug in seen:
            raise TaxonomyError(f"{path}: theme {slug!r} is defined twice")
        seen.add(slug)
        themes.append(
            Theme(
                slug=slug,
                label=str(entry.get("label") or slug),
                description=str(entry.get("description") or ""),
                phrases=tuple(str(p) for p in entry.get("phrases") or ()),
                terms=tuple(str(t) for t in entry.get("terms") or ()),
                acronyms=tuple(str(a) for a in entry.get("acronyms") or ()),
                patterns=tuple(entry.get("patterns") or ()),
                near=tuple(_near_rule(path, slug, rule) for rule in entry.get("near") or ()),
            )
        )
    entities = []
    for index, entry in enumerate(data.get("entities") or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise TaxonomyError(f"{path}: entity #{index + 1} has no name")
        aliases = tuple(str(a) for a in entry.get("aliases") or ()) or (str(entry["name"]),)
        entities.append(
            EntityDefinition(name=str(entry["name"]), label=str(entry.get("label") or "ORG"), aliases=aliases)
        )
    return Taxonomy(
        themes=tuple(themes),
        version=hashlib.sha256(raw).hexdigest()[:16],
        path=str(path),
        entities=tuple(entities),
    )


def _near_rule(path: Path, slug: str, entry: object) -> NearRule:
    if not isinstance(entry, dict) or not entry.get("first") or not entry.get("then"):
        raise TaxonomyError(f"{path}: a 'near' rule of theme {slug!r} needs 'first' and 'then' word lists")
    try:
        window = int(entry.get("window", 5))
        reverse_window = int(entry.get("reverse_window", 0))
    except (TypeError, ValueError) as exc:
        raise TaxonomyError(f"{path}: a 'near' rule of theme {slug!r} has a window that is not a number") from exc
    return NearRule(
        name=str(entry.get("name") or f"{slug} near rule"),
        first=tuple(str(w) for w in entry["first"]),
        then=tuple(str(w) for w in entry["then"]),
        window=window,
        reverse_window=reverse_window,
    )


# Tokens a concept's two words may not have between them: they end a sentence or
# clause, so the words belong to different statements.
_CLAUSE_ENDS = frozenset({".", ";", "!", "?", ":"})


class ThemeMatcher:
    """Pipeline component: marks every taxonomy match in `doc.spans["themes"]`,
    labelled with the theme's slug."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.by_pattern = Matcher(nlp.vocab)
        # Term patterns need lemmas, so they go through the pipeline up to (not
        # including) this component.
        lemmatise = [proc for _, proc in nlp.pipeline]

        def lemmatised(words: tuple[str, ...]) -> list[Doc]:
            docs = []
            for word in words:
                doc = nlp.make_doc(word)
                for proc in lemmatise:
                    doc = proc(doc)
                docs.append(doc)
            return docs

        # Both word lists of every near rule go into the lemma matcher too, keyed
        # "near <rule number> first|then", so one pass over the text finds them all.
        self.near_rules: list[tuple[str, NearRule]] = []
        for theme in taxonomy.themes:
            for rule in theme.near:
                number = len(self.near_rules)
                self.near_rules.append((theme.slug, rule))
                self.by_lemma.add(f"near {number} first", lemmatised(rule.first))
                self.by_lemma.add(f"near {number} then", lemmatised(rule.then))
            if theme.phrases:
                self.by_lower.add(theme.slug, [nlp.make_doc(p) for p in theme.phrases])
            if theme.terms:
                self.by_lemma.add(theme.slug, lemmatised(theme.terms))
            if theme.acronyms:
                self.by_orth.add(theme.slug, [nlp.make_doc(a) for a in theme.acronyms])
            if theme.patterns:
                self.by_pattern.add(theme.slug, [list(p) for p in theme.patterns])
        # A taxonomy need not use every kind of rule; empty matchers are skipped.
        self.matchers = [m for m in (self.by_lower, self.by_lemma, self.by_orth, self.by_pattern) if len(m) > 0]

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        near_words: dict[str, list[tuple[int, int]]] = {}
        strings = doc.vocab.strings
        for matcher in self.matchers:
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                if key.startswith("near "):
                    near_words.setdefault(key, []).append((start, end))
                else:
                    spans.append(Span(doc, start, end, label=match_id))
        if near_words:
            # A concept hit over words a phrase or term already tagged with the same
            # theme adds nothing to the explanation.
            spans.extend(
                near
                for near in self._near_spans(doc, near_words)
                if not any(s.label == near.label and s.start < near.end and near.start < s.end for s in spans)
            )
        spans = [s for s in spans if not _is_school_holiday(s)]
        doc.spans[SPANS_KEY] = sorted(set(spans), key=lambda s: (s.start, s.end, s.label_))
        return doc

    def _near_spans(self, doc: Doc, found: dict[str, list[tuple[int, int]]]) -> list[Span]:
        """One span per pair of a rule's words close enough in one sentence, from the
        first word to the last, so the hit shows both."""
        spans = []
        for number, (slug, rule) in enumerate(self.near_rules):
            firsts = found.get(f"near {number} first")
            thens = found.get(f"near {number} then")
            if not firsts or not thens:
                continue
            for f_start, f_end in firsts:
                # The nearest word of the other kind explains the hit; farther ones
                # would only repeat it.
                nearest: tuple[int, int, int] | None = None
                for t_start, t_end in thens:
                    if t_start >= f_end:
                        gap, left, right, limit = t_start - f_end, f_end, t_start, rule.window
                    elif f_start >= t_end:
                        gap, left, right, limit = f_start - t_end, t_end, f_start, rule.reverse_window
                    else:
                        continue
                    if gap > limit or any(doc[i].text in _CLAUSE_ENDS for i in range(left, right)):
                        continue
                    if nearest is None or gap < nearest[0]:
                        nearest = (gap, min(f_start, t_start), max(f_end, t_end))
                if nearest is not None:
                    spans.append(Span(doc, nearest[1], nearest[2], label=slug))
        return spans


def _is_school_holiday(span) -> bool:
    # "school holidays" names a time, not support in schools (see taxonomy.yaml).
    if span.label_ != "schools" or span.end >= len(span.doc):
        return False
    return span.doc[span.end].lemma_.lower() in {"holiday", "holidays", "term-time"}


class LowercaseLookupLemmatizer:
    """Lemmas from spacy-lookups-data's English table, looked up on the lower-cased
    word: the stock lookup lemmatizer uses the word as printed, so "Schools" at the
    start of a sentence would not become "school"."""

    def __init__(self, table):
        self.table = table

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        for token in doc:
            lower = token.lower_
            token.lemma_ = table.get(lower, lower)
        return doc


@Language.factory("lowercase_lookup_lemmatizer")
def make_lowercase_lookup_lemmatizer(nlp: Language, name: str) -> LowercaseLookupLemmatizer:
    lookups = load_lookups(lang=nlp.lang, tables=["lemma_lookup"])
    return LowercaseLookupLemmatizer(lookups.get_table("lemma_lookup"))


@Language.factory("scrutiny_themes", default_config={"taxonomy_path": None})
def make_theme_matcher(nlp: Language, name: str, taxonomy_path: str | None) -> ThemeMatcher:
    return ThemeMatcher(nlp, load_taxonomy(taxonomy_path))


def build_nlp(taxonomy: Taxonomy) -> Language:
    """A blank English pipeline with lookup lemmas and the theme component.

    Lookup tables come from spacy-lookups-data, installed with the project, so
    nothing is downloaded.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("lowercase_lookup_lemmatizer")
    nlp.add_pipe("scrutiny_themes", config={"taxonomy_path": taxonomy.path or None})
    if taxonomy.entities:
        _add_entity_ruler(nlp, taxonomy)
    return nlp


def _add_entity_ruler(nlp: Language, taxonomy: Taxonomy) -> None:
    """Named organisations as spans, each carrying its canonical name as its id.

    Acronyms (aliases in capitals) must match as written: "PCT" is a trust, "pct"
    is not; other aliases match in any case.
    """
    by_attr: dict[str, list[dict]] = {"ORTH": [], "LOWER": []}
    for entity in taxonomy.entities:
        for alias in entity.aliases:
            attr = "ORTH" if alias.isupper() else "LOWER"
            by_attr[attr].append({"label": entity.label, "pattern": alias, "id": entity.name})
    for attr, patterns in by_attr.items():
        if not patterns:
            continue
        ruler = nlp.add_pipe(
            "span_ruler",
            name=f"entities_{attr.lower()}",
            config={"spans_key": ENTITY_SPANS_KEY, "phrase_matcher_attr": attr, "overwrite": False},
        )
        ruler.add_patterns(patterns)


@dataclass
class ThemeTagger:
    """Tags items' recommendation and progress text with the taxonomy's themes."""

    taxonomy: Taxonomy
    batch_size: int = 256
    nlp: Language = field(init=False)

    def __post_init__(self) -> None:
        self.nlp = build_nlp(self.taxonomy)

    @property
    def version(self) -> str:
        return self.taxonomy.version

    def hits(self, text: str, field_name: str) -> list[ThemeHit]:
        return _hits(self.nlp(text), field_name)

    def analyse(self, texts: list[str], field_name: str) -> list[tuple[list[ThemeHit], list[EntityHit]]]:
        """Theme and entity hits for each text, in order."""
        docs = self.nlp.pipe(texts, batch_size=self.batch_size)
        return [(_hits(doc, field_name), _entity_hits(doc, field_name)) for doc in docs]

    def tag(self, items: Iterable[Item]) -> None:
        items = list(items)
        texts: list[tuple[Item, str, str]] = []
        for item in items:
            item.theme_hits = []
            item.entity_hits = []
            texts.append((item, "recommendation", item.recommendation or ""))
            if item.progress:
                texts.append((item, "progress", item.progress))
        docs = self.nlp.pipe((t for _, _, t in texts), batch_size=self.batch_size)
        for (item, field_name, _), doc in zip(texts, docs):
            item.theme_hits.extend(_hits(doc, field_name))
            item.entity_hits.extend(_entity_hits(doc, field_name))


def _entity_hits(doc: Doc, field_name: str) -> list[EntityHit]:
    spans = doc.spans.get(ENTITY_SPANS_KEY, [])
    # Where aliases overlap ("Plymouth Safeguarding Children's Board" and "Children's
    # ..."), the longest span names the organisation.
    kept = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if any(span.start < k.end and k.start < span.end for k in kept):
            continue
        kept.append(span)
    return [
        EntityHit(label=s.label_, name=s.id_, matched=s.text, field=field_name, start=s.start_char, end=s.end_char)
        for s in sorted(kept, key=lambda s: s.start)
    ]


def _hits(doc: Doc, field_name: str) -> list[ThemeHit]:
    return [
        ThemeHit(slug=s.label_, matched=s.text, field=field_name, start=s.start_char, end=s.end_char)
        for s in doc.spans.get(SPANS_KEY, [])
    ]
