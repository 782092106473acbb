"""Options several commands share, declared once, and the helpers they lean on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import click

from scrutiny.extractors.items import STATUSES
from scrutiny.extractors.read import DEFAULT_PAGE_TIMEOUT

if TYPE_CHECKING:
    from sqlalchemy import Engine

F = TypeVar("F", bound=Callable)

DB_HELP = (
    "Store: a SQLite file path (data/scrutiny.db), a sqlite:/// URL, or a postgresql:// or postgres:// "
    "URL for PostgreSQL (default: $SCRUTINY_DB_URL, else data/scrutiny.db)."
)


def _stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def db_option(function: F) -> F:
    """--db URL, passed as `db_url`."""
    return click.option("--db", "db_url", metavar="URL|PATH", help=DB_HELP)(function)


def year_range_options(function: F) -> F:
    """--from YEAR and --to YEAR on meeting dates, passed as `year_from` / `year_to`."""
    return _stack(
        click.option(
            "--from",
            "year_from",
            type=click.IntRange(1, 9999),
            metavar="YEAR",
            help="Papers met in this year or later.",
        ),
        click.option(
            "--to", "year_to", type=click.IntRange(1, 9999), metavar="YEAR", help="Papers met in this year or earlier."
        ),
    )(function)


def format_option(*choices: str, default: str | None = None, help: str | None = None) -> Callable[[F], F]:
    """--format, one of `choices`, passed as `fmt`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=default is not None,
        help=help,
    )


def papers_option(function: F) -> F:
    """--papers DIR (repeatable): where to look for papers moved since they were stored."""
    return click.option(
        "--papers",
        multiple=True,
        type=click.Path(file_okay=False),
        metavar="DIR",
        help="Folder to look for papers in, by name, when they are no longer at their stored path (repeatable).",
    )(function)


def status_option(function: F) -> F:
    """--status, one of the stored statuses."""
    return click.option("--status", type=click.Choice(STATUSES), help="Latest status.")(function)


def council_option(function: F) -> F:
    """--council, matched as the register knows councils or as part of a name."""
    return click.option(
        "--council",
        help=(
            'Council: a name, code or initials the UK register knows ("swansea", "SWA", "Abertawe") or part of a name.'
        ),
    )(function)


def committee_option(function: F) -> F:
    """--committee, part of a committee's name."""
    return click.option("--committee", help="Committee name contains this.")(function)


def theme_option(function: F) -> F:
    """--theme SLUG; callers check it with check_theme once the store is open."""
    return click.option("--theme", help="Theme slug, e.g. caf.")(function)


def taxonomy_option(function: F) -> F:
    return click.option("--taxonomy", type=click.Path(exists=True, dir_okay=False), help="Theme taxonomy YAML file.")(
        function
    )


def page_timeout_option(function: F) -> F:
    """--page-timeout SECONDS, passed as `page_timeout`."""
    return click.option(
        "--page-timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_PAGE_TIMEOUT,
        show_default=True,
        help="Seconds a PDF page may take before it is skipped with a warning (0: no limit).",
    )(function)


def check_years(year_from: int | None, year_to: int | None) -> None:
    """A period that ends before it starts is a usage error."""
    if year_from is not None and year_to is not None and year_from > year_to:
        raise click.BadParameter(f"--from {year_from} is after --to {year_to}", param_hint="--from/--to")


@contextmanager
def opened_store(db_url: str | None) -> Iterator[Engine]:
    """An engine on the existing store `db_url` names, for reading: a store that does
    not exist, has no tables or another schema is refused (StoreFault), never created."""
    from scrutiny.models import store
    from scrutiny.pipeline.config import resolve_db_url

    engine = store.open_existing(resolve_db_url(db_url))
    try:
        with store_faults_said(engine):
            yield engine
    finally:
        engine.dispose()


@contextmanager
def writable_store(db_url: str | None) -> Iterator[Engine]:
    """An engine on the store `db_url` names, created or migrated to the current schema."""
    from scrutiny.models import store
    from scrutiny.pipeline.config import resolve_db_url

    engine = store.make_engine(resolve_db_url(db_url))
    try:
        with store_faults_said(engine):
            store.upgrade(engine)
            yield engine
    finally:
        engine.dispose()


@contextmanager
def store_faults_said(engine: Engine) -> Iterator[None]:
    """A database error of the store itself (unreachable, full, read-only) raised as
    the StoreFault that says so in one line."""
    from sqlalchemy.exc import DBAPIError

    from scrutiny.models.faults import store_fault

    try:
        yield
    except DBAPIError as exc:
        fault = store_fault(exc, engine.url)
        if fault is None:
            raise
        raise fault from exc


def check_theme(engine: Engine, theme: str | None) -> None:
    """A theme slug the store does not know is a usage error naming the ones it does."""
    if theme is None:
        return
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from scrutiny.models.schema import Theme

    with Session(engine) as session:
        known = sorted(session.scalars(select(Theme.slug)))
    if theme not in known:
        valid = f"one of {', '.join(known)}" if known else "the store has no themes yet"
        raise click.BadParameter(f"unknown theme {theme!r}: {valid}", param_hint="--theme")


def check_chart_file(plot: str | None) -> None:
    """A chart file whose type cannot be drawn is a usage error, before any work."""
    from pathlib import Path

    from scrutiny.pipeline.query.charts import CHART_SUFFIXES

    if plot is not None and Path(plot).suffix.lower() not in CHART_SUFFIXES:
        raise click.BadParameter(
            f"{plot}: a chart is written as {', '.join(CHART_SUFFIXES)}, not {Path(plot).suffix or '(no suffix)'}",
            param_hint="--plot",
        )


def check_paths_exist(paths: tuple[str, ...]) -> list[str]:
    """The named paths that do not exist. When none exists that is a usage error;
    otherwise the caller lists them as missing and ends with status 1."""
    import os

    missing = [path for path in paths if not os.path.lexists(path)]
    if missing and len(missing) == len(paths):
        raise click.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="PATHS")
    return missing


def load_manifest_or_fail(path: str | None):
    from scrutiny.pipeline.ingest.manifest import ManifestError, load_manifest

    if path is None:
        return None
    try:
        return load_manifest(path)
    except ManifestError as exc:
        raise click.ClickException(str(exc)) from exc


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def echo_missing_metadata(missing) -> None:
    """Papers stored without a meeting date or a council, each with the manifest row
    that would give them one (fill in the blanks and ingest again with --manifest)."""
    if not missing:
        return
    click.echo(f"{plural(len(missing), 'paper')} stored without a meeting date or council; a manifest would fix them:")
    from scrutiny.models.store import MANIFEST_HEADER

    click.echo(f"  {MANIFEST_HEADER}")
    for paper in missing:
        click.echo(f"  {paper.manifest_row}    # no {' and no '.join(paper.missing)}")
