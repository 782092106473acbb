"""The command group every `scrutiny` command belongs to."""

from __future__ import annotations

import click

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="scrutiny")
def main() -> None:
    """Turn council scrutiny papers into a database of recommendations and progress."""
