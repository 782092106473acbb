"""What the user sees during an ingest: a progress bar on a terminal, one plain line
per file otherwise, and a summary at the end."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from scrutiny.pipeline.ingest.run import FileOutcome, IngestSummary

# Beyond this many ignored files of one kind, the summary gives a count.
IGNORED_LISTED = 5


class IngestDisplay:
    def __init__(self, interactive: bool):
        self.interactive = interactive
        self.console = Console(stderr=True, highlight=False)
        self.progress: Progress | None = None
        self.task = None

    def __enter__(self) -> IngestDisplay:
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def start(self, total: int) -> None:
        if self.interactive:
            self.progress = Progress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=self.console,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("", total=total)
        else:
            click.echo(f"ingesting {total} files", err=True)

    def advance(self, outcome: FileOutcome) -> None:
        line = _outcome_line(outcome)
        if self.progress is not None:
            if outcome.status == "failed":
                self.progress.console.print(line, markup=False)
            self.progress.update(self.task, advance=1, description=outcome.path.name[:40])
        else:
            click.echo(line, err=True)

    def store_waiting(self, message: str) -> None:
        """The store went away mid-run and the run is waiting for it."""
        if self.progress is not None:
            self.progress.console.print(message, markup=False)
        else:
            click.echo(message, err=True)

    def print_summary(self, summary: IngestSummary) -> None:
        for path in summary.missing:
            click.echo(f"missing {path}: no such file or folder")
        for reason, paths in _group_ignored(summary.ignored).items():
            if len(paths) <= IGNORED_LISTED:
                for path in paths:
                    click.echo(f"ignored {path}: {reason}")
            else:
                click.echo(f"ignored {len(paths)} files: {reason} (first: {paths[0]})")
        for problem in summary.manifest_problems:
            click.echo(f"manifest: {problem}")
        click.echo(
            f"documents: {summary.count('ingested')} ingested, {summary.count('skipped')} skipped, "
            f"{summary.count('failed')} failed; pairs: {summary.items}; themes: {summary.themes}"
        )
        ingested = [o for o in summary.outcomes if o.status == "ingested"]
        if ingested:
            yielding = sum(1 for o in ingested if o.items)
            empty = len(ingested) - yielding
            click.echo(
                f"{_count(summary.items, 'recommendation')} with progress found in {_count(yielding, 'paper')}; "
                f"{_count(empty, 'paper')} had none"
            )
        if summary.failed:
            click.echo("failed:")
            for outcome in summary.failed:
                click.echo(f"  {outcome.path}: {outcome.message}")


def _group_ignored(ignored: list[tuple[Path, str]]) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = {}
    for path, reason in ignored:
        groups.setdefault(reason, []).append(path)
    return groups


def _outcome_line(outcome: FileOutcome) -> str:
    if outcome.status == "ingested":
        return f"ingested {outcome.path} ({outcome.items} pairs)"
    if outcome.status == "skipped":
        return f"skipped {outcome.path}: {outcome.message}"
    return f"failed {outcome.path}: {outcome.message}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
