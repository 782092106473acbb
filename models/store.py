"""Library API of the store: engines, migrations, writing documents, recording runs.

Functions take an Engine or a Session; nothing here holds state between calls. Build
engines with :func:`make_engine`: on SQLite, replacing or deleting a document relies
on the foreign-key enforcement it switches on.
"""

from __future__ import annotations

import csv
import io
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, func, make_url, or_, select, text, update
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from scrutiny.extractors.items import ExtractedDocument
from scrutiny.models.document_writer import replace_tags, write_document
from scrutiny.models.faults import StoreMissing, StoreOutdated, StoreUrlInvalid, shown_url, store_fault
from scrutiny.models.schema import (
    RUN_STATUSES,
    Base,
    Committee,
    Council,
    Document,
    IngestError,
    IngestRun,
    ProgressUpdate,
    Recommendation,
    Theme,
    utcnow,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Alembic keeps the running migration's context in module globals, so threads of one
# process migrate one at a time.
_MIGRATING = threading.Lock()
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
# Execution option of a connection whose transaction will write (see claim_write_lock).
WRITE_LOCK = "scrutiny_write_lock"


# Schemes people type for PostgreSQL (hosting services print postgres://); the store
# talks to it through psycopg, the driver scrutiny depends on.
POSTGRESQL_SCHEMES = frozenset({"postgres", "postgresql", "postgresql+psycopg"})
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def store_url(name: str | os.PathLike[str] | URL) -> URL:
    """The store a user means by ``name``: a plain file path is a SQLite file, as
    datasette and sqlite-utils take it; ``postgres://`` and ``postgresql://`` mean
    PostgreSQL through psycopg; any other SQLAlchemy URL of a supported backend is
    taken as it is. Raises StoreUrlInvalid for anything else."""
    if isinstance(name, URL):
        url = name
    else:
        text_name = os.fspath(name)
        if "://" not in text_name:
            if not text_name.strip():
                raise StoreUrlInvalid("the store's name is empty: give a SQLite file path or a postgresql:// URL")
            return URL.create("sqlite", database=os.path.expanduser(text_name))
        try:
            url = make_url(text_name)
        except (ArgumentError, ValueError):
            scheme = text_name.split("://", 1)[0]
            raise StoreUrlInvalid(
                f"cannot read {scheme}://... as a store URL: give a SQLite file path "
                "or postgresql://USER@HOST:PORT/DATABASE"
            ) from None
    if url.drivername in POSTGRESQL_SCHEMES:
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise StoreUrlInvalid(
            f"{url.render_as_string(hide_password=True)}: scrutiny keeps its store in SQLite (a file path) "
            f"or PostgreSQL (postgresql://USER@HOST:PORT/DATABASE), not {url.get_backend_name()}"
        )
    return url


def make_engine(url: str | os.PathLike[str] | URL, *, create: bool = True, **kwargs: Any) -> Engine:
    """An engine for the store ``url`` (anything :func:`store_url` takes); extra keyword
    arguments go to ``create_engine``. With ``create`` false, the folder of a new
    SQLite file is not made (reading never creates)."""
    url = store_url(url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, create=create, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def open_existing(url: str | os.PathLike[str] | URL, **kwargs: Any) -> Engine:
    """An engine on the store at ``url`` for reading: refuses (StoreMissing) a store
    that does not exist or has no tables, rather than creating an empty one, and one
    whose schema is not this version's (StoreOutdated). Nothing is created or migrated."""
    url = store_url(url)
    if url.get_backend_name() == "sqlite" and _sqlite_on_disk(url):
        if not Path(url.database).is_file():
            raise StoreMissing(_no_store(url))
    engine = make_engine(url, create=False, **kwargs)
    try:
        require_current_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _no_store(url: URL) -> str:
    return f"no store at {shown_url(url)}: run `scrutiny ingest` first, or pass --db"


def require_current_schema(engine: Engine) -> None:
    """Raise StoreMissing when the store has no tables, StoreOutdated when they are
    not of this version's schema, or the StoreFault of a store that cannot be read."""
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        fault = store_fault(exc, engine.url)
        if fault is None:
            raise
        raise fault from exc
    if current is None:
        raise StoreMissing(_no_store(engine.url))
    scripts = ScriptDirectory(os.fspath(MIGRATIONS))
    head = scripts.get_current_head()
    if current == head:
        return
    where = shown_url(engine.url)
    if current in {script.revision for script in scripts.walk_revisions()}:
        raise StoreOutdated(f"the store at {where} has an older schema: run `scrutiny db upgrade --db {where}`")
    raise StoreOutdated(f"the store at {where} was made by a newer scrutiny: upgrade scrutiny to read it")


def _sqlite_on_disk(url: URL) -> bool:
    database = url.database or ""
    return database not in ("", ":memory:") and not database.startswith("file:")


def _sqlite_engine(url: URL, *, create: bool, **kwargs: Any) -> Engine:
    on_disk = _sqlite_on_disk(url)
    if on_disk and create:
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # sqlite3 waits this long for another writer's lock instead of failing at once.
    kwargs["connect_args"] = {
        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
        **kwargs.get("connect_args", {}),
    }
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 driver's own transaction handling does not BEGIN before a
        # SAVEPOINT, so releasing one would commit the enclosing work. SQLAlchemy
        # emits BEGIN itself instead (see _begin below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            if on_disk:
                # Readers keep reading while an ingest writes.
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A transaction that reads before it writes would fail at once ("database is
        # locked") if another writer took the lock in between, instead of waiting its
        # turn; so writers say so and take the lock when they begin.
        writes = connection.get_execution_options().get(WRITE_LOCK, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def alembic_config(connection: Connection) -> Config:
    """Alembic configuration running the packaged migrations on ``connection``."""
    config = Config()
    config.set_main_option("script_location", os.fspath(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Migrate the database to the newest schema; does nothing if it is already there."""
    # Taking the write lock as the transaction begins: two first runs on a new SQLite
    # store would otherwise both read an empty schema and the later one fail on
    # writing instead of waiting for the other to finish creating it.
    with _MIGRATING, engine.connect().execution_options(**{WRITE_LOCK: True}) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            # Two runs starting at once on a new store would both create the tables;
            # the second waits, then finds them made. (SQLite serialises writers.)
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('scrutiny.migrate.' || current_schema()))"))
        command.upgrade(alembic_config(connection), "head")


def downgrade_to_base(engine: Engine) -> None:
    """Undo every migration, dropping all store tables."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")


def existing_document(session: Session, sha256: str) -> tuple[int, str] | None:
    """The id and extractor version of the stored document with this hash, if any."""
    row = session.execute(
        select(Document.id, Document.extractor_version).where(Document.sha256 == sha256)
    ).one_or_none()
    return None if row is None else (row.id, row.extractor_version)


def claim_write_lock(session: Session) -> None:
    """Mark the session's transaction as one that writes, before it first touches the
    database: on SQLite it then waits for the write lock when it begins rather than
    failing when a read turns into a write. Harmless once the transaction has begun."""
    if session.in_transaction() and session.get_transaction().connections:
        return
    session.connection(execution_options={WRITE_LOCK: True})


def lock_document(session: Session, sha256: str) -> None:
    """Hold, until the session's transaction ends, the right to write the document with
    this hash. A second transaction storing the same file waits here and then reads
    the first one's committed row, so two runs cannot both store (or replace) it. On
    SQLite the database-wide write lock already does this."""
    claim_write_lock(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('scrutiny.document.' || current_schema() || '.' || :sha))"),
            {"sha": sha256},
        )


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session in one transaction that is going to write: it takes the write lock
    as it begins (see claim_write_lock) and commits at the end."""
    with Session(engine) as session, session.begin():
        claim_write_lock(session)
        yield session


def save_document(session: Session, doc: ExtractedDocument, *, taxonomy_version: str | None = None) -> int:
    """Write ``doc`` in the caller's transaction, replacing any document with its hash.

    Returns the new document id.
    """
    claim_write_lock(session)
    return write_document(session, doc, taxonomy_version=taxonomy_version)


def start_run(engine: Engine, paths: Iterable[str | os.PathLike[str]], extractor_version: str) -> int:
    """Record the start of an ingest run and return its id."""
    with writing(engine) as session:
        run = IngestRun(paths=[os.fspath(p) for p in paths], extractor_version=extractor_version)
        session.add(run)
        session.flush()
        return run.id


def finish_run(
    engine: Engine,
    run_id: int,
    ingested: int,
    skipped: int,
    failed: int,
    items: int,
    status: str = "finished",
) -> None:
    """Record the outcome of a run; ``status`` is "finished" or "interrupted"."""
    if status not in RUN_STATUSES or status == "running":
        raise ValueError(f"a run ends as 'finished' or 'interrupted', not {status!r}")
    with writing(engine) as session:
        run = session.get(IngestRun, run_id)
        if run is None:
            raise LookupError(f"no ingest run with id {run_id}")
        run.finished_at = utcnow()
        run.documents_ingested = ingested
        run.documents_skipped = skipped
        run.documents_failed = failed
        run.items_ingested = items
        run.status = status


def interrupt_stale_runs(engine: Engine) -> list[int]:
    """Mark every run still recorded as running as interrupted, for a caller that
    knows no run is alive; returns their ids. When such a run stopped is unknown, so
    it keeps no finish time."""
    with writing(engine) as session:
        stale = list(session.scalars(select(IngestRun.id).where(IngestRun.status == "running")))
        if stale:
            session.execute(update(IngestRun).where(IngestRun.id.in_(stale)).values(status="interrupted"))
        return stale


def record_error(
    engine: Engine,
    run_id: int | None,
    path: str | os.PathLike[str],
    sha256: str | None,
    error_type: str,
    message: str,
) -> int:
    """Record why a file could not be ingested; returns the error id."""
    with writing(engine) as session:
        error = IngestError(
            run_id=run_id,
            path=os.fspath(path),
            sha256=sha256,
            error_type=error_type,
            message=message,
        )
        session.add(error)
        session.flush()
        return error.id


def table_counts(engine: Engine) -> dict[str, int]:
    """Row count of every store table, by table name."""
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in sorted(Base.metadata.tables.items())
        }


def papers_without_recommendations(engine: Engine) -> int:
    """How many stored papers yielded no recommendation at all."""
    from scrutiny.models.schema import Document, Recommendation

    with Session(engine) as session:
        return session.scalar(
            select(func.count())
            .select_from(Document)
            .where(~select(Recommendation.id).where(Recommendation.document_id == Document.id).exists())
        )


def last_run(engine: Engine) -> dict[str, Any] | None:
    """The most recently started ingest run, or None if there has been none."""
    with Session(engine) as session:
        run = session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(1)).first()
        if run is None:
            return None
        return {
            "id": run.id,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "status": run.status,
            "extractor_version": run.extractor_version,
            "paths": list(run.paths),
            "counts": {
                "ingested": run.documents_ingested,
                "skipped": run.documents_skipped,
                "failed": run.documents_failed,
                "items": run.items_ingested,
            },
        }


def record_themes(engine: Engine, themes: Iterable[tuple[str, str]]) -> None:
    """Store each theme's label under its slug, creating themes not seen yet, so
    labels are there for every theme of the taxonomy in use."""
    with writing(engine) as session:
        for slug, label in themes:
            theme = session.scalars(select(Theme).where(Theme.slug == slug)).first()
            if theme is None:
                session.add(Theme(slug=slug, label=label))
                session.flush()
            elif theme.label != label:
                theme.label = label


def document_ids(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return list(session.scalars(select(Document.id).order_by(Document.id)))


def document_texts(session: Session, document_id: int) -> tuple[dict[int, str], dict[int, str]]:
    """The recommendation texts and the update texts of one document, by row id."""
    recommendations = dict(
        session.execute(
            select(Recommendation.id, Recommendation.text).where(Recommendation.document_id == document_id)
        ).all()
    )
    updates = dict(
        session.execute(
            select(ProgressUpdate.id, ProgressUpdate.text).where(
                ProgressUpdate.document_id == document_id, ProgressUpdate.text.is_not(None)
            )
        ).all()
    )
    return recommendations, updates


__all__ = [
    "alembic_config",
    "claim_write_lock",
    "document_ids",
    "document_texts",
    "downgrade_to_base",
    "existing_document",
    "finish_run",
    "interrupt_stale_runs",
    "last_run",
    "make_engine",
    "open_existing",
    "record_error",
    "record_themes",
    "replace_tags",
    "require_current_schema",
    "save_document",
    "start_run",
    "store_url",
    "table_counts",
    "upgrade",
    "writing",
]


@dataclass(frozen=True)
class MissingMetadata:
    """A stored paper without a meeting date or a council, and the manifest row
    (columns path,council,committee,meeting_date) that would give it them."""

    path: str
    missing: tuple[str, ...]  # "meeting date", "council"
    manifest_row: str


MANIFEST_HEADER = "path,council,committee,meeting_date"


def missing_metadata(engine: Engine, paths: Iterable[str] | None = None) -> list[MissingMetadata]:
    """Stored papers that fall out of year charts (no meeting date) or cannot be
    followed across papers (no council), optionally only those at `paths`."""
    wanted = None if paths is None else {str(p) for p in paths}
    query = (
        select(Document.path, Document.meeting_date, Council.name, Committee.name)
        .outerjoin(Council, Council.id == Document.council_id)
        .outerjoin(Committee, Committee.id == Document.committee_id)
        .where(or_(Document.meeting_date.is_(None), Document.council_id.is_(None)))
        .order_by(Document.path)
    )
    found = []
    with Session(engine) as session:
        for path, meeting_date, council, committee in session.execute(query):
            if wanted is not None and path not in wanted:
                continue
            missing = tuple(
                name
                for name, absent in (("meeting date", meeting_date is None), ("council", council is None))
                if absent
            )
            row = io.StringIO()
            csv.writer(row, lineterminator="").writerow(
                [path, council or "", committee or "", meeting_date.isoformat() if meeting_date else ""]
            )
            found.append(MissingMetadata(path, missing, row.getvalue()))
    return found
