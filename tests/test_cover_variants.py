"""The cover yardstick: papers of councils across the four nations, each printing
who, when and which committee its own way, are read right on every field."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sample_docs"))

import covers


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("covers")
    covers.build(folder)
    return covers.score(folder)


def test_the_yardstick_spans_every_nation_and_style():
    register_nations = {"Wales": 0, "Scotland": 0, "Northern Ireland": 0, "England": 0}
    from scrutiny.extractors.councils import uk_register

    for cover in covers.COVERS:
        register_nations[uk_register().resolve(cover.council).nation] += 1
    assert len(covers.COVERS) >= 30
    assert all(register_nations.values())
    assert {c.style for c in covers.COVERS} == {"labels", "table", "header", "lines", "to-line"}


@pytest.mark.parametrize("field", covers.FIELDS)
def test_every_field_is_read_on_the_covers(scored, field):
    scores, misses = scored

    assert scores[field] >= 0.95, "\n".join(m for m in misses if f": {field} " in m)
