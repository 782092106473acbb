"""The sample papers in sample_docs/ (each with its gold file), as tests use them."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

SAMPLE_DOCS = Path(__file__).resolve().parent.parent / "sample_docs"
SAMPLE_PAPERS = sorted(p for p in SAMPLE_DOCS.iterdir() if p.suffix in {".pdf", ".docx"})
GOLD_FILES = sorted(SAMPLE_DOCS.glob("*.gold.json"))


def copy_papers(folder: Path, papers: Iterable[Path] = SAMPLE_PAPERS) -> Path:
    """`folder`, made, holding copies of `papers`: a store then records paths of its own."""
    folder.mkdir(parents=True)
    for paper in papers:
        shutil.copy(paper, folder / paper.name)
    return folder
