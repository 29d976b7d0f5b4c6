"""Exercises for chapter 6: Data jobs and salaries (BLS OEWS, May 2025)."""

from __future__ import annotations

from typing import Any

from coursekit.exercises.kinds import (
    ChoiceProblem,
    FunctionProblem,
    Mistake,
    Option,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

ID = "06-jobs-salaries"
TITLE = "Data jobs and salaries"
VERSION = "2026.11.0"

DATA_SCIENTISTS = "15-2051"
ALL_OCCUPATIONS = "00-0000"
PERCENTILES = (10, 25, 50, 75, 90)
PERCENTILE_COLUMNS = ("p10", "p25", "median", "p75", "p90")


def load_data() -> dict[str, Any]:
    """The shipped OEWS extract: national rows and data-scientist state rows."""
    from coursekit.data.bls import load_oews

    return {"oews": load_oews()}


def national_row(oews: Any, soc: str) -> Any:
    """The national row of one occupation (a Series)."""
    rows = oews[(oews.area_type == "N") & (oews.soc_code == soc)]
    return rows.iloc[0]


def percentile_points(oews: Any, soc: str) -> list[list[float]]:
    """``[[percentile, wage], ...]`` for one occupation's national row, as plain data."""
    row = national_row(oews, soc)
    return [[float(p), float(row[c])] for p, c in zip(PERCENTILES, PERCENTILE_COLUMNS)]


# -- q1 -----------------------------------------------------------------------------------------

class DataScientistIQR(ValueProblem):
    """Interquartile range of data scientists' annual wages, national."""

    id = "q1"
    name = "ds_iqr"
    title = "The middle half of data scientists"
    points = 1
    hints = ("The interquartile range runs from the 25th to the 75th percentile.",
             "Take the national data-scientist row (`soc_code == \"15-2051\"`, `area_type == "
             "\"N\"`) and subtract `p25` from `p75`.")
    mistakes = (
        Mistake(lambda oews: national_row(oews, DATA_SCIENTISTS).p90
                - national_row(oews, DATA_SCIENTISTS).p10,
                "That is the 10th-to-90th percentile range (the middle 80%); the interquartile "
                "range uses the 25th and 75th percentiles."),
        Mistake(lambda oews: national_row(oews, DATA_SCIENTISTS).p75
                - national_row(oews, DATA_SCIENTISTS)["median"],
                "That is the upper half of the middle: subtract the 25th percentile, not the "
                "median."),
    )

    def expected(self, oews: Any) -> float:
        row = national_row(oews, DATA_SCIENTISTS)
        return float(row.p75 - row.p25)


# -- q2 -----------------------------------------------------------------------------------------

def _ratio_table(oews: Any, column: str, base_column: str) -> Any:
    national = oews[oews.area_type == "N"]
    base = float(national_row(oews, ALL_OCCUPATIONS)[base_column])
    table = national[national.soc_code != ALL_OCCUPATIONS][["occupation", column]]
    table = table.rename(columns={column: "median"})
    return table.assign(ratio_to_all=table["median"] / base).reset_index(drop=True)


class MedianRatios(TableProblem):
    """Each data occupation's median wage relative to the all-occupations median."""

    id = "q2"
    name = "pay_ratio"
    title = "How far above the typical worker?"
    points = 2
    hints = ("Keep the national rows and drop the \"All Occupations\" row.",
             "Divide each median by the all-occupations **median**, a single number.")
    mistakes = (
        Mistake(lambda oews: _ratio_table(oews, "median", "annual_mean"),
                "You divided by the all-occupations mean wage; compare medians with a median."),
        Mistake(lambda oews: _ratio_table(oews, "annual_mean", "annual_mean"),
                "Those are mean wages: use the `median` column for both the occupations and "
                "the base."),
    )

    def expected(self, oews: Any) -> Any:
        return _ratio_table(oews, "median", "median")


# -- q4 -----------------------------------------------------------------------------------------

def interpolate_percentile(wage: float, points: list[list[float]]) -> float:
    """Linear interpolation of a wage's percentile between published percentile points."""
    for (p_lo, w_lo), (p_hi, w_hi) in zip(points, points[1:]):
        if w_lo <= wage <= w_hi:
            return p_lo + (p_hi - p_lo) * (wage - w_lo) / (w_hi - w_lo)
    raise ValueError("wage outside the published percentiles")


def _as_proportion(wage: float, points: list[list[float]]) -> float:
    return interpolate_percentile(wage, points) / 100


def _evenly_spaced(wage: float, points: list[list[float]]) -> float:
    spaced = [[0.0, points[0][1]], [25.0, points[1][1]], [50.0, points[2][1]],
              [75.0, points[3][1]], [100.0, points[4][1]]]
    return interpolate_percentile(wage, spaced)


class PercentileOf(FunctionProblem):
    """Where a wage falls in a published wage distribution, by linear interpolation."""

    id = "q4"
    name = "percentile_of"
    title = "Where does a salary fall?"
    points = 3
    hints = (
        "Find the two neighbouring points whose wages bracket `wage`, then move along the "
        "straight line between them.",
        "Between (p_lo, w_lo) and (p_hi, w_hi): p_lo + (p_hi - p_lo) * (wage - w_lo) / "
        "(w_hi - w_lo).",
        "Return a percentile between 10 and 90, not a proportion.",
    )
    wrong_versions = (
        Mistake(_as_proportion,
                "Your function returns a proportion (0.28) where a percentile (28) is asked "
                "for: multiply by 100."),
        Mistake(_evenly_spaced,
                "Your function treats the five points as 0, 25, 50, 75 and 100: use the "
                "percentiles in the data (10, 25, 50, 75, 90)."),
    )

    def cases(self, oews: Any) -> list[tuple[Any, ...]]:
        ds = percentile_points(oews, DATA_SCIENTISTS)
        mra = percentile_points(oews, "13-1161")
        stat = percentile_points(oews, "15-2041")
        return [(90000.0, ds), (150000.0, ds), (ds[2][1], ds), (ds[0][1] + 1000.0, ds),
                (60000.0, mra), (90000.0, mra), (170000.0, stat)]

    def reference(self, wage: float, points: list[list[float]]) -> float:
        return interpolate_percentile(wage, points)


# -- q3 -----------------------------------------------------------------------------------------

class MeanOrMedian(ChoiceProblem):
    """Reading an 'average salary' claim against the distribution."""

    id = "q3"
    name = "average_claim"
    title = "What does the average say?"
    points = 1
    options = {
        "a": Option("Half of all data scientists earn more than the mean.",
                    "That is what the median promises, not the mean: here the mean is above the "
                    "median, so fewer than half earn more than it."),
        "b": Option("The typical data scientist earns less than the mean; a long upper tail "
                    "pulls the mean above the median.",
                    "The median, the middle worker, is below the mean, and the gap from the "
                    "75th to the 90th percentile is wider than from the 10th to the 25th."),
        "c": Option("Someone newly hired as a data scientist can expect about the mean.",
                    "OEWS pools all experience levels, new hires and veterans alike: it says "
                    "nothing about starting pay."),
        "d": Option("Data scientists in every state earn about the mean.",
                    "State medians range widely; the national figure averages over very "
                    "different labour markets."),
    }
    answer = "b"
    hints = ("Compare the mean with the median in the national data-scientist row.",)


# -- q5 -----------------------------------------------------------------------------------------

def _states_above(oews: Any, state_column: str, national_column: str) -> int:
    states = oews[(oews.area_type == "S") & (oews.soc_code == DATA_SCIENTISTS)]
    threshold = float(national_row(oews, DATA_SCIENTISTS)[national_column])
    return int((states[state_column] > threshold).sum())


class StatesAboveNational(ValueProblem):
    """How many state medians exceed the national data-scientist median."""

    id = "q5"
    name = "states_above_national"
    title = "Above the national median"
    points = 1
    hints = ("Compare the `median` of each state row with the `median` of the national row.",
             "A comparison gives True/False per row; `.sum()` counts the True values.")
    mistakes = (
        Mistake(lambda oews: _states_above(oews, "median", "annual_mean"),
                "You compared state medians with the national mean: use the national median."),
        Mistake(lambda oews: _states_above(oews, "annual_mean", "annual_mean"),
                "You compared mean wages: the question is about medians."),
        Mistake(lambda oews: int(oews[oews.area_type == "S"].shape[0])
                - _states_above(oews, "median", "median"),
                "That counts the states at or below the national median (and Delaware, "
                "whose median is not released)."),
    )

    def expected(self, oews: Any) -> int:
        return _states_above(oews, "median", "median")


# -- q6 -----------------------------------------------------------------------------------------

class WhatARangeHides(ReflectionProblem):
    """Advice to a friend reading a salary range, grounded in the percentiles."""

    id = "q6"
    name = "range_advice"
    title = "What a salary range hides"
    points = 2
    min_words = 50
    hints = ("Say what share of data scientists the range covers, by your `percentile_of`.",
             "Name two things the range hides (experience, state, industry...) and one thing "
             "the BLS data cannot tell your friend.")


PROBLEMS = [DataScientistIQR, MedianRatios, MeanOrMedian, PercentileOf, StatesAboveNational,
            WhatARangeHides]
