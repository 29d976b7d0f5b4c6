"""Collecting answers inside the sandbox, from a collect-only view of the lesson.

A `Collect` names the learner's variable and, for a function problem, the encoded arguments to
call it with. Nothing here knows an expected value, a reference implementation, a choice's
answer or a typical mistake: those stay in the grader, which judges the plain data returned
here (`coursekit.answers.encode`, the same encoding the learner's own ``check()`` uses).
"""

from __future__ import annotations

from typing import Any

from coursekit.answers import decode, encode
from coursekit.sandbox.protocol import Collect

__all__ = ["MISSING", "collect"]

MISSING: dict[str, str] = {"t": "missing"}
"""The encoded answer for a name the learner never defined."""


def collect(plan: Collect, namespace: dict[str, Any]) -> Any:
    """The learner's answer to `plan.question` as plain data (`MISSING` when undefined)."""
    if plan.name not in namespace:
        return MISSING
    value = namespace[plan.name]
    if plan.cases is None:
        return encode(value)
    if value is Ellipsis:
        return encode(Ellipsis)
    if not callable(value):
        return {"t": "notcallable", "type": type(value).__name__}
    calls = []
    for encoded in plan.cases:
        calls.append(_call(value, encoded))
        if "raised" in calls[-1]:
            break
    return {"t": "calls", "v": calls}


def _call(func: Any, encoded_args: Any) -> dict[str, Any]:
    """One call of the learner's function on freshly decoded arguments (it may mutate them)."""
    args = decode(encoded_args)
    try:
        result = func(*args)
    except Exception as exc:
        return {"raised": f"{type(exc).__name__}: {str(exc)[:200]}"}
    return {"result": encode(result)}
