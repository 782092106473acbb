"""Ingest papers into the store: discover, extract (in parallel if asked), write
each document in its own transaction, and account for every file."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from scrutiny.extractors import EXTRACTOR_VERSION
from scrutiny.extractors.errors import UnreadableDocument, UnsupportedFormat, describe_exception
from scrutiny.extractors.items import ExtractedDocument
from scrutiny.extractors.read import DEFAULT_PAGE_TIMEOUT
from scrutiny.models import store
from scrutiny.pipeline.extract import file_sha256, printable_path
from scrutiny.pipeline.ingest.discover import discover
from scrutiny.pipeline.ingest.executors import ExtractionResult, in_submission_order, make_executor
from scrutiny.pipeline.ingest.manifest import Manifest, apply_manifest
from scrutiny.pipeline.themes import Taxonomy, load_taxonomy

# Transactions a concurrent run can make fail through no fault of the document: the
# database aborts one of two deadlocked or conflicting transactions and expects the
# client to try again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
SQLITE_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED and their extended codes
STORE_ATTEMPTS = 5


@dataclass
class FileOutcome:
    path: Path
    status: str  # "ingested" | "skipped" | "failed"
    items: int = 0
    themes: int = 0
    message: str = ""

    def __post_init__(self) -> None:
        # An outcome is for showing and recording: a name in another encoding than
        # the file system's must not make printing it fail.
        self.path = Path(printable_path(self.path))


@dataclass
class IngestSummary:
    run_id: int | None = None
    outcomes: list[FileOutcome] = field(default_factory=list)
    # Files named or found that are not papers (wrong extension, missing path).
    ignored: list[tuple[Path, str]] = field(default_factory=list)
    # Manifest rows that could not be used, and why.
    manifest_problems: list[str] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def items(self) -> int:
        return sum(o.items for o in self.outcomes if o.status == "ingested")

    @property
    def themes(self) -> int:
        return sum(o.themes for o in self.outcomes if o.status == "ingested")


Progress = Callable[[FileOutcome], None]


def ingest(
    paths: list[str | Path],
    engine: Engine,
    *,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    force: bool = False,
    taxonomy: Taxonomy | None = None,
    manifest: Manifest | None = None,
    on_start: Callable[[int], None] | None = None,
    on_file: Progress | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
) -> IngestSummary:
    """Ingest every .pdf/.docx under `paths` into the store behind `engine`.

    A file already stored with the same content and extractor version is skipped
    unless `force`. Each document is written in one transaction, so a failure leaves
    nothing of that file behind; it is recorded in ingest_error and the run goes on.
    A manifest's council, committee, date, title and URL override extraction for the
    papers it lists. A PDF page taking longer than `page_timeout` seconds is skipped
    with a warning on its document.

    Extraction runs in this process, in `workers` local processes, or with
    `executor="dask"` on the Dask cluster whose scheduler is at `scheduler`; either
    way the store is written from this process only.

    Runs may overlap on one store: a document another run stores first is skipped,
    and a transaction lost to a deadlock is tried again. A run that died without
    finishing (killed, power cut) is marked interrupted by the next run to start
    when no other is alive.
    """
    taxonomy = taxonomy or load_taxonomy()
    extraction = make_executor(
        executor, taxonomy=taxonomy, page_timeout=page_timeout, workers=workers, scheduler=scheduler
    )
    store.upgrade(engine)
    # Two first runs on a new store both create the taxonomy's themes; the loser's
    # second try finds them.
    _retrying(lambda: store.record_themes(engine, [(t.slug, t.label) for t in taxonomy.themes]), IntegrityError)
    found = discover(paths)
    summary = IngestSummary(ignored=[(Path(printable_path(p)), reason) for p, reason in found.skipped])
    if manifest is not None:
        summary.manifest_problems.extend(manifest.problems)
        summary.manifest_problems.extend(_unlisted_manifest_rows(manifest, found.files))
    # Entered first: a cluster that cannot be reached fails the run before it is recorded.
    with extraction, _RunPresence(engine):
        summary.run_id = store.start_run(engine, [printable_path(p) for p in paths], EXTRACTOR_VERSION)
        if on_start:
            on_start(len(found.files))

        def report(outcome: FileOutcome) -> None:
            summary.outcomes.append(outcome)
            if on_file:
                on_file(outcome)

        try:
            pending = _needing_extraction(engine, found.files, force, summary.run_id, report)
            for path, sha, result in in_submission_order(extraction.results(pending), pending):
                if manifest is not None and isinstance(result, ExtractedDocument):
                    result.metadata = apply_manifest(result.metadata, manifest.entry_for(path))
                report(_store_result(engine, summary.run_id, path, sha, result, taxonomy.version, force))
        except KeyboardInterrupt:
            summary.interrupted = True
            raise
        finally:
            store.finish_run(
                engine,
                summary.run_id,
                ingested=summary.count("ingested"),
                skipped=summary.count("skipped"),
                failed=summary.count("failed"),
                items=summary.items,
                status="interrupted" if summary.interrupted else "finished",
            )
    return summary


class _RunPresence:
    """Held for as long as a run is alive: a shared lock on the store that goes with
    the process however it ends (the kernel drops a file lock, PostgreSQL a session's
    advisory lock, when the process dies).

    A run that can take the lock exclusively knows no other run is alive, so any run
    still recorded as "running" died without saying so; it marks those interrupted
    before taking its shared place beside later runs. While another run is alive
    nothing is marked: a live run and a dead one cannot be told apart from the rows.
    An in-memory SQLite store is private to its process and has no lock.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection = None
        self._file = None

    def __enter__(self) -> _RunPresence:
        backend = self.engine.dialect.name
        try:
            if backend == "postgresql":
                self._enter_postgresql()
            elif backend == "sqlite":
                self._enter_sqlite()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(text(f"SELECT pg_advisory_unlock_shared({_PRESENCE_KEY})"))
                self._connection.commit()
            except DBAPIError:
                self._connection.invalidate()  # a lost connection has lost the lock with it
            finally:
                self._connection.close()
        if self._file is not None:
            self._file.close()

    def _enter_postgresql(self) -> None:
        self._connection = connection = self.engine.connect()
        alone = connection.execute(text(f"SELECT pg_try_advisory_lock({_PRESENCE_KEY})")).scalar_one()
        if alone:
            store.interrupt_stale_runs(self.engine)
        connection.execute(text(f"SELECT pg_advisory_lock_shared({_PRESENCE_KEY})"))
        if alone:
            connection.execute(text(f"SELECT pg_advisory_unlock({_PRESENCE_KEY})"))
        connection.commit()

    def _enter_sqlite(self) -> None:
        try:
            import fcntl
        except ImportError:  # no flock (Windows): runs are not tracked
            return
        database = self.engine.url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            return
        try:
            self._file = open(f"{database}-runs.lock", "a+b")
        except OSError:  # a folder the store cannot share a lock file in: runs are not tracked
            return
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fcntl.flock(self._file, fcntl.LOCK_SH)
            return
        store.interrupt_stale_runs(self.engine)
        # Not atomic, but this run has no row yet for a newcomer to misjudge.
        fcntl.flock(self._file, fcntl.LOCK_SH)


# One key per schema, so stores sharing a PostgreSQL database do not wait on each other.
_PRESENCE_KEY = "hashtext('scrutiny.ingest_run.' || current_schema())"

_T = TypeVar("_T")


def _retrying(work: Callable[[], _T], also: type[Exception] | None = None) -> _T:
    """`work()`, tried again (STORE_ATTEMPTS in all) when a concurrent transaction made
    it fail; `work` must run its own transaction."""
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == STORE_ATTEMPTS or not (_is_transient(exc) or (also and isinstance(exc, also))):
                raise
            # Jittered, growing pauses so two runs do not collide again in step.
            time.sleep(random.uniform(0.05, 0.2) * attempt)
    raise AssertionError("unreachable")


def _is_transient(exc: DBAPIError) -> bool:
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    # SQLite: another writer outlasted the busy timeout, or committed after this
    # transaction first read (WAL refuses to upgrade a stale snapshot to a write).
    code = getattr(orig, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in SQLITE_BUSY_CODES


def _unlisted_manifest_rows(manifest: Manifest, files: list[Path]) -> list[str]:
    found = {p.resolve() for p in files}
    return [
        f"{manifest.source.name} line {entry.line}: {entry.path} is not among the papers being ingested"
        for entry in manifest.entries.values()
        if entry.path not in found
    ]


def _needing_extraction(
    engine: Engine, files: list[Path], force: bool, run_id: int, report: Progress
) -> list[tuple[Path, str]]:
    """Hash every file; report the unchanged ones as skipped and the unreadable as
    failed; return the rest with their hashes."""
    pending = []
    first_seen: dict[str, Path] = {}
    with Session(engine) as session:
        for path in files:
            try:
                sha = file_sha256(path)
            except OSError as exc:
                report(_failure(engine, run_id, path, None, exc))
                continue
            if sha in first_seen:
                report(FileOutcome(path, "skipped", message=f"same content as {first_seen[sha]}"))
                continue
            first_seen[sha] = path
            stored = store.existing_document(session, sha)
            if stored is not None and not force and stored[1] == EXTRACTOR_VERSION:
                report(FileOutcome(path, "skipped", message="unchanged since last ingest"))
                continue
            pending.append((path, sha))
    return pending


STORED_BY_ANOTHER_RUN = "stored by another run"


def _store_result(
    engine: Engine,
    run_id: int,
    path: Path,
    sha: str,
    result: ExtractionResult,
    taxonomy_version: str,
    force: bool = False,
) -> FileOutcome:
    if isinstance(result, BaseException):
        return _failure(engine, run_id, path, sha, result)

    # A run working on the same files may have stored this one since it was hashed;
    # replacing that copy would only churn its ids. The cheap check first, then the
    # one that counts, under the document's lock in the writing transaction.
    if not force and _stored_now(engine, sha):
        return FileOutcome(path, "skipped", message=STORED_BY_ANOTHER_RUN)

    def save() -> bool:
        with store.writing(engine) as session:
            store.lock_document(session, sha)
            if not force and _is_current(store.existing_document(session, sha)):
                return False
            store.save_document(session, result, taxonomy_version=taxonomy_version)
            return True

    try:
        if not _retrying(save):
            return FileOutcome(path, "skipped", message=STORED_BY_ANOTHER_RUN)
    except IntegrityError as exc:
        # Both runs inserted this document at once; the other committed first.
        if "sha256" in str(exc.orig) and _stored_now(engine, sha):
            return FileOutcome(path, "skipped", message=STORED_BY_ANOTHER_RUN)
        return _failure(engine, run_id, path, sha, exc)
    except Exception as exc:
        return _failure(engine, run_id, path, sha, exc)
    themes = sum(len(item.themes) for item in result.items)
    return FileOutcome(path, "ingested", items=len(result.items), themes=themes)


def _stored_now(engine: Engine, sha: str) -> bool:
    with Session(engine) as session:
        return _is_current(store.existing_document(session, sha))


def _is_current(stored: tuple[int, str] | None) -> bool:
    return stored is not None and stored[1] == EXTRACTOR_VERSION


def _failure(engine: Engine, run_id: int, path: Path, sha: str | None, exc: BaseException) -> FileOutcome:
    message = describe_error(exc)
    store.record_error(engine, run_id, printable_path(path), sha, type(exc).__name__, message)
    return FileOutcome(path, "failed", message=message)


def describe_error(exc: BaseException) -> str:
    """One line a user can act on."""
    return " ".join(_describe(exc).split())


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (UnreadableDocument, UnsupportedFormat)):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return "file disappeared before it could be read"
    if isinstance(exc, PermissionError):
        return "permission denied reading the file"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, OSError):
        return f"could not read the file ({exc.strerror or exc})"
    return f"internal error {describe_exception(exc)}"
