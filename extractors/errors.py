"""Errors a reader raises for a file it cannot read, and the one line that tells a
user what went wrong."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The file cannot be read as the format it claims (corrupt, encrypted, empty)."""


class UnsupportedFormat(Exception):
    """No reader handles this kind of file."""


def describe_exception(exc: BaseException) -> str:
    """The exception's type and the first line of its message, on one line."""
    message = str(exc).strip()
    first_line = message.splitlines()[0] if message else ""
    return f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
