"""Exercises for chapter 4: Consent, privacy and re-identification.

The lesson data: the SYNTHETIC voter file, a SYNTHETIC "de-identified" survey drawn from it,
the quasi-identifier sets the chapter compares, and the parameters of a Laplace-noise question.
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

ID = "04-privacy"
TITLE = "Consent, privacy and re-identification"
VERSION = "2026.11.0"

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
    hints = ("`voters.duplicated(columns, keep=False)` is True for every record that shares its "
             "values with another record.",
             "The unique share is the mean of the negation: `(~...).mean()`.",
             "One row per entry of `qi_sets`: columns `quasi_identifiers` and `unique_share`.")
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
    linked = survey.merge(voters[QUASI_IDENTIFIERS + ["voter_id"]], on=QUASI_IDENTIFIERS)
    return linked.groupby("respondent_id").size()


class Reidentified(ValueProblem):
    """The linkage attack: how many survey respondents have exactly one match."""

    id = "q2"
    name = "reidentified"
    title = "The linkage attack"
    points = 2
    hints = ("Merge `survey` with `voters` on `['zip', 'birth_date', 'sex']`.",
             "Count the matches per `respondent_id` (`groupby(...).size()`), then count the "
             "respondents with exactly one.")
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
    hints = ("Group the records by the quasi-identifier columns and count each group.",
             "k is the size of the SMALLEST group: "
             "`pd.DataFrame(records).groupby(columns).size().min()`.")
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


class LaplaceTail(ValueProblem):
    """How often Laplace noise moves a count by more than a threshold."""

    id = "q4"
    name = "p_off_by_more"
    title = "How far can the noise go?"
    points = 2
    rel_tol = 1e-4
    hints = ("For Laplace noise with scale b, P(|noise| > t) = exp(-t / b).",
             "For a count, sensitivity is 1, so the scale is b = 1 / epsilon.")
    mistakes = (
        Mistake(lambda epsilon, threshold: 0.5 * math.exp(-threshold * epsilon),
                "That is one tail only (noise above +t); the noise can also fall below -t."),
        Mistake(lambda epsilon, threshold: math.exp(-threshold / epsilon),
                "That uses epsilon as the scale; the scale is 1 / epsilon, so smaller epsilon "
                "means MORE noise."),
        Mistake(lambda epsilon, threshold: 1 - math.exp(-threshold * epsilon),
                "That is the chance of staying within the threshold, not of going beyond it."),
    )

    def expected(self, epsilon: float, threshold: float) -> float:
        return math.exp(-threshold * epsilon)


class PoliticalOpinions(ChoiceProblem):
    """What the GDPR makes of a survey answer about a vote."""

    id = "q5"
    name = "gdpr_answer"
    title = "A vote in a survey, under EU law"
    points = 1
    options = {
        "a": Option("Ordinary personal data: it can be processed like an email address.",
                    "Article 9 of the GDPR puts data revealing political opinions in a special "
                    "category with stronger protection than ordinary personal data."),
        "b": Option("Special-category data revealing political opinions: processing is "
                    "prohibited unless an Article 9(2) exception applies, such as explicit "
                    "consent.",
                    "Article 9(1) prohibits it by default; 9(2) lists the exceptions, among "
                    "them explicit consent and manifestly public data."),
        "c": Option("Not personal data at all, because the names were removed.",
                    "The linkage attack re-identified most respondents: data that can be "
                    "linked back to a person is still personal data."),
        "d": Option("Free to use for targeting political ads in the EU as long as each ad "
                    "is labelled.",
                    "Regulation 2024/900 requires labels, but it also restricts targeting and "
                    "forbids profiling with special-category data such as political opinions."),
    }
    answer = "b"
    hints = ("Look at the list of special categories in Article 9(1).",)


class ReleasePlan(ReflectionProblem):
    """How the learner would share the survey."""

    id = "q6"
    name = "release_plan"
    title = "Would you publish it?"
    points = 2
    min_words = 50
    hints = ("Say what you would release (raw rows, generalised rows, noisy counts), to whom, "
             "and what it costs the researchers.",)


PROBLEMS = [Uniqueness, Reidentified, KAnonymity, LaplaceTail, PoliticalOpinions, ReleasePlan]
