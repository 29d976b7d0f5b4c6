"""The lesson registry: lesson ids, the exercise module of each, and `Lesson` objects.

It is also the package's one cache of loaded lessons: `get_lesson` builds a lesson's `Lesson`
(problem objects and, on first use, its data) once per process and hands out the same object
afterwards, so the learner API, the grader and the tests share one copy. `load_lesson` builds a
fresh, uncached one; `clear_lessons` empties the cache (after editing a lesson module in a live
session, for instance).

A lesson module in `coursekit.exercises` is named ``chNN_slug`` (lesson id ``NN-slug``) and defines
``ID``, ``TITLE``, ``VERSION``, ``load_data()`` (the lesson's data as a dict, keyed by the names its
notebook uses) and ``PROBLEMS`` (problem classes in order).
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any

import coursekit.exercises
from coursekit.errors import LessonError
from coursekit.exercises.kinds import Problem

__all__ = [
    "LESSON_MODULES",
    "Lesson",
    "clear_lessons",
    "get_lesson",
    "lesson_ids",
    "load_lesson",
]


def _discover() -> dict[str, str]:
    """Lesson id -> module, from modules named ``chNN_slug.py`` (id ``NN-slug``)."""
    import pkgutil
    import re

    found = {}
    for info in pkgutil.iter_modules(coursekit.exercises.__path__):
        match = re.fullmatch(r"ch(\d\d)_(\w+)", info.name)
        if match:
            found[f"{match[1]}-{match[2].replace('_', '-')}"] = info.name
    return dict(sorted(found.items()))


LESSON_MODULES: dict[str, str] = _discover()
"""Lesson id -> module in this package, in course order."""


@dataclass
class Lesson:
    """A lesson's exercises and the data their expected answers are computed from."""

    id: str
    title: str
    version: str
    problems: dict[str, Problem]
    loader: Any = field(repr=False)
    _data: dict[str, Any] | None = field(default=None, repr=False)

    def data(self) -> dict[str, Any]:
        """The lesson's data, loaded once per Lesson object."""
        if self._data is None:
            self._data = dict(self.loader())
        return self._data

    @property
    def max_score(self) -> float:
        return float(sum(p.points for p in self.problems.values()))


def lesson_ids() -> list[str]:
    """Every lesson id, in course order."""
    return list(LESSON_MODULES)


_CACHE: dict[str, Lesson] = {}
_LOCK = threading.Lock()


def get_lesson(lesson_id: str) -> Lesson:
    """The lesson's `Lesson`, built once per process and shared (its data loads once too);
    raises LessonError for an unknown id."""
    lesson = _CACHE.get(lesson_id)
    if lesson is None:
        with _LOCK:
            lesson = _CACHE.get(lesson_id)
            if lesson is None:
                lesson = _CACHE[lesson_id] = load_lesson(lesson_id)
    return lesson


def clear_lessons() -> None:
    """Forget every cached lesson: the next `get_lesson` builds it again."""
    with _LOCK:
        _CACHE.clear()


def load_lesson(lesson_id: str) -> Lesson:
    """A fresh `Lesson` built from its exercise module, outside the cache; raises LessonError
    for an unknown id."""
    module_name = LESSON_MODULES.get(lesson_id)
    if module_name is None:
        known = ", ".join(LESSON_MODULES) or "none"
        raise LessonError(f"unknown lesson {lesson_id!r} (known lessons: {known})")
    module = importlib.import_module(f"coursekit.exercises.{module_name}")
    problems: dict[str, Problem] = {}
    for cls in module.PROBLEMS:
        problem = cls()
        if not problem.id or problem.id in problems:
            raise LessonError(f"lesson {lesson_id}: problem {cls.__name__} has a missing or "
                              f"duplicate id {problem.id!r}")
        problems[problem.id] = problem
    return Lesson(module.ID, module.TITLE, module.VERSION, problems, module.load_data)
