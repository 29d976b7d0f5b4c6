"""The sandbox worker: a warm process that forks once per submission and runs its cells.

Started by `coursekit.grading.runner.Runner` (under bubblewrap, or bare with ``--no-sandbox``)
as ``python -m coursekit.sandbox.worker CONFIG_JSON``. It imports numpy, pandas, IPython and
coursekit once, creates one pristine IPython ``InteractiveShell``, says ``ready``, then serves
jobs: one frame in on stdin (a `Job` as JSON), one ``result`` frame out on stdout
(see `coursekit.sandbox.frames`). Stdout and stdin are moved to private descriptors first, so
nothing printed by a library can corrupt the channel, and learner processes never inherit them.

Per job the worker forks a *supervisor* as PID 1 of a new PID namespace; the supervisor takes a
new mount namespace (a fresh size-capped tmpfs ``/tmp`` holding the scratch directory, and a
``/proc`` that shows only this submission's processes) and forks the *learner process*, which:
starts a new session, keeps only stdin (``/dev/null``), stdout/stderr (one pipe, read by the
worker with a streaming cap) and fd 3 (the message pipe to the worker); sets rlimits (address
space, CPU, file size, processes, open files, no core dumps); empties its capability bounding
set, sets no-new-privileges and, when the worker is root, becomes its own unprivileged uid; then
runs the cells in the forked shell. After a step that captures question ``q`` it calls
``problem.collect(namespace, data)`` with the Problem objects and namespace dict bound *before*
any learner code ran, and writes the JSON answer to the worker at once.

Killing the supervisor kills every process of the submission, ``setsid``/``nohup``/daemonised
grandchildren included (the kernel tears down the PID namespace with its init).

The message pipe is fd 3 of the learner process: learner code can find it (``/proc/self/fd``) and
write to it. That is harmless by construction: the worker accepts at most one answer per question,
only for the question whose step is running, and an answer is only ever *data* that the grader
judges; whatever a forged frame says, it can claim nothing an honest cell could not have produced,
and a malformed frame ends that one submission's run.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from coursekit.sandbox.isolation import KEEP_ROOT
from coursekit.sandbox.frames import FrameError, FrameReader, encode_frame, write_frame

__all__ = ["main"]

MESSAGE_FD = 3
MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""An answer whose JSON is larger than this is sent as ``unsupported`` (too large)."""
KILL_GRACE = 2.0
"""Seconds a cell may outlive its timeout interrupt before the whole run is killed."""
SCRATCH_MB = 256

_STATUS_TIMEOUT = "timeout"
_STATUS_ERROR = "error"
_STATUS_MEMORY = "memory limit"
_STATUS_DIED = "kernel died"
_STATUS_TRUNCATED = "output truncated"
_STATUS_CHECKER = "checker error"
_MISSING = {"t": "missing"}


# --------------------------------------------------------------------------------------------
# The warm worker (trusted; never runs learner code)
# --------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Serve jobs until stdin closes; returns the process exit code."""
    import warnings

    warnings.simplefilter("ignore")  # library warnings at import would only be noise here
    argv = sys.argv if argv is None else argv
    config = json.loads(argv[1])
    job_in, result_out = _take_channel()
    shell = _warm_up(config.get("preload", []))
    worker = _Worker(config, shell, result_out)
    write_frame(result_out, {"k": "ready", "pid": os.getpid()})
    reader = FrameReader()
    while True:
        data = os.read(job_in, 1 << 20)
        if not data:
            return 0
        for job in list(reader.feed(data)):
            write_frame(result_out, worker.run(job))


def _take_channel() -> tuple[int, int]:
    """Move stdin/stdout (the channel to the grader) to private fds; point 0 and 1 at null."""
    job_in = os.dup(0)
    result_out = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    return job_in, result_out


def _warm_up(preload: list[str]) -> Any:
    """Import what lessons use and build the pristine shell every submission starts from."""
    import importlib

    import coursekit.exercises  # noqa: F401
    import coursekit.learner.api  # noqa: F401

    for name in preload:
        try:
            importlib.import_module(str(name))
        except BaseException:  # noqa: BLE001 - optional: a missing library fails in the cell
            pass
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    config.InteractiveShell.autocall = 0
    shell = InteractiveShell.instance(config=config)
    shell.showtraceback = _short_traceback
    shell.showsyntaxerror = _short_traceback
    shell.run_cell("pass", store_history=False)  # first-run imports happen here, once
    return shell


def _short_traceback(*args: Any, **kwargs: Any) -> None:
    """Print one line for a cell's error: nobody reads the run's output, and IPython's full
    traceback formatter costs most of a second per error."""
    error = sys.exc_info()[1]
    if error is not None:
        print(_describe(error), file=sys.stderr)


@dataclass
class _Lessons:
    """Lesson exercise definitions and data, loaded once per worker and inherited by forks."""

    loaded: dict[str, Any] = field(default_factory=dict)

    def get(self, lesson_id: str) -> Any:
        if lesson_id not in self.loaded:
            from coursekit.lessons.registry import get_lesson

            lesson = get_lesson(lesson_id)
            lesson.data()
            self.loaded[lesson_id] = lesson
        return self.loaded[lesson_id]


class _Worker:
    def __init__(self, config: dict[str, Any], shell: Any, result_out: int) -> None:
        self.config = config
        self.limits = config["limits"]
        self.shell = shell
        self.result_out = result_out
        self.lessons = _Lessons()
        self.own_pidns = os.open("/proc/self/ns/pid", os.O_RDONLY)
        self.namespaces = True

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run one job; always returns a ``result`` frame (never raises for a bad submission)."""
        key = str(job.get("key", ""))
        started = time.monotonic()
        try:
            steps = _valid_steps(job)
            lesson = self.lessons.get(str(job.get("lesson")))
        except Exception as exc:  # noqa: BLE001 - a job this worker cannot run at all
            return _result(key, {}, {}, _STATUS_CHECKER, f"the worker cannot run this job: "
                           f"{type(exc).__name__}: {str(exc)[:200]}", False, started)
        watch = self._launch(steps, lesson)
        return watch.finish(key, started)

    def _launch(self, steps: list[dict[str, Any]], lesson: Any) -> _Watch:
        msg_r, msg_w = os.pipe()
        out_r, out_w = os.pipe()
        stat_r, stat_w = os.pipe()
        isolated = self._enter_new_pidns()
        try:
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the forked supervisor
                _supervisor(isolated, steps, lesson, self, (msg_r, msg_w, out_r, out_w, stat_r,
                                                            stat_w))
        finally:
            if isolated:
                from coursekit.sandbox.isolation import CLONE_NEWPID, setns

                setns(self.own_pidns, CLONE_NEWPID)
        for fd in (msg_w, out_w, stat_w):
            os.close(fd)
        watch = _Watch(steps, self.limits, pid, isolated, msg_r, out_r, stat_r)
        watch.loop()
        return watch

    def _enter_new_pidns(self) -> bool:
        """Make the next child PID 1 of a new PID namespace, if this worker may."""
        if not self.namespaces:
            return False
        from coursekit.sandbox.isolation import CLONE_NEWPID, unshare

        try:
            unshare(CLONE_NEWPID)
        except OSError:
            self.namespaces = False
        return self.namespaces


def _valid_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job.get("steps")
    if type(steps) is not list:
        raise ValueError("job has no list of steps")
    for step in steps:
        if type(step) is not dict or type(step.get("code")) is not str:
            raise ValueError("a step is not {code: str, ...}")
        if step.get("capture") is not None and type(step["capture"]) is not str:
            raise ValueError("a step's capture is not a question id")
    return steps


def _result(key: str, answers: dict[str, Any], statuses: dict[str, list[str]], status: str,
            message: str, truncated: bool, started: float) -> dict[str, Any]:
    return {"k": "result", "key": key, "answers": answers, "question_status": statuses,
            "status": status, "message": message, "output_truncated": truncated,
            "seconds": round(time.monotonic() - started, 4)}


# --------------------------------------------------------------------------------------------
# Watching one submission's run from the worker
# --------------------------------------------------------------------------------------------

class _Watch:
    """The worker's view of one run: frames, output volume, deadlines; kills when needed."""

    def __init__(self, steps: list[dict[str, Any]], limits: dict[str, Any], pid: int,
                 isolated: bool, msg_r: int, out_r: int, stat_r: int) -> None:
        self.steps = steps
        self.limits = limits
        self.pid = pid
        self.isolated = isolated
        self.msg_r, self.out_r, self.stat_r = msg_r, out_r, stat_r
        self.reader = FrameReader(max_frame=MAX_ANSWER_BYTES + 4096)
        self.answers: dict[str, Any] = {}
        self.statuses: dict[str, list[str]] = {}
        self.current = -1
        self.window: tuple[str, str] | None = None  # worst problem since the last capture
        self.ended = False
        self.output = 0
        self.killed: tuple[str, str] | None = None
        self.exit_note = ""
        now = time.monotonic()
        self.total_deadline = now + float(limits["total_timeout"])
        self.step_deadline: float | None = now + float(limits["cell_timeout"]) + KILL_GRACE
        self.label = "start-up"

    # -- the loop ----------------------------------------------------------------------------
    def loop(self) -> None:
        pidfd = os.pidfd_open(self.pid)
        open_fds = {self.msg_r, self.out_r}
        try:
            while True:
                timeout = max(0.0, self._next_deadline() - time.monotonic())
                ready, _, _ = select.select([pidfd, *open_fds], [], [], timeout)
                for fd in ready:
                    if fd == pidfd:
                        continue
                    if not self._read(fd):
                        open_fds.discard(fd)
                if pidfd in ready:
                    break
                self._check_deadlines()
                if self.killed:
                    break
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
        cap = int(self.limits["output_bytes"])
        if self.output > cap and not self.killed:
            self.killed = (_STATUS_TRUNCATED, f"output passed the {cap:,}-byte cap during "
                                              f"{self.label}; the run was stopped there")

    def _feed(self, data: bytes) -> None:
        if self.killed:
            return
        try:
            for frame in self.reader.feed(data):
                self._on_frame(frame)
        except (FrameError, KeyError, TypeError, ValueError) as exc:
            self.killed = (_STATUS_DIED, f"the notebook's process broke the worker protocol "
                                         f"during {self.label} ({str(exc)[:120]})")

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        if self.killed:
            return
        if now >= self.total_deadline:
            self.killed = (_STATUS_TIMEOUT, f"the notebook ran past the "
                                            f"{float(self.limits['total_timeout']):g} s limit "
                                            f"for a submission (during {self.label}); it was "
                                            "stopped")
        elif self.step_deadline is not None and now >= self.step_deadline:
            self.killed = (_STATUS_TIMEOUT, f"{self.label} ran past the "
                                            f"{float(self.limits['cell_timeout']):g} s cell limit "
                                            "and did not stop when interrupted; the run was "
                                            "stopped there")

    # -- frames from the learner process ------------------------------------------------------
    def _on_frame(self, frame: dict[str, Any]) -> None:
        kind = frame.get("k")
        index = frame.get("i")
        if kind == "step" and type(index) is int and self.current < index < len(self.steps):
            self.current = index
            self.label = _label(self.steps[index], index)
            self._restart_step_clock()
        elif kind == "ran" and index == self.current:
            self._on_ran(str(frame.get("outcome")), str(frame.get("message", ""))[:500])
        elif kind == "collect" and index == self.current:
            self.label = f"collecting {self._capture()}"
            self._restart_step_clock()
        elif kind in ("answer", "uncollected") and index == self.current:
            self._on_answer(kind, frame)
        elif kind == "end":
            self.ended = True
            self.step_deadline = None

    def _restart_step_clock(self) -> None:
        self.step_deadline = (time.monotonic() + float(self.limits["cell_timeout"])
                              + KILL_GRACE)

    def _capture(self) -> str | None:
        if 0 <= self.current < len(self.steps):
            return self.steps[self.current].get("capture")
        return None

    def _on_ran(self, outcome: str, message: str) -> None:
        if outcome in (_STATUS_TIMEOUT, _STATUS_MEMORY):
            if self.window is None or self.window[0] == _STATUS_ERROR:
                self.window = (outcome, message)
        elif outcome == _STATUS_ERROR and self.window is None:
            self.window = (_STATUS_ERROR, message)

    def _on_answer(self, kind: str, frame: dict[str, Any]) -> None:
        question = self._capture()
        if question is None or frame.get("q") != question:
            return
        if question in self.answers or question in self.statuses:
            return
        window, self.window = self.window, None
        if kind == "uncollected":
            status = str(frame.get("status"))
            if status not in (_STATUS_TIMEOUT, _STATUS_MEMORY, _STATUS_ERROR, _STATUS_CHECKER):
                status = _STATUS_ERROR
            self.statuses[question] = [status, str(frame.get("message", ""))[:500]]
        elif window is not None and window[0] != _STATUS_ERROR:
            self.statuses[question] = list(window)
        elif window is not None and frame.get("data") == _MISSING:
            self.statuses[question] = list(window)
        else:
            self.answers[question] = frame.get("data")

    # -- the end -------------------------------------------------------------------------------
    def _kill_and_reap(self) -> None:
        """Kill the run if it must stop (its whole PID namespace goes with the supervisor)."""
        note = b""
        if self.killed:
            note = _read_all(self.stat_r)
            _kill(self.pid)
            if not self.isolated:
                _kill_session(note)
        os.waitpid(self.pid, 0)
        note += _read_all(self.stat_r)
        self.exit_note = note.decode("utf-8", "replace").rpartition("\n")[2][:300]

    def _drain(self) -> None:
        for fd in (self.msg_r, self.out_r):
            os.set_blocking(fd, False)
            try:
                while True:
                    data = os.read(fd, 1 << 16)
                    if not data:
                        break
                    if fd == self.msg_r:
                        self._feed(data)
                    else:
                        self._count_output(len(data))
            except BlockingIOError:
                pass
            os.close(fd)
        os.close(self.stat_r)

    def finish(self, key: str, started: float) -> dict[str, Any]:
        """The result frame for this run."""
        if self.killed:
            status, message = self.killed
        elif not self.ended:
            status, message = self._death()
        else:
            status, message = "ok", ""
        run_status = status if status != "ok" else _STATUS_ERROR
        for step in self.steps:
            q = step.get("capture")
            if q and q not in self.answers and q not in self.statuses:
                self.statuses[q] = [run_status, message or "the answer was not collected"]
        truncated = self.output > int(self.limits["output_bytes"])
        return _result(key, self.answers, self.statuses, status, message, truncated, started)

    def _death(self) -> tuple[str, str]:
        if self.window is not None and self.window[0] == _STATUS_MEMORY:
            return _STATUS_MEMORY, self.window[1]
        how = self.exit_note or "ended"
        return _STATUS_DIED, f"the notebook's process {how} during {self.label}"


def _label(step: dict[str, Any], index: int) -> str:
    label = step.get("label")
    return str(label)[:80] if label else f"cell {index + 1}"


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _kill_session(note: bytes) -> None:
    """Without namespaces: kill the learner's session, whose leader's pid the supervisor sent."""
    first = note.split(b"\n", 1)[0]
    if first.isdigit():
        try:
            os.killpg(int(first), signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


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


# --------------------------------------------------------------------------------------------
# The supervisor: PID 1 of the submission's namespace (trusted code, forked from the worker)
# --------------------------------------------------------------------------------------------

def _supervisor(isolated: bool, steps: list[dict[str, Any]], lesson: Any, worker: _Worker,
                fds: tuple[int, int, int, int, int, int]) -> None:  # pragma: no cover
    msg_r, msg_w, out_r, out_w, stat_r, stat_w = fds
    code = 70
    try:
        os.close(msg_r)
        os.close(out_r)
        os.close(stat_r)
        os.close(worker.result_out)
        if isolated:
            _private_mounts()
        child = os.fork()
        if child == 0:
            os.close(stat_w)
            _learner(steps, lesson, worker, isolated, msg_w, out_w)
        os.write(stat_w, f"{child}\n".encode())
        os.close(msg_w)
        os.close(out_w)
        note = _wait_for(child)
        os.write(stat_w, note.encode())
        code = 0
    except BaseException as exc:  # noqa: BLE001 - report and leave, whatever happened
        try:
            os.write(stat_w, f"could not start ({type(exc).__name__}: {exc})".encode()[:300])
        except OSError:
            pass
    finally:
        os._exit(code)


def _private_mounts() -> None:
    """A mount namespace with a fresh size-capped ``/tmp`` and a ``/proc`` of this run only."""
    from coursekit.sandbox import isolation

    isolation.unshare(isolation.CLONE_NEWNS)
    isolation.make_mounts_private()
    isolation.mount_tmpfs("/tmp", SCRATCH_MB)
    # The Python install or the course package may live under /tmp (a CI checkout): the
    # sandbox keeps a second view of each such folder outside /tmp to put back here.
    for kept, original in _kept_under_tmp():
        isolation.bind_read_only(kept, original)
    isolation.mount_proc("/proc")


def _kept_under_tmp() -> list[tuple[str, str]]:
    """(second view, original path) pairs announced by the sandbox in COURSEKIT_KEEP."""
    try:
        pairs = json.loads(os.environ.get("COURSEKIT_KEEP", "[]"))
    except ValueError:
        return []
    return [(str(a), str(b)) for a, b in pairs
            if str(a).startswith(KEEP_ROOT + "/") and str(b).startswith("/tmp/")]


def _make_scratch(isolated: bool) -> str:
    """The learner's working directory, created after privileges are dropped."""
    if isolated:
        os.mkdir("/tmp/work", 0o700)
        return "/tmp/work"
    import tempfile

    return tempfile.mkdtemp(prefix="coursekit-")


def _wait_for(child: int) -> str:
    """Reap every process until `child` ends; describe how it ended."""
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return "ended"
        if pid == child:
            break
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return f"was killed by {name}"
    return f"exited with code {os.WEXITSTATUS(status)}"


# --------------------------------------------------------------------------------------------
# The learner process (drops privileges, then runs learner code)
# --------------------------------------------------------------------------------------------

def _learner(steps: list[dict[str, Any]], lesson: Any, worker: _Worker, isolated: bool,
             msg_w: int, out_w: int) -> None:  # pragma: no cover - runs in the sandbox child
    try:
        _confine(worker, isolated, msg_w, out_w)
        _Runner(steps, lesson, worker.shell, worker.limits).run()
    except BaseException:  # noqa: BLE001
        os._exit(71)
    os._exit(0)


def _confine(worker: _Worker, isolated: bool, msg_w: int, out_w: int) -> None:  # pragma: no cover
    from coursekit.sandbox import isolation

    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.dup2(msg_w, MESSAGE_FD)
    os.closerange(MESSAGE_FD + 1, 1 << 16)
    isolation.set_limits(_rlimits(worker.limits))
    isolation.drop_capabilities()
    isolation.no_new_privileges()
    if os.geteuid() == 0:
        uid = int(worker.config["uid"])
        isolation.drop_to_user(uid, uid)
    scratch = _make_scratch(isolated)
    os.chdir(scratch)
    os.environ.update({"HOME": scratch, "TMPDIR": scratch, "MPLCONFIGDIR": scratch,
                       "USER": "learner", "LOGNAME": "learner"})


def _rlimits(limits: dict[str, Any]) -> dict[int, int]:
    mib = 1024 * 1024
    return {
        resource.RLIMIT_AS: _address_space() + int(limits["memory_mb"]) * mib,
        resource.RLIMIT_CPU: int(float(limits["total_timeout"])) + 5,
        resource.RLIMIT_FSIZE: int(limits["file_size_mb"]) * mib,
        resource.RLIMIT_NPROC: int(limits["max_processes"]),
        resource.RLIMIT_NOFILE: int(limits["max_open_files"]),
        resource.RLIMIT_CORE: 0,
    }


def _address_space() -> int:
    """Bytes of address space this (forked, warm) process already maps."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


class _Interrupt(KeyboardInterrupt):
    """Raised in learner code when a cell passes its time limit."""


class _Runner:
    """Runs steps in the shell and sends frames on fd 3 (inside the learner process)."""

    def __init__(self, steps: list[dict[str, Any]], lesson: Any, shell: Any,
                 limits: dict[str, Any]) -> None:
        self.steps = steps
        self.problems = dict(lesson.problems)
        self.data = lesson.data()
        self.shell = shell
        self.namespace = shell.user_ns
        self.run_cell = type(shell).run_cell
        self.cell_timeout = float(limits["cell_timeout"])
        self.armed = False
        self.fired = False
        self.write = write_frame
        self.encode = encode_frame
        import builtins

        self.builtins = builtins.__dict__
        self.our_builtins = dict(builtins.__dict__)

    def run(self) -> None:
        signal.signal(signal.SIGALRM, self._on_alarm)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for index, step in enumerate(self.steps):
            self.send({"k": "step", "i": index})
            outcome, message = self._cell(step, index)
            theirs = self._swap_builtins(self.our_builtins)
            self.send({"k": "ran", "i": index, "outcome": outcome, "message": message})
            if step.get("capture"):
                self.send({"k": "collect", "i": index, "q": step["capture"]})
                self._collect(step["capture"], index)
            self._swap_builtins(theirs)
        self.send({"k": "end"})

    def _swap_builtins(self, wanted: dict[str, Any]) -> dict[str, Any]:
        """Install `wanted` as the builtins; return the ones the learner's cells left.

        The worker's own code and the collection of answers always run with the builtins as
        they were before any learner code; the learner's patches come back for their next cell.
        """
        current = dict(self.builtins)
        self.builtins.clear()
        self.builtins.update(wanted)
        return current

    def send(self, message: dict[str, Any]) -> None:
        self.write(MESSAGE_FD, message)

    # -- time limits -------------------------------------------------------------------------
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

    # -- one cell ----------------------------------------------------------------------------
    def _cell(self, step: dict[str, Any], index: int) -> tuple[str, str]:
        label = _label(step, index)
        error: BaseException | None = None
        try:
            self._arm()
            try:
                result = self.run_cell(self.shell, step["code"], store_history=False)
            finally:
                self._disarm()
            error = result.error_before_exec or result.error_in_exec
        except BaseException as exc:  # noqa: BLE001 - whatever the cell did, report it
            self._disarm()
            error = exc
        _flush()
        if self.fired:
            return _STATUS_TIMEOUT, f"{label} was stopped after {self.cell_timeout:g} s"
        if error is None:
            return "ok", ""
        if isinstance(error, MemoryError):
            return _STATUS_MEMORY, f"{label} ran out of memory (MemoryError)"
        return _STATUS_ERROR, f"{label} raised {_describe(error)}"

    # -- one capture -------------------------------------------------------------------------
    def _collect(self, question: str, index: int) -> None:
        problem = self.problems.get(question)
        if problem is None:
            self.send({"k": "uncollected", "i": index, "q": question, "status": _STATUS_CHECKER,
                       "message": f"lesson has no exercise {question!r}"})
            return
        try:
            self._arm()
            try:
                answer = problem.collect(self.namespace, self.data)
                frame = self.encode({"k": "answer", "i": index, "q": question, "data": answer})
            finally:
                self._disarm()
        except BaseException as exc:  # noqa: BLE001 - classify, report, go on
            self.send(self._uncollected(question, index, exc))
            return
        if len(frame) > MAX_ANSWER_BYTES:
            frame = self.encode({"k": "answer", "i": index, "q": question,
                                 "data": {"t": "unsupported", "type": "?", "repr": "",
                                          "reason": "too large"}})
        _write_all(frame)

    def _uncollected(self, question: str, index: int, exc: BaseException) -> dict[str, Any]:
        if self.fired:
            status, message = _STATUS_TIMEOUT, (f"collecting {question} took longer than "
                                                f"{self.cell_timeout:g} s")
        elif isinstance(exc, MemoryError):
            status, message = _STATUS_MEMORY, f"collecting {question} ran out of memory"
        elif isinstance(exc, (SystemExit, KeyboardInterrupt)):
            status, message = _STATUS_ERROR, (f"collecting {question} raised "
                                              f"{_describe(exc)}")
        else:
            status, message = _STATUS_CHECKER, (f"the checker could not collect {question}: "
                                                f"{_describe(exc)}")
        return {"k": "uncollected", "i": index, "q": question, "status": status,
                "message": message}


def _write_all(frame: bytes) -> None:
    view = memoryview(frame)
    while view:
        view = view[os.write(MESSAGE_FD, view):]


def _describe(error: BaseException) -> str:
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
    except Exception:  # noqa: BLE001 - a hostile exception must not break the report
        text = ""
    return f"{name}: {text[:200]}" if text else name


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a learner may have replaced or closed it
            pass


if __name__ == "__main__":
    raise SystemExit(main())
