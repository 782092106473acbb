"""Options several commands share, declared once, and the helpers they lean on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import click
from sqlalchemy import Engine

from scrutiny.extractors.items import STATUSES
from scrutiny.extractors.read import DEFAULT_PAGE_TIMEOUT

F = TypeVar("F", bound=Callable)

DB_HELP = (
    "Store: a SQLite file path (data/scrutiny.db), a sqlite:/// URL or a postgresql:// URL "
    "(default: $SCRUTINY_DB_URL, else data/scrutiny.db)."
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


def status_option(function: F) -> F:
    """--status, one of the stored statuses."""
    return click.option("--status", type=click.Choice(STATUSES), help="Latest status.")(function)


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
    """An engine on the store `db_url` names, migrated to the current schema."""
    from scrutiny.models import store
    from scrutiny.pipeline.config import resolve_db_url

    engine = store.make_engine(resolve_db_url(db_url))
    try:
        store.upgrade(engine)
        yield engine
    finally:
        engine.dispose()


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
