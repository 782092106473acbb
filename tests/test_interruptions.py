"""An ingest killed without warning (SIGKILL: no cleanup runs) leaves a store that
the next run completes: no partial document, nothing stored twice, and the dead run
marked interrupted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from samples import SAMPLE_PAPERS, copy_papers
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from scrutiny.extractors import EXTRACTOR_VERSION
from scrutiny.models import store
from scrutiny.models.schema import Committee, Council, Document, IngestRun, ProgressUpdate, Recommendation, Theme
from scrutiny.pipeline.extract import file_sha256
from scrutiny.pipeline.ingest.run import ingest

SCRUTINY = Path(sys.executable).with_name("scrutiny")


def _gold_counts(paper: Path) -> tuple[int, int]:
    """Recommendations and progress updates the paper's gold file expects."""
    items = json.loads(paper.with_name(paper.name + ".gold.json").read_text())["items"]
    recommendations = len({item["recommendation"] for item in items})
    updates = sum(1 for item in items if item.get("progress") is not None or item.get("response") is not None)
    return recommendations, updates


@dataclass
class KilledThenRerun:
    engine: Engine
    stored_when_killed: int
    rerun: subprocess.CompletedProcess


def _documents(engine: Engine) -> int:
    try:
        return store.table_counts(engine)["document"]
    except OperationalError:  # the tables are not made yet
        return 0


@pytest.fixture(scope="module")
def killed_then_rerun(tmp_path_factory) -> KilledThenRerun:
    folder = tmp_path_factory.mktemp("papers")
    for paper in SAMPLE_PAPERS:
        shutil.copy(paper, folder / paper.name)
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'scrutiny.db'}"
    command = [str(SCRUTINY), "ingest", str(folder), "--db", url]
    engine = store.make_engine(url)
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while _documents(engine) < 1:
            assert first.poll() is None, "the run ended before its first document was stored"
            assert time.monotonic() < deadline, "no document stored in time"
            time.sleep(0.01)
        os.killpg(first.pid, signal.SIGKILL)
    finally:
        first.kill()
        first.wait()
    stored = _documents(engine)
    assert stored < len(SAMPLE_PAPERS), "the run finished before it was killed"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    yield KilledThenRerun(engine, stored, rerun)
    engine.dispose()


def test_the_next_run_completes_the_store(killed_then_rerun: KilledThenRerun) -> None:
    assert killed_then_rerun.rerun.returncode == 0, killed_then_rerun.rerun.stderr
    skipped = killed_then_rerun.stored_when_killed
    assert (
        f"documents: {len(SAMPLE_PAPERS) - skipped} ingested, {skipped} skipped, 0 failed"
        in killed_then_rerun.rerun.stdout
    )


def test_every_document_has_all_its_recommendations_and_updates(killed_then_rerun: KilledThenRerun) -> None:
    expected = {file_sha256(paper): _gold_counts(paper) for paper in SAMPLE_PAPERS}
    with Session(killed_then_rerun.engine) as session:
        stored = {
            sha: (
                session.scalar(select(func.count()).where(Recommendation.document_id == doc_id)),
                session.scalar(select(func.count()).where(ProgressUpdate.document_id == doc_id)),
            )
            for doc_id, sha in session.execute(select(Document.id, Document.sha256))
        }
    assert stored == expected


def test_every_file_is_stored_exactly_once(killed_then_rerun: KilledThenRerun) -> None:
    with Session(killed_then_rerun.engine) as session:
        paths = list(session.scalars(select(Document.path)))
    assert sorted(Path(p).name for p in paths) == sorted(p.name for p in SAMPLE_PAPERS)


@pytest.mark.parametrize(
    "columns",
    [(Council.key,), (Committee.council_id, Committee.key), (Theme.slug,)],
    ids=["council", "committee", "theme"],
)
def test_no_shared_row_is_stored_twice(killed_then_rerun: KilledThenRerun, columns) -> None:
    with Session(killed_then_rerun.engine) as session:
        keys = [tuple(row) for row in session.execute(select(*columns))]
    assert keys and max(Counter(keys).values()) == 1


def test_the_killed_run_is_marked_interrupted_by_the_next(killed_then_rerun: KilledThenRerun) -> None:
    with Session(killed_then_rerun.engine) as session:
        runs = [(r.status, r.finished_at is None) for r in session.scalars(select(IngestRun).order_by(IngestRun.id))]
    # When the killed run stopped is unknown, so it has no finish time.
    assert runs == [("interrupted", True), ("finished", False)]


def test_a_run_left_running_by_a_process_long_gone_is_marked_interrupted(engine: Engine, tmp_path: Path) -> None:
    gone = store.start_run(engine, ["papers"], EXTRACTOR_VERSION)  # and never finished

    summary = ingest([copy_papers(tmp_path / "one", SAMPLE_PAPERS[:1])], engine)

    with Session(engine) as session:
        statuses = dict(session.execute(select(IngestRun.id, IngestRun.status)).all())
    assert statuses == {gone: "interrupted", summary.run_id: "finished"}
