"""`scrutiny recommendations` and `scrutiny history`: following recommendations across
papers from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from documents import write_scrutiny_report_docx, write_update_docx
from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models import store
from scrutiny.models.schema import Lineage
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.ingest.manifest import load_manifest
from scrutiny.pipeline.ingest.run import ingest

PANEL = "Children and Young People Overview and Scrutiny Panel"
SCHOOLS = "The Council should ensure every school has a named lead for young carers."
BREAKS = "The Council should fund short breaks for young carers."
EVENT = "The Council should hold an annual celebration event for young carers."
SCHOOLS_UPDATE = ("Ensure every school has a named lead for young carers.", "Completed. Every school has a lead.")
BREAKS_UPDATE = ("Fund short breaks for young carers.", "In progress: funding agreed for 2012/13.")


def young_carers(folder: Path, council: str = "Plymouth City Council") -> list[Path]:
    """A 2011 report making three recommendations and a 2012 update on two of them."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_scrutiny_report_docx(
            folder / "report-2011.docx",
            [council, PANEL, "14 March 2011"],
            "Young Carers Report",
            [SCHOOLS, BREAKS, EVENT],
        ),
        write_update_docx(
            folder / "update-2012.docx",
            [council, PANEL, "15 March 2012"],
            "Young Carers: Progress",
            [SCHOOLS_UPDATE, BREAKS_UPDATE],
        ),
    ]


def stored_at(url: str, papers: list[Path], **options) -> dict[str, int]:
    """Ingest `papers` into the store at `url`; the lineage id of each first wording."""
    engine = store.make_engine(url)
    try:
        ingest(papers, engine, **options)
        with Session(engine) as session:
            return {text: id for id, text in session.execute(select(Lineage.id, Lineage.text))}
    finally:
        engine.dispose()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def ids(db: str, tmp_path: Path) -> dict[str, int]:
    return stored_at(db, young_carers(tmp_path / "papers"))


def test_recommendations_lists_each_with_its_latest_status_newest_first(runner, db, ids) -> None:
    result = runner.invoke(main, ["recommendations", "--db", db])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "LATEST", "UPDATES", "COUNCIL", "RECOMMENDATION"]
    rows = [line.split("  ") for line in lines[1:-1]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    council = "Plymouth City Council"
    assert cells == [
        [str(ids[SCHOOLS]), "completed", "2012-03-15", "1 update in 2 papers", council, SCHOOLS],
        [str(ids[BREAKS]), "in_progress", "2012-03-15", "1 update in 2 papers", council, BREAKS],
        [str(ids[EVENT]), "unknown", "2011-03-14", "0 updates in 1 paper", council, EVENT],
    ]
    assert lines[-1] == "3 recommendations"


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--status", "completed"], [SCHOOLS]),
        (["--status", "unknown"], [EVENT]),
        (["--theme", "respite"], [BREAKS]),
        (["--council", "plymouth"], [SCHOOLS, BREAKS, EVENT]),
        (["--council", "Devon"], []),
    ],
)
def test_recommendations_filters(runner, db, ids, option, expected) -> None:
    result = runner.invoke(main, ["recommendations", "--db", db, *option, "--json"])

    assert result.exit_code == 0, result.output
    assert [r["recommendation_id"] for r in json.loads(result.stdout)] == [ids[text] for text in expected]


def test_recommendations_json_gives_every_field(runner, db, ids) -> None:
    result = runner.invoke(main, ["recommendations", "--db", db, "--status", "in_progress", "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "recommendation_id": ids[BREAKS],
            "council": "Plymouth City Council",
            "committee": PANEL,
            "recommendation": BREAKS,
            "latest_status": "in_progress",
            "latest_date": "2012-03-15",
            "updates": 1,
            "papers": 2,
            "needs_review": False,
        }
    ]


def test_history_prints_each_paper_with_its_status_wording_and_update(runner, db, ids) -> None:
    result = runner.invoke(main, ["history", str(ids[SCHOOLS]), "--db", db])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"recommendation {ids[SCHOOLS]}: {SCHOOLS}",
        "  2011-03-14  [recommended]  Young Carers Report",
        "  2012-03-15  [completed]  Young Carers: Progress",
        f"      worded: {SCHOOLS_UPDATE[0]}",
        f"      {SCHOOLS_UPDATE[1]}",
    ]


def test_history_json_gives_the_timeline(runner, db, ids) -> None:
    result = runner.invoke(main, ["history", str(ids[BREAKS]), "--db", db, "--json"])

    assert result.exit_code == 0, result.output
    timeline = json.loads(result.stdout)
    fields = ("date", "committee", "recommendation", "status", "update", "lineage_status")
    assert [(Path(e["path"]).name, *(e[f] for f in fields)) for e in timeline] == [
        ("report-2011.docx", "2011-03-14", PANEL, BREAKS, None, None, "new"),
        ("update-2012.docx", "2012-03-15", PANEL, BREAKS_UPDATE[0], "in_progress", BREAKS_UPDATE[1], "matched"),
    ]
    assert {"document_id", "document", "page"} <= set(timeline[0])


def test_history_of_an_unknown_id_exits_1(runner, db, ids) -> None:
    unknown = max(ids.values()) + 100

    result = runner.invoke(main, ["history", str(unknown), "--db", db])

    assert result.exit_code == 1
    assert f"no recommendation with id {unknown}" in result.stderr
    assert result.stdout == ""


def test_council_filter_takes_percent_and_underscore_literally(runner, db, tmp_path: Path) -> None:
    papers = [
        *young_carers(tmp_path / "fifty", council="50% Council"),
        *young_carers(tmp_path / "five-hundred", council="500 Council"),
        *young_carers(tmp_path / "plymouth"),
    ]
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,council\n"
        "fifty/report-2011.docx,50% Council\n"
        "fifty/update-2012.docx,50% Council\n"
        "five-hundred/report-2011.docx,500 Council\n"
        "five-hundred/update-2012.docx,500 Council\n"
    )
    stored_at(db, papers, manifest=load_manifest(manifest))

    def councils(text: str) -> set[str]:
        result = runner.invoke(main, ["recommendations", "--db", db, "--council", text, "--json"])
        assert result.exit_code == 0, result.output
        return {r["council"] for r in json.loads(result.stdout)}

    assert councils("50%") == {"50% Council"}
    assert councils("_lymouth") == set()
    assert councils("lymouth") == {"Plymouth City Council"}
    assert councils("50") == {"50% Council", "500 Council"}


def test_recommendations_and_history_on_postgresql(runner, pg_url, tmp_path: Path) -> None:
    papers = young_carers(tmp_path / "papers")
    result = runner.invoke(main, ["ingest", *map(str, papers), "--db", pg_url])
    assert result.exit_code == 0, result.output

    listed = runner.invoke(main, ["recommendations", "--db", pg_url, "--council", "Plymouth", "--json"])
    assert listed.exit_code == 0, listed.output
    found = {r["recommendation"]: r for r in json.loads(listed.stdout)}
    assert set(found) == {SCHOOLS, BREAKS, EVENT}
    assert found[SCHOOLS]["latest_status"] == "completed"

    history = runner.invoke(main, ["history", str(found[SCHOOLS]["recommendation_id"]), "--db", pg_url])
    assert history.exit_code == 0, history.output
    assert history.stdout.splitlines()[1:3] == [
        "  2011-03-14  [recommended]  Young Carers Report",
        "  2012-03-15  [completed]  Young Carers: Progress",
    ]
