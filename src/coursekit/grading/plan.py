"""The plan handed to the sandbox: plain data describing one submission's code to run.

This module is the interface between the grading pipeline (which builds a `Job` from a
submission and the instructor's source notebook) and the sandbox (which runs it). Everything
here is plain, immutable data: strings and tuples, safe to send to another process as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Job", "Step"]


@dataclass(frozen=True)
class Step:
    """One cell of code to run in the sandbox, in order."""

    code: str
    capture: str | None = None   # question id: collect its answer right after this step
    label: str = ""              # e.g. "q1 answer" / "setup cell 3", for messages


@dataclass(frozen=True)
class Job:
    """Everything the sandbox needs to run one submission (plain data only)."""

    key: str                     # unique per submission (content hash)
    lesson: str                  # lesson id (the worker imports its Problems to collect)
    steps: tuple[Step, ...]
