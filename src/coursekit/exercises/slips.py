"""Typical slips, diagnosed for every numeric and table answer of every lesson.

A slip is a wrong answer that is the right answer transformed in a way learners often do by
accident: a percentage for a proportion (or back), rounded too early, the bounds of an interval
swapped, the sign flipped, off by a power of ten, or computed from a sibling column or year of
the same data. Each has a one-sentence next step in `coursekit.messages`.

`value_slip` and `table_slip` compare the learner's answer with transformed copies of the
expected one; `sibling_slip` recomputes the expected answer with one column the expected answer
reads replaced by a sibling of the same table and kind. A problem opts out of some or all with
its `slips` attribute (a frozenset of names from `SLIPS`).
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from coursekit.exercises.wording import MONEY, is_number
from coursekit.messages import say

__all__ = ["SLIPS", "sibling_slip", "table_slip", "transforms", "value_slip"]

SLIPS: frozenset[str] = frozenset({"percent", "proportion", "rounded", "bounds", "sign",
                                   "power", "sibling"})
"""Every kind-level slip, by name."""

Transform = Callable[[float], float]
_MAX_SIBLINGS = 12


def transforms(expected_numbers: list[float], unit: str, allowed: frozenset[str]
               ) -> Iterator[tuple[str, dict[str, Any], Transform]]:
    """(slip name, message fields, transform of an expected number), most specific first."""
    largest = max((abs(x) for x in expected_numbers if not math.isnan(x)), default=0.0)
    if largest == 0:
        return
    share = unit != MONEY
    if "percent" in allowed and share and largest <= 1:
        yield "percent", {}, lambda x: x * 100
    if "proportion" in allowed and share and 1 < largest <= 100:
        yield "proportion", {}, lambda x: x / 100
    if "sign" in allowed:
        yield "sign", {}, lambda x: -x
    if "power" in allowed:
        for factor in (10, 100, 1_000, 1_000_000, 1_000_000_000):
            yield "power", {"factor": f"{factor:,}"}, _times(factor)
            yield "power", {"factor": f"{factor:,}"}, _times(1 / factor)


def _times(factor: float) -> Transform:
    return lambda x: x * factor


def _rounding(decimals: int) -> Transform:
    return lambda x: round(x, decimals)


def _close(a: float, e: float, rel: float, abs_: float) -> bool:
    return math.isclose(a, e, rel_tol=max(rel, 1e-9), abs_tol=abs_)


def _rounded(actual: list[float], expected: list[float]) -> bool:
    """True when every number is the expected one rounded (or computed from rounded parts) to
    the same number of decimals, and rounding changed at least one of them."""
    for decimals in range(0, 5):
        unit = 10.0 ** -decimals
        if all(math.isclose(a, round(a, decimals), abs_tol=1e-9) and abs(a - e) <= 2 * unit
               for a, e in zip(actual, expected, strict=False)) and any(
                not math.isclose(e, round(e, decimals), abs_tol=1e-9) for e in expected) and any(
                a != 0 for a in actual):
            return True
    return False


def _flat_numbers(value: Any) -> list[float] | None:
    """The numbers of a number, list/tuple of numbers or dict of numbers (None otherwise)."""
    if is_number(value):
        return [float(value)]
    if isinstance(value, (list, tuple)) and value and all(is_number(v) for v in value):
        return [float(v) for v in value]
    if isinstance(value, dict) and value and all(is_number(v) for v in value.values()):
        return [float(v) for v in value.values()]
    return None


def value_slip(actual: Any, expected: Any, *, unit: str, rel: float, abs_: float,
               allowed: frozenset[str]) -> str | None:
    """The sentence for the slip that turns `expected` into `actual`, if one does."""
    a_nums, e_nums = _flat_numbers(actual), _flat_numbers(expected)
    if a_nums is None or e_nums is None or len(a_nums) != len(e_nums):
        return None
    if isinstance(actual, dict) != isinstance(expected, dict) or (
            isinstance(actual, dict) and list(actual) != list(expected)):
        return None
    if any(math.isnan(x) or math.isinf(x) for x in a_nums + e_nums):
        return None
    if "bounds" in allowed and len(e_nums) == 2 and not isinstance(expected, dict) \
            and e_nums[0] != e_nums[1] \
            and all(_close(a, e, rel, abs_) for a, e in zip(a_nums, e_nums[::-1], strict=False)):
        return say("slip_bounds")
    # No scaling turns a number into zero or zero into a number.
    scalable = all((a == 0) == (e == 0) for a, e in zip(a_nums, e_nums, strict=True))
    for slip, fields, change in transforms(e_nums, unit, allowed) if scalable else ():
        for candidate in (e_nums, e_nums[::-1]) if slip == "sign" else (e_nums,):
            pairs = zip(a_nums, candidate, strict=True)
            if all(_close(a, change(e), rel, abs_) for a, e in pairs):
                return say(f"slip_{slip}", **fields)
    if "rounded" in allowed and _rounded(a_nums, e_nums):
        return say("slip_rounded")
    return None


def table_slip(actual: Any, expected: Any, compare: Callable[[Any, Any], str | None], *,
               unit: str, allowed: frozenset[str]) -> str | None:
    """The sentence for a slip in one numeric column of a table answer, if one explains it."""
    frame = expected.to_frame() if hasattr(expected, "to_frame") else expected
    for column in frame.columns:
        values = frame[column]
        if values.dtype.kind not in "iuf":
            continue
        numbers = [float(x) for x in values.tolist()]
        changes = list(transforms(numbers, unit, allowed))
        if "rounded" in allowed:
            changes += [("rounded", {}, _rounding(d)) for d in range(0, 4)]
        for slip, fields, change in changes:
            changed = frame.copy()
            changed[column] = values.astype(float).map(change)
            candidate = changed if frame is expected else changed[column].rename(expected.name)
            if compare(actual, candidate) is None:
                return say(f"slip_column_{slip}", column=column, **fields)
    return None


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _read_columns(func: Callable[..., Any]) -> set[str]:
    """Names and string constants in the source of `func` and of the module-level functions
    it calls (one level down): the columns it may read."""
    words = _source_words(func)
    scope = getattr(getattr(func, "__func__", func), "__globals__", {})
    for word in list(words):
        helper = scope.get(word)
        if inspect.isfunction(helper):
            words |= _source_words(helper)
    return words


def _source_words(func: Callable[..., Any]) -> set[str]:
    try:
        return set(_WORD.findall(inspect.getsource(func)))
    except (OSError, TypeError):
        return set()


def _siblings(frame: Any, column: str) -> list[str]:
    """Other columns of `frame` of the same kind as `column` (numbers, True/False, text)."""
    kind = frame[column].dtype.kind
    same = "iuf" if kind in "iuf" else kind
    return [c for c in frame.columns if c != column and frame[c].dtype.kind in same]


def sibling_swaps(expected: Callable[..., Any], data: dict[str, Any]
                  ) -> Iterator[tuple[str, str, str]]:
    """(data name, column the expected answer reads, sibling column) to try, at most a few."""
    read = _read_columns(expected)
    params = inspect.signature(expected).parameters
    count = 0
    for key in params:
        frame = data.get(key)
        if frame is None or not hasattr(frame, "columns") or not hasattr(frame, "copy"):
            continue
        for column in [c for c in frame.columns if isinstance(c, str) and c in read]:
            for sibling in _siblings(frame, column):
                count += 1
                if count > _MAX_SIBLINGS:
                    return
                yield key, column, sibling


def sibling_slip(value: Any, expected: Callable[..., Any], data: dict[str, Any],
                 compare: Callable[[Any, Any], str | None], cache: dict[Any, Any]
                 ) -> str | None:
    """The sentence naming a sibling column that reproduces the learner's value, if any.
    `cache` keeps the recomputed answers between checks (they depend only on the data)."""
    from coursekit.exercises.kinds import call_with_data

    for key, column, sibling in sibling_swaps(expected, data):
        slot = (id(data[key]), column, sibling)
        if slot not in cache or cache[slot][0] is not data[key]:  # the frame held keeps its id
            swapped = data[key].copy()
            swapped[column] = data[key][sibling]
            try:
                cache[slot] = (data[key], call_with_data(expected, {**data, key: swapped}))
            except Exception:  # a swap the calculation cannot take is no slip
                cache[slot] = (data[key], None)
        wrong = cache[slot][1]
        if wrong is not None and compare(value, wrong) is None:
            return say("slip_sibling", used=sibling, wanted=column)
    return None
