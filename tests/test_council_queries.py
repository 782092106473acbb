"""The register downstream: filters take a council typed any way, themes group by
nation, region and kind, and papers missing a date or council are listed with the
manifest row that would fix them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from scrutiny.extractors.items import DocumentMetadata, ExtractedDocument, Item, ThemeHit
from scrutiny.models import store
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.query.analysis import themes_by_period
from scrutiny.pipeline.query.queries import list_recommendations
from scrutiny.pipeline.query.search import search


def paper(sha: str, council: str | None, code: str | None, text: str, meeting: date | None) -> ExtractedDocument:
    hit = ThemeHit(
        slug="respite",
        matched="respite",
        field="recommendation",
        start=text.index("respite"),
        end=text.index("respite") + 7,
    )
    return ExtractedDocument(
        path=f"papers/{sha[:6]}.pdf",
        sha256=sha * 64,
        format="pdf",
        pages=2,
        metadata=DocumentMetadata(
            title="Review", council=council, council_code=code, committee="Scrutiny Committee", meeting_date=meeting
        ),
        items=[Item(recommendation=text, progress="Work has started.", theme_hits=[hit])],
        extractor_version="test",
    )


def stored(engine: Engine) -> Engine:
    papers = [
        paper(
            "a", "City and County of Swansea Council", "SWA", "Widen respite for carers in Swansea.", date(2019, 3, 5)
        ),
        paper("b", "Kent County Council", "KEN", "Fund respite breaks for young carers.", date(2020, 5, 1)),
        paper("c", "Hartleigh Borough Council", None, "Review respite at the day centre.", None),
    ]
    with Session(engine) as session, session.begin():
        for doc in papers:
            store.save_document(session, doc)
    return engine


def test_a_council_filter_takes_a_welsh_name(engine: Engine) -> None:
    found = list_recommendations(stored(engine), council="Abertawe")

    assert [r.council for r in found] == ["City and County of Swansea Council"]


def test_a_council_filter_takes_a_register_code(engine: Engine) -> None:
    found = search(stored(engine), "respite", council="SWA")

    assert {r.council for r in found} == {"City and County of Swansea Council"}


def test_a_council_filter_takes_initials(engine: Engine) -> None:
    found = list_recommendations(stored(engine), council="KCC")

    assert [r.council for r in found] == ["Kent County Council"]


def test_a_council_filter_still_matches_part_of_a_name_the_register_lacks(engine: Engine) -> None:
    found = list_recommendations(stored(engine), council="hartleigh")

    assert [r.council for r in found] == ["Hartleigh Borough Council"]


def test_themes_group_by_region(engine: Engine) -> None:
    frame = themes_by_period(stored(engine), "region")

    respite = frame[frame["theme"] == "respite"].set_index("period")["recommendations"].to_dict()
    assert respite == {"South East": 1, "Wales": 1, "undated": 1}


def test_themes_group_by_nation_and_kind(engine: Engine) -> None:
    engine = stored(engine)

    assert {"England", "Wales"} <= set(themes_by_period(engine, "nation")["period"])
    assert {"County", "Welsh unitary authority"} <= set(themes_by_period(engine, "kind")["period"])


def test_papers_without_a_date_or_council_are_listed_with_their_manifest_row(engine: Engine) -> None:
    engine = stored(engine)
    with Session(engine) as session, session.begin():
        store.save_document(session, paper("d", None, None, "Add respite beds.", date(2021, 1, 1)))

    missing = store.missing_metadata(engine)

    assert [(m.path, m.missing) for m in missing] == [
        ("papers/c.pdf", ("meeting date",)),
        ("papers/d.pdf", ("council",)),
    ]
    assert missing[0].manifest_row == "papers/c.pdf,Hartleigh Borough Council,Scrutiny Committee,"


def test_stats_lists_the_papers_missing_metadata(engine: Engine) -> None:
    stored(engine)

    result = CliRunner().invoke(main, ["stats", "--json", "--db", engine.url.render_as_string(hide_password=False)])

    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["missing_metadata"]
    assert [m["path"] for m in listed] == ["papers/c.pdf"]


@pytest.mark.parametrize("view", ["v_progress_updates", "v_recommendation_themes", "v_latest_status"])
def test_every_analyst_view_carries_the_councils_codes_nation_and_region(engine: Engine, view: str) -> None:
    with stored(engine).connect() as connection:
        query = f"SELECT council, council_code, council_gss_code, nation, region FROM {view}"
        rows = set(connection.execute(text(query)))

    assert ("Kent County Council", "KEN", "E10000016", "England", "South East") in rows
    assert ("Hartleigh Borough Council", None, None, None, None) in rows
