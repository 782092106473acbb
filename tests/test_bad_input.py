"""Files a council website, a shared drive or an attacker might hand the ingest:
each is stored or explained in one line, and the run goes on (the commonest bad
files are in test_ingest.py)."""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from documents import para, pdf_of_objects, ruled_table, write_pdf
from reportlab.lib.pdfencrypt import StandardEncryption
from samples import SAMPLE_PAPERS
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from scrutiny.extractors import pdf as pdf_reader
from scrutiny.extractors.budget import TimeBudget
from scrutiny.extractors.pdf import read_pdf
from scrutiny.models import store
from scrutiny.models.schema import Document, IngestError
from scrutiny.pipeline import extract as extract_module
from scrutiny.pipeline.cli import main
from scrutiny.pipeline.ingest.discover import discover
from scrutiny.pipeline.ingest.run import IngestSummary, ingest

DOCX_PAPER = next(p for p in SAMPLE_PAPERS if p.suffix == ".docx")
PDF_PAPER = next(p for p in SAMPLE_PAPERS if p.suffix == ".pdf")
PAIR = ("Every school should name a lead for young carers.", "All secondary schools have named a lead.")
# Peak memory of an ingest process (about 200 MB with spaCy loaded) must stay under
# this whatever the files; an unguarded decompression bomb takes it past 2 GB.
MEMORY_CEILING_KB = 1024 * 1024


def _paper_pdf(path: Path, **kwargs) -> Path:
    """A one-page paper with one recommendation and its progress."""
    return write_pdf(
        path, [para("Young carers: progress report."), ruled_table(("Recommendation", "Progress"), [PAIR])], **kwargs
    )


def _folder(tmp_path: Path, *files: Path) -> Path:
    """A folder of papers holding copies of `files`."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


def _the_failure(engine: Engine, summary: IngestSummary) -> str:
    """The one failure of a run, as the console and ingest_error give it."""
    [failed] = summary.failed
    with Session(engine) as session:
        [error] = session.scalars(select(IngestError)).all()
    assert error.message == failed.message
    assert error.path == str(failed.path)
    assert "\n" not in failed.message
    return failed.message


def _stored_documents(engine: Engine) -> list[Document]:
    with Session(engine) as session:
        return list(session.scalars(select(Document)))


# Cross-reference table damage as re-saving tools and text editors leave it.
def _shift_xref_offsets(data: bytes) -> bytes:
    table = data.rindex(b"\nxref")
    shifted = re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m[1]) + 7, m[2]), data[table:])
    return data[:table] + shifted


def _point_startxref_nowhere(data: bytes) -> bytes:
    return re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)


@pytest.mark.parametrize("damage", [_shift_xref_offsets, _point_startxref_nowhere], ids=["offsets", "startxref"])
def test_a_pdf_with_a_broken_cross_reference_table_is_still_ingested(engine: Engine, tmp_path: Path, damage) -> None:
    paper = _paper_pdf(tmp_path / "paper.pdf")
    broken = _folder(tmp_path) / "broken xref.pdf"
    broken.write_bytes(damage(paper.read_bytes()))
    assert broken.read_bytes() != paper.read_bytes()

    summary = ingest([broken.parent], engine)

    assert summary.count("ingested") == 1 and summary.items == 1


def test_a_pdf_with_only_an_owner_password_is_ingested(engine: Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _paper_pdf(folder / "no copying.pdf", encrypt=StandardEncryption("", "owner", canCopy=0, canModify=0))

    summary = ingest([folder], engine)

    assert summary.count("ingested") == 1 and summary.items == 1


def test_a_pdf_whose_page_tree_is_empty_fails_as_having_no_pages(engine: Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "empty tree.pdf").write_bytes(
        pdf_of_objects(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>")
    )

    summary = ingest([folder], engine)

    assert _the_failure(engine, summary) == "PDF has no pages"


def test_a_file_that_may_not_be_read_fails_as_permission_denied(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    # Simulated: permissions do not bind root, whom tests may run as.
    folder = _folder(tmp_path, PDF_PAPER)
    locked = folder / PDF_PAPER.name

    def guarded_open(file, *args, **kwargs):
        if Path(file) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(extract_module, "open", guarded_open, raising=False)

    summary = ingest([folder], engine)

    assert _the_failure(engine, summary) == "permission denied reading the file"


def test_a_password_protected_word_document_says_so(engine: Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    # Word stores an encrypted .docx as an OLE compound file.
    (folder / "protected.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)

    summary = ingest([folder], engine)

    assert "password-protected" in _the_failure(engine, summary)


def test_a_paper_named_in_unicode_with_spaces_is_stored_under_its_name(engine: Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    paper = folder / "Réunion du comité – 2012 ✓.docx"
    shutil.copy(DOCX_PAPER, paper)

    summary = ingest([folder], engine)

    assert summary.count("ingested") == 1
    assert summary.outcomes[0].path == paper
    assert [d.path for d in _stored_documents(engine)] == [str(paper)]


def test_a_paper_named_in_another_encoding_is_stored_with_the_odd_bytes_escaped(engine: Engine, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    # "café" as Latin-1 bytes, copied from a Windows share onto a UTF-8 file system.
    with open(os.fsencode(folder) + b"/caf\xe9 minutes.docx", "wb") as handle:
        handle.write(DOCX_PAPER.read_bytes())

    summary = ingest([folder], engine)

    assert summary.count("ingested") == 1
    shown = str(summary.outcomes[0].path)
    assert shown.endswith("caf\\xe9 minutes.docx")
    shown.encode("utf-8")  # printable on any UTF-8 console
    assert [d.path for d in _stored_documents(engine)] == [shown]


def test_a_folder_linked_into_itself_is_walked_once(tmp_path: Path) -> None:
    folder = _folder(tmp_path, DOCX_PAPER)
    (folder / "sub").mkdir()
    shutil.copy(PDF_PAPER, folder / "sub" / PDF_PAPER.name)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "sub" / "back up").symlink_to(folder, target_is_directory=True)

    found = discover([folder])

    assert sorted(p.name for p in found.files) == sorted([DOCX_PAPER.name, PDF_PAPER.name])


def test_a_link_to_a_paper_in_the_same_run_is_listed_once(tmp_path: Path) -> None:
    folder = _folder(tmp_path, DOCX_PAPER)
    (folder / "alias.docx").symlink_to(folder / DOCX_PAPER.name)

    found = discover([folder])

    assert len(found.files) == 1


def test_a_broken_link_is_skipped_with_its_reason(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "gone.pdf").symlink_to(folder / "moved away.pdf")

    found = discover([folder])

    assert found.files == []
    assert [(p.name, reason) for p, reason in found.skipped] == [
        ("gone.pdf", "broken symbolic link (its target is missing or the link loops)")
    ]


def test_a_pipe_named_like_a_paper_is_skipped_not_waited_on(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "stream.pdf")

    found = discover([folder])

    assert found.files == []
    assert [reason for _, reason in found.skipped] == ["not a regular file (a pipe, socket or device)"]


def _zlib_of_repeats(chunk: bytes, times: int) -> bytes:
    """A zlib stream of `chunk` repeated `times` times, made without compressing it all:
    after a full flush the compressor starts afresh, so every further copy of the
    chunk compresses to the same bytes."""
    packer = zlib.compressobj(9)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(chunk, checksum)
    return first + again * (times - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")


def _pdf_bomb(path: Path) -> None:
    """One page whose content stream inflates from about 1 MB to 1 GB."""
    stream = _zlib_of_repeats(b" " * (1 << 20), 1024)
    path.write_bytes(
        pdf_of_objects(
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        )
    )


def _docx_bomb(path: Path) -> None:
    """A real paper whose document.xml gains a paragraph of 512 MB of text."""
    with (
        zipfile.ZipFile(DOCX_PAPER) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb,
    ):
        for info in source.infolist():
            body = source.read(info)
            if info.filename != "word/document.xml":
                bomb.writestr(info.filename, body)
                continue
            head, tail = body.split(b"<w:body>", 1)
            with bomb.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body><w:p><w:r><w:t>")
                for _ in range(512):
                    part.write(b"a" * (1 << 20))
                part.write(b"</w:t></w:r></w:p>" + tail)


def _ingest_in_child(folder: Path, db: Path) -> tuple[int, int, str]:
    """Exit status, peak memory (KB) and output of `scrutiny ingest` run as a child
    of a fresh process, so no earlier child's memory counts."""
    scrutiny = Path(sys.executable).with_name("scrutiny")
    measure = (
        "import json, resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(json.dumps([done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " done.stdout + done.stderr]))\n"
    )
    command = [sys.executable, "-c", measure, str(scrutiny), "ingest", str(folder), "--db", f"sqlite:///{db}"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    status, peak_kb, output = json.loads(finished.stdout)
    return status, peak_kb, output


@pytest.mark.parametrize("make_bomb, name", [(_pdf_bomb, "bomb.pdf"), (_docx_bomb, "bomb.docx")], ids=["pdf", "docx"])
def test_a_decompression_bomb_fails_in_bounded_memory_and_the_run_goes_on(tmp_path: Path, make_bomb, name) -> None:
    folder = _folder(tmp_path, PDF_PAPER)
    make_bomb(folder / name)

    status, peak_kb, output = _ingest_in_child(folder, tmp_path / "store.db")

    assert peak_kb < MEMORY_CEILING_KB
    assert status == 1
    assert "documents: 1 ingested, 0 skipped, 1 failed" in output
    assert re.search(rf"failed \S*{name}: .*decompression bomb", output)


def _slow_on_page(number: int, monkeypatch) -> None:
    """Page `number` takes far longer than any budget the tests give it."""
    original = pdf_reader._read_page

    def read_page(page, *args, **kwargs):
        if page.number == number:
            time.sleep(30)
        return original(page, *args, **kwargs)

    monkeypatch.setattr(pdf_reader, "_read_page", read_page)


def test_a_page_over_its_time_budget_is_skipped_with_a_warning_and_the_rest_read(tmp_path: Path, monkeypatch) -> None:
    paper = write_pdf(
        tmp_path / "two pages.pdf", [para("First page text."), para("x " * 4000), para("Last page text.")]
    )
    _slow_on_page(1, monkeypatch)

    started = time.monotonic()
    content = read_pdf(paper, page_timeout=0.5)

    assert time.monotonic() - started < 10
    assert "page 1 took longer than 0.5 s and was skipped" in content.warnings
    assert content.pages == 2 and "Last page text." in " ".join(p.text for p in content.paragraphs())


def _busy_on_page(number: int, monkeypatch) -> None:
    """Page `number` runs Python for far longer than any budget the tests give it."""
    original = pdf_reader._read_page

    def read_page(page, *args, **kwargs):
        if page.number == number:
            started = time.monotonic()
            while time.monotonic() - started < 30:
                pass
        return original(page, *args, **kwargs)

    monkeypatch.setattr(pdf_reader, "_read_page", read_page)


def _on_another_thread(call):
    """call() on a new thread, as a Dask worker runs a task; its result, or its error."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(call()))
    thread.start()
    thread.join(timeout=60)
    assert outcome, "the call did not finish"
    return outcome[0]


def test_a_page_over_its_time_budget_is_skipped_off_the_main_thread_too(tmp_path: Path, monkeypatch) -> None:
    paper = write_pdf(
        tmp_path / "two pages.pdf", [para("First page text."), para("x " * 4000), para("Last page text.")]
    )
    _busy_on_page(1, monkeypatch)

    started = time.monotonic()
    content = _on_another_thread(lambda: read_pdf(paper, page_timeout=0.5))

    assert time.monotonic() - started < 10
    assert "page 1 took longer than 0.5 s and was skipped" in content.warnings
    assert "Last page text." in " ".join(p.text for p in content.paragraphs())


def test_a_time_budget_kept_off_the_main_thread_does_not_go_off_afterwards() -> None:
    def within_budget_then_past_it() -> str:
        with TimeBudget(0.2):
            sum(range(1000))
        started = time.monotonic()
        while time.monotonic() - started < 0.6:
            pass
        return "finished"

    assert _on_another_thread(within_budget_then_past_it) == "finished"


def test_ingest_page_timeout_option_skips_a_slow_page_and_keeps_the_document(tmp_path: Path, monkeypatch) -> None:
    folder = _folder(tmp_path)
    _paper_pdf(folder / "slow.pdf")
    _slow_on_page(1, monkeypatch)
    db = f"sqlite:///{tmp_path / 'store.db'}"

    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "--page-timeout", "0.5"])

    assert result.exit_code == 0, result.output
    engine = store.make_engine(db)
    try:
        [document] = _stored_documents(engine)
    finally:
        engine.dispose()
    assert "page 1 took longer than 0.5 s and was skipped" in document.warnings
