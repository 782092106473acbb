"""Store fixtures: an empty database on each supported backend.

PostgreSQL tests run in a throwaway schema of the database named by
SCRUTINY_TEST_PG_URL, so concurrent runs do not see each other's tables.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateSchema, DropSchema

from scrutiny.models.store import make_engine, upgrade

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_url() -> str:
    return os.environ.get("SCRUTINY_TEST_PG_URL", DEFAULT_PG_URL)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    url = _pg_url()
    engine = make_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        pytest.fail(
            f"PostgreSQL is not reachable at {url} (set SCRUTINY_TEST_PG_URL or start the server): {exc.orig}",
            pytrace=False,
        )
    yield engine
    engine.dispose()


def _sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'store' / 'scrutiny.db'}")
    yield engine
    engine.dispose()


def _pg_engine(admin: Engine) -> Iterator[Engine]:
    schema = f"scrutiny_test_{secrets.token_hex(6)}"
    with admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    engine = make_engine(admin.url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database with no tables."""
    if request.param == "sqlite":
        yield from _sqlite_engine(tmp_path)
    else:
        yield from _pg_engine(request.getfixturevalue("pg_admin"))


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to the current schema."""
    upgrade(empty_engine)
    return empty_engine
