"""Submission cgroups: made with their limits on this host; v2's no-internal-process rule met."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from coursekit.grading import cgroups


def test_cgroup_v2_moves_the_parents_processes_to_a_leaf_before_enabling(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cgroup.subtree_control").write_text("")
    (tmp_path / "cgroup.procs").write_text("11\n12\n")
    writes: list[tuple[str, str]] = []
    busy = [True]

    def write(path: Path, value: str) -> None:
        if path.name == "cgroup.subtree_control" and busy[0]:
            busy[0] = False
            raise OSError(errno.EBUSY, "busy")  # the parent holds processes
        writes.append((path.relative_to(tmp_path).as_posix(), value))

    monkeypatch.setattr(cgroups, "_write", write)
    cgroups._enable_controllers(tmp_path)
    assert writes == [("coursekit-grader/cgroup.procs", "11"),
                      ("coursekit-grader/cgroup.procs", "12"),
                      ("cgroup.subtree_control", "+memory +pids")]


def test_enabled_controllers_are_left_alone(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cgroup.subtree_control").write_text("cpu memory pids\n")
    monkeypatch.setattr(cgroups, "_write", lambda *a: pytest.fail("wrote to a cgroup"))
    cgroups._enable_controllers(tmp_path)


def test_as_root_a_submission_cgroup_is_made_with_its_limits_and_removed() -> None:
    if os.geteuid() != 0:
        assert "not root" in str(cgroups.SubmissionCgroup.create("ck-test", 64, 8))
        return
    made = cgroups.SubmissionCgroup.create(f"ck-test-{os.getpid()}", 64, 8)
    assert not isinstance(made, str), made
    try:
        limits = {p.name: p.read_text().strip() for d in made.dirs for p in d.iterdir()
                  if p.name in ("memory.max", "memory.limit_in_bytes", "pids.max")}
        assert limits.get("pids.max") == "8"
        assert str(64 * 1024 * 1024) in (limits.get("memory.max"),
                                         limits.get("memory.limit_in_bytes"))
        assert made.procs_fds and made.oom_fd >= 0
    finally:
        made.remove()
    assert not any(d.exists() for d in made.dirs)
