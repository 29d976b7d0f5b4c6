"""The bubblewrap command line the sandbox worker runs under, and a check that it works here.

What the worker sees (everything else of the host is absent):

* read-only: ``/usr`` (and the ``/lib*``, ``/bin``, ``/sbin`` links or dirs), the Python
  installation(s) on ``sys.path``, the installed ``coursekit`` package — with its packaged lesson
  sources (``coursekit/_lessons``) and its exercise definitions (``coursekit/exercises``: the
  chapter modules, ``kinds``, ``compare`` and their caches; only ``feedback.py``, the status
  vocabulary, is put back) hidden under empty tmpfs mounts —, and a few files of ``/etc``
  (dynamic linker cache, time zone, fonts);
* a generated ``/etc/passwd`` and ``/etc/group``; a private ``/proc``, a minimal ``/dev`` and a
  size-capped private tmpfs ``/tmp``;
* no network (a new, empty network namespace), no host IPC, its own PID namespace, a cleared
  environment.

The gradebook, the output folder, the other submissions and the repository's ``notebooks/`` are
never bound. As root, no user namespace is created (so that the worker can switch each learner
process to its own unprivileged uid); the worker keeps only CAP_SETUID, CAP_SETGID, CAP_SETPCAP
and CAP_SYS_ADMIN (for a PID, mount and IPC namespace per submission). As another user,
bubblewrap's user namespace is used, the worker keeps CAP_SETPCAP and CAP_SYS_ADMIN *inside it*
(for the same per-submission namespaces), and learner code runs as that user with every
capability cleared.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from coursekit.sandbox.isolation import KEEP_ROOT

__all__ = ["bwrap_command", "sandbox_problem", "worker_argv", "worker_environment"]

_BWRAP = "/usr/bin/bwrap"
_ROOT_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_SYS_ADMIN")
_ETC_FILES = ("ld.so.cache", "ld.so.conf", "localtime", "timezone", "nsswitch.conf")
_ETC_DIRS = ("fonts", "alternatives", "ld.so.conf.d")
_TMP_MB = 512


def _bwrap_path() -> str | None:
    found = shutil.which("bwrap")
    if found:
        return found
    return _BWRAP if os.path.exists(_BWRAP) else None


def _package_dir() -> Path:
    import coursekit

    return Path(coursekit.__file__).resolve().parent


def _python_roots() -> list[str]:
    """Directories the worker's interpreter needs: its installation, site-packages, coursekit.

    Only these are bound: never the grader's working directory or other ``sys.path`` entries
    (under pytest those can be the repository itself, lesson sources included).
    """
    import site

    wanted = {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages(),
              str(_package_dir())}
    roots = {os.path.realpath(p) for p in wanted if os.path.isdir(p)}
    roots = {r for r in roots if r != "/" and r != "/usr" and not r.startswith("/usr/")}
    kept: list[str] = []
    for root in sorted(roots, key=len):
        if not any(root.startswith(k + "/") for k in kept):
            kept.append(root)
    return kept


_HIDDEN = ("_lessons", "exercises")
"""Package folders hidden in the sandbox: lesson sources (solutions) and exercise definitions
(expected values, references, choice answers, mistakes)."""
_PUT_BACK = ("exercises/feedback.py",)
"""Files put back inside the hidden folders (no answer in them)."""


def _hidden_lesson_dirs() -> list[str]:
    """Package folders that hold answers, to hide inside the sandbox (every installed copy)."""
    packages = {str(_package_dir())}
    for entry in sys.path:
        if entry and os.path.isdir(os.path.join(entry, "coursekit")):
            packages.add(os.path.realpath(os.path.join(entry, "coursekit")))
    found = {os.path.join(p, name) for p in packages for name in _HIDDEN}
    return sorted(p for p in found if os.path.isdir(p))


def _put_back(hidden: str, view: str) -> list[str]:
    """bwrap arguments that put the harmless files of `hidden` back at `view`."""
    args: list[str] = []
    package = os.path.dirname(hidden)
    for relative in _PUT_BACK:
        source = os.path.join(package, relative)
        if source.startswith(hidden + "/") and os.path.isfile(source):
            args += ["--ro-bind", source, view + source[len(hidden):]]
    return args


def worker_environment() -> dict[str, str]:
    """The whole environment of the worker: nothing inherited from the grader."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONPATH": str(_package_dir().parent),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONHASHSEED": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/.matplotlib",
        "IPYTHONDIR": "/tmp/.ipython",
        "COURSEKIT_PROGRESS": "off",
        "COURSEKIT_GLUE": "off",
        "TERM": "dumb",
    }


def worker_argv(config: str) -> list[str]:
    """The interpreter command that starts the worker with its JSON configuration."""
    return [sys.executable, "-B", "-m", "coursekit.sandbox.worker", config]


def _usr_links() -> list[str]:
    args: list[str] = []
    for name in ("lib", "lib32", "lib64", "libx32", "bin", "sbin"):
        path = f"/{name}"
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def _parents(paths: list[str]) -> list[str]:
    """Every ancestor directory of `paths` (not ``/``), parents before children."""
    found: set[str] = set()
    for path in paths:
        parent = os.path.dirname(path)
        while parent not in ("/", ""):
            found.add(parent)
            parent = os.path.dirname(parent)
    return sorted(found, key=lambda p: (p.count("/"), p))


def _etc_args() -> list[str]:
    args = ["--dir", "/etc"]
    for name in _ETC_FILES + _ETC_DIRS:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args


def bwrap_command(argv: list[str], *, passwd_fd: int, group_fd: int) -> list[str]:
    """The full bubblewrap command that runs `argv` (the worker) in the sandbox.

    `passwd_fd`/`group_fd` are readable descriptors whose contents become ``/etc/passwd`` and
    ``/etc/group`` (pass them to the child with ``pass_fds``).
    """
    bwrap = _bwrap_path() or _BWRAP
    if os.geteuid() == 0:
        # No cgroup namespace here: the worker's submission cgroup may lie outside the grader's
        # own (cgroup v2), where a namespace would forbid joining it; each submission's
        # supervisor takes a cgroup namespace of its own after joining.
        namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                      "--cap-drop", "ALL"]
        for cap in _ROOT_CAPS:
            namespaces += ["--cap-add", cap]
    else:
        namespaces = ["--unshare-all", "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP"]
    args = [bwrap, *namespaces, "--die-with-parent", "--new-session", "--clearenv",
            "--ro-bind", "/usr", "/usr", *_usr_links()]
    # /tmp first: a later mount hides an earlier one, and the Python install or a virtualenv
    # may itself live under /tmp (a CI checkout, say); its binds must land on top.
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(_TMP_MB * 1024 * 1024),
             "--tmpfs", "/tmp"]
    roots = _python_roots()
    for parent in _parents(roots):
        args += ["--perms", "0755", "--dir", parent]  # bwrap would make them 0700
    kept = []
    for index, root in enumerate(roots):
        args += ["--ro-bind", root, root]
        if root.startswith("/tmp/"):  # the worker's per-submission /tmp would hide it
            kept.append((f"{KEEP_ROOT}/{index}", root))
            args += ["--ro-bind", root, kept[-1][0]]
    for hidden in _hidden_lesson_dirs():
        args += ["--tmpfs", hidden, *_put_back(hidden, hidden)]
        for view, root in kept:  # hide them in the second view too
            if hidden.startswith(root + "/"):
                args += ["--tmpfs", view + hidden[len(root):],
                         *_put_back(hidden, view + hidden[len(root):])]
    args += _etc_args()
    args += ["--file", str(passwd_fd), "/etc/passwd", "--file", str(group_fd), "/etc/group"]
    args += ["--chdir", "/tmp"]
    for key, value in worker_environment().items():
        args += ["--setenv", key, value]
    args += ["--setenv", "COURSEKIT_KEEP", json.dumps(kept)]
    return [*args, "--", *argv]


def _probe_command() -> list[str]:
    r, w = os.pipe()
    os.close(w)
    try:
        cmd = bwrap_command([sys.executable, "-S", "-c", "pass"], passwd_fd=r, group_fd=r)
    finally:
        os.close(r)
    # the probe cannot use --file with a closed fd: drop those four arguments
    cleaned: list[str] = []
    skip = 0
    for arg in cmd:
        if skip:
            skip -= 1
            continue
        if arg == "--file":
            skip = 2
            continue
        cleaned.append(arg)
    return cleaned


@functools.lru_cache(maxsize=1)
def sandbox_problem() -> str | None:
    """None when bubblewrap can run the worker here, else a one-line reason."""
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {sys.platform})"
    if _bwrap_path() is None:
        return "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    try:
        done = subprocess.run(_probe_command(), stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not start ({type(exc).__name__}: {exc})"
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit code {done.returncode}"
        return f"bubblewrap cannot create a sandbox here: {detail[:200]}"
    return None
