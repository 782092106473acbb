"""Turning one ExtractedDocument into rows.

Items map to progress updates; items sharing a recommendation text share one
recommendation row. Councils, committees and themes are shared between documents
and looked up by name or slug before being created.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TypeVar

from sqlalchemy import Select, delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scrutiny.extractors.councils import Authority, uk_register
from scrutiny.extractors.items import EntityHit, ExtractedDocument, Item, ThemeHit
from scrutiny.models.lineage import link_recommendations, previous_assignments
from scrutiny.models.names import committee_key, council_key
from scrutiny.models.schema import (
    Base,
    Committee,
    Council,
    Document,
    Entity,
    EntityMention,
    ProgressUpdate,
    ProgressUpdateTheme,
    Recommendation,
    RecommendationTheme,
    Theme,
)

THEME_FIELDS = ("recommendation", "progress")

_Row = TypeVar("_Row", bound=Base)


def write_document(session: Session, doc: ExtractedDocument, *, taxonomy_version: str | None = None) -> int:
    for item in doc.items:
        for hit in item.theme_hits:
            if hit.field not in THEME_FIELDS:
                raise ValueError(f"theme hit field {hit.field!r} is not one of {THEME_FIELDS}")

    replaced = list(session.scalars(select(Document.id).where(Document.sha256 == doc.sha256)))
    previous = previous_assignments(session, replaced)
    # Bulk delete: the database cascades to recommendations, updates and theme links.
    session.execute(delete(Document).where(Document.sha256 == doc.sha256))
    session.expire_all()

    meta = doc.metadata
    council = _council(session, meta.council, meta.council_code) if meta.council is not None else None
    committee = _committee(session, council, meta.committee) if meta.committee is not None else None
    themes = _themes(session, {hit.slug for item in doc.items for hit in item.theme_hits})
    entities = _entities(session, {(h.label, h.name) for item in doc.items for h in item.entity_hits})

    document = Document(
        sha256=doc.sha256,
        path=doc.path,
        format=doc.format,
        pages=doc.pages,
        title=meta.title,
        council=council,
        committee=committee,
        meeting_date=meta.meeting_date,
        report_date=meta.report_date,
        author=meta.author,
        council_text=meta.council_printed or meta.council,
        committee_text=meta.committee,
        source_url=meta.source_url,
        metadata_sources={name: asdict(source) for name, source in meta.sources.items()} or None,
        extractor_version=doc.extractor_version,
        warnings=list(doc.warnings),
    )
    by_text: dict[str, Recommendation] = {}
    mentions: list[tuple[Recommendation, ProgressUpdate | None, EntityHit]] = []
    for ordinal, item in enumerate(doc.items):
        recommendation = by_text.get(item.recommendation)
        if recommendation is None:
            recommendation = _recommendation(item, ordinal=len(by_text))
            recommendation.document = document
            by_text[item.recommendation] = recommendation
        else:
            _fill_gaps(recommendation, item)
        update = None
        if _reports_progress(item):
            update = _progress_update(item, ordinal)
            update.document = document
            update.recommendation = recommendation
        _link_themes(recommendation, update, item.theme_hits, themes, taxonomy_version)
        mentions.extend((recommendation, update, hit) for hit in item.entity_hits)

    session.add(document)
    session.flush()
    _add_mentions(session, mentions, entities, taxonomy_version)
    _lock_council_lineages(session, council)
    link_recommendations(session, council, list(by_text.values()), previous)
    session.flush()
    return document.id


def _lock_council_lineages(session: Session, council: Council | None) -> None:
    """Linking reads a council's lineages and adds to them. Two runs linking papers of
    one council at once would each miss the other's uncommitted lineages and start a
    second lineage for the same recommendation, so on PostgreSQL the second waits
    here until the first commits (READ COMMITTED then shows it the new lineages).
    SQLite lets one transaction write at a time, which serialises linking already."""
    if council is None or session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_advisory_xact_lock(hashtext('scrutiny.lineage.' || current_schema() || '.' || :key))"),
        {"key": council.key},
    )


def _reports_progress(item: Item) -> bool:
    """An item from a paper that only makes recommendations has no update to store."""
    return bool(item.progress or item.status_text or item.response_text or item.response)


def _add_mentions(
    session: Session,
    mentions: list[tuple[Recommendation, ProgressUpdate | None, EntityHit]],
    entities: dict[tuple[str, str], Entity],
    taxonomy_version: str | None,
) -> None:
    seen: set[tuple[str, int, str, int, int]] = set()
    for recommendation, update, hit in mentions:
        on_update = hit.field == "progress"
        if on_update and update is None:
            continue
        owner = ("update", update.id) if on_update else ("recommendation", recommendation.id)
        key = (*owner, hit.name, hit.start, hit.end)
        if key in seen:
            continue
        seen.add(key)
        owner_id = update.id if on_update else recommendation.id
        session.add(_mention(hit, entities[(hit.label, hit.name)], owner_id, taxonomy_version))


def _mention(hit: EntityHit, entity: Entity, owner_id: int, taxonomy_version: str | None) -> EntityMention:
    """The row saying where an entity was named: in a recommendation or an update."""
    on_update = hit.field == "progress"
    return EntityMention(
        entity=entity,
        recommendation_id=None if on_update else owner_id,
        progress_update_id=owner_id if on_update else None,
        matched=hit.matched,
        start_offset=hit.start,
        end_offset=hit.end,
        taxonomy_version=taxonomy_version,
    )


def _theme_link(
    hit: ThemeHit, theme: Theme, taxonomy_version: str | None, owner_id: int | None = None
) -> RecommendationTheme | ProgressUpdateTheme:
    """The row saying a theme was found in a recommendation's or an update's text."""
    fields = dict(
        theme=theme,
        matched=hit.matched,
        start_offset=hit.start,
        end_offset=hit.end,
        taxonomy_version=taxonomy_version,
    )
    if hit.field == "recommendation":
        return RecommendationTheme(recommendation_id=owner_id, **fields)
    return ProgressUpdateTheme(progress_update_id=owner_id, **fields)


def _recommendation(item: Item, ordinal: int) -> Recommendation:
    return Recommendation(
        ordinal=ordinal,
        text=item.recommendation,
        ref=item.ref,
        section=item.section,
        lead_officer=item.lead_officer,
        target_date=item.target_date,
        page=item.source.page,
    )


def _fill_gaps(recommendation: Recommendation, item: Item) -> None:
    # A repeated recommendation (one row per update) may only carry its ref or
    # officer on some of its rows.
    for name in ("ref", "section", "lead_officer", "target_date"):
        if getattr(recommendation, name) is None:
            setattr(recommendation, name, getattr(item, name))


def _progress_update(item: Item, ordinal: int) -> ProgressUpdate:
    source = item.source
    return ProgressUpdate(
        ordinal=ordinal,
        text=item.progress,
        status=item.status,
        status_text=item.status_text,
        status_evidence=asdict(item.status_evidence) if item.status_evidence else None,
        response=item.response,
        response_text=item.response_text,
        page=source.page,
        page_end=source.page_end,
        table_index=source.table,
        row_index=source.row,
        bbox=source.bbox.as_list() if source.bbox is not None else None,
        cell_bboxes=[[page, bbox.as_list()] for page, bbox in source.cell_bboxes],
        source_kind=source.kind,
        extraction_method=source.method,
        confidence=item.confidence,
    )


def _link_themes(
    recommendation: Recommendation,
    update: ProgressUpdate | None,
    hits: list[ThemeHit],
    themes: dict[str, Theme],
    taxonomy_version: str | None,
) -> None:
    # Every item repeating a recommendation repeats its hits; keep each span once.
    seen = {
        ("recommendation", link.theme.slug, link.start_offset, link.end_offset) for link in recommendation.theme_links
    }
    for hit in hits:
        owner = recommendation if hit.field == "recommendation" else update
        key = (hit.field, hit.slug, hit.start, hit.end)
        if owner is None or key in seen:
            continue
        seen.add(key)
        owner.theme_links.append(_theme_link(hit, themes[hit.slug], taxonomy_version))


def _council(session: Session, name: str, code: str | None) -> Council:
    """The council row: one per register code, whatever the paper printed; a council
    the register lacks, one per spelling key."""
    authority = uk_register().by_code(code) if code else None
    if authority is None:
        key = council_key(name)
        return _get_or_create(session, select(Council).where(Council.key == key), Council(name=name, key=key))
    found = session.scalars(select(Council).where(Council.code == authority.code)).first()
    if found is not None:
        return found
    key = council_key(authority.name)
    # A council stored by its printed name before it had a code takes its identity now.
    found = session.scalars(select(Council).where(Council.key == key)).first()
    if found is None:
        return _get_or_create(
            session, select(Council).where(Council.code == authority.code), Council(key=key, **_identity(authority))
        )
    for column, value in _identity(authority).items():
        setattr(found, column, value)
    return found


def _identity(authority: Authority) -> dict:
    return {
        "name": authority.name,
        "code": authority.code,
        "gss_code": authority.gss_code,
        "nation": authority.nation,
        "region": authority.region,
        "kind": authority.kind,
        "county_code": authority.county_code,
        "start_date": authority.start_date,
        "end_date": authority.end_date,
    }


def _committee(session: Session, council: Council | None, name: str) -> Committee:
    council_id = council.id if council is not None else None
    key = committee_key(name)
    query = (
        select(Committee)
        .where(Committee.council_id == council_id, Committee.key == key)
        .order_by(Committee.id)
        .limit(1)
    )
    return _get_or_create(session, query, Committee(council_id=council_id, name=name, key=key))


def _entities(session: Session, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Entity]:
    found: dict[tuple[str, str], Entity] = {}
    for label, name in sorted(wanted):
        query = select(Entity).where(Entity.label == label, Entity.name == name)
        found[(label, name)] = _get_or_create(session, query, Entity(label=label, name=name))
    return found


def _themes(session: Session, slugs: set[str]) -> dict[str, Theme]:
    if not slugs:
        return {}
    found = {t.slug: t for t in session.scalars(select(Theme).where(Theme.slug.in_(slugs)))}
    for slug in sorted(slugs - found.keys()):
        query = select(Theme).where(Theme.slug == slug)
        found[slug] = _get_or_create(session, query, Theme(slug=slug))
    return found


def _get_or_create(session: Session, query: Select[Any], new: _Row) -> _Row:
    existing = session.scalars(query).first()
    if existing is not None:
        return existing
    # A concurrent ingest may insert the same name first; the savepoint lets this
    # transaction carry on with that row instead of failing.
    try:
        with session.begin_nested():
            session.add(new)
    except IntegrityError:
        return session.scalars(query).one()
    return new


def replace_tags(
    session: Session,
    recommendation_hits: dict[int, tuple[list[ThemeHit], list[EntityHit]]],
    update_hits: dict[int, tuple[list[ThemeHit], list[EntityHit]]],
    taxonomy_version: str | None,
) -> tuple[int, int]:
    """Swap the stored theme links and entity mentions of these recommendations and
    updates (by id) for new hits. Returns the numbers of theme links and mentions."""
    rec_ids, update_ids = list(recommendation_hits), list(update_hits)
    if rec_ids:
        session.execute(delete(RecommendationTheme).where(RecommendationTheme.recommendation_id.in_(rec_ids)))
        session.execute(delete(EntityMention).where(EntityMention.recommendation_id.in_(rec_ids)))
    if update_ids:
        session.execute(delete(ProgressUpdateTheme).where(ProgressUpdateTheme.progress_update_id.in_(update_ids)))
        session.execute(delete(EntityMention).where(EntityMention.progress_update_id.in_(update_ids)))
    all_hits = [*recommendation_hits.values(), *update_hits.values()]
    themes = _themes(session, {h.slug for theme_hits, _ in all_hits for h in theme_hits})
    entities = _entities(session, {(h.label, h.name) for _, entity_hits in all_hits for h in entity_hits})
    links = mentions = 0
    for hits_by_id in (recommendation_hits, update_hits):
        for owner_id, (theme_hits, entity_hits) in hits_by_id.items():
            unique = {(h.slug, h.start, h.end): h for h in theme_hits}
            for _, hit in sorted(unique.items()):
                session.add(_theme_link(hit, themes[hit.slug], taxonomy_version, owner_id))
                links += 1
            for hit in entity_hits:
                session.add(_mention(hit, entities[(hit.label, hit.name)], owner_id, taxonomy_version))
                mentions += 1
    session.flush()
    return links, mentions
