"""The warm worker: imports the heavy libraries once, then forks a fresh monitor per submission.

Started by `coursekit.grading.runner.Runner` (under bubblewrap, or bare with ``--no-sandbox``)
as ``python -m coursekit.sandbox.worker CONFIG_JSON`` (a `WorkerConfig`). It imports numpy,
pandas, IPython and what the lessons import, builds one pristine IPython ``InteractiveShell``,
installs the collect-only ``coursekit.lesson`` (`coursekit.sandbox.binding`), says `Ready`, then
serves jobs.

Trust zone: this process never reads a job and never holds a learner's data. When a job is
waiting on its stdin it forks a *monitor* (`coursekit.sandbox.monitor`) that reads that one job
itself, runs it and writes its `RunResult` to the grader; this process only waits for the
monitor to end. So every submission starts from the same warm image, which has never held
another learner's cells or answers. If a monitor ends without a result, the worker reports
`Lost` and exits (the grader starts a fresh one). The exercise definitions are not installed in
the sandbox (bubblewrap hides them): nothing here can compute an answer.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import sys
import termios
from typing import Any

from coursekit.sandbox.frames import write_frame
from coursekit.sandbox.protocol import Lost, Ready, WorkerConfig

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Serve jobs until stdin closes; returns the process exit code."""
    import warnings

    warnings.simplefilter("ignore")  # library warnings at import would only be noise here
    argv = sys.argv if argv is None else argv
    config = WorkerConfig.from_dict(json.loads(argv[1]))
    job_in, result_out = _take_channel()
    shell = _warm_up(list(config.preload))
    write_frame(result_out, Ready(os.getpid(), _isolation_problem()).to_dict())
    return _serve(job_in, result_out, shell, config)


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

    import coursekit
    from coursekit.sandbox import binding

    coursekit.lesson = binding.lesson  # collect-only in here
    for name in preload:
        try:
            importlib.import_module(str(name))
        except BaseException:
            pass
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from coursekit.sandbox.learner import short_traceback

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    config.InteractiveShell.autocall = 0
    shell = InteractiveShell.instance(config=config)
    setattr(shell, "showtraceback", short_traceback)  # noqa: B010 - replaces a method
    setattr(shell, "showsyntaxerror", short_traceback)  # noqa: B010
    shell.run_cell("pass", store_history=False)  # type: ignore[no-untyped-call]  # first-run imports, once
    return shell


def _isolation_problem() -> str:
    """Empty when a submission can get its own PID, mount and IPC namespaces and the seccomp
    filter here; else what is missing (the grader then refuses to run)."""
    from coursekit.sandbox import isolation, seccomp

    if not seccomp.supported():
        return "the seccomp filter does not support this CPU architecture"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the probe
        try:
            isolation.unshare(isolation.CLONE_NEWPID | isolation.CLONE_NEWNS
                              | isolation.CLONE_NEWIPC)
            os._exit(0)
        except OSError as exc:
            os._exit(min(int(exc.errno or 1), 120))
    _, status = os.waitpid(pid, 0)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1
    if code == 0:
        return ""
    return (f"cannot create PID, mount and IPC namespaces ({os.strerror(code)}): grade as "
            "root, or under bubblewrap with CAP_SYS_ADMIN in its user namespace")


def _waiting(fd: int) -> int:
    """Bytes waiting in the job pipe (0 with the pipe readable means the grader closed it)."""
    buf = fcntl.ioctl(fd, termios.FIONREAD, struct.pack("i", 0))
    return int(struct.unpack("i", buf)[0])


def _serve(job_in: int, result_out: int, shell: Any, config: WorkerConfig) -> int:
    from coursekit.sandbox.monitor import run_one

    while True:
        select.select([job_in], [], [])
        if _waiting(job_in) == 0:
            return 0
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the monitor
            code = 70
            try:
                code = run_one(job_in, result_out, shell, config)
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            how = (f"was killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                   else f"exited with code {os.WEXITSTATUS(status)}")
            write_frame(result_out, Lost(f"the submission's monitor {how}").to_dict())
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
