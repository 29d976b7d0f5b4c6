"""The submission monitor: reads one job, starts its supervisor, keeps the clocks, reports.

Forked by the warm worker (`coursekit.sandbox.worker`) for exactly one submission, so it starts
from an image that never held another learner's data. It reads its `Job` from the grader's pipe
itself, then forks the *supervisor* (`coursekit.sandbox.supervisor`) as PID 1 of a new PID
namespace and watches the run from outside it: the learner process's messages on the message
pipe (validated with `coursekit.sandbox.protocol`), the output volume (capped while it streams)
and the deadlines. It writes one `RunResult` to the grader and exits.

Trust zone: trusted code that holds one learner's data. Learner code cannot reach it (another PID
namespace, not dumpable, another uid as root). The clocks are kept here: the per-notebook
deadline is fixed when the run starts and nothing extends it; a per-cell deadline restarts only
when the run reaches a *new* step (each step once, in order) and once when that step's answer
is collected, so no message from learner code can buy more time. Every status is chosen here
from the closed set `RUN_STATUSES`; text that came from learner code appears only quoted.
"""

from __future__ import annotations

import os
import select
import signal
import struct
import time
from dataclasses import dataclass, field
from typing import Any

from coursekit.exercises.feedback import Status
from coursekit.sandbox.frames import MAX_FRAME, FrameError, FrameReader, parse_body, write_frame
from coursekit.sandbox.protocol import (
    LEARNER_MESSAGES,
    Answer,
    Collecting,
    End,
    Job,
    Ran,
    RunResult,
    Started,
    Uncollected,
    WorkerConfig,
    decode,
)

__all__ = ["KILL_GRACE", "MAX_ANSWER_BYTES", "quoted", "run_one"]

MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""An answer whose JSON is larger than this is sent as ``unsupported`` (too large)."""
KILL_GRACE = 2.0
"""Seconds a cell may outlive its timeout interrupt before the whole run is killed."""
_MISSING = {"t": "missing"}


def quoted(text: str, limit: int = 200) -> str:
    """Learner-supplied text as quoted data: control characters removed, cut, in quotes."""
    clean = "".join(ch if ch.isprintable() else " " for ch in str(text)[:limit])
    return f"“{clean}”"


def _read_exact(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        data = os.read(fd, min(left, 1 << 20))
        if not data:
            raise FrameError("the job pipe closed in the middle of a job")
        chunks.append(data)
        left -= len(data)
    return b"".join(chunks)


def read_job(fd: int) -> Job:
    """Read exactly one job frame from `fd` (nothing after it) and validate it."""
    (length,) = struct.unpack(">I", _read_exact(fd, 4))
    if length > MAX_FRAME:
        raise FrameError(f"job frame of {length} bytes exceeds the cap")
    job = decode(parse_body(_read_exact(fd, length)), (Job,))
    assert isinstance(job, Job)
    return job


def run_one(job_in: int, result_out: int, shell: Any, config: WorkerConfig) -> int:
    """Read one job, run it, write its result; the monitor's exit code."""
    from coursekit.sandbox import isolation

    isolation.not_dumpable()
    job = read_job(job_in)
    os.close(job_in)
    started = time.monotonic()
    watch = _launch(job, shell, config)
    write_frame(result_out, watch.finish(job.key, started).to_dict())
    return 0


def _launch(job: Job, shell: Any, config: WorkerConfig) -> _Watch:
    from coursekit.sandbox import isolation
    from coursekit.sandbox.supervisor import supervise

    msg_r, msg_w = os.pipe()
    out_r, out_w = os.pipe()
    stat_r, stat_w = os.pipe()
    oom_before = _oom_kills(config.oom_fd)
    isolation.unshare(isolation.CLONE_NEWPID)  # the next child is PID 1 of a new namespace
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the supervisor
        for fd in (msg_r, out_r, stat_r):
            os.close(fd)
        supervise(job, shell, config, msg_w, out_w, stat_w)
    for fd in (msg_w, out_w, stat_w):
        os.close(fd)
    watch = _Watch(job, config, pid, msg_r, out_r, stat_r, oom_before)
    watch.loop()
    return watch


def _oom_kills(fd: int) -> int:
    """The submission cgroup's OOM-kill counter (0 without a cgroup)."""
    if fd < 0:
        return 0
    try:
        text = os.pread(fd, 4096, 0).decode("ascii", "replace")
    except OSError:
        return 0
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == "oom_kill" and value.strip().isdigit():
            return int(value)
    return 0


@dataclass
class _Watch:
    """The monitor's view of one run: messages, output volume, deadlines; kills when needed."""

    job: Job
    config: WorkerConfig
    pid: int
    msg_r: int
    out_r: int
    stat_r: int
    oom_before: int
    reader: FrameReader = field(default_factory=lambda: FrameReader(MAX_ANSWER_BYTES + 4096))
    answers: dict[str, Any] = field(default_factory=dict)
    statuses: dict[str, tuple[str, str]] = field(default_factory=dict)
    current: int = -1
    collecting: int = -1
    window: tuple[str, str] | None = None   # worst problem since the last capture
    ended: bool = False
    output: int = 0
    killed: tuple[str, str] | None = None
    exit_note: str = ""
    label: str = "start-up"
    total_deadline: float = 0.0
    step_deadline: float | None = None

    def __post_init__(self) -> None:
        now = time.monotonic()
        self.total_deadline = now + self.config.limits.total_timeout
        self.step_deadline = now + self.config.limits.cell_timeout + KILL_GRACE

    # -- the loop ----------------------------------------------------------------------------
    def loop(self) -> None:
        pidfd = os.pidfd_open(self.pid)
        open_fds = {self.msg_r, self.out_r}
        try:
            while not self.killed:
                timeout = max(0.0, self._next_deadline() - time.monotonic())
                ready, _, _ = select.select([pidfd, *open_fds], [], [], timeout)
                for fd in ready:
                    if fd != pidfd and not self._read(fd):
                        open_fds.discard(fd)
                if pidfd in ready:
                    break
                self._check_deadlines()
        finally:
            self._kill_and_reap()
            os.close(pidfd)
            self._drain()

    def _next_deadline(self) -> float:
        return min(d for d in (self.total_deadline, self.step_deadline) if d is not None)

    def _read(self, fd: int) -> bool:
        data = os.read(fd, 1 << 16)
        if not data:
            return False
        if fd == self.out_r:
            self._count_output(len(data))
        else:
            self._feed(data)
        return True

    def _count_output(self, size: int) -> None:
        self.output += size
        cap = self.config.limits.output_bytes
        if self.output > cap and not self.killed:
            self.killed = (Status.OUTPUT_TRUNCATED, f"output passed the {cap:,}-byte cap "
                                                    f"during {self.label}; the run was stopped "
                                                    "there")

    def _feed(self, data: bytes) -> None:
        if self.killed:
            return
        try:
            for frame in self.reader.feed(data):
                self._on_message(decode(frame, LEARNER_MESSAGES))
        except FrameError as exc:
            self.killed = (Status.KERNEL_DIED, "the notebook's process broke the worker "
                                               f"protocol during {self.label} "
                                               f"({quoted(str(exc), 120)})")

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        limits = self.config.limits
        if self.killed:
            return
        if now >= self.total_deadline:
            self.killed = (Status.TIMEOUT, f"the notebook ran past the "
                                           f"{limits.total_timeout:g} s limit for a submission "
                                           f"(during {self.label}); it was stopped")
        elif self.step_deadline is not None and now >= self.step_deadline:
            self.killed = (Status.TIMEOUT, f"{self.label} ran past the {limits.cell_timeout:g} s "
                                           "cell limit and did not stop when interrupted; the "
                                           "run was stopped there")

    # -- messages from the learner process ---------------------------------------------------
    def _on_message(self, message: Any) -> None:
        if isinstance(message, Started) and self.current < message.i < len(self.job.steps):
            self.current = message.i
            self.label = _label(self.job, message.i)
            self._restart_step_clock()
        elif isinstance(message, Ran) and message.i == self.current:
            self._on_ran(message)
        elif isinstance(message, Collecting) and message.i == self.current \
                and self.collecting < message.i:
            self.collecting = message.i
            self.label = f"collecting {self._capture()}"
            self._restart_step_clock()
        elif isinstance(message, (Answer, Uncollected)) and message.i == self.current:
            self._on_answer(message)
        elif isinstance(message, End):
            self.ended = True
            self.step_deadline = None

    def _restart_step_clock(self) -> None:
        self.step_deadline = time.monotonic() + self.config.limits.cell_timeout + KILL_GRACE

    def _capture(self) -> str | None:
        if 0 <= self.current < len(self.job.steps):
            return self.job.steps[self.current].capture
        return None

    def _on_ran(self, ran: Ran) -> None:
        label = _label(self.job, ran.i)
        if ran.outcome == "timeout":
            problem = (Status.TIMEOUT,
                       f"{label} was stopped after {self.config.limits.cell_timeout:g} s")
        elif ran.outcome == "memory":
            problem = (Status.MEMORY_LIMIT, f"{label} ran out of memory (MemoryError)")
        elif ran.outcome == "error":
            problem = (Status.ERROR, f"{label} raised {quoted(ran.error)}")
        else:
            return
        if self.window is None or (self.window[0] == Status.ERROR
                                   and problem[0] != Status.ERROR):
            self.window = problem

    def _on_answer(self, message: Answer | Uncollected) -> None:
        question = self._capture()
        if question is None or message.q != question:
            return
        if question in self.answers or question in self.statuses:
            return
        window, self.window = self.window, None
        if isinstance(message, Uncollected):
            self.statuses[question] = _uncollected(message, question,
                                                   self.config.limits.cell_timeout)
        elif window is not None and window[0] != Status.ERROR:
            self.statuses[question] = window
        elif window is not None and message.data == _MISSING:
            self.statuses[question] = window
        else:
            self.answers[question] = message.data

    # -- the end -----------------------------------------------------------------------------
    def _kill_and_reap(self) -> None:
        """Kill the run if it must stop (its whole PID namespace goes with the supervisor)."""
        if self.killed:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(self.pid, 0)
        note = _read_all(self.stat_r)
        self.exit_note = note.decode("utf-8", "replace").rpartition("\n")[2][:300]

    def _drain(self) -> None:
        for fd in (self.msg_r, self.out_r):
            os.set_blocking(fd, False)
            try:
                while self._read(fd):
                    pass
            except BlockingIOError:
                pass
            os.close(fd)
        os.close(self.stat_r)

    def finish(self, key: str, started: float) -> RunResult:
        """The result of this run."""
        if self.killed:
            status, message = self.killed
        elif not self.ended:
            status, message = self._death()
        else:
            status, message = "ok", ""
        run_status = status if status != "ok" else Status.ERROR
        for step in self.job.steps:
            q = step.capture
            if q and q not in self.answers and q not in self.statuses:
                self.statuses[q] = (run_status, message or "the answer was not collected")
        truncated = self.output > self.config.limits.output_bytes
        return RunResult(self.answers, self.statuses, str(status), message, truncated, key,
                         round(time.monotonic() - started, 4))

    def _death(self) -> tuple[str, str]:
        if _oom_kills(self.config.oom_fd) > self.oom_before:
            return Status.MEMORY_LIMIT, (f"the submission passed its "
                                         f"{self.config.limits.memory_mb} MB memory limit during "
                                         f"{self.label}; it was stopped")
        if self.window is not None and self.window[0] == Status.MEMORY_LIMIT:
            return self.window
        how = self.exit_note or "ended"
        return Status.KERNEL_DIED, f"the notebook's process {how} during {self.label}"


def _uncollected(message: Uncollected, question: str, cell_timeout: float) -> tuple[str, str]:
    if message.reason == "timeout":
        return Status.TIMEOUT, f"collecting {question} took longer than {cell_timeout:g} s"
    if message.reason == "memory":
        return Status.MEMORY_LIMIT, f"collecting {question} ran out of memory"
    return Status.ERROR, f"collecting {question} raised {quoted(message.error)}"


def _label(job: Job, index: int) -> str:
    label = job.steps[index].label
    return label[:80] if label else f"cell {index + 1}"


def _read_all(fd: int) -> bytes:
    os.set_blocking(fd, False)
    chunks = []
    try:
        while True:
            data = os.read(fd, 4096)
            if not data:
                break
            chunks.append(data)
    except BlockingIOError:
        pass
    return b"".join(chunks)
