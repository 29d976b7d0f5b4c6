"""Exercises for chapter 7: Changing career at 40, and finding a mentor."""

from __future__ import annotations

from typing import Any, Callable

from coursekit.exercises.kinds import (
    ChoiceProblem,
    FunctionProblem,
    Mistake,
    Option,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

ID = "07-career-change-mentors"
TITLE = "Changing career at 40, and finding a mentor"
VERSION = "2026.11.0"


def load_data() -> dict[str, Any]:
    """Published age figures (EEOC, BLS NLSY79) and the course's skills catalogue."""
    from coursekit.data import self_assessment as career
    from coursekit.data import career_evidence

    return {"high_tech": career_evidence.high_tech_age(),
            "jobs": career_evidence.jobs_by_age(),
            "skills": career.SKILLS, "roles": career.ROLES,
            "backgrounds": career.BACKGROUNDS}


# -- q1: change in the share of older workers ---------------------------------------------------

def _share(high_tech: Any, year: int) -> float:
    return float(high_tech.loc[high_tech.year == year, "share_over_40"].iloc[0])


class OlderShareChange(ValueProblem):
    """Change, in percentage points, of the over-40 share of high tech, 2014 to 2022."""

    id = "q1"
    name = "change_pp"
    title = "How much did the over-40 share change?"
    points = 1
    rel_tol = 1e-3
    hints = ("A change in percentage points is later share minus earlier share.",
             "Take the 2022 value minus the 2014 value from `high_tech`; a fall is negative.")
    mistakes = (
        Mistake(lambda high_tech: _share(high_tech, 2014) - _share(high_tech, 2022),
                "That is earlier minus later: the share fell, so the change is negative."),
        Mistake(lambda high_tech: 100 * (_share(high_tech, 2022) - _share(high_tech, 2014))
                / _share(high_tech, 2014),
                "That is the relative change in per cent; give the difference of the two shares "
                "in percentage points."),
        Mistake(lambda high_tech: (_share(high_tech, 2022) - _share(high_tech, 2014)) / 100,
                "That is a proportion; the shares are in per cent, so give percentage points."),
    )

    def expected(self, high_tech: Any) -> float:
        return _share(high_tech, 2022) - _share(high_tech, 2014)


# -- q3: role fit for the teacher profile ---------------------------------------------------------

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

    id = "q3"
    name = "teacher_fit"
    title = "Score a profile against the three roles"
    points = 2
    hints = ("For one role: add up `min(level, required)` over the role's skills, divide by the "
             "sum of the required levels, multiply by 100.",
             "Loop over `roles.items()`; a skill missing from the ratings counts as level 0.",
             "Build `pd.DataFrame({\"role\": [...], \"fit\": [...]})`.")
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


# -- q4: study hours ------------------------------------------------------------------------------

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

    id = "q4"
    name = "gap_hours"
    title = "How many hours does the plan need?"
    points = 2
    hints = ("For each skill of `ROLES[role]`, the gap is `required - your level`, but never "
             "below 0.",
             "Multiply each gap by `SKILLS[skill].hours_per_level` and add them up.")
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
        for background, ratings in backgrounds.items():
            for role in roles:
                # only cases where the planner adds no prerequisite beyond the role's own needs
                if study_hours(ratings, role) == _gap_hours(ratings, role, skills, roles):
                    cases.append((dict(ratings), role))
        return cases[::3] + [({s: 4 for s in skills}, "data_scientist")]

    def reference(self, ratings: dict[str, int], role: str) -> int:
        from coursekit.data.self_assessment import study_hours

        return study_hours(ratings, role)


# -- q5: the order of study ---------------------------------------------------------------------

class PlanOrder(ValueProblem):
    """The order in which the plan studies skills for the nurse profile aiming at data analyst."""

    id = "q5"
    name = "nurse_order"
    title = "In what order does the plan study?"
    points = 2
    hints = ("List the skills with a gap for `data_analyst` first (required level above the "
             "nurse's level).",
             "A skill can start only when its prerequisites with a gap are done; among the skills "
             "free to start, take the largest gap; break ties in catalogue order.",)
    mistakes = (
        Mistake(lambda backgrounds, roles: _order_by_gap(backgrounds["nurse"], roles,
                                                         "data_analyst"),
                "That is sorted by gap alone: visualisation needs spreadsheets first, so "
                "prerequisites must come before the skills that depend on them."),
        Mistake(lambda backgrounds, roles: _gaps_in_catalogue_order(backgrounds["nurse"], roles,
                                                                    "data_analyst"),
                "That is catalogue order: among the skills free to start, the plan takes the "
                "largest gap first."),
    )

    def expected(self, backgrounds: Any) -> list[str]:
        from coursekit.data.self_assessment import study_order

        return study_order(backgrounds["nurse"], "data_analyst")


def _gaps_in_catalogue_order(ratings: dict[str, int], roles: Any, role: str) -> list[str]:
    from coursekit.data.self_assessment import SKILLS

    return [s for s in SKILLS if roles[role].get(s, 0) > ratings.get(s, 0)]


def _order_by_gap(ratings: dict[str, int], roles: Any, role: str) -> list[str]:
    gaps = _gaps_in_catalogue_order(ratings, roles, role)
    return sorted(gaps, key=lambda s: -(roles[role][s] - ratings.get(s, 0)))


# -- q2, q6: evidence ------------------------------------------------------------------------------

class MentoringEvidence(ChoiceProblem):
    """What the research on mentoring finds."""

    id = "q2"
    name = "mentoring_answer"
    title = "What does mentoring research find?"
    points = 1
    options = {
        "a": Option("Mentored people earn far more and are promoted much faster than others.",
                    "Allen et al. (2004) found that effects on pay and promotion are real but "
                    "small; the larger links are with satisfaction and commitment."),
        "b": Option("Mentoring goes with more career and job satisfaction; its effects on pay "
                    "and promotion are small.",
                    "This is the pattern in Allen et al. (2004) and in Kammeyer-Mueller and "
                    "Judge (2008), who found education, tenure and self-evaluations matter more "
                    "for objective success."),
        "c": Option("Any mentor works as well as any other: similarity between mentor and "
                    "protégé makes no difference.",
                    "Eby et al. (2013) found protégés rate mentoring higher when they feel "
                    "similar to their mentor in attitudes, values and personality."),
        "d": Option("Studies show that career changers over 40 who have a mentor are twice as "
                    "likely to land a data job.",
                    "No such study or official statistic exists: be wary of precise claims "
                    "about career changers at 40."),
    }
    answer = "b"
    hints = ("Separate satisfaction (how people feel) from objective outcomes (pay, promotion).",)


class AgeClaims(ChoiceProblem):
    """Which claims about age and changing career the chapter's sources support."""

    id = "q6"
    name = "age_claims"
    title = "Which claims can you support?"
    points = 2
    options = {
        "a": Option("An official statistic shows what share of people who move into data "
                    "science do so after 40.",
                    "No official statistic on career changers into data science at 40 exists."),
        "b": Option("Workers over 40 were a smaller share of the high-tech sector in 2022 "
                    "than in 2014.",
                    "The EEOC's 2024 report shows the share falling from 55.9% to 52.1%."),
        "c": Option("US federal law protects job applicants aged 40 and over from age "
                    "discrimination at employers with 20 or more employees.",
                    "That is the Age Discrimination in Employment Act of 1967."),
        "d": Option("People born 1957–64 mostly stopped changing jobs after 35.",
                    "The NLSY79 counts 2.9 jobs on average at ages 35–44 and 2.2 at 45–54: "
                    "fewer than when young, but far from none."),
    }
    answer = frozenset({"b", "c"})
    hints = ("Check each claim against a source in the chapter; a claim with no source is not "
             "supported.",)


# -- q7: questions for a mentor -----------------------------------------------------------------

class MentorQuestions(ReflectionProblem):
    """Questions the learner would ask a data-analyst mentor and a data-scientist mentor."""

    id = "q7"
    name = "mentor_questions"
    title = "Your questions for a mentor"
    points = 2
    min_words = 60
    hints = ("Write three questions for a data analyst and three for a data scientist; say "
             "which part of your own background each one is about.",)


PROBLEMS = [OlderShareChange, MentoringEvidence, TeacherFit, StudyHours, PlanOrder, AgeClaims,
            MentorQuestions]
