"""Commands that write: extract (to standard output), ingest, db upgrade, retag."""

from __future__ import annotations

import json
import sys

import click

from scrutiny.extractors.errors import UnreadableDocument, UnsupportedFormat
from scrutiny.pipeline.cli.group import main
from scrutiny.pipeline.cli.options import (
    check_paths_exist,
    db_option,
    echo_missing_metadata,
    load_manifest_or_fail,
    page_timeout_option,
    store_faults_said,
    taxonomy_option,
    writable_store,
)
from scrutiny.pipeline.extract import document_to_json, extract_document
from scrutiny.pipeline.ingest.discover import discover
from scrutiny.pipeline.ingest.executors import EXECUTORS
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object per document.")
@taxonomy_option
@click.option("--manifest", type=click.Path(dir_okay=False), help="CSV of metadata overriding extraction.")
@page_timeout_option
def extract(
    paths: tuple[str, ...], as_json: bool, taxonomy: str | None, manifest: str | None, page_timeout: float
) -> None:
    """Extract recommendations and progress from PATHS without storing them."""
    from scrutiny.pipeline.ingest.manifest import apply_manifest

    check_paths_exist(paths)
    tagger = ThemeTagger(load_taxonomy(taxonomy))
    known = load_manifest_or_fail(manifest)
    found = discover(list(paths))
    for path in found.missing:
        click.echo(f"missing {path}: no such file or folder", err=True)
    for path, reason in found.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    for problem in known.problems if known else []:
        click.echo(f"manifest: {problem}", err=True)
    failed = 0
    for path in found.files:
        try:
            doc = extract_document(path, tagger, page_timeout=page_timeout or None)
        except (UnreadableDocument, UnsupportedFormat, OSError) as exc:
            failed += 1
            click.echo(f"error {path}: {exc}", err=True)
            continue
        if known is not None:
            doc.metadata = apply_manifest(doc.metadata, known.entry_for(path))
        if as_json:
            click.echo(json.dumps(document_to_json(doc), ensure_ascii=False))
        else:
            _print_document(doc)
    sys.exit(1 if failed or found.missing else 0)


def _print_document(doc) -> None:
    meta = doc.metadata
    click.echo(f"{doc.path}: {len(doc.items)} items")
    click.echo(f"  {meta.council or '?'} | {meta.committee or '?'} | {meta.meeting_date or '?'} | {meta.title or '?'}")
    for item in doc.items:
        themes = ",".join(item.themes) or "-"
        click.echo(f"  p{item.source.page} [{item.status}] [{themes}] {item.recommendation[:70]}")
    for warning in doc.warnings:
        click.echo(f"  warning: {warning}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Extraction processes.")
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default="local",
    show_default=True,
    help="Extract on this machine (--workers processes) or on a Dask cluster (--scheduler).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="SCRUTINY_DASK_SCHEDULER",
    help="Dask scheduler address for --executor dask, such as tcp://HOST:8786 (default: $SCRUTINY_DASK_SCHEDULER).",
)
@click.option("--force", is_flag=True, help="Re-extract files even if they are stored and unchanged.")
@taxonomy_option
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False),
    help="CSV of path, council, committee, meeting_date, title, source_url overriding extraction.",
)
@page_timeout_option
def ingest(
    paths: tuple[str, ...],
    db_url: str | None,
    workers: int,
    executor: str,
    scheduler: str | None,
    force: bool,
    taxonomy: str | None,
    manifest: str | None,
    page_timeout: float,
) -> None:
    """Ingest the .pdf and .docx files under PATHS into the store.

    Papers already stored unchanged are skipped, so a manifest changed since they
    were ingested needs --force to reach them. If the store goes away mid-run, the
    run waits for it ($SCRUTINY_STORE_RETRY_SECONDS, default 60) before it stops;
    running the same command again resumes."""
    from scrutiny.models import store
    from scrutiny.pipeline.config import resolve_db_url
    from scrutiny.pipeline.ingest.display import IngestDisplay
    from scrutiny.pipeline.ingest.executors import ClusterUnavailable
    from scrutiny.pipeline.ingest.run import ingest as run_ingest

    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS (or $SCRUTINY_DASK_SCHEDULER)")
    check_paths_exist(paths)
    chosen_taxonomy = load_taxonomy(taxonomy)
    chosen_manifest = load_manifest_or_fail(manifest)
    engine = store.make_engine(resolve_db_url(db_url))
    display = IngestDisplay(interactive=sys.stderr.isatty())
    try:
        with store_faults_said(engine), display:
            summary = run_ingest(
                list(paths),
                engine,
                workers=workers,
                executor=executor,
                scheduler=scheduler,
                force=force,
                taxonomy=chosen_taxonomy,
                manifest=chosen_manifest,
                on_start=display.start,
                on_file=display.advance,
                on_store_wait=display.store_waiting,
                page_timeout=page_timeout or None,
            )
            ingested = [str(o.path) for o in summary.outcomes if o.status == "ingested"]
            missing = store.missing_metadata(engine, ingested) if ingested else []
    except KeyboardInterrupt:
        click.echo("interrupted: documents written so far are complete; run again to continue", err=True)
        sys.exit(130)
    except ClusterUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    display.print_summary(summary)
    echo_missing_metadata(missing)
    sys.exit(1 if summary.failed or summary.missing else 0)


@main.group()
def db() -> None:
    """Manage the store's schema."""


@db.command()
@db_option
def upgrade(db_url: str | None) -> None:
    """Create or migrate the store's tables to the newest schema."""
    from scrutiny.models.faults import shown_url

    with writable_store(db_url) as engine:
        pass
    click.echo(f"store at {shown_url(engine.url)} is up to date")


@main.command()
@db_option
@taxonomy_option
def retag(db_url: str | None, taxonomy: str | None) -> None:
    """Re-tag stored recommendations and updates with the current taxonomy."""
    from scrutiny.pipeline.ingest.retag import retag as run_retag

    chosen_taxonomy = load_taxonomy(taxonomy)
    with writable_store(db_url) as engine:
        summary = run_retag(engine, chosen_taxonomy)
    click.echo(
        f"retagged {summary.documents} documents ({summary.texts} texts) with taxonomy "
        f"{summary.taxonomy_version}: {summary.theme_links} theme links, {summary.entity_mentions} entity mentions"
    )
