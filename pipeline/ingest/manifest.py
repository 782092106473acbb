"""A manifest CSV lets an analyst who already knows a paper's council, committee,
meeting date, title or source URL say so; it overrides what extraction found.

Columns: path (required), council, committee, meeting_date, title, source_url.
Paths are relative to the manifest's folder. Every row that cannot be used is
reported with its line number, never silently dropped.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from scrutiny.extractors.councils import council_from_host, uk_register
from scrutiny.extractors.items import DocumentMetadata, FieldSource
from scrutiny.extractors.metadata import parse_date

COLUMNS = ("path", "council", "committee", "meeting_date", "title", "source_url")


@dataclass(frozen=True)
class ManifestEntry:
    path: Path
    line: int
    council: str | None = None
    committee: str | None = None
    meeting_date: date | None = None
    title: str | None = None
    source_url: str | None = None


@dataclass
class Manifest:
    source: Path
    entries: dict[Path, ManifestEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def entry_for(self, path: str | Path) -> ManifestEntry | None:
        return self.entries.get(Path(path).resolve())


class ManifestError(ValueError):
    """The manifest cannot be read at all (missing file, no path column)."""


def load_manifest(path: str | Path) -> Manifest:
    path = Path(path)
    manifest = Manifest(source=path)
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        headers = [h.strip().lower() for h in reader.fieldnames or []]
        if "path" not in headers:
            raise ManifestError(f"manifest {path} has no 'path' column (columns: {', '.join(COLUMNS)})")
        unknown = [h for h in headers if h not in COLUMNS]
        if unknown:
            manifest.problems.append(f"{path.name}: unknown columns ignored: {', '.join(unknown)}")
        reader.fieldnames = headers
        for row in reader:
            _add_row(manifest, reader.line_num, {k: (v or "").strip() for k, v in row.items() if k})
    return manifest


def _add_row(manifest: Manifest, line: int, row: dict[str, str]) -> None:
    where = f"{manifest.source.name} line {line}"
    if not row.get("path"):
        manifest.problems.append(f"{where}: no path")
        return
    target = (manifest.source.parent / row["path"]).resolve()
    if not target.is_file():
        manifest.problems.append(f"{where}: no such file {row['path']}")
        return
    meeting_date = None
    if row.get("meeting_date"):
        meeting_date = _date(row["meeting_date"])
        if meeting_date is None:
            manifest.problems.append(f"{where}: meeting_date {row['meeting_date']!r} is not a date (use YYYY-MM-DD)")
            return
    if target in manifest.entries:
        first = manifest.entries[target].line
        manifest.problems.append(f"{where}: {row['path']} is already given on line {first}; this row is ignored")
        return
    manifest.entries[target] = ManifestEntry(
        path=target,
        line=line,
        council=row.get("council") or None,
        committee=row.get("committee") or None,
        meeting_date=meeting_date,
        title=row.get("title") or None,
        source_url=row.get("source_url") or None,
    )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return parse_date(text)


def apply_manifest(metadata: DocumentMetadata, entry: ManifestEntry | None) -> DocumentMetadata:
    """The metadata with every field the manifest gives replaced by it."""
    if entry is None:
        return metadata
    given = {
        name: getattr(entry, name)
        for name in ("council", "committee", "meeting_date", "title", "source_url")
        if getattr(entry, name) is not None
    }
    sources = dict(metadata.sources)
    for name in given:
        sources[name] = FieldSource("manifest", 1.0, f"{entry.path.name} line {entry.line}")
    # A council the manifest names, or the host of the address it was published at,
    # is the register's council when the register knows it.
    authority = uk_register().resolve(entry.council, entry.meeting_date) if entry.council else None
    if authority is None and entry.council is None and entry.source_url and metadata.council is None:
        authority = council_from_host(urlsplit(entry.source_url).hostname or "")
        if authority is not None:
            sources["council"] = FieldSource("manifest", 0.8, entry.source_url)
    if authority is not None:
        given.update(council=authority.name, council_code=authority.code, council_printed=entry.council)
    elif entry.council:
        given.update(council_code=None, council_printed=entry.council)
    return dataclasses.replace(metadata, sources=sources, **given)
