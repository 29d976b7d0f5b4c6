"""``coursekit.lesson(...)`` inside the sandbox: a collect-only binding that checks nothing.

A submission's setup cell calls ``ex = coursekit.lesson("02-campaign-data", globals())`` as the
learner's notebook does. Inside the sandbox the exercise definitions are not installed, so the
warm worker replaces ``coursekit.lesson`` with `lesson` below: it accepts the same arguments and
returns an object on which ``ex.q1.check()``, ``hint()``, ``solution()`` and ``progress()`` work
and say only that the grader checks the answers. Nothing in it knows an answer.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CollectOnlyLesson", "Note", "lesson"]

_TEXT = "Answers are checked by the grader, outside this notebook's process."


class Note:
    """What every exercise method returns in the sandbox (no verdict, no hint, no solution)."""

    passed = False
    status = "not checked"

    def __repr__(self) -> str:
        return _TEXT

    def _repr_markdown_(self) -> str:
        return _TEXT


class _Exercise:
    def __init__(self, question: str) -> None:
        self.question = question

    def check(self) -> Note:
        return Note()

    def hint(self, n: int | None = None) -> Note:
        return Note()

    def solution(self) -> Note:
        return Note()


class CollectOnlyLesson:
    """Stands in for a bound lesson: any exercise id resolves, nothing is checked."""

    def __init__(self, lesson_id: str) -> None:
        self.lesson_id = lesson_id

    def __getattr__(self, name: str) -> _Exercise:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Exercise(name)

    def progress(self) -> Note:
        return Note()


def lesson(lesson_id: str, namespace: dict[str, Any], *, remember: bool = True
           ) -> CollectOnlyLesson:
    """The sandbox's ``coursekit.lesson``: same arguments, a collect-only binding."""
    if not isinstance(namespace, dict):
        raise TypeError("pass your notebook's namespace: coursekit.lesson(id, globals())")
    return CollectOnlyLesson(str(lesson_id))
