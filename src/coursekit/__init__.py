"""coursekit: the course *Election Data Ethics & Data Careers* as software.

Learners: ``ex = coursekit.lesson("02-campaign-data", globals())`` then ``ex.q1.check()``.
Importing coursekit is light: pandas, Jupyter and the book toolchain load only when used.
"""

from __future__ import annotations

from typing import Any

from coursekit.errors import CoursekitError

__all__ = ["CoursekitError", "__version__", "lesson"]
__version__ = "0.1.0"


def lesson(lesson_id: str, namespace: dict[str, Any], *, remember: bool = True) -> Any:
    """Bind a lesson's exercises to your notebook's namespace (pass ``globals()``)."""
    from coursekit.learner.api import lesson as _lesson

    return _lesson(lesson_id, namespace, remember=remember)
