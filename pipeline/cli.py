"""The `scrutiny` command: argument parsing only; the work is in library functions."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import asdict

import click

from scrutiny.extractors.errors import UnreadableDocument, UnsupportedFormat
from scrutiny.extractors.read import DEFAULT_PAGE_TIMEOUT
from scrutiny.pipeline.extract import document_to_json, extract_document
from scrutiny.pipeline.ingest.discover import discover
from scrutiny.pipeline.themes import ThemeTagger, load_taxonomy


@click.group()
@click.version_option(package_name="scrutiny")
def main() -> None:
    """Turn council scrutiny papers into a database of recommendations and progress."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object per document.")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Theme taxonomy YAML file.")
@click.option("--manifest", type=click.Path(dir_okay=False), help="CSV of metadata overriding extraction.")
@click.option(
    "--page-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_PAGE_TIMEOUT,
    show_default=True,
    help="Seconds a PDF page may take before it is skipped with a warning (0: no limit).",
)
def extract(
    paths: tuple[str, ...], as_json: bool, taxonomy: str | None, manifest: str | None, page_timeout: float
) -> None:
    """Extract recommendations and progress from PATHS without storing them."""
    from scrutiny.pipeline.ingest.manifest import apply_manifest

    found = discover(list(paths))
    for path, reason in found.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    known = _manifest(manifest)
    for problem in known.problems if known else []:
        click.echo(f"manifest: {problem}", err=True)
    tagger = ThemeTagger(load_taxonomy(taxonomy))
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
    sys.exit(1 if failed else 0)


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
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Extraction processes.")
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
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
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Theme taxonomy YAML file.")
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False),
    help="CSV of path, council, committee, meeting_date, title, source_url overriding extraction.",
)
@click.option(
    "--page-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_PAGE_TIMEOUT,
    show_default=True,
    help="Seconds a PDF page may take before it is skipped with a warning (0: no limit).",
)
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
    were ingested needs --force to reach them."""
    from scrutiny.models import store
    from scrutiny.pipeline.config import resolve_db_url
    from scrutiny.pipeline.ingest.display import IngestDisplay
    from scrutiny.pipeline.ingest.executors import ClusterUnavailable
    from scrutiny.pipeline.ingest.run import ingest as run_ingest

    if executor == "dask" and not scheduler:
        click.echo("error: --executor dask needs --scheduler ADDRESS (or $SCRUTINY_DASK_SCHEDULER)", err=True)
        sys.exit(1)
    engine = store.make_engine(resolve_db_url(db_url))
    display = IngestDisplay(interactive=sys.stderr.isatty())
    try:
        with display:
            summary = run_ingest(
                list(paths),
                engine,
                workers=workers,
                executor=executor,
                scheduler=scheduler,
                force=force,
                taxonomy=load_taxonomy(taxonomy),
                manifest=_manifest(manifest),
                on_start=display.start,
                on_file=display.advance,
                page_timeout=page_timeout or None,
            )
    except KeyboardInterrupt:
        click.echo("interrupted: documents written so far are complete; run again to continue", err=True)
        sys.exit(130)
    except ClusterUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    display.print_summary(summary)
    sys.exit(1 if summary.failed else 0)


@main.group()
def db() -> None:
    """Manage the store's schema."""


@db.command()
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
def upgrade(db_url: str | None) -> None:
    """Create or migrate the store's tables to the newest schema."""
    from scrutiny.models import store
    from scrutiny.pipeline.config import resolve_db_url

    url = resolve_db_url(db_url)
    engine = store.make_engine(url)
    try:
        store.upgrade(engine)
    finally:
        engine.dispose()
    click.echo(f"store at {engine.url.render_as_string(hide_password=True)} is up to date")


@main.command()
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(db_url: str | None, as_json: bool) -> None:
    """Row counts of every table and the last ingest run."""
    from scrutiny.models import store

    with _engine(db_url) as engine:
        counts = store.table_counts(engine)
        run = store.last_run(engine)
    if as_json:
        click.echo(json.dumps({"tables": counts, "last_run": run}, default=str, indent=2))
        return
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        click.echo(f"{name:<{width}}  {count:>8}")
    if run is None:
        click.echo("no ingest run yet")
    else:
        c = run["counts"]
        click.echo(
            f"last run #{run['id']} {run['status']}, started {run['started_at']:%Y-%m-%d %H:%M:%S}: "
            f"{c['ingested']} ingested, {c['skipped']} skipped, {c['failed']} failed, {c['items']} pairs"
        )


@main.command()
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
@click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Theme taxonomy YAML file.")
def retag(db_url: str | None, taxonomy: str | None) -> None:
    """Re-tag stored recommendations and updates with the current taxonomy."""
    from scrutiny.pipeline.ingest.retag import retag as run_retag

    with _engine(db_url) as engine:
        summary = run_retag(engine, load_taxonomy(taxonomy))
    click.echo(
        f"retagged {summary.documents} documents ({summary.texts} texts) with taxonomy "
        f"{summary.taxonomy_version}: {summary.theme_links} theme links, {summary.entity_mentions} entity mentions"
    )


@main.command()
@click.argument("recommendation_id", type=int)
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
def history(recommendation_id: int, db_url: str | None, as_json: bool) -> None:
    """The timeline of one recommendation: every paper, date, page, status and update."""
    from scrutiny.pipeline.query.queries import recommendation_history

    with _engine(db_url) as engine:
        entries = recommendation_history(engine, recommendation_id)
    if not entries:
        raise click.ClickException(f"no recommendation with id {recommendation_id}")
    if as_json:
        click.echo(json.dumps([asdict(e) for e in entries], default=str, indent=2))
        return
    click.echo(f"recommendation {recommendation_id}: {entries[0].recommendation}")
    for entry in entries:
        where = f"{entry.document}" + (f", p{entry.page}" if entry.page else "")
        status = entry.status or "recommended"
        click.echo(f"  {entry.date or 'undated'}  [{status}]  {where}")
        if entry.recommendation != entries[0].recommendation:
            click.echo(f"      worded: {entry.recommendation}")
        if entry.update:
            click.echo(f"      {entry.update}")


@main.command()
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
@click.option("--council", help="Council name contains this.")
@click.option("--committee", help="Committee name contains this.")
@click.option("--status", type=click.Choice(["completed", "in_progress", "outstanding", "unknown"]))
@click.option("--theme", help="Theme slug, e.g. caf.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def recommendations(
    db_url: str | None, council: str | None, committee: str | None, status: str | None, theme: str | None, as_json: bool
) -> None:
    """Recommendations followed across papers, with their latest status."""
    from scrutiny.pipeline.query.queries import list_recommendations

    with _engine(db_url) as engine:
        found = list_recommendations(engine, council=council, committee=committee, status=status, theme=theme)
    if as_json:
        click.echo(json.dumps([asdict(r) for r in found], default=str, indent=2))
        return
    for r in found:
        flag = " (possible duplicate: review)" if r.needs_review else ""
        click.echo(
            f"{r.id:>6}  {r.latest_status:<11}  {r.latest_date or 'undated'}  {_count(r.updates, 'update')} in "
            f"{_count(r.papers, 'paper')}  {r.council or '?'}: {r.text[:90]}{flag}"
        )
    click.echo(f"{len(found)} recommendations")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _manifest(path: str | None):
    from scrutiny.pipeline.ingest.manifest import ManifestError, load_manifest

    if path is None:
        return None
    try:
        return load_manifest(path)
    except ManifestError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _engine(db_url: str | None):
    from scrutiny.models import store
    from scrutiny.pipeline.config import resolve_db_url

    engine = store.make_engine(resolve_db_url(db_url))
    try:
        store.upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@main.command()
@click.option("--by", type=click.Choice(["year", "committee", "council"]), default="year", show_default=True)
@click.option("--from", "year_from", type=int, help="First year (meeting dates), inclusive.")
@click.option("--to", "year_to", type=int, help="Last year, inclusive.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw a chart: FILE.png or FILE.svg.")
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
def themes(by: str, year_from: int | None, year_to: int | None, fmt: str, plot: str | None, db_url: str | None) -> None:
    """Recommendations and updates about each theme, per year, committee or council."""
    from scrutiny.pipeline.query.analysis import themes_by_period
    from scrutiny.pipeline.query.charts import plot_themes

    with _engine(db_url) as engine:
        frame = themes_by_period(engine, by, year_from=year_from, year_to=year_to)
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(frame.to_json(orient="records", indent=1))
    elif frame.empty:
        click.echo("no tagged recommendations in that range")
    else:
        click.echo(frame.drop(columns=["label"]).to_string(index=False))
    if plot:
        try:
            plot_themes(frame, plot, by=by)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"chart written to {plot}", err=True)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "json"]), help="Default: from OUT's suffix.")
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
def export(out: str, fmt: str | None, db_url: str | None) -> None:
    """Write one flat row per progress update, every join resolved, to OUT."""
    from scrutiny.pipeline.query.analysis import export_updates

    with _engine(db_url) as engine:
        try:
            rows = export_updates(engine, out, fmt)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {rows} rows to {out}")


@main.command("report")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
@click.option("--from", "year_from", type=int, help="First year of meetings, inclusive.")
@click.option("--to", "year_to", type=int, help="Last year of meetings, inclusive.")
@click.option("--title", help="Heading of the page.")
def report_command(out: str, db_url: str | None, year_from: int | None, year_to: int | None, title: str | None) -> None:
    """Write a self-contained HTML report to OUT: themes by year, status by committee
    and the outstanding recommendations with their sources."""
    from scrutiny.pipeline.query.report import DEFAULT_TITLE, write_report

    if year_from is not None and year_to is not None and year_from > year_to:
        raise click.BadParameter(f"--from {year_from} is after --to {year_to}", param_hint="--from/--to")
    with _engine(db_url) as engine:
        written = write_report(engine, out, year_from=year_from, year_to=year_to, title=title or DEFAULT_TITLE)
    click.echo(
        f"wrote {out}: {written.papers} papers, {written.recommendations} recommendations, "
        f"{len(written.outstanding)} outstanding"
    )


@main.command("serve")
@click.option("--db", "db_url", help="SQLite store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve_command(db_url: str | None, host: str, port: int) -> None:
    """Browse the SQLite store in Datasette, with facets and ready-made queries."""
    from scrutiny.pipeline.config import resolve_db_url
    from scrutiny.pipeline.query.serve import NotSQLiteStore, datasette_app, run, sqlite_path

    url = resolve_db_url(db_url)
    try:
        sqlite_path(url)
    except NotSQLiteStore as exc:
        raise click.ClickException(str(exc)) from exc
    # Migrating first means Datasette finds every table, even in a new store.
    with _engine(url):
        pass
    app = datasette_app(url)
    click.echo(f"serving {url} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    run(app, host, port)


@main.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--theme", help="Theme slug, e.g. caf.")
@click.option(
    "--status", type=click.Choice(["completed", "in_progress", "outstanding", "unknown"]), help="Latest status."
)
@click.option("--council", help="Council name contains this.")
@click.option("--committee", help="Committee name contains this.")
@click.option(
    "--from", "year_from", type=click.IntRange(1, 9999), metavar="YEAR", help="Papers met in this year or later."
)
@click.option(
    "--to", "year_to", type=click.IntRange(1, 9999), metavar="YEAR", help="Papers met in this year or earlier."
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Most results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--db", "db_url", help="Store URL (default: $SCRUTINY_DB_URL or sqlite:///data/scrutiny.db).")
def search_command(
    text: tuple[str, ...],
    theme: str | None,
    status: str | None,
    council: str | None,
    committee: str | None,
    year_from: int | None,
    year_to: int | None,
    limit: int,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Recommendations whose wording or updates contain every word of TEXT, best first.

    TEXT is plain words: quotes and operators such as AND, OR or * are not syntax."""
    import textwrap

    from scrutiny.pipeline.query.search import search

    with _engine(db_url) as engine:
        try:
            found = search(
                engine,
                " ".join(text),
                theme=theme,
                status=status,
                council=council,
                committee=committee,
                year_from=year_from,
                year_to=year_to,
                limit=limit,
            )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps([asdict(r) for r in found], default=str, indent=2))
        return
    for r in found:
        click.echo(
            f"{r.lineage_id:>6}  {r.latest_status:<11}  {r.meeting_date or 'undated'}  {r.council or '?'}: "
            f"{textwrap.shorten(r.recommendation, 90, placeholder=' ...')}  [in {r.matched_in}]"
        )
    more = f" (the first {limit}: raise --limit for more)" if len(found) == limit else ""
    click.echo(f"{len(found)} result{'' if len(found) == 1 else 's'}{more}")
