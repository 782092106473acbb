"""Limits on what a file may inflate to, checked before a reader opens it.

PDF readers inflate compressed streams and Word readers inflate zip parts in memory.
A council paper's largest is a few megabytes; past these limits the file is a
decompression bomb or badly damaged, and reading it could exhaust the machine's
memory. Measuring costs one extra pass of inflation (about 3% of reading time on
real papers), done in bounded chunks so nothing large is held.
"""

from __future__ import annotations

import mmap
import os
import re
import zipfile
import zlib
from pathlib import Path

from scrutiny.extractors.errors import UnreadableDocument

MAX_INFLATED_PART_BYTES = 100 * 1024 * 1024
MAX_INFLATED_TOTAL_BYTES = 400 * 1024 * 1024
_INFLATE_CHUNK = 1 << 20


def check_pdf_streams(path: Path) -> None:
    """Refuse a PDF whose compressed streams would inflate past the limits.

    Pictures and attached files are left out: the PDF reader never inflates them,
    and a scan can legitimately be large. Streams under other filters than Flate
    alone are not measured.
    """
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    with data:
        total = 0
        for match in _STREAM_KEYWORD.finditer(data):
            head = data[max(0, match.start() - 4096) : match.start()]
            if _NOT_INFLATED_BY_READER.search(head[max(head.rfind(b"obj"), 0) :]):
                continue
            size = _inflated_size(data, match.end(), MAX_INFLATED_PART_BYTES)
            total += size
            if size > MAX_INFLATED_PART_BYTES:
                raise UnreadableDocument(_bomb_message("PDF", "one compressed stream", MAX_INFLATED_PART_BYTES))
            if total > MAX_INFLATED_TOTAL_BYTES:
                raise UnreadableDocument(_bomb_message("PDF", "its compressed streams", MAX_INFLATED_TOTAL_BYTES))


# "stream" not preceded by "end", the look back written after the word so that the
# search can skip ahead to each "stream" (a look back first is tried at every byte).
_STREAM_KEYWORD = re.compile(rb"stream(?<!endstream)(?:\r\n|\n|\r)")
_NOT_INFLATED_BY_READER = re.compile(rb"/Subtype\s*/Image\b|/Type\s*/EmbeddedFile\b")


def _inflated_size(data, start: int, limit: int) -> int:
    """Bytes the zlib stream at `start` inflates to, counted without holding them and
    given up past `limit`; 0 if no zlib stream starts there."""
    inflater = zlib.decompressobj()
    size, position = 0, start
    try:
        while not inflater.eof and position < len(data) and size <= limit:
            pending = data[position : position + _INFLATE_CHUNK]
            position += _INFLATE_CHUNK
            while pending and size <= limit:
                size += len(inflater.decompress(pending, _INFLATE_CHUNK))
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not Flate data, or damaged: the reader deals with that
    return size


def check_zip_parts(path: Path) -> None:
    """Refuse a Word package whose parts would inflate past the limits.

    Every part is inflated and counted in bounded chunks: the sizes a zip declares
    can lie, and Python's zipfile inflates a whole part before checking them.
    """
    try:
        archive = zipfile.ZipFile(path)
    except Exception:
        return  # not a zip at all: the Word reader says so
    with archive:
        total = 0
        for info in archive.infolist():
            if info.file_size > MAX_INFLATED_PART_BYTES:
                raise UnreadableDocument(_bomb_message("Word document", info.filename, MAX_INFLATED_PART_BYTES))
            size = 0
            try:
                with archive.open(info) as part:
                    while chunk := part.read(_INFLATE_CHUNK):
                        size += len(chunk)
                        if size > MAX_INFLATED_PART_BYTES:
                            raise UnreadableDocument(
                                _bomb_message("Word document", info.filename, MAX_INFLATED_PART_BYTES)
                            )
            except UnreadableDocument:
                raise
            except Exception as exc:  # bad CRC, unknown compression, encrypted part
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise UnreadableDocument(f"Word document is damaged ({info.filename}: {detail})") from exc
            total += size
            if total > MAX_INFLATED_TOTAL_BYTES:
                raise UnreadableDocument(_bomb_message("Word document", "its parts together", MAX_INFLATED_TOTAL_BYTES))


def _bomb_message(kind: str, what: str, limit: int) -> str:
    return f"{kind} inflates past {limit // (1024 * 1024)} MB in {what}: a decompression bomb or a badly damaged file"
