"""Faults of the store met during `scrutiny ingest`, on real services: PostgreSQL
going away and coming back (through a proxy the test cuts), two first runs on a new
SQLite store, a full disk, a store turned read-only, a database that is not there.

Each case ends in one line saying what is wrong and what to do, never a traceback,
with the right exit status; and the store holds whole papers only, each once, so a
rerun resumes where the run stopped."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from documents import write_update_docx
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateSchema, DropSchema
from tcp_proxy import TcpProxy

from scrutiny.models import store
from scrutiny.models.schema import Document, IngestRun, ProgressUpdate

SCRUTINY = Path(sys.executable).with_name("scrutiny")
ROWS_PER_PAPER = 3
STOPPED = re.compile(
    r"^error: ingest stopped: (?P<fault>.+); (?P<stored>\d+) papers? stored by this run, "
    r"none partly: run the same command again to resume$"
)


@dataclass
class Ran:
    status: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error:")]

    @property
    def last_line(self) -> str:
        lines = self.err.strip().splitlines()
        return lines[-1] if lines else ""


def scrutiny(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 300) -> Ran:
    done = subprocess.run(
        [str(SCRUTINY), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def assert_one_error_line(ran: Ran, status: int = 1) -> str:
    """The run ended with `status` and said why in one line, its last, with no traceback."""
    assert "Traceback" not in ran.out + ran.err, ran.err
    assert ran.status == status, (ran.status, ran.err)
    assert len(ran.error_lines) == 1, ran.err
    assert ran.last_line == ran.error_lines[0], ran.err
    return ran.error_lines[0]


def write_papers(folder: Path, count: int, start: int = 0) -> Path:
    """`count` small update papers of one council, each with ROWS_PER_PAPER rows,
    no two alike; numbered from `start`, so two folders can hold different papers
    (the same paper written twice within a second is the same file, byte for byte)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        write_update_docx(
            folder / f"update-{number:02d}.docx",
            [
                "Testshire County Council",
                "Adult Care Scrutiny Committee",
                f"{number % 28 + 1} March {2010 + number // 28}",
            ],
            "Carers Support: Progress on Recommendations",
            [
                (
                    f"The council should review short breaks for carers in district {number} by {2015 + row}.",
                    f"Completed. District {number} reported its review in {2015 + row}.",
                )
                for row in range(ROWS_PER_PAPER)
            ],
        )
    return folder


def documents_stored(engine: Engine) -> int:
    try:
        with Session(engine) as session:
            return session.scalar(select(func.count()).select_from(Document)) or 0
    except (OperationalError, ProgrammingError):  # no tables yet
        return 0


def assert_whole_papers_each_once(engine: Engine, expected: int | None = None) -> int:
    """Every stored paper has all its rows and no file is stored twice; returns the count."""
    with Session(engine) as session:
        shas = list(session.scalars(select(Document.sha256)))
        rows = dict(
            session.execute(
                select(Document.id, func.count(ProgressUpdate.id))
                .outerjoin(ProgressUpdate, ProgressUpdate.document_id == Document.id)
                .group_by(Document.id)
            ).all()
        )
    assert len(shas) == len(set(shas)), "a paper is stored twice"
    assert set(rows.values()) <= {ROWS_PER_PAPER}, f"a paper is stored in part: {rows}"
    if expected is not None:
        assert len(shas) == expected
    return len(shas)


def wait_until(condition, what: str, process: subprocess.Popen | None = None, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the run ended before {what}: {err}")
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def with_query(url: str, **params: str) -> str:
    separator = "&" if "?" in url else "?"
    return url + separator + "&".join(f"{key}={quote(value)}" for key, value in params.items())


@pytest.fixture
def pg_own_schema(pg_admin) -> Iterator[tuple[str, Engine]]:
    """A schema of its own in the test PostgreSQL: the option that puts a connection
    in it, and an engine reading it directly."""
    schema = f"scrutiny_faults_{secrets.token_hex(6)}"
    with pg_admin.begin() as connection:
        connection.execute(CreateSchema(schema))
    option = f"-csearch_path={schema}"
    engine = store.make_engine(pg_admin.url, connect_args={"options": option})
    try:
        yield option, engine
    finally:
        engine.dispose()
        with pg_admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))


def start_ingest(papers: Path, url: str, retry_seconds: int) -> subprocess.Popen:
    """`scrutiny ingest` running in the background, waiting `retry_seconds` out a store
    that goes away."""
    return subprocess.Popen(
        [str(SCRUTINY), "ingest", str(papers), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SCRUTINY_STORE_RETRY_SECONDS": str(retry_seconds)},
    )


def proxied_url(pg_admin, proxy: TcpProxy, option: str) -> str:
    url = pg_admin.url.set(host=proxy.host, port=proxy.port).render_as_string(hide_password=False)
    return with_query(url, options=option)


# PostgreSQL restarting during an ingest


def test_an_ingest_rides_out_a_database_restart(pg_admin, pg_own_schema, tmp_path: Path) -> None:
    option, engine = pg_own_schema
    papers = write_papers(tmp_path / "papers", 30)
    with TcpProxy(pg_admin.url.host, pg_admin.url.port or 5432) as proxy:
        url = proxied_url(pg_admin, proxy, option)
        run = start_ingest(papers, url, retry_seconds=120)
        try:
            wait_until(lambda: documents_stored(engine) >= 3, "3 papers were stored", run)
            proxy.cut()
            stored_when_cut = documents_stored(engine)
            time.sleep(3)
            proxy.restore()
            out, err = run.communicate(timeout=300)
        finally:
            run.kill()
    assert stored_when_cut < 30, "the run finished before the database went away"
    assert "Traceback" not in out + err, err
    assert run.returncode == 0, err
    assert "the store is unreachable" in err and "trying again" in err
    assert_whole_papers_each_once(engine, expected=30)


def test_an_ingest_stops_in_one_line_when_the_database_stays_away_and_a_rerun_resumes(
    pg_admin, pg_own_schema, tmp_path: Path
) -> None:
    option, engine = pg_own_schema
    papers = write_papers(tmp_path / "papers", 30)
    with TcpProxy(pg_admin.url.host, pg_admin.url.port or 5432) as proxy:
        url = proxied_url(pg_admin, proxy, option)
        run = start_ingest(papers, url, retry_seconds=2)
        try:
            wait_until(lambda: documents_stored(engine) >= 3, "3 papers were stored", run)
            proxy.cut()
            out, err = run.communicate(timeout=300)
        finally:
            run.kill()
        stopped = Ran(run.returncode, out, err)
        line = assert_one_error_line(stopped, status=1)
        match = STOPPED.match(line)
        assert match, line
        assert match["fault"].startswith(f"the store at 127.0.0.1:{proxy.port} stayed unreachable for 2 s (")
        stored = assert_whole_papers_each_once(engine)
        assert int(match["stored"]) == stored < 30

        proxy.restore()
        rerun = scrutiny("ingest", str(papers), "--db", url)
    assert rerun.status == 0 and "Traceback" not in rerun.err, rerun.err
    assert_whole_papers_each_once(engine, expected=30)
    with Session(engine) as session:
        statuses = list(session.scalars(select(IngestRun.status).order_by(IngestRun.id)))
    assert statuses == ["interrupted", "finished"]


def test_an_unreachable_database_fails_at_once_in_one_line(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 1)
    with TcpProxy("127.0.0.1", 5432) as proxy:
        proxy.cut()  # a port where nothing listens
        started = time.monotonic()
        ran = scrutiny("ingest", str(papers), "--db", f"postgresql://postgres@127.0.0.1:{proxy.port}/test")
    line = assert_one_error_line(ran, status=1)
    assert line.startswith(f"error: cannot reach the store at 127.0.0.1:{proxy.port} (Connection refused)"), line
    assert "is the database server running" in line
    assert time.monotonic() - started < 30, "a wrong port is not an outage to wait out"


def test_a_database_that_does_not_exist_is_one_line(pg_admin, tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 1)
    missing = f"scrutiny_nowhere_{secrets.token_hex(4)}"
    url = pg_admin.url.set(database=missing).render_as_string(hide_password=False)

    ran = scrutiny("ingest", str(papers), "--db", url)

    line = assert_one_error_line(ran, status=1)
    host = f"{pg_admin.url.host}:{pg_admin.url.port or 5432}"
    assert line == f"error: database '{missing}' does not exist on {host}: create it (createdb {missing}) or fix --db"


# Two first runs on a new SQLite store


def test_two_first_runs_on_a_new_sqlite_store_both_finish(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 6)
    for attempt in range(2):
        url = f"sqlite:///{tmp_path / f'store-{attempt}' / 'scrutiny.db'}"
        command = [str(SCRUTINY), "ingest", str(papers), "--db", url]
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
        outputs = [run.communicate(timeout=300) for run in runs]
        for run, (out, err) in zip(runs, outputs, strict=True):
            assert "Traceback" not in out + err, err
            assert run.returncode == 0, err
        engine = store.make_engine(url)
        try:
            assert_whole_papers_each_once(engine, expected=6)
        finally:
            engine.dispose()


# A full disk and a read-only store


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs mounted for the test (needs root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill `disk` with one file until about `leave` bytes are free."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as out:
        out.write(b"\0" * max(free - leave, 0))
    return filler


def test_a_full_disk_stops_the_ingest_in_one_line_and_a_rerun_resumes(small_disk: Path, tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "papers", 30)
    first = write_papers(tmp_path / "first", 1, start=30)
    database = small_disk / "scrutiny.db"
    assert scrutiny("ingest", str(first), "--db", str(database)).status == 0
    filler = fill(small_disk, leave=160_000)

    ran = scrutiny("ingest", str(papers), "--db", str(database))

    line = assert_one_error_line(ran, status=1)
    match = STOPPED.match(line)
    assert match, line
    assert match["fault"] == f"the disk holding the store {database} is full: free some space"
    engine = store.make_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        stored = assert_whole_papers_each_once(engine)
        assert int(match["stored"]) == stored - 1 and stored < 31

        filler.unlink()
        rerun = scrutiny("ingest", str(papers), "--db", str(database))
        assert rerun.status == 0 and "Traceback" not in rerun.err, rerun.err
        assert_whole_papers_each_once(engine, expected=31)
    finally:
        engine.dispose()


@pytest.fixture
def pg_role_schema(pg_admin) -> Iterator[tuple[str, str, Engine]]:
    """A login role of its own owning a schema of its own: the role's URL (with the
    schema as its search path), the role's name, and an engine reading the schema."""
    name = f"scrutiny_faults_{secrets.token_hex(6)}"
    with pg_admin.begin() as connection:
        connection.execute(text(f"CREATE ROLE {name} LOGIN"))
        connection.execute(text(f"CREATE SCHEMA {name} AUTHORIZATION {name}"))
    url = with_query(
        pg_admin.url.set(username=name, password=None).render_as_string(hide_password=False),
        options=f"-csearch_path={name}",
    )
    engine = store.make_engine(pg_admin.url, connect_args={"options": f"-csearch_path={name}"})
    try:
        yield url, name, engine
    finally:
        engine.dispose()
        with pg_admin.begin() as connection:
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{name}'"))
            connection.execute(DropSchema(name, cascade=True))
            connection.execute(text(f"DROP ROLE {name}"))


def test_a_store_turned_read_only_mid_run_stops_the_ingest_in_one_line(
    pg_admin, pg_role_schema, tmp_path: Path
) -> None:
    url, role, engine = pg_role_schema
    papers = write_papers(tmp_path / "papers", 30)
    run = subprocess.Popen(
        [str(SCRUTINY), "ingest", str(papers), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: documents_stored(engine) >= 3, "3 papers were stored", run)
        # As when a store fails over to a standby: every new session is read-only,
        # and the sessions the run had are ended.
        with pg_admin.begin() as connection:
            connection.execute(text(f"ALTER ROLE {role} SET default_transaction_read_only = on"))
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'"))
        out, err = run.communicate(timeout=300)
    finally:
        run.kill()
    line = assert_one_error_line(Ran(run.returncode, out, err), status=1)
    match = STOPPED.match(line)
    assert match, line
    assert match["fault"].endswith("is read-only: pass --db a store you can write to"), line
    stored = assert_whole_papers_each_once(engine)
    assert int(match["stored"]) == stored < 30


def test_a_read_only_postgresql_store_is_one_line(pg_admin, pg_own_schema, tmp_path: Path) -> None:
    option, engine = pg_own_schema
    store.upgrade(engine)
    papers = write_papers(tmp_path / "papers", 2)
    url = with_query(
        pg_admin.url.render_as_string(hide_password=False),
        options=f"{option} -cdefault_transaction_read_only=on",
    )

    ran = scrutiny("ingest", str(papers), "--db", url)

    line = assert_one_error_line(ran, status=1)
    assert "is read-only: pass --db a store you can write to" in line
    assert documents_stored(engine) == 0
