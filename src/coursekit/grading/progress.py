"""Progress of a grading run, with an estimate of the time left.

On a terminal: one line redrawn in place (``Grading [#####.....] 12/40, about 1 min left``).
Elsewhere (a log file, CI, a pipe): a plain line every `every` seconds, and one at the end, so
that a long run is never silent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress", "eta_text"]


def eta_text(seconds: float) -> str:
    """A rounded duration for people: "under 10 s", "40 s", "3 min", "1 h 5 min"."""
    if seconds < 10:
        return "under 10 s"
    if seconds < 60:
        return f"{int(round(seconds, -1))} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


class Progress:
    """Counts finished submissions and shows progress on `stream` (if `enabled`)."""

    def __init__(self, total: int, stream: TextIO, enabled: bool, *, every: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.done, self.stream, self.enabled = total, 0, stream, enabled
        self.every, self.clock = every, clock
        self.tty = enabled and bool(getattr(stream, "isatty", lambda: False)())
        self.start = clock()
        self.last_line = self.start

    def step(self) -> None:
        """One more submission finished."""
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            self._bar()
        elif self.clock() - self.last_line >= self.every or self.done == self.total:
            self.last_line = self.clock()
            self.stream.write(f"Grading: {self._status()}\n")
            self.stream.flush()

    def _status(self) -> str:
        elapsed = self.clock() - self.start
        text = f"{self.done}/{self.total} done"
        left = self.total - self.done
        if left and self.done:
            eta = eta_text(elapsed / self.done * left)
            text += f", {eta} left" if eta.startswith("under") else f", about {eta} left"
        elif not left:
            text += f" in {eta_text(elapsed)}"
        return text

    def _bar(self) -> None:
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        self.stream.write(f"\rGrading [{'#' * filled}{'.' * (width - filled)}] "
                          f"{self._status()}\033[K")
        self.stream.flush()

    def close(self) -> None:
        """End the progress line (on a terminal)."""
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()
