"""Comparisons that explain themselves: each returns None when equal, else one sentence.

Sentences come from `coursekit.messages`; values are shown in plain words (`wording`). A table's
rows are matched by the learner's own key (a text column, or the index labels) before cells are
compared, so a difference is named by the row the learner sees, not by the checker's order.
"""

from __future__ import annotations

import math
from typing import Any

from coursekit.exercises.tables import compare_tables
from coursekit.exercises.wording import describe, fmt, is_number
from coursekit.messages import say

__all__ = ["compare_tables", "compare_values", "describe", "fmt", "normalise_text"]

_is_number = is_number


def normalise_text(text: str) -> str:
    """Case-folded, trimmed text with runs of whitespace collapsed."""
    return " ".join(text.split()).casefold()


def _close(actual: float, expected: float, rel: float, abs_: float) -> bool:
    if math.isnan(expected):
        return math.isnan(actual)
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_)


def compare_values(actual: Any, expected: Any, *, name: str, rel: float = 1e-6,
                   abs_: float = 1e-9, ordered: bool = True, unit: str = "") -> str | None:
    """Compare scalars and builtin containers, with tolerance for numbers; numbers in the
    sentence are shown in `unit` (``money``, ``percent``, ``proportion`` or plain)."""
    if _is_number(expected):
        if not _is_number(actual):
            return say("want_number", name=name, kind=describe(actual))
        if _close(float(actual), float(expected), rel, abs_):
            return None
        return say("wrong_number", name=name, value=fmt(actual, unit))
    if isinstance(expected, str):
        if not isinstance(actual, str):
            return say("want_text", name=name, kind=describe(actual))
        if normalise_text(actual) == normalise_text(expected):
            return None
        return say("wrong_text", name=name, value=fmt(actual))
    kw = {"name": name, "rel": rel, "abs_": abs_, "unit": unit}
    if isinstance(expected, (set, frozenset)) or (not ordered and isinstance(expected, list)):
        return _compare_collections(actual, expected, **kw)
    if isinstance(expected, (list, tuple)):
        return _compare_sequences(actual, expected, **kw)
    if isinstance(expected, dict):
        return _compare_dicts(actual, expected, **kw)
    if type(actual) is not type(expected):
        return say("want_kind", name=name, kind=describe(actual), expected=describe(expected))
    return None if actual == expected else say("wrong_value", name=name, value=fmt(actual, unit))


def _compare_sequences(actual: Any, expected: Any, **kw: Any) -> str | None:
    name = kw["name"]
    if not isinstance(actual, (list, tuple)):
        return say("want_kind", name=name, kind=describe(actual), expected=describe(expected))
    if len(actual) != len(expected):
        return say("wrong_length", name=name, count=say("count_items", n=len(actual)),
                   expected=len(expected))
    for i, (a, e) in enumerate(zip(actual, expected, strict=False)):
        problem = compare_values(a, e, **{**kw, "name": f"{name}[{i}]"})
        if problem:
            return problem
    return None


def _compare_collections(actual: Any, expected: Any, **kw: Any) -> str | None:
    name, unit = kw["name"], kw["unit"]
    if not isinstance(actual, (list, tuple, set, frozenset)):
        return say("want_collection", name=name, kind=describe(actual))
    try:
        a, e = set(actual), set(expected)
    except TypeError:
        return say("uncomparable", name=name)
    if len(a) != len(actual) and isinstance(expected, (set, frozenset)) is False:
        return say("duplicates", name=name)
    missing, extra = e - a, a - e
    if missing:
        first = fmt(sorted(missing, key=str)[0], unit)
        return say("missing_items", name=name, item=first, more=len(missing) - 1) \
            if len(missing) > 1 else say("missing_item", name=name, item=first)
    if extra:
        first = fmt(sorted(extra, key=str)[0], unit)
        return say("extra_items", name=name, item=first, more=len(extra) - 1) \
            if len(extra) > 1 else say("extra_item", name=name, item=first)
    return None


def _compare_dicts(actual: Any, expected: dict[Any, Any], **kw: Any) -> str | None:
    name = kw["name"]
    if not isinstance(actual, dict):
        return say("want_dict", name=name, kind=describe(actual))
    missing = [k for k in expected if k not in actual]
    if missing:
        return say("no_key", name=name, key=fmt(missing[0]))
    extra = [k for k in actual if k not in expected]
    if extra:
        return say("extra_key", name=name, key=fmt(extra[0]))
    for key, value in expected.items():
        problem = compare_values(actual[key], value, **{**kw, "name": f"{name}[{fmt(key)}]"})
        if problem:
            return problem
    return None
