"""`scrutiny serve`: the store in Datasette, read over HTTP on the loopback address."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from scrutiny.models.store import make_engine
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.query.report import outstanding_recommendations, theme_counts_by_year
from scrutiny.pipeline.query.serve import METADATA_FILE, NotSQLiteStore, build_metadata, sqlite_path

HOST = "127.0.0.1"
STARTUP_SECONDS = 60
CANNED_QUERIES = ("themes_by_year", "outstanding_recommendations", "search")

# Straight to the loopback server, whatever proxy the environment names.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _scrutiny() -> list[str]:
    script = Path(sys.executable).with_name("scrutiny")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from scrutiny.pipeline.cli import main; main()"]


@pytest.fixture(scope="module")
def server(sample_sqlite_url: str, tmp_path_factory) -> Iterator[str]:
    """The base URL of `scrutiny serve` running on a free loopback port."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve_log") / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*_scrutiny(), "serve", "--db", sample_sqlite_url, "--host", HOST, "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"scrutiny serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                if _get(f"{base}/-/versions.json", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"scrutiny serve did not answer within {STARTUP_SECONDS}s:\n{log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _rows(base: str, query: str, **params: str) -> list[dict]:
    status, body = _get(f"{base}/scrutiny/{query}.json?{urlencode({'_shape': 'array', **params})}")
    assert status == 200, body[:2000]
    return json.loads(body)


def test_the_index_page_shows_the_metadata_title(server: str) -> None:
    status, page = _get(f"{server}/")
    assert status == 200
    assert build_metadata()["title"] in page
    status, database = _get(f"{server}/scrutiny")
    assert status == 200
    for query in CANNED_QUERIES:
        assert f"/scrutiny/{query}" in database


def test_themes_by_year_matches_the_report(server: str, sample_sqlite_url: str) -> None:
    rows = _rows(server, "themes_by_year")
    engine = make_engine(sample_sqlite_url)
    try:
        expected = theme_counts_by_year(engine)
    finally:
        engine.dispose()
    assert rows
    assert {(r["year"], r["theme"]): r["recommendations"] for r in rows} == {
        (str(c.year) if c.year is not None else "undated", c.slug): c.recommendations for c in expected
    }


def test_outstanding_recommendations_match_the_report(server: str, sample_sqlite_url: str) -> None:
    rows = _rows(server, "outstanding_recommendations")
    engine = make_engine(sample_sqlite_url)
    try:
        expected = outstanding_recommendations(engine)
    finally:
        engine.dispose()
    assert rows
    assert sorted((r["recommendation"], r["document"], r["meeting_date"], r["page"]) for r in rows) == sorted(
        (o.recommendation, o.document, str(o.meeting_date), o.page) for o in expected
    )
    wifi = next(r for r in rows if r["ref"] == "LS5")
    assert wifi["council"] == "Calderbrook Metropolitan Borough Council"


def test_search_finds_text_containing_q(server: str) -> None:
    rows = _rows(server, "search", q="young carer")
    assert rows
    assert {r["kind"] for r in rows} == {"recommendation", "progress update"}
    assert all("young carer" in r["text"].lower() for r in rows)
    assert _rows(server, "search", q="no paper says this") == []


def test_tables_have_their_titles_and_facets(server: str) -> None:
    status, body = _get(f"{server}/scrutiny/progress_update.json?_size=1")
    assert status == 200
    facets = json.loads(body)["facet_results"]
    assert "status" in facets
    assert {v["value"] for v in facets["status"]["results"]} <= {"completed", "in_progress", "outstanding", "unknown"}
    status, page = _get(f"{server}/scrutiny/document")
    assert status == 200
    assert "Papers" in page and 'data-column="council_id"' in page


def test_serve_refuses_a_store_that_is_not_sqlite() -> None:
    result = CliRunner().invoke(main, ["serve", "--db", "postgresql+psycopg://analyst:hunter2@127.0.0.1/scrutiny"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "SQLite" in lines[0] and "hunter2" not in lines[0]


def test_an_in_memory_store_cannot_be_served() -> None:
    with pytest.raises(NotSQLiteStore):
        sqlite_path("sqlite://")


def test_metadata_is_filed_under_the_served_database() -> None:
    metadata = build_metadata("papers_2024")
    assert list(metadata["databases"]) == ["papers_2024"]
    block = metadata["databases"]["papers_2024"]
    assert set(CANNED_QUERIES) <= set(block["queries"])
    assert ":q" in block["queries"]["search"]["sql"]
    assert block["tables"]["progress_update"]["facets"][0] == "status"
    # The shipped file stays valid for `datasette -m` on the default store.
    assert list(build_metadata(source=METADATA_FILE)["databases"]) == ["scrutiny"]
