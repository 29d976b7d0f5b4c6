"""Problem kinds. An exercise is a small class whose attributes are its whole specification.

Every kind splits a check in two halves so that the learner's notebook and the grader agree:

* `collect(namespace, data)` runs where the learner's code runs and returns the answer as plain
  data (`coursekit.answers.encode`); for a function problem it calls the learner's function on
  cases the course chose.
* `judge(answer, data)` runs in the checker's process, on plain data only, and returns Feedback.

Expected answers are computed from the lesson's data by `expected(...)`, whose parameter names
are keys of the lesson's data (e.g. ``def expected(self, voters)``), never typed in as literals.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from coursekit.answers import Unsupported, decode, encode
from coursekit.exercises.compare import (
    compare_tables,
    compare_values,
    describe,
    fmt,
    normalise_text,
)
from coursekit.exercises.feedback import Feedback, Status
from coursekit.exercises.slips import SLIPS, sibling_slip, table_slip, value_slip
from coursekit.exercises.wording import infer_unit
from coursekit.messages import say

__all__ = [
    "MISSING",
    "SLIPS",
    "ChoiceProblem",
    "Criterion",
    "FunctionProblem",
    "Mistake",
    "Option",
    "Problem",
    "ReflectionProblem",
    "TableProblem",
    "ValueProblem",
]

MISSING: dict[str, str] = {"t": "missing"}
"""The encoded answer for a name the learner never defined."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer, computed from the lesson data, and what to say when it is seen."""

    wrong: Callable[..., Any]
    """Computes the wrong value; parameters are lesson data names, like `expected`."""
    message: str
    """One sentence naming the mistake and the next step."""


@dataclass(frozen=True)
class Option:
    """One option of a choice problem, with the explanation shown when it is chosen."""

    text: str
    explanation: str


@dataclass(frozen=True)
class Criterion:
    """One line of a reflection's rubric: what a reviewer looks for, and the points it is worth."""

    name: str
    """A short label, e.g. "Uses evidence"."""
    points: float
    """The most a reviewer can give for this criterion."""
    description: str
    """What earns the points, in one or two sentences a learner can act on."""


def not_defined(self: Any, **data: Any) -> Any:
    """The default of a problem's `expected` or `cases`: the problem forgot to define it."""
    raise NotImplementedError(f"{type(self).__name__} defines no expected answer")


def call_with_data(func: Callable[..., Any], data: dict[str, Any]) -> Any:
    """Call `func` with the lesson data it names as parameters (and no others)."""
    params = [p for p in inspect.signature(func).parameters.values()
              if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self"]
    missing = [p.name for p in params if p.name not in data and p.default is p.empty]
    if missing:
        raise KeyError(f"lesson data has no {missing[0]!r}")
    return func(**{p.name: data[p.name] for p in params if p.name in data})


class CheckerBug(Exception):
    """Raised inside a checker when the course, not the learner, is at fault."""


class Problem:
    """Base of all kinds: an id, the learner's name it reads, points, hints."""

    id: ClassVar[str] = ""
    """Exercise id within the lesson (``q1``, ``q2``...): set by each problem."""
    name: ClassVar[str] = ""
    """The variable (or function) in the learner's namespace that holds the answer."""
    title: ClassVar[str] = ""
    points: ClassVar[float] = 1
    hints: ClassVar[tuple[str, ...]] = ()
    mistakes: ClassVar[tuple[Mistake, ...]] = ()
    kind: ClassVar[str] = "value"
    unit: ClassVar[str] = ""
    """How the answer's numbers read in feedback: ``money``, ``percent``, ``proportion``, or
    ``""`` to guess from the answer's name (`coursekit.exercises.wording.infer_unit`)."""
    slips: ClassVar[frozenset[str]] = SLIPS
    """The kind-level typical slips diagnosed for this problem (`coursekit.exercises.slips`);
    set a smaller set, or ``frozenset()``, to opt out."""

    # -- the learner's side ------------------------------------------------------------------
    def collect(self, namespace: dict[str, Any], data: dict[str, Any]) -> Any:
        """The learner's answer as plain data; `MISSING` if the name is not defined."""
        if self.name not in namespace:
            return MISSING
        return encode(namespace[self.name])

    # -- the checker's side ------------------------------------------------------------------
    def judge(self, answer: Any, data: dict[str, Any]) -> Feedback:
        """Turn a collected answer into Feedback; a failure of the checker is a checker error."""
        try:
            if answer == MISSING:
                return self._feedback(Status.NOT_ATTEMPTED, say("not_defined", name=self.name))
            value = decode(answer)
            if value is Ellipsis:
                return self._feedback(Status.NOT_ATTEMPTED, say("still_ellipsis", name=self.name))
            status, message = self.evaluate(value, data)
        except Exception as exc:
            return self.checker_error(exc)
        return self._feedback(status, message)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        """Return (status, message) for a decoded answer. Kinds override this."""
        raise NotImplementedError

    def checker_error(self, exc: BaseException) -> Feedback:
        """Feedback for a bug in the checker itself, never blamed on the learner."""
        return self._feedback(Status.CHECKER_ERROR,
                              say("checker_bug", question=self.id,
                                  error=f"{type(exc).__name__}: {str(exc)[:200]}"))

    def _feedback(self, status: str, message: str) -> Feedback:
        earned = self.points if status in Status.PASSING else 0
        return Feedback(self.id, status, message, float(earned), float(self.points))

    def diagnose(self, value: Any, data: dict[str, Any], compare: Callable[[Any, Any], Any]
                 ) -> str | None:
        """The message of the first known mistake the value matches, if any."""
        for mistake in self.mistakes:
            try:
                wrong = call_with_data(mistake.wrong, data)
            except Exception as exc:
                raise CheckerBug(f"mistake {mistake.message[:40]!r} failed: {exc}") from exc
            if compare(value, wrong) is None:
                return mistake.message
        return None

    def retry_hint(self) -> str:
        """The next-step suggestion appended to an incorrect answer."""
        return " " + say("try_hint", question=self.id) if self.hints else ""

    def unit_for(self, expected: Any) -> str:
        """The unit this problem's numbers read in (declared, or guessed from its name)."""
        return self.unit or infer_unit(self.name, expected)

    def slip(self, value: Any, expected: Any, data: dict[str, Any],
             compare: Callable[[Any, Any], Any]) -> str | None:
        """The kind-level slip that explains a wrong `value`, if one does."""
        unit = self.unit_for(expected)
        if hasattr(expected, "columns") or type(expected).__name__ == "Series":
            found = table_slip(value, expected, compare, unit=unit, allowed=self.slips)
        else:
            found = value_slip(value, expected, unit=unit, rel=getattr(self, "rel_tol", 1e-6),
                               abs_=getattr(self, "abs_tol", 1e-9), allowed=self.slips)
        if found is None and "sibling" in self.slips and hasattr(self, "expected"):
            cache = self.__dict__.setdefault("_sibling_cache", {})
            found = sibling_slip(value, self.expected, data, compare, cache)
        return found


class ValueProblem(Problem):
    """A number (with tolerance), a normalised string, a list, set or dict."""

    rel_tol: ClassVar[float] = 1e-6
    abs_tol: ClassVar[float] = 1e-9
    ordered: ClassVar[bool] = True
    """For lists: whether order matters."""

    expected: Callable[..., Any] = not_defined
    """The expected answer, computed from the lesson data its parameters name
    (``def expected(self, voters)``); each problem defines it (or its own `evaluate`)."""

    def compare(self, actual: Any, expected: Any) -> str | None:
        """None when `actual` matches `expected`, else a sentence on the difference."""
        return compare_values(actual, expected, name=self.name, rel=self.rel_tol,
                              abs_=self.abs_tol, ordered=self.ordered,
                              unit=self.unit_for(expected))

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        expected = call_with_data(self.expected, data)
        problem = self.compare(value, expected)
        unit = self.unit_for(expected)
        if problem is None:
            return Status.CORRECT, say("correct_value", name=self.name, value=fmt(value, unit))
        known = self.diagnose(value, data, self.compare) or self.slip(value, expected, data,
                                                                      self.compare)
        if known:
            return Status.INCORRECT, say("is_value", name=self.name, value=fmt(value, unit)) \
                + f" {known}"
        return Status.INCORRECT, problem + self.retry_hint()


class TableProblem(Problem):
    """A pandas DataFrame or Series, compared with tolerance; feedback names the first
    difference."""

    kind = "table"
    rel_tol: ClassVar[float] = 1e-6
    check_order: ClassVar[bool] = False
    check_index: ClassVar[bool] = False
    check_dtype: ClassVar[bool] = False

    expected: Callable[..., Any] = not_defined
    """The expected answer, computed from the lesson data its parameters name
    (``def expected(self, voters)``); each problem defines it (or its own `evaluate`)."""

    def compare(self, actual: Any, expected: Any) -> str | None:
        """None when the tables match, else a sentence naming the first difference."""
        return compare_tables(actual.copy() if hasattr(actual, "copy") else actual,
                              expected.copy(), name=self.name, rel=self.rel_tol,
                              check_order=self.check_order, check_index=self.check_index,
                              check_dtype=self.check_dtype, unit=self.unit)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        expected = call_with_data(self.expected, data)
        problem = self.compare(value, expected)
        if problem is None:
            return Status.CORRECT, say("correct_table", name=self.name,
                                       rows=say("count_rows", n=len(expected)))
        known = self.diagnose(value, data, self.compare) or self.slip(value, expected, data,
                                                                      self.compare)
        if known:
            return Status.INCORRECT, known
        return Status.INCORRECT, problem + self.retry_hint()


class ChoiceProblem(Problem):
    """Single or multiple choice; each option carries its own explanation."""

    kind = "choice"
    options: ClassVar[dict[str, Option]] = {}
    answer: ClassVar[str | frozenset[str]] = ""
    """The correct key, or a frozenset of keys for a multiple-selection problem."""

    @property
    def multiple(self) -> bool:
        return isinstance(self.answer, frozenset)

    def _keys(self, value: Any) -> set[str] | str:
        """The chosen keys, or a sentence on why the value is not a choice."""
        if isinstance(value, str):
            chosen = {value.strip().lower()}
        elif isinstance(value, (list, tuple, set, frozenset)) and all(
                isinstance(v, str) for v in value):
            chosen = {v.strip().lower() for v in value}
        else:
            return say("choice_not_option", name=self.name, kind=describe(value))
        unknown = sorted(chosen - set(self.options))
        if unknown:
            return say("choice_unknown", name=self.name, key=unknown[0],
                       known=", ".join(f"'{k}'" for k in self.options))
        if not self.multiple and len(chosen) != 1:
            return say("choice_single", name=self.name, count=len(chosen))
        return chosen

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        chosen = self._keys(value)
        if isinstance(chosen, str):
            return Status.INCORRECT, chosen
        right = set(self.answer) if self.multiple else {self.answer}
        if chosen == right:
            notes = " ".join(self.options[k].explanation for k in sorted(chosen))
            return Status.CORRECT, notes
        wrong = sorted(chosen - right)
        if wrong:
            return Status.INCORRECT, say("choice_wrong", key=wrong[0],
                                         explanation=self.options[wrong[0]].explanation)
        left_out = sorted(right - chosen)
        return Status.INCORRECT, say("choice_incomplete", key=left_out[0])


class ReflectionProblem(Problem):
    """Free text: recorded when attempted and substantial; never marked correct by a machine."""

    kind = "reflection"
    min_words: ClassVar[int] = 40
    prompt: ClassVar[str] = ""
    rubric: ClassVar[tuple[Criterion, ...]] = ()
    """How a person scores the reflection; the points add up to the problem's `points`. Shown in
    the book and the learner notebook, and used by the grader's review sheet. Empty means one
    criterion worth all the points (`criteria()`)."""

    def criteria(self) -> tuple[Criterion, ...]:
        """The rubric, or a single whole-answer criterion when the problem declares none."""
        if self.rubric:
            return self.rubric
        return (Criterion("Answers the question", float(self.points),
                          "A reasoned answer to the prompt that draws on the chapter."),)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        """Never credited by a machine: text waits for a person ("needs review", 0 points)."""
        if isinstance(value, Unsupported) or not isinstance(value, str):
            return Status.INCORRECT, f"`{self.name}` is {describe(value)}; write your " \
                                     "reflection as a string in quotes."
        words = len(normalise_text(value).split())
        if words == 0:
            return Status.NOT_ATTEMPTED, f"`{self.name}` is empty: write your reflection."
        saved = f"Saved ({words} words) for your instructor to read: a person, not a machine, " \
                "scores reflections."
        if words < self.min_words:
            return Status.NEEDS_REVIEW, (f"{saved} The question asks you to write at least "
                                         f"{self.min_words} words: say a little more.")
        return Status.NEEDS_REVIEW, saved


# FunctionProblem lives in its own module (it calls learner code under a time limit); it is
# imported here last, once Problem exists, so `kinds` still offers every kind.
from coursekit.exercises.function_kind import FunctionProblem  # noqa: E402
