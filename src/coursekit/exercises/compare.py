"""Comparisons that explain themselves: each returns None when equal, else one sentence."""

from __future__ import annotations

import math
from typing import Any

from coursekit.answers import Unsupported

__all__ = ["describe", "compare_values", "compare_tables", "normalise_text", "fmt"]


def fmt(value: Any, limit: int = 80) -> str:
    """A short, readable rendering of a value for a feedback sentence."""
    if isinstance(value, float):
        text = f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: Any) -> str:
    """Name the kind of a value as a learner would ("a number", "a DataFrame", ...)."""
    if isinstance(value, Unsupported):
        return f"a `{value.type_name}` object"
    if isinstance(value, bool):
        return "a True/False value"
    if _is_number(value):
        return "a number"
    kinds = {str: "a string", list: "a list", tuple: "a tuple", set: "a set",
             frozenset: "a set", dict: "a dict"}
    for cls, name in kinds.items():
        if type(value) is cls:
            return name
    name = type(value).__name__
    return {"DataFrame": "a DataFrame", "Series": "a Series", "ndarray": "a NumPy array"}.get(
        name, f"a `{name}`")


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    module = type(value).__module__
    return module == "numpy" and getattr(value, "dtype", None) is not None \
        and value.dtype.kind in "iuf" and getattr(value, "shape", None) == ()


def normalise_text(text: str) -> str:
    """Case-folded, trimmed text with runs of whitespace collapsed."""
    return " ".join(text.split()).casefold()


def _close(actual: float, expected: float, rel: float, abs_: float) -> bool:
    if math.isnan(expected):
        return math.isnan(actual)
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_)


def compare_values(actual: Any, expected: Any, *, name: str, rel: float = 1e-6,
                   abs_: float = 1e-9, ordered: bool = True) -> str | None:
    """Compare scalars and builtin containers, with tolerance for numbers."""
    if _is_number(expected):
        if not _is_number(actual):
            return f"`{name}` is {describe(actual)}; expected a number."
        if _close(float(actual), float(expected), rel, abs_):
            return None
        return f"`{name}` is {fmt(float(actual))}; that is not the expected value."
    if isinstance(expected, str):
        if not isinstance(actual, str):
            return f"`{name}` is {describe(actual)}; expected a string."
        if normalise_text(actual) == normalise_text(expected):
            return None
        return f"`{name}` is {fmt(actual)}; that is not the expected text."
    if isinstance(expected, (set, frozenset)) or (not ordered and isinstance(expected, list)):
        return _compare_collections(actual, expected, name=name, rel=rel, abs_=abs_)
    if isinstance(expected, (list, tuple)):
        return _compare_sequences(actual, expected, name=name, rel=rel, abs_=abs_)
    if isinstance(expected, dict):
        return _compare_dicts(actual, expected, name=name, rel=rel, abs_=abs_)
    if type(actual) is not type(expected):
        return f"`{name}` is {describe(actual)}; expected {describe(expected)}."
    return None if actual == expected else f"`{name}` is {fmt(actual)}; not the expected value."


def _compare_sequences(actual: Any, expected: Any, **kw: Any) -> str | None:
    name = kw["name"]
    if not isinstance(actual, (list, tuple)):
        return f"`{name}` is {describe(actual)}; expected {describe(expected)}."
    if len(actual) != len(expected):
        return f"`{name}` has {len(actual)} items; expected {len(expected)}."
    for i, (a, e) in enumerate(zip(actual, expected)):
        problem = compare_values(a, e, **{**kw, "name": f"{name}[{i}]"})
        if problem:
            return problem
    return None


def _compare_collections(actual: Any, expected: Any, **kw: Any) -> str | None:
    name = kw["name"]
    if not isinstance(actual, (list, tuple, set, frozenset)):
        return f"`{name}` is {describe(actual)}; expected a collection of items."
    try:
        a, e = set(actual), set(expected)
    except TypeError:
        return f"`{name}` holds items that cannot be compared as a set."
    if len(a) != len(actual) and isinstance(expected, (set, frozenset)) is False:
        return f"`{name}` lists some items more than once."
    missing, extra = e - a, a - e
    if missing:
        return f"`{name}` is missing {fmt(sorted(missing, key=str)[0])}" + (
            f" and {len(missing) - 1} more." if len(missing) > 1 else ".")
    if extra:
        return f"`{name}` includes {fmt(sorted(extra, key=str)[0])}, which does not belong" + (
            f" (and {len(extra) - 1} more)." if len(extra) > 1 else ".")
    return None


def _compare_dicts(actual: Any, expected: dict[Any, Any], **kw: Any) -> str | None:
    name = kw["name"]
    if not isinstance(actual, dict):
        return f"`{name}` is {describe(actual)}; expected a dict."
    missing = [k for k in expected if k not in actual]
    if missing:
        return f"`{name}` has no key {fmt(missing[0])}."
    extra = [k for k in actual if k not in expected]
    if extra:
        return f"`{name}` has an unexpected key {fmt(extra[0])}."
    for key, value in expected.items():
        problem = compare_values(actual[key], value, **{**kw, "name": f"{name}[{key!r}]"})
        if problem:
            return problem
    return None


def compare_tables(actual: Any, expected: Any, *, name: str, rel: float = 1e-6,
                   check_order: bool = True, check_index: bool = False,
                   check_dtype: bool = False) -> str | None:
    """Compare DataFrames or Series and name the first difference."""
    import pandas as pd

    kind = "DataFrame" if isinstance(expected, pd.DataFrame) else "Series"
    if type(actual).__name__ != kind or type(actual).__module__.split(".")[0] != "pandas":
        return f"`{name}` is {describe(actual)}; expected a {kind}."
    if kind == "Series":
        actual, expected = _series_as_frame(actual), _series_as_frame(expected)
    problem = _compare_columns(actual, expected, name)
    if problem:
        return problem
    if len(actual) != len(expected):
        return f"`{name}` has {len(actual)} rows; expected {len(expected)}."
    if check_index:
        if list(map(str, actual.index)) != list(map(str, expected.index)) and check_order:
            return f"`{name}` has index {fmt(list(actual.index)[:5])}; expected " \
                   f"{fmt(list(expected.index)[:5])}."
        if not check_order:
            actual = actual.sort_index()
            expected = expected.sort_index()
    actual = actual[list(expected.columns)]
    if not check_order:
        actual, expected = _sorted_rows(actual), _sorted_rows(expected)
    if check_dtype:
        for column in expected.columns:
            if str(actual[column].dtype) != str(expected[column].dtype):
                return (f"column `{column}` of `{name}` has type {actual[column].dtype}; "
                        f"expected {expected[column].dtype}.")
    return _first_cell_difference(actual, expected, name, rel)


def _series_as_frame(series: Any) -> Any:
    return series.to_frame(name="values" if series.name is None else series.name)


def _compare_columns(actual: Any, expected: Any, name: str) -> str | None:
    a_cols = [str(c) for c in actual.columns]
    e_cols = [str(c) for c in expected.columns]
    missing = [c for c in e_cols if c not in a_cols]
    if missing:
        return f"`{name}` has no column `{missing[0]}` (its columns: {fmt(a_cols, 60)})."
    extra = [c for c in a_cols if c not in e_cols]
    if extra:
        return f"`{name}` has an extra column `{extra[0]}`; expected only {fmt(e_cols, 60)}."
    actual.columns = a_cols
    expected.columns = e_cols
    return None


def _sorted_rows(frame: Any) -> Any:
    return frame.sort_values(list(frame.columns), kind="mergesort").reset_index(drop=True)


def _first_cell_difference(actual: Any, expected: Any, name: str, rel: float) -> str | None:
    a_rows = actual.reset_index(drop=True)
    e_rows = expected.reset_index(drop=True)
    for column in e_rows.columns:
        for i, (a, e) in enumerate(zip(a_rows[column].tolist(), e_rows[column].tolist())):
            if _cells_equal(a, e, rel):
                continue
            label = expected.index[i] if i < len(expected.index) else i
            return (f"`{name}` differs first in column `{column}`, row {fmt(label)}: "
                    f"{fmt(a)} where {fmt(e)} was expected.")
    return None


def _cells_equal(a: Any, e: Any, rel: float) -> bool:
    import pandas as pd

    a_na, e_na = _isna(a, pd), _isna(e, pd)
    if a_na or e_na:
        return a_na and e_na
    if _is_number(a) and _is_number(e) and not isinstance(a, bool):
        return math.isclose(float(a), float(e), rel_tol=rel, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(e, str):
        return a == e
    return bool(a == e) if type(a) is type(e) else str(a) == str(e)


def _isna(x: Any, pd: Any) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False
