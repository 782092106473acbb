"""Reader dispatch: a file's suffix picks the reader that turns it into DocumentContent."""

from __future__ import annotations

from pathlib import Path

from scrutiny.extractors.content import DocumentContent
from scrutiny.extractors.errors import UnsupportedFormat

# .doc and .rtf are read through LibreOffice when it is installed (extractors.convert).
SUPPORTED_SUFFIXES = (".pdf", ".docx", ".doc", ".rtf")

# A page that takes longer than this is pathological (thousands of overlapping
# objects, a runaway content stream); the rest of the paper is worth having.
DEFAULT_PAGE_TIMEOUT = 30.0


def read_document(path: str | Path, page_timeout: float | None = DEFAULT_PAGE_TIMEOUT) -> DocumentContent:
    """The file's content; `page_timeout` seconds is the most a PDF page may take
    before it is skipped with a warning (None: no limit)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        from scrutiny.extractors.pdf import read_pdf

        return read_pdf(path, page_timeout=page_timeout)
    if suffix == ".docx":
        from scrutiny.extractors.docx import read_docx

        return read_docx(path)
    if suffix in (".doc", ".rtf"):
        from scrutiny.extractors.convert import read_legacy_word

        return read_legacy_word(path)
    expected = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " or " + SUPPORTED_SUFFIXES[-1]
    raise UnsupportedFormat(f"unsupported file type {suffix or '(none)'}: expected {expected}")
