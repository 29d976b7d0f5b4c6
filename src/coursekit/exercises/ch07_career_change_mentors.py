"""Exercises for chapter 7: Changing career at 40, and finding a mentor."""

from __future__ import annotations

from collections.abc import Callable
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

ID = "07-career-change-mentors"
TITLE = "Changing career at 40, and finding a mentor"
VERSION = "2026.11.1"


def load_data() -> dict[str, Any]:
    """Published age figures (EEOC, BLS NLSY79) and the course's skills catalogue."""
    from coursekit.data import career_evidence
    from coursekit.data import self_assessment as career

    return {"high_tech": career_evidence.high_tech_age(),
            "jobs": career_evidence.jobs_by_age(),
            "skills": career.SKILLS, "roles": career.ROLES,
            "backgrounds": career.BACKGROUNDS}


# -- q1: a stock is not a flow ------------------------------------------------------------------

FIRST_AGE = 25
"""`counts[0]` is the number of workers aged 25; `counts[i]` those aged 25 + i (to 64)."""


def simulate_share(counts: list[float], years: int, over: int = 40, replace: bool = True,
                   scale: float = 100.0) -> float:
    """Share aged `over`+ after `years` years in which retirees at 65 are replaced by hires
    aged 25 (nobody older is hired)."""
    current = list(counts)
    for _ in range(years):
        retiring = current[-1] if replace else 0
        current = [retiring, *current[:-1]]
    return scale * sum(current[over - FIRST_AGE:]) / sum(current)


class StockNotFlow(FunctionProblem):
    """`share_after(counts, years)`: per cent aged 40+ after years of hiring only 25-year-olds."""

    id = "q1"
    name = "share_after"
    title = "Build a counterexample: a sector that hires no one over 40"
    points = 3
    hints = (
        "Each simulated year changes who is in the workforce in two ways: everyone gets a year "
        "older, and the oldest leave and are replaced at the youngest age.",
        "Ageing is a shift of the list by one place; the number who reach 65 is the last "
        "entry, and it reappears as the new first entry. Aged 40 or over starts 15 places in.",
        "Inside a loop over `range(years)`: `counts = [counts[-1]] + counts[:-1]`; at the end "
        "divide `sum(counts[15:])` by the total.",
    )
    wrong_versions = (
        Mistake(lambda counts, years: simulate_share(counts, years, over=41),
                "Your share leaves out the 40-year-olds: \"40 or over\" includes age 40 (the "
                "ADEA's threshold), which is `counts[15]`."),
        Mistake(lambda counts, years: simulate_share(counts, years, replace=False),
                "Your workforce shrinks: each year the retirees must be replaced by the same "
                "number of 25-year-olds."),
        Mistake(lambda counts, years: simulate_share(counts, years, scale=1.0),
                "Your function returns a proportion; give the share in per cent (0–100)."),
    )

    def cases(self) -> list[tuple[Any, ...]]:
        even = [25.0] * 40
        young = [float(60 - i) for i in range(40)]
        old = [float(10 + 2 * i) for i in range(40)]
        lumpy = [float((7 * i) % 13 + 1) for i in range(40)]
        return [(even, 0), (even, 1), (even, 10), (young, 5), (young, 20), (old, 3),
                (old, 15), (lumpy, 7), (lumpy, 25)]

    def reference(self, counts: list[float], years: int) -> float:
        return simulate_share(counts, years)


# -- q3: a programme's success claim ------------------------------------------------------------

class ProgrammeClaim(ChoiceProblem):
    """What a mentoring programme's success rate can and cannot show."""

    id = "q3"
    name = "programme_claim"
    title = "Test a programme's claim"
    points = 2
    options: ClassVar[dict[str, Option]] = {
        "a": Option("The figure is too high to be believable, so the programme must be lying.",
                    "A figure can be accurate and still show nothing about the programme's "
                    "effect; how believable it sounds is not the test."),
        "b": Option("Without a comparison group it cannot show that the mentoring worked: the "
                    "people a programme admits, and those who finish and reply, may have found "
                    "data jobs anyway, and \"a data job\" and \"our mentees\" are not defined.",
                    "Right: selection into the programme, survivors in the denominator and a "
                    "loose outcome can each produce a high rate with no effect at all."),
        "c": Option("Research shows mentoring has no effect on careers, so the claim is false.",
                    "The meta-analyses find clear links with satisfaction and small effects on "
                    "pay and promotion, not zero; and they do not test this programme."),
        "d": Option("A year is too short for mentoring to have any effect.",
                    "Nothing in the research says so; the problem with the claim is what it "
                    "compares (nothing), not how long it waited."),
    }
    answer = "b"
    hints = ("Ask what the 9 in 10 would have been without the programme.",
             "Think about who gets in, who finishes, who answers the follow-up survey, and what "
             "counts as \"a data job\".")


# -- q4: role fit for the teacher profile ---------------------------------------------------------

def _fit_table(roles: dict[str, dict[str, int]], ratings: dict[str, int],
               score: Callable[[int, int], float], scale: float = 100.0,
               weighted: bool = True) -> Any:
    import pandas as pd

    rows = []
    for role, needs in roles.items():
        got = [score(ratings.get(s, 0), need) for s, need in needs.items()]
        total = sum(needs.values()) if weighted else len(needs)
        rows.append({"role": role, "fit": scale * sum(got) / total})
    return pd.DataFrame(rows)


def _capped(level: int, need: int) -> float:
    return min(level, need)


class TeacherFit(TableProblem):
    """Role fit (0-100) of the teacher profile, one row per role."""

    id = "q4"
    name = "teacher_fit"
    title = "Score a profile against the three roles"
    points = 2
    hints = ("The fit is the share of what a role asks for that the profile already has; "
             "being better than asked earns nothing extra.",
             "Per role: credit each skill with the smaller of the teacher's level and the "
             "required level, then divide by what the role asks in total; a skill the teacher "
             "has not rated counts as 0.",
             "Loop over `roles.items()` and collect rows into "
             "`pd.DataFrame({\"role\": [...], \"fit\": [...]})`.")
    mistakes = (
        Mistake(lambda roles, backgrounds: _fit_table(
            roles, backgrounds["teacher"], lambda level, need: level),
            "A level above what the role asks for must not count extra: use "
            "`min(level, required)` for each skill."),
        Mistake(lambda roles, backgrounds: _fit_table(
            roles, backgrounds["teacher"], _capped, scale=1.0),
            "Those fits are proportions (0–1); multiply by 100 to give them out of 100."),
        Mistake(lambda roles, backgrounds: _fit_table(
            roles, backgrounds["teacher"], lambda level, need: float(level >= need),
            weighted=False),
            "That counts the skills fully met; the fit gives credit for partial levels too: "
            "sum `min(level, required)` and divide by the sum of required levels."),
    )

    def expected(self, roles: Any, backgrounds: Any) -> Any:
        return _fit_table(roles, backgrounds["teacher"], _capped)


# -- q5: study hours ------------------------------------------------------------------------------

def _catalogue() -> tuple[Any, Any]:
    from coursekit.data import self_assessment as career

    return career.SKILLS, career.ROLES


def _gap_hours(ratings: dict[str, int], role: str, skills: Any, roles: Any,
               clip: bool = True, per_level: bool = True) -> int:
    total = 0
    for skill, need in roles[role].items():
        gap = need - ratings.get(skill, 0)
        if clip:
            gap = max(gap, 0)
        total += gap * (skills[skill].hours_per_level if per_level else 1)
    return total


class StudyHours(FunctionProblem):
    """`gap_hours(ratings, role)`: hours to close a role's gaps."""

    id = "q5"
    name = "gap_hours"
    title = "How many hours does the plan need?"
    points = 2
    hints = ("Hours come from levels still missing, and a skill you already exceed leaves "
             "nothing missing.",
             "For each skill the role lists: the missing levels (never negative) times that "
             "skill's hours per level; add these up.",
             "`max(need - ratings.get(skill, 0), 0) * skills[skill].hours_per_level`, summed "
             "over `roles[role].items()`.")
    wrong_versions = (
        Mistake(lambda ratings, role: _gap_hours(ratings, role, *_catalogue(), clip=False),
                "Skills you already exceed subtracted hours: a gap can never be negative, use "
                "`max(required - level, 0)`."),
        Mistake(lambda ratings, role: _gap_hours(ratings, role, *_catalogue(), per_level=False),
                "That counts levels, not hours: multiply each gap by the skill's "
                "`hours_per_level`."),
    )

    def cases(self, skills: Any, roles: Any, backgrounds: Any) -> list[tuple[Any, ...]]:
        from coursekit.data.self_assessment import study_hours

        cases = []
        for ratings in backgrounds.values():
            for role in roles:
                # only cases where the planner adds no prerequisite beyond the role's own needs
                if study_hours(ratings, role) == _gap_hours(ratings, role, skills, roles):
                    cases.append((dict(ratings), role))
        return [*cases[::3], ({s: 4 for s in skills}, "data_scientist")]

    def reference(self, ratings: dict[str, int], role: str) -> int:
        from coursekit.data.self_assessment import study_hours

        return study_hours(ratings, role)


# -- q6: a different ordering rule ----------------------------------------------------------------

def gaps_of(ratings: dict[str, int], roles: Any, role: str) -> dict[str, int]:
    """Skill -> levels missing for `role`, in catalogue order."""
    from coursekit.data.self_assessment import SKILLS

    return {s: roles[role][s] - ratings.get(s, 0) for s in SKILLS
            if roles[role].get(s, 0) > ratings.get(s, 0)}


def smallest_first(ratings: dict[str, int], roles: Any, role: str) -> list[str]:
    """Study order under the variant rule: prerequisites first, then the SMALLEST gap."""
    from coursekit.data.self_assessment import SKILLS

    gaps = gaps_of(ratings, roles, role)
    order: list[str] = []
    while len(order) < len(gaps):
        ready = [s for s in gaps if s not in order
                 and all(p not in gaps or p in order for p in SKILLS[s].prerequisites)]
        order.append(min(ready, key=lambda s: gaps[s]))  # min keeps the first of equals
    return order


class SmallestGapFirst(ValueProblem):
    """The nurse's study order for data analyst if the plan took the smallest gap first."""

    id = "q6"
    name = "nurse_order"
    title = "Change a rule: smallest gap first"
    points = 2
    hints = ("Only one thing changes from the planner's rules: which of the skills that are "
             "free to start goes next.",
             "List the nurse's gaps for data analyst; a skill is free once its prerequisites "
             "that have a gap are done; among the free skills take the smallest gap, ties in "
             "catalogue order.",
             "In a `while` loop, build the list of ready skills and append "
             "`min(ready, key=lambda s: gaps[s])`.")
    mistakes = (
        Mistake(lambda backgrounds: _planner_order(backgrounds["nurse"]),
                "That is the planner's own order (largest gap first); the question asks what "
                "changes when the smallest gap goes first."),
        Mistake(lambda backgrounds: list(reversed(_planner_order(backgrounds["nurse"]))),
                "Reversing the planner's order puts skills before their prerequisites (charts "
                "before spreadsheets): only the choice among skills free to start is reversed."),
    )

    def expected(self, backgrounds: Any, roles: Any) -> list[str]:
        return smallest_first(backgrounds["nurse"], roles, "data_analyst")


def _planner_order(ratings: dict[str, int]) -> list[str]:
    from coursekit.data.self_assessment import study_order

    return study_order(ratings, "data_analyst")


# -- q2: what the law and the experiments say ---------------------------------------------------

class AgeClaims(ChoiceProblem):
    """Apply the ADEA and the hiring experiments to concrete cases."""

    id = "q2"
    name = "age_claims"
    title = "Which statements hold?"
    points = 2
    options: ClassVar[dict[str, Option]] = {
        "a": Option("A 45-year-old turned down by a 12-person analytics start-up because of her "
                    "age has a claim under the federal ADEA.",
                    "The ADEA covers employers with 20 or more employees; a state law may still "
                    "apply, but the federal act does not."),
        "b": Option("A 52-year-old applicant rejected because of his age by a company with 500 "
                    "employees is protected by the ADEA.",
                    "Applicants count, not only employees: 40 or over, an employer with 20 or "
                    "more employees."),
        "c": Option("The largest résumé experiment found about the same age discrimination "
                    "against older men as against older women.",
                    "It found robust discrimination against older women and considerably less "
                    "evidence of it against men."),
        "d": Option("Since workers aged 40 and over are still about half of high tech, the "
                    "experiments' findings cannot apply to tech hiring.",
                    "A share of the workforce is a stock; it says nothing about whom employers "
                    "hire now. (The experiments did not test tech jobs either: that is a "
                    "reason for caution, not a finding of no discrimination.)"),
        "e": Option("In that experiment, résumés signalling an age of 64–66 drew fewer "
                    "employer responses than otherwise similar ones signalling 29–31.",
                    "About 35% fewer, in the New York Times summary of the study."),
    }
    answer = frozenset({"b", "e"})
    hints = ("Check each statement against the ADEA's two conditions and against what the "
             "experiments measured, not against what sounds fair.",
             "For the law: the person's age and the employer's size. For the experiments: who "
             "was tested, in which jobs, and what the result was by sex.")


# -- q8: questions for a mentor -------------------------------------------------------------------

class MentorQuestions(ReflectionProblem):
    """Questions the learner would ask a data-analyst mentor and a data-scientist mentor."""

    id = "q8"
    name = "mentor_questions"
    title = "Your questions for a mentor"
    points = 3
    min_words = 60
    rubric = (
        Criterion("Grounded in your plan", 1,
                  "Each question comes from a specific gap, assumption or choice in your own "
                  "(or the teacher's) assessment and plan, and says which."),
        Criterion("Answerable and specific", 1,
                  "Questions a busy person can answer in a short conversation; none that a "
                  "search engine or the chapter already answers."),
        Criterion("Where and how to ask", 1,
                  "Names a real place to find each mentor (an organisation or programme from "
                  "the chapter, a meetup, an alumni network) and how the first message asks "
                  "for a small, specific amount of time."),
    )
    hints = ("Start from your plan's largest gap and its most doubtful assumption.",
             "Three questions for an analyst, three for a data scientist, each tied to your plan; "
             "then say where you would find each person and what your first message asks for; "
             "the rubric under the prompt lists what a reader looks for.")


# -- q7: the plan under its slow case -------------------------------------------------------------

RUNWAY = 18
"""Months of runway in q7."""


def hours_for_runway(backgrounds: Any, runway: int = RUNWAY, case: int = 1,
                     with_search: bool = True) -> int:
    """Smallest weekly hours (1–40) for which the teacher-to-analyst plan's months to a first
    offer (slow case by default) fit within `runway` months, under the default assumptions."""
    from coursekit.data.self_assessment import PlanAssumptions, plan_range

    for hours in range(1, 41):
        span = plan_range(backgrounds["teacher"], hours, "data_analyst", PlanAssumptions())
        months = span.study_months[case] + (span.job_search_months[case] if with_search else 0)
        if months <= runway:
            return hours
    return 0


class RunwayHours(ValueProblem):
    """Fewest weekly study hours for which even the slow case fits an 18-month runway."""

    id = "q7"
    name = "min_hours"
    title = "How many hours a week does the runway need?"
    points = 2
    hints = ("The slow case is the one a runway has to survive.",
             "Try weekly hours from 1 upwards; for each, take the slow months of study plus "
             "the slow months of job search, and stop at the first that fits 18 months.",
             "`career.plan_range(teacher, hours, \"data_analyst\").total_months[1]` gives the "
             "slow total for one value of `hours`.")
    mistakes = (
        Mistake(lambda backgrounds: hours_for_runway(backgrounds, case=0),
                "That is enough for the fast case only; a runway has to survive the slow case."),
        Mistake(lambda backgrounds: hours_for_runway(backgrounds, with_search=False),
                "That fits the study alone into the runway; the job search comes after it and "
                "needs months too."),
    )

    def expected(self, backgrounds: Any) -> int:
        return hours_for_runway(backgrounds)


PROBLEMS = [StockNotFlow, AgeClaims, ProgrammeClaim, TeacherFit, StudyHours, SmallestGapFirst,
            RunwayHours, MentorQuestions]
