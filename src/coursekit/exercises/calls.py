"""Calling a learner's function safely: on copies of the course's cases, within a time limit.

A function that runs past the limit is stopped and reported as such (never a hang of
``check()``). In the main thread, with no other timer running, the limit is a ``SIGALRM``
interval timer (this is where Jupyter runs a cell, so it also stops loops inside C code that
checks for signals); elsewhere, or when a timer is already armed (the grader's sandbox keeps one
per cell), a trace function checks the clock on every line the learner's code runs.
"""

from __future__ import annotations

import copy
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from coursekit.answers import encode

__all__ = ["TIMED_OUT", "call_learner", "time_limit"]

TIMED_OUT = "CoursekitTimeLimit"
"""How a stopped call is recorded in the answer (``{"raised": "CoursekitTimeLimit: 5"}``), so
that the answer keeps its plain-data shape across the sandbox boundary."""


class _TimedOut(BaseException):
    """Raised inside the learner's code when its time is up (a BaseException, so that a
    learner's ``except Exception`` cannot swallow it)."""


def _alarm_usable() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `_TimedOut` in the code run inside the block once `seconds` have passed."""
    if _alarm_usable():
        def on_alarm(signum: int, frame: Any) -> None:
            raise _TimedOut

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)  # again, if swallowed
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    deadline = time.monotonic() + seconds

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise _TimedOut
        return tracer

    previous_trace = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous_trace)


def call_learner(func: Callable[..., Any], args: tuple[Any, ...], limit: float
                 ) -> dict[str, Any]:
    """``{"result": encoded}`` or ``{"raised": "Error: message"}`` for one call of `func` on
    copies of `args`; a call past `limit` seconds is recorded as `TIMED_OUT`."""
    try:
        with time_limit(limit):
            result = func(*(copy.deepcopy(a) for a in args))
    except _TimedOut:
        return {"raised": f"{TIMED_OUT}: {limit:g}"}
    except Exception as exc:
        return {"raised": f"{type(exc).__name__}: {str(exc)[:200]}"}
    return {"result": encode(result)}
