"""The submission's supervisor: PID 1 of its PID namespace, owner of its private mounts.

Forked by the monitor (`coursekit.sandbox.monitor`). Trusted code that holds one learner's job.
It joins the submission's cgroup (memory and process limits for everything the submission
starts, memory-backed files included), takes new mount, IPC and cgroup namespaces — a fresh
size-capped tmpfs ``/tmp`` (the scratch directory) and ``/dev/shm``, a ``/proc`` that shows only
this submission's processes, no System V or POSIX message queues or shared memory from any
other submission — then forks the learner process (`coursekit.sandbox.learner`) and reaps every
process until it ends. Killing the supervisor kills the whole PID namespace: ``setsid``,
``nohup`` and daemonised grandchildren included.

Status pipe: the learner's pid on the first line, then one line on how it ended.
"""

from __future__ import annotations

import json
import os
import signal
from typing import Any

from coursekit.sandbox.isolation import KEEP_ROOT
from coursekit.sandbox.protocol import Job, WorkerConfig

__all__ = ["supervise"]


def supervise(job: Job, shell: Any, config: WorkerConfig, msg_w: int, out_w: int,
              stat_w: int) -> None:  # pragma: no cover - runs in the forked supervisor
    """Run `job` in this (new) process; never returns."""
    code = 70
    try:
        _join_cgroup(config)
        _private_namespaces(config)
        child = os.fork()
        if child == 0:
            os.close(stat_w)
            from coursekit.sandbox.learner import run_learner

            run_learner(job, shell, config, msg_w, out_w)
        os.write(stat_w, f"{child}\n".encode())
        os.close(msg_w)
        os.close(out_w)
        os.write(stat_w, _wait_for(child).encode())
        code = 0
    except BaseException as exc:
        try:
            os.write(stat_w, f"could not start ({type(exc).__name__}: {exc})".encode()[:300])
        except OSError:
            pass
    finally:
        os._exit(code)


def _join_cgroup(config: WorkerConfig) -> None:
    """Move this process (and so every process it starts) into the submission's cgroup."""
    for fd in config.cgroup_fds:
        os.write(fd, b"0")
    for fd in (*config.cgroup_fds, config.oom_fd):
        if fd >= 0:
            os.close(fd)


def _private_namespaces(config: WorkerConfig) -> None:
    """New mount, IPC (and cgroup) namespaces with this submission's own tmpfs mounts."""
    from coursekit.sandbox import isolation

    isolation.unshare(isolation.CLONE_NEWNS | isolation.CLONE_NEWIPC | isolation.CLONE_NEWCGROUP)
    isolation.make_mounts_private()
    isolation.mount_tmpfs("/tmp", config.limits.scratch_mb)
    # The Python install or the course package may live under /tmp (a CI checkout): the
    # sandbox keeps a second view of each such folder outside /tmp to put back here.
    for kept, original in _kept_under_tmp():
        isolation.bind_read_only(kept, original)
    os.makedirs("/dev/shm", mode=0o1777, exist_ok=True)
    isolation.mount_tmpfs("/dev/shm", config.limits.shm_mb)
    isolation.mount_proc("/proc")


def _kept_under_tmp() -> list[tuple[str, str]]:
    """(second view, original path) pairs announced by the sandbox in COURSEKIT_KEEP."""
    try:
        pairs = json.loads(os.environ.get("COURSEKIT_KEEP", "[]"))
    except ValueError:
        return []
    return [(str(a), str(b)) for a, b in pairs
            if str(a).startswith(KEEP_ROOT + "/") and str(b).startswith("/tmp/")]


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
