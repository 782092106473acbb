"""Shared fixtures: an empty or migrated store on each supported backend, a
PostgreSQL URL of its own, the sample papers and a store holding them.

PostgreSQL tests run in a throwaway schema of the database named by
SCRUTINY_TEST_PG_URL, so concurrent runs do not see each other's tables.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from samples import copy_papers
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateSchema, DropSchema

from scrutiny.extractors.councils import CouncilRegister
from scrutiny.models.store import make_engine, upgrade
from scrutiny.pipeline.ingest.run import ingest

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


@contextmanager
def _private_schema(admin: Engine) -> Iterator[str]:
    """The URL of a new schema of its own in the admin's database (its connections
    work in it), dropped with all it holds afterwards."""
    schema = f"scrutiny_test_{secrets.token_hex(6)}"
    with admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    try:
        yield admin.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))


@pytest.fixture(scope="session")
def pg_schema(pg_admin: Engine) -> Callable[[], AbstractContextManager[str]]:
    """Opens a throwaway PostgreSQL schema: ``with pg_schema() as url:``, for
    fixtures of any scope."""
    return partial(_private_schema, pg_admin)


def _pg_engine(admin: Engine) -> Iterator[Engine]:
    with _private_schema(admin) as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


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


@pytest.fixture
def pg_url(pg_schema: Callable[[], AbstractContextManager[str]]) -> Iterator[str]:
    """A PostgreSQL URL whose connections work in an empty schema of their own."""
    with pg_schema() as url:
        yield url


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def sample_papers(tmp_path: Path) -> Path:
    """A folder holding copies of the sample papers."""
    return copy_papers(tmp_path / "papers")


@pytest.fixture
def sample_store(engine: Engine, sample_papers: Path) -> Engine:
    """A migrated store, on each backend, holding the sample papers."""
    ingest([sample_papers], engine)
    return engine


@pytest.fixture(scope="session")
def sample_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a SQLite store holding the sample papers, built once a run, for
    tests that only read it."""
    root = tmp_path_factory.mktemp("sample_store")
    url = f"sqlite:///{root / 'scrutiny.db'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        ingest([copy_papers(root / "papers")], engine)
    finally:
        engine.dispose()
    return url


@pytest.fixture
def westmoor() -> CouncilRegister:
    """A register of two councils that held one name, Westmoor: a district until
    2009, then the unitary council that replaced it."""
    return CouncilRegister.from_csv(
        "local-authority-code,official-name,nice-name,gss-code,start-date,end-date,replaced-by,nation,region,"
        "local-authority-type-name,county-la,alt-names\n"
        "OLD,Westmoor District Council,Westmoor,E1,1974-04-01,2009-04-01,NEW,England,North East,"
        "Non-metropolitan district,,\n"
        "NEW,Westmoor Council,Westmoor,E2,2009-04-01,,,England,North East,Unitary authority,,\n"
    )
