"""Exercises for chapter 6: Data jobs and salaries (BLS OEWS, May 2025)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any, ClassVar

from coursekit.exercises.kinds import (
    ChoiceProblem,
    Criterion,
    FunctionProblem,
    Mistake,
    Option,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

ID = "06-jobs-salaries"
TITLE = "Data jobs and salaries"
VERSION = "2026.11.1"

DATA_SCIENTISTS = "15-2051"
ALL_OCCUPATIONS = "00-0000"
PERCENTILES = (10, 25, 50, 75, 90)
PERCENTILE_COLUMNS = ("p10", "p25", "median", "p75", "p90")


def load_data() -> dict[str, Any]:
    """The shipped OEWS extracts: national and data-scientist state rows; industry rows."""
    from coursekit.data.bls import load_oews, load_oews_industries

    return {"oews": load_oews(), "industries": load_oews_industries()}


def national_row(oews: Any, soc: str) -> Any:
    """The national row of one occupation (a Series)."""
    rows = oews[(oews.area_type == "N") & (oews.soc_code == soc)]
    return rows.iloc[0]


def percentile_points(oews: Any, soc: str) -> list[list[float]]:
    """``[[percentile, wage], ...]`` for one occupation's national row, as plain data."""
    row = national_row(oews, soc)
    return [[float(p), float(row[c])] for p, c in zip(PERCENTILES, PERCENTILE_COLUMNS, strict=True)]


# -- q1: how much of a gamble? ---------------------------------------------------------------------

def _spread(oews: Any, top: str, bottom: str, ratio: bool = True) -> Any:
    national = oews[oews.area_type == "N"]
    value = national[top] / national[bottom] if ratio else national[top] - national[bottom]
    return national[["occupation"]].assign(p90_p10=value).reset_index(drop=True)


class PaySpread(TableProblem):
    """How far apart the top and bottom tenth of each occupation are: the p90/p10 ratio."""

    id = "q1"
    name = "spread"
    title = "How much of a gamble is each occupation?"
    points = 2
    hints = (
        "A spread that can be compared across occupations with very different pay levels is a "
        "ratio, not a difference in dollars.",
        "For each national row, divide the wage that one in ten exceed by the wage that one in "
        "ten fall below.",
        "`national[\"p90\"] / national[\"p10\"]` gives the ratio for every row at once; keep "
        "`occupation` beside it.",
    )
    mistakes = (
        Mistake(lambda oews: _spread(oews, "p75", "p25"),
                "That is the 75th over the 25th percentile, the middle half; the question asks "
                "about the top and bottom tenth (90th over 10th)."),
        Mistake(lambda oews: _spread(oews, "p90", "p10", ratio=False),
                "That is a difference in dollars, which grows with the pay level; divide the 90th "
                "percentile by the 10th to compare occupations."),
    )

    def expected(self, oews: Any) -> Any:
        return _spread(oews, "p90", "p10")


# -- q2: "data jobs pay double" --------------------------------------------------------------------

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
    title = "Do data jobs pay double?"
    points = 2
    hints = ("\"Pays double the typical worker\" compares two typical values: which statistic "
             "is the typical worker?",
             "One base number serves every row: the median of the \"All Occupations\" row; "
             "leave that row itself out of the table.",
             "`national.assign(ratio_to_all=national[\"median\"] / base)` on the national rows "
             "without `00-0000`, keeping `occupation` and `median`.")
    mistakes = (
        Mistake(lambda oews: _ratio_table(oews, "median", "annual_mean"),
                "You divided by the all-occupations mean wage; compare medians with a median."),
        Mistake(lambda oews: _ratio_table(oews, "annual_mean", "annual_mean"),
                "Those are mean wages: use the `median` column for both the occupations and "
                "the base."),
    )

    def expected(self, oews: Any) -> Any:
        return _ratio_table(oews, "median", "median")


# -- q3: interpolation -----------------------------------------------------------------------------

def interpolate_percentile(wage: float, points: list[list[float]]) -> float:
    """Linear interpolation of a wage's percentile between published percentile points."""
    for (p_lo, w_lo), (p_hi, w_hi) in pairwise(points):
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

    id = "q3"
    name = "percentile_of"
    title = "Where does a salary fall?"
    points = 3
    hints = (
        "Only two published points matter for a given wage: the one just below it and the one "
        "just above it.",
        "Between those two points, the percentile moves in proportion to how far the wage has "
        "gone from the lower wage towards the upper one.",
        "Loop over neighbouring pairs with `zip(points, points[1:])`; the share of the way "
        "across is `(wage - w_lo) / (w_hi - w_lo)`, to be scaled by the gap in percentiles.",
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


# -- q4: how many earn less than "the average"? ----------------------------------------------------

def _below_mean(oews: Any) -> float:
    row = national_row(oews, DATA_SCIENTISTS)
    return interpolate_percentile(float(row.annual_mean), percentile_points(oews,
                                                                            DATA_SCIENTISTS))


class BelowTheMean(ValueProblem):
    """Per cent of data scientists who earn less than the mean, by interpolation."""

    id = "q4"
    name = "below_mean_pct"
    title = "How many earn less than \"the average\"?"
    points = 2
    rel_tol = 0.0
    abs_tol = 0.05
    hints = ("The share of workers below a wage is that wage's percentile.",
             "Place the national data-scientist mean among the same row's published "
             "percentiles, as your `percentile_of` does.",
             "Build the row's `[[10, p10], [25, p25], [50, median], [75, p75], [90, p90]]` and "
             "call `percentile_of(mean, points)`.")
    mistakes = (
        Mistake(lambda oews: 100 - _below_mean(oews),
                "That is the share earning MORE than the mean; the question asks how many earn "
                "less."),
        Mistake(lambda oews: _below_mean(oews) / 100,
                "That is a proportion; give the share in per cent (0–100)."),
        Mistake(lambda oews: 50.0,
                "50% is what the median promises; the mean is a different wage, so place it "
                "among the percentiles."),
    )

    def expected(self, oews: Any) -> float:
        return _below_mean(oews)


# -- q5: states, counted by workers ----------------------------------------------------------------

def _higher_states_share(oews: Any, by_workers: bool = True,
                         national_base: bool = False) -> float:
    states = oews[(oews.area_type == "S") & oews["median"].notna()]
    ds = national_row(oews, DATA_SCIENTISTS)
    above = states["median"] > float(ds["median"])
    if not by_workers:
        return float(100 * above.mean())
    base = float(ds.employment) if national_base else float(states.employment.sum())
    return float(100 * states.loc[above, "employment"].sum() / base)


class WorkersInHigherStates(ValueProblem):
    """Per cent of data scientists (state rows with a released median) working in a state whose
    median is above the national median."""

    id = "q5"
    name = "share_in_higher_states"
    title = "Most states, or most data scientists?"
    points = 2
    rel_tol = 0.0
    abs_tol = 0.05
    hints = ("A share of people is not a share of places: weight each state by how many data "
             "scientists work there.",
             "Keep the state rows with a released median; mark those above the national "
             "median; add up their employment and divide by the employment of all the kept "
             "rows.",
             "With `above = states[\"median\"] > national_median`, the numerator is "
             "`states.loc[above, \"employment\"].sum()`.")
    mistakes = (
        Mistake(lambda oews: _higher_states_share(oews, by_workers=False),
                "That is the share of STATES above the national median; weight each state by "
                "its employment to get the share of data scientists."),
        Mistake(lambda oews: _higher_states_share(oews, national_base=True),
                "You divided by the national employment; the question's base is the state rows "
                "with a released median (their employment added up)."),
    )

    def expected(self, oews: Any) -> float:
        return _higher_states_share(oews)


# -- q6: reflection --------------------------------------------------------------------------------

class WhatARangeHides(ReflectionProblem):
    """Advice to a friend reading a salary range, grounded in the percentiles."""

    id = "q6"
    name = "range_advice"
    title = "What a salary range hides"
    points = 2
    min_words = 50
    rubric = (
        Criterion("Uses the percentiles", 1,
                  "States roughly what share of data scientists the $90k–$150k range covers "
                  "(from the interpolated percentiles), and what that says about the rest."),
        Criterion("Names what the range hides", 0.5,
                  "Names two specific things the range hides (experience and starting pay, "
                  "state, industry, job title), each tied to the chapter's data."),
        Criterion("Knows the limits of the data", 0.5,
                  "Names one thing the BLS data cannot tell the friend (starting pay, an "
                  "'analyst' occupation, the self-employed, living costs) and why."),
    )
    hints = ("Start from a number: where the range's ends fall among the percentiles.",
             "Then name two things the range hides and one thing the BLS data cannot tell "
             "your friend; the rubric under the prompt lists what a reader looks for.")


# -- q7, q8: does politics pay more? ---------------------------------------------------------------

POLITICAL = "813900"
"""Business, Professional, Labor, Political, and Similar Organizations: the published industry
that holds campaign committees and party organisations (NAICS 813940)."""
ALL_INDUSTRIES = "000000"


def industry_row(industries: Any, code: str, soc: str = DATA_SCIENTISTS) -> Any:
    """One occupation's row in one industry (a Series)."""
    rows = industries[(industries.industry_code == code) & (industries.soc_code == soc)]
    return rows.iloc[0]


def mean_interval(industries: Any, code: str, z: float = 1.96, column: str = "wage_rse",
                  as_percent: bool = True) -> list[float]:
    """[low, high]: the mean wage ± z standard errors, the standard error being RSE × mean."""
    row = industry_row(industries, code)
    half = z * float(row[column]) * (float(row.annual_mean) / 100 if as_percent else 1.0)
    return [float(row.annual_mean) - half, float(row.annual_mean) + half]


class PoliticalInterval(ValueProblem):
    """An approximate 95% interval for the mean data-scientist wage in industry 813900."""

    id = "q7"
    name = "political_interval"
    title = "How sure is the political-industry mean?"
    points = 2
    rel_tol = 1e-4
    hints = ("A relative standard error is the standard error as a percentage of the estimate "
             "itself.",
             "Turn the mean wage's RSE into dollars, then go about two standard errors (1.96 "
             "for 95%) either side of the mean; the employment RSE is about a different "
             "estimate.",
             "`se = row.wage_rse / 100 * row.annual_mean`, then "
             "`[row.annual_mean - 1.96 * se, row.annual_mean + 1.96 * se]`.")
    mistakes = (
        Mistake(lambda industries: mean_interval(industries, POLITICAL, z=1.0),
                "That is one standard error either side (about 68%); a 95% interval goes 1.96 "
                "standard errors each way."),
        Mistake(lambda industries: mean_interval(industries, POLITICAL, column="employment_rse"),
                "You used the employment RSE; the interval for a mean wage needs the wage RSE "
                "(`wage_rse`)."),
        Mistake(lambda industries: mean_interval(industries, POLITICAL, as_percent=False),
                "The RSE is a percentage of the mean, not a number of dollars: multiply it by "
                "the mean and divide by 100."),
    )

    def expected(self, industries: Any) -> list[float]:
        return mean_interval(industries, POLITICAL)


class PoliticsVerdict(ChoiceProblem):
    """The article's claim that specialised sectors like politics pay more, tested."""

    id = "q8"
    name = "politics_verdict"
    title = "Does politics pay more?"
    points = 2
    options: ClassVar[dict[str, Option]] = {
        "a": Option("Yes: the advertising and consulting industries that sell to campaigns pay "
                    "data scientists more than the all-industry median.",
                    "Both medians (advertising and PR, consulting) are below the all-industry "
                    "median, and those industries serve every kind of client, not only "
                    "campaigns."),
        "b": Option("Not in the published data: in the two industries that hold political and "
                    "advocacy organisations, data scientists earn less than across all "
                    "industries, by more than the mean's sampling error; no row measures "
                    "campaign jobs themselves.",
                    "The 95% interval for the political-industry mean lies wholly below the "
                    "all-industry mean, and so do the medians; but 813900 mixes unions, trade "
                    "and professional bodies with parties and campaigns, so the claim about "
                    "campaign jobs stays untested."),
        "c": Option("A data scientist hired by a campaign can expect the 813900 median.",
                    "An industry is not a job: 813900 also holds unions and business and "
                    "professional associations, and campaign staff hired for one cycle may "
                    "barely show in a survey pooled over three years."),
        "d": Option("Nothing can be said: with fewer than a thousand workers the cells are too "
                    "small.",
                    "Small cells widen the interval, and you computed it: even its upper end "
                    "is below the all-industry mean. Small is not the same as silent."),
    }
    answer = "b"
    hints = ("Separate two questions: do the published industries pay more, and do those "
             "industries stand for campaign jobs?",
             "Compare your `political_interval` with the all-industry mean, then reread what "
             "813900 contains.")


PROBLEMS = [PaySpread, MedianRatios, PercentileOf, BelowTheMean, WorkersInHigherStates,
            WhatARangeHides, PoliticalInterval, PoliticsVerdict]
