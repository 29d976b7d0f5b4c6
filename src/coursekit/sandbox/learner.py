"""The learner process: confines itself, then runs the submission's cells and sends answers.

Forked by the supervisor (`coursekit.sandbox.supervisor`). Before any learner code runs it:
starts a new session; keeps only stdin (``/dev/null``), stdout/stderr (one pipe, counted by the
monitor) and fd 3 (the message pipe); sets rlimits (address space, CPU, file size, processes,
open files, no core dumps); empties its capability bounding set, sets no-new-privileges and,
when it is root, becomes its own unprivileged uid; clears every remaining capability; installs
the seccomp filter (`coursekit.sandbox.seccomp`: no user namespaces, no ``setns``, and no memfd
when no cgroup counts memory). Then it runs each step in the forked IPython shell, and after a
step that captures question ``q`` collects ``q``'s answer from the collect-only plan
(`coursekit.sandbox.collect`) and sends it at once as an `Answer`.

The message pipe is fd 3: learner code can find it and write to it. That is harmless by
construction: the monitor accepts at most one answer per question, only for the question whose
step is running, chooses every status itself, and an answer is only ever *data* that the grader
judges.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
from typing import Any

from coursekit.sandbox.collect import collect
from coursekit.sandbox.frames import encode_frame, write_frame
from coursekit.sandbox.protocol import (
    Answer,
    Collect,
    Collecting,
    End,
    Job,
    Ran,
    Started,
    Uncollected,
    WorkerConfig,
)

__all__ = ["MESSAGE_FD", "run_learner", "short_traceback"]

MESSAGE_FD = 3
MAX_ANSWER_BYTES = 16 * 1024 * 1024


def run_learner(job: Job, shell: Any, config: WorkerConfig, msg_w: int, out_w: int
                ) -> None:  # pragma: no cover - runs in the sandbox child
    """Confine this process and run `job`'s steps; never returns."""
    try:
        _confine(config, msg_w, out_w)
        _Steps(job, shell, config).run()
    except BaseException:
        os._exit(71)
    os._exit(0)


def _confine(config: WorkerConfig, msg_w: int, out_w: int) -> None:  # pragma: no cover
    from coursekit.sandbox import isolation, seccomp

    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.dup2(msg_w, MESSAGE_FD)
    os.closerange(MESSAGE_FD + 1, 1 << 16)
    isolation.set_limits(_rlimits(config))
    isolation.drop_capabilities()
    isolation.no_new_privileges()
    if os.geteuid() == 0:
        isolation.drop_to_user(config.uid, config.uid)
    isolation.clear_capabilities()
    seccomp.install_filter(block_memfd=not config.cgroup_fds)
    os.mkdir("/tmp/work", 0o700)
    os.chdir("/tmp/work")
    os.environ.update({"HOME": "/tmp/work", "TMPDIR": "/tmp/work",
                       "MPLCONFIGDIR": "/tmp/work", "USER": "learner", "LOGNAME": "learner"})


def _rlimits(config: WorkerConfig) -> dict[int, int]:
    mib = 1024 * 1024
    limits = config.limits
    return {
        resource.RLIMIT_AS: _address_space() + limits.memory_mb * mib,
        resource.RLIMIT_CPU: int(limits.total_timeout) + 5,
        resource.RLIMIT_FSIZE: limits.file_size_mb * mib,
        resource.RLIMIT_NPROC: limits.max_processes,
        resource.RLIMIT_NOFILE: limits.max_open_files,
        resource.RLIMIT_CORE: 0,
    }


def _address_space() -> int:
    """Bytes of address space this (forked, warm) process already maps."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


class _Interrupt(KeyboardInterrupt):
    """Raised in learner code when a cell passes its time limit."""


class _Steps:
    """Runs steps in the shell and sends messages on fd 3 (inside the learner process)."""

    def __init__(self, job: Job, shell: Any, config: WorkerConfig) -> None:
        import builtins

        self.steps = job.steps
        self.plans: dict[str, Collect] = {c.question: c for c in job.collect}
        self.shell = shell
        self.namespace = shell.user_ns
        self.run_cell = type(shell).run_cell
        self.cell_timeout = config.limits.cell_timeout
        self.armed = False
        self.fired = False
        self.write = write_frame
        self.encode = encode_frame
        self.builtins = builtins.__dict__
        self.our_builtins = dict(builtins.__dict__)

    def run(self) -> None:
        signal.signal(signal.SIGALRM, self._on_alarm)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for index, step in enumerate(self.steps):
            self.send(Started(index).to_dict())
            outcome, error = self._cell(step.code)
            theirs = self._swap_builtins(self.our_builtins)
            self.send(Ran(index, outcome, error).to_dict())
            if step.capture:
                self.send(Collecting(index, step.capture).to_dict())
                self._collect(step.capture, index)
            self._swap_builtins(theirs)
        self.send(End().to_dict())

    def _swap_builtins(self, wanted: dict[str, Any]) -> dict[str, Any]:
        """Install `wanted` as the builtins; return the ones the learner's cells left.

        The sandbox's own code and the collection of answers always run with the builtins as
        they were before any learner code; the learner's patches come back for their next cell.
        """
        current = dict(self.builtins)
        self.builtins.clear()
        self.builtins.update(wanted)
        return current

    def send(self, message: dict[str, Any]) -> None:
        self.write(MESSAGE_FD, message)

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if self.armed:
            self.fired = True
            raise _Interrupt(f"cell stopped after {self.cell_timeout:g} s")

    def _arm(self) -> None:
        self.fired = False
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.cell_timeout)

    def _disarm(self) -> None:
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)

    def _cell(self, code: str) -> tuple[str, str]:
        """Run one cell: (outcome, the learner's error as text)."""
        error: BaseException | None = None
        try:
            self._arm()
            try:
                result = self.run_cell(self.shell, code, store_history=False)
            finally:
                self._disarm()
            error = result.error_before_exec or result.error_in_exec
        except BaseException as exc:
            self._disarm()
            error = exc
        _flush()
        if self.fired:
            return "timeout", ""
        if error is None:
            return "ok", ""
        if isinstance(error, MemoryError):
            return "memory", ""
        return "error", describe(error)

    def _collect(self, question: str, index: int) -> None:
        plan = self.plans.get(question)
        try:
            self._arm()
            try:
                answer = collect(plan, self.namespace) if plan else {"t": "missing"}
                frame = self.encode(Answer(index, question, answer).to_dict())
            finally:
                self._disarm()
        except BaseException as exc:
            reason = ("timeout" if self.fired else "memory" if isinstance(exc, MemoryError)
                      else "raised")
            self.send(Uncollected(index, question, reason, describe(exc)).to_dict())
            return
        if len(frame) > MAX_ANSWER_BYTES:
            frame = self.encode(Answer(index, question, {
                "t": "unsupported", "type": "?", "repr": "", "reason": "too large"}).to_dict())
        _write_all(frame)


def _write_all(frame: bytes) -> None:
    view = memoryview(frame)
    while view:
        view = view[os.write(MESSAGE_FD, view):]


def describe(error: BaseException) -> str:
    """``Type: message`` for an exception, reading only plain-data arguments."""
    name = type(error).__name__
    args = getattr(error, "args", ())
    plain = (str, int, float, type(None))
    text = ""
    try:
        if type(args) is tuple and all(type(a) in plain for a in args) \
                and type(getattr(error, "filename", None)) in plain:
            text = str(error) if type(error).__module__ == "builtins" else \
                next((a for a in args if type(a) is str), "")
    except Exception:
        text = ""
    return f"{str(name)[:80]}: {text[:200]}" if text else str(name)[:80]


def short_traceback(*args: Any, **kwargs: Any) -> None:
    """Print one line for a cell's error: nobody reads the run's output, and IPython's full
    traceback formatter costs most of a second per error."""
    error = sys.exc_info()[1]
    if error is not None:
        print(describe(error), file=sys.stderr)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
