"""Configuration from arguments and SCRUTINY_* environment variables."""

from __future__ import annotations

import os

DB_URL_ENV = "SCRUTINY_DB_URL"
DEFAULT_DB_URL = "sqlite:///data/scrutiny.db"


def resolve_db_url(explicit: str | None = None) -> str:
    """--db, else SCRUTINY_DB_URL, else the SQLite file data/scrutiny.db.

    A plain file path means a SQLite file, as datasette and sqlite-utils take it.
    """
    url = explicit or os.environ.get(DB_URL_ENV) or DEFAULT_DB_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    return url
