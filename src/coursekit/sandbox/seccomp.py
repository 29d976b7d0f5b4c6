"""A seccomp filter for learner processes: no user namespaces, no ``setns``; optionally no memfd.

Installed by the learner process on itself (after ``no_new_privs``) just before learner code runs.
It refuses, with ``EPERM``:

* ``unshare``/``clone`` with ``CLONE_NEWUSER`` — a user namespace would give learner code
  capabilities inside it (and a tmpfs it could fill outside the submission's limits);
* ``setns`` — joining another namespace;
* ``memfd_create`` and ``memfd_secret`` when `block_memfd` (the fallback without a cgroup, where
  memory-backed files would escape the per-process memory limit);
* every x32-ABI system call;

and answers ``clone3`` with ``ENOSYS`` (its flags live in memory a filter cannot read; the C
library then falls back to ``clone``, which is checked). Other calls are allowed: the sandbox's
namespaces, rlimits and cgroup do the rest.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

__all__ = ["install_filter", "supported"]

_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_SYSCALLS = {
    "x86_64": {"clone": 56, "unshare": 272, "setns": 308, "memfd_create": 319,
               "clone3": 435, "memfd_secret": 447},
    "aarch64": {"clone": 220, "unshare": 97, "setns": 268, "memfd_create": 279,
                "clone3": 435, "memfd_secret": 447},
}
_CLONE_NEWUSER = 0x10000000
_X32_BIT = 0x40000000

_LD_ABS = 0x20   # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15      # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35      # BPF_JMP | BPF_JGE | BPF_K
_JSET = 0x45     # BPF_JMP | BPF_JSET | BPF_K
_RET = 0x06      # BPF_RET | BPF_K
_ALLOW = 0x7FFF0000
_ERRNO = 0x00050000

_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2


def supported() -> bool:
    """True on the architectures this filter knows (x86-64, arm64)."""
    return platform.machine() in _SYSCALLS


def _program(machine: str, block_memfd: bool) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions; jumps are resolved from labels."""
    nr = _SYSCALLS[machine]
    deny_memfd = "deny" if block_memfd else "allow"
    code: list[tuple[int, str | int, str | int, int]] = [
        (_LD_ABS, 0, 0, 4),                                  # arch
        (_JEQ, 0, "allow", _AUDIT_ARCH[machine]),
        (_LD_ABS, 0, 0, 0),                                  # syscall number
        (_JGE, "deny", 0, _X32_BIT),
        (_JEQ, "enosys", 0, nr["clone3"]),
        (_JEQ, "deny", 0, nr["setns"]),
        (_JEQ, deny_memfd, 0, nr["memfd_create"]),
        (_JEQ, deny_memfd, 0, nr["memfd_secret"]),
        (_JEQ, "flags", 0, nr["unshare"]),
        (_JEQ, "flags", "allow", nr["clone"]),
    ]
    labels = {"flags": len(code)}
    code += [(_LD_ABS, 0, 0, 16),                            # args[0], low 32 bits
             (_JSET, "deny", "allow", _CLONE_NEWUSER)]
    labels["allow"] = len(code)
    code.append((_RET, 0, 0, _ALLOW))
    labels["deny"] = len(code)
    code.append((_RET, 0, 0, _ERRNO | errno.EPERM))
    labels["enosys"] = len(code)
    code.append((_RET, 0, 0, _ERRNO | errno.ENOSYS))
    resolved = []
    for pos, (op, jt, jf, k) in enumerate(code):
        def target(jump: str | int, here: int = pos) -> int:
            return jump if isinstance(jump, int) else labels[jump] - here - 1
        resolved.append((op, target(jt), target(jf), k))
    return resolved


def install_filter(block_memfd: bool) -> None:
    """Install the filter on the calling process (irreversible; its children inherit it).

    Needs ``no_new_privs`` (or CAP_SYS_ADMIN). Raises `OSError` when the kernel refuses, or
    on an architecture the filter does not know.
    """
    machine = platform.machine()
    if machine not in _SYSCALLS:
        raise OSError(errno.ENOSYS, f"no seccomp filter for {machine}")
    program = _program(machine, block_memfd)
    raw = b"".join(struct.pack("=HBBI", *ins) for ins in program)
    buffer = ctypes.create_string_buffer(raw, len(raw))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Prog(len(program), ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0)
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"seccomp: {errno.errorcode.get(err, err)}")
