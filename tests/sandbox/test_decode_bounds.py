"""Decoding learner data in the grader is bounded: forged answers cannot make it allocate much.

Answers arrive as plain JSON that learner code could have forged (it can write to its message
pipe). Each forged shape below is beside a clean control of the same shape that decodes.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coursekit.answers import MAX_DECODE_ITEMS, Unsupported, decode, encode

BUDGET_BYTES = 64 * 1024 * 1024
"""What decoding one forged answer may allocate at its peak, at most."""


def peak_of(data: Any) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        value = decode(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return value, peak


def nested(depth: int) -> Any:
    data: Any = 1
    for _ in range(depth):
        data = [data]
    return data


FORGED = {
    "wide_array_items": {"t": "ndarray", "dtype": "<U100000000", "shape": [20],
                         "v": ["x"] * 20},
    "wide_scalar": {"t": "npscalar", "dtype": "<U1000000000", "v": "x"},
    "shape_larger_than_values": {"t": "ndarray", "dtype": "int64", "shape": [10**6, 10**6],
                                 "v": [1]},
    "huge_range_index": {"t": "frame", "columns": [], "dtypes": [], "v": [],
                         "index": {"t": "range", "start": 0, "stop": 10**12, "step": 1,
                                   "name": None}},
    "huge_range_series": {"t": "series", "name": None, "dtype": "int64", "v": [],
                          "index": {"t": "range", "start": 0, "stop": 10**10, "step": 1,
                                    "name": None}},
    "wide_column_dtype": {"t": "frame", "columns": ["a"], "dtypes": ["<U100000000"],
                          "v": [["x"] * 50],
                          "index": {"t": "range", "start": 0, "stop": 50, "step": 1,
                                    "name": None}},
    "deep_nesting": nested(5_000),
    "too_many_items": [[0] * 1000] * (MAX_DECODE_ITEMS // 1000 + 5),
    "huge_bigint": {"t": "bigint", "v": "9" * 100_000},
    "bad_float": {"t": "float", "v": "not a number"},
    "frame_with_bad_parts": {"t": "frame", "columns": 3, "dtypes": None, "v": {},
                             "index": {"t": "range"}},
}


@pytest.mark.parametrize("name", FORGED)
def test_a_forged_answer_decodes_to_unsupported_within_the_budget(name: str) -> None:
    value, peak = peak_of(FORGED[name])
    assert peak < BUDGET_BYTES, f"{name} allocated {peak / 1e6:.0f} MB"
    if name == "wide_column_dtype":  # the column stays as plain text: no 400 MB cells
        assert isinstance(value, pd.DataFrame) and value["a"].dtype == object
    else:
        assert isinstance(value, Unsupported), value


CONTROLS = {
    "array": np.array([["a", "bc"], ["d", "e"]]),
    "frame": pd.DataFrame({"x": [1, 2, 3], "y": ["a", "b", "c"]}),
    "series": pd.Series([1.5, 2.5], index=pd.RangeIndex(10, 12), name="s"),
    "nested": nested(15),
    "bigint": 2**80,
    "many": list(range(100_000)),
}


@pytest.mark.parametrize("name", CONTROLS)
def test_an_honest_answer_of_the_same_shape_decodes_equal(name: str) -> None:
    original = CONTROLS[name]
    value, _ = peak_of(encode(original))
    if isinstance(original, (pd.DataFrame, pd.Series)):
        assert value.equals(original)
    elif isinstance(original, np.ndarray):
        assert np.array_equal(value, original) and value.dtype == original.dtype
    else:
        assert value == original
