"""Chapter 7's plan as ranges: study hours, months to job-ready, job search and a financial runway.

A single number ("252 hours, 8 months") hides how much of the plan is assumption. Here every
uncertain input is a (low, high) pair stated in `PlanAssumptions`, and `plan_range` carries the
pair through to the months until a first data job, so that a reader can see which assumption
moves the answer and by how much:

    ratings = ratings_from_background("teacher")
    span = plan_range(ratings, hours_per_week=6, target_role="data_analyst",
                      assumptions=PlanAssumptions(job_search_months=(3, 9)), runway=12)
    span.total_months        # (low, high) months from today to a first offer
    span.shortfall           # months the runway is short in the slow case (0: it covers it)

The default assumptions are TEACHING ASSUMPTIONS written for this course, not measurements: no
survey measures how long people who change career into data work take to learn or to be hired.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from coursekit.data.self_assessment.model import (
    ROLE_NAMES,
    WEEKS_PER_MONTH,
    CareerInputError,
    _check_role,
    best_role,
    study_hours,
)

__all__ = ["PlanAssumptions", "PlanRange", "plan_range", "runway_months"]


@dataclass(frozen=True)
class PlanAssumptions:
    """The uncertain inputs of a plan, each as a (low, high) pair you can change."""

    hours_factor: tuple[float, float] = (0.75, 1.5)
    """Study hours actually needed, as multiples of the catalogue's hours per level: (a fast
    learner with related experience, a slow start with little feedback)."""
    job_search_months: tuple[int, int] = (3, 9)
    """Months from job-ready to a first offer: (a quick search, a long one)."""
    notes: tuple[str, ...] = field(default=(
        "Hours per level are the catalogue's typical figures times the hours factor.",
        "A month holds hours per week × 4 (four study weeks).",
        "Job search starts when every gap is closed; no overlap is assumed.",
        "None of these figures is a measurement: replace them with your own."))
    """The assumptions in words, for pages and saved plans."""

    def __post_init__(self) -> None:
        low, high = self.hours_factor
        if not (isinstance(low, (int, float)) and isinstance(high, (int, float))
                and 0 < low <= high <= 10):
            raise CareerInputError(f"hours_factor must be (low, high) with 0 < low <= high <= "
                                   f"10, not {self.hours_factor!r}")
        low_m, high_m = self.job_search_months
        if not (isinstance(low_m, int) and isinstance(high_m, int)
                and 0 <= low_m <= high_m <= 60):
            raise CareerInputError(f"job_search_months must be whole months (low, high) with "
                                   f"0 <= low <= high <= 60, not {self.job_search_months!r}")


@dataclass(frozen=True)
class PlanRange:
    """A plan's time to a first data job as (low, high) pairs, and whether a runway covers it."""

    role: str
    hours_per_week: int
    assumptions: PlanAssumptions
    study_hours: tuple[int, int]
    """Hours to close every gap, at the low and high hours factor."""
    study_months: tuple[int, int]
    """Whole months of study at `hours_per_week` (rounded up)."""
    job_search_months: tuple[int, int]
    runway_months: float | None = None
    """Months you can live without a data salary (None: not given)."""

    @property
    def total_months(self) -> tuple[int, int]:
        """Months from today to a first offer: study, then search (low, high)."""
        return (self.study_months[0] + self.job_search_months[0],
                self.study_months[1] + self.job_search_months[1])

    @property
    def shortfall(self) -> float | None:
        """Months by which the runway falls short of the slow case (0: covered; None: no runway
        given)."""
        if self.runway_months is None:
            return None
        return max(0.0, self.total_months[1] - self.runway_months)

    def summary(self) -> str:
        """One paragraph a page or a saved plan can show."""
        low, high = self.total_months
        text = (f"{ROLE_NAMES[self.role]} at {self.hours_per_week} h/week: "
                f"{self.study_hours[0]}–{self.study_hours[1]} study hours, so "
                f"{self.study_months[0]}–{self.study_months[1]} months of study; then "
                f"{self.job_search_months[0]}–{self.job_search_months[1]} months of job search: "
                f"{low}–{high} months to a first offer.")
        if self.runway_months is not None:
            if self.shortfall:
                text += (f" A runway of {self.runway_months:g} months falls "
                         f"{self.shortfall:g} months short of the slow case.")
            else:
                text += f" A runway of {self.runway_months:g} months covers even the slow case."
        return text


def runway_months(savings: float, monthly_costs: float, monthly_income: float = 0.0) -> float:
    """Months your savings last: savings / (monthly costs - monthly income); inf if no gap."""
    for name, value in (("savings", savings), ("monthly_costs", monthly_costs),
                        ("monthly_income", monthly_income)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 \
                or math.isnan(value):
            raise CareerInputError(f"{name} must be a number of at least 0, not {value!r}")
    gap = monthly_costs - monthly_income
    return math.inf if gap <= 0 else savings / gap


def plan_range(ratings: dict[str, int], hours_per_week: int, target_role: str | None = None,
               assumptions: PlanAssumptions | None = None,
               runway: float | None = None) -> PlanRange:
    """The plan's hours and months as ranges under `assumptions` (defaults: `PlanAssumptions()`);
    `runway` is the months you can live without a data salary (see `runway_months`).

    Rules: study hours = `study_hours(ratings, role)` × each hours factor, rounded to whole
    hours; study months = hours / (hours_per_week × `WEEKS_PER_MONTH`), rounded up; the job search
    follows the study; the runway is compared with the slow (high) case.
    """
    if isinstance(hours_per_week, bool) or not isinstance(hours_per_week, int) \
            or not 1 <= hours_per_week <= 60:
        raise CareerInputError(f"hours_per_week must be a whole number from 1 to 60, not "
                               f"{hours_per_week!r}")
    if runway is not None and (isinstance(runway, bool) or not isinstance(runway, (int, float))
                               or runway < 0):
        raise CareerInputError(f"runway must be a number of months, at least 0, not {runway!r}")
    assumptions = assumptions or PlanAssumptions()
    role = best_role(ratings) if target_role is None else _check_role(target_role)
    typical = study_hours(ratings, role)
    hours = tuple(round(typical * f) for f in assumptions.hours_factor)
    per_month = hours_per_week * WEEKS_PER_MONTH
    months = tuple(math.ceil(h / per_month) for h in hours)
    return PlanRange(role, hours_per_week, assumptions, (hours[0], hours[1]),
                     (months[0], months[1]), assumptions.job_search_months, runway)
