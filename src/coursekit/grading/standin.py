"""TEMPORARY out-of-process stand-in for `coursekit.grading.sandbox` (no isolation, no limits
beyond a wall clock). Used by the pipeline only while ``sandbox.py`` does not exist yet; it keeps
the same interface (`Limits`, `RunResult`, `Runner`, `sandbox_problem`). Delete once the
sandbox lands.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Any

from coursekit.feedback import Status
from coursekit.grading.plan import Job

__all__ = ["Limits", "RunResult", "Runner", "sandbox_problem"]

_CHILD = r"""
import json, os, sys, traceback
fd = int(sys.argv[1])
out = os.fdopen(fd, "w")
job = json.loads(sys.stdin.read())
from coursekit.exercises import get_lesson
lesson = get_lesson(job["lesson"]); data = lesson.data()
ns = {"__name__": "__main__"}
for step in job["steps"]:
    error = None
    try:
        exec(compile(step["code"], step["label"] or "<cell>", "exec"), ns)
    except BaseException as exc:
        error = f"{type(exc).__name__}: {exc}"
    q = step.get("capture")
    if q:
        if error:
            out.write(json.dumps({"q": q, "status": "error", "message": error}) + "\n")
        else:
            try:
                out.write(json.dumps({"q": q, "answer": lesson.problems[q].collect(ns, data)}) + "\n")
            except BaseException as exc:
                out.write(json.dumps({"q": q, "status": "error", "message": repr(exc)}) + "\n")
        out.flush()
"""


@dataclass(frozen=True)
class Limits:
    cell_timeout: float = 30.0
    total_timeout: float = 120.0
    memory_mb: int = 1024
    output_bytes: int = 1_000_000
    max_processes: int = 64
    max_open_files: int = 256
    file_size_mb: int = 16


@dataclass(frozen=True)
class RunResult:
    answers: dict[str, Any]
    question_status: dict[str, tuple[str, str]]
    status: str
    message: str
    output_truncated: bool


def sandbox_problem() -> str | None:
    """The stand-in never sandboxes."""
    return "the sandbox is not built yet (stand-in runner)"


class Runner:
    """Runs each Job in a fresh `python` subprocess."""

    def __init__(self, limits: Limits = Limits(), *, workers: int = 1, sandbox: bool = True
                 ) -> None:
        self.limits = limits

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def run(self, job: Job) -> RunResult:
        read, write = os.pipe()
        payload = json.dumps({"lesson": job.lesson, "steps": [asdict(s) for s in job.steps]})
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(write)], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                pass_fds=(write,), start_new_session=True)
        os.close(write)
        status, message = "ok", ""
        try:
            proc.communicate(payload.encode(), timeout=self.limits.total_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            status, message = Status.TIMEOUT, "the notebook ran out of time"
        with os.fdopen(read) as handle:
            lines = handle.read().splitlines()
        answers: dict[str, Any] = {}
        question_status: dict[str, tuple[str, str]] = {}
        for line in lines:
            item = json.loads(line)
            if "answer" in item:
                answers[item["q"]] = item["answer"]
            else:
                question_status[item["q"]] = (item["status"], item["message"])
        if status == "ok" and proc.returncode != 0:
            status, message = Status.KERNEL_DIED, f"the process exited with {proc.returncode}"
        if status != "ok":
            for step in job.steps:
                if step.capture and step.capture not in answers:
                    question_status.setdefault(step.capture, (status, message))
        return RunResult(answers, question_status, status, message, False)
