"""Re-tag stored text after the taxonomy changes, without reading the papers again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from scrutiny.models import store
from scrutiny.pipeline.themes import Taxonomy, ThemeTagger


@dataclass
class RetagSummary:
    taxonomy_version: str
    documents: int = 0
    texts: int = 0
    theme_links: int = 0
    entity_mentions: int = 0


def retag(
    engine: Engine,
    taxonomy: Taxonomy,
    *,
    on_start: Callable[[int], None] | None = None,
    on_document: Callable[[int], None] | None = None,
) -> RetagSummary:
    """Replace every stored theme link and entity mention with the taxonomy's.

    Each document is re-tagged in its own transaction, so an interrupted run leaves
    every document wholly on the old or wholly on the new taxonomy.
    """
    store.upgrade(engine)
    store.record_themes(engine, [(t.slug, t.label) for t in taxonomy.themes])
    tagger = ThemeTagger(taxonomy)
    summary = RetagSummary(taxonomy_version=taxonomy.version)
    ids = store.document_ids(engine)
    if on_start:
        on_start(len(ids))
    for document_id in ids:
        with store.writing(engine) as session:
            recommendations, updates = store.document_texts(session, document_id)
            rec_hits = dict(zip(recommendations, tagger.analyse(list(recommendations.values()), "recommendation")))
            update_hits = dict(zip(updates, tagger.analyse(list(updates.values()), "progress")))
            links, mentions = store.replace_tags(session, rec_hits, update_hits, taxonomy.version)
        summary.documents += 1
        summary.texts += len(recommendations) + len(updates)
        summary.theme_links += links
        summary.entity_mentions += mentions
        if on_document:
            on_document(document_id)
    return summary
