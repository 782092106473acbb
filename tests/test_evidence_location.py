"""Where a paper printed an item, said in words when its pages cannot be drawn."""

from __future__ import annotations

from pathlib import Path

import docx

from scrutiny.pipeline.query.evidence import Appearance, text_location

WORDING = "The council should fund respite breaks for young carers in every district."


def appearance(page: int | None = None, table: int | None = None) -> Appearance:
    return Appearance(
        recommendation_id=1,
        date=None,
        document_id=1,
        document="Young Carers Review",
        path="review.docx",
        sha256="0" * 64,
        format="docx",
        council=None,
        committee=None,
        page=page,
        ref=None,
        recommendation=WORDING,
        status=None,
        update=None,
        progress_update_id=None,
        table=table,
        row=None,
    )


def test_an_item_in_prose_is_placed_by_the_paragraph_that_starts_with_it(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Young Carers Review")
    document.add_paragraph("The panel met carers and schools.")
    document.add_paragraph(WORDING + " The cabinet agreed.")
    document.save(tmp_path / "review.docx")

    assert text_location(appearance(), tmp_path / "review.docx") == "paragraph 3"


def test_an_item_with_a_recorded_place_is_placed_there():
    assert text_location(appearance(page=2, table=0), None) == "page 2, table 1"


def test_an_item_whose_paper_is_missing_says_its_place_was_not_recorded():
    assert text_location(appearance(), None) == "place not recorded"
