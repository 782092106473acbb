"""Organisations named in the papers, stored with their canonical names and where they
were named; and re-tagging stored text after the taxonomy changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from documents import write_update_docx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from scrutiny.models import store
from scrutiny.models.schema import (
    Entity,
    EntityMention,
    ProgressUpdate,
    ProgressUpdateTheme,
    Recommendation,
    RecommendationTheme,
    Theme,
)
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.ingest.retag import retag
from scrutiny.pipeline.ingest.run import ingest
from scrutiny.pipeline.themes import load_taxonomy

COVER = ["Plymouth City Council", "Children and Young People Overview and Scrutiny Panel", "15 March 2012"]

TAXONOMY = """\
version: 1
themes:
  - slug: schools
    label: Schools
    terms: [school]
  - slug: respite
    label: Respite
    phrases: [short break, short breaks]
entities:
  - name: Ofsted
    aliases: [Ofsted, OFSTED]
"""
# Respite dropped, libraries added, schools and Ofsted unchanged.
CHANGED_TAXONOMY = """\
version: 2
themes:
  - slug: schools
    label: Schools
    terms: [school]
  - slug: libraries
    label: Libraries
    terms: [library]
entities:
  - name: Ofsted
    aliases: [Ofsted, OFSTED]
"""
ROWS = [
    (
        "Open a homework club for young carers in every library and school.",
        "In progress: three libraries run a club and short breaks fund the rest.",
    ),
    ("Fund short breaks for young carers.", "Completed. OFSTED praised the offer."),
]


def write_taxonomy(path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    return load_taxonomy(path)


def mentions(engine: Engine) -> list[tuple[str, str, str, str]]:
    """(entity, where, matched, text[start:end]) for every stored mention."""
    found = []
    with Session(engine) as session:
        for mention in session.scalars(select(EntityMention).order_by(EntityMention.id)):
            if mention.recommendation_id is not None:
                where, text = "recommendation", session.get(Recommendation, mention.recommendation_id).text
            else:
                where, text = "progress", session.get(ProgressUpdate, mention.progress_update_id).text
            found.append((mention.entity.name, where, mention.matched, text[mention.start_offset : mention.end_offset]))
    return found


def theme_links(engine: Engine) -> set[tuple[str, str, str, int, int, str | None]]:
    """(where, slug, matched, start, end, taxonomy version) for every stored theme link."""
    with Session(engine) as session:
        on_recommendations = session.execute(
            select(
                Recommendation.text,
                Theme.slug,
                RecommendationTheme.matched,
                RecommendationTheme.start_offset,
                RecommendationTheme.end_offset,
                RecommendationTheme.taxonomy_version,
            )
            .join(Recommendation, Recommendation.id == RecommendationTheme.recommendation_id)
            .join(Theme, Theme.id == RecommendationTheme.theme_id)
        ).all()
        on_updates = session.execute(
            select(
                ProgressUpdate.text,
                Theme.slug,
                ProgressUpdateTheme.matched,
                ProgressUpdateTheme.start_offset,
                ProgressUpdateTheme.end_offset,
                ProgressUpdateTheme.taxonomy_version,
            )
            .join(ProgressUpdate, ProgressUpdate.id == ProgressUpdateTheme.progress_update_id)
            .join(Theme, Theme.id == ProgressUpdateTheme.theme_id)
        ).all()
    return {tuple(row) for row in [*on_recommendations, *on_updates]}


# Entities


def test_named_organisations_are_stored_under_their_canonical_names_where_they_were_named(
    engine: Engine, tmp_path: Path
) -> None:
    paper = write_update_docx(
        tmp_path / "update.docx",
        COVER,
        "Young Carers: Progress",
        [
            (
                "Ask OFSTED to report on support for young carers.",
                "Completed. Careers South West now gives every young carer an adviser.",
            )
        ],
    )
    ingest([paper], engine)

    with Session(engine) as session:
        assert {(e.label, e.name) for e in session.scalars(select(Entity))} == {
            ("ORG", "Ofsted"),
            ("ORG", "Careers South West"),
        }
        recommendation = session.scalars(select(Recommendation)).one()
        update = session.scalars(select(ProgressUpdate)).one()
        by_entity = {m.entity.name: m for m in session.scalars(select(EntityMention))}
        assert set(by_entity) == {"Ofsted", "Careers South West"}

        ofsted = by_entity["Ofsted"]
        assert (ofsted.recommendation_id, ofsted.progress_update_id) == (recommendation.id, None)
        assert ofsted.matched == "OFSTED"
        assert (ofsted.start_offset, ofsted.end_offset) == (4, 10)

        careers = by_entity["Careers South West"]
        assert (careers.recommendation_id, careers.progress_update_id) == (None, update.id)
        assert careers.matched == "Careers South West"
        assert update.text[careers.start_offset : careers.end_offset] == "Careers South West"
        assert careers.start_offset == len("Completed. ")


def test_an_acronym_alias_matches_only_as_written(engine: Engine, tmp_path: Path) -> None:
    taxonomy = write_taxonomy(
        tmp_path / "taxonomy.yaml",
        "themes: []\nentities:\n  - name: Primary Care Trust\n    aliases: [Primary Care Trust, PCT]\n",
    )
    paper = write_update_docx(
        tmp_path / "update.docx",
        COVER,
        "Respite: Progress",
        [
            ("Agree respite funding with the PCT.", "Completed."),
            ("Cut waiting times by 5 pct a year.", "In progress: the primary care trust reports monthly."),
            ("Publish the Pct figures.", "Not started."),
        ],
    )
    ingest([paper], engine, taxonomy=taxonomy)

    assert mentions(engine) == [
        ("Primary Care Trust", "recommendation", "PCT", "PCT"),
        ("Primary Care Trust", "progress", "primary care trust", "primary care trust"),
    ]


def test_mentions_carry_the_taxonomy_version(engine: Engine, tmp_path: Path) -> None:
    taxonomy = write_taxonomy(tmp_path / "taxonomy.yaml", TAXONOMY)
    paper = write_update_docx(tmp_path / "update.docx", COVER, "Young Carers: Progress", ROWS)
    ingest([paper], engine, taxonomy=taxonomy)

    with Session(engine) as session:
        stored = session.scalars(select(EntityMention)).all()
        assert [m.matched for m in stored] == ["OFSTED"]
        assert {m.taxonomy_version for m in stored} == {taxonomy.version}


# Retag


@pytest.fixture
def tagged(engine: Engine, tmp_path: Path) -> Engine:
    """A store holding one paper tagged with TAXONOMY, whose file is then deleted."""
    paper = write_update_docx(tmp_path / "update.docx", COVER, "Young Carers: Progress", ROWS)
    ingest([paper], engine, taxonomy=write_taxonomy(tmp_path / "old.yaml", TAXONOMY))
    paper.unlink()
    return engine


def test_the_paper_is_first_tagged_with_the_old_taxonomy(tagged: Engine, tmp_path: Path) -> None:
    old = load_taxonomy(tmp_path / "old.yaml")
    links = theme_links(tagged)
    assert {slug for _, slug, *_ in links} == {"schools", "respite"}
    assert {version for *_, version in links} == {old.version}


def test_retag_replaces_theme_links_without_reading_the_papers(tagged: Engine, tmp_path: Path) -> None:
    changed = write_taxonomy(tmp_path / "new.yaml", CHANGED_TAXONOMY)

    summary = retag(tagged, changed)

    links = theme_links(tagged)
    assert {slug for _, slug, *_ in links} == {"schools", "libraries"}
    assert {version for *_, version in links} == {changed.version}
    library = ROWS[0][0].index("library")
    libraries = ROWS[0][1].index("libraries")
    assert (ROWS[0][0], "libraries", "library", library, library + 7, changed.version) in links
    assert (ROWS[0][1], "libraries", "libraries", libraries, libraries + 9, changed.version) in links
    assert summary.documents == 1
    assert summary.texts == 4
    assert summary.theme_links == len(links)
    assert summary.taxonomy_version == changed.version


def test_retag_gives_the_links_an_ingest_with_that_taxonomy_gives(tagged: Engine, tmp_path: Path) -> None:
    changed = write_taxonomy(tmp_path / "new.yaml", CHANGED_TAXONOMY)
    retag(tagged, changed)

    fresh = store.make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        paper = write_update_docx(tmp_path / "again.docx", COVER, "Young Carers: Progress", ROWS)
        ingest([paper], fresh, taxonomy=changed)
        assert theme_links(tagged) == theme_links(fresh)
        assert mentions(tagged) == mentions(fresh)
    finally:
        fresh.dispose()


def test_retag_replaces_entity_mentions(tagged: Engine, tmp_path: Path) -> None:
    assert [m[0] for m in mentions(tagged)] == ["Ofsted"]
    without_entities = write_taxonomy(tmp_path / "no-entities.yaml", CHANGED_TAXONOMY.split("entities:")[0])

    summary = retag(tagged, without_entities)

    assert mentions(tagged) == []
    assert summary.entity_mentions == 0


def test_retagging_twice_gives_the_same_counts(tagged: Engine, tmp_path: Path) -> None:
    changed = write_taxonomy(tmp_path / "new.yaml", CHANGED_TAXONOMY)

    first = retag(tagged, changed)
    counts = store.table_counts(tagged)
    links = theme_links(tagged)
    second = retag(tagged, changed)

    assert second == first
    assert store.table_counts(tagged) == counts
    assert theme_links(tagged) == links


def test_cli_retag_prints_the_summary(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = store.make_engine(db)
    try:
        paper = write_update_docx(tmp_path / "update.docx", COVER, "Young Carers: Progress", ROWS)
        ingest([paper], engine, taxonomy=write_taxonomy(tmp_path / "old.yaml", TAXONOMY))
        paper.unlink()
        changed = write_taxonomy(tmp_path / "new.yaml", CHANGED_TAXONOMY)

        result = CliRunner().invoke(main, ["retag", "--db", db, "--taxonomy", str(tmp_path / "new.yaml")])

        assert result.exit_code == 0, result.output
        links = len(theme_links(engine))
        assert result.stdout.strip() == (
            f"retagged 1 documents (4 texts) with taxonomy {changed.version}: {links} theme links, 1 entity mentions"
        )
        assert {slug for _, slug, *_ in theme_links(engine)} == {"schools", "libraries"}
    finally:
        engine.dispose()
