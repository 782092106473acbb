"""The `scrutiny` command: argument parsing and printing only; the work is in the
library functions that the Python API (scrutiny.api) calls too."""

from scrutiny.pipeline.cli import read, write  # noqa: F401  (importing registers the commands)
from scrutiny.pipeline.cli.group import main

__all__ = ["main"]
