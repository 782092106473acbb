"""What the listing commands print: the same rows as CSV, JSON and JSON Lines on both
backends, tables that fit, standard output for export and report, -h, and one
recommendation id everywhere."""

from __future__ import annotations

import csv
import io
import json
import secrets
from pathlib import Path

import pytest
from click.testing import CliRunner
from samples import copy_papers
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateSchema, DropSchema

from scrutiny.models.schema import Document, ProgressUpdate, Recommendation
from scrutiny.models.store import make_engine, upgrade
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.cli.output import Column, table_lines
from scrutiny.pipeline.ingest.run import ingest


@pytest.fixture
def sqlite_url(sample_sqlite_url: str) -> str:
    return sample_sqlite_url


@pytest.fixture(scope="module")
def pg_url(pg_admin, tmp_path_factory) -> str:
    schema = f"scrutiny_outputs_{secrets.token_hex(6)}"
    with pg_admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    url = pg_admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url)
    try:
        upgrade(engine)
        ingest([copy_papers(tmp_path_factory.mktemp("outputs_pg") / "papers")], engine)
        engine.dispose()
        yield url.render_as_string(hide_password=False)
    finally:
        engine.dispose()
        with pg_admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def _run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def _a_followed_recommendation(url: str) -> int:
    """A recommendation reported on in two papers."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            lineages = session.scalars(select(Recommendation.lineage_id)).all()
    finally:
        engine.dispose()
    return next(lineage for lineage in lineages if lineages.count(lineage) > 1)


LISTINGS = {
    "recommendations": lambda rid: ["recommendations"],
    "search": lambda rid: ["search", "young", "carers"],
    "themes": lambda rid: ["themes", "--by", "year"],
    "history": lambda rid: ["history", str(rid)],
    "stats": lambda rid: ["stats"],
}


def _normalise(value):
    """A JSON value as CSV writes it: text, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@pytest.mark.parametrize("command", sorted(LISTINGS))
def test_csv_json_and_jsonl_carry_the_same_rows(store_url: str, command: str) -> None:
    args = [*LISTINGS[command](_a_followed_recommendation(store_url)), "--db", store_url]
    as_json = json.loads(_run(*args, "--format", "json").stdout)
    as_csv = list(csv.DictReader(io.StringIO(_run(*args, "--format", "csv").stdout)))
    as_jsonl = [json.loads(line) for line in _run(*args, "--format", "jsonl").stdout.splitlines()]

    if command == "stats":  # JSON nests the table counts beside the last run
        assert as_json["tables"]["recommendation"] > 0
        assert {r["table"]: int(r["rows"]) for r in as_csv} == as_json["tables"]
        assert {r["table"]: r["rows"] for r in as_jsonl} == as_json["tables"]
        return
    assert as_json, command
    assert as_jsonl == as_json
    assert [list(r) for r in as_csv] == [list(r) for r in as_json]
    assert [{k: _normalise(v) for k, v in r.items()} for r in as_json] == as_csv


def test_every_listing_names_the_recommendation_by_its_one_id(sqlite_url: str) -> None:
    rid = _a_followed_recommendation(sqlite_url)
    listed = json.loads(_run("recommendations", "--db", sqlite_url, "--format", "json").stdout)
    found = json.loads(_run("search", "young", "carers", "--db", sqlite_url, "--format", "json").stdout)
    timeline = json.loads(_run("history", str(rid), "--db", sqlite_url, "--format", "json").stdout)
    shown = json.loads(_run("show", str(rid), "--db", sqlite_url, "--format", "json").stdout)
    exported = list(csv.DictReader(io.StringIO(_run("export", "-", "--db", sqlite_url).stdout)))

    assert rid in {r["recommendation_id"] for r in listed}
    assert all("recommendation_id" in r and "id" not in r and "lineage_id" not in r for r in listed + found)
    assert {e["recommendation_id"] for e in timeline} == {rid}
    assert shown["recommendation_id"] == rid
    assert {a["recommendation_id"] for a in shown["appearances"]} == {rid}
    # The same papers, dates and updates under that id in history, show and export.
    mine = [r for r in exported if r["recommendation_id"] == str(rid)]
    assert [(e["document"], e["date"], e["update"]) for e in timeline] == [
        (a["document"], a["date"], a["update"]) for a in shown["appearances"]
    ]
    assert sorted((r["document"], r["update"]) for r in mine) == sorted((e["document"], e["update"]) for e in timeline)


def test_export_dash_writes_csv_to_standard_output(sqlite_url: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("export", "-", "--db", sqlite_url)
    assert not (tmp_path / "-").exists()
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["recommendation_id"]
    assert "wrote" in result.stderr and "wrote" not in result.stdout
    as_json = json.loads(_run("export", "-", "--format", "json", "--db", sqlite_url).stdout)
    assert len(as_json) == len(rows)


def test_report_dash_writes_the_page_to_standard_output(sqlite_url: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("report", "-", "--db", sqlite_url)
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "command", [[], ["recommendations"], ["search"], ["themes"], ["history"], ["stats"], ["show"], ["export"]]
)
def test_dash_h_shows_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "-h"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage:")


def test_a_table_fits_the_width_with_a_header_and_an_ellipsis() -> None:
    rows = [{"id": 7, "status": "completed", "text": "word " * 40}, {"id": 12, "status": "unknown", "text": "short"}]
    columns = [Column("id", "ID", right=True), Column("status", "STATUS"), Column("text", "TEXT", cut=True)]
    lines = table_lines(rows, columns, 50)
    assert lines[0].split() == ["ID", "STATUS", "TEXT"]
    assert all(len(line) <= 50 for line in lines)
    assert lines[1].endswith("…") and lines[1].lstrip().startswith("7  completed  word word")
    assert lines[2].endswith("short")
    # Without a width nothing is cut.
    assert table_lines(rows, columns, None)[1].endswith("word")


def test_listing_tables_fit_the_columns_the_terminal_reports(sqlite_url: str) -> None:
    for args in (["recommendations"], ["search", "young", "carers"]):
        lines = _run(*args, "--db", sqlite_url, env={"COLUMNS": "80"}).stdout.splitlines()
        assert lines[0].startswith("ID")
        assert all(len(line) <= 80 for line in lines)
        assert any(line.endswith("…") for line in lines[1:])


def test_search_names_the_paper_and_page(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        with Session(engine) as session:
            titles = set(session.scalars(select(Document.title)))
            pages = {str(p) for p in session.scalars(select(ProgressUpdate.page)) if p}
    finally:
        engine.dispose()
    lines = _run("search", "respite", "--db", sqlite_url).stdout.splitlines()
    header, rows = lines[0], lines[1:-1]
    assert "PAPER" in header and "PAGE" in header
    assert rows and all(any(title[:20] in row for title in titles) for row in rows)
    assert any(any(f"  {page}  " in row for page in pages) for row in rows)


def test_stats_says_how_many_papers_yielded_nothing(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        with Session(engine) as session:
            documents = session.scalars(select(Document.id)).all()
            yielding = set(session.scalars(select(Recommendation.document_id)))
    finally:
        engine.dispose()
    empty = len([d for d in documents if d not in yielding])
    assert empty >= 1  # the sample budget report holds no recommendations
    out = _run("stats", "--db", sqlite_url).stdout
    assert f"from {len(documents)} papers; {empty} paper{'' if empty == 1 else 's'} had none" in out
    assert json.loads(_run("stats", "--db", sqlite_url, "--format", "json").stdout)[
        "papers_without_recommendations"
    ] == (empty)
