"""Values in a learner's words: numbers as the question asks, kinds of value in plain language.

`fmt(value, unit)` renders a value for a feedback sentence (``$73,220``, ``0.64``, ``64%``,
``1.2 million``, never ``np.float64(…)`` or ``7.3e+04``); `describe(value)` names its kind
("nothing (`None`)", "text", "a whole number", "a table with 3 rows"); `infer_unit` guesses the
unit a question asks for from the answer's name when a problem does not declare one.
"""

from __future__ import annotations

import math
from typing import Any

from coursekit.answers import Unsupported
from coursekit.messages import say

__all__ = ["MONEY", "PERCENT", "PROPORTION", "describe", "fmt", "infer_unit", "is_number",
           "number_text"]

MONEY, PERCENT, PROPORTION = "money", "percent", "proportion"

_MONEY_WORDS = ("salary", "salaries", "wage", "pay", "income", "cost", "spend", "budget",
                "dollar", "usd", "price", "donation", "revenue", "earning", "amount", "raised")
_SHARE_WORDS = ("rate", "share", "pct", "percent", "proportion", "fraction", "turnout", "prob")


def is_number(value: Any) -> bool:
    """True for int, float and NumPy integer/float scalars (not bool)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return type(value).__module__ == "numpy" and getattr(value, "shape", None) == () \
        and _dtype_kind(value) in ("i", "u", "f")


def _dtype_kind(value: Any) -> str:
    return str(getattr(getattr(value, "dtype", None), "kind", ""))


def _numbers(value: Any) -> list[float]:
    if is_number(value):
        return [float(value)]
    if isinstance(value, (list, tuple)):
        return [float(v) for v in value if is_number(v)]
    if isinstance(value, dict):
        return [float(v) for v in value.values() if is_number(v)]
    return []


def infer_unit(name: str, expected: Any) -> str:
    """``money``, ``percent``, ``proportion`` or ``""``, guessed from the answer's name and the
    size of the expected numbers."""
    lowered = name.lower()
    if any(word in lowered for word in _MONEY_WORDS):
        return MONEY
    if any(word in lowered for word in _SHARE_WORDS):
        numbers = [abs(x) for x in _numbers(expected) if not math.isnan(x)]
        if numbers and max(numbers) <= 1:
            return PROPORTION
        if numbers:
            return PERCENT
    return ""


def _decimal(x: float, significant: int) -> str:
    """`x` with about `significant` significant digits, grouped, without exponent form."""
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(0, significant - 1 - magnitude)
    if decimals > 12:
        return say("num_tiny")
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _abbreviated(x: float, prefix: str) -> str:
    for size, key in ((1e12, "num_trillion"), (1e9, "num_billion"), (1e6, "num_million")):
        if abs(x) >= size:
            sign = "-" if x < 0 else ""
            return say(key, value=f"{sign}{prefix}{_decimal(abs(x) / size, 3)}")
    return prefix + _decimal(x, 4)


def number_text(value: Any, unit: str = "") -> str:
    """A number as a person writes it for this unit (no exponent form, no NumPy repr)."""
    x = float(value)
    if math.isnan(x):
        return say("num_nan")
    if math.isinf(x):
        return say("num_inf" if x > 0 else "num_minus_inf")
    if abs(x) >= 1e15:
        return say("num_huge", digits=f"{math.floor(math.log10(abs(x))) + 1:,}")
    if unit == MONEY:
        sign, x = ("-" if x < 0 else ""), abs(x)
        if x >= 1e6:
            return sign + _abbreviated(x, "$")
        return f"{sign}${x:,.2f}" if x < 100 and x != int(x) else f"{sign}${x:,.0f}"
    if unit == PERCENT:
        return _decimal(x, 3) + "%"
    if unit == PROPORTION:
        return _decimal(x, 4)
    whole = isinstance(value, int) or (type(value).__module__ == "numpy"
                                       and value.dtype.kind in "iu")
    if abs(x) >= 1e9 or (abs(x) >= 1e6 and not whole):
        return _abbreviated(x, "")
    return f"{int(value):,}" if whole else _decimal(x, 4)


def fmt(value: Any, unit: str = "", limit: int = 80) -> str:
    """A short, readable rendering of a value for a feedback sentence."""
    if value is None:
        return say("kind_none")
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return f"`{bool(value)}`"
    if is_number(value):
        text = number_text(value, unit)
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, (list, tuple)):
        inner = ", ".join(fmt(v, unit, 30) for v in list(value)[:6])
        more = ", …" if len(value) > 6 else ""
        text = f"({inner}{more})" if isinstance(value, tuple) else f"[{inner}{more}]"
    elif isinstance(value, (set, frozenset)):
        text = "{" + ", ".join(sorted(fmt(v, unit, 30) for v in value)[:6]) + "}"
    elif isinstance(value, dict):
        pairs = [f"{fmt(k, '', 30)}: {fmt(v, unit, 30)}" for k, v in list(value.items())[:4]]
        text = "{" + ", ".join(pairs) + (", …" if len(value) > 4 else "") + "}"
    else:
        return describe(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _count(key: str, n: int) -> str:
    return say(key, n=n)


def describe(value: Any) -> str:
    """The kind of a value as a learner would name it ("a number", "a table with 3 rows")."""
    if value is None:
        return say("kind_none")
    if isinstance(value, Unsupported):
        return _describe_unsupported(value)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return say("kind_bool", value=bool(value))
    if is_number(value):
        x = float(value)
        whole = isinstance(value, int) or _dtype_kind(value) in ("i", "u")
        return say("kind_whole" if whole else "kind_number") if not math.isnan(x) \
            else say("num_nan")
    simple: dict[type, tuple[str, str | None]] = {
        str: ("kind_text", None), list: ("kind_list", "count_items"),
        tuple: ("kind_tuple", "count_items"), set: ("kind_set", "count_items"),
        frozenset: ("kind_set", "count_items"), dict: ("kind_dict", "count_keys")}
    if type(value) in simple:
        key, counted = simple[type(value)]
        return say(key, count=_count(counted, len(value))) if counted else say(key)
    name = type(value).__name__
    if name == "DataFrame":
        return say("kind_table", rows=_count("count_rows", len(value)))
    if name == "Series":
        return say("kind_column", count=_count("count_values", len(value)))
    if name == "ndarray":
        return say("kind_array", count=_count("count_values", int(value.size)))
    if isinstance(value, type):
        return say("kind_class", type=value.__name__[:40])
    if callable(value):
        return say("kind_function")
    return _describe_type_name(type(value).__module__ or "", name)


_FUNCTION_TYPES = {"function", "builtin_function_or_method", "method", "functools.partial",
                   "method-wrapper", "type"}


def _describe_unsupported(value: Unsupported) -> str:
    if value.reason:
        return say("kind_unreadable", what=_plain_reason(value.reason))
    module, _, name = value.type_name.rpartition(".")
    return _describe_type_name(module, name)


def _plain_reason(reason: str) -> str:
    words = reason.replace("dtype", "type")
    return say("kind_not_data") if "numpy" in words or "np." in words else words


_BUILTIN_KINDS = {"NoneType": "kind_none", "int": "kind_whole", "float": "kind_number",
                  "str": "kind_text", "bool": "kind_bool_plain", "list": "kind_list_plain",
                  "tuple": "kind_tuple_plain", "dict": "kind_dict_plain", "set": "kind_set_plain"}


def _describe_type_name(module: str, name: str) -> str:
    if module in ("", "builtins") and name in _BUILTIN_KINDS:
        return say(_BUILTIN_KINDS[name])
    if name in _FUNCTION_TYPES or f"{module}.{name}" in _FUNCTION_TYPES:
        return say("kind_function")
    if name == "module":
        return say("kind_module")
    if module.split(".")[0] in ("numpy", "pandas"):
        plain = {"ndarray": "kind_array_plain", "DataFrame": "kind_frame", "Series": "kind_series"}
        return say("kind_unreadable", what=say(plain.get(name, "kind_not_data")))
    return say("kind_other", type=name[:40])
