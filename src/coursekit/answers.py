"""Answers as plain data: the only form in which a learner's values reach a checker.

`encode` turns a value from the learner's namespace into JSON-compatible data, tagging each value
with its *exact* type; `decode` rebuilds ordinary Python/pandas values from that data. Subclasses
and look-alikes are not coerced: they encode as ``unsupported`` with their type name, so an object
whose ``__eq__`` always says yes never reaches a comparison. The learner's own ``check()`` goes
through the same round trip as the grader, so both always see the same value.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["MAX_DECODE_ITEMS", "MAX_ITEMS", "Unsupported", "decode", "encode"]

MAX_ITEMS = 200_000
"""Largest container (elements or table cells) that is encoded; larger ones are `Unsupported`."""

_REPR_LIMIT = 200


class Unsupported:
    """A decoded value that could not be carried as data: only its type name and a short repr."""

    def __init__(self, type_name: str, text: str, reason: str = "") -> None:
        self.type_name = type_name
        self.text = text
        self.reason = reason

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.text}>"


def _float(x: float) -> Any:
    if math.isnan(x):
        return {"t": "float", "v": "nan"}
    if math.isinf(x):
        return {"t": "float", "v": "inf" if x > 0 else "-inf"}
    return x


def _unsupported(value: Any, reason: str = "") -> dict[str, Any]:
    try:
        text = object.__repr__(value)
    except Exception:  # a hostile object may break even this
        text = "?"
    return {"t": "unsupported", "type": _type_name(value), "repr": text[:_REPR_LIMIT],
            "reason": reason}


def _type_name(value: Any) -> str:
    cls = type(value)
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", "?")
    return name if module in ("builtins", "") else f"{module}.{name}"


def encode(value: Any, _depth: int = 0) -> Any:
    """Return `value` as JSON-compatible data, tagging every non-JSON type exactly."""
    if _depth > 20:
        return _unsupported(value, "nested too deeply")
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        return value if abs(value) < 2**53 else {"t": "bigint", "v": str(value)}
    if t is float:
        return _float(value)
    if value is Ellipsis:
        return {"t": "ellipsis"}
    if t in (list, tuple, set, frozenset):
        if len(value) > MAX_ITEMS:
            return _unsupported(value, "too large")
        items = [encode(v, _depth + 1) for v in value]
        if t is list:
            return items
        return {"t": t.__name__, "v": items}
    if t is dict:
        if len(value) > MAX_ITEMS:
            return _unsupported(value, "too large")
        return {"t": "dict", "v": [[encode(k, _depth + 1), encode(v, _depth + 1)]
                                   for k, v in value.items()]}
    return _encode_library(value, t)


def _encode_library(value: Any, t: type) -> Any:
    module = getattr(t, "__module__", "") or ""
    if module.startswith("numpy"):
        return _encode_numpy(value, t)
    if module.startswith("pandas"):
        return _encode_pandas(value, t)
    return _unsupported(value)


def _encode_numpy(value: Any, t: type) -> Any:
    import numpy as np

    if t is np.ndarray:
        if value.size > MAX_ITEMS or value.dtype.kind not in "biufUSM":
            return _unsupported(value, "unsupported array")
        return {"t": "ndarray", "dtype": str(value.dtype), "shape": list(value.shape),
                "v": [encode(_py_scalar(x)) for x in value.ravel().tolist()]}
    if isinstance(value, np.generic) and t.__module__ == "numpy" and value.dtype.kind in "biuf":
        return {"t": "npscalar", "dtype": str(value.dtype), "v": encode(value.item())}
    if t is np.bool_:
        return {"t": "npscalar", "dtype": "bool", "v": bool(value)}
    return _unsupported(value)


def _py_scalar(x: Any) -> Any:
    return x if type(x) in (int, float, str, bool) or x is None else str(x)


def _encode_pandas(value: Any, t: type) -> Any:
    import pandas as pd

    if t is pd.DataFrame:
        if value.size > MAX_ITEMS:
            return _unsupported(value, "too large")
        return {"t": "frame",
                "columns": [encode(c) for c in value.columns.tolist()],
                "dtypes": [str(d) for d in value.dtypes],
                "index": _encode_index(value.index),
                "v": [_encode_column(value.iloc[:, i]) for i in range(value.shape[1])]}
    if t is pd.Series:
        if value.size > MAX_ITEMS:
            return _unsupported(value, "too large")
        return {"t": "series", "name": encode(value.name), "dtype": str(value.dtype),
                "index": _encode_index(value.index), "v": _encode_column(value)}
    return _unsupported(value)


def _encode_index(index: Any) -> Any:
    import pandas as pd

    if type(index) is pd.RangeIndex:
        return {"t": "range", "start": int(index.start), "stop": int(index.stop),
                "step": int(index.step), "name": encode(index.name)}
    if type(index) is pd.MultiIndex:
        return {"t": "multi", "names": [encode(n) for n in index.names],
                "v": [[encode(_cell(x)) for x in tup] for tup in index.tolist()]}
    return {"t": "index", "name": encode(index.name), "dtype": str(index.dtype),
            "v": [encode(_cell(x)) for x in index.tolist()]}


def _encode_column(column: Any) -> list[Any]:
    return [encode(_cell(x)) for x in column.tolist()]


def _cell(x: Any) -> Any:
    """Reduce one table cell to a builtin scalar (NA to None, timestamps to ISO text)."""
    if x is None or type(x) in (bool, int, float, str):
        return x
    import pandas as pd

    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(x, "isoformat"):
        return x.isoformat()
    if hasattr(x, "item"):
        return x.item()
    return str(x)


MAX_DECODE_ITEMS = 2_000_000
"""Most values (container items, table cells, index labels) one decoded answer may hold."""
MAX_DECODE_DEPTH = 64
MAX_ITEMSIZE = 1024
"""Largest element (bytes) of a decoded array's dtype: a learner-chosen ``<U100000000`` would
make one element 400 MB."""


class _TooLarge(Exception):
    """The answer would need more than the decoding budget."""


class _Budget:
    """Counts what decoding one answer builds; refuses past `MAX_DECODE_ITEMS`."""

    def __init__(self) -> None:
        self.items = 0

    def take(self, count: int = 1) -> None:
        self.items += count
        if self.items > MAX_DECODE_ITEMS:
            raise _TooLarge


def decode(data: Any) -> Any:
    """Rebuild the value `encode` described; unknown, unsafe or malformed data becomes
    `Unsupported`. Never raises, and never builds more than a fixed budget: at most
    `MAX_DECODE_ITEMS` values, `MAX_DECODE_DEPTH` levels and `MAX_ITEMSIZE` bytes per array
    element (the data may have been forged by learner code)."""
    try:
        return _decode(data, _Budget(), 0)
    except _TooLarge:
        return Unsupported("?", "?", "too large to decode")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError, MemoryError):
        return Unsupported("?", "?", "malformed answer data")


def _decode(data: Any, budget: _Budget, depth: int) -> Any:
    budget.take()
    if depth > MAX_DECODE_DEPTH:
        raise _TooLarge
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [_decode(v, budget, depth + 1) for v in data]
    if type(data) is not dict:
        return Unsupported(type(data).__name__, "?", "not data")
    tag = data.get("t")
    if tag == "float":
        return float(data["v"])
    if tag == "bigint":
        return int(str(data["v"]))
    if tag == "ellipsis":
        return Ellipsis
    if tag in ("tuple", "set", "frozenset"):
        items = [_decode(v, budget, depth + 1) for v in _list(data["v"])]
        try:
            return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
        except TypeError:
            return Unsupported(tag, repr(items)[:_REPR_LIMIT], "unhashable items")
    if tag == "dict":
        try:
            return {_decode(k, budget, depth + 1): _decode(v, budget, depth + 1)
                    for k, v in _list(data["v"])}
        except TypeError:
            return Unsupported("dict", "?", "unhashable keys")
    if tag in ("ndarray", "npscalar"):
        return _decode_numpy(data, budget, depth)
    if tag in ("frame", "series"):
        return _decode_pandas(data, budget, depth)
    return Unsupported(str(data.get("type", tag))[:_REPR_LIMIT],
                       str(data.get("repr", "?"))[:_REPR_LIMIT],
                       str(data.get("reason", ""))[:_REPR_LIMIT])


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError("not a list")
    return value


def _decode_numpy(data: dict[str, Any], budget: _Budget, depth: int) -> Any:
    import numpy as np

    try:
        dtype = np.dtype(str(data["dtype"]))
    except TypeError:
        return Unsupported("ndarray", "?", "unknown dtype")
    if dtype.kind not in "biufUSM":
        return Unsupported("ndarray", "?", f"dtype {dtype} is not data")
    if dtype.itemsize > MAX_ITEMSIZE:
        return Unsupported("ndarray", "?", f"dtype {dtype} is too wide")
    if data["t"] == "npscalar":
        return dtype.type(_decode(data["v"], budget, depth + 1))
    values = [_decode(v, budget, depth + 1) for v in _list(data["v"])]
    shape = [int(n) for n in _list(data["shape"]) if type(n) is int]
    size = 1
    for n in shape:
        size *= max(n, 0)
    if len(shape) != len(data["shape"]) or size != len(values) or len(shape) > 32:
        return Unsupported("ndarray", "?", "shape does not match the values")
    return np.array(values, dtype=dtype).reshape(shape)


def _decode_index(data: dict[str, Any], budget: _Budget, depth: int) -> Any:
    import pandas as pd

    if data["t"] == "range":
        start, stop, step = (int(data[k]) for k in ("start", "stop", "step"))
        budget.take(len(range(start, stop, step)))
        return pd.RangeIndex(start, stop, step, name=_decode(data["name"], budget, depth + 1))
    if data["t"] == "multi":
        return pd.MultiIndex.from_tuples(
            [tuple(_decode(x, budget, depth + 2) for x in _list(row)) for row in
             _list(data["v"])], names=[_decode(n, budget, depth + 1) for n in data["names"]])
    return _typed(pd.Index([_decode(v, budget, depth + 1) for v in _list(data["v"])],
                           name=_decode(data["name"], budget, depth + 1)), str(data["dtype"]))


def _narrow(dtype: str) -> bool:
    """True for a dtype name whose elements are at most `MAX_ITEMSIZE` bytes."""
    import numpy as np

    try:
        return bool(np.dtype(dtype).itemsize <= MAX_ITEMSIZE)
    except TypeError:  # a pandas extension dtype ("category", "Int64", "string", ...)
        return len(dtype) <= 40


def _typed(obj: Any, dtype: str) -> Any:
    if not _narrow(dtype):
        return obj
    try:
        return obj.astype(dtype)
    except (TypeError, ValueError):
        return obj


def _decode_pandas(data: dict[str, Any], budget: _Budget, depth: int) -> Any:
    import pandas as pd

    index = _decode_index(data["index"], budget, depth + 1)
    if data["t"] == "series":
        series = pd.Series([_decode(v, budget, depth + 1) for v in _list(data["v"])],
                           index=index, name=_decode(data["name"], budget, depth + 1),
                           dtype="object")
        return _typed(series, str(data["dtype"]))
    columns = [_decode(c, budget, depth + 1) for c in _list(data["columns"])]
    budget.take(len(index) * len(columns))  # an empty column is filled to the index's length
    frame = pd.DataFrame({i: pd.Series([_decode(v, budget, depth + 2) for v in _list(col)],
                                       index=index, dtype="object")
                          for i, col in enumerate(_list(data["v"]))}, index=index)
    dtypes = {i: str(d) for i, d in enumerate(_list(data["dtypes"])) if _narrow(str(d))}
    frame = frame.astype(dtypes, errors="ignore") if len(columns) else frame
    frame.columns = pd.Index(columns) if columns else frame.columns
    return frame
