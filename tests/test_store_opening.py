"""Naming and opening a store: a store is named as people type it, reading never
creates one, and the store's transactions ride out what may pass (a conflict, an
outage within its budget) and nothing else."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

import scrutiny
from scrutiny.models import faults, store
from scrutiny.models.faults import StoreMissing, StoreOutdated, StoreUrlInvalid

ROOT = Path(__file__).resolve().parent.parent

# Naming a store


def test_a_plain_path_names_a_sqlite_file() -> None:
    url = store.store_url("data/scrutiny.db")
    assert (url.drivername, url.database) == ("sqlite", "data/scrutiny.db")


def test_a_path_in_the_home_folder_is_expanded() -> None:
    assert store.store_url("~/stores/scrutiny.db").database == str(Path.home() / "stores" / "scrutiny.db")


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_postgresql_urls_as_hosts_print_them_use_psycopg(scheme: str) -> None:
    url = store.store_url(f"{scheme}://analyst:secret@db.example:6543/scrutiny")
    assert url.drivername == "postgresql+psycopg"
    assert (url.username, url.host, url.port, url.database) == ("analyst", "db.example", 6543, "scrutiny")


def test_a_sqlite_url_is_taken_as_it_is() -> None:
    assert store.store_url("sqlite:///data/scrutiny.db").database == "data/scrutiny.db"


def test_a_backend_scrutiny_does_not_store_in_is_refused_without_the_password() -> None:
    with pytest.raises(StoreUrlInvalid, match=r"SQLite .* or PostgreSQL") as raised:
        store.store_url("mysql://analyst:secret@db.example/scrutiny")
    assert "secret" not in str(raised.value)


def test_a_url_that_cannot_be_read_is_refused() -> None:
    with pytest.raises(
        StoreUrlInvalid,
        match=r"^cannot read postgresql://\.\.\. as a store URL: give a SQLite file path or postgresql://",
    ):
        store.store_url("postgresql://analyst@db.example:port/scrutiny")


# Reading never creates


def test_opening_a_missing_sqlite_store_creates_nothing(tmp_path: Path) -> None:
    database = tmp_path / "typo" / "scrutiny.db"

    with pytest.raises(StoreMissing) as raised:
        store.open_existing(str(database))

    assert str(raised.value) == f"no store at {database}: run `scrutiny ingest` first, or pass --db"
    assert not database.parent.exists()


def test_a_sqlite_file_without_tables_is_no_store(tmp_path: Path) -> None:
    database = tmp_path / "scrutiny.db"
    database.touch()
    with pytest.raises(StoreMissing):
        store.open_existing(str(database))


def test_a_database_without_tables_is_no_store(empty_engine: Engine) -> None:
    with pytest.raises(StoreMissing):
        store.require_current_schema(empty_engine)


def test_a_store_of_an_older_schema_asks_for_db_upgrade(engine: Engine) -> None:
    with engine.begin() as connection:
        command.downgrade(store.alembic_config(connection), "0003")
    with pytest.raises(StoreOutdated, match="older schema: run `scrutiny db upgrade"):
        store.require_current_schema(engine)


def test_a_store_made_by_a_newer_version_says_so(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreOutdated, match="newer scrutiny"):
        store.require_current_schema(engine)


def test_a_current_store_opens_for_reading(tmp_path: Path) -> None:
    database = tmp_path / "scrutiny.db"
    writer = store.make_engine(str(database))
    store.upgrade(writer)
    writer.dispose()

    reader = store.open_existing(str(database))
    try:
        assert store.table_counts(reader)["document"] == 0
    finally:
        reader.dispose()


def test_a_file_that_is_not_a_database_is_said_to_be_so(tmp_path: Path) -> None:
    database = tmp_path / "notes.db"
    database.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreUrlInvalid, match="is not a scrutiny store"):
        store.open_existing(str(database))


def test_the_api_opens_a_missing_store_only_to_create_it(tmp_path: Path) -> None:
    database = tmp_path / "scrutiny.db"

    with pytest.raises(scrutiny.StoreMissing):
        scrutiny.open_store(database)
    assert not database.exists()

    with scrutiny.open_store(database, create=True) as created:
        assert created.stats()["document"] == 0
    with scrutiny.open_store(database) as opened:
        assert opened.recommendations() == []


# Notebooks


def _store_cell(notebook: Path) -> str:
    cells = [cell.source for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    return cells[0]


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_notebook_run_elsewhere_looks_for_the_store_at_the_repository_root(
    notebook: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("SCRUTINY_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr(scrutiny, "open_store", lambda url: opened.append(Path(url)) or _no_papers())

    with pytest.raises(RuntimeError, match="holds no papers: run `make ingest`"):
        exec(_store_cell(notebook), {})

    assert opened == [ROOT / "data" / "scrutiny.db"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_notebook_given_a_missing_store_fails_loudly_creating_nothing(
    notebook: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SCRUTINY_DB_URL", str(tmp_path / "missing.db"))
    monkeypatch.chdir(tmp_path)

    with pytest.raises(scrutiny.StoreMissing):
        exec(_store_cell(notebook), {})

    assert list(tmp_path.iterdir()) == []


class _no_papers:
    def stats(self) -> dict[str, int]:
        return {"document": 0}


# Riding out what may pass


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def _error(sqlstate: str | None = None, message: str = "", sqlite_code: int | None = None) -> OperationalError:
    class DriverError(Exception):
        pass

    error = DriverError(message)
    if sqlstate is not None:
        error.sqlstate = sqlstate
    if sqlite_code is not None:
        error.sqlite_errorcode = sqlite_code
    return OperationalError("INSERT ...", {}, error)


def _failing(times: int, error: OperationalError):
    calls = []

    def work() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise error
        return "done"

    return work, calls


def test_an_outage_is_waited_out_within_the_budget() -> None:
    clock = _Clock()
    work, calls = _failing(4, _error(message="connection failed: Connection refused"))
    waits = []

    result = faults.retrying(
        work, outage_budget=60, sleep=clock.sleep, clock=clock.time, on_wait=lambda e, s: waits.append(s)
    )

    assert result == "done" and len(calls) == 5
    assert clock.pauses == waits and clock.pauses == sorted(clock.pauses)


def test_an_outage_longer_than_the_budget_is_raised_once_it_is_spent() -> None:
    clock = _Clock()
    error = _error(sqlstate="57P01", message="terminating connection due to administrator command")
    work, _ = _failing(10_000, error)

    with pytest.raises(OperationalError):
        faults.retrying(work, outage_budget=20, sleep=clock.sleep, clock=clock.time)

    assert sum(clock.pauses) == pytest.approx(20)
    assert max(clock.pauses) <= faults.LONGEST_OUTAGE_WAIT_SECONDS


def test_without_a_budget_an_outage_is_raised_at_once() -> None:
    clock = _Clock()
    work, calls = _failing(1, _error(message="server closed the connection unexpectedly"))
    with pytest.raises(OperationalError):
        faults.retrying(work, sleep=clock.sleep, clock=clock.time)
    assert len(calls) == 1


def test_a_full_disk_is_not_retried() -> None:
    clock = _Clock()
    work, calls = _failing(1, _error(sqlite_code=13, message="database or disk is full"))
    with pytest.raises(OperationalError):
        faults.retrying(work, outage_budget=60, sleep=clock.sleep, clock=clock.time)
    assert len(calls) == 1


def test_a_conflict_is_tried_a_bounded_number_of_times() -> None:
    clock = _Clock()
    work, calls = _failing(100, _error(sqlstate="40P01", message="deadlock detected"))
    with pytest.raises(OperationalError):
        faults.retrying(work, outage_budget=60, sleep=clock.sleep, clock=clock.time)
    assert len(calls) == faults.CONFLICT_ATTEMPTS


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (_error(sqlstate="40001"), faults.Failure.CONFLICT),
        (_error(sqlite_code=5 | (3 << 8)), faults.Failure.CONFLICT),
        (_error(sqlstate="57P03", message="the database system is starting up"), faults.Failure.OUTAGE),
        (_error(sqlstate="08006"), faults.Failure.OUTAGE),
        (_error(message="connection failed: Connection refused"), faults.Failure.OUTAGE),
        (_error(sqlstate="53100"), faults.Failure.DISK_FULL),
        (_error(sqlite_code=13), faults.Failure.DISK_FULL),
        (_error(sqlstate="25006"), faults.Failure.READ_ONLY),
        (_error(sqlite_code=8), faults.Failure.READ_ONLY),
        (_error(sqlstate="23505"), faults.Failure.OTHER),
        (_error(message='FATAL: database "x" does not exist'), faults.Failure.OTHER),
    ],
)
def test_failures_are_told_apart(error: OperationalError, failure: faults.Failure) -> None:
    assert faults.classify(error) is failure
