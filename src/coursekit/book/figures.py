"""How a lesson's figures and tables are shown: every lesson's setup cell calls `setup_display`.

In a Jupyter kernel (the book build, or a learner's JupyterLab) figures become SVG (sharp at any
zoom), drawn at the width of the book's text column with type large enough to read on a phone
(at 390 px a tick label is about 10 px high), and pandas tables are shown as
`coursekit.book.tables` formats them. Anywhere else — plain Python, the grader's sandbox, a
test run — it changes nothing and returns False.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["COLUMN", "RC_PARAMS", "compact_svg", "setup_display"]

COLUMN = (6.0, 3.6)
"""Width and height (inches) of a figure that fills the text column (576 px wide at 96 dpi)."""

RC_PARAMS: dict[str, Any] = {
    "figure.figsize": COLUMN,
    "figure.dpi": 96,
    "figure.constrained_layout.use": True,
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": 12.5,
    "ytick.labelsize": 12.5,
    "legend.fontsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",      # words stay text: selectable, read aloud, half the bytes
    "svg.hashsalt": "coursekit",  # stable ids, so a rebuild writes the same files
}
"""matplotlib settings for the book's figures."""


def _kernel() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if shell is not None and getattr(shell, "kernel", None) is not None else None


def setup_display() -> bool:
    """Configure figures (SVG, column width, legible type) and tables for this kernel.

    Returns True when it did, False outside a Jupyter kernel (where it does nothing).
    """
    if _kernel() is None:
        return False
    import matplotlib as mpl
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    from coursekit.book.tables import install

    params: Any = mpl.rcParams  # typed by key in matplotlib's stubs; RC_PARAMS holds valid keys
    params.update(RC_PARAMS)
    set_matplotlib_formats("svg")
    _compact_svg(_kernel())
    install()
    return True


_LONG_DECIMAL = re.compile(rb"(\d\.\d)\d+")
_BETWEEN_TAGS = re.compile(rb">\s+<")
_LINE_BREAKS = re.compile(rb"\s*\n\s*")


def compact_svg(svg: bytes | str) -> str:
    """`svg` with decimals cut to one place (a tenth of a point is below what a screen or a
    printer shows) and its indentation and line breaks folded: the same drawing, fewer bytes."""
    data = svg.encode() if isinstance(svg, str) else svg
    data = _LONG_DECIMAL.sub(rb"\1", data)
    data = _BETWEEN_TAGS.sub(b"><", data)
    return _LINE_BREAKS.sub(b" ", data).decode()


def _compact_svg(shell: Any) -> None:
    """Make the kernel's SVG formatter for figures write compact numbers."""
    from matplotlib.figure import Figure

    formatter = shell.display_formatter.formatters["image/svg+xml"]
    render = formatter.lookup_by_type(Figure)
    formatter.for_type(Figure, lambda fig: compact_svg(render(fig)))
