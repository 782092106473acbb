"""Ingesting papers into the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas
from samples import SAMPLE_PAPERS, copy_papers
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from scrutiny.extractors import EXTRACTOR_VERSION
from scrutiny.models import store
from scrutiny.models.schema import Document, IngestError
from scrutiny.pipeline.extract import extract_document
from scrutiny.pipeline.ingest.run import ingest, store_extracted
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy

GOLD_ITEMS = sum(len(json.loads(p.with_name(p.name + ".gold.json").read_text())["items"]) for p in SAMPLE_PAPERS)


def _one_paper(tmp_path: Path) -> Path:
    return copy_papers(tmp_path / "one", SAMPLE_PAPERS[:1])


def test_ingest_stores_every_paper_with_its_pairs(engine: Engine, sample_papers: Path) -> None:
    summary = ingest([sample_papers], engine)
    assert summary.count("ingested") == len(SAMPLE_PAPERS)
    assert summary.failed == []
    assert summary.items == GOLD_ITEMS
    counts = store.table_counts(engine)
    assert counts["document"] == len(SAMPLE_PAPERS)
    assert counts["progress_update"] == GOLD_ITEMS
    assert counts["recommendation_theme"] + counts["progress_update_theme"] > 0


def test_reingesting_unchanged_files_skips_them(engine: Engine, sample_papers: Path) -> None:
    ingest([sample_papers], engine)
    before = store.table_counts(engine)
    summary = ingest([sample_papers], engine)
    assert summary.count("skipped") == len(SAMPLE_PAPERS)
    assert summary.count("ingested") == 0
    after = store.table_counts(engine)
    assert {k: v for k, v in after.items() if k != "ingest_run"} == {
        k: v for k, v in before.items() if k != "ingest_run"
    }


def test_force_reextracts_and_replaces_without_duplicates(engine: Engine, sample_papers: Path) -> None:
    ingest([sample_papers], engine)
    before = store.table_counts(engine)
    summary = ingest([sample_papers], engine, force=True)
    assert summary.count("ingested") == len(SAMPLE_PAPERS)
    after = store.table_counts(engine)
    for table in ("document", "recommendation", "progress_update", "council", "committee", "theme"):
        assert after[table] == before[table], table


def test_a_document_from_an_older_extractor_is_reextracted(engine: Engine, tmp_path: Path) -> None:
    folder = _one_paper(tmp_path)
    ingest([folder], engine)
    with Session(engine) as session, session.begin():
        session.execute(update(Document).values(extractor_version="0.0.0"))
    summary = ingest([folder], engine)
    assert summary.count("ingested") == 1
    assert store.table_counts(engine)["document"] == 1


def test_the_same_file_twice_in_one_run_is_stored_once(engine: Engine, tmp_path: Path) -> None:
    folder = _one_paper(tmp_path)
    copy = tmp_path / "copy.docx" if SAMPLE_PAPERS[0].suffix == ".docx" else tmp_path / "copy.pdf"
    shutil.copy(SAMPLE_PAPERS[0], copy)
    summary = ingest([folder, copy], engine)
    assert store.table_counts(engine)["document"] == 1
    assert summary.count("ingested") == 1 and summary.count("skipped") == 1


def _bad_files(folder: Path) -> dict[str, str]:
    """Files a council website might have produced, and a word the error must contain."""
    good_pdf = next(p for p in SAMPLE_PAPERS if p.suffix == ".pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good_pdf[: len(good_pdf) // 3])
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "web page.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    (folder / "not a zip.docx").write_bytes(b"this is plain text, not a Word document")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "a zip, but not a docx")
    (folder / "zip not docx.docx").write_bytes(buffer.getvalue())
    locked = canvas.Canvas(str(folder / "locked.pdf"), encrypt=StandardEncryption("secret", "owner"))
    locked.drawString(72, 720, "Confidential")
    locked.save()
    return {
        "truncated.pdf": "",
        "empty.pdf": "empty",
        "web page.pdf": "web page",
        "not a zip.docx": "Word",
        "zip not docx.docx": "Word",
        "locked.pdf": "password",
    }


def test_bad_files_are_recorded_and_the_run_goes_on(engine: Engine, tmp_path: Path) -> None:
    folder = _one_paper(tmp_path)
    expected = _bad_files(folder)
    (folder / "notes.txt").write_text("not a paper")
    summary = ingest([folder], engine)

    assert summary.count("ingested") == 1
    failed = {o.path.name: o.message for o in summary.failed}
    assert set(failed) == set(expected)
    for name, word in expected.items():
        assert word in failed[name], (name, failed[name])
        assert "\n" not in failed[name]
    assert [p.name for p, _ in summary.ignored] == ["notes.txt"]
    with Session(engine) as session:
        errors = session.scalars(select(IngestError)).all()
        assert {Path(e.path).name for e in errors} == set(expected)
        assert all(e.run_id == summary.run_id and e.message for e in errors)
    assert store.table_counts(engine)["document"] == 1


def test_a_file_removed_mid_run_is_a_failure_not_a_crash(engine: Engine, tmp_path: Path) -> None:
    folder = _one_paper(tmp_path)
    doomed = folder / "doomed.pdf"
    shutil.copy(next(p for p in SAMPLE_PAPERS if p.suffix == ".pdf"), doomed)
    summary = ingest([folder], engine, on_start=lambda total: doomed.unlink())
    assert [o.path.name for o in summary.failed] == ["doomed.pdf"]
    assert "disappeared" in summary.failed[0].message
    assert summary.count("ingested") == 1


def test_a_failure_while_storing_leaves_no_partial_document(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    original = store.save_document

    def save_then_fail(session, doc, **kwargs):
        original(session, doc, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "save_document", save_then_fail)
    summary = ingest([_one_paper(tmp_path)], engine)
    assert summary.count("failed") == 1
    assert "disk full" in summary.failed[0].message
    counts = store.table_counts(engine)
    assert counts["document"] == counts["recommendation"] == counts["progress_update"] == 0
    assert counts["ingest_error"] == 1


def test_the_run_records_its_counts(engine: Engine, sample_papers: Path) -> None:
    summary = ingest([sample_papers], engine)
    run = store.last_run(engine)
    assert run["id"] == summary.run_id
    assert run["status"] == "finished"
    assert run["counts"] == {"ingested": len(SAMPLE_PAPERS), "skipped": 0, "failed": 0, "items": GOLD_ITEMS}


def test_two_workers_store_the_same_rows_as_one(engine: Engine, sample_papers: Path, tmp_path: Path) -> None:
    ingest([sample_papers], engine, workers=2)
    parallel = store.table_counts(engine)
    serial_engine = store.make_engine(f"sqlite:///{tmp_path / 'serial.db'}")
    try:
        ingest([sample_papers], serial_engine, workers=1)
        serial = store.table_counts(serial_engine)
    finally:
        serial_engine.dispose()
    assert {k: v for k, v in parallel.items()} == serial


def test_progress_is_reported_once_per_file(engine: Engine, sample_papers: Path) -> None:
    seen = []
    totals = []
    ingest([sample_papers], engine, on_start=totals.append, on_file=seen.append)
    assert totals == [len(SAMPLE_PAPERS)]
    assert sorted(o.path.name for o in seen) == sorted(p.name for p in SAMPLE_PAPERS)


def test_each_stored_paper_says_how_long_its_store_write_took(engine: Engine, tmp_path: Path) -> None:
    summary = ingest([_one_paper(tmp_path)], engine)
    [outcome] = summary.outcomes
    assert outcome.status == "ingested"
    assert outcome.store_seconds is not None and outcome.store_seconds > 0


def test_an_extracted_paper_is_stored_once_by_the_write_ingest_uses(engine: Engine, tmp_path: Path) -> None:
    [path] = [p for p in _one_paper(tmp_path).iterdir() if p.suffix in (".pdf", ".docx")]
    taxonomy = load_taxonomy()
    document = extract_document(path, ThemeTagger(taxonomy))
    store.upgrade(engine)
    run_id = store.start_run(engine, [str(path)], EXTRACTOR_VERSION)
    version = taxonomy.version

    first = store_extracted(engine, run_id, path, document.sha256, document, version)
    second = store_extracted(engine, run_id, path, document.sha256, document, version)

    assert (first.status, first.items) == ("ingested", len(document.items))
    assert second.status == "skipped"
    assert store.table_counts(engine)["document"] == 1
