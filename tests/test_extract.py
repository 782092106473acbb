"""`extract_document`: one paper in, its items out, through named stages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from documents import write_update_docx

from scrutiny.pipeline.extract import EXTRACT_STAGES, extract_document
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy


def test_each_stage_runs_once_in_order_within_the_context_given_for_it(tmp_path: Path) -> None:
    paper = write_update_docx(
        tmp_path / "update.docx",
        ["Borough Council", "Adult Social Care Scrutiny Committee", "12 March 2024"],
        "Progress on recommendations",
        [("Publish a carers' strategy.", "Completed: the strategy was published in January.")],
    )
    entered: list[str] = []

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        entered.append(name)
        yield

    timed = extract_document(paper, ThemeTagger(load_taxonomy()), stage=stage)

    assert entered == list(EXTRACT_STAGES)
    assert timed == extract_document(paper, ThemeTagger(load_taxonomy()))
    assert [item.recommendation for item in timed.items] == ["Publish a carers' strategy."]
