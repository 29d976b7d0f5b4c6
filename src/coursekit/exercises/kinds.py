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
import math
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from coursekit.answers import Unsupported, decode, encode
from coursekit.exercises.compare import (
    compare_tables, compare_values, describe, fmt, normalise_text,
)
from coursekit.exercises.feedback import Feedback, Status

__all__ = [
    "Problem", "ValueProblem", "TableProblem", "ChoiceProblem", "FunctionProblem",
    "ReflectionProblem", "Mistake", "Option", "Criterion", "MISSING",
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
                return self._feedback(Status.NOT_ATTEMPTED,
                                      f"`{self.name}` is not defined yet: write your answer in "
                                      "the exercise cell and run it.")
            value = decode(answer)
            if value is Ellipsis:
                return self._feedback(Status.NOT_ATTEMPTED,
                                      f"`{self.name}` is still `...`: replace it with your answer.")
            status, message = self.evaluate(value, data)
        except Exception as exc:  # noqa: BLE001 - any failure here is the course's bug
            return self.checker_error(exc)
        return self._feedback(status, message)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        """Return (status, message) for a decoded answer. Kinds override this."""
        raise NotImplementedError

    def checker_error(self, exc: BaseException) -> Feedback:
        """Feedback for a bug in the checker itself, never blamed on the learner."""
        return self._feedback(Status.CHECKER_ERROR,
                              f"the checker for {self.id} failed ({type(exc).__name__}: {exc}); "
                              "this is a bug in the course, not in your answer — please report "
                              "it.")

    def _feedback(self, status: str, message: str) -> Feedback:
        earned = self.points if status in Status.PASSING else 0
        return Feedback(self.id, status, message, float(earned), float(self.points))

    def diagnose(self, value: Any, data: dict[str, Any], compare: Callable[[Any, Any], Any]
                 ) -> str | None:
        """The message of the first known mistake the value matches, if any."""
        for mistake in self.mistakes:
            try:
                wrong = call_with_data(mistake.wrong, data)
            except Exception as exc:  # noqa: BLE001
                raise CheckerBug(f"mistake {mistake.message[:40]!r} failed: {exc}") from exc
            if compare(value, wrong) is None:
                return mistake.message
        return None

    def retry_hint(self) -> str:
        """The next-step suggestion appended to an incorrect answer."""
        return f" Try `ex.{self.id}.hint()`." if self.hints else ""


class ValueProblem(Problem):
    """A number (with tolerance), a normalised string, a list, set or dict."""

    rel_tol: ClassVar[float] = 1e-6
    abs_tol: ClassVar[float] = 1e-9
    ordered: ClassVar[bool] = True
    """For lists: whether order matters."""

    def expected(self, **data: Any) -> Any:
        raise NotImplementedError

    def compare(self, actual: Any, expected: Any) -> str | None:
        """None when `actual` matches `expected`, else a sentence on the difference."""
        return compare_values(actual, expected, name=self.name, rel=self.rel_tol,
                              abs_=self.abs_tol, ordered=self.ordered)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        expected = call_with_data(self.expected, data)
        problem = self.compare(value, expected)
        if problem is None:
            return Status.CORRECT, f"`{self.name}` = {fmt(value)}."
        known = self.diagnose(value, data, self.compare)
        if known:
            return Status.INCORRECT, f"`{self.name}` is {fmt(value)}. {known}"
        return Status.INCORRECT, problem + self._scale_hint(value, expected) + self.retry_hint()

    def _scale_hint(self, value: Any, expected: Any) -> str:
        number = (int, float)
        if not (isinstance(value, number) and isinstance(expected, number)) or expected == 0:
            return ""
        if isinstance(value, bool) or isinstance(expected, bool):
            return ""
        if math.isclose(value, expected * 100, rel_tol=1e-3):
            return " It looks like a percentage: give a proportion between 0 and 1."
        if math.isclose(value * 100, expected, rel_tol=1e-3):
            return " It looks like a proportion: give it as a percentage (0–100)."
        return ""


class TableProblem(Problem):
    """A pandas DataFrame or Series, compared with tolerance; feedback names the first difference."""

    kind = "table"
    rel_tol: ClassVar[float] = 1e-6
    check_order: ClassVar[bool] = False
    check_index: ClassVar[bool] = False
    check_dtype: ClassVar[bool] = False

    def expected(self, **data: Any) -> Any:
        raise NotImplementedError

    def compare(self, actual: Any, expected: Any) -> str | None:
        """None when the tables match, else a sentence naming the first difference."""
        return compare_tables(actual.copy() if hasattr(actual, "copy") else actual,
                              expected.copy(), name=self.name, rel=self.rel_tol,
                              check_order=self.check_order, check_index=self.check_index,
                              check_dtype=self.check_dtype)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        expected = call_with_data(self.expected, data)
        problem = self.compare(value, expected)
        if problem is None:
            return Status.CORRECT, f"`{self.name}` matches: {len(expected)} rows."
        known = self.diagnose(value, data, self.compare)
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
            return f"`{self.name}` is {describe(value)}; expected an option letter like \"a\"."
        unknown = sorted(chosen - set(self.options))
        if unknown:
            return (f"`{self.name}` includes {unknown[0]!r}, which is not an option; choose from "
                    f"{', '.join(repr(k) for k in self.options)}.")
        if not self.multiple and len(chosen) != 1:
            return f"`{self.name}` should be a single option letter, not {len(chosen)}."
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
            return Status.INCORRECT, f"Option {wrong[0]!r}: {self.options[wrong[0]].explanation}"
        left_out = sorted(right - chosen)
        return Status.INCORRECT, (f"Your choices are right as far as they go, but one more option "
                                  f"is also true: look again at {left_out[0]!r}.")


class FunctionProblem(Problem):
    """The learner writes a function; the course calls it on chosen cases."""

    kind = "function"
    rel_tol: ClassVar[float] = 1e-6
    wrong_versions: ClassVar[tuple[Mistake, ...]] = ()
    """Typical wrong implementations: each `Mistake.wrong` takes the same arguments as
    `reference`; a learner's function that agrees with one on every case gets its message."""

    def cases(self, **data: Any) -> list[tuple[Any, ...]]:
        """Argument tuples to call the learner's function with (plain data)."""
        raise NotImplementedError

    def reference(self, *args: Any) -> Any:
        """The reference implementation, called on the same cases."""
        raise NotImplementedError

    def collect(self, namespace: dict[str, Any], data: dict[str, Any]) -> Any:
        if self.name not in namespace:
            return MISSING
        func = namespace[self.name]
        if func is Ellipsis:
            return encode(Ellipsis)
        if not callable(func):
            return {"t": "notcallable", "type": type(func).__name__}
        calls = []
        for args in call_with_data(self.cases, data):
            calls.append(_call_learner(func, args))
            if "raised" in calls[-1]:
                break
        return {"t": "calls", "v": calls}

    def judge(self, answer: Any, data: dict[str, Any]) -> Feedback:
        tag = answer.get("t") if isinstance(answer, dict) else None
        if tag == "notcallable":
            return self._feedback(Status.INCORRECT, f"`{self.name}` is a "
                                  f"`{str(answer.get('type'))[:40]}`, not a function: define it "
                                  f"with `def {self.name}(...):`.")
        if tag != "calls":
            return super().judge(answer, data)
        try:
            status, message = self.judge_calls(answer["v"], data)
        except Exception as exc:  # noqa: BLE001 - any failure here is the course's bug
            return self.checker_error(exc)
        return self._feedback(status, message)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        return Status.INCORRECT, f"`{self.name}` is {describe(value)}, not a function."

    def judge_calls(self, calls: list[dict[str, Any]], data: dict[str, Any]) -> tuple[str, str]:
        cases = call_with_data(self.cases, data)
        for args, call in zip(cases, calls):
            shown = f"`{self.name}({', '.join(fmt(a, 40) for a in args)})`"
            if "raised" in call:
                return Status.ERROR, f"When calling {shown}, Python raised {call['raised']}."
            result = decode(call["result"])
            if result is Ellipsis:
                return Status.NOT_ATTEMPTED, (f"`{self.name}` still returns `...`: replace it "
                                              "with your code.")
            if result is None:
                return Status.INCORRECT, (f"{shown} returned `None`: did you forget "
                                          "`return`?")
            expected = self.reference(*args)
            problem = compare_values(result, expected, name=shown.strip("`"), rel=self.rel_tol)
            if problem is not None:
                known = self._known_wrong_version(calls, cases)
                return Status.INCORRECT, (f"{shown} returned {fmt(result)}; expected "
                                          f"{fmt(expected)}." + (f" {known}" if known
                                                                 else self.retry_hint()))
        if len(calls) < len(cases):
            raise CheckerBug("fewer calls than cases")
        return Status.CORRECT, f"`{self.name}` gives the expected result on {len(cases)} cases."

    def _known_wrong_version(self, calls: list[dict[str, Any]], cases: list[tuple[Any, ...]]
                             ) -> str | None:
        """The message of the typical wrong implementation that agrees on every case, if any."""
        if len(calls) != len(cases) or any("result" not in c for c in calls):
            return None
        results = [decode(c["result"]) for c in calls]
        for mistake in self.wrong_versions:
            try:
                wrong = [mistake.wrong(*args) for args in cases]
            except Exception as exc:  # noqa: BLE001
                raise CheckerBug(f"wrong version {mistake.message[:40]!r} failed: {exc}") from exc
            if all(compare_values(r, w, name=self.name, rel=self.rel_tol) is None
                   for r, w in zip(results, wrong)):
                return mistake.message
        return None


def _call_learner(func: Callable[..., Any], args: tuple[Any, ...]) -> dict[str, Any]:
    try:
        result = func(*_fresh(args))
    except Exception as exc:  # noqa: BLE001 - the learner's error becomes feedback
        return {"raised": f"{type(exc).__name__}: {str(exc)[:200]}"}
    return {"result": encode(result)}


def _fresh(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Copies of the case arguments, so a learner's function cannot mutate the course's cases."""
    import copy

    return tuple(copy.deepcopy(a) for a in args)


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
