"""Display helpers that work both in the book build and in a learner's plain Jupyter."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["glue"]


def glue(name: str, value: Any, display: bool = False) -> None:
    """Make `value` available to the book's prose as ``{glue:text}`name```.

    In the book build this is myst-nb's glue; in a learner's Jupyter without the book toolchain
    it does nothing, so lesson notebooks run in both; in the grader's sandbox
    (``COURSEKIT_GLUE=off``) it does nothing either, so no worker pays for importing myst-nb. NumPy scalars are turned into Python
    numbers first (myst-nb cannot format ``np.float64`` under a format spec).
    """
    if os.environ.get("COURSEKIT_GLUE", "").lower() == "off":
        return  # the grader's sandbox: nothing reads glued values there
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()
    try:
        from myst_nb import glue as _glue
    except ImportError:
        return
    _glue(name, value, display=display)
