"""Chapter 7's self-assessment model: a skills self-assessment for people moving into data work,
and the 12-month plan it yields.

The catalogue below is DATA, written for this course: twelve skills, three data roles and the
skill level each role asks for, and a few previous careers with the levels they typically bring.
The levels and hours are teaching assumptions, not measured facts; the rules that turn them into
scores and a plan are stated on each function and shown in chapter 7.

    ratings = ratings_from_background("teacher")          # or your own {skill: 0..4}
    assess(ratings)                                        # {role: 0..100 fit}
    plan = learning_plan(ratings, hours_per_week=8, target_role="data_analyst")
    save_plan(plan, "my_plan.md")                          # or .json
    assessment_widget()                                    # the same, with sliders (ipywidgets)

Levels: 0 none, 1 aware of it, 2 can do it with help, 3 can do it alone, 4 could teach it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from coursekit.errors import DataError

__all__ = [
    "BACKGROUNDS",
    "LEVELS",
    "PREREQUISITE_LEVEL",
    "ROLES",
    "ROLE_NAMES",
    "SKILLS",
    "WEEKS_PER_MONTH",
    "CareerInputError",
    "LearningPlan",
    "MonthStep",
    "PlanItem",
    "Skill",
    "assess",
    "best_role",
    "learning_plan",
    "ratings_from_background",
    "study_hours",
    "study_needs",
    "study_order",
    "validate_ratings",
]

LEVELS = {0: "none", 1: "aware of it", 2: "with help", 3: "on my own", 4: "could teach it"}
"""The rating scale, 0–4."""

WEEKS_PER_MONTH = 4
"""Study weeks counted in a month: four, which leaves slack for holidays and bad weeks."""

PREREQUISITE_LEVEL = 2
"""Level a prerequisite must reach before a skill that depends on it is started."""


class CareerInputError(DataError):
    """A rating, role, number of hours or file name the career tools cannot use."""


@dataclass(frozen=True)
class Skill:
    """One skill of the catalogue."""

    id: str
    name: str
    hours_per_level: int
    """Study hours to go up one level (a teaching assumption, not a measurement)."""
    prerequisites: tuple[str, ...]
    practice: str
    """How to practise it: the activity the plan suggests."""
    transferable: bool = False
    """True for skills that mostly come from earlier work rather than from a course."""


SKILLS: dict[str, Skill] = {s.id: s for s in (
    Skill("spreadsheets", "Spreadsheets and data cleaning", 15, (),
          "Clean and summarise a messy public table in a spreadsheet (pivot tables, lookups)."),
    Skill("sql", "SQL queries", 20, (),
          "Write queries against a public database: filters, joins, GROUP BY, window functions."),
    Skill("python", "Python and pandas", 35, (),
          "Work through a Python-for-data course, then redo a spreadsheet analysis in pandas."),
    Skill("statistics", "Statistics and uncertainty", 30, (),
          "Study descriptive statistics, sampling and confidence intervals; compute them by hand "
          "and in code."),
    Skill("visualisation", "Charts and dashboards", 15, ("spreadsheets",),
          "Rebuild three published charts from their data; make one small dashboard."),
    Skill("communication", "Explaining findings to non-specialists", 15, (),
          "Write a one-page summary of an analysis for a non-technical reader; present it.",
          transferable=True),
    Skill("domain", "Knowledge of a field (health, finance, politics...)", 20, (),
          "Read how analysts in your target field work; list the questions they are paid to "
          "answer.", transferable=True),
    Skill("version_control", "Version control with git", 10, ("python",),
          "Keep every project in a git repository; publish one with a clear README."),
    Skill("experiments", "Experiments and A/B tests", 20, ("statistics",),
          "Analyse a public A/B-test data set: difference, interval, and what it does not show."),
    Skill("machine_learning", "Machine learning", 40, ("python", "statistics"),
          "Fit, validate and explain a simple model (regression, trees) on a public data set."),
    Skill("data_engineering", "Data pipelines and modelling", 35,
          ("python", "sql", "version_control"),
          "Build a small pipeline that loads, tests and refreshes a data set on a schedule."),
    Skill("ethics_privacy", "Data ethics and privacy law", 10, (),
          "Read one professional ethics code and one privacy law summary; apply both to a "
          "project.", transferable=True),
)}
"""The skills catalogue, in the order a tie is broken."""

ROLE_NAMES = {"data_analyst": "Data analyst", "data_scientist": "Data scientist",
              "data_engineer": "Data engineer"}

ROLES: dict[str, dict[str, int]] = {
    "data_analyst": {"spreadsheets": 3, "sql": 3, "python": 2, "statistics": 2,
                     "visualisation": 3, "communication": 3, "domain": 2,
                     "experiments": 1, "ethics_privacy": 2},
    "data_scientist": {"sql": 2, "python": 3, "statistics": 3, "visualisation": 2,
                       "communication": 2, "domain": 2, "version_control": 2,
                       "experiments": 2, "machine_learning": 3, "ethics_privacy": 2},
    "data_engineer": {"sql": 3, "python": 3, "statistics": 1, "communication": 2,
                      "domain": 1, "version_control": 3, "data_engineering": 3,
                      "ethics_privacy": 2},
}
"""Level each role asks for, per skill (skills not listed: not needed). Course assumptions."""

BACKGROUNDS: dict[str, dict[str, int]] = {
    "teacher": {"spreadsheets": 2, "statistics": 1, "communication": 4, "domain": 2,
                "visualisation": 1, "ethics_privacy": 1},
    "accountant": {"spreadsheets": 4, "sql": 1, "statistics": 2, "visualisation": 2,
                   "communication": 2, "domain": 3, "ethics_privacy": 1},
    "nurse": {"spreadsheets": 1, "statistics": 1, "communication": 3, "domain": 3,
              "ethics_privacy": 2},
    "marketing": {"spreadsheets": 3, "statistics": 1, "visualisation": 2, "communication": 3,
                  "domain": 3, "experiments": 2, "ethics_privacy": 1},
    "journalist": {"spreadsheets": 2, "statistics": 1, "visualisation": 2, "communication": 4,
                   "domain": 2, "ethics_privacy": 2},
    "software_developer": {"sql": 3, "python": 3, "version_control": 4, "statistics": 1,
                           "communication": 2, "domain": 1, "data_engineering": 1,
                           "spreadsheets": 1},
    "campaign_organiser": {"spreadsheets": 2, "communication": 4, "domain": 3,
                           "visualisation": 1, "ethics_privacy": 2},
}
"""Typical starting levels a previous career brings (illustrative; rate yourself instead)."""


# -- validation ---------------------------------------------------------------------------------

def validate_ratings(ratings: dict[str, int]) -> dict[str, int]:
    """Every catalogue skill with a level 0–4 (missing skills count as 0); raises on bad input."""
    if not isinstance(ratings, dict):
        raise CareerInputError(f"ratings must be a dict of skill -> level, not "
                               f"{type(ratings).__name__}")
    unknown = sorted(set(ratings) - set(SKILLS))
    if unknown:
        raise CareerInputError(f"unknown skill {unknown[0]!r}; known skills: "
                               f"{', '.join(SKILLS)}")
    clean = {}
    for skill in SKILLS:
        level = ratings.get(skill, 0)
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
            raise CareerInputError(f"level for {skill!r} must be a whole number 0–4, not "
                                   f"{level!r}")
        clean[skill] = level
    return clean


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise CareerInputError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    return role


def ratings_from_background(background: str) -> dict[str, int]:
    """Starting ratings for a previous career (every skill present; unlisted skills are 0)."""
    if background not in BACKGROUNDS:
        raise CareerInputError(f"unknown background {background!r}; choose one of "
                               f"{', '.join(BACKGROUNDS)}")
    return validate_ratings(BACKGROUNDS[background])


# -- scores -------------------------------------------------------------------------------------

def assess(ratings: dict[str, int]) -> dict[str, float]:
    """Fit per role, 0–100: the share of the role's required levels the ratings already cover.

    Rule: for each role, sum over its skills of min(your level, required level), divided by the
    sum of required levels, times 100. Levels above what a role asks for earn nothing extra.
    """
    levels = validate_ratings(ratings)
    return {role: 100 * sum(min(levels[s], need) for s, need in needs.items())
            / sum(needs.values()) for role, needs in ROLES.items()}


def best_role(ratings: dict[str, int]) -> str:
    """The role with the highest fit (ties: the first in `ROLES`)."""
    scores = assess(ratings)
    return max(ROLES, key=lambda role: scores[role])


# -- the plan's rules ---------------------------------------------------------------------------

def study_needs(ratings: dict[str, int], role: str) -> dict[str, tuple[int, int]]:
    """Skill -> (from level, to level) for every gap between the ratings and the role.

    Rule: a gap is a required level above your rating; a prerequisite of a skill with a gap must
    itself reach at least `PREREQUISITE_LEVEL`, even if the role asks for less.
    """
    levels = validate_ratings(ratings)
    target = dict(ROLES[_check_role(role)])
    changed = True
    while changed:  # raise prerequisites until nothing changes (the catalogue has no cycles)
        changed = False
        for skill, need in list(target.items()):
            if need <= levels[skill]:
                continue
            for pre in SKILLS[skill].prerequisites:
                if target.get(pre, 0) < PREREQUISITE_LEVEL:
                    target[pre] = PREREQUISITE_LEVEL
                    changed = True
    return {s: (levels[s], target[s]) for s in SKILLS if target.get(s, 0) > levels[s]}


def study_hours(ratings: dict[str, int], role: str) -> int:
    """Total study hours to close every gap: sum of levels to gain × the skill's hours per level."""
    return sum((to - start) * SKILLS[s].hours_per_level
               for s, (start, to) in study_needs(ratings, role).items())


def study_order(ratings: dict[str, int], role: str) -> list[str]:
    """Skills in the order the plan studies them.

    Rules: (1) prerequisites before dependants — a skill waits until each prerequisite that has
    a gap is studied; (2) among skills that are free to start, the largest gap (in levels) first;
    (3) ties in catalogue order.
    """
    needs = study_needs(ratings, role)
    order: list[str] = []
    while len(order) < len(needs):
        ready = [s for s in needs if s not in order
                 and all(p not in needs or p in order for p in SKILLS[s].prerequisites)]
        ready.sort(key=lambda s: -(needs[s][1] - needs[s][0]))  # stable: catalogue order on ties
        order.append(ready[0])
    return order


# -- the plan -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanItem:
    """Hours spent on one skill (or the portfolio project) within one month."""

    skill: str
    """A skill id, or ``"portfolio"`` for the project that uses spare hours."""
    title: str
    hours: int
    to_level: int
    """Level the skill reaches once all its hours are done (0 for the portfolio)."""
    completes: bool
    """True in the month the skill's last hour is studied."""
    activity: str


@dataclass(frozen=True)
class MonthStep:
    """One month of the plan."""

    month: int
    items: tuple[PlanItem, ...]
    note: str
    """A milestone that takes no study hours (finding a mentor, a review)."""

    @property
    def hours(self) -> int:
        """Study hours planned this month."""
        return sum(item.hours for item in self.items)


@dataclass(frozen=True)
class LearningPlan:
    """A monthly plan; iterating over it (or indexing it) gives its `MonthStep`s."""

    role: str
    hours_per_week: int
    steps: tuple[MonthStep, ...]
    carried_over: dict[str, int] = field(default_factory=dict)
    """Skill -> study hours that did not fit in the plan's months."""
    scores: dict[str, float] = field(default_factory=dict)
    """Role fit before the plan (as `assess` gives it)."""

    def __iter__(self) -> Iterator[MonthStep]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, index: int) -> MonthStep:
        return self.steps[index]

    @property
    def total_hours(self) -> int:
        """Study hours across all months."""
        return sum(step.hours for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain data (what `save_plan` writes as JSON)."""
        return {"role": self.role, "role_name": ROLE_NAMES[self.role],
                "hours_per_week": self.hours_per_week, "scores": dict(self.scores),
                "total_hours": self.total_hours, "carried_over": dict(self.carried_over),
                "months": [{"month": s.month, "hours": s.hours, "note": s.note,
                            "items": [asdict(i) for i in s.items]} for s in self.steps]}


def _note(month: int, months: int) -> str:
    if month == 1:
        return "Find a mentor: list three people or groups to contact and write your questions."
    if month == months:
        return "Review the year with your mentor, re-rate yourself and publish your portfolio."
    if month % 3 == 0:
        return "Quarterly check-in: re-rate your skills and review progress with your mentor."
    return ""


def _queue(ratings: dict[str, int], role: str) -> list[list[Any]]:
    """[skill, hours left, to level] in study order."""
    needs = study_needs(ratings, role)
    return [[s, (needs[s][1] - needs[s][0]) * SKILLS[s].hours_per_level, needs[s][1]]
            for s in study_order(ratings, role)]


def _month_items(queue: list[list[Any]], capacity: int, role: str) -> list[PlanItem]:
    items, left = [], capacity
    while queue and left > 0:
        skill, hours, to_level = queue[0]
        spent = min(hours, left)
        queue[0][1] -= spent
        left -= spent
        done = queue[0][1] == 0
        items.append(PlanItem(skill, SKILLS[skill].name, spent, to_level, done,
                              SKILLS[skill].practice))
        if done:
            queue.pop(0)
    if left > 0:
        items.append(PlanItem("portfolio", "Portfolio project", left, 0, False,
                              f"Build a public project that a {ROLE_NAMES[role].lower()} would "
                              "be proud of, using the skills studied so far."))
    return items


def learning_plan(ratings: dict[str, int], hours_per_week: int, target_role: str | None = None,
                  months: int = 12) -> LearningPlan:
    """A month-by-month plan that closes the gaps for `target_role` (None: the best-fit role).

    Rules: skills come in `study_order` (prerequisites first, then largest gap); each month holds
    exactly ``hours_per_week × WEEKS_PER_MONTH`` hours; a skill runs over into the next month if
    it does not fit; spare hours go to a portfolio project; what does not fit in `months` months
    is reported in `carried_over`.
    """
    if isinstance(hours_per_week, bool) or not isinstance(hours_per_week, int) \
            or not 1 <= hours_per_week <= 60:
        raise CareerInputError(f"hours_per_week must be a whole number from 1 to 60, not "
                               f"{hours_per_week!r}")
    if not isinstance(months, int) or not 1 <= months <= 60:
        raise CareerInputError(f"months must be a whole number from 1 to 60, not {months!r}")
    role = best_role(ratings) if target_role is None else _check_role(target_role)
    queue = _queue(ratings, role)
    capacity = hours_per_week * WEEKS_PER_MONTH
    steps = tuple(MonthStep(m, tuple(_month_items(queue, capacity, role)), _note(m, months))
                  for m in range(1, months + 1))
    return LearningPlan(role, hours_per_week, steps, {s: h for s, h, _ in queue},
                        assess(ratings))
