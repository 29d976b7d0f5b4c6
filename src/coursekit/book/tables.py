"""Tables that read like a book: how every pandas table of a lesson is shown as HTML.

`install()` (called by `coursekit.book.figures.setup`, i.e. by each lesson's setup cell) makes
IPython show a DataFrame or Series through `table_html`: no stray index column (a meaningful
index becomes an ordinary first column), human column labels instead of ``snake_case`` ids,
thousands separators, numbers right-aligned and text left-aligned, a header cell for every
column (screen readers announce them). Outside IPython it does nothing, so the grader's sandbox
and plain Python are unaffected. Only the HTML view changes: the objects stay as they are.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping
from typing import Any

__all__ = ["MAX_ROWS", "format_cell", "human_label", "install", "table_html"]

MAX_ROWS = 20
"""Longer tables show their first and last rows around a "… N more rows" line."""

_ACRONYMS = {"id": "ID", "zip": "ZIP", "gdpr": "GDPR", "bls": "BLS", "ftc": "FTC", "us": "US",
             "usd": "USD", "qi": "QI", "soc": "SOC", "itt": "ITT", "gotv": "GOTV", "dem": "DEM",
             "rep": "REP", "ci": "CI"}


def human_label(name: Any) -> str:
    """``turnout_2024`` -> ``Turnout 2024``; ``voter_id`` -> ``Voter ID``; other text as is."""
    if isinstance(name, tuple):
        return " · ".join(human_label(part) for part in name if str(part))
    text = str(name)
    if "_" not in text and not text.islower():
        return text
    words = [_ACRONYMS.get(word.lower(), word) for word in text.replace("_", " ").split()]
    if words and words[0] == words[0].lower():
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _is_year(column: str, value: Any) -> bool:
    return "year" in column.lower() and isinstance(value, numbers.Integral)


def format_cell(value: Any, column: str = "") -> tuple[str, bool]:
    """The text of one cell and whether it is a number (numbers are right-aligned)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if _is_year(column, value):
        return str(value), True
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}", True
    if isinstance(value, numbers.Real):
        number = float(value)
        if number.is_integer() and abs(number) >= 1000:
            return f"{number:,.0f}", True
        digits = 3 if abs(number) < 1 else 2 if abs(number) < 1000 else 0
        return f"{number:,.{digits}f}", True
    return str(value), False


def _frame(data: Any) -> Any:
    """`data` as a DataFrame with a plain 0..n-1 index (a meaningful index becomes a column)."""
    import pandas as pd

    frame = data.to_frame() if isinstance(data, pd.Series) else data
    index = frame.index
    plain = (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
             and index.name is None)
    if not plain:
        named = any(name is not None for name in index.names)
        numbered = pd.api.types.is_integer_dtype(index.dtype)  # row numbers: drop them
        frame = frame.reset_index() if named or not numbered else frame.reset_index(drop=True)
    return frame


def table_html(data: Any, *, labels: Mapping[str, str] | None = None,
               max_rows: int = MAX_ROWS) -> str:
    """The book's HTML for a DataFrame or Series (see the module docstring)."""
    frame = _frame(data)
    labels = dict(labels or {})
    columns = list(frame.columns)
    head = "".join(f'<th scope="col">{html.escape(labels.get(str(c), human_label(c)))}</th>'
                   for c in columns)
    rows = list(frame.itertuples(index=False, name=None))
    shown: list[tuple[Any, ...] | None] = list(rows)
    if len(rows) > max_rows:
        half = max_rows // 2
        shown = [*rows[:half], None, *rows[-half:]]
    body = []
    for row in shown:
        if row is None:
            body.append(f'<tr><td class="ck-more" colspan="{len(columns)}">… '
                        f"{len(rows) - 2 * (max_rows // 2):,} more rows</td></tr>")
            continue
        cells = []
        for column, value in zip(columns, row, strict=True):
            text, numeric = format_cell(value, str(column))
            cells.append(f'<td class="{"ck-num" if numeric else "ck-text"}">'
                         f"{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="ck-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def install() -> bool:
    """Show every DataFrame and Series through `table_html` in this IPython session.

    Returns False (and does nothing) outside IPython or without pandas.
    """
    try:
        import pandas as pd
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, table_html)
    formatter.for_type(pd.Series, table_html)
    return True
