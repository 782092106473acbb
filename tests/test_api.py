"""The public Python API: one import name, and the same answers as the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from samples import SAMPLE_DOCS

import scrutiny
from scrutiny.pipeline.cli import main


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_scrutiny_imports_from_outside_the_checkout(tmp_path: Path) -> None:
    done = _python("import scrutiny; print(scrutiny.__version__)", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == scrutiny.__version__


def test_no_generic_top_level_package_is_installed(tmp_path: Path) -> None:
    for name in ("models", "pipeline", "extractors"):
        done = _python(f"import {name}", tmp_path)
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, name


def test_extract_reads_a_paper_without_a_store() -> None:
    doc = scrutiny.extract(SAMPLE_DOCS / "westmoor-hidden-harm-2012.pdf")
    assert doc.metadata.council == "Westmoor Metropolitan Borough Council"
    assert doc.items and all(item.recommendation for item in doc.items)


def test_a_store_path_is_a_sqlite_file(tmp_path: Path) -> None:
    with scrutiny.open_store(tmp_path / "papers.db", create=True) as store:
        assert store.engine.dialect.name == "sqlite"
    assert (tmp_path / "papers.db").exists()


def test_store_search_gives_what_the_command_prints(tmp_path: Path) -> None:
    path = tmp_path / "scrutiny.db"
    with scrutiny.open_store(path, create=True) as store:
        store.ingest([SAMPLE_DOCS])
        found = store.search("young carers", year_from=2012, year_to=2014)
    printed = CliRunner().invoke(
        main, ["search", "young", "carers", "--from", "2012", "--to", "2014", "--json", "--db", str(path)]
    )
    assert printed.exit_code == 0, printed.output
    assert [r["recommendation_id"] for r in json.loads(printed.stdout)] == [r.recommendation_id for r in found]
    assert found


def test_every_sub_package_is_listed_for_installation() -> None:
    import tomllib

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    for package, folder in config["package-dir"].items():
        for init in (root / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(root / folder).parts
            assert ".".join((package, *relative)) in listed, init.parent
