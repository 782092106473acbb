"""Extraction on a Dask cluster: the store ends up exactly as a local run leaves it.

A two-worker cluster runs on loopback for the whole module; the papers are ingested
through it into one PostgreSQL schema and through the local executor into another,
and the two stores are compared row for row.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster
from samples import SAMPLE_DOCS, SAMPLE_PAPERS, copy_papers
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import aliased

from scrutiny.models import store
from scrutiny.models.schema import (
    Committee,
    Council,
    Document,
    IngestError,
    ProgressUpdate,
    ProgressUpdateTheme,
    Recommendation,
    RecommendationTheme,
    Theme,
)
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.extract import file_sha256
from scrutiny.pipeline.ingest import executors
from scrutiny.pipeline.ingest.executors import ClusterUnavailable, PaperNotOnWorker, make_executor
from scrutiny.pipeline.ingest.run import IngestSummary, describe_error, ingest
from scrutiny.pipeline.themes import load_taxonomy

BROKEN = "broken.pdf"


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1")
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample papers and one file that is not really a PDF."""
    folder = copy_papers(tmp_path_factory.mktemp("dask") / "papers")
    (folder / BROKEN).write_bytes(b"%PDF-1.4\n garbage")
    return folder


@contextmanager
def _private_store(pg_schema) -> Iterator[tuple[Engine, str]]:
    """An engine, and its URL, whose connections work in a schema of their own."""
    with pg_schema() as url:
        engine = store.make_engine(url)
        try:
            yield engine, url
        finally:
            engine.dispose()


@dataclass
class TwoStores:
    dask: Engine
    local: Engine
    dask_summary: IngestSummary
    local_summary: IngestSummary


@pytest.fixture(scope="module")
def two_stores(cluster: LocalCluster, papers: Path, pg_schema) -> Iterator[TwoStores]:
    with _private_store(pg_schema) as (dask_engine, _), _private_store(pg_schema) as (local_engine, _):
        with pytest.MonkeyPatch.context() as patch:
            # The folder named relative to where the command runs, as people type it:
            # the workers run elsewhere, yet each document keeps the path as given.
            patch.chdir(papers.parent)
            folder = Path(papers.name)
            dask_summary = ingest([folder], dask_engine, executor="dask", scheduler=cluster.scheduler_address)
            local_summary = ingest([folder], local_engine, executor="local")
        yield TwoStores(dask_engine, local_engine, dask_summary, local_summary)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# What the store holds, without surrogate ids or timestamps: each row named by its
# document's sha256 and its position in the document.


def _documents(engine: Engine) -> list[tuple]:
    query = (
        select(
            Document.sha256,
            Document.path,
            Document.format,
            Document.pages,
            Document.title,
            Council.name,
            Committee.name,
            Document.meeting_date,
            Document.report_date,
            Document.author,
            Document.warnings,
        )
        .outerjoin(Council, Document.council_id == Council.id)
        .outerjoin(Committee, Document.committee_id == Committee.id)
    )
    return _rows(engine, query)


def _recommendations(engine: Engine) -> list[tuple]:
    query = select(
        Document.sha256,
        Recommendation.ordinal,
        Recommendation.text,
        Recommendation.ref,
        Recommendation.section,
        Recommendation.page,
    ).join(Document, Recommendation.document_id == Document.id)
    return _rows(engine, query)


def _progress_updates(engine: Engine) -> list[tuple]:
    query = (
        select(
            Document.sha256,
            ProgressUpdate.ordinal,
            Recommendation.ordinal,
            ProgressUpdate.text,
            ProgressUpdate.status,
            ProgressUpdate.status_text,
            ProgressUpdate.response,
            ProgressUpdate.page,
            ProgressUpdate.page_end,
            ProgressUpdate.bbox,
            ProgressUpdate.extraction_method,
            ProgressUpdate.confidence,
        )
        .join(Document, ProgressUpdate.document_id == Document.id)
        .join(Recommendation, ProgressUpdate.recommendation_id == Recommendation.id)
    )
    return _rows(engine, query)


def _theme_links(engine: Engine) -> list[tuple]:
    on_recommendations = (
        select(
            Document.sha256,
            Recommendation.ordinal,
            Theme.slug,
            RecommendationTheme.matched,
            RecommendationTheme.start_offset,
            RecommendationTheme.end_offset,
            RecommendationTheme.taxonomy_version,
        )
        .join(Recommendation, RecommendationTheme.recommendation_id == Recommendation.id)
        .join(Document, Recommendation.document_id == Document.id)
        .join(Theme, RecommendationTheme.theme_id == Theme.id)
    )
    on_updates = (
        select(
            Document.sha256,
            ProgressUpdate.ordinal,
            Theme.slug,
            ProgressUpdateTheme.matched,
            ProgressUpdateTheme.start_offset,
            ProgressUpdateTheme.end_offset,
            ProgressUpdateTheme.taxonomy_version,
        )
        .join(ProgressUpdate, ProgressUpdateTheme.progress_update_id == ProgressUpdate.id)
        .join(Document, ProgressUpdate.document_id == Document.id)
        .join(Theme, ProgressUpdateTheme.theme_id == Theme.id)
    )
    return [("recommendation", *row) for row in _rows(engine, on_recommendations)] + [
        ("progress", *row) for row in _rows(engine, on_updates)
    ]


def _lineage_groups(engine: Engine) -> list[list[tuple]]:
    """Which recommendations were followed as one, whatever the lineages' ids."""
    member = aliased(Recommendation)
    query = select(member.lineage_id, Document.sha256, member.ordinal).join(Document, member.document_id == Document.id)
    groups: dict[int | None, list[tuple]] = {}
    with engine.connect() as connection:
        for lineage_id, sha, ordinal in connection.execute(query):
            groups.setdefault(lineage_id, []).append((sha, ordinal))
    return sorted(sorted(group) for group in groups.values())


def _errors(engine: Engine) -> list[tuple]:
    return _rows(engine, select(IngestError.path, IngestError.sha256, IngestError.error_type, IngestError.message))


def _rows(engine: Engine, query) -> list[tuple]:
    with engine.connect() as connection:
        return sorted((tuple(row) for row in connection.execute(query)), key=repr)


STORE_CONTENT = {
    "documents": _documents,
    "recommendations": _recommendations,
    "progress updates": _progress_updates,
    "theme links": _theme_links,
    "lineage groups": _lineage_groups,
}


def test_the_cluster_ingests_every_paper(two_stores: TwoStores) -> None:
    summary = two_stores.dask_summary
    assert summary.count("ingested") == len(SAMPLE_PAPERS)
    assert summary.items > 0
    assert store.table_counts(two_stores.dask) == store.table_counts(two_stores.local)


@pytest.mark.parametrize("content", STORE_CONTENT, ids=lambda name: name.replace(" ", "_"))
def test_the_cluster_stores_the_same_rows_as_a_local_run(two_stores: TwoStores, content: str) -> None:
    read = STORE_CONTENT[content]
    on_cluster = read(two_stores.dask)
    assert on_cluster, f"no {content} stored"
    assert on_cluster == read(two_stores.local)


def test_a_broken_file_fails_on_the_cluster_as_it_does_locally(two_stores: TwoStores) -> None:
    failed_on_cluster = [(o.path.name, o.message) for o in two_stores.dask_summary.failed]
    assert [name for name, _ in failed_on_cluster] == [BROKEN]
    assert failed_on_cluster == [(o.path.name, o.message) for o in two_stores.local_summary.failed]
    assert _errors(two_stores.dask) == _errors(two_stores.local)


def test_each_worker_builds_its_theme_tagger_once_not_per_document(
    two_stores: TwoStores, cluster: LocalCluster
) -> None:
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        built = client.run(lambda: executors.WORKER_TAGGERS.built)
    assert len(built) == 2
    # Seven files on two workers: a tagger per document would build at least four on one.
    assert all(count <= 1 for count in built.values()), built
    assert sum(built.values()) >= 1


def test_a_paper_no_worker_can_see_fails_saying_papers_must_be_on_shared_storage(
    cluster: LocalCluster, tmp_path: Path
) -> None:
    missing = tmp_path / "only-on-this-machine.pdf"
    with make_executor("dask", taxonomy=load_taxonomy(), page_timeout=None, scheduler=cluster.scheduler_address) as ex:
        [(path, _, result)] = list(ex.results([(missing, "0" * 64)]))
    assert path == missing
    assert isinstance(result, PaperNotOnWorker)
    message = describe_error(result)
    assert "not found on Dask worker" in message and "storage every worker sees" in message


def test_a_paper_a_worker_sees_with_other_content_fails_rather_than_being_stored_under_the_wrong_hash(
    cluster: LocalCluster, tmp_path: Path
) -> None:
    paper = tmp_path / SAMPLE_PAPERS[0].name
    shutil.copy(SAMPLE_PAPERS[0], paper)
    hashed_elsewhere = file_sha256(SAMPLE_PAPERS[1])
    with make_executor("dask", taxonomy=load_taxonomy(), page_timeout=None, scheduler=cluster.scheduler_address) as ex:
        [(_, _, result)] = list(ex.results([(paper, hashed_elsewhere)]))
    assert isinstance(result, PaperNotOnWorker)
    assert "different content" in describe_error(result)


def test_the_cluster_executor_needs_a_scheduler(tmp_path: Path) -> None:
    engine = store.make_engine(f"sqlite:///{tmp_path / 'untouched.db'}")
    try:
        with pytest.raises(ValueError, match="scheduler"):
            ingest([SAMPLE_DOCS], engine, executor="dask")
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_an_unreachable_scheduler_fails_the_run_before_it_is_recorded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    engine = store.make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with pytest.raises(ClusterUnavailable, match=f"cannot reach the Dask scheduler at {address}"):
            ingest([SAMPLE_DOCS], engine, executor="dask", scheduler=address)
        assert store.last_run(engine) is None
    finally:
        engine.dispose()


def test_a_scheduler_without_workers_fails_the_run_at_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1.0)
    engine = store.make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    # A port of its own: the module's cluster already holds the scheduler's default one.
    idle = LocalCluster(n_workers=0, processes=True, dashboard_address=":0", host="127.0.0.1")
    try:
        with pytest.raises(ClusterUnavailable, match="has no workers"):
            ingest([SAMPLE_DOCS], engine, executor="dask", scheduler=idle.scheduler_address)
        assert store.last_run(engine) is None
    finally:
        idle.close()
        engine.dispose()


def test_cli_dask_without_a_scheduler_is_a_usage_error_in_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SCRUTINY_DASK_SCHEDULER", raising=False)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE_PAPERS[0]), "--executor", "dask", "--db", db])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: --executor dask needs --scheduler ADDRESS (or $SCRUTINY_DASK_SCHEDULER); see `scrutiny ingest --help`"
    ]


def test_cli_takes_the_scheduler_from_the_environment_and_says_in_one_line_when_it_is_unreachable(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("SCRUTINY_DASK_SCHEDULER", address)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE_PAPERS[0]), "--executor", "dask", "--db", db])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: cannot reach the Dask scheduler at {address}")


def test_cli_ingests_into_postgresql_on_the_cluster(cluster: LocalCluster, pg_schema) -> None:
    with _private_store(pg_schema) as (engine, url):
        result = CliRunner().invoke(
            main,
            [
                "ingest",
                *map(str, SAMPLE_PAPERS),
                "--executor",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--db",
                url,
            ],
        )
        assert result.exit_code == 0, result.output
        assert f"documents: {len(SAMPLE_PAPERS)} ingested, 0 skipped, 0 failed" in result.stdout
        assert store.table_counts(engine)["document"] == len(SAMPLE_PAPERS)
