"""`scrutiny serve`: the store in Datasette, read over HTTP on the loopback address."""

from __future__ import annotations

import json
import re
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
from scrutiny.pipeline.query.search import search
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


def test_the_saved_search_gives_what_scrutiny_search_gives(server: str, sample_sqlite_url: str) -> None:
    engine = make_engine(sample_sqlite_url)
    try:
        for words in ("young carers", "schools", '"respite" OR breaks', "the"):
            try:
                expected = search(engine, words, limit=100)
            except ValueError:
                expected = []
            rows = _rows(server, "search", q=words)
            assert [r["recommendation_id"] for r in rows] == [e.recommendation_id for e in expected], words
            assert [r["latest_status"] for r in rows] == [e.latest_status for e in expected], words
    finally:
        engine.dispose()
    assert _rows(server, "search", q="young carers")
    assert _rows(server, "search", q="no paper says this") == []


def test_views_search_recommendation_and_update_text_with_search_param(server: str, sample_sqlite_url: str) -> None:
    engine = make_engine(sample_sqlite_url)
    try:
        expected = {r.recommendation_id for r in search(engine, "young carers", limit=1000)}
    finally:
        engine.dispose()
    latest = _rows(server, "v_latest_status", _search="young carers")
    assert {r["recommendation_id"] for r in latest} == expected
    updates = _rows(server, "v_progress_updates", _search="young carers", _size="max")
    assert {r["recommendation_id"] for r in updates} == expected


def test_link_tables_are_hidden_and_views_titled_with_facets(server: str) -> None:
    status, body = _get(f"{server}/scrutiny.json")
    assert status == 200
    tables = {t["name"]: t for t in json.loads(body)["tables"]}
    for link_table in ("recommendation_theme", "progress_update_theme", "entity_mention", "alembic_version"):
        assert tables[link_table]["hidden"], link_table
    assert not tables["recommendation"]["hidden"]
    status, body = _get(f"{server}/scrutiny/v_recommendation_themes.json?_size=1")
    facets = json.loads(body)["facet_results"]
    assert {"council", "committee", "year", "status", "theme"} <= set(facets)
    assert all(re.fullmatch(r"[a-z_]+", v["value"]) for v in facets["theme"]["results"])
    status, page = _get(f"{server}/scrutiny/v_progress_updates")
    assert "Progress updates with their papers" in page


def test_geometry_columns_are_left_out_unless_asked_for(server: str) -> None:
    status, page = _get(f"{server}/scrutiny/progress_update")
    assert status == 200
    assert 'data-column="cell_bboxes"' not in page and 'data-column="bbox"' not in page
    assert 'data-column="status"' in page
    status, page = _get(f"{server}/scrutiny/progress_update?_col=bbox")
    assert 'data-column="bbox"' in page


def test_recommendation_ids_link_to_the_recommendation_page(server: str) -> None:
    for table in ("v_latest_status", "v_progress_updates", "recommendation", "outstanding_recommendations"):
        status, page = _get(f"{server}/scrutiny/{table}")
        assert status == 200
        assert re.search(r'href="/-/recommendation/\d+"', page), table


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


# -- the recommendation page ----------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def _one_page_pdf_update(sample_sqlite_url: str) -> tuple[int, int, list[float], str]:
    """A recommendation read from one page of a PDF paper: its id, page, stored box
    and the paper's path."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from scrutiny.models.schema import Document, ProgressUpdate, Recommendation

    engine = make_engine(sample_sqlite_url)
    try:
        with Session(engine) as session:
            return next(
                (rec.lineage_id, update.page, update.bbox, document.path)
                for update, rec, document in session.execute(
                    select(ProgressUpdate, Recommendation, Document)
                    .join(Recommendation, Recommendation.id == ProgressUpdate.recommendation_id)
                    .join(Document, Document.id == ProgressUpdate.document_id)
                    .where(Document.format == "pdf", ProgressUpdate.bbox.is_not(None))
                    .order_by(ProgressUpdate.id)
                )
                if update.page_end == update.page
            )
    finally:
        engine.dispose()


def _page_width_points(path: str, page: int) -> float:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return pdf[page - 1].get_size()[0]
    finally:
        pdf.close()


def test_the_recommendation_page_as_json_has_the_timeline_of_the_store(server: str, sample_sqlite_url: str) -> None:
    from scrutiny.pipeline.query.queries import recommendation_history

    recommendation_id, *_ = _one_page_pdf_update(sample_sqlite_url)
    status, body = _get(f"{server}/-/recommendation/{recommendation_id}.json")
    assert status == 200
    page = json.loads(body)
    engine = make_engine(sample_sqlite_url)
    try:
        history = recommendation_history(engine, recommendation_id)
    finally:
        engine.dispose()
    assert page["recommendation_id"] == recommendation_id
    assert [(a["document"], a["status"], a["update"]) for a in page["appearances"]] == [
        (h.document, h.status, h.update) for h in history
    ]
    assert _get(f"{server}/-/recommendation/999999")[0] == 404


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)")
def test_chromium_shows_the_timeline_and_the_page_with_the_item_outlined_in_its_box(
    server: str, sample_sqlite_url: str, tmp_path: Path
) -> None:
    import io

    from PIL import Image

    from scrutiny.pipeline.query.evidence import OUTLINE_COLOUR

    recommendation_id, page_number, box, paper = _one_page_pdf_update(sample_sqlite_url)
    url = f"{server}/-/recommendation/{recommendation_id}"
    browser = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--no-proxy-server",
        "--window-size=1200,3000",
    ]
    dom = subprocess.run(
        [*browser, "--dump-dom", "--virtual-time-budget=10000", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert 'id="timeline"' in dom.stdout, dom.stderr[-2000:]
    assert len(re.findall(r'<li class="appearance"', dom.stdout)) >= 1
    sources = re.findall(r'<img class="source-page" src="([^"]+)" data-page="(\d+)"', dom.stdout)
    src = next(src for src, page in sources if int(page) == page_number)

    # The image the browser was given: its outline lies inside the stored box and
    # traces it, at the scale the page was drawn.
    with _OPENER.open(f"{server}{src}", timeout=60) as response:
        image = Image.open(io.BytesIO(response.read())).convert("RGB")
    scale = image.width / _page_width_points(paper, page_number)
    outline = [
        (x, y) for y in range(image.height) for x in range(image.width) if image.getpixel((x, y)) == OUTLINE_COLOUR
    ]
    assert outline
    xs = [x / scale for x, _ in outline]
    ys = [y / scale for _, y in outline]
    x0, top, x1, bottom = box
    tolerance = 1.5 / scale  # rounding to whole pixels
    assert x0 - tolerance <= min(xs) and max(xs) <= x1 + tolerance
    assert top - tolerance <= min(ys) and max(ys) <= bottom + tolerance
    assert min(xs) <= x0 + 2 * tolerance and max(xs) >= x1 - 2 * tolerance - 1 / scale
    assert min(ys) <= top + 2 * tolerance and max(ys) >= bottom - 2 * tolerance - 1 / scale

    # And the browser showed it: the outline's colour is on the screen.
    shot = tmp_path / "page.png"
    subprocess.run(
        [*browser, f"--screenshot={shot}", "--virtual-time-budget=10000", url],
        capture_output=True,
        timeout=120,
        check=False,
    )
    import numpy

    screen = numpy.asarray(Image.open(shot).convert("RGB")).astype(int)
    near = (numpy.abs(screen - numpy.array(OUTLINE_COLOUR)) <= 12).all(axis=-1)
    assert near.any(), "no outline on the screen"


def test_the_same_id_finds_the_same_recommendation_in_history_show_export_and_datasette(
    server: str, sample_sqlite_url: str
) -> None:
    import csv
    import io

    recommendation_id, *_ = _one_page_pdf_update(sample_sqlite_url)
    runner = CliRunner()
    history = json.loads(
        runner.invoke(main, ["history", str(recommendation_id), "--db", sample_sqlite_url, "--json"]).stdout
    )
    shown = json.loads(
        runner.invoke(main, ["show", str(recommendation_id), "--db", sample_sqlite_url, "--format", "json"]).stdout
    )
    exported = [
        row
        for row in csv.DictReader(io.StringIO(runner.invoke(main, ["export", "-", "--db", sample_sqlite_url]).stdout))
        if row["recommendation_id"] == str(recommendation_id)
    ]
    [latest] = _rows(server, "v_latest_status", recommendation_id=str(recommendation_id))
    updates = _rows(server, "v_progress_updates", recommendation_id=str(recommendation_id))
    page = json.loads(_get(f"{server}/-/recommendation/{recommendation_id}.json")[1])

    wording = history[0]["recommendation"]
    assert shown["text"] == latest["recommendation"] == page["text"] == wording
    assert (
        {r["recommendation"] for r in exported}
        == {u["recommendation"] for u in updates}
        == {e["recommendation"] for e in history}
    )
    assert sorted(u["update"] for u in updates) == sorted(e["update"] for e in history)
    assert latest["latest_status"] == shown["latest_status"]
