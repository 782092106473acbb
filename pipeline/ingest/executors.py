"""Where documents are extracted: in this process, in local worker processes, or on
a Dask cluster. Every executor turns (path, sha256) pairs into an ExtractedDocument
or the exception that file raised, yielded as each one finishes; the caller alone
writes the store, so no executor's workers ever need the database."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from scrutiny.extractors.errors import UnreadableDocument
from scrutiny.extractors.items import ExtractedDocument, Item
from scrutiny.pipeline.extract import extract_document, printable_path
from scrutiny.pipeline.themes import Taxonomy, ThemeTagger, default_taxonomy_path, load_taxonomy

ExtractionResult = ExtractedDocument | BaseException
Outcome = tuple[Path, str, ExtractionResult]

EXECUTORS = ("local", "dask")

# Seconds to reach the scheduler, and then to see at least one worker on it: an
# address that is wrong, or a cluster that never came up, should fail the run at
# once rather than leave it waiting.
CONNECT_TIMEOUT = 10.0


class ClusterUnavailable(RuntimeError):
    """The Dask scheduler could not be reached, or has no workers; the message says which."""


class PaperNotOnWorker(UnreadableDocument):
    """A Dask worker cannot see the file the ingesting machine found, or sees other content there."""


class Executor:
    """Extracts documents; used as a context manager around `results`, so resources
    (worker processes, a cluster connection) are held only for the run."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info) -> None:
        pass

    def results(self, pending: Iterable[tuple[Path, str]]) -> Iterator[Outcome]:
        raise NotImplementedError


def make_executor(
    kind: str,
    *,
    taxonomy: Taxonomy,
    page_timeout: float | None,
    workers: int = 1,
    scheduler: str | None = None,
) -> Executor:
    """The executor named `kind`: "local" (`workers` processes, or this one for 1)
    or "dask" (the cluster whose scheduler is at `scheduler`)."""
    if kind == "local":
        if workers <= 1:
            return InlineExecutor(taxonomy, page_timeout)
        return ProcessExecutor(taxonomy, page_timeout, workers)
    if kind == "dask":
        if not scheduler:
            raise ValueError(
                "the dask executor needs the scheduler's address (such as tcp://HOST:8786); none was given"
            )
        return DaskExecutor(scheduler, taxonomy, page_timeout)
    raise ValueError(f"unknown executor {kind!r}: expected one of {', '.join(EXECUTORS)}")


class InlineExecutor(Executor):
    def __init__(self, taxonomy: Taxonomy, page_timeout: float | None) -> None:
        self.taxonomy = taxonomy
        self.page_timeout = page_timeout

    def results(self, pending: Iterable[tuple[Path, str]]) -> Iterator[Outcome]:
        tagger = ThemeTagger(self.taxonomy)
        for path, sha in pending:
            yield path, sha, _extract_or_error(path, sha, tagger, self.page_timeout)


def _extract_or_error(path: Path, sha: str, tagger: ThemeTagger, page_timeout: float | None) -> ExtractionResult:
    try:
        return extract_document(path, tagger, sha256=sha, page_timeout=page_timeout)
    except Exception as exc:
        return exc


class ProcessExecutor(Executor):
    def __init__(self, taxonomy: Taxonomy, page_timeout: float | None, workers: int) -> None:
        self.taxonomy = taxonomy
        self.page_timeout = page_timeout
        self.workers = workers

    def results(self, pending: Iterable[tuple[Path, str]]) -> Iterator[Outcome]:
        pending = list(pending)
        if len(pending) <= 1:
            # Starting a process and its spaCy pipeline costs more than it saves here.
            yield from InlineExecutor(self.taxonomy, self.page_timeout).results(pending)
            return
        # Extraction is CPU-bound and runs in worker processes; the store is written
        # from this process only, so no worker ever holds a database lock.
        with ProcessPoolExecutor(
            max_workers=self.workers,
            initializer=_init_worker,
            initargs=(self.taxonomy.path, self.page_timeout),
        ) as pool:
            queue = iter(pending)
            running: dict[Future, tuple[Path, str]] = {}

            def submit_next() -> None:
                for path, sha in queue:
                    running[pool.submit(_extract_in_worker, str(path), sha)] = (path, sha)
                    return

            # A bounded window keeps finished documents from piling up in memory.
            for _ in range(self.workers * 2):
                submit_next()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    path, sha = running.pop(future)
                    try:
                        result: ExtractionResult = future.result()
                    except BaseException as exc:  # a worker that died is this file's failure
                        result = exc
                    yield path, sha, result
                    submit_next()


# Set only inside pool worker processes, by their initializer: building the spaCy
# pipeline once per process rather than once per document.
_worker_tagger: ThemeTagger | None = None
_worker_page_timeout: float | None = None


def _init_worker(taxonomy_path: str, page_timeout: float | None) -> None:
    global _worker_tagger, _worker_page_timeout
    _worker_tagger = ThemeTagger(load_taxonomy(taxonomy_path or None))
    _worker_page_timeout = page_timeout


def _extract_in_worker(path: str, sha: str) -> ExtractedDocument:
    assert _worker_tagger is not None
    return extract_document(Path(path), _worker_tagger, sha256=sha, page_timeout=_worker_page_timeout)


class DaskExecutor(Executor):
    """Extraction on a Dask distributed cluster.

    Workers read each paper from its path, so papers must be on storage every worker
    sees at the same path. They are sent the taxonomy file's bytes rather than its
    path: a worker's own copy of the project may hold another taxonomy, or none at
    that path.
    """

    def __init__(self, scheduler: str, taxonomy: Taxonomy, page_timeout: float | None) -> None:
        self.scheduler = scheduler
        self.taxonomy = taxonomy
        self.page_timeout = page_timeout
        self.client = None
        self._taxonomy_yaml = b""

    def __enter__(self) -> DaskExecutor:
        # Imported here so local runs do not pay for importing distributed.
        from distributed import Client

        self._taxonomy_yaml = Path(self.taxonomy.path or default_taxonomy_path()).read_bytes()
        timeout = CONNECT_TIMEOUT
        try:
            self.client = Client(self.scheduler, timeout=timeout, set_as_default=False)
        except Exception as exc:
            raise ClusterUnavailable(
                f"cannot reach the Dask scheduler at {self.scheduler}: {_first_line(exc)}"
            ) from exc
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError as exc:
            self.__exit__()
            raise ClusterUnavailable(
                f"the Dask scheduler at {self.scheduler} has no workers (none joined within {timeout:g} s)"
            ) from exc
        return self

    def __exit__(self, *exc_info) -> None:
        if self.client is not None:
            client, self.client = self.client, None
            client.close()

    def results(self, pending: Iterable[tuple[Path, str]]) -> Iterator[Outcome]:
        from distributed import as_completed

        if self.client is None:
            raise RuntimeError("DaskExecutor.results needs the executor entered (use it in a with block)")
        client = self.client
        queue = iter(pending)
        running: dict = {}
        finished = as_completed(loop=client.loop)

        def submit_next() -> bool:
            for path, sha in queue:
                future = client.submit(
                    extract_on_worker,
                    # A relative path means nothing to a worker in another directory.
                    os.path.abspath(path),
                    sha,
                    self.taxonomy.version,
                    self._taxonomy_yaml,
                    self.page_timeout,
                    # Each submission is its own task, even for a file submitted by an
                    # earlier run whose result the scheduler may still remember.
                    pure=False,
                )
                running[future] = (path, sha)
                finished.add(future)
                return True
            return False

        def fill_window() -> None:
            # A bounded window keeps finished documents from piling up in the
            # workers' and this process's memory; it follows workers joining or leaving.
            window = self._window()
            while len(running) < window and submit_next():
                pass

        fill_window()
        try:
            for future in finished:
                path, sha = running.pop(future)
                try:
                    result: ExtractionResult = future.result()
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as exc:  # raised on the worker, or the worker was lost
                    result = exc
                future.release()
                if isinstance(result, ExtractedDocument):
                    # The path as this run named it, as the local executors store it.
                    result.path = printable_path(path)
                yield path, sha, result
                fill_window()
        finally:
            if running:
                client.cancel(list(running))

    def _window(self) -> int:
        threads = sum(self.client.nthreads().values()) if self.client is not None else 0
        return max(2 * threads, 2)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def extract_on_worker(
    path: str, sha: str, taxonomy_version: str, taxonomy_yaml: bytes, page_timeout: float | None
) -> ExtractedDocument:
    """Run on a Dask worker: one paper, read from `path` and checked against the
    content the ingesting machine hashed."""
    tagger = WORKER_TAGGERS.get(taxonomy_version, taxonomy_yaml)
    try:
        # Hashed again here: the same path on another machine can hold another file.
        document = extract_document(path, tagger, page_timeout=page_timeout)
    except FileNotFoundError:
        if os.path.exists(path):
            raise
        raise PaperNotOnWorker(
            f"not found on Dask worker {_worker_name()}: papers must be on storage every worker sees at the same path"
        ) from None
    if document.sha256 != sha:
        raise PaperNotOnWorker(
            f"Dask worker {_worker_name()} sees different content at this path: papers must be on "
            "storage every worker shares"
        )
    return document


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "(not a Dask worker)"


class _SharedTagger:
    """A worker process's one tagger, used by all its task threads: a spaCy pipeline
    is not safe to run from two threads at once."""

    def __init__(self, tagger: ThemeTagger) -> None:
        self.tagger = tagger
        self._lock = threading.Lock()

    def tag(self, items: Iterable[Item]) -> None:
        with self._lock:
            self.tagger.tag(items)


class WorkerTaggers:
    """The taggers of this worker process, by taxonomy version: building the spaCy
    pipeline takes seconds, so it is built once per process and kept for every
    document and run after."""

    # Runs with an older taxonomy are rare; a couple kept is plenty.
    KEEP = 2

    def __init__(self) -> None:
        self._taggers: dict[str, _SharedTagger] = {}
        self._lock = threading.Lock()
        self.built = 0

    def get(self, version: str, taxonomy_yaml: bytes) -> _SharedTagger:
        with self._lock:
            tagger = self._taggers.get(version)
            if tagger is None:
                tagger = _SharedTagger(ThemeTagger(_taxonomy_from_bytes(version, taxonomy_yaml)))
                self.built += 1
                while len(self._taggers) >= self.KEEP:
                    self._taggers.pop(next(iter(self._taggers)))
                self._taggers[version] = tagger
            return tagger


WORKER_TAGGERS = WorkerTaggers()


def _taxonomy_from_bytes(version: str, taxonomy_yaml: bytes) -> Taxonomy:
    # The spaCy component loads its rules from a file, so the bytes become one,
    # kept for the process's life in the worker's own scratch space.
    try:
        from distributed import get_worker

        folder = get_worker().local_directory
    except (ImportError, ValueError):
        folder = tempfile.gettempdir()
    path = Path(folder) / f"scrutiny-taxonomy-{version}.yaml"
    path.write_bytes(taxonomy_yaml)
    taxonomy = load_taxonomy(path)
    if taxonomy.version != version:
        raise ValueError(
            f"the taxonomy file changed after this run loaded it (version {taxonomy.version}, "
            f"expected {version}): run the ingest again"
        )
    return taxonomy


def in_submission_order(
    results: Iterator[tuple[Path, str, ExtractionResult]], pending: list[tuple[Path, str]]
) -> Iterator[tuple[Path, str, ExtractionResult]]:
    """Results in the order the papers were found, whatever order workers finish in.

    Which recommendations a paper's wording is matched against depends on the papers
    stored before it, so storing in a fixed order makes a parallel or distributed run
    store exactly what a one-process run stores. Papers that finish early wait here
    (as small extracted text, not as files) until those before them are stored.
    """
    waiting: dict[tuple[Path, str], tuple[Path, str, ExtractionResult]] = {}
    order = iter(pending)
    expected = next(order, None)
    for path, sha, result in results:
        waiting[(path, sha)] = (path, sha, result)
        while expected is not None and expected in waiting:
            yield waiting.pop(expected)
            expected = next(order, None)
    # Anything a worker returned under another name still gets stored.
    yield from waiting.values()
