"""Exercises for chapter 1: Is using data science to influence elections cheating?

Data: the cited campaign facts (`coursekit.data.campaigns.campaign_facts`) and a SYNTHETIC
splash-page test shaped like the 2008 one (`coursekit.data.experiments.splash_page_test`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from coursekit.exercises.kinds import (
    ChoiceProblem,
    Criterion,
    Mistake,
    Option,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

ID = "01-is-it-cheating"
TITLE = "Is using data science to influence elections cheating?"
VERSION = "2026.11.3"

MONEY_COLUMNS = ["campaign", "year", "claim", "value"]
CA_USERS = "quiz-app users who gave data to Cambridge Analytica (upper FTC figure)"
CA_REACH = "Facebook users whose data may have been shared (Facebook's maximum)"
CA_FRIENDS = "friends whose profile data the app collected (upper FTC figure)"


def load_data() -> dict[str, Any]:
    """The lesson's data: ``facts`` (cited figures) and ``splash`` (a synthetic test)."""
    from coursekit.data.campaigns import campaign_facts
    from coursekit.data.experiments import splash_page_test

    return {"facts": campaign_facts(), "splash": splash_page_test()}


# -- helpers shared by expected answers and mistakes -------------------------------------------
def _money(facts: Any) -> Any:
    return facts[facts.unit == "USD"]


def _rates(splash: Any) -> Any:
    return splash.signups / splash.visitors


def _fact(facts: Any, claim: str) -> float:
    return float(facts.loc[facts.claim == claim, "value"].iloc[0])


class MoneyFacts(TableProblem):
    """Filter and sort the facts table."""

    id = "q1"
    name = "money_facts"
    title = "The money in the three campaigns"
    points = 2
    check_order = True
    hints = (
        "Three steps: keep the rows measured in dollars, keep four columns, then order the "
        "rows from the largest sum to the smallest.",
        "The unit of each figure is in the `unit` column; a list of column names inside "
        "double brackets selects columns.",
        "Filter with a boolean mask on `facts.unit`, select with `[[\"campaign\", \"year\", "
        "\"claim\", \"value\"]]`, and sort with `sort_values(..., ascending=False)`.",
    )
    mistakes = (
        Mistake(lambda facts: _money(facts)[MONEY_COLUMNS],
                "The rows and columns are right but not in order: sort by `value`, largest "
                "first (`ascending=False`)."),
        Mistake(lambda facts: _money(facts)[MONEY_COLUMNS].sort_values("value"),
                "The order is reversed: sort with `ascending=False` so the largest sum comes "
                "first."),
        Mistake(lambda facts: _money(facts).sort_values("value", ascending=False),
                "Keep only the columns campaign, year, claim and value: the unit and source "
                "columns are the same on every row you kept."),
    )

    def expected(self, facts: Any) -> Any:
        return _money(facts)[MONEY_COLUMNS].sort_values("value", ascending=False)


class SplashLift(ValueProblem):
    """Relative lift of the best splash page over the original."""

    id = "q2"
    name = "lift"
    title = "The lift of the best page"
    points = 2
    rel_tol = 1e-6
    hints = (
        "Compare rates, not counts: the pages had different numbers of visitors.",
        "Lift is the best rate divided by the original page's rate, minus one, as a "
        "proportion; the original page is the first row.",
        "Divide the `signups` column by the `visitors` column, then use `.max()` and "
        "`.iloc[0]` on the result.",
    )
    mistakes = (
        Mistake(lambda splash: _rates(splash).max() / _rates(splash).iloc[0],
                "That is the ratio of the two rates; subtract 1 to get the lift (how much "
                "MORE the best page signs up)."),
        Mistake(lambda splash: (_rates(splash).max() - _rates(splash).iloc[0]),
                "That is the difference in sign-up rates (in proportion points); the lift "
                "divides it by the original page's rate."),
        Mistake(lambda splash: 100 * (_rates(splash).max() / _rates(splash).iloc[0] - 1),
                "That is the lift as a percentage; give it as a proportion (divide by 100)."),
        Mistake(lambda splash: splash.signups.max() / splash.signups.iloc[0] - 1,
                "You compared sign-up counts, but pages had different numbers of visitors: "
                "compare rates, `signups / visitors`."),
    )

    def expected(self, splash: Any) -> float:
        rates = _rates(splash)
        return float(rates.max() / rates.iloc[0] - 1)


def _per_user(facts: Any, reach: str) -> float:
    return _fact(facts, reach) / _fact(facts, CA_USERS)


class ProfilesPerUser(ValueProblem):
    """Test the claim that each quiz taker exposed more than 300 people."""

    id = "q3"
    name = "per_user"
    title = "Test a claim: more than 300 people per quiz taker?"
    points = 2
    rel_tol = 1e-6
    hints = (
        "The claim divides a number from one source by a number from another. Compute the "
        "ratio both ways: mixed, and from one source only.",
        "The app users are on the FTC's row; the FTC also counted the friends whose data the "
        "app collected; Facebook's row is a maximum from a different method.",
        "Pick rows with `facts.claim == ...` and take `value`; build the dict "
        "`{\"mixed\": ..., \"ftc\": ...}` from the two divisions.",
    )
    mistakes = (
        Mistake(lambda facts: {"mixed": _fact(facts, CA_USERS) / _fact(facts, CA_REACH),
                               "ftc": _fact(facts, CA_USERS) / _fact(facts, CA_FRIENDS)},
                "Both divisions are upside down: put the people exposed on top and the app "
                "users underneath."),
        Mistake(lambda facts: {"mixed": _per_user(facts, CA_FRIENDS),
                               "ftc": _per_user(facts, CA_REACH)},
                "The two values are swapped: \"mixed\" uses Facebook's maximum, \"ftc\" the "
                "FTC's own count of friends."),
        Mistake(lambda facts: {"mixed": _fact(facts, CA_REACH) / 300_000,
                               "ftc": _fact(facts, CA_FRIENDS) / 300_000},
                "300,000 is a widely repeated install count that no source confirms; use the "
                "FTC's figure in `facts`."),
    )

    def expected(self, facts: Any) -> dict[str, float]:
        return {"mixed": _per_user(facts, CA_REACH), "ftc": _per_user(facts, CA_FRIENDS)}


class FindTheErrors(ChoiceProblem):
    """Rows of a summary table that misstate their source."""

    id = "q4"
    name = "table_errors"
    title = "Find the errors in a summary table"
    points = 2
    options: ClassVar[dict[str, Option]] = {
        "a": Option("The FTC found that about 250,000–270,000 people used the quiz app.",
                    "Row a is right: it is the FTC's own count."),
        "b": Option("Facebook found that the app collected 87 million profiles.",
                    "Row b misstates its source: Facebook said data of up to 87 million people "
                    "may have been shared, a maximum computed as expansively as possible, not a "
                    "count of profiles collected."),
        "c": Option("The 2008 splash-page test raised $60 million.",
                    "Row c misstates its source: $60 million is Siroker's own extrapolation of "
                    "what the sign-up lift was worth, not money counted."),
        "d": Option("The FTC's case against Cambridge Analytica turned on deceiving app users "
                    "about the data collected.",
                    "Row d is right: the FTC ruled that users were falsely told the app "
                    "collected no identifiable information."),
        "e": Option("FEC filings show the Trump campaign paid Cambridge Analytica about "
                    "$5.9 million in 2016.",
                    "Row e is right: the payments are in the campaign's FEC filings."),
        "f": Option("The FTC found that Cambridge Analytica's targeting changed votes in 2016.",
                    "Row f misstates its source: the FTC ruled on deception about data "
                    "collection and made no finding about votes."),
    }
    answer = frozenset({"b", "c", "f"})
    hints = (
        "For each row ask two questions: who is the source, and did that source measure this, "
        "estimate it, or not address it at all?",
        "Watch for maxima reported as counts, estimates reported as money counted, and "
        "findings a regulator never made.",
        "Give a list of letters, e.g. `[\"a\", \"d\"]`; more than one row is wrong.",
    )


class FirstStance(ReflectionProblem):
    """The learner's first stance, revisited in chapter 5."""

    id = "q5"
    name = "my_stance"
    title = "Your first stance"
    points = 1
    min_words = 40
    rubric = (
        Criterion("A position with a reason", 0.5,
                  "Answers yes, no or 'it depends on ...' and gives one reason tied to one of "
                  "the four kinds of rule (law, consent, honesty, fair play)."),
        Criterion("Example and evidence", 0.5,
                  "Uses one example from the chapter and names the evidence that would change "
                  "the answer."),
    )
    hints = (
        "Start with yes, no or 'it depends on ...', then give one reason.",
        "Use one example from the chapter, and say what evidence would change your mind.",
    )


PROBLEMS = [MoneyFacts, SplashLift, ProfilesPerUser, FindTheErrors, FirstStance]
