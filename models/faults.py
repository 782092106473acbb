"""What can go wrong with the store itself, said in one line, and which of those
faults are worth waiting out.

Store operations fail for three kinds of reason that call for different answers:

- a *conflict* with a concurrent transaction (deadlock, serialization failure, a
  SQLite writer holding the lock): the database expects the client to try again at
  once, a few times;
- an *outage*: the connection dropped or the server is restarting or unreachable; a
  caller that has begun its work waits and retries, within a time budget;
- a *refusal* that waiting does not mend (disk full, read-only store, no permission)
  or a store that is not there at all: the caller stops and says so.

:func:`retrying` applies that policy to one transaction; :func:`store_fault` turns a
database error into a :class:`StoreFault` whose message is the one line a user sees.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from sqlalchemy import URL
from sqlalchemy.exc import DBAPIError

# SQLSTATEs a concurrent transaction causes: the loser is expected to try again.
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
# The server is shutting down, crashed or still starting (class 57P), or the
# connection itself failed (class 08).
OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
OUTAGE_SQLSTATE_CLASSES = frozenset({"08"})
DISK_FULL_SQLSTATES = frozenset({"53100"})  # disk_full
READ_ONLY_SQLSTATES = frozenset({"25006"})  # read_only_sql_transaction
PERMISSION_SQLSTATES = frozenset({"42501"})  # insufficient_privilege

# SQLite primary result codes (the low byte of an extended code).
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 3, 8, 10, 11, 13, 14
SQLITE_NOTADB = 26

# libpq reports failures to connect as text, without a SQLSTATE.
_UNREACHABLE_WORDS = (
    "connection refused",
    "could not connect",
    "connection timed out",
    "timeout expired",
    "server closed the connection",
    "connection is closed",
    "connection is lost",
    "connection not open",
    "the database system is shutting down",
    "the database system is starting up",
    "the database system is in recovery mode",
    "terminating connection",
    "consuming input failed",
    "sending query failed",
    "no route to host",
    "network is unreachable",
    "ssl syscall error",
    "eof detected",
)

# Conflicts are retried this many times in all; they clear at once or not at all.
CONFLICT_ATTEMPTS = 5
# Waits between tries while the store is away: growing, then level.
FIRST_OUTAGE_WAIT_SECONDS = 0.25
LONGEST_OUTAGE_WAIT_SECONDS = 5.0
DEFAULT_OUTAGE_BUDGET_SECONDS = 60.0


class Failure(Enum):
    CONFLICT = "conflict"
    OUTAGE = "outage"
    DISK_FULL = "disk full"
    READ_ONLY = "read-only"
    PERMISSION = "permission"
    NOT_A_DATABASE = "not a database"
    OTHER = "other"


class StoreFault(Exception):
    """A problem with the store rather than with a paper; ``str()`` is one line
    saying what is wrong and what to do."""


class StoreUrlInvalid(StoreFault):
    """The store was named in a way that names no store scrutiny can use."""


class StoreMissing(StoreFault):
    """Asked to read a store that does not exist or has no tables yet."""


class StoreOutdated(StoreFault):
    """The store's schema is older (or newer) than this version of scrutiny."""


class StoreUnreachable(StoreFault):
    """The database server cannot be reached, or refuses the connection."""


class StoreRefusedWrite(StoreFault):
    """The store will not take writes: disk full, read-only, no permission."""


def classify(exc: DBAPIError) -> Failure:
    """Which kind of failure a database error is."""
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate:
        if sqlstate in CONFLICT_SQLSTATES:
            return Failure.CONFLICT
        if sqlstate in OUTAGE_SQLSTATES or sqlstate[:2] in OUTAGE_SQLSTATE_CLASSES:
            return Failure.OUTAGE
        if sqlstate in DISK_FULL_SQLSTATES:
            return Failure.DISK_FULL
        if sqlstate in READ_ONLY_SQLSTATES:
            return Failure.READ_ONLY
        if sqlstate in PERMISSION_SQLSTATES:
            return Failure.PERMISSION
        return Failure.OTHER
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return _SQLITE_FAILURES.get(code & 0xFF, Failure.OTHER)
    if exc.connection_invalidated or _names_an_outage(str(orig)):
        return Failure.OUTAGE
    return Failure.OTHER


_SQLITE_FAILURES = {
    SQLITE_BUSY: Failure.CONFLICT,
    SQLITE_LOCKED: Failure.CONFLICT,
    SQLITE_FULL: Failure.DISK_FULL,
    SQLITE_READONLY: Failure.READ_ONLY,
    SQLITE_PERM: Failure.PERMISSION,
    SQLITE_CANTOPEN: Failure.PERMISSION,
    SQLITE_NOTADB: Failure.NOT_A_DATABASE,
    SQLITE_CORRUPT: Failure.NOT_A_DATABASE,
}


def _names_an_outage(message: str) -> bool:
    lowered = message.lower()
    return any(words in lowered for words in _UNREACHABLE_WORDS)


def is_conflict(exc: DBAPIError) -> bool:
    """A concurrent transaction made this one fail; trying again may well succeed."""
    return classify(exc) is Failure.CONFLICT


def is_outage(exc: DBAPIError) -> bool:
    """The connection to the store failed or the server is restarting."""
    return classify(exc) is Failure.OUTAGE


def shown_url(url: URL) -> str:
    """The store as a user named it: a SQLite file's path, else the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def server_address(url: URL) -> str:
    """HOST:PORT of a database server's URL."""
    return f"{url.host or 'localhost'}:{url.port or 5432}"


def store_fault(exc: DBAPIError, url: URL) -> StoreFault | None:
    """The :class:`StoreFault` a database error amounts to, or None when it is not a
    fault of the store (a bad row, a bug) and should be reported as such."""
    failure = classify(exc)
    where = shown_url(url)
    detail = error_detail(exc)
    if failure is Failure.DISK_FULL:
        return StoreRefusedWrite(f"the disk holding the store {where} is full: free some space")
    if failure is Failure.READ_ONLY:
        return StoreRefusedWrite(f"the store {where} is read-only: pass --db a store you can write to")
    if failure is Failure.PERMISSION:
        return StoreRefusedWrite(f"no permission to use the store {where} ({detail}): check its owner and rights")
    if failure is Failure.NOT_A_DATABASE:
        return StoreUrlInvalid(f"{where} is not a scrutiny store ({detail}): pass --db the right file")
    if failure is Failure.OUTAGE:
        return StoreUnreachable(
            f"cannot reach the store at {server_address(url)} ({detail}): "
            "is the database server running, and is --db right?"
        )
    lowered = detail.lower()
    if url.get_backend_name() == "postgresql":
        if "database" in lowered and "does not exist" in lowered:
            return StoreUnreachable(
                f"database {url.database!r} does not exist on {server_address(url)}: "
                f"create it (createdb {url.database}) or fix --db"
            )
        if "role" in lowered and "does not exist" in lowered:
            return StoreUnreachable(f"the server at {server_address(url)} has no user {url.username!r}: fix --db")
        if "authentication failed" in lowered or "no password supplied" in lowered:
            return StoreUnreachable(f"the server at {server_address(url)} refused the login ({detail}): fix --db")
        if "failed to resolve host" in lowered or "could not translate host name" in lowered:
            return StoreUnreachable(f"no such host {url.host!r}: fix --db")
    return None


def error_detail(error: BaseException | None) -> str:
    """The database's own reason for an error, in a few words on one line."""
    if isinstance(error, DBAPIError):
        error = error.orig
    text = str(error or "").strip()
    # libpq prefixes its messages; the reason is in the last of its parts.
    line = text.splitlines()[0] if text else ""
    for marker in ("FATAL:", "ERROR:"):
        if marker in line:
            line = line.split(marker, 1)[1]
    if line.startswith("connection failed:"):
        line = line.split(":", 1)[1]
        if " failed: " in line:
            line = line.rsplit(" failed: ", 1)[1]
    return " ".join(line.split()) or type(error).__name__


_T = TypeVar("_T")


def retrying(
    work: Callable[[], _T],
    *,
    outage_budget: float = 0.0,
    also: type[Exception] | None = None,
    on_wait: Callable[[DBAPIError, float], None] | None = None,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> _T:
    """``work()``, tried again when it failed for a reason that may pass.

    ``work`` must run its own transaction, so a failed try leaves nothing behind.
    A conflict with a concurrent transaction (or an error of type ``also``) is tried
    again up to CONFLICT_ATTEMPTS times in all, after short jittered pauses. A lost or
    refused connection is tried again, after growing pauses, for as long as
    ``outage_budget`` seconds allow; ``on_wait(error, seconds)`` hears of each pause.
    Whatever still fails is raised as it came. ``sleep`` and ``clock`` default to
    the time module's.
    """
    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    conflicts = 0
    outage_started: float | None = None
    wait = FIRST_OUTAGE_WAIT_SECONDS
    while True:
        try:
            return work()
        except DBAPIError as exc:
            failure = classify(exc)
            if failure is Failure.CONFLICT or (also is not None and isinstance(exc, also)):
                conflicts += 1
                if conflicts >= CONFLICT_ATTEMPTS:
                    raise
                # Jittered, growing pauses so two runs do not collide again in step.
                sleep(random.uniform(0.05, 0.2) * conflicts)
                continue
            if failure is not Failure.OUTAGE:
                raise
            now = clock()
            if outage_started is None:
                outage_started = now
            left = outage_budget - (now - outage_started)
            if left <= 0:
                raise
            pause = min(wait, left)
            if on_wait is not None:
                on_wait(exc, pause)
            sleep(pause)
            wait = min(wait * 2, LONGEST_OUTAGE_WAIT_SECONDS)


__all__ = [
    "CONFLICT_ATTEMPTS",
    "DEFAULT_OUTAGE_BUDGET_SECONDS",
    "Failure",
    "StoreFault",
    "StoreMissing",
    "StoreOutdated",
    "StoreRefusedWrite",
    "StoreUnreachable",
    "StoreUrlInvalid",
    "classify",
    "error_detail",
    "is_conflict",
    "is_outage",
    "retrying",
    "server_address",
    "shown_url",
    "store_fault",
]
