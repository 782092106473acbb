"""The committed sample papers extract exactly as their gold files say."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from samples import GOLD_FILES, SAMPLE_DOCS

from scrutiny.pipeline.extract import extract_document
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy

SCORED_THEMES = {"caf", "hidden_harm", "schools", "respite"}


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger(load_taxonomy())


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _document(gold_path: Path) -> Path:
    return gold_path.with_name(gold_path.name.removesuffix(".gold.json"))


@pytest.fixture(scope="module")
def extracted(tagger):
    return {gold: extract_document(_document(gold), tagger) for gold in GOLD_FILES}


def test_sample_docs_cover_word_pdf_and_a_negative_paper() -> None:
    layouts = {_gold(g)["layout"] for g in GOLD_FILES}
    assert any(l.startswith("docx") for l in layouts)
    assert any(l.startswith("pdf") for l in layouts)
    assert any(not _gold(g)["items"] for g in GOLD_FILES)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_pairs_match_gold_exactly(gold_path, extracted) -> None:
    doc = extracted[gold_path]
    expected = [(i["recommendation"], i["progress"]) for i in _gold(gold_path)["items"]]
    assert [(i.recommendation, i.progress) for i in doc.items] == expected


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_status_matches_gold_where_gold_has_one(gold_path, extracted) -> None:
    doc = extracted[gold_path]
    gold_items = _gold(gold_path)["items"]
    assert len(doc.items) == len(gold_items)
    for item, gold in zip(doc.items, gold_items):
        if gold["status"] is not None:
            assert item.status == gold["status"], item.recommendation


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_core_themes_match_gold(gold_path, extracted) -> None:
    doc = extracted[gold_path]
    for item, gold in zip(doc.items, _gold(gold_path)["items"]):
        assert set(item.themes) & SCORED_THEMES == set(gold["themes"]), item.recommendation


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_metadata_matches_gold(gold_path, extracted) -> None:
    meta = extracted[gold_path].metadata
    gold = _gold(gold_path)["document"]
    assert meta.council == gold["council"]
    assert meta.committee == gold["committee"]
    assert meta.title == gold["title"]
    assert (meta.meeting_date.isoformat() if meta.meeting_date else None) == gold["meeting_date"]


def test_every_table_item_has_page_and_bbox_in_pdfs(extracted) -> None:
    pdf_items = [i for d in extracted.values() if d.format == "pdf" for i in d.items]
    assert pdf_items
    for item in pdf_items:
        assert item.source.page is not None and item.source.bbox is not None
        assert item.source.page_end >= item.source.page


def _build(out: Path, engine: str) -> None:
    subprocess.run(
        [sys.executable, str(SAMPLE_DOCS / "build.py"), "--out", str(out), "--pdf-engine", engine],
        check=True,
        capture_output=True,
    )


def test_committed_sample_docs_are_what_the_build_script_writes(tmp_path) -> None:
    _build(tmp_path, "reportlab")
    committed = sorted(p.name for p in SAMPLE_DOCS.iterdir() if p.suffix in {".pdf", ".docx", ".json"})
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DOCS / name).read_bytes(), name


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdfs_made_by_libreoffice_extract_to_the_same_gold(tmp_path, tagger) -> None:
    _build(tmp_path, "libreoffice")
    for gold_path in GOLD_FILES:
        pdf = tmp_path / gold_path.name.removesuffix(".gold.json")
        if pdf.suffix != ".pdf":
            continue
        doc = extract_document(pdf, tagger)
        expected = [(i["recommendation"], i["progress"]) for i in _gold(gold_path)["items"]]
        assert [(i.recommendation, i.progress) for i in doc.items] == expected, pdf.name
