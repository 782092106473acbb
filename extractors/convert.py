"""Legacy Word (.doc) and Rich Text (.rtf) papers: LibreOffice converts them to
.docx and the Word reader reads that, so they get exactly the Word rules.

LibreOffice is an optional system program, not a Python package; without it these
files are refused with a message saying how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from scrutiny.extractors.content import DocumentContent
from scrutiny.extractors.docx import read_docx
from scrutiny.extractors.errors import UnreadableDocument, UnsupportedFormat

# Suffix -> the format name DocumentContent records.
LEGACY_FORMATS = {".doc": "doc", ".rtf": "rtf"}
# LibreOffice's first start in a fresh profile takes a few seconds; a paper that
# takes minutes is hung on a dialog or a damaged file.
CONVERSION_TIMEOUT_SECONDS = 180
INSTALL_HINT = "install the Debian package libreoffice-writer-nogui"


def find_libreoffice() -> str | None:
    """The LibreOffice command on PATH, if there is one."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_word(path: str | Path) -> DocumentContent:
    """Read a .doc or .rtf as the Word reader reads a .docx; the content keeps the
    original path and says which format the file was."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in LEGACY_FORMATS:
        raise UnsupportedFormat(f"unsupported file type {suffix or '(none)'}: expected .doc or .rtf")
    if path.stat().st_size == 0:
        raise UnreadableDocument("the file is empty (0 bytes)")
    with tempfile.TemporaryDirectory(prefix="scrutiny-convert-") as workdir:
        content = read_docx(convert_to_docx(path, Path(workdir)))
    content.path = str(path)
    content.format = LEGACY_FORMATS[suffix]
    return content


def convert_to_docx(path: str | Path, outdir: Path, timeout: float = CONVERSION_TIMEOUT_SECONDS) -> Path:
    """Convert a document LibreOffice can open to .docx in `outdir`; returns the new
    file's path."""
    return convert_with_libreoffice(path, outdir, "docx", timeout)


def convert_to_pdf(path: str | Path, outdir: Path, timeout: float = CONVERSION_TIMEOUT_SECONDS) -> Path:
    """Print a Word paper to PDF in `outdir` as LibreOffice lays it out; returns the
    new file's path."""
    return convert_with_libreoffice(path, outdir, "pdf", timeout)


def convert_with_libreoffice(path: str | Path, outdir: Path, target: str, timeout: float) -> Path:
    """Convert a document LibreOffice can open to the `target` format (a suffix such
    as "docx" or "pdf") in `outdir`; returns the new file's path."""
    path = Path(path)
    suffix = path.suffix.lower()
    soffice = find_libreoffice()
    if soffice is None:
        need = f"legacy {suffix}" if target == "docx" else f"drawing a {suffix} paper's pages"
        raise UnsupportedFormat(f"{need} needs LibreOffice: {INSTALL_HINT}")
    # LibreOffice leaves a lock file beside what it opens and names its output after
    # the input; a copy under a plain name keeps the user's folder untouched and the
    # output name known whatever the original is called.
    source = outdir / f"source{suffix}"
    shutil.copyfile(path, source)
    with tempfile.TemporaryDirectory(prefix="scrutiny-libreoffice-profile-") as profile:
        command = [
            soffice,
            # A private profile: LibreOffice runs one instance per profile, so
            # conversions sharing the user's would queue behind each other or fail.
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        stderr = _run(command, timeout, suffix)
    converted = outdir / f"source.{target}"
    if not converted.is_file() or converted.stat().st_size == 0:
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no output written"
        raise UnreadableDocument(f"LibreOffice could not convert the {suffix} file ({detail})")
    return converted


def _run(command: list[str], timeout: float, suffix: str) -> str:
    # Its own process group, so a hung conversion can be stopped together with the
    # soffice.bin the launcher script starts.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate()
        raise UnreadableDocument(
            f"LibreOffice took longer than {timeout:g} s to convert the {suffix} file (damaged or password-protected?)"
        ) from None
    return stderr or ""
