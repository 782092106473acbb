"""Mistakes a new user makes on the command line, run as they would run them: each
ends in one line saying what is wrong and what to do, with exit status 2 for a
usage error and 1 for anything else, no traceback unless asked for, and nothing
created or written when there was nothing to do."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy.schema import CreateSchema, DropSchema
from test_store_faults import ROWS_PER_PAPER, assert_one_error_line, scrutiny, write_papers


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A SQLite store holding a few papers."""
    folder = tmp_path_factory.mktemp("stored")
    papers = write_papers(folder / "papers", 2)
    database = folder / "scrutiny.db"
    ran = scrutiny("ingest", str(papers), "--db", str(database))
    assert ran.status == 0, ran.err
    return database


@pytest.fixture
def postgres_url(pg_admin):
    """A postgres:// URL, as hosting services print them, of a schema of its own."""
    schema = f"scrutiny_mistakes_{secrets.token_hex(6)}"
    with pg_admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    url = pg_admin.url.set(drivername="postgres").render_as_string(hide_password=False)
    yield f"{url}?options={quote(f'-csearch_path={schema}')}"
    with pg_admin.begin() as connection:
        connection.execute(DropSchema(schema, cascade=True))


# Naming the store


def test_a_plain_path_is_a_sqlite_store(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 1)
    database = tmp_path / "data" / "scrutiny.db"

    ingested = scrutiny("ingest", str(papers), "--db", str(database))
    counted = scrutiny("stats", "--json", "--db", str(database))

    assert ingested.status == 0, ingested.err
    assert database.is_file()
    assert counted.status == 0, counted.err
    assert json.loads(counted.out)["tables"]["document"] == 1


def test_a_postgres_url_as_hosts_print_it_is_postgresql(tmp_path: Path, postgres_url: str) -> None:
    papers = write_papers(tmp_path / "papers", 1)

    ingested = scrutiny("ingest", str(papers), "--db", postgres_url)
    found = scrutiny("search", "short", "breaks", "--db", postgres_url)

    assert ingested.status == 0, ingested.err
    assert found.status == 0 and found.out.strip().endswith(f"{ROWS_PER_PAPER} results"), found.out


def test_db_help_says_what_a_store_may_be_named() -> None:
    shown = " ".join(scrutiny("ingest", "--help").out.split())
    assert "a SQLite file path" in shown and "postgres://" in shown and "postgresql://" in shown


def test_a_store_url_of_another_database_is_a_usage_error(tmp_path: Path) -> None:
    ran = scrutiny("stats", "--db", "mysql://analyst:secret@db.example/scrutiny")
    line = assert_one_error_line(ran, status=2)
    assert "SQLite (a file path) or PostgreSQL" in line and "secret" not in line


def test_a_store_url_that_cannot_be_read_is_a_usage_error() -> None:
    ran = scrutiny("stats", "--db", "postgresql://analyst@db.example:port/scrutiny")
    line = assert_one_error_line(ran, status=2)
    assert line.startswith("error: cannot read postgresql://... as a store URL")


# Reading never creates


READING = [
    ("stats",),
    ("search", "carers"),
    ("themes",),
    ("recommendations",),
    ("history", "1"),
    ("export", "out.csv"),
    ("report", "out.html"),
    ("serve", "--port", "0"),
]


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_reading_a_store_that_is_not_there_creates_nothing(command: tuple[str, ...], tmp_path: Path) -> None:
    ran = scrutiny(*command, "--db", "sqlite:///typo.db", cwd=tmp_path)

    line = assert_one_error_line(ran, status=1)
    assert line == "error: no store at typo.db: run `scrutiny ingest` first, or pass --db"
    assert ran.out == ""
    assert list(tmp_path.iterdir()) == []


def test_stats_in_an_empty_folder_creates_no_store_there(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SCRUTINY_DB_URL", raising=False)
    ran = scrutiny("stats", cwd=tmp_path)
    assert assert_one_error_line(ran, status=1).startswith("error: no store at data/scrutiny.db")
    assert list(tmp_path.iterdir()) == []


def test_reading_a_postgresql_schema_without_tables_is_no_store(postgres_url: str) -> None:
    ran = scrutiny("search", "carers", "--db", postgres_url)
    assert assert_one_error_line(ran, status=1).startswith("error: no store at postgresql+psycopg://")


# Bad files passed to a command


def test_a_taxonomy_with_a_yaml_error_is_one_line_naming_where(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 1)
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text("themes:\n  - slug: respite\n    phrases: [short breaks, respite\n  - slug: caf\n")

    ran = scrutiny("ingest", str(papers), "--taxonomy", str(taxonomy), "--db", str(tmp_path / "s.db"))

    line = assert_one_error_line(ran, status=1)
    assert line.startswith(f"error: {taxonomy}: not valid YAML at line 4, column ")
    assert not (tmp_path / "s.db").exists()


def test_a_manifest_without_a_path_column_is_one_line(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 1)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("council,committee\nTestshire,Adults\n")

    ran = scrutiny("ingest", str(papers), "--manifest", str(manifest), "--db", str(tmp_path / "s.db"))

    assert str(manifest) in assert_one_error_line(ran, status=1)


# Paths that are not there


def test_ingesting_only_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    ran = scrutiny("ingest", str(tmp_path / "no" / "such" / "folder"), "--db", str(tmp_path / "s.db"))

    line = assert_one_error_line(ran, status=2)
    assert "no such file or folder" in line and str(tmp_path / "no" / "such" / "folder") in line
    assert not (tmp_path / "s.db").exists()


def test_a_missing_path_among_others_is_listed_and_the_run_exits_1(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 1)
    missing = tmp_path / "typo"

    ran = scrutiny("ingest", str(papers), str(missing), "--db", str(tmp_path / "s.db"))

    assert ran.status == 1 and "Traceback" not in ran.err
    assert f"missing {missing}: no such file or folder" in ran.out
    assert "documents: 1 ingested" in ran.out


def test_extracting_only_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    ran = scrutiny("extract", str(tmp_path / "gone.pdf"))
    assert "no such file or folder" in assert_one_error_line(ran, status=2)


# Arguments checked before any work


def test_a_period_that_ends_before_it_starts_is_a_usage_error(stored: Path) -> None:
    ran = scrutiny("themes", "--from", "2020", "--to", "2010", "--db", str(stored))
    line = assert_one_error_line(ran, status=2)
    assert "--from 2020 is after --to 2010" in line and ran.out == ""


def test_an_unknown_theme_is_a_usage_error_listing_the_known_ones(stored: Path) -> None:
    ran = scrutiny("search", "carers", "--theme", "respit", "--db", str(stored))
    line = assert_one_error_line(ran, status=2)
    assert "unknown theme 'respit'" in line and "respite" in line and "caf" in line
    assert ran.out == ""


def test_an_unknown_theme_in_recommendations_is_a_usage_error(stored: Path) -> None:
    ran = scrutiny("recommendations", "--theme", "nope", "--db", str(stored))
    assert "unknown theme 'nope'" in assert_one_error_line(ran, status=2)


def test_an_unknown_status_is_a_usage_error_in_one_line(stored: Path) -> None:
    ran = scrutiny("search", "carers", "--status", "done", "--db", str(stored))
    line = assert_one_error_line(ran, status=2)
    assert "'done' is not one of" in line and "completed" in line


def test_a_chart_file_type_that_cannot_be_drawn_is_a_usage_error(stored: Path, tmp_path: Path) -> None:
    ran = scrutiny("themes", "--plot", str(tmp_path / "chart.jpg"), "--db", str(stored))
    line = assert_one_error_line(ran, status=2)
    assert ".png, .svg, .pdf" in line and ran.out == ""
    assert not (tmp_path / "chart.jpg").exists()


def test_a_chart_may_be_a_pdf(stored: Path, tmp_path: Path) -> None:
    ran = scrutiny("themes", "--plot", str(tmp_path / "chart.pdf"), "--db", str(stored))
    assert ran.status == 0, ran.err
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")


# The traceback, when asked for


@pytest.mark.parametrize("asked", [["--debug"], []], ids=["flag", "environment"])
def test_debug_shows_the_traceback_before_the_line(asked: list[str], tmp_path: Path) -> None:
    env = {} if asked else {"SCRUTINY_DEBUG": "1"}
    ran = scrutiny("stats", "--db", str(tmp_path / "typo.db"), *asked, env=env)
    assert ran.status == 1
    assert "Traceback" in ran.err and "StoreMissing" in ran.err
    assert ran.err.strip().splitlines()[-1].startswith("error: no store at")
