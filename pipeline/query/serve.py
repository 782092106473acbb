"""Browse a SQLite store in Datasette, with titles, facets and ready-made queries.

Datasette reads SQLite files only; a PostgreSQL store is refused rather than copied.
The metadata lives in ``datasette_metadata.yaml`` beside this module, written for a
database called ``scrutiny`` (the default store's name) and re-keyed here to the
name Datasette gives the file being served.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import URL, make_url
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import ArgumentError

from scrutiny.models.schema import Committee, Council, Document, ProgressUpdate
from scrutiny.pipeline.query.browse import PLUGIN_NAME
from scrutiny.pipeline.query.queries import outstanding_latest
from scrutiny.pipeline.query.search import search_sql_for_datasette

METADATA_FILE = Path(__file__).resolve().with_name("datasette_metadata.yaml")
METADATA_DATABASE = "scrutiny"
# The canned queries scan whole tables; Datasette's 1 s default is tight for a big store.
SQL_TIME_LIMIT_MS = 5000


class NotSQLiteStore(ValueError):
    """The store is not a SQLite file, so Datasette cannot open it."""


def sqlite_path(url: str | URL) -> Path:
    """The file behind a SQLite store URL; NotSQLiteStore for any other store."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise NotSQLiteStore(f"not a database URL: {url!r}") from exc
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() != "sqlite":
        raise NotSQLiteStore(
            f"Datasette reads SQLite only; {shown} is a {parsed.get_backend_name()} store (pass --db sqlite:///PATH)"
        )
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise NotSQLiteStore(f"Datasette needs a SQLite file on disk, not {shown}")
    return Path(database).expanduser()


def database_name(path: str | Path) -> str:
    """The name Datasette gives a single database file: its stem."""
    return Path(path).stem


def build_metadata(name: str = METADATA_DATABASE, source: str | Path = METADATA_FILE) -> dict[str, Any]:
    """Datasette metadata for a store served as database ``name``: the file's, with
    the saved queries built from the library's queries added."""
    metadata = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    databases = metadata.get("databases") or {}
    block = copy.deepcopy(databases.get(METADATA_DATABASE, {}))
    block.setdefault("queries", {}).update(built_queries())
    metadata["databases"] = {name: block}
    return metadata


def built_queries() -> dict[str, dict[str, str]]:
    """Saved queries compiled from the queries the CLI and the report run, so the
    browser shows the same latest status as they do."""
    outstanding = outstanding_latest().order_by(
        Council.name, Committee.name, Document.meeting_date, ProgressUpdate.page, ProgressUpdate.ordinal
    )
    return {
        "outstanding_recommendations": {
            "title": "Outstanding recommendations",
            "description": (
                "Recommendations whose latest update is outstanding, with the paper and page of that update."
            ),
            "sql": _sqlite_sql(outstanding),
        },
        "search": {
            "title": "Search recommendations and updates",
            "description": (
                "Recommendations whose wording, or an update on them, contains every word of q, best match "
                "first, one row per recommendation with its latest status: what scrutiny search prints. Words "
                "match their stems (school finds schools); quotes and operators are plain words."
            ),
            "sql": search_sql_for_datasette(),
        },
    }


def _sqlite_sql(query) -> str:
    # Literal values are the library's own constants, never user input.
    return str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def datasette_app(url: str | URL, *, metadata: dict[str, Any] | None = None, papers: Sequence[str | Path] = ()):
    """A Datasette instance serving the SQLite store at ``url`` with the store's
    metadata and plugin (a page per recommendation). Papers no longer at their stored
    paths are looked for by name in the folders `papers`."""
    from datasette.app import Datasette

    register_plugin()
    path = sqlite_path(url)
    name = database_name(path)
    metadata = copy.deepcopy(metadata) if metadata is not None else build_metadata(name)
    if papers:
        metadata.setdefault("plugins", {})[PLUGIN_NAME] = {"papers": [str(Path(p).resolve()) for p in papers]}
    app = Datasette(
        [str(path)],
        metadata=metadata,
        settings={"sql_time_limit_ms": SQL_TIME_LIMIT_MS},
    )
    if name not in app.databases:
        raise RuntimeError(f"Datasette named the database {list(app.databases)}, not {name!r}")
    return app


def register_plugin() -> None:
    """Register the store's Datasette plugin (pipeline.query.browse) with Datasette,
    once per process, as installing it as a package would."""
    from datasette.plugins import pm

    from scrutiny.pipeline.query import browse

    if not pm.is_registered(browse):
        pm.register(browse, name=PLUGIN_NAME)


def run(app, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve ``app`` until interrupted."""
    import uvicorn

    # Plugins' startup hooks run before the first request, as `datasette serve` does.
    asyncio.run(app.invoke_startup())
    uvicorn.run(app.app(), host=host, port=port, log_level="info", lifespan="on")


__all__ = [
    "METADATA_FILE",
    "NotSQLiteStore",
    "build_metadata",
    "built_queries",
    "database_name",
    "datasette_app",
    "register_plugin",
    "run",
    "sqlite_path",
]
