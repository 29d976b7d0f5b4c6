"""Exercises for chapter 4: Consent, privacy and re-identification.

The lesson data: the SYNTHETIC voter file, a SYNTHETIC "de-identified" survey drawn from it,
the quasi-identifier sets the chapter compares, and the parameters of a Laplace-noise question.
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

ID = "04-privacy"
TITLE = "Consent, privacy and re-identification"
VERSION = "2026.11.1"

SURVEY_SIZE = 500
SURVEY_SEED = 4
QUASI_IDENTIFIERS = ["zip", "birth_date", "sex"]
QI_SETS = {
    "ZIP + birth date + sex": ["zip", "birth_date", "sex"],
    "birth date + sex": ["birth_date", "sex"],
    "ZIP + age + sex": ["zip", "age", "sex"],
    "ZIP + sex": ["zip", "sex"],
}
EPSILON = 0.5
THRESHOLD = 5


def load_data() -> dict[str, Any]:
    """Voters, survey, the quasi-identifier sets and the Laplace question's parameters."""
    from coursekit.data.survey import survey_responses
    from coursekit.data.voters import voter_file

    voters = voter_file()
    return {"voters": voters, "survey": survey_responses(voters, SURVEY_SIZE, seed=SURVEY_SEED),
            "qi_sets": QI_SETS, "epsilon": EPSILON, "threshold": THRESHOLD}


def _uniqueness(voters: Any, qi_sets: dict[str, list[str]], how: str = "share") -> Any:
    import pandas as pd

    rows = []
    for name, columns in qi_sets.items():
        if how == "first":
            unique = ~voters.duplicated(columns)
        else:
            unique = ~voters.duplicated(columns, keep=False)
        value = {"share": unique.mean(), "first": unique.mean(), "count": unique.sum(),
                 "shared": 1 - unique.mean()}[how]
        rows.append({"quasi_identifiers": name, "unique_share": float(value)})
    return pd.DataFrame(rows)


class Uniqueness(TableProblem):
    """How identifying each combination of quasi-identifiers is in the voter file."""

    id = "q1"
    name = "uniqueness"
    title = "Who is unique?"
    points = 2
    hints = ("A voter is unique on some columns when no other voter has the same values in all "
             "of them; the share is the unique voters over all voters.",
             "Loop over `qi_sets`: for each combination mark every voter whose values are shared "
             "with someone else (all copies, not only the second), and take the share of the "
             "others.",
             "`voters.duplicated(columns, keep=False)` marks every shared record; `~` negates it "
             "and `.mean()` gives the share; collect one dict per combination in a list.")
    mistakes = (
        Mistake(lambda voters, qi_sets: _uniqueness(voters, qi_sets, "first"),
                "`unique_share` is too high: `duplicated()` without `keep=False` treats the "
                "first member of each shared group as unique."),
        Mistake(lambda voters, qi_sets: _uniqueness(voters, qi_sets, "count"),
                "`unique_share` holds counts of people, not shares: divide by the number of "
                "voters (or take the mean)."),
        Mistake(lambda voters, qi_sets: _uniqueness(voters, qi_sets, "shared"),
                "`unique_share` is the share of people who share their values with someone, "
                "the opposite of what was asked."),
    )

    def expected(self, voters: Any, qi_sets: dict[str, list[str]]) -> Any:
        return _uniqueness(voters, qi_sets)


def _match_counts(voters: Any, survey: Any) -> Any:
    linked = survey.merge(voters[[*QUASI_IDENTIFIERS, "voter_id"]], on=QUASI_IDENTIFIERS)
    return linked.groupby("respondent_id").size()


class Reidentified(ValueProblem):
    """The linkage attack: how many survey respondents have exactly one match."""

    id = "q2"
    name = "reidentified"
    title = "The linkage attack"
    points = 2
    hints = ("The attack joins the two tables on the three quasi-identifiers; a respondent is "
             "named only when exactly one voter matches.",
             "After the join, count the matching voters for each `respondent_id`, then count the "
             "respondents whose count is one.",
             "`survey.merge(voters, on=[...])` joins; `.groupby(\"respondent_id\").size()` "
             "counts matches per respondent.")
    mistakes = (
        Mistake(lambda voters, survey: int(_match_counts(voters, survey).sum()),
                "That is the number of rows of the merge: a respondent who matches two voters "
                "appears twice. Count respondents with exactly one match."),
        Mistake(lambda voters, survey: int(_match_counts(voters, survey).size),
                "That counts respondents with at least one match; with two or more candidates "
                "you cannot tell which one is the respondent. Keep only exactly one."),
        Mistake(lambda voters, survey: float((_match_counts(voters, survey) == 1).sum()
                                             / len(survey)),
                "That is a share of the survey; give the number of respondents."),
    )

    def expected(self, voters: Any, survey: Any) -> int:
        return int((_match_counts(voters, survey) == 1).sum())


def _groups(records: list[dict[str, Any]], columns: list[str]) -> list[int]:
    counts: dict[tuple[Any, ...], int] = {}
    for record in records:
        key = tuple(record[c] for c in columns)
        counts[key] = counts.get(key, 0) + 1
    return list(counts.values())


class KAnonymity(FunctionProblem):
    """The k of a release: the size of its smallest group of look-alike records."""

    id = "q3"
    name = "k_anonymity"
    title = "Measure k"
    points = 2
    hints = ("Records that agree on every column in `columns` form a group; k is a statement "
             "about the group that protects its members least.",
             "Count the records in each group; k is the size of the SMALLEST group, not the "
             "number of groups.",
             "A `dict` keyed by `tuple(record[c] for c in columns)` counts the groups; `min()` of "
             "its values is k.")
    wrong_versions = (
        Mistake(lambda records, columns: len(_groups(records, columns)),
                "It returns the number of groups; k is the size of the smallest group."),
        Mistake(lambda records, columns: max(_groups(records, columns)),
                "It returns the largest group; k is guaranteed only by the smallest one."),
        Mistake(lambda records, columns: sum(1 for g in _groups(records, columns) if g == 1),
                "It counts the unique records; k is the size of the smallest group."),
    )

    def cases(self, voters: Any) -> list[tuple[Any, ...]]:
        toy = [{"zip": "001**", "band": "30-39", "sex": "F"},
               {"zip": "001**", "band": "30-39", "sex": "F"},
               {"zip": "001**", "band": "30-39", "sex": "F"},
               {"zip": "001**", "band": "40-49", "sex": "M"},
               {"zip": "001**", "band": "40-49", "sex": "M"},
               {"zip": "002**", "band": "40-49", "sex": "M"}]
        sample = [{"zip": str(r.zip), "age": int(r.age), "sex": str(r.sex)}
                  for r in voters.head(300).itertuples()]
        return [(toy, ["zip", "band", "sex"]), (toy, ["band"]), (toy, ["sex"]),
                (toy, ["zip"]), (sample, ["zip", "sex"]), (sample, ["sex"])]

    def reference(self, records: list[dict[str, Any]], columns: list[str]) -> int:
        return min(_groups(records, columns))


RISK = 0.05
"""The clerk's accepted chance that a released count misses by more than the threshold."""


class EpsilonNeeded(ValueProblem):
    """The smallest ε that keeps a Laplace-noised count within a threshold 95% of the time."""

    id = "q4"
    name = "epsilon_needed"
    title = "How much privacy can a clerk afford?"
    points = 2
    rel_tol = 1e-3
    hints = ("Start from the tail probability in the text and ask which ε makes it exactly equal "
             "to the risk the clerk accepts; a larger ε only makes the miss rarer.",
             "The clerk accepts a 5% chance of missing by more than t: set e^(−tε) = 0.05 and "
             "solve for ε by taking the natural logarithm of both sides.",
             "`math.log(x)` is the natural logarithm, and `math.log(1 / x) == -math.log(x)`.")
    mistakes = (
        Mistake(lambda threshold: math.log(1 / (2 * RISK)) / threshold,
                "That solves for one tail only (noise above +t); the clerk cares about misses in "
                "both directions, so set the two-sided probability e^(−tε) to 0.05."),
        Mistake(lambda threshold: threshold / math.log(1 / RISK),
                "That is the noise scale b = 1/ε at the answer, not ε itself: invert it."),
        Mistake(lambda threshold: math.log(1 / (1 - RISK)) / threshold,
                "That allows a 95% chance of missing: the clerk wants the miss to happen at "
                "most 5% of the time."),
        Mistake(lambda threshold: math.log(1 / RISK) * threshold,
                "You multiplied by the threshold; solving e^(−tε) = 0.05 gives ε = ln(20) / t."),
    )

    def expected(self, threshold: float) -> float:
        return math.log(1 / RISK) / threshold


class GdprScope(ChoiceProblem):
    """Where the GDPR's territorial scope reaches a survey of US residents."""

    id = "q5"
    name = "gdpr_applies"
    title = "Does the GDPR reach this survey?"
    points = 2
    options: ClassVar[dict[str, Option]] = {
        "a": Option("An Ohio firm with no EU office surveys Ohio residents online.",
                    "Not a: the firm has no EU establishment (Article 3(1)), and its respondents "
                    "are not in the Union (Article 3(2))."),
        "b": Option("The same survey run from the firm's Dublin office.",
                    "b applies: processing in the context of an EU establishment is covered by "
                    "Article 3(1), wherever the respondents are."),
        "c": Option("A US firm with no EU establishment surveys Ohio residents who are also EU "
                    "citizens.",
                    "Not c: the GDPR does not turn on citizenship; these respondents are not in "
                    "the Union and the firm has no establishment there."),
        "d": Option("A German university analyses the Ohio rows in Germany.",
                    "d applies: the university is established in the EU and processes the data "
                    "there (Article 3(1)), although every respondent lives in Ohio."),
    }
    answer = frozenset({"b", "d"})
    hints = ("The GDPR has two gates: where the organisation is established, and where the "
             "people are when they are targeted. Citizenship is neither.",
             "Article 3(1) covers any processing in the context of an EU establishment; Article "
             "3(2) covers non-EU organisations only for people who are in the Union.",
             "Answer with a list of letters, e.g. `gdpr_applies = [\"x\", \"y\"]`.")


class ReleasePlan(ReflectionProblem):
    """How the learner would share the survey."""

    id = "q6"
    name = "release_plan"
    title = "Would you publish it?"
    points = 2
    min_words = 50
    rubric = (
        Criterion("What, to whom, on what terms", 1,
                  "Names the form of release, the recipients and the agreement or safeguard "
                  "that binds them."),
        Criterion("The cost, with a number", 1,
                  "Says what the researchers lose and supports it with at least one figure "
                  "computed in the chapter."),
    )
    hints = ("Decide first what the researchers need: individual rows, or counts?",
             "Then match the protection to the release: raw rows, generalised rows or noisy "
             "counts, each with a different audience and agreement.",
             "Close with the cost: which analysis can no longer be done, with a number from the "
             "chapter (for instance from the level table).")


PROBLEMS = [Uniqueness, Reidentified, KAnonymity, EpsilonNeeded, GdprScope, ReleasePlan]
