"""Feedback in a learner's words: every exercise, fed NumPy scalars, pandas objects, None, NaN,
1e308 and wrong types, answers without Python internals and, for money or percent questions,
without exponent forms."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coursekit.exercises.function_kind import FunctionProblem
from coursekit.exercises.kinds import call_with_data
from coursekit.exercises.wording import MONEY, PERCENT, PROPORTION, describe, fmt
from coursekit.learner.api import lesson
from coursekit.lessons.registry import get_lesson, lesson_ids
from tests.exercises.test_catalogue import lesson_run

FORBIDDEN = ("np.", "numpy", "dtype", "NoneType", "<class")
EXPONENT = re.compile(r"\d[eE][+-]?\d")

ODD_VALUES: dict[str, Any] = {
    "numpy float": np.float64(0.0027123456),
    "numpy int": np.int64(73220),
    "numpy bool": np.bool_(True),
    "numpy array": np.array([1.5, 2.5]),
    "series": pd.Series([0.1, 0.2], name="x"),
    "frame": pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}),
    "none": None,
    "nan": float("nan"),
    "huge": 1e308,
    "numpy huge": np.float64(1e308),
    "text": "seventy",
    "list": [1, "two", None],
    "dict": {"a": np.float64(1.5)},
    "object": object(),
    "type": int,
    "twice": pd.DataFrame([[1, 2]], columns=["a", "a"]),
    "multi": pd.Series([1.0, 2.0], index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)])),
    "dates": pd.Series(pd.to_datetime(["2020-11-03", "2024-11-05"])),
    "bytes": b"\x00",
}

PARAMS = [(lid, q) for lid in lesson_ids() for q in get_lesson(lid).problems]


def _unit(lesson_id: str, question: str) -> str:
    problem = get_lesson(lesson_id).problems[question]
    data = get_lesson(lesson_id).data()
    if isinstance(problem, FunctionProblem):
        cases = call_with_data(problem.cases, data)
        return problem.unit_for(problem.reference(*cases[0])) if cases else ""
    try:
        return problem.unit_for(call_with_data(problem.expected, data))
    except (AttributeError, NotImplementedError):  # choice, reflection, custom evaluate
        return ""


def _namespace(lesson_id: str, question: str, value: Any, call: bool) -> dict[str, Any]:
    """The reference namespace with the answer replaced by `value` (for a function exercise,
    by a function returning it when `call`)."""
    problem = get_lesson(lesson_id).problems[question]
    namespace = dict(lesson_run(lesson_id).after[question])
    namespace[problem.name] = (lambda *args: value) if call else value
    return namespace


@pytest.mark.parametrize(("lesson_id", "question"), PARAMS,
                         ids=[f"{lid}:{q}" for lid, q in PARAMS])
def test_no_python_internals_in_any_message(lesson_id: str, question: str) -> None:
    money_or_percent = _unit(lesson_id, question) in (MONEY, PERCENT, PROPORTION)
    function = isinstance(get_lesson(lesson_id).problems[question], FunctionProblem)
    for (label, value), call in [(item, call) for item in ODD_VALUES.items()
                                 for call in ((False, True) if function else (False,))]:
        namespace = _namespace(lesson_id, question, value, call)
        feedback = getattr(lesson(lesson_id, namespace, remember=False), question).check()
        message = feedback.message
        for word in FORBIDDEN:
            assert word not in message, f"{label}: {message}"
        assert feedback.status != "checker error", f"{label}: {message}"
        if money_or_percent:
            assert not EXPONENT.search(message), f"{label}: {message}"


def test_numbers_read_as_the_question_asks() -> None:
    assert fmt(73220.4, MONEY) == "$73,220"
    assert fmt(np.float64(73220.4), MONEY) == "$73,220"
    assert fmt(1_250_000.0, MONEY) == "$1.25 million"
    assert fmt(0.6412, PROPORTION) == "0.6412"
    assert fmt(64.12, PERCENT) == "64.1%"
    assert fmt(1e308) == "an enormous number (309 digits)"
    assert fmt(0.0027123456) == "0.002712"
    assert fmt(np.int64(20000)) == "20,000"
    assert fmt(float("nan")) == "not a number (`NaN`)"
    assert fmt(None) == "nothing (`None`)"


def test_kinds_of_value_in_plain_words() -> None:
    assert describe(None) == "nothing (`None`)"
    assert describe("x") == "text"
    assert describe(3) == "a whole number"
    assert describe(np.int64(3)) == "a whole number"
    assert describe(2.5) == "a number"
    assert describe(pd.DataFrame({"a": [1, 2, 3]})) == "a table with 3 rows"
    assert describe(pd.Series([1])) == "a column of 1 value"
    assert describe([1, 2]) == "a list of 2 items"
    assert describe(int) == "a type (`int`), not a value"
