"""Behaviour of each problem kind, on small hand-made problems."""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd
import pytest

from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import (
    ChoiceProblem,
    FunctionProblem,
    Mistake,
    Option,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

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
    options: ClassVar[dict[str, Option]] = {"a": Option("Right", "Yes: because."),
                                            "b": Option("Wrong", "No: the reason.")}
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
    assert "percentage" in feedback.message and "divide by 100" in feedback.message


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


# -- rows named by the learner's own key; slips at kind level -----------------------------------
class SalaryByBand(TableProblem):
    id = "q5"
    name = "salary_by_band"

    def expected(self, voters: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({"band": ["18-29", "30-44", "45-64", "65+"],
                             "median_salary": [41000.0, 73220.0, 80110.0, 52000.0]})


def _table(rows: list[tuple[str, float]]) -> dict[str, Any]:
    return {"salary_by_band": pd.DataFrame(rows, columns=["band", "median_salary"])}


def test_a_wrong_row_is_named_by_the_learners_own_key_in_the_learners_order() -> None:
    rows = [("65+", 52000.0), ("45-64", 80110.0), ("30-44", 70000.0), ("18-29", 41000.0)]
    feedback = judge(SalaryByBand(), _table(rows))
    assert feedback.status == Status.INCORRECT
    assert 'in the row where `band` is "30-44": $70,000 where $73,220 was expected' \
        in feedback.message


def test_a_missing_key_is_named() -> None:
    rows = [("65+", 52000.0), ("45-64", 80110.0), ("30-45", 73220.0), ("18-29", 41000.0)]
    assert 'no row where `band` is "30-44"' in judge(SalaryByBand(), _table(rows)).message


def test_a_labelled_series_names_the_learners_label() -> None:
    class Counts(TableProblem):
        id = "q6"
        name = "counts"

        def expected(self, voters: pd.DataFrame) -> pd.Series:
            return pd.Series([3, 1], index=pd.Index([True, False], name="voted"), name="n")

    learner = pd.Series([1, 2], index=pd.Index([False, True], name="voted"), name="n")
    message = judge(Counts(), {"counts": learner}).message
    assert "in row `True`: 2 where 3 was expected" in message


@pytest.mark.parametrize(("scale", "words"), [(100, "percentage"), (-1, "sign is flipped"),
                                              (1000, "factor of 1,000")])
def test_value_slips_are_named_with_a_next_step(scale: float, words: str) -> None:
    feedback = judge(Turnout(), {"turnout": 0.75 * scale})
    assert feedback.status == Status.INCORRECT and words in feedback.message


def test_swapped_bounds_and_a_table_column_slip_are_named() -> None:
    class Interval(ValueProblem):
        id = "q7"
        name = "ci"

        def expected(self, voters: pd.DataFrame) -> tuple[float, float]:
            return (0.1, 0.3)

    assert "swapped" in judge(Interval(), {"ci": (0.3, 0.1)}).message
    rows = [("18-29", 41.0), ("30-44", 73.22), ("45-64", 80.11), ("65+", 52.0)]
    message = judge(SalaryByBand(), _table(rows)).message
    assert "Column `median_salary` is off by a factor of 1,000" in message


def test_a_problem_can_opt_out_of_slips() -> None:
    class Quiet(Turnout):
        slips = frozenset()

    assert "percentage" not in judge(Quiet(), {"turnout": 75.0}).message
