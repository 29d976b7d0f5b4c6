"""BLS Occupational Employment and Wage Statistics, May 2025: the extract chapter 6 uses.

``load_oews()`` gives one row per (area, occupation): six national rows (data scientists,
statisticians, operations research analysts, actuaries, market research analysts, all
occupations) and the state rows for data scientists, with employment, the annual mean wage and
the annual 10th/25th/50th/75th/90th percentile wages in US dollars. Values are exactly as BLS
published them; a wage BLS did not release is NaN and the ``notes`` column says why.
Source, licence (US federal work, public domain) and checksums: ``PROVENANCE.md`` beside the CSV.
Importing this module is light: pandas loads only when a loader is called.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from coursekit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CSV_NAME", "INDUSTRY_CSV_NAME", "RELEASE", "WAGE_COLUMNS", "DataFileError",
           "load_oews", "load_oews_industries"]

CSV_NAME = "oews_may2025.csv"
INDUSTRY_CSV_NAME = "oews_may2025_industry.csv"
RELEASE = "May 2025 (OEWS release 2025A01, published 15 May 2026)"
WAGE_COLUMNS = ("annual_mean", "p10", "p25", "median", "p75", "p90")
"""Annual wage columns, US dollars per year."""

_TEXT = ("series_id", "area_type", "area_code", "area_name", "soc_code", "occupation", "notes")
_INDUSTRY_TEXT = ("series_id", "industry_code", "industry", "soc_code", "occupation", "notes")
_RSE = ("employment_rse", "wage_rse")
_LEVELS = {"national": "N", "state": "S"}


class DataFileError(DataError):
    """A shipped data file is missing or does not have the expected columns."""


def load_oews(level: str | None = None) -> pd.DataFrame:
    """The shipped OEWS extract as a DataFrame (all rows, or ``level="national"``/``"state"``).

    Columns: ``series_id``, ``area_type`` ("N"/"S"), ``area_code``, ``area_name``, ``soc_code``
    ("15-2051"), ``occupation``, ``employment`` (int), the float wage columns in
    `WAGE_COLUMNS`, and ``notes`` ("" unless BLS withheld a value). Rows keep the file's order.
    """
    if level is not None and level not in _LEVELS:
        raise DataFileError(f"level must be 'national', 'state' or None, not {level!r}")
    frame = _read(CSV_NAME, _TEXT, ("employment", *WAGE_COLUMNS))
    frame = frame.astype({"employment": "int64", **{c: "float64" for c in WAGE_COLUMNS}})
    if level is not None:
        frame = frame[frame.area_type == _LEVELS[level]].reset_index(drop=True)
    return frame


def load_oews_industries() -> pd.DataFrame:
    """National industry-specific rows (May 2025) as a DataFrame, in the file's order.

    Columns: ``series_id``, ``industry_code`` (OEWS/NAICS, "813900"; "000000" is all
    industries), ``industry``, ``soc_code``, ``occupation``, ``employment`` (float: NaN where BLS
    did not release it), ``employment_rse`` and ``wage_rse`` (relative standard errors in per
    cent; ``wage_rse`` is the mean wage's), the float wage columns in `WAGE_COLUMNS`, ``notes``.
    """
    numeric = ("employment", *_RSE, *WAGE_COLUMNS)
    frame = _read(INDUSTRY_CSV_NAME, _INDUSTRY_TEXT, numeric)
    return frame.astype({c: "float64" for c in numeric})


def _read(name: str, text: tuple[str, ...], numeric: tuple[str, ...]) -> pd.DataFrame:
    """One shipped CSV, with text columns as str and empty numeric cells as NaN."""
    import pandas as pd

    source = resources.files(__name__) / name
    try:
        with source.open("r", encoding="utf-8") as fh:
            frame = pd.read_csv(fh, dtype={c: str for c in text}, keep_default_na=False,
                                na_values={c: [""] for c in numeric})
    except FileNotFoundError as exc:
        raise DataFileError(f"the BLS extract {name} is missing from the package") from exc
    missing = [c for c in (*text, *numeric) if c not in frame.columns]
    if missing:
        raise DataFileError(f"{name} lacks column {missing[0]!r}")
    return frame
