"""The expected answers of a lesson, written the ways a page could show them (leak tests).

Only answers that are distinctive enough to search for are kept: numbers with at least three
significant digits (a "2" or "0.5" occurs everywhere for other reasons). Each answer becomes a
regular expression that matches it as a whole number, not inside a longer one.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from typing import Any

from coursekit.exercises.kinds import ValueProblem, call_with_data, not_defined
from coursekit.lessons.registry import get_lesson

_EDGE_BEFORE = r"(?<![\d.,])"
_EDGE_AFTER = r"(?![\d]|[.,]\d)"


@dataclass(frozen=True)
class AnswerForm:
    """One way of writing one expected answer."""

    lesson: str
    question: str
    text: str

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(_EDGE_BEFORE + re.escape(self.text) + _EDGE_AFTER)


def _significant(text: str) -> int:
    digits = re.sub(r"[^\d]", "", text).lstrip("0")
    return len(digits.rstrip("0")) if "." in text else len(digits)


def number_forms(value: float) -> set[str]:
    """How a page might print `value`: plain, with separators, rounded, as a percentage."""
    forms: set[str] = set()
    if float(value).is_integer():
        forms |= {f"{int(value)}", f"{int(value):,}"}
    else:
        forms |= {f"{value:.3f}", f"{value:.4f}", f"{value:,.1f}", f"{value:,.2f}"}
        if abs(value) < 1.5:
            forms |= {f"{100 * value:.1f}%", f"{100 * value:.2f}%"}
    return {form for form in forms if _significant(form) >= 3}


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, numbers.Real):
        return [float(value)]
    if isinstance(value, (tuple, list)) and all(isinstance(v, numbers.Real) for v in value):
        return [float(v) for v in value if not isinstance(v, bool)]
    return []


def answer_forms(lesson_id: str) -> list[AnswerForm]:
    """Every searchable form of every numeric expected answer of `lesson_id`."""
    lesson = get_lesson(lesson_id)
    found = []
    for question, problem in lesson.problems.items():
        if not isinstance(problem, ValueProblem) or type(problem).expected is not_defined:
            continue  # an open answer (its own evaluate) has no single expected value to leak
        expected = call_with_data(problem.expected, lesson.data())
        for number in _numbers(expected):
            found += [AnswerForm(lesson_id, question, text) for text in number_forms(number)]
    return found
