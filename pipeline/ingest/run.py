"""Ingest papers into the store: discover, extract (in parallel if asked), write
each document in its own transaction, and account for every file."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
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
from scrutiny.models import faults, store
from scrutiny.models.faults import StoreFault, StoreUnreachable
from scrutiny.pipeline.config import resolve_store_retry_seconds
from scrutiny.pipeline.extract import file_sha256, printable_path
from scrutiny.pipeline.ingest.discover import discover
from scrutiny.pipeline.ingest.executors import ExtractionResult, in_submission_order, make_executor
from scrutiny.pipeline.ingest.manifest import Manifest, apply_manifest
from scrutiny.pipeline.themes import Taxonomy, load_taxonomy


@dataclass
class FileOutcome:
    path: Path
    status: str  # "ingested" | "skipped" | "failed"
    items: int = 0
    themes: int = 0
    message: str = ""
    # Seconds spent writing the paper to the store (or recording its failure), when
    # the run got that far.
    store_seconds: float | None = None

    def __post_init__(self) -> None:
        # An outcome is for showing and recording: a name in another encoding than
        # the file system's must not make printing it fail.
        self.path = Path(printable_path(self.path))


@dataclass
class IngestSummary:
    run_id: int | None = None
    outcomes: list[FileOutcome] = field(default_factory=list)
    # Files named or found that are not papers (wrong extension, a pipe, a broken link).
    ignored: list[tuple[Path, str]] = field(default_factory=list)
    # Paths named that do not exist.
    missing: list[Path] = field(default_factory=list)
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
_T = TypeVar("_T")


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
    on_store_wait: Callable[[str], None] | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    store_retry_seconds: float | None = None,
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

    A store that cannot be reached or written when the run starts raises its
    StoreFault at once. Once the run has begun, a lost connection is waited out for
    up to `store_retry_seconds` (default $SCRUTINY_STORE_RETRY_SECONDS, else 60),
    telling `on_store_wait`; a store still away after that, or one that refuses
    writes (disk full, read-only), stops the run with IngestStopped. Papers stored
    before are complete and a later run resumes after them.
    """
    taxonomy = taxonomy or load_taxonomy()
    extraction = make_executor(
        executor, taxonomy=taxonomy, page_timeout=page_timeout, workers=workers, scheduler=scheduler
    )
    calls = _StoreCalls(
        engine,
        resolve_store_retry_seconds() if store_retry_seconds is None else store_retry_seconds,
        on_store_wait,
    )
    found = discover(paths)
    summary = IngestSummary(
        ignored=[(Path(printable_path(p)), reason) for p, reason in found.skipped],
        missing=[Path(printable_path(p)) for p in found.missing],
    )
    if manifest is not None:
        summary.manifest_problems.extend(manifest.problems)
        summary.manifest_problems.extend(_unlisted_manifest_rows(manifest, found.files))
    with ExitStack() as running:
        with calls.at_start():
            faults.retrying(lambda: store.upgrade(engine))
            # Two first runs on a new store both create the taxonomy's themes; the
            # loser's second try finds them.
            faults.retrying(
                lambda: store.record_themes(engine, [(t.slug, t.label) for t in taxonomy.themes]),
                also=IntegrityError,
            )
            # Entered first: a cluster that cannot be reached fails the run before it is recorded.
            running.enter_context(extraction)
            running.enter_context(_RunPresence(engine))
            summary.run_id = store.start_run(engine, [printable_path(p) for p in paths], EXTRACTOR_VERSION)
        if on_start:
            on_start(len(found.files))

        def report(outcome: FileOutcome) -> None:
            summary.outcomes.append(outcome)
            if on_file:
                on_file(outcome)

        stopped: IngestStopped | None = None
        try:
            pending = _needing_extraction(calls, found.files, force, summary.run_id, report)
            for path, sha, result in in_submission_order(extraction.results(pending), pending):
                if manifest is not None and isinstance(result, ExtractedDocument):
                    result.metadata = apply_manifest(result.metadata, manifest.entry_for(path))
                started = time.perf_counter()
                outcome = _store_result(calls, summary.run_id, path, sha, result, taxonomy.version, force)
                outcome.store_seconds = time.perf_counter() - started
                report(outcome)
        except KeyboardInterrupt:
            summary.interrupted = True
            raise
        except DBAPIError as exc:
            fault = faults.store_fault(exc, engine.url)
            if fault is None:
                raise
            if faults.is_outage(exc):
                fault = StoreUnreachable(
                    f"the store at {faults.server_address(engine.url)} stayed unreachable for "
                    f"{calls.budget:g} s ({faults.error_detail(exc)})"
                )
            summary.interrupted = True
            stopped = IngestStopped(fault, summary)
            raise stopped from exc
        finally:
            finish = functools.partial(
                store.finish_run,
                engine,
                summary.run_id,
                ingested=summary.count("ingested"),
                skipped=summary.count("skipped"),
                failed=summary.count("failed"),
                items=summary.items,
                status="interrupted" if summary.interrupted else "finished",
            )
            if stopped is None:
                calls(finish)
            else:
                # The store has just failed: one try, no waiting. Left unrecorded, the
                # run is marked interrupted by the next one to start.
                try:
                    finish()
                except DBAPIError:
                    pass
    return summary


class IngestStopped(StoreFault):
    """The store failed during a run: what went wrong, how far the run got, and that
    running it again resumes."""

    def __init__(self, fault: StoreFault, summary: IngestSummary) -> None:
        stored = summary.count("ingested")
        super().__init__(
            f"ingest stopped: {fault}; {stored} paper{'' if stored == 1 else 's'} stored by this run, "
            "none partly: run the same command again to resume"
        )
        self.fault = fault
        self.summary = summary


class _StoreCalls:
    """Runs the store's transactions for one ingest: each tried again when a
    concurrent run made it fail, and when the connection is lost, for up to
    `budget` seconds, saying so once per outage."""

    def __init__(self, engine: Engine, budget: float, on_wait: Callable[[str], None] | None) -> None:
        self.engine = engine
        self.budget = budget
        self.on_wait = on_wait

    def __call__(self, work: Callable[[], _T], also: type[Exception] | None = None) -> _T:
        told = False

        def waiting(exc: DBAPIError, pause: float) -> None:
            nonlocal told
            if self.on_wait is not None and not told:
                told = True
                self.on_wait(
                    f"the store is unreachable ({faults.error_detail(exc)}): trying again for up to {self.budget:g} s"
                )

        return faults.retrying(work, outage_budget=self.budget, also=also, on_wait=waiting)

    @contextmanager
    def at_start(self) -> Iterator[None]:
        """Before a run begins, a store that cannot be reached or written is a
        mistake to report at once (a wrong --db), not an outage to wait out."""
        try:
            yield
        except DBAPIError as exc:
            fault = faults.store_fault(exc, self.engine.url)
            if fault is None:
                raise
            raise fault from exc


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


def _unlisted_manifest_rows(manifest: Manifest, files: list[Path]) -> list[str]:
    found = {p.resolve() for p in files}
    return [
        f"{manifest.source.name} line {entry.line}: {entry.path} is not among the papers being ingested"
        for entry in manifest.entries.values()
        if entry.path not in found
    ]


def _needing_extraction(
    calls: _StoreCalls, files: list[Path], force: bool, run_id: int, report: Progress
) -> list[tuple[Path, str]]:
    """Hash every file; report the unchanged ones as skipped and the unreadable as
    failed; return the rest with their hashes."""
    pending = []
    first_seen: dict[str, Path] = {}
    for path in files:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            report(_failure(calls, run_id, path, None, exc))
            continue
        if sha in first_seen:
            report(FileOutcome(path, "skipped", message=f"same content as {first_seen[sha]}"))
            continue
        first_seen[sha] = path
        stored = calls(functools.partial(_stored_version, calls.engine, sha))
        if stored is not None and not force and stored[1] == EXTRACTOR_VERSION:
            report(FileOutcome(path, "skipped", message="unchanged since last ingest"))
            continue
        pending.append((path, sha))
    return pending


def _stored_version(engine: Engine, sha: str) -> tuple[int, str] | None:
    with Session(engine) as session:
        return store.existing_document(session, sha)


STORED_BY_ANOTHER_RUN = "stored by another run"


def store_extracted(
    engine: Engine, run_id: int, path: Path, sha: str, result: ExtractionResult, taxonomy_version: str
) -> FileOutcome:
    """Store one paper's extraction (or record its failure) in the run `run_id`, as
    ingest does: skipped when the same content is stored already, tried again when
    a concurrent run made the write fail. A store that is lost fails at once."""
    return _store_result(_StoreCalls(engine, 0.0, None), run_id, path, sha, result, taxonomy_version)


def _store_result(
    calls: _StoreCalls,
    run_id: int,
    path: Path,
    sha: str,
    result: ExtractionResult,
    taxonomy_version: str,
    force: bool = False,
) -> FileOutcome:
    engine = calls.engine
    if isinstance(result, BaseException):
        return _failure(calls, run_id, path, sha, result)

    # A run working on the same files may have stored this one since it was hashed;
    # replacing that copy would only churn its ids. The cheap check first, then the
    # one that counts, under the document's lock in the writing transaction.
    if not force and calls(lambda: _stored_now(engine, sha)):
        return FileOutcome(path, "skipped", message=STORED_BY_ANOTHER_RUN)

    def save() -> bool:
        with store.writing(engine) as session:
            store.lock_document(session, sha)
            if not force and _is_current(store.existing_document(session, sha)):
                return False
            store.save_document(session, result, taxonomy_version=taxonomy_version)
            return True

    try:
        if not calls(save):
            return FileOutcome(path, "skipped", message=STORED_BY_ANOTHER_RUN)
    except IntegrityError as exc:
        # Both runs inserted this document at once; the other committed first.
        if "sha256" in str(exc.orig) and calls(lambda: _stored_now(engine, sha)):
            return FileOutcome(path, "skipped", message=STORED_BY_ANOTHER_RUN)
        return _failure(calls, run_id, path, sha, exc)
    except DBAPIError as exc:
        if faults.store_fault(exc, engine.url) is not None:
            raise  # the store failed, not this paper: the run stops
        return _failure(calls, run_id, path, sha, exc)
    except Exception as exc:
        return _failure(calls, run_id, path, sha, exc)
    themes = sum(len(item.themes) for item in result.items)
    return FileOutcome(path, "ingested", items=len(result.items), themes=themes)


def _stored_now(engine: Engine, sha: str) -> bool:
    with Session(engine) as session:
        return _is_current(store.existing_document(session, sha))


def _is_current(stored: tuple[int, str] | None) -> bool:
    return stored is not None and stored[1] == EXTRACTOR_VERSION


def _failure(calls: _StoreCalls, run_id: int, path: Path, sha: str | None, exc: BaseException) -> FileOutcome:
    message = describe_error(exc)
    calls(lambda: store.record_error(calls.engine, run_id, printable_path(path), sha, type(exc).__name__, message))
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
