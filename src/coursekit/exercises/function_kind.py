"""The function kind: the learner writes a function, the course calls it on chosen cases.

The calls run where the learner's code runs (`collect`), each on copies of the case arguments and
within `FunctionProblem.time_limit` seconds (`coursekit.exercises.calls`); `judge` compares the
results, as plain data, with the reference implementation's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from coursekit.answers import Unsupported, decode, encode
from coursekit.exercises.calls import TIMED_OUT, call_learner
from coursekit.exercises.compare import compare_values, describe, fmt
from coursekit.exercises.feedback import Feedback, Status
from coursekit.exercises.kinds import (
    MISSING,
    CheckerBug,
    Mistake,
    Problem,
    call_with_data,
    not_defined,
)
from coursekit.exercises.slips import value_slip
from coursekit.messages import say

__all__ = ["FunctionProblem"]


class FunctionProblem(Problem):
    """The learner writes a function; the course calls it on chosen cases."""

    kind = "function"
    rel_tol: ClassVar[float] = 1e-6
    time_limit: ClassVar[float] = 5.0
    """Seconds one call of the learner's function may take before the check stops it."""
    wrong_versions: ClassVar[tuple[Mistake, ...]] = ()
    """Typical wrong implementations: each `Mistake.wrong` takes the same arguments as
    `reference`; a learner's function that agrees with one on every case gets its message."""

    cases: Callable[..., list[tuple[Any, ...]]] = not_defined
    """Argument tuples to call the learner's function with (plain data), from the lesson data
    its parameters name; each problem defines it."""

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
            calls.append(call_learner(func, args, self.time_limit))
            if "raised" in calls[-1]:
                break
        return {"t": "calls", "v": calls}

    def judge(self, answer: Any, data: dict[str, Any]) -> Feedback:
        tag = answer.get("t") if isinstance(answer, dict) else None
        if tag == "notcallable":
            kind = describe(_unsupported_type(str(answer.get("type"))))
            return self._feedback(Status.INCORRECT, say("not_callable", name=self.name,
                                                        kind=kind))
        if tag != "calls":
            return super().judge(answer, data)
        try:
            status, message = self.judge_calls(answer["v"], data)
        except Exception as exc:
            return self.checker_error(exc)
        return self._feedback(status, message)

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        return Status.INCORRECT, say("not_function", name=self.name, kind=describe(value))

    def judge_calls(self, calls: list[dict[str, Any]], data: dict[str, Any]) -> tuple[str, str]:
        cases = call_with_data(self.cases, data)
        for args, call in zip(cases, calls, strict=False):
            shown = f"`{self.name}({', '.join(fmt(a, limit=40) for a in args)})`"
            if "raised" in call:
                return _raised(shown, str(call["raised"]))
            result = decode(call["result"])
            if result is Ellipsis:
                return Status.NOT_ATTEMPTED, say("returns_ellipsis", name=self.name)
            if result is None:
                return Status.INCORRECT, say("returned_none", call=shown)
            expected = self.reference(*args)
            unit = self.unit_for(expected)
            problem = compare_values(result, expected, name=shown.strip("`"), rel=self.rel_tol,
                                     unit=unit)
            if problem is not None:
                known = self._known_wrong_version(calls, cases) or self._call_slip(calls, cases)
                return Status.INCORRECT, say("returned_wrong", call=shown,
                                             value=fmt(result, unit),
                                             expected=fmt(expected, unit)) + (
                    f" {known}" if known else self.retry_hint())
        if len(calls) < len(cases):
            raise CheckerBug("fewer calls than cases")
        return Status.CORRECT, say("correct_calls", name=self.name, count=len(cases))

    def _results(self, calls: list[dict[str, Any]], cases: list[tuple[Any, ...]]
                 ) -> list[Any] | None:
        if len(calls) != len(cases) or any("result" not in c for c in calls):
            return None
        return [decode(c["result"]) for c in calls]

    def _known_wrong_version(self, calls: list[dict[str, Any]], cases: list[tuple[Any, ...]]
                             ) -> str | None:
        """The message of the typical wrong implementation that agrees on every case, if any."""
        results = self._results(calls, cases)
        if results is None:
            return None
        for mistake in self.wrong_versions:
            try:
                wrong = [mistake.wrong(*args) for args in cases]
            except Exception as exc:
                raise CheckerBug(f"wrong version {mistake.message[:40]!r} failed: {exc}") from exc
            if all(compare_values(r, w, name=self.name, rel=self.rel_tol) is None
                   for r, w in zip(results, wrong, strict=False)):
                return mistake.message
        return None

    def _call_slip(self, calls: list[dict[str, Any]], cases: list[tuple[Any, ...]]
                   ) -> str | None:
        """The kind-level slip that explains every wrong result at once, if one does."""
        results = self._results(calls, cases)
        if results is None:
            return None
        expected = [self.reference(*args) for args in cases]
        found = {value_slip(r, e, unit=self.unit_for(e), rel=self.rel_tol, abs_=1e-9,
                            allowed=self.slips - {"rounded"})
                 for r, e in zip(results, expected, strict=False)
                 if compare_values(r, e, name=self.name, rel=self.rel_tol) is not None}
        return found.pop() if len(found) == 1 and None not in found else None


def _unsupported_type(type_name: str) -> Unsupported:
    return Unsupported(type_name[:60], "?")


def _raised(shown: str, raised: str) -> tuple[str, str]:
    """Feedback for a call that raised, or that the time limit stopped."""
    if raised.startswith(TIMED_OUT + ":"):
        return Status.ERROR, say("call_too_long", call=shown,
                                 seconds=raised.split(":", 1)[1].strip())
    return Status.ERROR, say("call_raised", call=shown, error=raised)
