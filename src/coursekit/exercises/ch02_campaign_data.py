"""Exercises for chapter 2: How campaigns use data.

Data: a SYNTHETIC voter file (`coursekit.data.voters.voter_file`) and a SYNTHETIC e-mail
subject-line test (`coursekit.data.experiments.email_test`).
"""

from __future__ import annotations

import math
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

ID = "02-campaign-data"
TITLE = "How campaigns use data"
VERSION = "2026.11.0"

AGE_BINS = [17, 29, 44, 64, 95]
AGE_LABELS = ["18-29", "30-44", "45-64", "65+"]
CONTROL, VARIANT = "Can you chip in before midnight?", "Hey, it's us"
Z_95 = 1.959963984540054
"""The 97.5th percentile of the standard normal distribution."""


def load_data() -> dict[str, Any]:
    """The lesson's data: ``voters`` (synthetic voter file) and ``email`` (synthetic test)."""
    from coursekit.data.experiments import email_test
    from coursekit.data.voters import voter_file

    return {"voters": voter_file(), "email": email_test()}


# -- reference computations, shared by expected answers and mistakes ------------------------------
def weighted_score(past: list[bool], weights: list[int] | None = None) -> float:
    """100 × the weighted share of past elections voted in; weight i+1 for the i-th oldest."""
    weights = weights if weights is not None else list(range(1, len(past) + 1))
    return 100 * sum(w * bool(v) for w, v in zip(weights, past)) / sum(weights)


def turnout_by_band(voters: Any, column: str = "voted_2024", how: str = "mean") -> Any:
    """Voters and turnout per age band (bands `AGE_LABELS`), as a frame in band order."""
    import pandas as pd

    band = pd.cut(voters.age, bins=AGE_BINS, labels=AGE_LABELS).astype("str")
    table = (voters.assign(age_band=band)
             .groupby("age_band", sort=True)
             .agg(voters=("voter_id", "size"), turnout_2024=(column, how))
             .reset_index())
    return table


def difference_interval(email: Any, outcome: str = "donated", z: float = Z_95,
                        flip: bool = False, root: bool = True) -> tuple[float, float]:
    """95% normal-approximation interval for rate(VARIANT) − rate(CONTROL) of `outcome`."""
    groups = email.groupby("subject")[outcome]
    p, n = groups.mean(), groups.size()
    first, second = (CONTROL, VARIANT) if flip else (VARIANT, CONTROL)
    diff = p[first] - p[second]
    variance = p[first] * (1 - p[first]) / n[first] + p[second] * (1 - p[second]) / n[second]
    se = math.sqrt(variance) if root else variance
    return (float(diff - z * se), float(diff + z * se))


class Turnout2020(ValueProblem):
    """Turnout on the file in 2020."""

    id = "q1"
    name = "turnout_2020"
    title = "Turnout in 2020"
    points = 1
    hints = ("Vote history columns hold True/False per person.",
             "The mean of a True/False column is the share of True values.")
    mistakes = (
        Mistake(lambda voters: int(voters.voted_2020.sum()),
                "That is a count of voters; divide by the number of people on the file (or "
                "take the mean)."),
        Mistake(lambda voters: float(voters.voted_2020.mean() * 100),
                "That is a percentage; give turnout as a proportion between 0 and 1."),
        Mistake(lambda voters: float(voters.voted_2024.mean()),
                "That is turnout in 2024; this question asks about 2020 (`voted_2020`)."),
    )

    def expected(self, voters: Any) -> float:
        return float(voters.voted_2020.mean())


class TurnoutScore(FunctionProblem):
    """A 0-100 turnout score from past vote history."""

    id = "q2"
    name = "turnout_score"
    title = "A turnout score"
    points = 3
    hints = (
        "Give the oldest election weight 1, the next weight 2, and so on: "
        "`weights = range(1, len(past) + 1)`.",
        "Score = 100 × sum(weight × voted) / sum(weight); `True` counts as 1 and `False` as 0.",
    )
    wrong_versions = (
        Mistake(lambda past: 100 * sum(past) / len(past),
         "Your score treats every election alike; weight recent elections more "
         "(weights 1, 2, 3, 4, oldest first)."),
        Mistake(lambda past: weighted_score(past) / 100,
         "Your score is on a 0–1 scale; multiply by 100 so it runs from 0 to 100."),
        Mistake(lambda past: weighted_score(past, list(range(len(past), 0, -1))),
         "Your weights run the wrong way: the OLDEST election (first in the list) gets "
         "weight 1 and the most recent the largest weight."),
        Mistake(lambda past: float(sum(past)),
         "That counts elections voted in; turn it into a weighted share out of 100."),
    )

    def cases(self) -> list[tuple[Any, ...]]:
        return [([True, False, False, False],), ([False, False, False, True],),
                ([True, True, False, False],), ([False, True, False, True],),
                ([True, True, True, True],), ([False, False, False, False],),
                ([True, False, True, False],)]

    def reference(self, past: list[bool]) -> float:
        return weighted_score(past)


class TurnoutByAge(TableProblem):
    """Segment the file: turnout by age band."""

    id = "q3"
    name = "turnout_by_age"
    title = "Turnout by age band"
    points = 2
    check_order = True
    hints = (
        "Make the bands with `pd.cut(voters.age, bins=[17, 29, 44, 64, 95], "
        "labels=[\"18-29\", \"30-44\", \"45-64\", \"65+\"])`.",
        "Group by the band and use `.agg(voters=(\"voter_id\", \"size\"), "
        "turnout_2024=(\"voted_2024\", \"mean\"))`, then `.reset_index()`.",
    )
    mistakes = (
        Mistake(lambda voters: turnout_by_band(voters, how="sum"),
                "Your `turnout_2024` column counts voters; turnout is a share: use `\"mean\"`."),
        Mistake(lambda voters: turnout_by_band(voters).assign(
                    turnout_2024=lambda t: t.turnout_2024 * 100),
                "Your `turnout_2024` column is in percent; give proportions between 0 and 1."),
        Mistake(lambda voters: turnout_by_band(voters, column="voted_2020"),
                "Your turnout column comes from `voted_2020`; this table is about 2024."),
    )

    def expected(self, voters: Any) -> Any:
        return turnout_by_band(voters)


class EmailInterval(ValueProblem):
    """A 95% confidence interval for a difference in proportions."""

    id = "q4"
    name = "ci_95"
    title = "How sure is the e-mail result?"
    points = 3
    rel_tol = 1e-3
    hints = (
        "For each subject line compute p (share who donated) and n (recipients); "
        "`email.groupby(\"subject\").donated.agg([\"mean\", \"size\"])` gives both.",
        "SE = sqrt(p1(1−p1)/n1 + p2(1−p2)/n2); the interval is diff ± 1.96 × SE, with diff = "
        "p(\"Hey, it's us\") − p(\"Can you chip in before midnight?\").",
    )
    mistakes = (
        Mistake(lambda email: difference_interval(email, z=1.6448536269514722),
                "That interval uses z = 1.645, which gives 90% coverage; a 95% interval uses "
                "z = 1.96."),
        Mistake(lambda email: difference_interval(email, flip=True),
                "Your difference runs the other way: subtract the control (\"Can you chip in "
                "before midnight?\") from \"Hey, it's us\"."),
        Mistake(lambda email: difference_interval(email, outcome="opened"),
                "That is the interval for open rates; the question asks about donations "
                "(`donated`)."),
        Mistake(lambda email: difference_interval(email, root=False),
                "Your margin uses the variance; the standard error is its square root."),
    )

    def expected(self, email: Any) -> tuple[float, float]:
        return difference_interval(email)


class CaliforniaRules(ChoiceProblem):
    """Which use of a California voter file is allowed."""

    id = "q5"
    name = "california_answer"
    title = "What California allows"
    points = 1
    options = {
        "a": Option("A furniture store buys the file to mail catalogues to every voter.",
                    "Commercial use is not allowed: California limits voter data to election, "
                    "scholarly, journalistic, political or governmental purposes."),
        "b": Option("A university researcher uses the file to study turnout by age.",
                    "Scholarly research is one of the purposes California allows."),
        "c": Option("A campaign sends the file to a modelling firm's office in another country.",
                    "California forbids sending voter data outside the United States, even for "
                    "a campaign."),
        "d": Option("Anyone may use it for anything, because voter files are public records.",
                    "Public does not mean unrestricted: each state sets conditions on use, and "
                    "California's list of permitted purposes is short."),
    }
    answer = "b"
    hints = ("California allows election, scholarly, journalistic, political or governmental "
             "uses.",)


class ReminderPlan(ReflectionProblem):
    """Who should a campaign remind to vote?"""

    id = "q6"
    name = "reminder_plan"
    title = "Whom to remind"
    points = 1
    min_words = 40
    hints = ("Name the group you would contact, say why it is the best use of a reminder, and "
             "say who is left out by that choice.",)


PROBLEMS = [Turnout2020, TurnoutScore, TurnoutByAge, EmailInterval, CaliforniaRules,
            ReminderPlan]
