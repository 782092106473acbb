"""The `scrutiny` command, driven as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from samples import SAMPLE_PAPERS

from scrutiny.models import store
from scrutiny.pipeline.cli import main

DOCUMENT_KEYS = {
    "path",
    "sha256",
    "format",
    "pages",
    "title",
    "council",
    "committee",
    "meeting_date",
    "report_date",
    "author",
}
ITEM_KEYS = {"recommendation", "progress", "status", "response", "themes", "ref", "page", "source"}


def test_extract_json_prints_one_document_per_line_in_the_documented_shape(runner) -> None:
    result = runner.invoke(main, ["extract", *map(str, SAMPLE_PAPERS), "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["document"]["path"]).name for r in records] == [p.name for p in SAMPLE_PAPERS]
    for record in records:
        assert set(record["document"]) >= DOCUMENT_KEYS
        assert isinstance(record["warnings"], list)
        for item in record["items"]:
            assert set(item) >= ITEM_KEYS
            assert item["status"] in {"completed", "in_progress", "outstanding", "unknown"}
            assert item["response"] in {None, "accepted", "partially_accepted", "rejected"}
            assert item["source"]["kind"] in {"table", "prose"}
            assert {"table", "row", "bbox"} <= set(item["source"])


def test_extract_reports_an_unreadable_file_and_exits_1(runner, tmp_path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    result = runner.invoke(main, ["extract", str(bad), str(SAMPLE_PAPERS[0]), "--json"])
    assert result.exit_code == 1
    assert "broken.pdf" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_ingest_prints_a_summary_and_exits_0(runner, sample_papers, tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(main, ["ingest", str(sample_papers), "--db", db])
    assert result.exit_code == 0, result.output
    assert f"documents: {len(SAMPLE_PAPERS)} ingested, 0 skipped, 0 failed" in result.stdout
    assert "pairs:" in result.stdout and "themes:" in result.stdout


def test_ingest_exits_1_and_lists_the_files_that_failed(runner, sample_papers, tmp_path) -> None:
    (sample_papers / "broken.docx").write_bytes(b"not a zip")
    result = runner.invoke(main, ["ingest", str(sample_papers), "--db", f"sqlite:///{tmp_path / 'cli.db'}"])
    assert result.exit_code == 1
    assert "1 failed" in result.stdout
    assert "broken.docx: not a Word document" in result.stdout


def test_ingest_uses_scrutiny_db_url_when_no_db_is_given(runner, sample_papers, tmp_path, monkeypatch) -> None:
    db_file = tmp_path / "from-env.db"
    monkeypatch.setenv("SCRUTINY_DB_URL", f"sqlite:///{db_file}")
    result = runner.invoke(main, ["ingest", str(sample_papers / SAMPLE_PAPERS[0].name)])
    assert result.exit_code == 0, result.output
    assert db_file.exists()


def test_ingest_defaults_to_data_scrutiny_db(runner, sample_papers, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SCRUTINY_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["ingest", str(sample_papers / SAMPLE_PAPERS[0].name)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "scrutiny.db").exists()


def test_a_second_ingest_skips_and_says_so(runner, sample_papers, tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner.invoke(main, ["ingest", str(sample_papers), "--db", db])
    result = runner.invoke(main, ["ingest", str(sample_papers), "--db", db])
    assert result.exit_code == 0
    assert f"0 ingested, {len(SAMPLE_PAPERS)} skipped" in result.stdout


def test_db_upgrade_then_stats_shows_every_table(runner, tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert runner.invoke(main, ["db", "upgrade", "--db", db]).exit_code == 0
    result = runner.invoke(main, ["stats", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["last_run"] is None
    assert set(figures["tables"]) >= {"council", "committee", "document", "recommendation", "progress_update", "theme"}


def test_stats_reports_the_last_run(runner, sample_papers, tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner.invoke(main, ["ingest", str(sample_papers), "--db", db])
    result = runner.invoke(main, ["stats", "--db", db])
    assert result.exit_code == 0
    assert "last run #1 finished" in result.stdout
    assert f"{len(SAMPLE_PAPERS)} ingested" in result.stdout


def test_ingest_into_postgresql_by_url(runner, sample_papers, pg_url) -> None:
    result = runner.invoke(main, ["ingest", str(sample_papers), "--db", pg_url])
    assert result.exit_code == 0, result.output
    engine = store.make_engine(pg_url)
    try:
        assert store.table_counts(engine)["document"] == len(SAMPLE_PAPERS)
    finally:
        engine.dispose()
