"""Compare a learner's DataFrame or Series with the expected one and name the first difference.

Rows are paired before cells are compared: by the expected table's text columns (its key, e.g.
``age_band``) when it has one, else by index labels when both tables are labelled alike, else by
sorting both. A difference is then named by the learner's own key or label ("in the row where
`age_band` is "18-29""), never by a position in the checker's sorted copy.
"""

from __future__ import annotations

import math
from typing import Any

from coursekit.exercises.wording import describe, fmt, infer_unit, is_number
from coursekit.messages import say

__all__ = ["compare_tables"]

Pairs = list[tuple[int, int, str]]
"""(learner's row position, expected row position, how the learner's row is named)."""


def compare_tables(actual: Any, expected: Any, *, name: str, rel: float = 1e-6,
                   check_order: bool = True, check_index: bool = False,
                   check_dtype: bool = False, unit: str = "") -> str | None:
    """None when the tables match, else one sentence naming the first difference."""
    import pandas as pd

    kind = "DataFrame" if isinstance(expected, pd.DataFrame) else "Series"
    if type(actual).__name__ != kind or type(actual).__module__.split(".")[0] != "pandas":
        wanted = say("kind_frame") if kind == "DataFrame" else say("kind_series")
        return say("want_table", name=name, kind=describe(actual), expected=wanted)
    if kind == "Series":
        actual, expected = _series_as_frame(actual), _series_as_frame(expected)
    problem = _compare_columns(actual, expected, name)
    if problem:
        return problem
    if len(actual) != len(expected):
        return say("row_count", name=name, count=say("count_rows", n=len(actual)),
                   expected=len(expected))
    a_labels, e_labels = list(map(str, actual.index)), list(map(str, expected.index))
    if check_index and (a_labels != e_labels if check_order
                        else sorted(a_labels) != sorted(e_labels)):
        return say("index_differs", name=name, labels=fmt(list(actual.index)[:5]),
                   expected=fmt(list(expected.index)[:5]))
    actual = actual[list(expected.columns)]
    if check_dtype:
        for column in expected.columns:
            if str(actual[column].dtype) != str(expected[column].dtype):
                return say("column_type", name=name, column=column,
                           kind=_dtype_words(actual[column]),
                           expected=_dtype_words(expected[column]))
    pairs = _pairs(actual, expected, check_order, check_index)
    if isinstance(pairs, str):
        return say("row_missing", name=name, key=pairs.split("\0")[0], label=pairs.split("\0")[1])
    return _first_cell_difference(actual, expected, pairs, name, rel, unit)


def _dtype_words(column: Any) -> str:
    return say({"i": "col_whole", "u": "col_whole", "f": "col_number", "b": "col_bool",
                "O": "col_text", "U": "col_text"}.get(column.dtype.kind, "col_other"))


def _series_as_frame(series: Any) -> Any:
    return series.to_frame(name="values" if series.name is None else series.name)


def _compare_columns(actual: Any, expected: Any, name: str) -> str | None:
    a_cols = [str(c) for c in actual.columns]
    e_cols = [str(c) for c in expected.columns]
    twice = [c for i, c in enumerate(a_cols) if c in a_cols[:i]]
    if twice:
        return say("duplicate_column", name=name, column=twice[0])
    missing = [c for c in e_cols if c not in a_cols]
    if missing:
        return say("no_column", name=name, column=missing[0], columns=fmt(a_cols, limit=60))
    extra = [c for c in a_cols if c not in e_cols]
    if extra:
        return say("extra_column", name=name, column=extra[0], columns=fmt(e_cols, limit=60))
    actual.columns = a_cols
    expected.columns = e_cols
    return None


def _labelled(index: Any) -> bool:
    """True when an index carries the learner's own labels (not 0, 1, 2... positions)."""
    import pandas as pd

    return not isinstance(index, pd.RangeIndex)


def _key_columns(expected: Any) -> list[str]:
    """The expected table's text (or category) columns, when together they identify a row."""
    keys = [c for c in expected.columns if expected[c].dtype.kind in "OSU"
            or str(expected[c].dtype) in ("category", "string")]
    if keys and not expected[keys].astype(str).duplicated().any():
        return keys
    return []


def _row_name(actual: Any, position: int, keys: list[str]) -> str:
    if keys:
        return say("row_where", key=keys[0], label=fmt(_plain(actual[keys[0]].iloc[position])))
    if _labelled(actual.index):
        return say("row_label", label=fmt(_plain(actual.index[position])))
    return say("row_position", position=position + 1)


def _plain(x: Any) -> Any:
    return x.item() if hasattr(x, "item") and getattr(x, "shape", None) == () else x


def _pairs(actual: Any, expected: Any, check_order: bool, check_index: bool) -> Pairs | str:
    """Rows of the two tables paired up; a string "key\\0label" when a key is missing."""
    keys = _key_columns(expected)
    if check_order:
        return [(i, i, _row_name(actual, i, keys)) for i in range(len(expected))]
    if keys:
        return _pairs_by_key(actual, expected, keys)
    same_labels = _labelled(expected.index) and _labelled(actual.index) \
        and expected.index.is_unique \
        and sorted(map(str, actual.index)) == sorted(map(str, expected.index))
    if same_labels:
        where = {str(label): i for i, label in enumerate(actual.index)}
        return [(where[str(label)], j, _row_name(actual, where[str(label)], []))
                for j, label in enumerate(expected.index)]
    if check_index:
        return [(i, i, _row_name(actual, i, [])) for i in range(len(expected))]
    a_order, e_order = _sorted_positions(actual), _sorted_positions(expected)
    return [(a, e, _row_name(actual, a, [])) for a, e in zip(a_order, e_order, strict=False)]


def _pairs_by_key(actual: Any, expected: Any, keys: list[str]) -> Pairs | str:
    learner = {tuple(map(str, row)): i
               for i, row in enumerate(actual[keys].itertuples(index=False))}
    pairs = []
    for j, row in enumerate(expected[keys].itertuples(index=False)):
        i = learner.get(tuple(map(str, row)))
        if i is None:
            return f"{keys[0]}\0{fmt(_plain(row[0]))}"
        pairs.append((i, j, _row_name(actual, i, keys)))
    return pairs


def _sorted_positions(frame: Any) -> list[int]:
    positions = frame.reset_index(drop=True)
    try:
        ordered = positions.sort_values(list(positions.columns), kind="mergesort")
    except TypeError:
        ordered = positions.astype(str).sort_values(list(positions.columns), kind="mergesort")
    return [int(i) for i in ordered.index]


def _first_cell_difference(actual: Any, expected: Any, pairs: Pairs, name: str, rel: float,
                           unit: str) -> str | None:
    for column in expected.columns:
        a_col, e_col = actual[column].tolist(), expected[column].tolist()
        column_unit = unit or infer_unit(str(column), [_plain(x) for x in e_col[:50]])
        for a_pos, e_pos, row in pairs:
            a, e = a_col[a_pos], e_col[e_pos]
            if _cells_equal(a, e, rel):
                continue
            return say("cell_differs", name=name, column=column, row=row,
                       value=fmt(_plain(a), column_unit), expected=fmt(_plain(e), column_unit))
    return None


def _cells_equal(a: Any, e: Any, rel: float) -> bool:
    a_na, e_na = _isna(a), _isna(e)
    if a_na or e_na:
        return a_na and e_na
    if is_number(a) and is_number(e):
        return math.isclose(float(a), float(e), rel_tol=rel, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(e, str):
        return a == e
    return bool(a == e) if type(a) is type(e) else str(a) == str(e)


def _isna(x: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False
