"""A manifest CSV saying what an analyst already knows about papers overrides what
extraction found; rows it cannot use are reported with their line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from documents import write_update_docx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from scrutiny.models.schema import Document
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.ingest.manifest import ManifestError, load_manifest
from scrutiny.pipeline.ingest.run import ingest

ROWS = [("Publish a directory of respite services for young carers.", "Completed. Published in October 2011.")]
COVER = ["Plymouth City Council", "Children and Young People Overview and Scrutiny Panel", "15 March 2012"]
TITLE = "Young Carers: Progress on Recommendations"
URL = "https://democracy.example.gov.uk/documents/s12345/young-carers.pdf"


def paper(folder: Path, name: str) -> Path:
    """An update paper; each name gives different content, so no two are one file."""
    folder.mkdir(parents=True, exist_ok=True)
    return write_update_docx(folder / name, COVER, TITLE, [*ROWS, (f"Report back on {name}.", "Completed.")])


def write_manifest(folder: Path, text: str) -> Path:
    path = folder / "manifest.csv"
    path.write_text(text, encoding="utf-8")
    return path


def stored(engine: Engine) -> dict[str, dict]:
    """Each stored document's metadata, by file name."""
    with Session(engine) as session:
        return {
            Path(d.path).name: {
                "council": d.council.name if d.council else None,
                "committee": d.committee.name if d.committee else None,
                "council_text": d.council_text,
                "committee_text": d.committee_text,
                "meeting_date": d.meeting_date,
                "title": d.title,
                "source_url": d.source_url,
            }
            for d in session.scalars(select(Document))
        }


EXTRACTED = {
    "council": COVER[0],
    "committee": COVER[1],
    "council_text": COVER[0],
    "committee_text": COVER[1],
    "meeting_date": date(2012, 3, 15),
    "title": TITLE,
    "source_url": None,
}


def test_a_manifest_row_overrides_every_field_it_gives(engine: Engine, tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    manifest = write_manifest(
        tmp_path,
        "path,council,committee,meeting_date,title,source_url\n"
        f"listed.docx,Devon County Council,Health Scrutiny Committee,2012-06-20,Respite Update,{URL}\n",
    )

    summary = ingest([tmp_path / "listed.docx"], engine, manifest=load_manifest(manifest))

    assert summary.manifest_problems == []
    assert stored(engine)["listed.docx"] == {
        "council": "Devon County Council",
        "committee": "Health Scrutiny Committee",
        "council_text": "Devon County Council",
        "committee_text": "Health Scrutiny Committee",
        "meeting_date": date(2012, 6, 20),
        "title": "Respite Update",
        "source_url": URL,
    }


def test_fields_a_manifest_row_leaves_empty_keep_the_extracted_values(engine: Engine, tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    manifest = write_manifest(tmp_path, f"path,council,title,source_url\nlisted.docx,,,{URL}\n")

    ingest([tmp_path / "listed.docx"], engine, manifest=load_manifest(manifest))

    assert stored(engine)["listed.docx"] == {**EXTRACTED, "source_url": URL}


def test_papers_the_manifest_does_not_list_keep_their_extracted_metadata(engine: Engine, tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    paper(tmp_path / "more", "unlisted.docx")
    manifest = write_manifest(tmp_path, "path,council\nlisted.docx,Devon County Council\n")

    ingest([tmp_path], engine, manifest=load_manifest(manifest))

    found = stored(engine)
    assert found["listed.docx"]["council"] == "Devon County Council"
    assert found["unlisted.docx"] == EXTRACTED


def test_a_manifest_date_written_day_first_is_read_day_first(engine: Engine, tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    manifest = write_manifest(tmp_path, "path,meeting_date\nlisted.docx,04/06/2012\n")

    ingest([tmp_path / "listed.docx"], engine, manifest=load_manifest(manifest))

    assert stored(engine)["listed.docx"]["meeting_date"] == date(2012, 6, 4)


def test_manifest_paths_are_relative_to_the_manifest_folder(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    paper(tmp_path / "papers" / "2012", "listed.docx")
    manifest = write_manifest(tmp_path / "papers", "path,council\n2012/listed.docx,Devon County Council\n")
    monkeypatch.chdir(tmp_path / "papers" / "2012")

    summary = ingest(["listed.docx"], engine, manifest=load_manifest(manifest))

    assert summary.manifest_problems == []
    assert stored(engine)["listed.docx"]["council"] == "Devon County Council"


def test_each_bad_row_is_reported_with_its_line_and_the_good_rows_still_apply(engine: Engine, tmp_path: Path) -> None:
    for name in ("bad-date.docx", "good.docx"):
        paper(tmp_path, name)
    manifest = write_manifest(
        tmp_path,
        "path,council,meeting_date,notes\n"
        ",Devon County Council,,no path given\n"
        "missing.docx,Devon County Council,,not on disk\n"
        "bad-date.docx,Devon County Council,31/02/2012,no such day\n"
        "good.docx,Devon County Council,2012-06-20,fine\n"
        "good.docx,Cornwall Council,,said twice\n",
    )

    summary = ingest([tmp_path / "bad-date.docx", tmp_path / "good.docx"], engine, manifest=load_manifest(manifest))

    problems = summary.manifest_problems
    assert len(problems) == 5, problems
    assert any("unknown columns" in p and "notes" in p for p in problems)
    assert any("line 2" in p and "no path" in p for p in problems)
    assert any("line 3" in p and "missing.docx" in p for p in problems)
    assert any("line 4" in p and "31/02/2012" in p for p in problems)
    assert any("line 6" in p and "line 5" in p for p in problems)
    found = stored(engine)
    assert found["good.docx"]["council"] == "Devon County Council"
    assert found["good.docx"]["meeting_date"] == date(2012, 6, 20)
    assert found["bad-date.docx"] == EXTRACTED


def test_a_manifest_row_for_a_paper_not_being_ingested_is_reported(engine: Engine, tmp_path: Path) -> None:
    paper(tmp_path, "ingested.docx")
    paper(tmp_path, "left-out.docx")
    manifest = write_manifest(
        tmp_path, "path,council\ningested.docx,Devon County Council\nleft-out.docx,Devon County Council\n"
    )

    summary = ingest([tmp_path / "ingested.docx"], engine, manifest=load_manifest(manifest))

    assert len(summary.manifest_problems) == 1
    assert "line 3" in summary.manifest_problems[0]
    assert "left-out.docx" in summary.manifest_problems[0]
    assert list(stored(engine)) == ["ingested.docx"]


def test_a_manifest_without_a_path_column_is_refused(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, "file,council\nlisted.docx,Devon County Council\n")

    with pytest.raises(ManifestError, match="path"):
        load_manifest(manifest)


def test_a_missing_manifest_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="cannot read"):
        load_manifest(tmp_path / "nowhere.csv")


def test_cli_ingest_prints_manifest_problems_and_stores_the_overrides(tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    manifest = write_manifest(
        tmp_path, "path,council,title\nlisted.docx,Devon County Council,Respite Update\nmissing.docx,Devon,\n"
    )
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "listed.docx"), "--db", db, "--manifest", str(manifest)]
    )

    assert result.exit_code == 0, result.output
    assert "manifest: manifest.csv line 3: no such file missing.docx" in result.stdout
    assert "documents: 1 ingested" in result.stdout
    from scrutiny.models.store import make_engine

    engine = make_engine(db)
    try:
        assert stored(engine)["listed.docx"]["title"] == "Respite Update"
    finally:
        engine.dispose()


def test_cli_ingest_with_a_manifest_without_a_path_column_exits_1(tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    manifest = write_manifest(tmp_path, "file,council\nlisted.docx,Devon County Council\n")

    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'cli.db'}", "--manifest", str(manifest)]
    )

    assert result.exit_code == 1
    assert "no 'path' column" in result.output


def test_cli_extract_json_shows_the_overridden_fields(tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    manifest = write_manifest(
        tmp_path,
        "path,council,committee,meeting_date,title,source_url\n"
        f"listed.docx,Devon County Council,Health Scrutiny Committee,2012-06-20,Respite Update,{URL}\n",
    )

    result = CliRunner().invoke(main, ["extract", str(tmp_path / "listed.docx"), "--manifest", str(manifest), "--json"])

    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    document = record["document"]
    assert {k: document[k] for k in ("council", "committee", "meeting_date", "title", "source_url")} == {
        "council": "Devon County Council",
        "committee": "Health Scrutiny Committee",
        "meeting_date": "2012-06-20",
        "title": "Respite Update",
        "source_url": URL,
    }
    assert len(record["items"]) == 2


def test_cli_extract_reports_manifest_problems_on_stderr(tmp_path: Path) -> None:
    paper(tmp_path, "listed.docx")
    manifest = write_manifest(tmp_path, "path,meeting_date\nlisted.docx,31/02/2012\n")

    result = CliRunner().invoke(main, ["extract", str(tmp_path / "listed.docx"), "--manifest", str(manifest), "--json"])

    assert result.exit_code == 0, result.output
    assert "manifest: manifest.csv line 2: meeting_date '31/02/2012'" in result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["document"]["meeting_date"] == "2012-03-15"


def test_a_manifest_council_is_the_registers_council_whatever_its_spelling() -> None:
    from scrutiny.extractors.items import DocumentMetadata
    from scrutiny.pipeline.ingest.manifest import ManifestEntry, apply_manifest

    entry = ManifestEntry(path=Path("/papers/a.pdf"), line=2, council="Abertawe")

    meta = apply_manifest(DocumentMetadata(council="Westmoor Council"), entry)

    assert (meta.council, meta.council_code) == ("City and County of Swansea Council", "SWA")
    assert meta.sources["council"].origin == "manifest"


def test_the_host_a_paper_was_published_at_names_a_council_the_paper_does_not() -> None:
    from scrutiny.extractors.items import DocumentMetadata
    from scrutiny.pipeline.ingest.manifest import ManifestEntry, apply_manifest

    entry = ManifestEntry(path=Path("/papers/a.pdf"), line=2, source_url="https://democracy.kent.gov.uk/s1.pdf")

    meta = apply_manifest(DocumentMetadata(), entry)

    assert (meta.council, meta.council_code) == ("Kent County Council", "KEN")
