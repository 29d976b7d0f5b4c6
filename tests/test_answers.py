"""The plain-data round trip that every answer takes."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from coursekit.answers import Unsupported, decode, encode


def roundtrip(value: Any) -> Any:
    return decode(json.loads(json.dumps(encode(value), allow_nan=False)))


@pytest.mark.parametrize("value", [None, True, 3, 2**70, 0.5, "x", [1, "a"], (1, 2), {1, 2},
                                   frozenset({"a"}), {"k": [1.5]}, {(1, 2): "tuple key"}])
def test_builtins_survive(value: Any) -> None:
    result = roundtrip(value)
    assert result == value and type(result) is type(value)


def test_special_floats_survive_strict_json() -> None:
    result = roundtrip([float("nan"), float("inf"), float("-inf")])
    assert np.isnan(result[0]) and result[1] == float("inf") and result[2] == float("-inf")


def test_frames_and_series_survive_with_dtypes() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": [0.5, None], "c": ["x", "y"],
                          "d": pd.to_datetime(["2020-01-01", "2024-11-05"])}, index=[10, 20])
    pd.testing.assert_frame_equal(roundtrip(frame), frame)
    series = frame.groupby("c")["a"].sum()
    pd.testing.assert_series_equal(roundtrip(series), series)


def test_numpy_values_survive() -> None:
    array = np.arange(6, dtype="int32").reshape(2, 3)
    assert np.array_equal(roundtrip(array), array) and roundtrip(array).dtype == array.dtype
    assert roundtrip(np.float64(1.5)) == 1.5


def test_subclasses_and_objects_become_unsupported() -> None:
    class Sneaky(int):
        pass

    for value in (Sneaky(1), object(), lambda: 1):
        result = roundtrip(value)
        assert isinstance(result, Unsupported)


def test_decode_never_trusts_unknown_tags() -> None:
    assert isinstance(decode({"t": "pickle", "v": "gASV"}), Unsupported)
    assert isinstance(decode({"t": "ndarray", "dtype": "object", "shape": [1], "v": [1]}),
                      Unsupported)
