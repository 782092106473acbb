"""The public API: extract a paper, or open a store and ingest into it and query it.

Every method is a thin call into the library function that does the work, so the
command line (which calls the same functions) and a notebook give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from scrutiny.pipeline.config import resolve_db_url

if TYPE_CHECKING:
    import pandas as pd

    from scrutiny.extractors.items import ExtractedDocument
    from scrutiny.pipeline.ingest.run import IngestSummary
    from scrutiny.pipeline.query.evidence import Evidence
    from scrutiny.pipeline.query.queries import RecommendationSummary, TimelineEntry
    from scrutiny.pipeline.query.report import Report
    from scrutiny.pipeline.query.search import SearchResult


def extract(path: str | Path, *, taxonomy: str | Path | None = None) -> ExtractedDocument:
    """Read one paper (PDF, Word, .doc or .rtf) into its metadata and items, without
    a store: what ``scrutiny extract`` prints."""
    from scrutiny.pipeline.extract import extract_document
    from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy

    return extract_document(path, ThemeTagger(load_taxonomy(taxonomy)))


def open_store(url: str | Path | None = None, *, create: bool = False) -> Store:
    """The store at `url`: a SQLite file path, or a ``sqlite:///``, ``postgresql://``
    or ``postgres://`` URL (default ``$SCRUTINY_DB_URL``, else ``data/scrutiny.db``).

    Opening never creates: a store that does not exist or has no tables raises
    :class:`scrutiny.StoreMissing`, one of an older schema :class:`scrutiny.StoreOutdated`.
    With ``create=True`` a new store is made, or an old one migrated, ready to ingest into.
    """
    return Store(url, create=create)


class Store:
    """A scrutiny store: papers, recommendations, progress updates and themes."""

    def __init__(self, url: str | Path | None = None, *, create: bool = False) -> None:
        from scrutiny.models import store

        self.url = resolve_db_url(None if url is None else str(url))
        if create:
            self.engine: Engine = store.make_engine(self.url)
            store.upgrade(self.engine)
        else:
            self.engine = store.open_existing(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<scrutiny.Store {self.engine.url.render_as_string(hide_password=True)}>"

    # The write side.

    def ingest(self, paths: Iterable[str | Path], **options) -> IngestSummary:
        """Discover, extract and store the papers under `paths`; options as for
        ``scrutiny ingest`` (workers, force, taxonomy, manifest, page_timeout)."""
        from scrutiny.pipeline.ingest.run import ingest

        return ingest(list(paths), self.engine, **options)

    # The read side.

    def stats(self) -> dict[str, int]:
        """Row count of every table, by table name (what ``scrutiny stats`` prints)."""
        from scrutiny.models import store

        return store.table_counts(self.engine)

    def recommendations(
        self,
        *,
        council: str | None = None,
        committee: str | None = None,
        status: str | None = None,
        theme: str | None = None,
    ) -> list[RecommendationSummary]:
        """Recommendations followed across papers, each with its latest status."""
        from scrutiny.pipeline.query.queries import list_recommendations

        return list_recommendations(self.engine, council=council, committee=committee, status=status, theme=theme)

    def history(self, recommendation_id: int) -> list[TimelineEntry]:
        """Every paper's wording of one recommendation and its dated updates."""
        from scrutiny.pipeline.query.queries import recommendation_history

        return recommendation_history(self.engine, recommendation_id)

    def show(self, recommendation_id: int) -> Evidence | None:
        """The recommendation with this id and every paper it appears in, with the page
        and the region of the page: what ``scrutiny show`` prints; None for an unknown id.
        ``scrutiny.pipeline.query.evidence.write_page_images`` draws its pages."""
        from scrutiny.pipeline.query.evidence import recommendation_evidence

        return recommendation_evidence(self.engine, recommendation_id)

    def search(
        self,
        text: str,
        *,
        theme: str | None = None,
        status: str | None = None,
        council: str | None = None,
        committee: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        limit: int = 50,
    ) -> list[SearchResult]:
        """Recommendations whose wording or updates contain every word of `text`."""
        from scrutiny.pipeline.query.search import search

        return search(
            self.engine,
            text,
            theme=theme,
            status=status,
            council=council,
            committee=committee,
            year_from=year_from,
            year_to=year_to,
            limit=limit,
        )

    def themes(self, by: str = "year", *, year_from: int | None = None, year_to: int | None = None) -> pd.DataFrame:
        """Recommendations and updates about each theme, per year, committee or council."""
        from scrutiny.pipeline.query.analysis import themes_by_period

        return themes_by_period(self.engine, by, year_from=year_from, year_to=year_to)

    def updates(self) -> pd.DataFrame:
        """One flat row per progress update, every join resolved (what ``export`` writes)."""
        from scrutiny.pipeline.query.analysis import updates_table

        return updates_table(self.engine)

    def follow_through(self) -> pd.DataFrame:
        """Per recommendation: first recommended, first completed, days between."""
        from scrutiny.pipeline.query.analysis import follow_through

        return follow_through(self.engine)

    def export(self, path: str | Path, fmt: str | None = None) -> int:
        """Write :meth:`updates` to `path` as CSV, Parquet or JSON; returns the row count."""
        from scrutiny.pipeline.query.analysis import export_updates

        return export_updates(self.engine, path, fmt)

    def report(
        self,
        path: str | Path,
        *,
        year_from: int | None = None,
        year_to: int | None = None,
        title: str | None = None,
    ) -> Report:
        """Write the self-contained HTML report to `path`."""
        from scrutiny.pipeline.query.report import DEFAULT_TITLE, write_report

        return write_report(self.engine, path, year_from=year_from, year_to=year_to, title=title or DEFAULT_TITLE)
