"""Run submissions' code out of the grader's process: warm sandboxed workers, one fork per job.

`Runner` starts `workers` copies of `coursekit.sandbox.worker` — each under bubblewrap (see
`coursekit.grading.bwrap`) unless ``sandbox=False`` — and hands each `Job` to an idle one. A worker
forks a fresh, isolated process per submission (its own PID and mount namespace, scratch tmpfs,
unprivileged uid, rlimits) and sends back one ``result`` frame of plain JSON. This module checks the
shape and size of that frame and returns a `RunResult`; nothing from a worker is unpickled,
imported or called. A worker that dies or stops answering is replaced; its job's questions are
reported as ``kernel died``.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import select
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from coursekit.errors import GradingError
from coursekit.exercises.feedback import Status
from coursekit.grading.bwrap import (
    bwrap_command,
    sandbox_problem,
    worker_argv,
    worker_environment,
)
from coursekit.grading.plan import Job
from coursekit.grading.warmup import preload_modules
from coursekit.sandbox.frames import FrameError, FrameReader, encode_frame

__all__ = ["RUN_STATUSES", "Limits", "RunResult", "Runner", "sandbox_problem"]

RUN_STATUSES = frozenset({Status.TIMEOUT, Status.ERROR, Status.KERNEL_DIED, Status.MEMORY_LIMIT,
                          Status.OUTPUT_TRUNCATED, Status.CHECKER_ERROR})
"""Statuses a run (or a question that could not be collected) may end with."""

_START_TIMEOUT = 120.0
_REPLY_SLACK = 30.0
_MAX_MESSAGE = 500
_UID_BASE = 100_000


@dataclass(frozen=True)
class Limits:
    """Resource limits applied to every submission."""

    cell_timeout: float = 30.0      # per cell: interrupt, record timeout for that step, continue
    total_timeout: float = 120.0    # per submission wall clock: kill the whole process tree
    memory_mb: int = 1024           # address space on top of the warm worker's own
    output_bytes: int = 1_000_000   # cap on captured stdout/stderr per submission, while streaming
    max_processes: int = 64
    max_open_files: int = 256
    file_size_mb: int = 16


@dataclass(frozen=True)
class RunResult:
    """What running one Job produced: answers as plain data, and why any are absent."""

    answers: dict[str, Any]
    """Question -> answer as collected (plain JSON data, for `Problem.judge`)."""
    question_status: dict[str, tuple[str, str]]
    """Question -> (Status, message) for questions whose answer could not be collected."""
    status: str
    """``"ok"`` or the Status that ended the run early."""
    message: str
    """One line for the instructor (empty when ``ok``)."""
    output_truncated: bool


def failed_run(job: Job, status: str, message: str) -> RunResult:
    """A RunResult in which no question of `job` was collected, all for the same reason."""
    questions = {s.capture: (status, message) for s in job.steps if s.capture}
    return RunResult({}, questions, status, message, False)


class WorkerFailure(Exception):
    """A worker process died, hung or broke the protocol (internal; becomes a RunResult)."""


class _Worker:
    """One warm worker process and the pipes to it (used by one thread at a time)."""

    def __init__(self, limits: Limits, sandbox: bool, uid: int, preload: list[str]) -> None:
        self.limits = limits
        config = json.dumps({"limits": asdict(limits), "uid": uid, "preload": preload})
        self.stderr = tempfile.TemporaryFile()
        if sandbox:
            self.proc = self._spawn_sandboxed(config, uid)
        else:
            self.proc = subprocess.Popen(worker_argv(config), stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self.stderr,
                                         env=worker_environment(), cwd=tempfile.gettempdir(),
                                         start_new_session=True)
        self.reader = FrameReader()
        self.ready = False

    def _spawn_sandboxed(self, config: str, uid: int) -> subprocess.Popen[bytes]:
        passwd = _data_fd(f"root:x:0:0:root:/root:/usr/sbin/nologin\n"
                          f"learner:x:{uid}:{uid}:learner:/tmp:/usr/sbin/nologin\n")
        group = _data_fd(f"root:x:0:\nlearner:x:{uid}:\n")
        try:
            cmd = bwrap_command(worker_argv(config), passwd_fd=passwd, group_fd=group)
            return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=self.stderr, pass_fds=(passwd, group),
                                    start_new_session=True)
        finally:
            os.close(passwd)
            os.close(group)

    def wait_ready(self) -> None:
        if not self.ready:
            frame = self._read_frame(time.monotonic() + _START_TIMEOUT)
            if frame.get("k") != "ready":
                raise WorkerFailure("the worker did not say it was ready")
            self.ready = True

    def run(self, job: Job) -> dict[str, Any]:
        self.wait_ready()
        message = {"k": "job", "key": job.key, "lesson": job.lesson,
                   "steps": [{"code": s.code, "capture": s.capture, "label": s.label}
                             for s in job.steps]}
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(encode_frame(message))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerFailure(f"could not send the job ({exc})") from None
        deadline = time.monotonic() + self.limits.total_timeout + _REPLY_SLACK
        return self._read_frame(deadline)

    def _read_frame(self, deadline: float) -> dict[str, Any]:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerFailure("the worker stopped answering")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            data = os.read(fd, 1 << 20)
            if not data:
                raise WorkerFailure(f"the worker exited{self._stderr_tail()}")
            try:
                frames = list(self.reader.feed(data))
            except FrameError as exc:
                raise WorkerFailure(str(exc)) from None
            if len(frames) > 1:
                raise WorkerFailure("the worker sent more than one reply")
            if frames:
                return frames[0]

    def _stderr_tail(self) -> str:
        try:
            self.stderr.seek(0, os.SEEK_END)
            size = self.stderr.tell()
            self.stderr.seek(max(0, size - 400))
            lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            return ""
        return f": {lines[-1][:200]}" if lines else ""

    def close(self, kill: bool = False) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
        except OSError:
            pass
        if not kill:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                kill = True
        if kill:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        self.stderr.close()


def _data_fd(text: str) -> int:
    """A readable fd holding `text` (for bubblewrap's ``--file``)."""
    r, w = os.pipe()
    os.write(w, text.encode())
    os.close(w)
    return r


class Runner:
    """Runs Jobs in sandboxed workers. Context manager; `run` may be called from many threads."""

    def __init__(self, limits: Limits = Limits(), *, workers: int = 1, sandbox: bool = True
                 ) -> None:
        if workers < 1:
            raise GradingError("workers must be at least 1")
        if sandbox:
            problem = sandbox_problem()
            if problem:
                raise GradingError(f"no sandbox: {problem}; to grade without one (learner code "
                                   "then sees this machine), pass --no-sandbox")
        self.limits = limits
        self.sandbox = sandbox
        self._idle: queue.Queue[tuple[int, _Worker]] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: dict[int, _Worker] = {}
        self._closed = False
        base = _UID_BASE + secrets.randbelow(800) * 100
        self._uids = [base + slot for slot in range(workers)]
        self._preload = preload_modules()
        for slot in range(workers):
            self._start(slot)

    def _start(self, slot: int) -> None:
        try:
            worker = _Worker(self.limits, self.sandbox, self._uids[slot], self._preload)
        except OSError as exc:
            raise GradingError(f"could not start a grading worker: {exc}") from None
        with self._lock:
            self._workers[slot] = worker
        self._idle.put((slot, worker))

    def run(self, job: Job) -> RunResult:
        """Run one submission's steps; a crash or hang of the submission is a RunResult."""
        if self._closed:
            raise GradingError("the runner is closed")
        slot, worker = self._idle.get()
        try:
            reply = worker.run(job)
        except WorkerFailure as exc:
            first = not worker.ready
            worker.close(kill=True)
            if first:
                self._idle.put((slot, worker))
                raise GradingError(f"the grading worker could not start: {exc}") from None
            self._start(slot)
            return failed_run(job, Status.KERNEL_DIED, f"the grading worker failed: {exc}")
        self._idle.put((slot, worker))
        return parse_result(reply, job)

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            worker.close()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_result(reply: dict[str, Any], job: Job) -> RunResult:
    """Check a worker's reply against its job; a malformed reply becomes a failed run."""
    try:
        return _parse(reply, job)
    except (KeyError, TypeError, ValueError) as exc:
        return failed_run(job, Status.KERNEL_DIED, f"the grading worker sent a malformed "
                          f"result ({str(exc)[:120]})")


def _parse(reply: dict[str, Any], job: Job) -> RunResult:
    if reply.get("k") != "result" or reply.get("key") != job.key:
        raise ValueError("not the result of this job")
    questions = {s.capture for s in job.steps if s.capture}
    answers = reply["answers"]
    statuses = reply["question_status"]
    if type(answers) is not dict or type(statuses) is not dict:
        raise TypeError("answers and question_status must be objects")
    if not set(answers) <= questions or not set(statuses) <= questions:
        raise ValueError("a question the job does not capture")
    parsed: dict[str, tuple[str, str]] = {}
    for question, value in statuses.items():
        if type(value) is not list or len(value) != 2 or value[0] not in RUN_STATUSES \
                or type(value[1]) is not str:
            raise ValueError(f"bad status for {question}")
        parsed[question] = (value[0], value[1][:_MAX_MESSAGE])
    status, message = reply["status"], reply["message"]
    if (status != "ok" and status not in RUN_STATUSES) or type(message) is not str:
        raise ValueError("bad run status")
    truncated = reply["output_truncated"]
    if type(truncated) is not bool:
        raise TypeError("output_truncated must be a boolean")
    return RunResult(dict(answers), parsed, status, message[:_MAX_MESSAGE], truncated)
