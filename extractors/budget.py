"""The time budget that stops a reader spending minutes on one pathological page."""

from __future__ import annotations

import ctypes
import signal
import threading
import time


class OverBudget(Exception):
    """Work took longer than the time it was given."""


class TimeBudget:
    """Seconds to spend across the `with` blocks it guards, in total; the block that
    overspends it is interrupted with OverBudget.

    On the main thread SIGALRM interrupts the work wherever it has got to, even in a
    sleep. Python lets only the main thread handle signals, so on any other thread (a
    Dask worker's, say) a timer thread raises OverBudget in the working thread
    instead; that is seen at its next Python instruction, so a call into C (PDFium
    parsing a page) finishes first. With no budget (None or 0) the blocks run
    unlimited.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.spent = 0.0
        self._alarm: _Alarm | None = None

    def __enter__(self) -> TimeBudget:
        if not self.seconds or self.seconds <= 0:
            return self
        remaining = self.seconds - self.spent
        if remaining <= 0:
            raise OverBudget(f"took longer than {self.seconds:g} s")
        on_main_thread = threading.current_thread() is threading.main_thread()
        self._alarm = _SignalAlarm(self.seconds) if on_main_thread and hasattr(signal, "setitimer") else _ThreadAlarm()
        self._alarm.start(remaining)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._alarm is not None:
            alarm, self._alarm = self._alarm, None
            self.spent += alarm.stop()


class _Alarm:
    def start(self, seconds: float) -> None:
        raise NotImplementedError

    def stop(self) -> float:
        """Disarm; the seconds since start."""
        raise NotImplementedError


class _SignalAlarm(_Alarm):
    def __init__(self, budget: float) -> None:
        self._budget = budget

    def start(self, seconds: float) -> None:
        self._previous = signal.signal(signal.SIGALRM, self._expire)
        self._started = time.monotonic()
        self._outer = signal.setitimer(signal.ITIMER_REAL, seconds)

    def stop(self) -> float:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            # Restored even if the alarm went off on the way out of the block.
            signal.signal(signal.SIGALRM, self._previous if self._previous is not None else signal.SIG_DFL)
            elapsed = time.monotonic() - self._started
            # An enclosing timer keeps its deadline, give or take this block's overrun.
            outer_delay, outer_interval = self._outer
            if outer_delay > 0:
                signal.setitimer(signal.ITIMER_REAL, max(outer_delay - elapsed, 0.001), outer_interval)
        return elapsed

    def _expire(self, signum, frame) -> None:
        raise OverBudget(f"took longer than {self._budget:g} s")


class _ThreadAlarm(_Alarm):
    """Raises OverBudget asynchronously in the thread that started it."""

    def start(self, seconds: float) -> None:
        self._thread_id = threading.get_ident()
        self._lock = threading.Lock()
        self._armed = True
        self._fired = False
        self._started = time.monotonic()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> float:
        self._timer.cancel()
        with self._lock:
            self._armed = False
            if self._fired:
                # Fired as the block was ending: withdraw the exception if it has
                # not been raised yet, so it cannot go off in the caller's code.
                _raise_in_thread(self._thread_id, None)
        return time.monotonic() - self._started

    def _expire(self) -> None:
        with self._lock:
            if self._armed:
                self._fired = True
                _raise_in_thread(self._thread_id, OverBudget)


def _raise_in_thread(thread_id: int, exception: type[BaseException] | None) -> None:
    """Have the thread raise `exception` at its next Python instruction (None: cancel
    one that is pending)."""
    pending = ctypes.py_object(exception) if exception is not None else ctypes.c_void_p()  # NULL
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), pending)
