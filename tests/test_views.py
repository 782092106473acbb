"""The SQL views analysts query from their own tools agree with the Python API."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text

from scrutiny.models import store
from scrutiny.models.store import alembic_config, upgrade
from scrutiny.pipeline.query.analysis import themes_by_period, updates_table
from scrutiny.pipeline.query.queries import list_recommendations


def _rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def _across_a_downgrade(engine: Engine, query: str, revision: str) -> tuple[list, list, list]:
    """The query's rows now, after going down to `revision`, and after coming back up."""
    built = sorted(_rows(engine, query), key=repr)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
    written = sorted(_rows(engine, query), key=repr)
    upgrade(engine)
    return built, written, sorted(_rows(engine, query), key=repr)


def test_themes_by_year_view_matches_themes_by_period(sample_store: Engine) -> None:
    frame = themes_by_period(sample_store, "year")
    expected = sorted((int(r.period), r.theme, r.recommendations, r.updates) for r in frame.itertuples())
    got = sorted(_rows(sample_store, "SELECT year, theme, recommendations, updates FROM v_themes_by_year"))
    assert got == expected


def test_themes_by_year_view_built_from_the_library_counts_as_the_view_written_in_sql(sample_store: Engine) -> None:
    query = "SELECT year, theme, recommendations, updates FROM v_themes_by_year"
    built, written, rebuilt = _across_a_downgrade(sample_store, query, "0008")

    assert built
    assert written == built
    assert rebuilt == built


def test_progress_updates_view_has_the_export_rows(sample_store: Engine) -> None:
    table = updates_table(sample_store)
    got = _rows(sample_store, 'SELECT council, recommendation, "update", status FROM v_progress_updates')
    expected = [(r.council, r.recommendation, r.update, r.status) for r in table.itertuples()]
    key = lambda row: tuple("" if v is None or v != v else str(v) for v in row)  # noqa: E731  NaN and None sort alike
    assert sorted(got, key=key) == sorted(expected, key=key)


def test_latest_status_view_matches_the_recommendations_listing(sample_store: Engine) -> None:
    expected = sorted((r.id, r.latest_status) for r in list_recommendations(sample_store))
    got = sorted(_rows(sample_store, "SELECT recommendation_id, latest_status FROM v_latest_status"))
    assert got == expected


def test_latest_status_view_built_from_the_library_reads_as_the_view_written_in_sql(sample_store: Engine) -> None:
    # The columns the view written in SQL had; the council's codes came later.
    query = (
        "SELECT recommendation_id, council, recommendation, latest_status, latest_update_date, latest_document,"
        " latest_page FROM v_latest_status"
    )
    built, written, rebuilt = _across_a_downgrade(sample_store, query, "0004")

    assert built
    assert written == built
    assert rebuilt == built


def test_theme_tags_view_lists_every_tag_with_its_field(sample_store: Engine) -> None:
    counts = store.table_counts(sample_store)
    rows = _rows(sample_store, "SELECT field, count(*) FROM v_theme_tags GROUP BY field")
    assert dict(rows) == {
        "recommendation": counts["recommendation_theme"],
        "progress": counts["progress_update_theme"],
    }
