"""Exercises for chapter 1: Is using data science to influence elections cheating?

Data: the cited campaign facts (`coursekit.data.campaigns.campaign_facts`) and a SYNTHETIC
splash-page test shaped like the 2008 one (`coursekit.data.experiments.splash_page_test`).
"""

from __future__ import annotations

from typing import Any

from coursekit.exercises.kinds import (
    ChoiceProblem, Mistake, Option, ReflectionProblem, TableProblem, ValueProblem,
)

ID = "01-is-it-cheating"
TITLE = "Is using data science to influence elections cheating?"
VERSION = "2026.11.1"

MONEY_COLUMNS = ["campaign", "year", "claim", "value"]
CA_USERS = "quiz-app users who gave data to Cambridge Analytica (upper FTC figure)"
CA_REACH = "Facebook users whose data may have been shared (Facebook's maximum)"


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
        "Keep the rows whose `unit` is \"USD\": `facts[facts.unit == \"USD\"]`.",
        "Then keep four columns with `[[...]]` and sort with "
        "`.sort_values(\"value\", ascending=False)`.",
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
        "A page's sign-up rate is `signups / visitors`; the original page is the first row.",
        "Relative lift = best rate / original rate − 1, as a proportion (0.25 means 25% more).",
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


class ProfilesPerUser(ValueProblem):
    """How far one app user's consent reached."""

    id = "q3"
    name = "profiles_per_user"
    title = "How far one quiz reached"
    points = 1
    rel_tol = 1e-6
    hints = (
        "Pick the two rows out of `facts` by their `claim`, then take `value`.",
        "Divide Facebook's maximum (87 million) by the FTC's upper count of app users.",
    )
    mistakes = (
        Mistake(lambda facts: _fact(facts, CA_USERS) / _fact(facts, CA_REACH),
                "The division is upside down: put the people reached on top and the app users "
                "underneath."),
        Mistake(lambda facts: _fact(facts, CA_REACH) / 250_000,
                "You used the FTC's lower figure (250,000); this exercise asks for the upper "
                "one in `facts`, 270,000."),
        Mistake(lambda facts: _fact(facts, CA_REACH) / 300_000,
                "300,000 is a widely repeated install count that no source confirms; use the "
                "FTC's figure in `facts`."),
    )

    def expected(self, facts: Any) -> float:
        return _fact(facts, CA_REACH) / _fact(facts, CA_USERS)


class WhatFtcFound(ChoiceProblem):
    """What the regulator actually held against Cambridge Analytica."""

    id = "q4"
    name = "ftc_answer"
    title = "What the FTC found"
    points = 1
    options = {
        "a": Option("It targeted ads at voters by personality type.",
                    "Psychographic targeting was not the FTC's finding, and whether the Trump "
                    "campaign used it at all is disputed."),
        "b": Option("It told app users that the app collected no personally identifiable "
                    "information, which was false.",
                    "Right: the case turned on deception about collecting data, not on "
                    "targeting as such."),
        "c": Option("It bought and used voter registration lists.",
                    "Buying voter files for political use is lawful in most states and every "
                    "campaign does it; it was not the FTC's finding."),
        "d": Option("It ran A/B tests on campaign advertisements.",
                    "Testing ads is routine practice (Obama's team did it in 2008); it was not "
                    "the FTC's finding."),
    }
    answer = "b"
    hints = ("The FTC enforces laws against deceptive practices: what did users hear, and was it "
             "true?",)


class FirstStance(ReflectionProblem):
    """The learner's first stance, revisited in chapter 5."""

    id = "q5"
    name = "my_stance"
    title = "Your first stance"
    points = 1
    min_words = 40
    hints = (
        "Start with yes, no or 'it depends on ...', then give one reason.",
        "Use one example from the chapter, and say what evidence would change your mind.",
    )


PROBLEMS = [MoneyFacts, SplashLift, ProfilesPerUser, WhatFtcFound, FirstStance]
