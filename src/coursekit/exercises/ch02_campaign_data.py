"""Exercises for chapter 2: How campaigns use data.

Data: a SYNTHETIC voter file (`coursekit.data.voters.voter_file`) and a SYNTHETIC e-mail
subject-line test (`coursekit.data.experiments.email_test`).
"""

from __future__ import annotations

import math
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

ID = "02-campaign-data"
TITLE = "How campaigns use data"
VERSION = "2026.11.1"

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
    return 100 * sum(w * bool(v) for w, v in zip(weights, past, strict=False)) / sum(weights)


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
    hints = ("Turnout is the people who voted divided by everyone who could have: here, everyone "
             "on the file.",
             "Each `voted_YYYY` column holds True or False per person; the share of True values "
             "is the answer.",
             "The mean of a boolean column is its share of True: `voters.some_column.mean()`.")
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
        "A weighted share is a weighted sum divided by the sum of the weights; here the weights "
        "grow with recency.",
        "For four elections the weights are 1, 2, 3 and 4, oldest first; True counts as 1 and "
        "False as 0; multiply the share by 100.",
        "`zip(range(1, n + 1), past)` pairs each weight with a vote, and `sum(...)` adds up a "
        "generator such as `(w * v for w, v in pairs)`.",
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
        "A segment table is a group-by: one group per age band, then a count and a share for "
        "each group.",
        "Count people with the `voter_id` column and take the mean of `voted_2024`; keep the "
        "bands in the order 18-29, 30-44, 45-64, 65+ and make the band a column, not the index.",
        "Named aggregation gives the columns their names: `.agg(voters=(\"voter_id\", "
        "\"size\"), ...)`; `observed=True` in the group-by keeps only the four bands.",
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
        "An interval for a difference needs the difference and its standard error, and both come "
        "from each group's rate and size.",
        "For each subject line take p = share who donated and n = recipients; SE = √(p₁(1−p₁)/n₁ "
        "+ p₂(1−p₂)/n₂); the interval is the difference ± 1.96 SE, with \"Hey, it's us\" first.",
        "`email.groupby(\"subject\").donated.agg([\"mean\", \"size\"])` gives p and n for both "
        "subject lines at once; `np.sqrt` takes the square root.",
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


class Overstatements(ChoiceProblem):
    """Find the rows of a summary table that claim more than their source."""

    id = "q5"
    name = "wrong_rows"
    title = "Find the overstatements"
    points = 2
    options: ClassVar[dict[str, Option]] = {
        "a": Option("A voter file shows whether each person voted, not for whom.",
                    "Row a matches its source: vote history records turnout, never the choice."),
        "b": Option("California: election, scholarly, journalistic, political or governmental "
                    "purposes only; not outside the United States.",
                    "Row b matches the California Elections Code as the chapter summarises it."),
        "c": Option("Indiana forbids any commercial use of voter data.",
                    "Row c overstates: the Indiana rule in the source covers precinct lists "
                    "given to county party chairs, who may not pass them to a commercial entity "
                    "for commercial purposes; it is not a ban on every commercial use."),
        "d": Option("At least 25 states restrict access to identifiers.",
                    "Row d matches the NCSL survey: at least 25 states restrict access to "
                    "identifiers such as Social Security numbers or birth dates."),
        "e": Option("In 13 states anyone may use the voter file for any purpose.",
                    "Row e overstates: the survey found 13 states with no codified limit on "
                    "*which information* is public; that is about access, not about every use."),
    }
    answer = frozenset({"c", "e"})
    hints = ("Read each row against what the chapter says its source found: a row can be wrong "
             "by saying more than the source, not only by saying something false.",
             "One wrong row turns a rule about one kind of list into a rule about all voter "
             "data; the other turns a finding about what is public into a finding about use.",
             "Answer with a list of two letters, e.g. `wrong_rows = [\"x\", \"y\"]`.")


class ReminderPlan(ReflectionProblem):
    """Who should a campaign remind to vote, on the evidence?"""

    id = "q6"
    name = "reminder_plan"
    title = "Whom to remind"
    points = 3
    min_words = 60
    rubric = (
        Criterion("Choice and reason", 1,
                  "Names the group to remind and the mechanism expected to work."),
        Criterion("Evidence, with its limits", 1,
                  "Uses at least one result from the score check or the experiments in the "
                  "chapter, and says what it cannot tell about this county."),
        Criterion("Who is left out", 1,
                  "Names who the choice leaves out and whether that matters."),
    )
    hints = ("Start from what the score check showed about people with high scores.",
             "Then weigh the experiments: how large are reminder effects, and for whom were "
             "they largest? Say what they cannot tell you here.",
             "Finish with who your plan leaves out, and what you would do about it.")


PROBLEMS = [Turnout2020, TurnoutScore, TurnoutByAge, EmailInterval, Overstatements,
            ReminderPlan]
