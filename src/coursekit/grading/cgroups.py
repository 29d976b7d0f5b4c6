"""Per-worker cgroups that hold every submission to one memory and process limit.

Each warm worker gets its own submission cgroup, made here by the grader (which must be root, or
own a delegated cgroup): ``memory`` limited to ``Limits.memory_mb`` (no swap) and ``pids`` to
``Limits.max_processes``. The worker receives open descriptors of the cgroup's ``cgroup.procs``
file(s); each submission's supervisor writes ``0`` there before it forks the learner process,
so everything the submission starts — processes, threads, anonymous memory, its tmpfs ``/tmp``
and ``/dev/shm`` files and memory-backed files (memfd) — is counted against one limit. The
worker itself, and each submission's monitor, stay outside it. The cgroup's OOM-kill counter
tells the monitor that a submission died of its memory limit.

Both layouts are handled: cgroup v2 (the unified hierarchy with the memory and pids controllers;
when the grader's own cgroup holds processes, they move to a leaf child ``coursekit-grader`` so
that controllers can be enabled) and the v1 ``memory`` and ``pids`` hierarchies (a hybrid host).
Where neither can be used (not root, no delegation, controllers missing),
`SubmissionCgroup.create` returns the reason and the grader falls back to per-process limits
(docs/grading.md, "Limits").
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SubmissionCgroup", "cgroup_problem"]

_ROOT = Path("/sys/fs/cgroup")


def _own_paths() -> dict[str, str]:
    """Controller (``""`` for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    found: dict[str, str] = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            found[name] = path
    return found


def _v2_root() -> Path | None:
    for root in (_ROOT, _ROOT / "unified"):
        controllers = root / "cgroup.controllers"
        try:
            names = controllers.read_text().split()
        except OSError:
            continue
        if "memory" in names and "pids" in names:
            return root
    return None


def _write(path: Path, value: str) -> None:
    path.write_text(value)


def _enable_controllers(parent: Path) -> None:
    """Enable memory and pids for `parent`'s children (cgroup v2).

    A cgroup that holds processes cannot hand controllers to children (v2's "no internal
    processes" rule, e.g. a CI service's own cgroup): its processes — the grader's among them —
    are first moved into a leaf child, ``coursekit-grader``, which gets no limit of its own.
    """
    control = parent / "cgroup.subtree_control"
    if {"memory", "pids"} <= set(control.read_text().split()):
        return
    try:
        _write(control, "+memory +pids")
        return
    except OSError as exc:
        if exc.errno != errno.EBUSY:
            raise
    leaf = parent / "coursekit-grader"
    leaf.mkdir(exist_ok=True)
    for pid in (parent / "cgroup.procs").read_text().split():
        try:
            _write(leaf / "cgroup.procs", pid)
        except OSError:
            pass  # a process that ended meanwhile
    _write(control, "+memory +pids")


@dataclass
class SubmissionCgroup:
    """One worker's submission cgroup (its directories, and the descriptors handed over)."""

    dirs: list[Path]
    procs_fds: list[int] = field(default_factory=list)
    oom_fd: int = -1
    version: int = 2

    @classmethod
    def create(cls, name: str, memory_mb: int, max_processes: int
               ) -> SubmissionCgroup | str:
        """Make the cgroup `name` with its limits; or the one-line reason it cannot be made."""
        if os.geteuid() != 0:
            return "not root (cgroups need root or a delegated cgroup)"
        try:
            made = cls._make_v2(name, memory_mb, max_processes) if _v2_root() else \
                cls._make_v1(name, memory_mb, max_processes)
        except OSError as exc:
            return f"cannot create a cgroup ({exc.strerror or exc})"
        return made

    @classmethod
    def _make_v2(cls, name: str, memory_mb: int, max_processes: int) -> SubmissionCgroup:
        root = _v2_root()
        assert root is not None
        parent = root / _own_paths().get("", "/").lstrip("/")
        _enable_controllers(parent)
        group = parent / name
        group.mkdir(exist_ok=True)
        made = cls([group])
        try:
            _write(group / "memory.max", str(memory_mb * 1024 * 1024))
            if (group / "memory.swap.max").exists():
                _write(group / "memory.swap.max", "0")
            _write(group / "pids.max", str(max_processes))
            made.procs_fds = [os.open(group / "cgroup.procs", os.O_WRONLY)]
            made.oom_fd = os.open(group / "memory.events", os.O_RDONLY)
        except OSError:
            made.remove()
            raise
        return made

    @classmethod
    def _make_v1(cls, name: str, memory_mb: int, max_processes: int) -> SubmissionCgroup:
        own = _own_paths()
        memory = _ROOT / "memory" / own.get("memory", "/").lstrip("/") / name
        pids = _ROOT / "pids" / own.get("pids", "/").lstrip("/") / name
        if not (memory.parent / "memory.limit_in_bytes").exists() \
                or not (pids.parent / "cgroup.procs").exists():
            raise OSError(0, "the memory and pids controllers are not mounted")
        memory.mkdir(exist_ok=True)
        made = cls([memory], version=1)
        try:
            pids.mkdir(exist_ok=True)
            made.dirs.append(pids)
            limit = str(memory_mb * 1024 * 1024)
            _write(memory / "memory.limit_in_bytes", limit)
            if (memory / "memory.memsw.limit_in_bytes").exists():
                _write(memory / "memory.memsw.limit_in_bytes", limit)
            _write(pids / "pids.max", str(max_processes))
            made.procs_fds = [os.open(memory / "cgroup.procs", os.O_WRONLY),
                              os.open(pids / "cgroup.procs", os.O_WRONLY)]
            made.oom_fd = os.open(memory / "memory.oom_control", os.O_RDONLY)
        except OSError:
            made.remove()
            raise
        return made

    @property
    def fds(self) -> tuple[int, ...]:
        """Every descriptor the worker must inherit."""
        return (*self.procs_fds, *([self.oom_fd] if self.oom_fd >= 0 else []))

    def close_fds(self) -> None:
        """Close the grader's copies of the descriptors (the worker keeps its own)."""
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self.procs_fds, self.oom_fd = [], -1

    def remove(self) -> None:
        """Close the descriptors and remove the (empty) cgroup directories; best effort."""
        self.close_fds()
        for group in reversed(self.dirs):
            try:
                group.rmdir()
            except OSError:
                pass


def cgroup_problem() -> str | None:
    """None when a submission cgroup can be made here, else why not (one line)."""
    made = SubmissionCgroup.create(f"coursekit-probe-{os.getpid()}", 64, 8)
    if isinstance(made, str):
        return made
    made.remove()
    return None
