"""Find the papers to process under the paths a user names."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scrutiny.extractors.read import SUPPORTED_SUFFIXES


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    # (path, reason) for everything named or found that will not be processed.
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    # Paths named that do not exist (a typo, a folder not mounted).
    missing: list[Path] = field(default_factory=list)


def discover(paths: list[str | Path]) -> Discovery:
    """Files named directly, and papers (.pdf, .docx, .doc, .rtf) found recursively
    in folders.

    Symbolic links to folders are not followed, so a link loop cannot trap the walk;
    each file is listed once even if named twice or linked to. Broken links, pipes
    and devices with a paper's name, and folders that cannot be listed, are reported
    as skipped rather than failing later (or, for a pipe, blocking the run); paths
    named that do not exist are listed as missing.
    """
    found = Discovery()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve() if path.exists() else path.absolute()
        if key in seen:
            return
        seen.add(key)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            found.skipped.append((path, f"unsupported file type {path.suffix or '(none)'}"))
        elif path.is_symlink() and not path.exists():
            found.skipped.append((path, "broken symbolic link (its target is missing or the link loops)"))
        elif not path.is_file():
            found.skipped.append((path, "not a regular file (a pipe, socket or device)"))
        else:
            found.files.append(path)

    def unlistable(error: OSError) -> None:
        found.skipped.append((Path(error.filename), f"folder could not be read ({error.strerror or error})"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False, onerror=unlistable):
                dirs.sort()
                for name in sorted(files):
                    if name.startswith(".") or name.endswith(".gold.json"):
                        continue
                    add(Path(root) / name)
        elif path.exists() or path.is_symlink():
            add(path)
        else:
            found.missing.append(path)
    return found
