"""Commands that read the store: stats, recommendations, history, themes, search,
export, report and serve."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from scrutiny.pipeline.cli.group import main
from scrutiny.pipeline.cli.options import (
    check_chart_file,
    check_theme,
    check_years,
    db_option,
    echo_missing_metadata,
    format_option,
    opened_store,
    plural,
    status_option,
    year_range_options,
)
from scrutiny.pipeline.query.analysis import EXPORT_FORMATS, PERIODS


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(db_url: str | None, as_json: bool) -> None:
    """Row counts of every table and the last ingest run."""
    from scrutiny.models import store

    with opened_store(db_url) as engine:
        counts = store.table_counts(engine)
        run = store.last_run(engine)
        missing = store.missing_metadata(engine)
    if as_json:
        listed = [{"path": m.path, "missing": list(m.missing), "manifest_row": m.manifest_row} for m in missing]
        click.echo(json.dumps({"tables": counts, "last_run": run, "missing_metadata": listed}, default=str, indent=2))
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
    echo_missing_metadata(missing)


@main.command()
@click.argument("recommendation_id", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
def history(recommendation_id: int, db_url: str | None, as_json: bool) -> None:
    """The timeline of one recommendation: every paper, date, page, status and update."""
    from scrutiny.pipeline.query.queries import recommendation_history

    with opened_store(db_url) as engine:
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
@db_option
@click.option(
    "--council",
    help='Council: a name, code or initials the UK register knows ("swansea", "SWA", "Abertawe") or part of a name.',
)
@click.option("--committee", help="Committee name contains this.")
@status_option
@click.option("--theme", help="Theme slug, e.g. caf.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def recommendations(
    db_url: str | None, council: str | None, committee: str | None, status: str | None, theme: str | None, as_json: bool
) -> None:
    """Recommendations followed across papers, with their latest status."""
    from scrutiny.pipeline.query.queries import list_recommendations

    with opened_store(db_url) as engine:
        check_theme(engine, theme)
        found = list_recommendations(engine, council=council, committee=committee, status=status, theme=theme)
    if as_json:
        click.echo(json.dumps([asdict(r) for r in found], default=str, indent=2))
        return
    for r in found:
        flag = " (possible duplicate: review)" if r.needs_review else ""
        click.echo(
            f"{r.id:>6}  {r.latest_status:<11}  {r.latest_date or 'undated'}  {plural(r.updates, 'update')} in "
            f"{plural(r.papers, 'paper')}  {r.council or '?'}: {r.text[:90]}{flag}"
        )
    click.echo(f"{len(found)} recommendations")


@main.command()
@click.option("--by", type=click.Choice(PERIODS), default="year", show_default=True)
@year_range_options
@format_option("table", "csv", "json", default="table")
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw a chart: FILE.png, FILE.svg or FILE.pdf.")
@db_option
def themes(by: str, year_from: int | None, year_to: int | None, fmt: str, plot: str | None, db_url: str | None) -> None:
    """Recommendations and updates about each theme, per year, committee or council."""
    check_years(year_from, year_to)
    check_chart_file(plot)
    from scrutiny.pipeline.query.analysis import themes_by_period
    from scrutiny.pipeline.query.charts import plot_themes

    with opened_store(db_url) as engine:
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
@format_option(*EXPORT_FORMATS, help="Default: from OUT's suffix.")
@db_option
def export(out: str, fmt: str | None, db_url: str | None) -> None:
    """Write one flat row per progress update, every join resolved, to OUT."""
    from scrutiny.pipeline.query.analysis import export_updates

    with opened_store(db_url) as engine:
        try:
            rows = export_updates(engine, out, fmt)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {rows} rows to {out}")


@main.command("report")
@click.argument("out", type=click.Path(dir_okay=False))
@db_option
@year_range_options
@click.option("--title", help="Heading of the page.")
def report_command(out: str, db_url: str | None, year_from: int | None, year_to: int | None, title: str | None) -> None:
    """Write a self-contained HTML report to OUT: themes by year, status by committee
    and the outstanding recommendations with their sources."""
    from scrutiny.pipeline.query.report import DEFAULT_TITLE, write_report

    check_years(year_from, year_to)
    with opened_store(db_url) as engine:
        written = write_report(engine, out, year_from=year_from, year_to=year_to, title=title or DEFAULT_TITLE)
    click.echo(
        f"wrote {out}: {written.papers} papers, {written.recommendations} recommendations, "
        f"{len(written.outstanding)} outstanding"
    )


@main.command("serve")
@db_option
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
    # Refused unless the store exists with the current schema: Datasette would
    # otherwise create an empty file, and serve an old schema's tables wrongly.
    with opened_store(url):
        pass
    app = datasette_app(url)
    click.echo(f"serving {url} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    run(app, host, port)


@main.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--theme", help="Theme slug, e.g. caf.")
@status_option
@click.option(
    "--council",
    help='Council: a name, code or initials the UK register knows ("swansea", "SWA", "Abertawe") or part of a name.',
)
@click.option("--committee", help="Committee name contains this.")
@year_range_options
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Most results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@db_option
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
    check_years(year_from, year_to)
    import textwrap

    from scrutiny.pipeline.query.search import search

    with opened_store(db_url) as engine:
        check_theme(engine, theme)
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
            f"{r.recommendation_id:>6}  {r.latest_status:<11}  {r.meeting_date or 'undated'}  {r.council or '?'}: "
            f"{textwrap.shorten(r.recommendation, 90, placeholder=' ...')}  [in {r.matched_in}]"
        )
    more = f" (the first {limit}: raise --limit for more)" if len(found) == limit else ""
    click.echo(f"{len(found)} result{'' if len(found) == 1 else 's'}{more}")
