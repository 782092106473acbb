"""One file in, one ExtractedDocument out: read, interpret, describe, tag."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict
from datetime import date
from pathlib import Path

from scrutiny.extractors import EXTRACTOR_VERSION
from scrutiny.extractors.councils import uk_register
from scrutiny.extractors.interpret import interpret
from scrutiny.extractors.items import ExtractedDocument, Item
from scrutiny.extractors.metadata import extract_metadata
from scrutiny.extractors.read import DEFAULT_PAGE_TIMEOUT, read_document
from scrutiny.pipeline.themes import ThemeTagger


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def printable_path(path: str | Path) -> str:
    """The path as text that can be stored and printed: a name the file system holds
    in another encoding (undecodable bytes) shows those bytes as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# The stages of extract_document, in the order it runs them.
EXTRACT_STAGES = ("hash", "read", "interpret", "metadata", "themes")


def extract_document(
    path: str | Path,
    tagger: ThemeTagger,
    sha256: str | None = None,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    *,
    stage: Callable[[str], AbstractContextManager[object]] | None = None,
) -> ExtractedDocument:
    """Read, interpret, describe and tag one paper. `stage`, given a stage's name
    (one of EXTRACT_STAGES), returns the context each stage runs in: a way to
    time them."""
    stage = stage or _no_context
    path = Path(path)
    with stage("hash"):
        sha256 = sha256 or file_sha256(path)
    with stage("read"):
        content = read_document(path, page_timeout=page_timeout)
    with stage("interpret"):
        items = interpret(content)
    with stage("metadata"):
        metadata = extract_metadata(content)
    with stage("themes"):
        tagger.tag(items)
    warnings = list(content.warnings)
    if not items:
        warnings.append("no recommendation/progress pairs found")
    return ExtractedDocument(
        path=printable_path(path),
        sha256=sha256,
        format=content.format,
        pages=content.pages or 0,
        metadata=metadata,
        items=items,
        warnings=warnings,
        extractor_version=EXTRACTOR_VERSION,
    )


def _no_context(stage: str) -> AbstractContextManager[object]:
    return nullcontext()


def document_to_json(doc: ExtractedDocument) -> dict:
    """The JSON Lines record `scrutiny extract --json` prints for one document."""
    meta = doc.metadata
    return {
        "document": {
            "path": doc.path,
            "sha256": doc.sha256,
            "format": doc.format,
            "pages": doc.pages,
            "title": meta.title,
            "council": meta.council,
            "committee": meta.committee,
            "meeting_date": _iso(meta.meeting_date),
            "report_date": _iso(meta.report_date),
            "author": meta.author,
            "source_url": meta.source_url,
            **council_identity(meta.council_code),
            "council_printed": meta.council_printed,
            "sources": {name: asdict(source) for name, source in meta.sources.items()},
            "extractor_version": doc.extractor_version,
        },
        "items": [_item_json(item) for item in doc.items],
        "warnings": doc.warnings,
    }


def council_identity(code: str | None) -> dict:
    """What the UK register says of a council: the codes that join it to ONS
    statistics, its nation, region and kind, the county over a district."""
    authority = uk_register().by_code(code) if code else None
    if authority is None:
        return dict.fromkeys(("council_code", "council_gss_code", "nation", "region", "council_kind", "county"))
    county = uk_register().county_of(authority)
    return {
        "council_code": authority.code,
        "council_gss_code": authority.gss_code,
        "nation": authority.nation,
        "region": authority.region,
        "council_kind": authority.kind,
        "county": county.name if county else None,
    }


def _item_json(item: Item) -> dict:
    source = item.source
    return {
        "recommendation": item.recommendation,
        "progress": item.progress,
        "status": item.status,
        "status_text": item.status_text,
        "status_evidence": asdict(item.status_evidence) if item.status_evidence else None,
        "response": item.response,
        "response_text": item.response_text,
        "themes": item.themes,
        "theme_hits": [asdict(h) for h in item.theme_hits],
        "entities": [asdict(h) for h in item.entity_hits],
        "ref": item.ref,
        "section": item.section,
        "lead_officer": item.lead_officer,
        "target_date": item.target_date,
        "page": source.page,
        "confidence": item.confidence,
        "source": {
            "kind": source.kind,
            "table": source.table,
            "row": source.row,
            "page": source.page,
            "page_end": source.page_end,
            "bbox": source.bbox.as_list() if source.bbox else None,
            "cells": [{"page": page, "bbox": box.as_list()} for page, box in source.cell_bboxes],
            "method": source.method,
        },
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
