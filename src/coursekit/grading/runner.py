"""Run submissions' code out of the grader's process: warm sandboxed workers, one fork per job.

`Runner` starts `workers` copies of `coursekit.sandbox.worker` — each under bubblewrap (see
`coursekit.grading.bwrap`) unless ``sandbox=False`` — and hands each `Job` to an idle one. A worker
forks a fresh, isolated process per submission (its own PID, mount and IPC namespaces, scratch
tmpfs ``/tmp`` and ``/dev/shm``, unprivileged uid, rlimits, seccomp, and — where the grader can
make one — a cgroup with the whole submission's memory and process limit, see
`coursekit.grading.cgroups`) and sends back one `RunResult` of plain JSON. This module validates
it (`coursekit.sandbox.protocol`) against the job; nothing from a worker is unpickled, imported
or called. A worker that dies or stops answering is replaced; its job's questions are reported
as ``kernel died``. `Runner` is the local implementation of `coursekit.grading.step.Runner`.
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
from typing import Any

from coursekit.errors import GradingError
from coursekit.exercises.feedback import Status
from coursekit.grading.bwrap import (
    bwrap_command,
    sandbox_problem,
    worker_argv,
    worker_environment,
)
from coursekit.grading.cgroups import SubmissionCgroup
from coursekit.grading.warmup import preload_modules
from coursekit.sandbox.frames import FrameError, FrameReader, encode_frame
from coursekit.sandbox.protocol import (
    RUN_STATUSES,
    Job,
    Limits,
    Lost,
    ProtocolError,
    Ready,
    RunResult,
    WorkerConfig,
    decode,
)

__all__ = ["RUN_STATUSES", "Limits", "RunResult", "Runner", "parse_result", "sandbox_problem"]

_START_TIMEOUT = 120.0
_REPLY_SLACK = 30.0
_MAX_MESSAGE = 500
_UID_BASE = 100_000


def failed_run(job: Job, status: str, message: str) -> RunResult:
    """A RunResult in which no question of `job` was collected, all for the same reason."""
    questions = {s.capture: (status, message) for s in job.steps if s.capture}
    return RunResult({}, questions, status, message, False)


class WorkerFailure(Exception):
    """A worker process died, hung or broke the protocol (internal; becomes a RunResult)."""


class _Worker:
    """One warm worker process and the pipes to it (used by one thread at a time)."""

    def __init__(self, limits: Limits, sandbox: bool, uid: int, preload: list[str],
                 cgroup: SubmissionCgroup | None) -> None:
        self.limits = limits
        self.cgroup = cgroup
        fds = cgroup.fds if cgroup else ()
        config = json.dumps(WorkerConfig(
            limits, uid, tuple(preload), tuple(cgroup.procs_fds) if cgroup else (),
            cgroup.oom_fd if cgroup else -1).to_dict())
        self.stderr = tempfile.TemporaryFile()
        if sandbox:
            self.proc = self._spawn_sandboxed(config, uid, fds)
        else:
            self.proc = subprocess.Popen(worker_argv(config), stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self.stderr,
                                         env=worker_environment(), cwd=tempfile.gettempdir(),
                                         start_new_session=True, pass_fds=fds)
        if cgroup:
            cgroup.close_fds()  # the worker holds its own copies
        self.reader = FrameReader()
        self.ready = False
        self.problem = ""

    def _spawn_sandboxed(self, config: str, uid: int, fds: tuple[int, ...]
                         ) -> subprocess.Popen[bytes]:
        passwd = _data_fd(f"root:x:0:0:root:/root:/usr/sbin/nologin\n"
                          f"learner:x:{uid}:{uid}:learner:/tmp:/usr/sbin/nologin\n")
        group = _data_fd(f"root:x:0:\nlearner:x:{uid}:\n")
        try:
            cmd = bwrap_command(worker_argv(config), passwd_fd=passwd, group_fd=group)
            return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=self.stderr, pass_fds=(passwd, group, *fds),
                                    start_new_session=True)
        finally:
            os.close(passwd)
            os.close(group)

    def wait_ready(self) -> None:
        if not self.ready:
            frame = self._read_frame(time.monotonic() + _START_TIMEOUT)
            try:
                ready = decode(frame, (Ready,))
            except ProtocolError as exc:
                raise WorkerFailure(f"the worker did not say it was ready ({exc})") from None
            self.problem = ready.problem
            self.ready = True

    def run(self, job: Job) -> dict[str, Any]:
        self.wait_ready()
        if self.problem:
            raise WorkerFailure(self.problem)
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(encode_frame(job.to_dict()))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerFailure(f"could not send the job ({exc})") from None
        deadline = time.monotonic() + self.limits.total_timeout + _REPLY_SLACK
        reply = self._read_frame(deadline)
        if reply.get("k") == Lost.kind:  # the worker exits after this: start a fresh one
            raise WorkerFailure(str(reply.get("message", "the submission's monitor was lost"))
                                [:_MAX_MESSAGE])
        return reply

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
        if self.cgroup:
            self.cgroup.remove()


def _data_fd(text: str) -> int:
    """A readable fd holding `text` (for bubblewrap's ``--file``)."""
    r, w = os.pipe()
    os.write(w, text.encode())
    os.close(w)
    return r


class Runner:
    """Runs Jobs in sandboxed workers. Context manager; `run` may be called from many threads."""

    def __init__(self, limits: Limits | None = None, *, workers: int = 1, sandbox: bool = True
                 ) -> None:
        if workers < 1:
            raise GradingError("workers must be at least 1")
        if sandbox:
            problem = sandbox_problem()
            if problem:
                raise GradingError(f"no sandbox: {problem}; to grade without one (learner code "
                                   "then sees this machine), pass --no-sandbox")
        self.limits = limits or Limits()
        self.sandbox = sandbox
        self._idle: queue.Queue[tuple[int, _Worker]] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: dict[int, _Worker] = {}
        self._closed = False
        base = _UID_BASE + secrets.randbelow(800) * 100
        self._uids = [base + slot for slot in range(workers)]
        self._preload = preload_modules()
        self._cgroup_name = f"coursekit-{os.getpid()}-{secrets.token_hex(3)}"
        self.cgroup_problem: str | None = None
        """None when every submission runs in a cgroup; else why it does not (rlimits only)."""
        for slot in range(workers):
            self._start(slot)
        self._check_ready()

    def _check_ready(self) -> None:
        """Wait until every worker is warm; refuse (GradingError) if one cannot isolate."""
        with self._lock:
            workers = list(self._workers.values())
        try:
            for worker in workers:
                worker.wait_ready()
                if worker.problem:
                    raise GradingError(f"the sandbox cannot isolate submissions here: "
                                       f"{worker.problem}")
        except WorkerFailure as exc:
            self.close()
            raise GradingError(f"the grading worker could not start: {exc}") from None
        except GradingError:
            self.close()
            raise

    def _cgroup(self, slot: int) -> SubmissionCgroup | None:
        made = SubmissionCgroup.create(f"{self._cgroup_name}-{slot}", self.limits.memory_mb,
                                       self.limits.max_processes)
        if isinstance(made, str):
            self.cgroup_problem = made
            return None
        return made

    def _start(self, slot: int) -> None:
        cgroup = self._cgroup(slot)
        try:
            worker = _Worker(self.limits, self.sandbox, self._uids[slot], self._preload, cgroup)
        except OSError as exc:
            if cgroup:
                cgroup.remove()
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
            first = not worker.ready or bool(worker.problem)
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
        message = decode(reply, (RunResult, Lost))
    except ProtocolError as exc:
        return failed_run(job, Status.KERNEL_DIED, f"the grading worker sent a malformed "
                          f"result ({str(exc)[:120]})")
    if isinstance(message, Lost):
        return failed_run(job, Status.KERNEL_DIED, message.message)
    questions = {s.capture for s in job.steps if s.capture}
    if message.key != job.key:
        return failed_run(job, Status.KERNEL_DIED, "the grading worker sent the result of "
                          "another job")
    if not set(message.answers) <= questions or not set(message.question_status) <= questions:
        return failed_run(job, Status.KERNEL_DIED, "the grading worker sent an answer to a "
                          "question the job does not capture")
    return message
