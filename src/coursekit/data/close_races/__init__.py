"""Certified results of six close US presidential state races (2016 and 2020), from the FEC.

``load_close_races()`` gives one row per state and year with the two leading candidates'
certified votes and the computed ``margin``. Source, licence (US federal work, public domain)
and how the figures were checked: ``PROVENANCE.md`` beside the CSV.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from coursekit.errors import CoursekitError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CSV_NAME", "load_close_races"]

CSV_NAME = "close_races.csv"
_COLUMNS = ("year", "state", "winner", "winner_votes", "runner_up", "runner_up_votes")


def load_close_races() -> pd.DataFrame:
    """The six close races as a DataFrame with an added integer ``margin`` column.

    Columns: ``year`` (int), ``state``, ``winner``, ``winner_votes`` (int), ``runner_up``,
    ``runner_up_votes`` (int), ``margin`` (int, winner minus runner-up).
    """
    import pandas as pd

    with resources.files(__package__).joinpath(CSV_NAME).open("r", encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype={"state": "str", "winner": "str", "runner_up": "str"})
    if tuple(frame.columns) != _COLUMNS:
        raise CoursekitError(f"{CSV_NAME}: expected columns {', '.join(_COLUMNS)}, "
                             f"got {', '.join(map(str, frame.columns))}")
    frame["margin"] = frame["winner_votes"] - frame["runner_up_votes"]
    return frame
