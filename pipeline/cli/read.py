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
    committee_option,
    council_option,
    db_option,
    echo_missing_metadata,
    format_option,
    opened_store,
    papers_option,
    plural,
    status_option,
    theme_option,
    year_range_options,
)
from scrutiny.pipeline.cli.output import Column, chosen_format, emit, listing_format_option, say
from scrutiny.pipeline.query.choices import EXPORT_FORMATS, PERIODS


@main.command()
@db_option
@listing_format_option
def stats(db_url: str | None, fmt: str, as_json: bool) -> None:
    """Row counts of every table, papers that yielded nothing, and the last ingest run."""
    from scrutiny.models import store

    fmt = chosen_format(fmt, as_json)
    with opened_store(db_url) as engine:
        counts = store.table_counts(engine)
        run = store.last_run(engine)
        missing = store.missing_metadata(engine)
        empty = store.papers_without_recommendations(engine)
    if fmt == "json":
        listed = [{"path": m.path, "missing": list(m.missing), "manifest_row": m.manifest_row} for m in missing]
        summary = {"tables": counts, "papers_without_recommendations": empty, "last_run": run}
        click.echo(json.dumps({**summary, "missing_metadata": listed}, default=str, indent=2))
        return
    rows = [{"table": name, "rows": count} for name, count in counts.items()]
    emit(rows, [Column("table", "TABLE"), Column("rows", "ROWS", right=True)], fmt)
    papers = counts.get("document", 0)
    say(
        f"{plural(counts.get('recommendation', 0), 'recommendation')} and "
        f"{plural(counts.get('progress_update', 0), 'progress update')} from {plural(papers, 'paper')}; "
        f"{plural(empty, 'paper')} had none",
        fmt,
    )
    if run is None:
        say("no ingest run yet", fmt)
    else:
        c = run["counts"]
        say(
            f"last run #{run['id']} {run['status']}, started {run['started_at']:%Y-%m-%d %H:%M:%S}: "
            f"{c['ingested']} ingested, {c['skipped']} skipped, {c['failed']} failed, {c['items']} pairs",
            fmt,
        )
    if fmt == "table":  # CSV and JSON Lines stay rows of table counts only
        echo_missing_metadata(missing)


@main.command()
@click.argument("recommendation_id", type=int)
@db_option
@listing_format_option
def history(recommendation_id: int, db_url: str | None, fmt: str, as_json: bool) -> None:
    """The timeline of one recommendation: every paper, date, page, status and update.

    RECOMMENDATION_ID is the id `recommendations`, `search`, `show`, export and the
    views give."""
    from scrutiny.pipeline.query.queries import recommendation_history

    fmt = chosen_format(fmt, as_json)
    with opened_store(db_url) as engine:
        entries = recommendation_history(engine, recommendation_id)
    if not entries:
        raise click.ClickException(f"no recommendation with id {recommendation_id}")
    rows = [{"recommendation_id": recommendation_id, **asdict(e)} for e in entries]
    if fmt != "table":
        emit(rows, [], fmt)
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


RECOMMENDATION_COLUMNS = [
    Column("recommendation_id", "ID", right=True),
    Column("latest_status", "STATUS"),
    Column("latest_date", "LATEST"),
    Column("activity", "UPDATES"),
    Column("council", "COUNCIL", cut=True),
    Column("recommendation", "RECOMMENDATION", cut=True),
]


@main.command()
@db_option
@council_option
@committee_option
@status_option
@theme_option
@listing_format_option
def recommendations(
    db_url: str | None,
    council: str | None,
    committee: str | None,
    status: str | None,
    theme: str | None,
    fmt: str,
    as_json: bool,
) -> None:
    """Recommendations followed across papers, with their latest status, newest first."""
    from scrutiny.pipeline.query.queries import list_recommendations

    fmt = chosen_format(fmt, as_json)
    with opened_store(db_url) as engine:
        check_theme(engine, theme)
        found = list_recommendations(engine, council=council, committee=committee, status=status, theme=theme)
    rows = [
        {
            "recommendation_id": r.id,
            "council": r.council,
            "committee": r.committee,
            "recommendation": r.text,
            "latest_status": r.latest_status,
            "latest_date": r.latest_date,
            "updates": r.updates,
            "papers": r.papers,
            "needs_review": r.needs_review,
        }
        for r in found
    ]
    if fmt == "table":
        for row in rows:
            row["activity"] = f"{plural(row['updates'], 'update')} in {plural(row['papers'], 'paper')}"
            row["latest_date"] = row["latest_date"] or "undated"
            if row["needs_review"]:  # said first, so that cutting the text to fit keeps it
                row["recommendation"] = "[possible duplicate] " + row["recommendation"]
        emit(rows, RECOMMENDATION_COLUMNS, fmt)
    else:
        emit(rows, [], fmt)
    say(plural(len(rows), "recommendation"), fmt)


@main.command()
@click.option("--by", type=click.Choice(PERIODS), default="year", show_default=True)
@year_range_options
@listing_format_option
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw a chart: FILE.png, FILE.svg or FILE.pdf.")
@click.option(
    "--top", type=click.IntRange(min=1), metavar="N", help="Chart only the N themes with most recommendations."
)
@db_option
def themes(
    by: str,
    year_from: int | None,
    year_to: int | None,
    fmt: str,
    as_json: bool,
    plot: str | None,
    top: int | None,
    db_url: str | None,
) -> None:
    """Recommendations and updates about each theme, per year, committee or council.

    A recommendation is about a theme when its wording or an update on it mentions
    the theme; one followed through two papers of a period counts once."""
    check_years(year_from, year_to)
    check_chart_file(plot)
    from scrutiny.pipeline.query.analysis import themes_by_period
    from scrutiny.pipeline.query.charts import plot_themes

    fmt = chosen_format(fmt, as_json)
    with opened_store(db_url) as engine:
        frame = themes_by_period(engine, by, year_from=year_from, year_to=year_to)
    rows = frame.to_dict(orient="records")
    if fmt == "table" and not rows:
        click.echo("no tagged recommendations in that range")
    else:
        emit(
            rows,
            [
                Column("period", by.upper()),
                Column("label", "THEME", cut=True),
                Column("recommendations", "RECOMMENDATIONS", right=True),
                Column("updates", "UPDATES", right=True),
            ],
            fmt,
        )
    if plot:
        try:
            plot_themes(frame, plot, by=by, top=top)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"chart written to {plot}", err=True)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
@format_option(*EXPORT_FORMATS, help="Default: from OUT's suffix; csv for standard output.")
@db_option
def export(out: str, fmt: str | None, db_url: str | None) -> None:
    """Write one flat row per progress update, every join resolved, to OUT (- for
    standard output). recommendation_id is the id `show` and `history` take."""
    from scrutiny.pipeline.query.analysis import export_updates

    with opened_store(db_url) as engine:
        try:
            rows = export_updates(engine, out, fmt)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {plural(rows, 'row')} to {'standard output' if out == '-' else out}", err=out == "-")


@main.command("report")
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
@db_option
@year_range_options
@click.option("--title", help="Heading of the page.")
@papers_option
def report_command(
    out: str, db_url: str | None, year_from: int | None, year_to: int | None, title: str | None, papers: tuple[str, ...]
) -> None:
    """Write a self-contained HTML report to OUT (- for standard output): themes by
    year, status by committee and the outstanding recommendations, each with the
    outlined place in its paper."""
    from scrutiny.pipeline.query.report import DEFAULT_TITLE, write_report

    check_years(year_from, year_to)
    with opened_store(db_url) as engine:
        written = write_report(
            engine, out, year_from=year_from, year_to=year_to, title=title or DEFAULT_TITLE, search_dirs=papers
        )
    click.echo(
        f"wrote {'the report' if out == '-' else out}: {plural(written.papers, 'paper')}, "
        f"{plural(written.recommendations, 'recommendation')} followed, {len(written.outstanding)} outstanding",
        err=out == "-",
    )


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@papers_option
def serve_command(db_url: str | None, host: str, port: int, papers: tuple[str, ...]) -> None:
    """Browse the SQLite store in Datasette, with facets, ready-made queries and a
    page per recommendation (/-/recommendation/ID) showing the pages it came from."""
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
    app = datasette_app(url, papers=papers)
    click.echo(f"serving {url} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    run(app, host, port)


SEARCH_COLUMNS = [
    Column("recommendation_id", "ID", right=True),
    Column("latest_status", "STATUS"),
    Column("meeting_date", "MEETING"),
    Column("council", "COUNCIL", cut=True),
    Column("paper", "PAPER", cut=True),
    Column("page", "PAGE", right=True),
    Column("found_in", "FOUND IN"),
    Column("recommendation", "RECOMMENDATION", cut=True),
]
# What matched, in words: the recommendation's own wording or an update on it.
FOUND_IN = {"recommendation": "wording", "progress": "update"}


@main.command("search")
@click.argument("text", nargs=-1, required=True)
@theme_option
@status_option
@council_option
@committee_option
@year_range_options
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Most results to show.")
@listing_format_option
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
    fmt: str,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Recommendations whose wording or updates contain every word of TEXT, best first,
    with the paper and page where each matched best.

    TEXT is plain words: quotes and operators such as AND, OR or * are not syntax."""
    check_years(year_from, year_to)
    from pathlib import Path

    from scrutiny.pipeline.query.search import search

    fmt = chosen_format(fmt, as_json)
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
    rows = [asdict(r) for r in found]
    if fmt == "table":
        for row in rows:
            row["paper"] = row["title"] or Path(row["path"]).name
            row["meeting_date"] = row["meeting_date"] or "undated"
            row["found_in"] = FOUND_IN.get(row["matched_in"], row["matched_in"])
        emit(rows, SEARCH_COLUMNS, fmt)
    else:
        emit(rows, [], fmt)
    more = f" (the first {limit}: raise --limit for more)" if len(found) == limit else ""
    say(f"{plural(len(found), 'result')}{more}", fmt)


@main.command("show")
@click.argument("recommendation_id", type=int)
@db_option
@click.option(
    "--images",
    "images_dir",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Write each source page as PNG to DIR, with the recommendation's place outlined.",
)
@papers_option
@format_option("table", "json", default="table", help="table (text for reading) or json.")
def show(recommendation_id: int, db_url: str | None, images_dir: str | None, papers: tuple[str, ...], fmt: str) -> None:
    """One recommendation and where it came from: its wording, and each paper that
    printed it with date, page, place on the page, status and update.

    RECOMMENDATION_ID is the id `recommendations`, `search`, `history`, export and
    the views give."""
    from scrutiny.pipeline.query.evidence import find_paper, recommendation_evidence, text_location, write_page_images

    with opened_store(db_url) as engine:
        evidence = recommendation_evidence(engine, recommendation_id)
    if evidence is None:
        raise click.ClickException(f"no recommendation with id {recommendation_id}")
    written: list = []
    problems: list[str] = []
    if images_dir:
        written, problems = write_page_images(evidence, images_dir, search_dirs=papers)
    if fmt == "json":
        data = asdict(evidence)
        for appearance, raw in zip(evidence.appearances, data["appearances"]):
            raw["location"] = appearance.location
        data["images"] = [str(p) for p in written]
        click.echo(json.dumps(data, default=str, ensure_ascii=False, indent=2))
    else:
        click.echo(f"recommendation {evidence.recommendation_id}: {evidence.text}")
        click.echo(f"  {evidence.council or 'council not known'}; latest status {evidence.latest_status}")
        for appearance in evidence.appearances:
            where = appearance.location
            if appearance.page is None and appearance.table is None:
                where = text_location(appearance, find_paper(appearance, papers))
            click.echo(f"  {appearance.date or 'undated'}  {appearance.document}, {where}")
            click.echo(f"      [{appearance.status or 'recommended'}]  {appearance.path}")
            if appearance.recommendation != evidence.text:
                click.echo(f"      worded: {appearance.recommendation}")
            if appearance.update:
                click.echo(f"      {appearance.update}")
    for problem in problems:
        click.echo(f"no image for {problem}", err=True)
    if images_dir:
        click.echo(f"wrote {plural(len(written), 'page image')} to {images_dir}", err=True)
