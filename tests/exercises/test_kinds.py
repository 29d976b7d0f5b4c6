"""Behaviour of each problem kind, on small hand-made problems."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from coursekit.exercises.kinds import (
    ChoiceProblem, FunctionProblem, Mistake, Option, ReflectionProblem, TableProblem,
    ValueProblem,
)
from coursekit.exercises.feedback import Status

DATA = {"voters": pd.DataFrame({"age": [20, 35, 50, 70], "voted": [False, True, True, True]})}


class Turnout(ValueProblem):
    id = "q1"
    name = "turnout"
    hints = ("Take the mean of a boolean column.",)
    mistakes = (Mistake(lambda voters: int(voters.voted.sum()),
                        "That is a count: divide by the number of voters."),)

    def expected(self, voters: pd.DataFrame) -> float:
        return float(voters.voted.mean())


class BrokenChecker(ValueProblem):
    id = "q9"
    name = "turnout"

    def expected(self, voters: pd.DataFrame) -> float:
        return voters.no_such_column.mean()


class ByVoted(TableProblem):
    id = "q2"
    name = "by_voted"

    def expected(self, voters: pd.DataFrame) -> pd.DataFrame:
        return voters.groupby("voted", as_index=False)["age"].mean()


class Pick(ChoiceProblem):
    id = "q3"
    name = "pick"
    options = {"a": Option("Right", "Yes: because."), "b": Option("Wrong", "No: the reason.")}
    answer = "a"


class Double(FunctionProblem):
    id = "q4"
    name = "double"

    def cases(self, voters: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [(int(a),) for a in voters.age]

    def reference(self, x: int) -> int:
        return 2 * x


class Think(ReflectionProblem):
    id = "q5"
    name = "thoughts"
    min_words = 5


def judge(problem: Any, namespace: dict[str, Any]) -> Any:
    return problem.judge(problem.collect(namespace, DATA), DATA)


def test_value_correct_with_tolerance() -> None:
    assert judge(Turnout(), {"turnout": 0.75 + 1e-9}).status == Status.CORRECT


def test_value_known_mistake_gets_its_message() -> None:
    feedback = judge(Turnout(), {"turnout": 3})
    assert feedback.status == Status.INCORRECT
    assert "That is a count" in feedback.message


def test_value_percentage_is_named() -> None:
    feedback = judge(Turnout(), {"turnout": 75.0})
    assert "percentage" in feedback.message and "hint()" in feedback.message


def test_missing_and_ellipsis_are_not_attempted() -> None:
    assert judge(Turnout(), {}).status == Status.NOT_ATTEMPTED
    assert judge(Turnout(), {"turnout": ...}).status == Status.NOT_ATTEMPTED


def test_exception_inside_checker_is_a_checker_error_not_the_learner() -> None:
    feedback = judge(BrokenChecker(), {"turnout": 0.75})
    assert feedback.status == Status.CHECKER_ERROR
    assert "bug in the course" in feedback.message
    assert feedback.score == 0


def test_always_true_eq_is_not_accepted() -> None:
    class Liar(float):
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = float.__hash__

    feedback = judge(Turnout(), {"turnout": Liar(0.1)})
    assert feedback.status == Status.INCORRECT
    assert "Liar" in feedback.message


def test_table_reports_first_difference() -> None:
    wrong = pd.DataFrame({"voted": [False, True], "age": [20.0, 51.0]})
    feedback = judge(ByVoted(), {"by_voted": wrong})
    assert feedback.status == Status.INCORRECT
    assert "column `age`" in feedback.message and "51" in feedback.message


def test_table_missing_column_and_row_order() -> None:
    right = DATA["voters"].groupby("voted", as_index=False)["age"].mean()
    assert judge(ByVoted(), {"by_voted": right.iloc[::-1]}).status == Status.CORRECT
    feedback = judge(ByVoted(), {"by_voted": right[["voted"]]})
    assert "no column `age`" in feedback.message


def test_choice_explains_the_chosen_option() -> None:
    assert judge(Pick(), {"pick": "A "}).status == Status.CORRECT
    feedback = judge(Pick(), {"pick": "b"})
    assert feedback.status == Status.INCORRECT and "the reason" in feedback.message
    assert "not an option" in judge(Pick(), {"pick": "z"}).message


def test_function_raising_shows_the_call() -> None:
    def double(x: int) -> int:
        raise ValueError("boom")

    feedback = judge(Double(), {"double": double})
    assert feedback.status == Status.ERROR
    assert "double(20)" in feedback.message and "ValueError: boom" in feedback.message


def test_function_returning_none_suggests_return() -> None:
    feedback = judge(Double(), {"double": lambda x: None})
    assert feedback.status == Status.INCORRECT and "return" in feedback.message


def test_function_correct_and_wrong() -> None:
    assert judge(Double(), {"double": lambda x: x * 2}).status == Status.CORRECT
    feedback = judge(Double(), {"double": lambda x: x + 2})
    assert "double(20)" in feedback.message and "returned 22" in feedback.message


def test_function_stub_is_not_attempted() -> None:
    assert judge(Double(), {"double": lambda x: ...}).status == Status.NOT_ATTEMPTED


def test_reflection_needs_review_and_is_never_credited_by_a_machine() -> None:
    feedback = judge(Think(), {"thoughts": "one two three four five six"})
    assert feedback.status == Status.NEEDS_REVIEW and feedback.score == 0
    assert "Saved (6 words)" in feedback.message and "person" in feedback.message
    short = judge(Think(), {"thoughts": "too short"})
    assert short.status == Status.NEEDS_REVIEW and short.score == 0
    assert "write at least 5 words" in short.message
    assert judge(Think(), {"thoughts": "   "}).status == Status.NOT_ATTEMPTED


@pytest.mark.parametrize("value", [object(), (x for x in [1]), {1, 2}])
def test_odd_values_are_incorrect_with_their_kind(value: Any) -> None:
    feedback = judge(Turnout(), {"turnout": value})
    assert feedback.status == Status.INCORRECT


class DoubleWithKnownMistake(Double):
    wrong_versions = (Mistake(lambda x: x ** 2, "You squared it: doubling is `2 * x`."),)


def test_function_known_wrong_version_gets_its_message() -> None:
    feedback = judge(DoubleWithKnownMistake(), {"double": lambda x: x * x})
    assert feedback.status == Status.INCORRECT
    assert "You squared it" in feedback.message and "double(20)" in feedback.message
    other = judge(DoubleWithKnownMistake(), {"double": lambda x: x + 1})
    assert "You squared it" not in other.message
