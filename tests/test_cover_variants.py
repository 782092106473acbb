"""The cover yardstick: papers of councils across the four nations, each printing
who, when and which committee its own way, are read right on every field."""

from __future__ import annotations

import shutil
from pathlib import Path

import covers
import pytest

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("covers")
    covers.build(folder)
    return folder


@pytest.fixture(scope="module")
def scored(folder):
    # A logo is read by OCR: without Tesseract the covers naming their council only
    # in a logo cannot be read, and the logo test below says so by skipping.
    readable = [c for c in covers.COVERS if c.style != "logo" or shutil.which("tesseract")]
    return covers.score(folder, readable)


def test_the_yardstick_spans_every_nation_and_style():
    register_nations = {"Wales": 0, "Scotland": 0, "Northern Ireland": 0, "England": 0}
    from scrutiny.extractors.councils import uk_register

    for cover in covers.COVERS:
        register_nations[uk_register().resolve(cover.council).nation] += 1
    assert len(covers.COVERS) >= 30
    assert all(register_nations.values())
    assert {c.style for c in covers.COVERS} == {"labels", "table", "header", "lines", "to-line", "logo"}


@pytest.mark.parametrize("field", covers.FIELDS)
def test_every_field_is_read_on_the_covers(scored, field):
    scores, misses = scored

    assert scores[field] >= 0.95, "\n".join(m for m in misses if f": {field} " in m)


@needs_tesseract
def test_a_council_named_only_by_its_logo_is_read_from_it(folder):
    logos = [c for c in covers.COVERS if c.style == "logo"]
    scores, misses = covers.score(folder, logos)

    assert {c.fmt for c in logos} == {"pdf", "docx"}
    assert scores["council"] == 1.0, "\n".join(misses)
