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

from coursekit.errors import CoursekitError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CSV_NAME", "RELEASE", "WAGE_COLUMNS", "DataFileError", "load_oews"]

CSV_NAME = "oews_may2025.csv"
RELEASE = "May 2025 (OEWS release 2025A01, published 15 May 2026)"
WAGE_COLUMNS = ("annual_mean", "p10", "p25", "median", "p75", "p90")
"""Annual wage columns, US dollars per year."""

_TEXT = ("series_id", "area_type", "area_code", "area_name", "soc_code", "occupation", "notes")
_LEVELS = {"national": "N", "state": "S"}


class DataFileError(CoursekitError):
    """A shipped data file is missing or does not have the expected columns."""


def load_oews(level: str | None = None) -> pd.DataFrame:
    """The shipped OEWS extract as a DataFrame (all rows, or ``level="national"``/``"state"``).

    Columns: ``series_id``, ``area_type`` ("N"/"S"), ``area_code``, ``area_name``, ``soc_code``
    ("15-2051"), ``occupation``, ``employment`` (int), the float wage columns in
    `WAGE_COLUMNS`, and ``notes`` ("" unless BLS withheld a value). Rows keep the file's order.
    """
    import pandas as pd

    if level is not None and level not in _LEVELS:
        raise DataFileError(f"level must be 'national', 'state' or None, not {level!r}")
    source = resources.files(__name__) / CSV_NAME
    try:
        with source.open("r", encoding="utf-8") as fh:
            frame = pd.read_csv(fh, dtype={c: str for c in _TEXT}, keep_default_na=False,
                                na_values={c: [""] for c in WAGE_COLUMNS})
    except FileNotFoundError as exc:
        raise DataFileError(f"the BLS extract {CSV_NAME} is missing from the package") from exc
    missing = [c for c in (*_TEXT, "employment", *WAGE_COLUMNS) if c not in frame.columns]
    if missing:
        raise DataFileError(f"{CSV_NAME} lacks column {missing[0]!r}")
    frame = frame.astype({"employment": "int64", **{c: "float64" for c in WAGE_COLUMNS}})
    if level is not None:
        frame = frame[frame.area_type == _LEVELS[level]].reset_index(drop=True)
    return frame
