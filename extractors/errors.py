"""Errors a reader raises for a file it cannot read: one clear line for the user; and
the time budget that stops a reader spending minutes on one pathological page."""

from __future__ import annotations

import signal
import threading
import time


class UnreadableDocument(Exception):
    """The file cannot be read as the format it claims (corrupt, encrypted, empty)."""


class UnsupportedFormat(Exception):
    """No reader handles this kind of file."""


class OverBudget(Exception):
    """Work took longer than the time it was given."""


class TimeBudget:
    """Seconds to spend across the `with` blocks it guards, in total; the block that
    overspends it is interrupted with OverBudget.

    SIGALRM interrupts pure-Python work wherever it has got to, which a watchdog
    thread cannot; a call into C finishes before the signal is seen. Python lets only
    the main thread set signal handlers, so elsewhere, or without SIGALRM, or with no
    budget (None or 0), the blocks run unlimited.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.spent = 0.0
        self._armed = False

    def __enter__(self) -> TimeBudget:
        self._armed = (
            bool(self.seconds)
            and self.seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        if not self._armed:
            return self
        remaining = self.seconds - self.spent
        if remaining <= 0:
            raise OverBudget(f"took longer than {self.seconds:g} s")
        self._previous = signal.signal(signal.SIGALRM, self._expire)
        self._started = time.monotonic()
        self._outer = signal.setitimer(signal.ITIMER_REAL, remaining)
        return self

    def __exit__(self, *exc_info) -> None:
        if not self._armed:
            return
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            # Restored even if the alarm went off on the way out of the block.
            signal.signal(signal.SIGALRM, self._previous if self._previous is not None else signal.SIG_DFL)
            elapsed = time.monotonic() - self._started
            self.spent += elapsed
            # An enclosing timer keeps its deadline, give or take this block's overrun.
            outer_delay, outer_interval = self._outer
            if outer_delay > 0:
                signal.setitimer(signal.ITIMER_REAL, max(outer_delay - elapsed, 0.001), outer_interval)

    def _expire(self, signum, frame) -> None:
        raise OverBudget(f"took longer than {self.seconds:g} s")
