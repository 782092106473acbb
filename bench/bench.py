"""Throughput and memory figures for the ingest pipeline.

Prints a table and writes every figure to bench/results.json. This is a measurement,
not a test: it never fails a build, it reports each target as pass or fail.

For each corpus (by default the Kent papers beside the repository, when present, and
sample_docs/):
  1. end-to-end `ingest` into a fresh SQLite store, with 1 and with 2 workers;
  2. time per pipeline stage, calling the stage functions directly on the same files;
  3. reference readers on the same PDFs: a naive pdfplumber pass (text and tables of
     every page) and pypdfium2 text extraction (the floor).
Then theme tagging throughput on one core, and the peak memory of `scrutiny ingest`
run in a child process on one large PDF made by concatenating real papers.

    python bench/bench.py [--corpus PATH]... [--quick] [--skip-rss]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata as package_metadata
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from docx.oxml.ns import qn
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateSchema, DropSchema

from scrutiny.extractors import EXTRACTOR_VERSION
from scrutiny.extractors.interpret import interpret
from scrutiny.extractors.items import ExtractedDocument, Item
from scrutiny.extractors.read import read_document
from scrutiny.models import store
from scrutiny.pipeline.extract import EXTRACT_STAGES, extract_document
from scrutiny.pipeline.ingest.discover import discover
from scrutiny.pipeline.ingest.run import ingest, store_extracted
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
KENT = ROOT.parent / "shared" / "corpus" / "real" / "kent"
SAMPLE_DOCS = ROOT / "sample_docs"
RESULTS_PATH = ROOT / "bench" / "results.json"
LIBRARY_PACKAGES = ("scrutiny", "extractors", "pipeline", "models")

DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

TARGET_PIPELINE_VS_NAIVE = 10.0
TARGET_WORKER_SCALING = 1.8
TARGET_PEAK_RSS_BYTES = 300 * 1000 * 1000
TARGET_TAGGING_WORDS_PER_SECOND = 100_000
# Pages/s at each scale mark within this share of each other (slowest to fastest).
TARGET_SCALE_SPREAD = 0.10
TARGET_SCALE_PEAK_RSS_BYTES = 350 * 1000 * 1000
# Per-paper store write time at the end of a run over that at its start.
TARGET_STORE_GROWTH = 1.25

SCALE_PAGES = 10_000
QUICK_SCALE_PAGES = 1_000
SCALE_MARKS = (1_000, 5_000, 10_000)
SCALE_SHUFFLE_SEED = 15
STORE_GROWTH_PAPERS = 1_000
QUICK_STORE_GROWTH_PAPERS = 100
LONG_WORD_PAPERS = 4
LONG_WORD_REPEATS = 25

LARGE_PDF_PAGES = 1000
QUICK_LARGE_PDF_PAGES = 200
TAGGING_WORDS = 300_000
TAGGING_RUNS = 3

STAGES = (*EXTRACT_STAGES, "store")
MB = 1000 * 1000


# ---------------------------------------------------------------- results


@dataclass
class Rate:
    """Work done in one wall-clock interval."""

    seconds: float
    files: int
    pages: int
    failed: int = 0
    pages_per_second: float = field(init=False)
    files_per_second: float = field(init=False)

    def __post_init__(self) -> None:
        self.pages_per_second = _per_second(self.pages, self.seconds)
        self.files_per_second = _per_second(self.files, self.seconds)


@dataclass
class StageTimes:
    """Seconds spent in each stage over a whole corpus, one process, one file at a time."""

    seconds: dict[str, float]
    total_seconds: float
    # All stages summed over the PDF files alone: the pipeline's cost on exactly the
    # files the reference readers see.
    pdf_seconds: float
    failed: int


@dataclass
class CorpusResult:
    name: str
    path: str
    files: int
    pdf_files: int
    pages: int
    pdf_pages: int
    ingest_workers_1: Rate
    ingest_workers_2: Rate
    worker_scaling: float  # pages/s with 2 workers over pages/s with 1
    stages: StageTimes
    # End-to-end time with 1 worker minus the sum of the stages: migrations, discovery,
    # building the tagger, run bookkeeping. The two runs are separate, so when other
    # work on the machine slows one of them this can come out negative.
    unattributed_seconds: float
    naive_pdfplumber: Rate | None
    pdfium_text: Rate | None
    pipeline_pdf_pages_per_second: float | None
    pipeline_pdf_basis: str
    pipeline_vs_naive: float | None
    pipeline_vs_pdfium: float | None


@dataclass
class TaggingResult:
    items: int
    texts: int
    words: int
    runs_seconds: list[float]
    seconds: float  # median run
    words_per_second: float
    cpu: int | None  # the core the process was pinned to, if pinning was possible


@dataclass
class ChildRun:
    seconds: float
    peak_rss_bytes: int
    exit_code: int


@dataclass
class MemoryResult:
    pages: int
    source_files: int
    file_bytes: int
    ingest: ChildRun
    pages_per_second: float
    # The same command on a one-page PDF: interpreter, imports and an empty store.
    baseline: ChildRun


@dataclass
class WordResult:
    """The pipeline (read, interpret, metadata, themes) on Word papers against a
    naive python-docx pass (every paragraph's and every cell's text)."""

    files: int
    long_files: int
    megabytes: float
    read_seconds: float
    pipeline_seconds: float
    naive_seconds: float
    failed: int
    pipeline_vs_naive: float  # naive seconds over pipeline seconds: above 1 is faster
    read_vs_naive: float


@dataclass
class ScaleMark:
    pages: int  # pages done when the mark was passed
    seconds: float
    pages_per_second: float  # from the first paper done to this mark


@dataclass
class StoreGrowth:
    backend: str
    papers: int
    first_tenth_ms: float  # median per-paper write, first tenth of the papers
    last_tenth_ms: float  # and last tenth
    growth: float


@dataclass
class ScaleResult:
    papers: int
    pages: int
    run: ChildRun
    marks: list[ScaleMark]
    copies: list[float]  # pages/s over each copy of the source corpus
    writes: StoreGrowth | None
    failed: int = 0


@dataclass
class Check:
    name: str
    target: str
    measured: str
    status: str  # "pass" | "fail" | "n/a"


@dataclass
class BenchResults:
    started_at: str
    environment: dict
    options: dict
    corpora: list[CorpusResult] = field(default_factory=list)
    tagging: TaggingResult | None = None
    memory: MemoryResult | None = None
    word: WordResult | None = None
    scale: ScaleResult | None = None
    store_growth: list[StoreGrowth] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class CorpusFile:
    path: Path
    pages: int

    @property
    def is_pdf(self) -> bool:
        return self.path.suffix.lower() == ".pdf"


# ---------------------------------------------------------------- helpers


def _per_second(amount: float, seconds: float) -> float:
    return amount / seconds if seconds > 0 else 0.0


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """Yields a function returning the seconds elapsed, frozen once the block ends."""
    start = time.perf_counter()
    end: float | None = None

    def elapsed() -> float:
        return (end if end is not None else time.perf_counter()) - start

    try:
        yield elapsed
    finally:
        end = time.perf_counter()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# ---------------------------------------------------------------- corpus


def list_corpus(folder: Path) -> list[CorpusFile]:
    """The files `ingest` would process under `folder`, with their page counts."""
    return [CorpusFile(path, count_pages(path)) for path in discover([folder]).files]


def count_pages(path: Path) -> int:
    """Pages by pypdfium2 for a PDF, by the Word reader for a .docx; 0 if unreadable."""
    try:
        if path.suffix.lower() == ".pdf":
            pdf = pdfium.PdfDocument(path)
            try:
                return len(pdf)
            finally:
                pdf.close()
        return read_document(path).pages or 0
    except Exception:
        return 0


def warm_up(files: list[CorpusFile], tagger: ThemeTagger) -> None:
    """Load every file into the OS cache, then read, interpret and tag the first file
    once with each reader, untimed, so imports and lazy set-up are paid before timing."""
    for corpus_file in files:
        corpus_file.path.read_bytes()
    first = files[0].path
    try:
        items = interpret(read_document(first))
        tagger.tag(items)
    except Exception:
        pass
    first_pdf = next((f.path for f in files if f.is_pdf), None)
    if first_pdf is not None:
        read_with_naive_pdfplumber(first_pdf)
        read_with_pdfium(first_pdf)


# ---------------------------------------------------------------- 1. end to end


def time_ingest(folder: Path, files: list[CorpusFile], workers: int, store_dir: Path) -> Rate:
    """Wall-clock of the real `ingest` into a fresh SQLite store."""
    engine = store.make_engine(sqlite_url(store_dir / f"workers-{workers}.db"))
    try:
        with stopwatch() as elapsed:
            summary = ingest([folder], engine, workers=workers)
    finally:
        engine.dispose()
    return Rate(
        seconds=elapsed(),
        files=len(files),
        pages=sum(f.pages for f in files),
        failed=summary.count("failed"),
    )


# ---------------------------------------------------------------- 2. stages


class StageClock:
    """Accumulates seconds per stage, and per file for the PDF-only total."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    def total(self) -> float:
        return sum(self.seconds.values())


def time_stages(
    files: list[CorpusFile], tagger: ThemeTagger, store_path: Path, documents: list[ExtractedDocument]
) -> StageTimes:
    """Run each stage of `extract_document` and `ingest`'s store write on every file,
    timing each one separately; the extracted documents are added to `documents`."""
    engine = store.make_engine(sqlite_url(store_path))
    store.upgrade(engine)
    clock = StageClock()
    pdf_seconds = 0.0
    failed = 0
    try:
        for corpus_file in files:
            before = clock.total()
            document = run_stages(corpus_file.path, tagger, engine, clock)
            if document is None:
                failed += 1
            else:
                documents.append(document)
            if corpus_file.is_pdf:
                pdf_seconds += clock.total() - before
    finally:
        engine.dispose()
    return StageTimes(seconds=clock.seconds, total_seconds=clock.total(), pdf_seconds=pdf_seconds, failed=failed)


def run_stages(path: Path, tagger: ThemeTagger, engine, clock: StageClock) -> ExtractedDocument | None:
    """One file through every stage of `extract_document` and the store write, each
    timed on `clock`; None if a stage raised (as ingest would record)."""
    try:
        document = extract_document(path, tagger, stage=clock.stage)
        with clock.stage("store"):
            with Session(engine) as session, session.begin():
                store.save_document(session, document, taxonomy_version=tagger.version)
    except Exception:
        return None
    return document


# ---------------------------------------------------------------- 3. reference readers


def read_with_naive_pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def read_with_pdfium(path: Path) -> None:
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            text_page = page.get_textpage()
            text_page.get_text_range()
            text_page.close()
            page.close()
    finally:
        pdf.close()


def time_reader(read: Callable[[Path], None], pdfs: list[CorpusFile]) -> Rate:
    failed = 0
    with stopwatch() as elapsed:
        for corpus_file in pdfs:
            try:
                read(corpus_file.path)
            except Exception:
                failed += 1
    return Rate(seconds=elapsed(), files=len(pdfs), pages=sum(f.pages for f in pdfs), failed=failed)


# ---------------------------------------------------------------- per corpus


def measure_corpus(
    folder: Path, work_dir: Path, tagger: ThemeTagger, documents: list[ExtractedDocument]
) -> tuple[CorpusResult, list[CorpusFile]]:
    name = folder.name or str(folder)
    files = list_corpus(folder)
    if not files:
        raise ValueError(f"{folder}: no .pdf or .docx files")
    pdfs = [f for f in files if f.is_pdf]
    pages = sum(f.pages for f in files)
    progress(f"{name}: {len(files)} files, {pages} pages; warming up")
    warm_up(files, tagger)

    progress(f"{name}: ingest, 1 worker")
    workers_1 = time_ingest(folder, files, 1, work_dir)
    progress(f"{name}: ingest, 2 workers")
    workers_2 = time_ingest(folder, files, 2, work_dir)
    progress(f"{name}: stages, one at a time")
    stages = time_stages(files, tagger, work_dir / "stages.db", documents)
    progress(f"{name}: naive pdfplumber")
    naive = time_reader(read_with_naive_pdfplumber, pdfs) if pdfs else None
    progress(f"{name}: pypdfium2 text")
    floor = time_reader(read_with_pdfium, pdfs) if pdfs else None

    pipeline_pdf_rate, basis = pipeline_pdf_pages_per_second(files, workers_1, stages)
    result = CorpusResult(
        name=name,
        path=str(folder),
        files=len(files),
        pdf_files=len(pdfs),
        pages=pages,
        pdf_pages=sum(f.pages for f in pdfs),
        ingest_workers_1=workers_1,
        ingest_workers_2=workers_2,
        worker_scaling=_ratio(workers_2.pages_per_second, workers_1.pages_per_second) or 0.0,
        stages=stages,
        unattributed_seconds=workers_1.seconds - stages.total_seconds,
        naive_pdfplumber=naive,
        pdfium_text=floor,
        pipeline_pdf_pages_per_second=pipeline_pdf_rate,
        pipeline_pdf_basis=basis,
        pipeline_vs_naive=_ratio(pipeline_pdf_rate, naive.pages_per_second if naive else None),
        pipeline_vs_pdfium=_ratio(pipeline_pdf_rate, floor.pages_per_second if floor else None),
    )
    return result, files


def pipeline_pdf_pages_per_second(
    files: list[CorpusFile], workers_1: Rate, stages: StageTimes
) -> tuple[float | None, str]:
    """The pipeline's pages/s on the PDFs the reference readers time: the end-to-end
    1-worker figure when every file is a PDF, else the stage times of the PDFs alone."""
    pdf_pages = sum(f.pages for f in files if f.is_pdf)
    if not pdf_pages:
        return None, "no PDFs"
    if all(f.is_pdf for f in files):
        return workers_1.pages_per_second, "end-to-end ingest, 1 worker"
    return _per_second(pdf_pages, stages.pdf_seconds), "sum of stage times over the PDFs (corpus also holds Word files)"


# ---------------------------------------------------------------- 4. tagging


def gold_items(folder: Path) -> list[tuple[str, str | None]]:
    """(recommendation, progress) of every item in the gold files."""
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        for item in json.loads(gold.read_text(encoding="utf-8")).get("items", []):
            pairs.append((item.get("recommendation") or "", item.get("progress")))
    return pairs


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0


def tagging_batch(pairs: list[tuple[str, str | None]], words: int) -> tuple[list[Item], int]:
    """Fresh items repeating `pairs` until they hold at least `words` words."""
    per_round = sum(word_count(r) + word_count(p) for r, p in pairs)
    rounds = -(-words // per_round)
    items = [Item(recommendation=r, progress=p) for _ in range(rounds) for r, p in pairs]
    return items, per_round * rounds


@contextmanager
def pinned_to_one_core() -> Iterator[int | None]:
    """Run the block on a single CPU, where the platform allows it."""
    if not hasattr(os, "sched_setaffinity"):
        yield None
        return
    allowed = os.sched_getaffinity(0)
    cpu = min(allowed)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, allowed)


def measure_tagging(tagger: ThemeTagger) -> TaggingResult:
    pairs = gold_items(SAMPLE_DOCS)
    if not pairs:
        raise ValueError(f"{SAMPLE_DOCS}: no gold items to tag")
    tagger.tag([Item(recommendation=r, progress=p) for r, p in pairs])  # warm-up
    runs = []
    with pinned_to_one_core() as cpu:
        for _ in range(TAGGING_RUNS):
            items, words = tagging_batch(pairs, TAGGING_WORDS)
            with stopwatch() as elapsed:
                tagger.tag(items)
            runs.append(elapsed())
    seconds = statistics.median(runs)
    return TaggingResult(
        items=len(items),
        texts=len(items) + sum(1 for item in items if item.progress),
        words=words,
        runs_seconds=runs,
        seconds=seconds,
        words_per_second=_per_second(words, seconds),
        cpu=cpu,
    )


# ---------------------------------------------------------------- 5. peak memory


def concatenate_pdfs(sources: list[Path], pages: int, destination: Path) -> tuple[int, int]:
    """Write a PDF of the first `pages` pages of `sources` taken in order, cycling
    through them again if they hold fewer. Returns (pages written, files used)."""
    output = pdfium.PdfDocument.new()
    used: set[Path] = set()
    try:
        while len(output) < pages:
            before = len(output)
            for source in sources:
                wanted = pages - len(output)
                if wanted <= 0:
                    break
                if import_leading_pages(output, source, wanted):
                    used.add(source)
            if len(output) == before:
                raise ValueError("none of the source PDFs could be read by pypdfium2")
        output.save(destination)
        return len(output), len(used)
    finally:
        output.close()


def import_leading_pages(output: pdfium.PdfDocument, source: Path, wanted: int) -> bool:
    try:
        pdf = pdfium.PdfDocument(source)
    except Exception:
        return False
    try:
        count = min(len(pdf), wanted)
        if count:
            output.import_pages(pdf, pages=list(range(count)))
        return count > 0
    except Exception:
        return False
    finally:
        pdf.close()


def scrutiny_command() -> list[str]:
    script = Path(sys.executable).with_name("scrutiny")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from scrutiny.pipeline.cli import main; main()"]


# On Linux a child's ru_maxrss starts from its parent's resident size when it is
# spawned, so a child of this (large) process would report at least this process's
# size. A small launcher process starts the ingest instead and reports the ingest's
# own figure from wait4.
_RUSAGE_LAUNCHER = """
import os, subprocess, sys
with open(sys.argv[1], "wb") as log:
    child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def run_child_ingest(pdf: Path, store_path: Path, log_path: Path) -> ChildRun:
    """`scrutiny ingest PDF` in a child process: its wall-clock and its peak RSS."""
    return run_child([*scrutiny_command(), "ingest", str(pdf), "--db", sqlite_url(store_path)], log_path)


def run_child(command: list[str], log_path: Path) -> ChildRun:
    """A command in a child process: its wall-clock and its peak RSS."""
    launcher = [sys.executable, "-I", "-S", "-c", _RUSAGE_LAUNCHER, str(log_path)]
    with stopwatch() as elapsed:
        report = subprocess.run([*launcher, *command], capture_output=True, text=True, check=True)
    exit_code, max_rss_kb = (int(word) for word in report.stdout.split())
    # ru_maxrss is in kilobytes on Linux.
    return ChildRun(seconds=elapsed(), peak_rss_bytes=max_rss_kb * 1024, exit_code=exit_code)


def measure_memory(sources: list[Path], pages: int, work_dir: Path) -> MemoryResult:
    large = work_dir / f"concatenated-{pages}-pages.pdf"
    written, used = concatenate_pdfs(sources, pages, large)
    single = work_dir / "one-page.pdf"
    concatenate_pdfs(sources, 1, single)
    progress("peak memory: baseline on a one-page PDF")
    baseline = run_child_ingest(single, work_dir / "baseline.db", work_dir / "baseline.log")
    progress(f"peak memory: scrutiny ingest on a {written}-page PDF")
    run = run_child_ingest(large, work_dir / "large.db", work_dir / "large.log")
    if run.exit_code != 0:
        tail = (work_dir / "large.log").read_text(errors="replace").strip().splitlines()[-3:]
        progress(f"peak memory: ingest exited {run.exit_code}: {' | '.join(tail)}")
    return MemoryResult(
        pages=written,
        source_files=used,
        file_bytes=large.stat().st_size,
        ingest=run,
        pages_per_second=_per_second(written, run.seconds),
        baseline=baseline,
    )


def concatenation_sources(corpora: list[Path]) -> list[Path]:
    """Real papers when the Kent corpus is present, else the PDFs being measured."""
    folders = [KENT] if KENT.is_dir() else corpora
    return [path for folder in folders for path in discover([folder]).files if path.suffix.lower() == ".pdf"]


# ---------------------------------------------------------------- 6. Word papers


def build_word_corpus(work_dir: Path) -> list[Path]:
    """The development Word papers, plus long ones made from them: each a paper's
    body repeated LONG_WORD_REPEATS times, a long report with its tables."""
    import docx

    papers = sorted(DEV_CORPUS.glob("*.docx")) if DEV_CORPUS.is_dir() else []
    papers = papers or sorted(SAMPLE_DOCS.glob("*.docx"))
    long_papers = []
    for number, source in enumerate(papers[:LONG_WORD_PAPERS]):
        document = docx.Document(str(source))
        body = document.element.body
        section = body.find(qn("w:sectPr"))
        content = [child for child in body if child is not section]
        for _ in range(LONG_WORD_REPEATS - 1):
            for child in content:
                copy = deepcopy(child)
                if section is not None:
                    section.addprevious(copy)
                else:
                    body.append(copy)
        destination = work_dir / f"long-{number:02d}-{source.name}"
        document.save(str(destination))
        long_papers.append(destination)
    return [*papers, *long_papers]


def read_with_naive_python_docx(path: Path) -> None:
    import docx

    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        paragraph.text  # noqa: B018 - the text is what is read
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.text  # noqa: B018


def measure_word(work_dir: Path, tagger: ThemeTagger) -> WordResult | None:
    folder = work_dir / "word"
    folder.mkdir()
    papers = build_word_corpus(folder)
    if not papers:
        return None
    progress(f"word: {len(papers)} papers; warming up")
    for path in papers:
        path.read_bytes()
    extract_document(papers[0], tagger)
    read_with_naive_python_docx(papers[0])
    progress("word: pipeline stages, naive python-docx")
    clock = StageClock()
    failed = 0
    for path in papers:
        try:
            extract_document(path, tagger, stage=clock.stage)
        except Exception:
            failed += 1
    naive_failed = 0
    with stopwatch() as elapsed:
        for path in papers:
            try:
                read_with_naive_python_docx(path)
            except Exception:
                naive_failed += 1
    naive_seconds = elapsed()
    return WordResult(
        files=len(papers),
        long_files=sum(1 for p in papers if p.parent == folder),
        megabytes=sum(p.stat().st_size for p in papers) / MB,
        read_seconds=clock.seconds["read"],
        pipeline_seconds=clock.total(),
        naive_seconds=naive_seconds,
        failed=failed + naive_failed,
        pipeline_vs_naive=_ratio(naive_seconds, clock.total()) or 0.0,
        read_vs_naive=_ratio(naive_seconds, clock.seconds["read"]) or 0.0,
    )


# ---------------------------------------------------------------- 7. scale


def build_scale_corpus(sources: list[CorpusFile], pages: int, destination: Path) -> list[CorpusFile]:
    """Copies of the source papers, round after round (each round in one fixed
    shuffled order), until they hold `pages` pages. Each copy has a comment line
    added after the end of the file, so every copy hashes differently and is
    ingested as a paper of its own."""
    order = [f for f in sources if f.is_pdf and f.pages > 0]
    random.Random(SCALE_SHUFFLE_SEED).shuffle(order)
    if not order:
        return []
    corpus: list[CorpusFile] = []
    total = 0
    copy = 0
    while total < pages:
        for position, source in enumerate(order):
            if total >= pages:
                break
            target = destination / f"{copy:02d}-{position:03d}-{source.path.name}"
            target.write_bytes(source.path.read_bytes() + f"\n% scrutiny bench copy {copy}\n".encode())
            corpus.append(CorpusFile(target, source.pages))
            total += source.pages
        copy += 1
    return corpus


# Run in a child process (see run_child): `ingest` of the scale corpus with one
# worker, recording when each paper is done and how long each store write took.
_SCALE_CHILD = """
import json, sys, time
from pathlib import Path
from scrutiny.models import store
from scrutiny.pipeline.ingest import run

writes = []
done = []

def record(outcome):
    done.append([outcome.path.name, time.perf_counter() - start, outcome.status])
    if outcome.store_seconds is not None:
        writes.append(outcome.store_seconds)

engine = store.make_engine(sys.argv[2])
start = time.perf_counter()
summary = run.ingest([Path(sys.argv[1])], engine, workers=1, on_file=record)
Path(sys.argv[3]).write_text(json.dumps({"files": done, "writes": writes}))
"""


def measure_scale(sources: list[CorpusFile], pages: int, work_dir: Path) -> ScaleResult | None:
    folder = work_dir / "scale"
    folder.mkdir()
    corpus = build_scale_corpus(sources, pages, folder)
    if not corpus:
        return None
    pages_of = {f.path.name: f.pages for f in corpus}
    progress(f"scale: ingest of {len(corpus)} papers, {sum(pages_of.values()):,} pages, 1 worker, child process")
    report = work_dir / "scale.json"
    run = run_child(
        [sys.executable, "-c", _SCALE_CHILD, str(folder), sqlite_url(work_dir / "scale.db"), str(report)],
        work_dir / "scale.log",
    )
    if run.exit_code != 0 or not report.exists():
        tail = (work_dir / "scale.log").read_text(errors="replace").strip().splitlines()[-3:]
        progress(f"scale: ingest exited {run.exit_code}: {' | '.join(tail)}")
        return ScaleResult(papers=len(corpus), pages=sum(pages_of.values()), run=run, marks=[], copies=[], writes=None)
    recorded = json.loads(report.read_text())
    done = recorded["files"]
    # Rates count from the first paper done: start-up (imports, migrations, building
    # the tagger) is not part of how the cost grows.
    first_seconds = done[0][1]
    first_pages = pages_of.get(done[0][0], 0)
    marks = []
    cumulative = 0
    wanted = [mark for mark in SCALE_MARKS if mark <= pages]
    for name, seconds, _ in done:
        cumulative += pages_of.get(name, 0)
        while wanted and cumulative >= wanted[0]:
            marks.append(
                ScaleMark(
                    pages=cumulative,
                    seconds=seconds,
                    pages_per_second=_per_second(cumulative - first_pages, seconds - first_seconds),
                )
            )
            wanted.pop(0)
    copies: list[float] = []
    by_copy: dict[str, list[tuple[int, float]]] = {}
    for name, seconds, _ in done:
        by_copy.setdefault(name.split("-", 1)[0], []).append((pages_of.get(name, 0), seconds))
    previous_end = first_seconds
    for number, (_, papers) in enumerate(sorted(by_copy.items())):
        copy_pages = sum(p for p, _ in papers) - (first_pages if number == 0 else 0)
        end = papers[-1][1]
        copies.append(_per_second(copy_pages, end - previous_end))
        previous_end = end
    return ScaleResult(
        papers=len(corpus),
        pages=sum(pages_of.values()),
        run=run,
        marks=marks,
        copies=copies,
        writes=store_growth("sqlite (scale run)", recorded["writes"]),
        failed=sum(1 for _, _, status in done if status == "failed"),
    )


def store_growth(backend: str, seconds: list[float]) -> StoreGrowth:
    """Per-paper write time at the start and at the end of a run of writes."""
    share = max(1, len(seconds) // 10)
    first = statistics.median(seconds[:share]) if seconds else 0.0
    last = statistics.median(seconds[-share:]) if seconds else 0.0
    return StoreGrowth(
        backend=backend,
        papers=len(seconds),
        first_tenth_ms=1000 * first,
        last_tenth_ms=1000 * last,
        growth=_ratio(last, first) or 0.0,
    )


# ---------------------------------------------------------------- 8. store growth


def measure_store_growth(documents: list[ExtractedDocument], papers: int, work_dir: Path) -> list[StoreGrowth]:
    """Write `papers` papers (the extracted documents again and again, each under
    its own hash) into a new store on each backend, the way ingest writes them,
    timing every write."""
    results = []
    if not documents:
        return results
    taxonomy_version = load_taxonomy().version
    for backend, engine, cleanup in store_engines(work_dir):
        progress(f"store growth: {papers} papers into a new {backend} store")
        try:
            store.upgrade(engine)
            run_id = store.start_run(engine, [str(work_dir)], EXTRACTOR_VERSION)
            seconds = []
            for number in range(papers):
                source = documents[number % len(documents)]
                sha = hashlib.sha256(f"{number}:{source.sha256}".encode()).hexdigest()
                document = replace(source, sha256=sha, path=f"{source.path}#{number}")
                with stopwatch() as elapsed:
                    store_extracted(engine, run_id, Path(document.path), sha, document, taxonomy_version)
                seconds.append(elapsed())
            results.append(store_growth(backend, seconds))
        finally:
            engine.dispose()
            cleanup()
    return results


def store_engines(work_dir: Path) -> Iterator[tuple[str, object, Callable[[], None]]]:
    """A fresh SQLite store, and a fresh schema in the PostgreSQL database named by
    SCRUTINY_BENCH_PG_URL (default: the local server) when it can be reached."""
    yield "sqlite", store.make_engine(sqlite_url(work_dir / "growth.db")), lambda: None
    url = os.environ.get("SCRUTINY_BENCH_PG_URL", DEFAULT_PG_URL)
    try:
        admin = store.make_engine(url)
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        progress(f"store growth: PostgreSQL not reachable at {url}: {type(exc).__name__}")
        return
    schema = f"scrutiny_bench_{os.getpid()}"
    with admin.begin() as connection:
        connection.execute(CreateSchema(schema))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))
        admin.dispose()

    yield "postgresql", store.make_engine(url, connect_args={"options": f"-csearch_path={schema}"}), drop


# ---------------------------------------------------------------- targets


def reference_corpus(corpora: list[CorpusResult]) -> CorpusResult | None:
    """Kent if it was measured, else the measured corpus with the most PDF pages."""
    for corpus in corpora:
        if Path(corpus.path).resolve() == KENT.resolve():
            return corpus
    with_pdfs = [c for c in corpora if c.pdf_pages]
    return max(with_pdfs, key=lambda c: c.pdf_pages) if with_pdfs else None


def status(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "fail")


def evaluate_checks(results: BenchResults, full_size_pdf: bool, full_scale: bool) -> list[Check]:
    corpus = reference_corpus(results.corpora)
    checks = []
    if corpus is None or corpus.pipeline_vs_naive is None:
        checks.append(
            Check("pipeline 1 worker vs naive pdfplumber", f">= {TARGET_PIPELINE_VS_NAIVE:g}x", "not measured", "n/a")
        )
        checks.append(Check("ingest workers=2 vs workers=1", f">= {TARGET_WORKER_SCALING:g}x", "not measured", "n/a"))
    else:
        ratio = corpus.pipeline_vs_naive
        checks.append(
            Check(
                f"pipeline 1 worker vs naive pdfplumber ({corpus.name})",
                f">= {TARGET_PIPELINE_VS_NAIVE:g}x",
                f"{ratio:.2f}x",
                status(ratio >= TARGET_PIPELINE_VS_NAIVE),
            )
        )
        checks.append(
            Check(
                f"ingest workers=2 vs workers=1 ({corpus.name})",
                f">= {TARGET_WORKER_SCALING:g}x",
                f"{corpus.worker_scaling:.2f}x",
                status(corpus.worker_scaling >= TARGET_WORKER_SCALING),
            )
        )
    memory = results.memory
    if memory is None:
        checks.append(
            Check(f"peak RSS, {LARGE_PDF_PAGES:,}-page PDF", f"<= {TARGET_PEAK_RSS_BYTES // MB} MB", "skipped", "n/a")
        )
    else:
        within = memory.ingest.exit_code == 0 and memory.ingest.peak_rss_bytes <= TARGET_PEAK_RSS_BYTES
        measured = f"{memory.ingest.peak_rss_bytes / MB:.0f} MB"
        if memory.ingest.exit_code != 0:
            measured += f" (exit {memory.ingest.exit_code})"
        checks.append(
            Check(
                f"peak RSS, {memory.pages:,}-page PDF",
                f"<= {TARGET_PEAK_RSS_BYTES // MB} MB at {LARGE_PDF_PAGES:,} pages",
                measured,
                status(within if full_size_pdf else None),
            )
        )
    checks.extend(scale_checks(results.scale, full_scale))
    for growth in results.store_growth:
        checks.append(store_growth_check(growth, f"store write per paper, last/first tenth ({growth.backend})"))
    if corpus is not None and corpus.pipeline_vs_pdfium is not None:
        checks.append(
            Check(
                f"pipeline vs pypdfium2 text, the floor ({corpus.name})",
                "reported",
                f"{corpus.pipeline_vs_pdfium:.3f}x",
                "info",
            )
        )
    if results.word is not None:
        checks.append(
            Check(
                f"Word pipeline vs naive python-docx ({results.word.files} papers)",
                "reported",
                f"{results.word.pipeline_vs_naive:.2f}x",
                "info",
            )
        )
    tagging = results.tagging
    checks.append(
        Check(
            "theme tagging, one core",
            f">= {TARGET_TAGGING_WORDS_PER_SECOND:,} words/s",
            f"{tagging.words_per_second:,.0f} words/s" if tagging else "not measured",
            status(tagging.words_per_second >= TARGET_TAGGING_WORDS_PER_SECOND if tagging else None),
        )
    )
    return checks


def scale_checks(scale: ScaleResult | None, full_scale: bool) -> list[Check]:
    marks = " / ".join(f"{m:,}" for m in SCALE_MARKS)
    if scale is None:
        return [
            Check(f"scale: pages/s at {marks} pages", f"within {TARGET_SCALE_SPREAD:.0%}", "skipped", "n/a"),
            Check(
                "scale: peak RSS of the whole ingest", f"<= {TARGET_SCALE_PEAK_RSS_BYTES // MB} MB", "skipped", "n/a"
            ),
        ]
    rates = [m.pages_per_second for m in scale.marks]
    spread = (max(rates) / min(rates) - 1) if rates and min(rates) > 0 else None
    measured = " / ".join(f"{r:.1f}" for r in rates) + (f" ({spread:.1%})" if spread is not None else "")
    complete = full_scale and len(rates) == len(SCALE_MARKS) and scale.run.exit_code == 0
    checks = [
        Check(
            f"scale: pages/s at {marks} pages",
            f"within {TARGET_SCALE_SPREAD:.0%}",
            measured or "not reached",
            status((spread is not None and spread <= TARGET_SCALE_SPREAD) if complete else None),
        ),
        Check(
            f"scale: peak RSS of the whole ingest ({scale.pages:,} pages)",
            f"<= {TARGET_SCALE_PEAK_RSS_BYTES // MB} MB",
            f"{scale.run.peak_rss_bytes / MB:.0f} MB",
            status(scale.run.peak_rss_bytes <= TARGET_SCALE_PEAK_RSS_BYTES if complete else None),
        ),
    ]
    if scale.writes is not None:
        checks.append(store_growth_check(scale.writes, "scale: store write per paper, last/first tenth"))
    return checks


def store_growth_check(growth: StoreGrowth, name: str) -> Check:
    return Check(
        name,
        f"<= {TARGET_STORE_GROWTH:g}x",
        f"{growth.first_tenth_ms:.1f} -> {growth.last_tenth_ms:.1f} ms ({growth.growth:.2f}x)",
        status(growth.growth <= TARGET_STORE_GROWTH if growth.papers >= 10 else None),
    )


# ---------------------------------------------------------------- report


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join([f"{first:<{widths[0]}}", *(f"{c:>{w}}" for c, w in zip(rest, widths[1:]))])

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def rate_row(label: str, rate: Rate | None) -> list[str]:
    if rate is None:
        return [label, "-", "-", "-", "-"]
    return [
        label,
        f"{rate.seconds:.2f}",
        f"{rate.pages_per_second:.2f}",
        f"{rate.files_per_second:.2f}",
        str(rate.failed),
    ]


def times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def corpus_report(corpus: CorpusResult) -> str:
    rates = format_table(
        ["", "seconds", "pages/s", "files/s", "failed"],
        [
            rate_row("ingest, workers=1", corpus.ingest_workers_1),
            rate_row("ingest, workers=2", corpus.ingest_workers_2),
            rate_row("naive pdfplumber (PDFs)", corpus.naive_pdfplumber),
            rate_row("pypdfium2 text (PDFs)", corpus.pdfium_text),
        ],
    )
    stage_seconds = corpus.stages.seconds
    stage_rows = [
        [
            name,
            f"{seconds:.2f}",
            f"{100 * seconds / corpus.stages.total_seconds:.1f}%" if corpus.stages.total_seconds else "-",
        ]
        for name, seconds in stage_seconds.items()
    ]
    stage_rows.append(["sum of stages", f"{corpus.stages.total_seconds:.2f}", "100.0%"])
    stage_rows.append(["ingest workers=1 minus sum of stages", f"{corpus.unattributed_seconds:.2f}", ""])
    stages = format_table(["stage (1 process, same files)", "seconds", "share"], stage_rows)
    pdf_rate = corpus.pipeline_pdf_pages_per_second
    ratios = [
        f"workers=2 / workers=1: {times(corpus.worker_scaling)}",
        f"pipeline on the PDFs: {'-' if pdf_rate is None else f'{pdf_rate:.2f} pages/s'} ({corpus.pipeline_pdf_basis})",
        f"pipeline / naive pdfplumber: {times(corpus.pipeline_vs_naive)}",
        f"pipeline / pypdfium2 text: {times(corpus.pipeline_vs_pdfium)}",
    ]
    if corpus.stages.failed:
        ratios.append(f"files failing a stage: {corpus.stages.failed}")
    title = (
        f"corpus {corpus.name}: {corpus.files} files ({corpus.pdf_files} PDF), "
        f"{corpus.pages:,} pages ({corpus.pdf_pages:,} in PDFs)"
    )
    return "\n".join([title, "", rates, "", stages, "", *ratios])


def tagging_report(tagging: TaggingResult) -> str:
    runs = ", ".join(f"{s:.2f}" for s in tagging.runs_seconds)
    core = f"pinned to CPU {tagging.cpu}" if tagging.cpu is not None else "not pinned"
    return (
        f"theme tagging ({core}): {tagging.words:,} words in {tagging.texts:,} texts, "
        f"median {tagging.seconds:.2f} s of runs [{runs}] -> {tagging.words_per_second:,.0f} words/s"
    )


def memory_report(memory: MemoryResult) -> str:
    return "\n".join(
        [
            f"peak memory: scrutiny ingest on a {memory.pages:,}-page PDF ({memory.file_bytes / MB:.1f} MB, "
            f"pages of {memory.source_files} files), child process",
            f"  peak RSS {memory.ingest.peak_rss_bytes / MB:.0f} MB, {memory.ingest.seconds:.1f} s "
            f"including start-up -> {memory.pages_per_second:.2f} pages/s, exit {memory.ingest.exit_code}",
            f"  baseline (one-page PDF): peak RSS {memory.baseline.peak_rss_bytes / MB:.0f} MB, "
            f"{memory.baseline.seconds:.1f} s",
        ]
    )


def word_report(word: WordResult) -> str:
    return "\n".join(
        [
            f"Word papers: {word.files} files ({word.long_files} generated long ones), {word.megabytes:.1f} MB",
            format_table(
                ["", "seconds", "files/s"],
                [
                    [
                        "pipeline (read, interpret, metadata, themes)",
                        f"{word.pipeline_seconds:.2f}",
                        f"{_per_second(word.files, word.pipeline_seconds):.2f}",
                    ],
                    [
                        "read stage alone",
                        f"{word.read_seconds:.2f}",
                        f"{_per_second(word.files, word.read_seconds):.2f}",
                    ],
                    [
                        "naive python-docx (paragraphs + table cells)",
                        f"{word.naive_seconds:.2f}",
                        f"{_per_second(word.files, word.naive_seconds):.2f}",
                    ],
                ],
            ),
            f"pipeline / naive python-docx: {word.pipeline_vs_naive:.2f}x; read / naive: {word.read_vs_naive:.2f}x"
            + (f"; failed: {word.failed}" if word.failed else ""),
        ]
    )


def scale_report(scale: ScaleResult) -> str:
    lines = [
        f"scale: ingest of {scale.papers:,} papers, {scale.pages:,} pages (copies of the Kent corpus, each copy's "
        f"bytes changed), 1 worker, child process: {scale.run.seconds:.1f} s, peak RSS "
        f"{scale.run.peak_rss_bytes / MB:.0f} MB, exit {scale.run.exit_code}, failed {scale.failed}",
        *(
            f"  at {mark.pages:,} pages: {mark.seconds:.1f} s, {mark.pages_per_second:.1f} pages/s from the first paper"
            for mark in scale.marks
        ),
        "  pages/s over each copy: " + ", ".join(f"{rate:.1f}" for rate in scale.copies),
    ]
    return "\n".join(lines)


def growth_report(growths: list[StoreGrowth]) -> str:
    return format_table(
        ["store write per paper (ingest's write path)", "papers", "first tenth ms", "last tenth ms", "growth"],
        [
            [g.backend, str(g.papers), f"{g.first_tenth_ms:.2f}", f"{g.last_tenth_ms:.2f}", f"{g.growth:.2f}x"]
            for g in growths
        ],
    )


def print_report(results: BenchResults) -> None:
    env = results.environment
    print(
        f"scrutiny benchmark, {results.started_at}: {env['cpus']} CPUs, Python {env['python']}, "
        f"pdfplumber {env['packages'].get('pdfplumber')}, pypdfium2 {env['packages'].get('pypdfium2')}, "
        f"spaCy {env['packages'].get('spacy')}; load average {env['load_average_at_start']} at start, "
        f"{env.get('load_average_at_end')} at end"
    )
    for corpus in results.corpora:
        print()
        print(corpus_report(corpus))
    if results.tagging:
        print()
        print(tagging_report(results.tagging))
    if results.memory:
        print()
        print(memory_report(results.memory))
    if results.word:
        print()
        print(word_report(results.word))
    if results.scale:
        print()
        print(scale_report(results.scale))
    growths = [*([results.scale.writes] if results.scale and results.scale.writes else []), *results.store_growth]
    if growths:
        print()
        print(growth_report(growths))
    print()
    print(
        format_table(
            ["target", "goal", "measured", "result"],
            [[c.name, c.target, c.measured, c.status.upper()] for c in results.checks],
        )
    )
    for note in results.notes:
        print(f"note: {note}")


def write_results(results: BenchResults, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(results), indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main


def environment() -> dict:
    packages = {}
    for name in ("pdfplumber", "pdfminer.six", "pypdfium2", "spacy", "SQLAlchemy", "scrutiny"):
        try:
            packages[name] = package_metadata.version(name)
        except package_metadata.PackageNotFoundError:
            packages[name] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average_at_start": load_average(),
        "extractor_version": EXTRACTOR_VERSION,
        "git_commit": git_commit(),
        "library_fingerprint_at_start": library_fingerprint(),
        "packages": packages,
    }


def library_fingerprint() -> str:
    """A hash of the library's source: tells whether the code changed during a run."""
    digest = hashlib.sha256()
    for package in LIBRARY_PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml"):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_average() -> list[float] | None:
    """1, 5 and 15-minute load averages: other work on the machine skews every figure."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def git_commit() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        changes = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return head.stdout.strip() + (" (with uncommitted changes)" if changes.stdout.strip() else "")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Throughput and memory figures for the ingest pipeline.")
    parser.add_argument(
        "--corpus", action="append", type=Path, metavar="PATH", help="folder of papers to measure (repeatable)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"sample_docs only; {QUICK_LARGE_PDF_PAGES} pages for memory, {QUICK_SCALE_PAGES:,} for scale",
    )
    parser.add_argument("--skip-rss", action="store_true", help="skip the peak-memory measurement")
    parser.add_argument(
        "--skip-scale", action="store_true", help=f"skip the {SCALE_PAGES:,}-page scale run and the store growth run"
    )
    parser.add_argument("--skip-word", action="store_true", help="skip the Word papers")
    parser.add_argument(
        "--output",
        type=Path,
        default=RESULTS_PATH,
        help=f"JSON results file (default {RESULTS_PATH.relative_to(ROOT)})",
    )
    return parser.parse_args(argv)


def chosen_corpora(args: argparse.Namespace, notes: list[str]) -> list[Path]:
    if args.corpus:
        return args.corpus
    if args.quick:
        return [SAMPLE_DOCS]
    if not KENT.is_dir():
        notes.append(f"{KENT} is absent: the Kent corpus was skipped, targets use the largest corpus measured")
        return [SAMPLE_DOCS]
    return [KENT, SAMPLE_DOCS]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = BenchResults(
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        environment=environment(),
        options={
            "corpus": [str(p) for p in args.corpus or []],
            "quick": args.quick,
            "skip_rss": args.skip_rss,
            "skip_scale": args.skip_scale,
            "skip_word": args.skip_word,
        },
    )
    folders = chosen_corpora(args, results.notes)
    tagger = ThemeTagger(load_taxonomy())
    with tempfile.TemporaryDirectory(prefix="scrutiny-bench-") as scratch:
        scratch_dir = Path(scratch)
        # The scale run and the store growth run use the reference corpus (Kent when
        # present): its papers and the documents extracted from them.
        scale_sources: list[CorpusFile] = []
        documents: list[ExtractedDocument] = []
        for index, folder in enumerate(folders):
            if not folder.is_dir():
                results.notes.append(f"{folder} is absent: skipped")
                continue
            work_dir = scratch_dir / f"corpus-{index}"
            work_dir.mkdir()
            extracted: list[ExtractedDocument] = []
            corpus, files = measure_corpus(folder, work_dir, tagger, extracted)
            results.corpora.append(corpus)
            if sum(f.pages for f in files if f.is_pdf) > sum(f.pages for f in scale_sources):
                scale_sources, documents = files, extracted
        if args.skip_word:
            results.notes.append("Word papers skipped (--skip-word)")
        else:
            results.word = measure_word(scratch_dir, tagger)
        progress("theme tagging")
        results.tagging = measure_tagging(tagger)
        large_pages = QUICK_LARGE_PDF_PAGES if args.quick else LARGE_PDF_PAGES
        if args.skip_rss:
            results.notes.append("peak memory skipped (--skip-rss)")
        else:
            sources = concatenation_sources(folders)
            if sources:
                results.memory = measure_memory(sources, large_pages, scratch_dir)
            else:
                results.notes.append("peak memory skipped: no PDF to concatenate")
        scale_pages = QUICK_SCALE_PAGES if args.quick else SCALE_PAGES
        if args.skip_scale:
            results.notes.append("scale and store growth runs skipped (--skip-scale)")
        else:
            results.scale = measure_scale(scale_sources, scale_pages, scratch_dir)
            papers = QUICK_STORE_GROWTH_PAPERS if args.quick else STORE_GROWTH_PAPERS
            results.store_growth = measure_store_growth(documents, papers, scratch_dir)
    if results.memory and results.memory.pages < LARGE_PDF_PAGES:
        results.notes.append(
            f"the memory target is set for {LARGE_PDF_PAGES:,} pages; "
            f"a {results.memory.pages}-page run is only indicative"
        )
    results.environment["load_average_at_end"] = load_average()
    results.environment["library_fingerprint_at_end"] = library_fingerprint()
    if results.environment["library_fingerprint_at_end"] != results.environment["library_fingerprint_at_start"]:
        results.notes.append(
            "the library source changed during the run: in-process figures use the code as imported at the "
            "start, the memory child the code at its own start"
        )
    if results.scale and results.scale.pages < SCALE_PAGES:
        results.notes.append(
            f"the scale targets are set for {SCALE_PAGES:,} pages; {results.scale.pages:,} pages are only indicative"
        )
    results.checks = evaluate_checks(
        results,
        full_size_pdf=bool(results.memory and results.memory.pages >= LARGE_PDF_PAGES),
        full_scale=bool(results.scale and results.scale.pages >= SCALE_PAGES),
    )
    print_report(results)
    write_results(results, args.output)
    print(f"\nresults written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
