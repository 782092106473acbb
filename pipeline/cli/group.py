"""The command group every `scrutiny` command belongs to, and the one place where a
failure becomes what the user sees: one line saying what is wrong and what to do,
exit status 2 for a usage error and 1 for anything else. The traceback is shown
only with --debug (anywhere on the command line) or SCRUTINY_DEBUG=1."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import click

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
DEBUG_FLAG = "--debug"
DEBUG_ENV = "SCRUTINY_DEBUG"
USAGE_STATUS = 2
FAILURE_STATUS = 1
INTERRUPTED_STATUS = 130


class ScrutinyGroup(click.Group):
    """A click group whose failures end in one line (see the module's docstring)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        debug, args = _take_debug_flag(args)
        debug = debug or os.environ.get(DEBUG_ENV, "").strip() not in ("", "0")
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message(), err=True)
            sys.exit(USAGE_STATUS)
        except Exception as exc:  # the boundary: every failure ends here
            if debug:
                traceback.print_exc()
            line, status = failure_line(exc)
            click.echo(f"error: {line}", err=True)
            sys.exit(status)
        except KeyboardInterrupt:
            if debug:
                traceback.print_exc()
            click.echo("interrupted", err=True)
            sys.exit(INTERRUPTED_STATUS)
        # A command's return value is not a status; click's Exit (--help, --version) is.
        sys.exit(status if isinstance(status, int) else 0)


def _take_debug_flag(args: list[str]) -> tuple[bool, list[str]]:
    """Whether --debug was given before any "--", and the arguments without it, so
    it may stand anywhere: `scrutiny --debug ingest ...` or `scrutiny ingest ... --debug`."""
    end = args.index("--") if "--" in args else len(args)
    kept = [arg for arg in args[:end] if arg != DEBUG_FLAG]
    return len(kept) != end, kept + args[end:]


def failure_line(exc: BaseException) -> tuple[str, int]:
    """The one line (without "error: ") and the exit status a failure ends in."""
    from sqlalchemy.exc import DBAPIError

    from scrutiny.models.faults import StoreFault, StoreUrlInvalid, error_detail
    from scrutiny.pipeline.ingest.manifest import ManifestError
    from scrutiny.pipeline.ingest.run import describe_error
    from scrutiny.pipeline.themes import TaxonomyError

    if isinstance(exc, click.UsageError):
        where = f"; see `{exc.ctx.command_path} --help`" if exc.ctx is not None else ""
        return _one_line(exc.format_message()).rstrip(".") + where, USAGE_STATUS
    if isinstance(exc, click.ClickException):
        return _one_line(exc.format_message()), exc.exit_code or FAILURE_STATUS
    if isinstance(exc, click.Abort):
        return "aborted", FAILURE_STATUS
    if isinstance(exc, StoreUrlInvalid):
        return _one_line(str(exc)), USAGE_STATUS
    if isinstance(exc, (StoreFault, TaxonomyError, ManifestError)):
        return _one_line(str(exc)), FAILURE_STATUS
    if isinstance(exc, DBAPIError):
        return f"the store failed: {error_detail(exc)} (run with --debug for details)", FAILURE_STATUS
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}", FAILURE_STATUS
    return f"{describe_error(exc)} (run with --debug to see where, and report it)", FAILURE_STATUS


def _one_line(message: str) -> str:
    return " ".join(message.split())


@click.group("scrutiny", cls=ScrutinyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="scrutiny")
@click.option(
    DEBUG_FLAG,
    is_flag=True,
    expose_value=False,
    help=f"On failure, show the traceback too (also ${DEBUG_ENV}=1); may go anywhere on the line.",
)
def main() -> None:
    """Turn council scrutiny papers into a database of recommendations and progress."""
