"""Ingest runs that overlap on one store: every paper stored once, shared rows and
lineages never doubled, and no run failing because another was writing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from samples import SAMPLE_PAPERS
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from scrutiny.models import document_writer, faults, store
from scrutiny.models.faults import CONFLICT_ATTEMPTS
from scrutiny.models.schema import Committee, Council, Document, Entity, IngestRun, Lineage, Recommendation, Theme
from scrutiny.pipeline.extract import file_sha256
from scrutiny.pipeline.ingest import run as ingest_run
from scrutiny.pipeline.ingest.run import STORED_BY_ANOTHER_RUN, ingest

SCRUTINY = Path(sys.executable).with_name("scrutiny")
KINGSFORD = [p for p in SAMPLE_PAPERS if p.name.startswith("kingsford")]
KINGSFORD_COUNCIL = "Kingsford City Council"


@dataclass
class TwoRuns:
    engine: Engine
    runs: list[subprocess.CompletedProcess]
    sha_of: dict[str, str]  # file name -> content hash, over both folders


@pytest.fixture(scope="module")
def two_runs_at_once(pg_schema, tmp_path_factory) -> Iterator[TwoRuns]:
    """Two `scrutiny ingest` processes started together on a new PostgreSQL store,
    over the same papers: one folder in name order, the other named so it is
    walked in reverse, so the runs meet in the middle (on the two papers of one
    council) and then each reaches papers the other has stored."""
    with pg_schema() as url:
        forward, backward = tmp_path_factory.mktemp("forward"), tmp_path_factory.mktemp("backward")
        sha_of = {}
        for index, paper in enumerate(SAMPLE_PAPERS):
            shutil.copy(paper, forward / paper.name)
            reversed_name = f"{len(SAMPLE_PAPERS) - index} {paper.name}"
            shutil.copy(paper, backward / reversed_name)
            sha_of[paper.name] = sha_of[reversed_name] = file_sha256(paper)
        processes = [
            subprocess.Popen(
                [str(SCRUTINY), "ingest", str(folder), "--db", url],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for folder in (forward, backward)
        ]
        runs = []
        for process in processes:
            stdout, stderr = process.communicate(timeout=300)
            runs.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
        engine = store.make_engine(url)
        yield TwoRuns(engine, runs, sha_of)
        engine.dispose()


def test_neither_run_fails(two_runs_at_once: TwoRuns) -> None:
    for run in two_runs_at_once.runs:
        assert run.returncode == 0, run.stderr
        assert re.search(r"documents: \d+ ingested, \d+ skipped, 0 failed", run.stdout)


def test_each_paper_is_ingested_by_exactly_one_run(two_runs_at_once: TwoRuns) -> None:
    ingested = [
        two_runs_at_once.sha_of[Path(match).name]
        for run in two_runs_at_once.runs
        for match in re.findall(r"^ingested (.+) \(\d+ pairs\)$", run.stderr, re.MULTILINE)
    ]
    assert sorted(ingested) == sorted(file_sha256(p) for p in SAMPLE_PAPERS)


def test_the_other_run_skips_what_one_stored(two_runs_at_once: TwoRuns) -> None:
    skipped = sum(run.stderr.count(f": {STORED_BY_ANOTHER_RUN}") for run in two_runs_at_once.runs)
    assert skipped + sum(run.stderr.count("unchanged since last ingest") for run in two_runs_at_once.runs) == len(
        SAMPLE_PAPERS
    )


def test_no_document_is_stored_twice(two_runs_at_once: TwoRuns) -> None:
    with Session(two_runs_at_once.engine) as session:
        hashes = list(session.scalars(select(Document.sha256)))
    assert sorted(hashes) == sorted(file_sha256(p) for p in SAMPLE_PAPERS)


@pytest.mark.parametrize(
    "columns",
    [(Council.key,), (Committee.council_id, Committee.key), (Theme.slug,), (Entity.label, Entity.name)],
    ids=["council", "committee", "theme", "entity"],
)
def test_no_shared_row_is_stored_twice(two_runs_at_once: TwoRuns, columns) -> None:
    with Session(two_runs_at_once.engine) as session:
        keys = [tuple(row) for row in session.execute(select(*columns))]
    assert keys and max(Counter(keys).values()) == 1


def _alongside(*calls):
    """Run the calls in threads at once; their results in order, or the first error."""
    results: list = [None] * len(calls)

    def run(index: int) -> None:
        try:
            results[index] = calls[index]()
        except BaseException as exc:  # handed to the test's thread
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def _lineage_shape(engine: Engine) -> dict[str, tuple[int, Counter]]:
    """Per council: how many lineages, and how its recommendations joined them."""
    with Session(engine) as session:
        shape = {}
        for council_id, name in session.execute(select(Council.id, Council.name)):
            lineages = session.scalar(select(func.count()).where(Lineage.council_id == council_id))
            statuses = Counter(
                session.scalars(
                    select(Recommendation.lineage_status)
                    .join(Document, Recommendation.document_id == Document.id)
                    .where(Document.council_id == council_id)
                )
            )
            shape[name] = (lineages, statuses)
    return shape


@pytest.fixture(scope="module")
def serial_lineages(tmp_path_factory) -> dict[str, tuple[int, Counter]]:
    folder = tmp_path_factory.mktemp("serial")
    for paper in SAMPLE_PAPERS:
        shutil.copy(paper, folder / paper.name)
    engine = store.make_engine(f"sqlite:///{tmp_path_factory.mktemp('serial-store') / 'store.db'}")
    try:
        ingest([folder], engine)
        return _lineage_shape(engine)
    finally:
        engine.dispose()


def test_lineages_are_those_of_one_run_after_the_other(two_runs_at_once: TwoRuns, serial_lineages) -> None:
    assert _lineage_shape(two_runs_at_once.engine) == serial_lineages


def test_papers_of_one_council_linked_at_once_share_lineages(
    engine: Engine, tmp_path: Path, monkeypatch, serial_lineages
) -> None:
    # Each run, once ready to link, waits for the other to be ready too: without a
    # lock both link before either commits, and neither sees the other's lineages.
    ready = threading.Barrier(2, timeout=3)
    link = document_writer.link_recommendations

    def link_when_both_are_ready(*args, **kwargs):
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            pass  # the other run is held back: the lock did its work
        return link(*args, **kwargs)

    monkeypatch.setattr(document_writer, "link_recommendations", link_when_both_are_ready)
    folders = []
    for paper in KINGSFORD:
        folder = tmp_path / paper.stem
        folder.mkdir()
        shutil.copy(paper, folder / paper.name)
        folders.append(folder)
    # The council, its committee, themes and entities known already, as they are once
    # a council's first papers are in: a run creating one of them would make the
    # other wait for its commit before linking anyway.
    ingest(folders, engine)
    with Session(engine) as session, session.begin():
        session.execute(delete(Document))
        session.execute(delete(Lineage))

    summaries = _alongside(*(lambda f=f: ingest([f], engine) for f in folders))

    assert [[o.status for o in s.outcomes] for s in summaries] == [["ingested"], ["ingested"]], [
        s.outcomes for s in summaries
    ]
    assert _lineage_shape(engine)[KINGSFORD_COUNCIL] == serial_lineages[KINGSFORD_COUNCIL]


def _deadlock() -> OperationalError:
    class Deadlock(Exception):
        sqlstate = "40P01"

    return OperationalError("INSERT INTO document ...", {}, Deadlock("deadlock detected"))


def test_a_document_transaction_lost_to_a_deadlock_is_tried_again(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(SAMPLE_PAPERS[0], folder / SAMPLE_PAPERS[0].name)
    save = store.save_document
    attempts = []

    def deadlocked_once(session, doc, **kwargs):
        attempts.append(doc.sha256)
        if len(attempts) == 1:
            raise _deadlock()
        return save(session, doc, **kwargs)

    monkeypatch.setattr(store, "save_document", deadlocked_once)

    summary = ingest([folder], engine)

    assert summary.count("ingested") == 1 and len(attempts) == 2


def test_a_document_that_keeps_deadlocking_fails_after_bounded_tries(
    engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(SAMPLE_PAPERS[0], folder / SAMPLE_PAPERS[0].name)
    attempts = []

    def always_deadlocked(session, doc, **kwargs):
        attempts.append(doc.sha256)
        raise _deadlock()

    monkeypatch.setattr(store, "save_document", always_deadlocked)
    monkeypatch.setattr(faults.time, "sleep", lambda seconds: None)

    summary = ingest([folder], engine)

    assert summary.count("failed") == 1 and len(attempts) == CONFLICT_ATTEMPTS
    assert "deadlock detected" in summary.failed[0].message


def test_a_document_another_run_inserts_first_is_skipped_as_stored_by_it(
    pg_engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(SAMPLE_PAPERS[0], folder / SAMPLE_PAPERS[0].name)
    save = store.save_document
    council = document_writer._council
    raced = []

    def save_while_another_run_races(session, doc, **kwargs):
        def council_after_the_rival_commits(inner_session, *identity):
            # The rival inserts and commits the same document after this
            # transaction has looked for it and before this one inserts it.
            if not raced:
                raced.append(True)
                with Session(pg_engine) as rival, rival.begin():
                    save(rival, doc, **kwargs)
            return council(inner_session, *identity)

        monkeypatch.setattr(document_writer, "_council", council_after_the_rival_commits)
        return save(session, doc, **kwargs)

    monkeypatch.setattr(store, "save_document", save_while_another_run_races)

    summary = ingest([folder], pg_engine)

    assert [(o.status, o.message) for o in summary.outcomes] == [("skipped", STORED_BY_ANOTHER_RUN)]
    assert store.table_counts(pg_engine)["document"] == 1


def test_a_document_another_run_commits_after_the_last_look_is_skipped_not_replaced(
    engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for folder in (ours, theirs):
        folder.mkdir()
        shutil.copy(SAMPLE_PAPERS[0], folder / SAMPLE_PAPERS[0].name)
    last_look = ingest_run._stored_now

    def the_other_run_commits_just_after(engine_: Engine, sha: str) -> bool:
        stored = last_look(engine_, sha)
        monkeypatch.setattr(ingest_run, "_stored_now", last_look)
        ingest([theirs], engine)
        return stored

    monkeypatch.setattr(ingest_run, "_stored_now", the_other_run_commits_just_after)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0

    summary = ingest([ours], engine)

    assert [(o.status, o.message) for o in summary.outcomes] == [("skipped", STORED_BY_ANOTHER_RUN)]
    with Session(engine) as session:
        assert list(session.scalars(select(Document.path))) == [str(theirs / SAMPLE_PAPERS[0].name)]


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """An engine on a migrated PostgreSQL store of its own: the race above needs
    row-level locking, which SQLite does not have."""
    engine = store.make_engine(pg_url)
    store.upgrade(engine)
    yield engine
    engine.dispose()


def test_a_run_alive_elsewhere_is_never_marked_interrupted(engine: Engine, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, paper in ((first, SAMPLE_PAPERS[0]), (second, SAMPLE_PAPERS[1])):
        folder.mkdir()
        shutil.copy(paper, folder / paper.name)
    started, release = threading.Event(), threading.Event()

    def hold(total: int) -> None:
        started.set()
        release.wait(timeout=60)

    alive = threading.Thread(target=ingest, args=([first], engine), kwargs={"on_start": hold})
    alive.start()
    try:
        assert started.wait(timeout=60)
        ingest([second], engine)
        with Session(engine) as session:
            statuses = list(session.scalars(select(IngestRun.status).order_by(IngestRun.id)))
    finally:
        release.set()
        alive.join(timeout=120)
    assert statuses == ["running", "finished"]
