"""Legacy Word (.doc) and Rich Text (.rtf) papers: converted to .docx with
LibreOffice and read by the Word reader, or refused with a message saying how to
install LibreOffice when it is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pytest
from documents import add_docx_table

from scrutiny.extractors.convert import convert_to_docx, read_legacy_word
from scrutiny.extractors.errors import UnreadableDocument, UnsupportedFormat
from scrutiny.extractors.read import SUPPORTED_SUFFIXES, read_document
from scrutiny.pipeline.extract import extract_document
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy

needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

ROWS = [
    ["Recommendation", "Progress"],
    ["Every school should name a lead for young carers.", "Completed. All twelve secondary schools have a lead."],
    ["Young carers should be offered a short break each year.", "Thirty had a break in the summer.\nMore are planned."],
    ["A CAF should be completed for every young carer.", "Guidance is being rewritten."],
]


def write_paper(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Westmoor Borough Council")
    document.add_paragraph("Children and Young People Scrutiny Panel")
    document.add_paragraph("14 March 2012")
    document.add_heading("Young Carers Review: Progress on Recommendations", level=1)
    add_docx_table(document, ROWS)
    # Word always ends a document with a paragraph; LibreOffice drops a table that
    # ends one when it writes .doc.
    document.add_paragraph("Contact: Jane Smith, Scrutiny Officer")
    document.core_properties.author = "Jane Smith"
    document.save(str(path))
    return path


def described(doc) -> list[tuple]:
    return [(i.recommendation, i.progress, i.status) for i in doc.items]


def hide_libreoffice(monkeypatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def install_fake_libreoffice(monkeypatch, tmp_path: Path, body: str) -> Path:
    """A `soffice` on PATH that runs `body` (Python, with `args` the command line)
    and records its command line in soffice-args.txt beside it."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        "args = sys.argv[1:]\n"
        f"pathlib.Path({str(bin_dir / 'soffice-args.txt')!r}).write_text('\\n'.join(args))\n" + body
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir / "soffice-args.txt"


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger(load_taxonomy())


# ------------------------------------------------------------------ with LibreOffice


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> dict[str, Path]:
    """The same paper as .docx, and as .doc and .rtf saved from it by LibreOffice."""
    folder = tmp_path_factory.mktemp("legacy")
    original = write_paper(folder / "young-carers.docx")
    papers = {"docx": original}
    for fmt in ("doc", "rtf"):
        outdir = folder / fmt
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    shutil.which("soffice"),
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--convert-to",
                    fmt,
                    "--outdir",
                    str(outdir),
                    str(original),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        papers[fmt] = outdir / f"young-carers.{fmt}"
    return papers


@needs_libreoffice
@pytest.mark.parametrize("fmt", ["doc", "rtf"])
def test_legacy_paper_gives_the_items_and_metadata_of_its_docx_form(papers, tagger, fmt):
    word = extract_document(papers["docx"], tagger)
    legacy = extract_document(papers[fmt], tagger)

    assert described(legacy) == described(word)
    assert len(legacy.items) == 3
    assert legacy.metadata == word.metadata


@needs_libreoffice
@pytest.mark.parametrize("fmt", ["doc", "rtf"])
def test_legacy_paper_keeps_its_own_path_and_format(papers, fmt):
    content = read_document(papers[fmt])

    assert (content.path, content.format) == (str(papers[fmt]), fmt)


@needs_libreoffice
def test_conversion_leaves_nothing_beside_the_original(papers):
    folder = papers["doc"].parent
    before = sorted(folder.iterdir())

    read_legacy_word(papers["doc"])

    assert sorted(folder.iterdir()) == before


# ------------------------------------------------------------------ without LibreOffice


@pytest.mark.parametrize("suffix", [".doc", ".rtf"])
def test_legacy_paper_without_libreoffice_is_refused_saying_how_to_install_it(monkeypatch, tmp_path, suffix):
    path = tmp_path / f"paper{suffix}"
    path.write_bytes(b"{\\rtf1 Recommendation}" if suffix == ".rtf" else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    hide_libreoffice(monkeypatch, tmp_path)

    with pytest.raises(UnsupportedFormat) as raised:
        read_document(path)

    assert str(raised.value) == (
        f"legacy {suffix} needs LibreOffice: install the Debian package libreoffice-writer-nogui"
    )


def test_legacy_suffixes_are_supported():
    assert {".doc", ".rtf"} <= set(SUPPORTED_SUFFIXES)


def test_empty_legacy_file_is_unreadable_before_any_conversion(monkeypatch, tmp_path):
    path = tmp_path / "empty.doc"
    path.write_bytes(b"")
    hide_libreoffice(monkeypatch, tmp_path)

    with pytest.raises(UnreadableDocument, match="empty"):
        read_document(path)


# ------------------------------------------------------------------ how LibreOffice is run


COPY_PREPARED_DOCX = """
outdir = pathlib.Path(args[args.index("--outdir") + 1])
source = pathlib.Path(args[-1])
(outdir / (source.stem + ".docx")).write_bytes(pathlib.Path({prepared!r}).read_bytes())
"""


def test_conversion_uses_a_private_profile_that_is_removed_afterwards(monkeypatch, tmp_path):
    prepared = write_paper(tmp_path / "prepared.docx")
    args_file = install_fake_libreoffice(monkeypatch, tmp_path, COPY_PREPARED_DOCX.format(prepared=str(prepared)))
    original = tmp_path / "originals" / "Young Carers (final).doc"
    original.parent.mkdir()
    original.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

    content = read_legacy_word(original)

    args = args_file.read_text().split("\n")
    prefix = "-env:UserInstallation=file://"
    (profile,) = [a.removeprefix(prefix) for a in args if a.startswith(prefix)]
    assert not Path(profile).exists()
    assert {"--headless", "--convert-to", "docx"} <= set(args)
    assert (content.path, content.format) == (str(original), "doc")
    assert sorted(p.name for p in original.parent.iterdir()) == ["Young Carers (final).doc"]


def test_conversion_that_writes_nothing_is_unreadable(monkeypatch, tmp_path):
    install_fake_libreoffice(monkeypatch, tmp_path, "sys.stderr.write('Error: source file could not be loaded\\n')\n")
    path = tmp_path / "paper.rtf"
    path.write_text("{\\rtf1 broken")

    message = r"could not convert the \.rtf file \(Error: source file could not be loaded\)"
    with pytest.raises(UnreadableDocument, match=message):
        read_legacy_word(path)


def test_conversion_that_hangs_is_stopped_at_the_timeout(monkeypatch, tmp_path):
    install_fake_libreoffice(monkeypatch, tmp_path, "import time\ntime.sleep(60)\n")
    path = tmp_path / "paper.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    outdir = tmp_path / "out"
    outdir.mkdir()

    with pytest.raises(UnreadableDocument, match="took longer than 1 s"):
        convert_to_docx(path, outdir, timeout=1)
