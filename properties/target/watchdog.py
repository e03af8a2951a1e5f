"""Time limits for calls into a target: `with time_limit(5, "Activation_ReLU.backward"): ...` raises
CallTimeout in the calling thread when the block overruns, from one daemon watchdog thread (a
forked process starts its own), via CPython's PyThreadState_SetAsyncExc (no signals: Linux, macOS
and Windows alike).

The exception is delivered only when the thread next runs Python bytecode, so a C call that never
returns (a sleep, a blocking read, one huge NumPy operation) is not stopped, nor is target code that
catches every exception and carries on; that is acceptable because importing a target, where such
things happen, is first tried in a child process that is killed (properties/target/probe.py). Each arming
fires at most once, and a pending exception is cleared if the block finished first, so nothing is
ever raised after the `with` statement: an overrun surfaces from the block or from the statement.
"""

from __future__ import annotations

import ctypes
import math
import os
import threading
import time
from types import TracebackType
from typing import Any

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc


class CallTimeout(Exception):
    """A block guarded by `time_limit` ran longer than its limit; `what` names the call."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"{what} did not return within {seconds:g} s")
        self.what, self.seconds = what, seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return CallTimeout, (self.what, self.seconds)


class _Limit:
    """One armed block: its thread, deadline and whether the watchdog fired or the exception arrived."""

    __slots__ = ("deadline", "delivered", "fired", "seconds", "thread", "what")

    def __init__(self, seconds: float, what: str) -> None:
        if not (isinstance(seconds, int | float) and 0 < seconds < math.inf):
            raise ValueError(f"time_limit({seconds!r}, {what!r}): the limit must be a positive, finite "
                             "number of seconds")
        self.seconds, self.what = seconds, what
        self.fired = self.delivered = False

    def __enter__(self) -> _Limit:
        self.thread = threading.get_ident()
        self.deadline = time.monotonic() + self.seconds
        try:
            _WATCHDOG.arm(self)
        except BaseException:  # an outer limit of this thread fired meanwhile: leave nothing armed
            _WATCHDOG.disarm(self)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        _WATCHDOG.disarm(self)

    def expired(self) -> type[CallTimeout]:
        """The class the watchdog raises in the thread: Python instantiates it there, with no
        arguments, which marks the exception delivered (so the exit need not clear it)."""
        limit = self

        class Expired(CallTimeout):
            def __init__(self) -> None:
                limit.delivered = True
                super().__init__(limit.what, limit.seconds)

        Expired.__name__ = Expired.__qualname__ = "CallTimeout"
        return Expired


class _Watchdog:
    """The daemon thread and the armed limits. Arming and disarming take one lock and touch a set
    (microseconds); the thread sleeps until the earliest deadline it knows of, and is woken only
    when a new limit ends sooner than that."""

    def __init__(self) -> None:
        # a plain Lock in the callers' paths: its C-level `with` cannot be interrupted half-way
        self._lock = threading.Lock()
        self._wakeup = threading.Condition(self._lock)
        self._armed: set[_Limit] = set()
        self._next_wake = math.inf
        self._thread: threading.Thread | None = None

    def arm(self, limit: _Limit) -> None:
        with self._lock:
            self._armed.add(limit)
            if limit.deadline < self._next_wake:
                self._next_wake = limit.deadline
                if self._thread is None:
                    self._thread = threading.Thread(target=self._watch, name="backprop-watchdog",
                                                    daemon=True)
                    self._thread.start()
                self._wakeup.notify()

    def disarm(self, limit: _Limit) -> None:
        with self._lock:
            self._armed.discard(limit)
            if limit.fired and not limit.delivered:  # the block won the race: drop the pending exception
                _set_async_exc(ctypes.c_ulong(limit.thread), None)

    def _watch(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for limit in [limit for limit in self._armed if limit.deadline <= now]:
                    self._armed.discard(limit)  # at most one shot per arming
                    limit.fired = True
                    _set_async_exc(ctypes.c_ulong(limit.thread), ctypes.py_object(limit.expired()))
                self._next_wake = min((limit.deadline for limit in self._armed), default=math.inf)
                self._wakeup.wait(None if self._next_wake == math.inf else self._next_wake - now)


_WATCHDOG = _Watchdog()


def _start_afresh() -> None:
    """In a forked child, which has no watchdog thread (nor the parent's armed limits)."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_start_afresh)


def time_limit(seconds: float, what: str) -> _Limit:
    """A context manager: CallTimeout(f"{what} did not return within {seconds:g} s") is raised in
    this thread if the block is still running after `seconds`. Limits nest, in any thread."""
    return _Limit(seconds, what)
