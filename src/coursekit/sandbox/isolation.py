"""Linux process isolation used by the sandbox worker: namespaces, mounts, rlimits, identity.

Each function wraps one system call (through `ctypes`, as Python 3.11 has no `os.unshare`) and
raises `OSError` with the errno on failure. Used only inside the worker process, never in the
grader.
"""

from __future__ import annotations

import ctypes
import os
import resource

__all__ = [
    "CLONE_NEWCGROUP",
    "CLONE_NEWIPC",
    "CLONE_NEWNET",
    "CLONE_NEWNS",
    "CLONE_NEWPID",
    "KEEP_ROOT",
    "bind_read_only",
    "clear_capabilities",
    "drop_capabilities",
    "drop_to_user",
    "make_mounts_private",
    "mount",
    "mount_proc",
    "mount_tmpfs",
    "no_new_privileges",
    "not_dumpable",
    "set_limits",
    "setns",
    "unshare",
]

KEEP_ROOT = "/.coursekit-keep"
"""Where a second, read-only view of each Python root under /tmp is bound (the worker puts it
back after mounting each submission's private /tmp)."""

CLONE_NEWNS = 0x00020000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWCGROUP = 0x02000000

_MS_RDONLY = 0x1
_MS_NOSUID = 0x2
_MS_NODEV = 0x4
_MS_NOEXEC = 0x8
_MS_REMOUNT = 0x20
_MS_BIND = 0x1000
_MS_REC = 0x4000
_MS_PRIVATE = 0x40000

_PR_SET_NO_NEW_PRIVS = 38
_PR_CAPBSET_DROP = 24
_CAP_LAST = 63
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4
_PR_SET_DUMPABLE = 4
_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def unshare(flags: int) -> None:
    """Move the calling process into new namespaces (`CLONE_*` flags)."""
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def setns(fd: int, nstype: int) -> None:
    """Join the namespace open at `fd` (used to reset the PID namespace for children)."""
    _check(_libc.setns(ctypes.c_int(fd), ctypes.c_int(nstype)), "setns")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    """The mount(2) system call."""
    _check(_libc.mount(source.encode(), target.encode(),
                       fstype.encode() if fstype else None, ctypes.c_ulong(flags),
                       data.encode() if data else None), f"mount {target}")


def make_mounts_private() -> None:
    """Stop mount events propagating out of this mount namespace (call right after unshare)."""
    mount("none", "/", None, _MS_REC | _MS_PRIVATE, None)


def mount_tmpfs(target: str, size_mb: int, mode: str = "1777") -> None:
    """A fresh, size-capped tmpfs at `target` (no suid, no devices)."""
    mount("tmpfs", target, "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={size_mb}m,mode={mode}")


def bind_read_only(source: str, target: str) -> None:
    """Make `source` visible, read-only, at `target` (created, with its parents, if missing)."""
    os.makedirs(target, mode=0o755, exist_ok=True)
    mount(source, target, None, _MS_BIND | _MS_REC, None)
    mount("none", target, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV,
          None)


def mount_proc(target: str = "/proc") -> None:
    """A procfs showing only the current PID namespace."""
    mount("proc", target, "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None)


def no_new_privileges() -> None:
    """Forbid gaining privileges through execve (setuid binaries, file capabilities)."""
    _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")


def drop_capabilities() -> None:
    """Empty the capability bounding set (best effort: needs CAP_SETPCAP)."""
    for cap in range(_CAP_LAST + 1):
        _libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)


def drop_to_user(uid: int, gid: int) -> None:
    """Become `uid`/`gid` with no supplementary groups (irreversibly: real, effective, saved)."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise OSError(f"could not become uid {uid}")


def set_limits(limits: dict[int, int]) -> None:
    """Set each rlimit's soft and hard value (a process cannot raise them again)."""
    for which, value in limits.items():
        resource.setrlimit(which, (value, value))


def clear_capabilities() -> None:
    """Empty this process's effective, permitted, inheritable and ambient capability sets."""
    _libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    _check(_libc.capset(header, data), "capset")


def not_dumpable() -> None:
    """Forbid ptrace and /proc/PID/mem access to this process by processes of the same uid."""
    _check(_libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(SET_DUMPABLE)")
