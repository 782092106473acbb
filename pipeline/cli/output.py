"""How listing commands print rows: a table that fits the terminal, CSV, a JSON array
or JSON Lines, chosen with --format; every listing command prints through here.

Rows are plain dicts; a Column says which key to show, under what heading, and
whether it may be cut to fit (long text) or is always shown whole (ids, dates).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable)

LISTING_FORMATS = ("table", "csv", "json", "jsonl")
ELLIPSIS = "…"
GAP = "  "
# A column cut to fit keeps at least this many characters.
MIN_CUT_WIDTH = 8
# The width assumed for a terminal that does not say.
DEFAULT_WIDTH = 120


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    cut: bool = False  # long text: shortened with "…" when the table is too wide
    right: bool = False  # numbers: aligned right


def listing_format_option(function: F) -> F:
    """--format table|csv|json|jsonl (table unless asked), and --json for json."""
    function = click.option("--json", "as_json", is_flag=True, hidden=True, help="Same as --format json.")(function)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(LISTING_FORMATS),
        default="table",
        show_default=True,
        help="table (fitted to the terminal), csv, json (one array) or jsonl (one object a line).",
    )(function)


def chosen_format(fmt: str, as_json: bool) -> str:
    return "json" if as_json else fmt


def plain(value: Any) -> Any:
    """A value as JSON and CSV carry it: dates as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def emit(rows: Sequence[dict], columns: Sequence[Column], fmt: str, *, width: int | None = None) -> None:
    """Print `rows` in `fmt`. CSV, JSON and JSON Lines carry every key of the rows;
    the table shows `columns`."""
    if fmt == "json":
        click.echo(json.dumps([{k: plain(v) for k, v in row.items()} for row in rows], ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps({k: plain(v) for k, v in row.items()}, ensure_ascii=False))
    elif fmt == "csv":
        keys = list(rows[0]) if rows else [c.key for c in columns]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(row.get(k)) for k in keys})
        click.echo(buffer.getvalue(), nl=False)
    elif rows:  # an empty table says nothing a summary line does not
        for line in table_lines(rows, columns, width or terminal_width()):
            click.echo(line)


def _csv_value(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def terminal_width() -> int | None:
    """The terminal's width; $COLUMNS when set; else None: a file or a pipe gets
    every character."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else None


def table_lines(rows: Sequence[dict], columns: Sequence[Column], width: int | None) -> list[str]:
    """A header row and one line per row, no wider than `width` (None: any width):
    columns marked `cut` give up characters (ending in "…") until the table fits."""
    cells = [[_cell_text(row.get(c.key)) for c in columns] for row in rows]
    widths = [max([len(c.heading), *(len(line[i]) for line in cells)]) for i, c in enumerate(columns)]
    excess = 0 if width is None else sum(widths) + len(GAP) * (len(columns) - 1) - width
    cuttable = [i for i, c in enumerate(columns) if c.cut]
    while excess > 0 and cuttable:
        # Take from the widest cuttable column first, so long texts share the room.
        widest = max(cuttable, key=lambda i: widths[i])
        floor = MIN_CUT_WIDTH
        if widths[widest] <= floor:
            cuttable.remove(widest)
            continue
        widths[widest] -= 1
        excess -= 1
    lines = [_line([c.heading for c in columns], columns, widths)]
    lines.extend(_line(line, columns, widths) for line in cells)
    return lines


def _cell_text(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).split())


def _line(texts: Sequence[str], columns: Sequence[Column], widths: Sequence[int]) -> str:
    parts = []
    for text, column, width in zip(texts, columns, widths):
        if len(text) > width:
            text = text[: width - 1] + ELLIPSIS
        parts.append(text.rjust(width) if column.right else text.ljust(width))
    return GAP.join(parts).rstrip()


def say(message: str, fmt: str) -> None:
    """A summary line: under a table on standard output, else on standard error so
    that CSV and JSON stay clean for the program reading them."""
    click.echo(message, err=fmt != "table")
