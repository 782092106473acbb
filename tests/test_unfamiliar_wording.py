"""The unfamiliar-wording yardstick builds papers whose gold the reader meets."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from scrutiny.api import extract

YARDSTICK = Path(__file__).resolve().parent.parent / "bench" / "unfamiliar_wording.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> list[Path]:
    spec = importlib.util.spec_from_file_location("unfamiliar_wording", YARDSTICK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("unfamiliar"))


def folded(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def test_the_yardstick_has_at_least_forty_items(built):
    golds = [json.loads(p.with_name(p.name + ".gold.json").read_text()) for p in built]

    assert sum(len(g["items"]) for g in golds) >= 40


def test_the_reader_finds_the_gold_pairs_of_the_yardstick(built):
    found = total = 0
    for path in built:
        gold = json.loads(path.with_name(path.name + ".gold.json").read_text())["items"]
        items = {(folded(i.recommendation), folded(i.progress)) for i in extract(path).items}
        total += len(gold)
        found += sum((folded(g["recommendation"]), folded(g["progress"])) in items for g in gold)

    assert found / total >= 0.95
