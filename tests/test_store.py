from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, delete, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scrutiny.extractors.content import BBox
from scrutiny.extractors.items import (
    DocumentMetadata,
    ExtractedDocument,
    FieldSource,
    Item,
    Source,
    StatusEvidence,
    ThemeHit,
)
from scrutiny.models.schema import (
    Base,
    Committee,
    Council,
    Document,
    IngestError,
    ProgressUpdate,
    ProgressUpdateTheme,
    Recommendation,
    RecommendationTheme,
    Theme,
    in_the_models,
)
from scrutiny.models.store import (
    downgrade_to_base,
    existing_document,
    finish_run,
    last_run,
    make_engine,
    record_error,
    save_document,
    start_run,
    table_counts,
    upgrade,
)

STORE_TABLES = {
    "council",
    "committee",
    "document",
    "recommendation",
    "progress_update",
    "theme",
    "recommendation_theme",
    "progress_update_theme",
    "lineage",
    "entity",
    "entity_mention",
    "ingest_run",
    "ingest_error",
}

SHA_A = "a" * 64
SHA_B = "b" * 64


def item(recommendation: str, progress: str | None = "Work has started.", **fields) -> Item:
    return Item(recommendation=recommendation, progress=progress, **fields)


def document(
    sha256: str = SHA_A,
    items: list[Item] | None = None,
    council: str | None = "Leeds City Council",
    committee: str | None = "Adults and Health Scrutiny Board",
    **fields,
) -> ExtractedDocument:
    return ExtractedDocument(
        path=f"papers/{sha256[:8]}.pdf",
        sha256=sha256,
        format="pdf",
        pages=4,
        metadata=DocumentMetadata(
            title="Recommendation tracking",
            council=council,
            committee=committee,
            meeting_date=date(2024, 3, 12),
            report_date=date(2024, 3, 1),
            author="Scrutiny Officer",
        ),
        items=items if items is not None else [item("Review the housing allocations policy.")],
        extractor_version="0.1.0",
        **fields,
    )


def save(engine: Engine, doc: ExtractedDocument, **kwargs) -> int:
    with Session(engine) as session, session.begin():
        return save_document(session, doc, **kwargs)


def rows(engine: Engine, model: type[Base]) -> list:
    with Session(engine) as session:
        return list(session.scalars(select(model).order_by(model.id)))


# Migrations


def test_upgrade_creates_every_table(empty_engine: Engine) -> None:
    upgrade(empty_engine)

    assert set(inspect(empty_engine).get_table_names()) >= STORE_TABLES


def test_upgrade_twice_is_a_no_op(engine: Engine) -> None:
    save(engine, document())

    upgrade(engine)

    assert table_counts(engine)["document"] == 1


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": in_the_models})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_downgrade_to_base_drops_every_table(engine: Engine) -> None:
    downgrade_to_base(engine)

    assert STORE_TABLES.isdisjoint(inspect(engine).get_table_names())


# Saving a document


def test_save_document_stores_document_with_its_council_and_committee(engine: Engine) -> None:
    doc = document(warnings=["table 2 has no header row"])

    document_id = save(engine, doc)

    [stored] = rows(engine, Document)
    [council] = rows(engine, Council)
    [committee] = rows(engine, Committee)
    assert stored.id == document_id
    assert (stored.sha256, stored.path, stored.format, stored.pages) == (SHA_A, doc.path, "pdf", 4)
    assert stored.title == "Recommendation tracking"
    assert stored.author == "Scrutiny Officer"
    assert stored.meeting_date == date(2024, 3, 12)
    assert stored.report_date == date(2024, 3, 1)
    assert stored.extractor_version == "0.1.0"
    assert stored.warnings == ["table 2 has no header row"]
    assert council.name == "Leeds City Council"
    assert committee.name == "Adults and Health Scrutiny Board"
    assert committee.council_id == council.id
    assert (stored.council_id, stored.committee_id) == (council.id, committee.id)


def test_a_register_council_is_stored_with_its_identity(engine: Engine) -> None:
    doc = document(council="Kent County Council")
    doc.metadata.council_code = "KEN"
    doc.metadata.council_printed = "KCC"
    doc.metadata.sources = {"council": FieldSource("properties", 0.7, "KCC")}

    save(engine, doc)

    [council] = rows(engine, Council)
    [stored] = rows(engine, Document)
    assert (council.name, council.code, council.gss_code) == ("Kent County Council", "KEN", "E10000016")
    assert (council.nation, council.region, council.kind) == ("England", "South East", "County")
    assert stored.council_text == "KCC"
    assert stored.metadata_sources == {"council": {"origin": "properties", "confidence": 0.7, "printed": "KCC"}}


def test_papers_printing_one_register_council_differently_share_its_row(engine: Engine) -> None:
    first = document(sha256=SHA_A, council="Kent County Council")
    first.metadata.council_code = "KEN"
    second = document(sha256=SHA_B, council="Kent County Council")
    second.metadata.council_code = "KEN"
    second.metadata.council_printed = "KENT COUNTY COUNCIL"

    save(engine, first)
    save(engine, second)

    assert [c.code for c in rows(engine, Council)] == ["KEN"]


def test_a_former_council_keeps_its_dates(engine: Engine) -> None:
    doc = document(council="Northamptonshire County Council")
    doc.metadata.council_code = "NTH"

    save(engine, doc)

    [council] = rows(engine, Council)
    assert council.end_date is not None


def test_ingested_at_is_timezone_aware_utc(engine: Engine) -> None:
    before = datetime.now(UTC)

    save(engine, document())

    [stored] = rows(engine, Document)
    assert stored.ingested_at.tzinfo is not None
    assert stored.ingested_at.utcoffset().total_seconds() == 0
    assert before.replace(microsecond=0) <= stored.ingested_at <= datetime.now(UTC)


def test_save_document_without_council_or_committee(engine: Engine) -> None:
    save(engine, document(council=None, committee=None))

    [stored] = rows(engine, Document)
    assert (stored.council_id, stored.committee_id) == (None, None)
    assert table_counts(engine)["council"] == 0


def test_save_document_stores_each_item_as_an_update_with_its_source(engine: Engine) -> None:
    source = Source(
        kind="table",
        page=2,
        page_end=3,
        table=1,
        row=4,
        bbox=BBox(56.7, 120.25, 540.0, 188.5),
        cell_bboxes=[(2, BBox(56.7, 120.25, 200.0, 188.5)), (3, BBox(200.0, 40.0, 540.0, 60.0))],
        method="pdfplumber-ruled",
    )
    doc = document(
        items=[
            item(
                "Publish a carers' strategy.",
                "Strategy approved by Cabinet in June.",
                status="completed",
                status_text="Green",
                response="accepted",
                response_text="Agreed",
                ref="R3",
                section="Carers",
                lead_officer="Director of Adult Services",
                target_date="June 2024",
                confidence=0.85,
                source=source,
            )
        ]
    )

    save(engine, doc)

    [recommendation] = rows(engine, Recommendation)
    [update] = rows(engine, ProgressUpdate)
    assert (recommendation.ordinal, recommendation.ref, recommendation.text) == (
        0,
        "R3",
        "Publish a carers' strategy.",
    )
    assert (recommendation.section, recommendation.lead_officer, recommendation.target_date) == (
        "Carers",
        "Director of Adult Services",
        "June 2024",
    )
    assert update.recommendation_id == recommendation.id
    assert update.document_id == recommendation.document_id
    assert (update.ordinal, update.text) == (0, "Strategy approved by Cabinet in June.")
    assert (update.status, update.status_text) == ("completed", "Green")
    assert (update.response, update.response_text) == ("accepted", "Agreed")
    assert (update.page, update.page_end, update.table_index, update.row_index) == (2, 3, 1, 4)
    assert update.bbox == [56.7, 120.25, 540.0, 188.5]
    assert update.cell_bboxes == [
        [2, [56.7, 120.25, 200.0, 188.5]],
        [3, [200.0, 40.0, 540.0, 60.0]],
    ]
    assert update.extraction_method == "pdfplumber-ruled"
    assert update.confidence == pytest.approx(0.85)


def test_recommendation_without_progress_is_stored_without_an_update(engine: Engine) -> None:
    save(engine, document(items=[item("Report back in six months.", None)]))

    assert [r.text for r in rows(engine, Recommendation)] == ["Report back in six months."]
    assert rows(engine, ProgressUpdate) == []


def test_update_with_only_a_status_stores_null_text_and_bbox(engine: Engine) -> None:
    bare = item("Report back in six months.", None)
    bare.status, bare.status_text = "outstanding", "Red"
    save(engine, document(items=[bare]))

    [update] = rows(engine, ProgressUpdate)
    assert (update.text, update.bbox, update.response, update.page) == (None, None, None, None)
    assert (update.status, update.status_text) == ("outstanding", "Red")
    assert update.cell_bboxes == []


def test_update_keeps_the_words_that_decided_its_status(engine: Engine) -> None:
    decided = item("Write to riparian owners.", "Letters were sent. Status: Complete.")
    decided.status = "completed"
    decided.status_evidence = StatusEvidence(
        matched="Status: Complete", field="progress", start=19, end=35, rule="status line"
    )
    save(engine, document(items=[decided, item("Publish a map.", "Drafted.")]))

    first, second = rows(engine, ProgressUpdate)
    assert first.status_evidence == {
        "matched": "Status: Complete",
        "field": "progress",
        "start": 19,
        "end": 35,
        "rule": "status line",
    }
    assert second.status_evidence is None


def test_save_document_links_themes_to_the_spans_that_matched(engine: Engine) -> None:
    doc = document(
        items=[
            item(
                "Reduce the housing waiting list.",
                "Temporary accommodation use is down.",
                theme_hits=[
                    ThemeHit("housing", "housing", "recommendation", 11, 18),
                    ThemeHit("housing", "accommodation", "progress", 10, 23),
                ],
            )
        ]
    )

    save(engine, doc, taxonomy_version="2024.1")

    [theme] = rows(engine, Theme)
    [rec_link] = rows(engine, RecommendationTheme)
    [update_link] = rows(engine, ProgressUpdateTheme)
    [recommendation] = rows(engine, Recommendation)
    [update] = rows(engine, ProgressUpdate)
    assert (theme.slug, theme.label) == ("housing", None)
    assert (rec_link.recommendation_id, rec_link.theme_id) == (recommendation.id, theme.id)
    assert (rec_link.matched, rec_link.start_offset, rec_link.end_offset) == ("housing", 11, 18)
    assert rec_link.taxonomy_version == "2024.1"
    assert (update_link.progress_update_id, update_link.theme_id) == (update.id, theme.id)
    assert (update_link.matched, update_link.start_offset, update_link.end_offset) == (
        "accommodation",
        10,
        23,
    )


def test_theme_hit_on_an_unknown_field_is_rejected(engine: Engine) -> None:
    hit = ThemeHit("youth", "youth", "title", 5, 10)
    doc = document(items=[item("Fund youth services.", theme_hits=[hit])])

    with pytest.raises(ValueError, match="title"):
        save(engine, doc)

    assert table_counts(engine)["document"] == 0


def test_same_recommendation_text_gives_one_recommendation_with_two_updates(engine: Engine) -> None:
    text = "Improve the response time for adult social care assessments."
    doc = document(
        items=[
            item(text, "Recruitment under way.", status="in_progress", ref="R1"),
            item("Publish a carers' strategy.", "Approved.", status="completed"),
            item(text, "Backlog cleared.", status="completed", lead_officer="Head of Assessments"),
        ]
    )

    save(engine, doc)

    recommendations = rows(engine, Recommendation)
    assert [r.text for r in recommendations] == [text, "Publish a carers' strategy."]
    assert [r.ordinal for r in recommendations] == [0, 1]
    assert recommendations[0].ref == "R1"
    assert recommendations[0].lead_officer == "Head of Assessments"
    updates = rows(engine, ProgressUpdate)
    repeated = [u for u in updates if u.recommendation_id == recommendations[0].id]
    assert [(u.ordinal, u.text, u.status) for u in repeated] == [
        (0, "Recruitment under way.", "in_progress"),
        (2, "Backlog cleared.", "completed"),
    ]


def test_repeated_recommendation_keeps_each_theme_span_once(engine: Engine) -> None:
    text = "Expand school transport for pupils with SEND."
    hits = [ThemeHit("send", "SEND", "recommendation", 40, 44)]
    doc = document(
        items=[
            item(text, "Routes reviewed.", theme_hits=list(hits)),
            item(text, "New contract let.", theme_hits=list(hits)),
        ]
    )

    save(engine, doc)

    [link] = rows(engine, RecommendationTheme)
    assert (link.matched, link.start_offset, link.end_offset) == ("SEND", 40, 44)


def test_saving_the_same_sha256_again_replaces_the_document(engine: Engine) -> None:
    old_hit = ThemeHit("housing", "Old", "recommendation", 0, 3)
    new_hit = ThemeHit("housing", "New", "recommendation", 0, 3)
    save(engine, document(items=[item("Old wording.", theme_hits=[old_hit])]))
    counts_before = table_counts(engine)

    new_id = save(engine, document(items=[item("New wording.", theme_hits=[new_hit])]))

    assert table_counts(engine) == counts_before
    [stored] = rows(engine, Document)
    assert stored.id == new_id
    assert [r.text for r in rows(engine, Recommendation)] == ["New wording."]
    assert [link.matched for link in rows(engine, RecommendationTheme)] == ["New"]


def test_documents_from_the_same_council_share_one_council_row(engine: Engine) -> None:
    save(engine, document(SHA_A, committee="Scrutiny Board (Adults)"))
    save(engine, document(SHA_B, committee="Scrutiny Board (Children)"))

    [council] = rows(engine, Council)
    assert [d.council_id for d in rows(engine, Document)] == [council.id, council.id]
    assert len(rows(engine, Committee)) == 2


def test_same_committee_name_in_different_councils_is_two_committees(engine: Engine) -> None:
    save(engine, document(SHA_A, council="Leeds City Council", committee="Scrutiny Board"))
    save(engine, document(SHA_B, council="Bradford Council", committee="Scrutiny Board"))

    assert len(rows(engine, Committee)) == 2


def test_committee_without_council_is_reused(engine: Engine) -> None:
    save(engine, document(SHA_A, council=None, committee="Overview and Scrutiny"))
    save(engine, document(SHA_B, council=None, committee="Overview and Scrutiny"))

    [committee] = rows(engine, Committee)
    assert committee.council_id is None


def test_themes_are_shared_between_documents(engine: Engine) -> None:
    hit = ThemeHit("housing", "housing", "recommendation", 0, 7)
    save(engine, document(SHA_A, items=[item("housing first", theme_hits=[hit])]))
    save(engine, document(SHA_B, items=[item("housing audit", theme_hits=[hit])]))

    assert [t.slug for t in rows(engine, Theme)] == ["housing"]
    assert len(rows(engine, RecommendationTheme)) == 2


def test_concurrent_saves_naming_a_new_council_share_one_council_row(engine: Engine) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool, Session(engine) as first:
        with first.begin():
            save_document(first, document(SHA_A))
            second = pool.submit(save, engine, document(SHA_B))
            # Let the second save reach the council insert while the first is uncommitted.
            time.sleep(0.5)
        second.result(timeout=60)

    [council] = rows(engine, Council)
    [committee] = rows(engine, Committee)
    assert [(d.council_id, d.committee_id) for d in rows(engine, Document)] == [
        (council.id, committee.id),
        (council.id, committee.id),
    ]


def test_failure_after_save_leaves_no_partial_rows(engine: Engine) -> None:
    hit = ThemeHit("youth", "youth", "recommendation", 5, 10)
    doc = document(items=[item("Fund youth services.", theme_hits=[hit])])

    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        save_document(session, doc)
        raise RuntimeError("disk full")

    assert set(table_counts(engine).values()) == {0}


def test_failure_while_replacing_keeps_the_previous_version(engine: Engine) -> None:
    save(engine, document(items=[item("Original wording.")]))

    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        save_document(session, document(items=[item("New wording.")]))
        raise RuntimeError("interrupted")

    assert [r.text for r in rows(engine, Recommendation)] == ["Original wording."]


def test_status_outside_the_vocabulary_is_rejected(engine: Engine) -> None:
    with pytest.raises(IntegrityError):
        save(engine, document(items=[item("Fund youth services.", status="amber")]))


def test_existing_document_returns_id_and_extractor_version(engine: Engine) -> None:
    document_id = save(engine, document(SHA_A))

    with Session(engine) as session:
        assert existing_document(session, SHA_A) == (document_id, "0.1.0")
        assert existing_document(session, SHA_B) is None


def test_deleting_a_document_cascades_to_recommendations_updates_and_links(
    engine: Engine,
) -> None:
    hits = [
        ThemeHit("housing", "housing", "recommendation", 0, 7),
        ThemeHit("housing", "homes", "progress", 0, 5),
    ]
    save(engine, document(SHA_A, items=[item("housing plan", "homes built", theme_hits=hits)]))
    save(engine, document(SHA_B, items=[item("housing audit", "homes surveyed", theme_hits=hits)]))

    with Session(engine) as session, session.begin():
        session.execute(delete(Document).where(Document.sha256 == SHA_A))

    counts = table_counts(engine)
    assert counts["document"] == 1
    assert counts["recommendation"] == 1
    assert counts["progress_update"] == 1
    assert counts["recommendation_theme"] == 1
    assert counts["progress_update_theme"] == 1
    assert (counts["council"], counts["committee"], counts["theme"]) == (1, 1, 1)


# Runs and errors


def test_start_run_records_a_running_run(engine: Engine) -> None:
    run_id = start_run(engine, ["papers/a.pdf", "papers/b.docx"], "0.1.0")

    run = last_run(engine)
    assert run is not None
    assert run["id"] == run_id
    assert run["status"] == "running"
    assert run["finished_at"] is None
    assert run["started_at"].utcoffset().total_seconds() == 0
    assert run["paths"] == ["papers/a.pdf", "papers/b.docx"]
    assert run["counts"] == {"ingested": 0, "skipped": 0, "failed": 0, "items": 0}


def test_finish_run_records_counts_and_status(engine: Engine) -> None:
    run_id = start_run(engine, ["papers"], "0.1.0")

    finish_run(engine, run_id, ingested=3, skipped=1, failed=2, items=41, status="interrupted")

    run = last_run(engine)
    assert run is not None
    assert run["status"] == "interrupted"
    assert run["finished_at"] >= run["started_at"]
    assert run["counts"] == {"ingested": 3, "skipped": 1, "failed": 2, "items": 41}


def test_finish_run_rejects_a_running_status(engine: Engine) -> None:
    run_id = start_run(engine, ["papers"], "0.1.0")

    with pytest.raises(ValueError):
        finish_run(engine, run_id, 0, 0, 0, 0, status="running")


def test_finish_run_of_an_unknown_run_raises(engine: Engine) -> None:
    with pytest.raises(LookupError):
        finish_run(engine, 999, 0, 0, 0, 0)


def test_last_run_is_none_before_any_run(engine: Engine) -> None:
    assert last_run(engine) is None


def test_last_run_is_the_most_recently_started(engine: Engine) -> None:
    first = start_run(engine, ["a"], "0.1.0")
    second = start_run(engine, ["b"], "0.1.0")
    finish_run(engine, first, 1, 0, 0, 5)

    run = last_run(engine)
    assert run is not None
    assert run["id"] == second


def test_record_error_stores_the_failure_against_its_run(engine: Engine) -> None:
    run_id = start_run(engine, ["papers"], "0.1.0")

    record_error(engine, run_id, "papers/broken.pdf", SHA_A, "PDFSyntaxError", "No /Root object")
    record_error(engine, None, "papers/unreadable.docx", None, "PermissionError", "denied")

    errors = rows(engine, IngestError)
    assert [(e.run_id, e.path, e.sha256, e.error_type, e.message) for e in errors] == [
        (run_id, "papers/broken.pdf", SHA_A, "PDFSyntaxError", "No /Root object"),
        (None, "papers/unreadable.docx", None, "PermissionError", "denied"),
    ]
    assert all(e.created_at.utcoffset().total_seconds() == 0 for e in errors)


def test_table_counts_covers_every_table(engine: Engine) -> None:
    start_run(engine, ["papers"], "0.1.0")
    save(engine, document())

    counts = table_counts(engine)

    assert set(counts) == STORE_TABLES
    assert counts["ingest_run"] == 1
    assert counts["document"] == 1
    assert counts["ingest_error"] == 0


# SQLite engine


def test_make_engine_creates_the_sqlite_parent_folder(tmp_path) -> None:
    path = tmp_path / "nested" / "folder" / "scrutiny.db"

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()

    assert path.exists()


def test_sqlite_engine_enforces_foreign_keys_and_uses_wal(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'scrutiny.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    finally:
        engine.dispose()
