"""Configuration from arguments and SCRUTINY_* environment variables."""

from __future__ import annotations

import os

DB_URL_ENV = "SCRUTINY_DB_URL"
DEFAULT_DB_URL = "sqlite:///data/scrutiny.db"
STORE_RETRY_ENV = "SCRUTINY_STORE_RETRY_SECONDS"
DEFAULT_STORE_RETRY_SECONDS = 60.0


def resolve_db_url(explicit: str | None = None) -> str:
    """--db, else SCRUTINY_DB_URL, else the SQLite file data/scrutiny.db.

    A plain file path means a SQLite file, as datasette and sqlite-utils take it.
    """
    url = explicit or os.environ.get(DB_URL_ENV) or DEFAULT_DB_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def resolve_store_retry_seconds(explicit: float | None = None) -> float:
    """How long an ingest waits for a store that went away before it stops: the
    argument, else SCRUTINY_STORE_RETRY_SECONDS, else 60."""
    if explicit is not None:
        return explicit
    raw = os.environ.get(STORE_RETRY_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_STORE_RETRY_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"{STORE_RETRY_ENV}={raw!r} is not a number of seconds") from None
    if seconds < 0:
        raise ValueError(f"{STORE_RETRY_ENV}={raw!r}: give 0 or more seconds")
    return seconds
