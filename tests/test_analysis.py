"""Themes across periods, follow-through and exports, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from samples import GOLD_FILES, SAMPLE_DOCS
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from scrutiny.extractors.items import DocumentMetadata, ExtractedDocument, Item, Source
from scrutiny.models import store
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.query.analysis import export_updates, follow_through, themes_by_period, updates_table
from scrutiny.pipeline.query.queries import list_recommendations

CORE_THEMES = ("caf", "hidden_harm", "schools", "respite")


def _gold_counts_by_year() -> dict[tuple[str, str], int]:
    """Recommendations about each core theme per meeting year, from the gold files."""
    about: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for path in GOLD_FILES:
        gold = json.loads(path.read_text())
        year = gold["document"]["meeting_date"][:4]
        for item in gold["items"]:
            for theme in item["themes"]:
                about[(year, theme)].add((path.name, item["recommendation"]))
    return {key: len(recs) for key, recs in about.items()}


def test_themes_by_year_counts_the_recommendations_about_each_theme(sample_store: Engine) -> None:
    frame = themes_by_period(sample_store, "year")
    core = frame[frame["theme"].isin(CORE_THEMES)]
    got = {(row.period, row.theme): row.recommendations for row in core.itertuples()}
    assert got == _gold_counts_by_year()


def test_themes_by_year_has_one_row_per_period_and_theme_with_labels(sample_store: Engine) -> None:
    frame = themes_by_period(sample_store, "year")
    assert list(frame.columns) == ["period", "theme", "label", "recommendations", "updates"]
    assert not frame.duplicated(["period", "theme"]).any()
    assert frame.loc[frame["theme"] == "caf", "label"].iloc[0] == "Common Assessment Framework (early help)"


def test_every_update_about_a_theme_is_counted_once(sample_store: Engine) -> None:
    frame = themes_by_period(sample_store, "year")
    table = updates_table(sample_store)
    for theme in CORE_THEMES:
        expected = table[
            table["themes"].str.split(",").map(lambda slugs, theme=theme: theme in slugs) & table["update"].notna()
        ]
        assert frame.loc[frame["theme"] == theme, "updates"].sum() == len(expected), theme


def test_year_range_keeps_only_papers_met_in_it(sample_store: Engine) -> None:
    frame = themes_by_period(sample_store, "year", year_from=2013, year_to=2013)
    assert set(frame["period"]) == {"2013"}


def test_themes_by_council_groups_on_council_names(sample_store: Engine) -> None:
    frame = themes_by_period(sample_store, "council")
    assert "Kingsford City Council" in set(frame["period"])


def test_themes_by_an_unknown_period_is_refused(sample_store: Engine) -> None:
    with pytest.raises(ValueError, match="by must be one of"):
        themes_by_period(sample_store, "decade")


def test_updates_table_has_one_row_per_update_with_joins_resolved(sample_store: Engine) -> None:
    table = updates_table(sample_store)
    assert len(table) == store.table_counts(sample_store)["progress_update"]
    row = table[table["council"] == "Calderbrook Metropolitan Borough Council"].iloc[0]
    assert row["committee"] and row["document"] and row["meeting_date"] == date(2013, 4, 23)
    assert row["status"] in {"completed", "in_progress", "outstanding", "unknown"}


def _paper(sha: str, when: date | None, items: list[Item]) -> ExtractedDocument:
    return ExtractedDocument(
        path=f"{sha[:4]}.docx",
        sha256=sha,
        format="docx",
        pages=1,
        metadata=DocumentMetadata(title=f"Paper {when}", council="Northam Borough Council", meeting_date=when),
        items=items,
        extractor_version="test",
    )


def _save(engine: Engine, doc: ExtractedDocument) -> None:
    with Session(engine) as session, session.begin():
        store.save_document(session, doc)


def test_follow_through_measures_days_from_recommendation_to_completion(engine: Engine) -> None:
    wording = "The Council should open the library on Sundays."
    _save(engine, _paper("a" * 64, date(2011, 3, 1), [Item(wording, None, source=Source(kind="prose"))]))
    _save(engine, _paper("b" * 64, date(2012, 3, 1), [Item(wording, "Started.", status="in_progress")]))
    _save(engine, _paper("c" * 64, date(2013, 3, 1), [Item(wording, "Done.", status="completed")]))

    [row] = follow_through(engine).to_dict("records")
    assert row["first_date"] == date(2011, 3, 1)
    assert row["completed_date"] == date(2013, 3, 1)
    assert row["days_to_complete"] == (date(2013, 3, 1) - date(2011, 3, 1)).days
    assert row["latest_status"] == "completed"
    assert row["updates"] == 2


def test_follow_through_takes_the_latest_status_as_the_listing_does(engine: Engine) -> None:
    wording = "The Council should open the library on Sundays."
    _save(engine, _paper("a" * 64, date(2012, 3, 1), [Item(wording, "Done.", status="completed")]))
    # The same meeting's paper stored later speaks last; an undated paper never outranks a dated one.
    _save(engine, _paper("b" * 64, date(2012, 3, 1), [Item(wording, "Reopened.", status="outstanding")]))
    _save(engine, _paper("c" * 64, None, [Item(wording, "Done at last.", status="completed")]))

    [row] = follow_through(engine).to_dict("records")
    [listed] = list_recommendations(engine)
    assert row["latest_status"] == listed.latest_status == "outstanding"


def test_a_recommendation_without_updates_is_still_exported(engine: Engine) -> None:
    _save(engine, _paper("d" * 64, date(2011, 3, 1), [Item("Publish a charter.", None, source=Source(kind="prose"))]))
    table = updates_table(engine)
    assert table["recommendation"].tolist() == ["Publish a charter."]
    assert table["update"].isna().all()


@pytest.mark.parametrize("suffix", ["csv", "parquet", "json"])
def test_export_writes_every_update_in_each_format(sample_store: Engine, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"updates.{suffix}"
    rows = export_updates(sample_store, out)
    reader = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json}[suffix]
    frame = reader(out)
    assert len(frame) == rows == len(updates_table(sample_store))
    assert {
        "council",
        "committee",
        "meeting_date",
        "document",
        "page",
        "recommendation",
        "update",
        "status",
        "themes",
    } <= set(frame.columns)


def test_export_refuses_an_unknown_format(sample_store: Engine, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="csv, parquet, json"):
        export_updates(sample_store, tmp_path / "updates.xlsx")


def test_themes_command_prints_csv_and_draws_a_chart(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(SAMPLE_DOCS), "--db", db]).exit_code == 0
    chart = tmp_path / "themes.png"
    result = runner.invoke(main, ["themes", "--by", "year", "--format", "csv", "--plot", str(chart), "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "period,theme,label,recommendations,updates"
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_command_reports_the_rows_written(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(SAMPLE_DOCS), "--db", db])
    result = runner.invoke(main, ["export", str(tmp_path / "out.csv"), "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote ")
