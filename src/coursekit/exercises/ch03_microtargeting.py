"""Exercises for chapter 3: Micro-targeting and Cambridge Analytica.

The lesson data: a SYNTHETIC friendship graph with 20 random "installers" of a quiz app (0.1%
of the network, calibrated so that an installer exposes about as many profiles as the FTC's
figures imply), the FTC's and Facebook's counts, the certified results of six close presidential
state races (FEC), the average persuasive effect of a political ad on vote choice reported by
Coppock, Hill & Vavreck (2020) from survey experiments, a SYNTHETIC platform audience for the
ad-delivery simulation, and the published record on Cambridge Analytica's role.
"""

from __future__ import annotations

from typing import Any

from coursekit.exercises.kinds import (
    Criterion,
    FunctionProblem,
    Mistake,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

ID = "03-microtargeting"
TITLE = "Micro-targeting and Cambridge Analytica"
VERSION = "2026.11.1"

GRAPH_SIZE = 20_000
GRAPH_SEED = 2018
GRAPH_MEAN_DEGREE = 230
GRAPH_COMMUNITY = 2_000
INSTALLERS = 20
INSTALLER_SEED = 270
PERSUASION_EFFECT = 0.007
"""Average effect of one ad on stated vote choice, Coppock, Hill & Vavreck (2020), Table 1."""
CA_COUNTS = {"ftc_users": (250_000, 270_000), "ftc_friends": (50_000_000, 65_000_000),
             "facebook_max": 87_000_000}
"""App users and friends per the FTC opinion (2019); Facebook's maximum (April 2018)."""
AUDIENCE_SEED = 2019
DELIVERY_SEED = 1
BUDGETS = (250, 1_000, 4_000, 16_000)


def load_data() -> dict[str, Any]:
    """The graph and installers, the CA counts, the close races, the persuasion effect, the
    synthetic platform audience and the statements on Cambridge Analytica's role."""
    from coursekit.data.ad_delivery import platform_users
    from coursekit.data.ca_record import ca_statements
    from coursekit.data.close_races import load_close_races
    from coursekit.data.social_graph import friendship_graph, pick_installers

    graph = friendship_graph(GRAPH_SIZE, seed=GRAPH_SEED, mean_degree=GRAPH_MEAN_DEGREE,
                             community_size=GRAPH_COMMUNITY)
    return {"graph": graph, "installers": pick_installers(graph, INSTALLERS, seed=INSTALLER_SEED),
            "ca_counts": {k: v for k, v in CA_COUNTS.items()}, "races": load_close_races(),
            "effect": PERSUASION_EFFECT, "users": platform_users(seed=AUDIENCE_SEED),
            "statements": ca_statements()}


def _exposed(friend_lists: list[list[int]], installers: list[int]) -> set[int]:
    people = set(installers)
    for person in installers:
        people.update(friend_lists[person])
    return people


class CountExposed(FunctionProblem):
    """How many distinct people an app with friend permissions can see."""

    id = "q1"
    name = "count_exposed"
    title = "Count the exposed profiles"
    points = 2
    hints = ("Each person counts once, however many installers they are friends with: think "
             "of the exposed people as one collection without repeats.",
             "Start that collection with the installers themselves, then add every friend of "
             "every installer.",
             "A Python `set` keeps each id once: `set.update(...)` adds a list of friends, and "
             "`len(...)` counts the set.")
    wrong_versions = (
        Mistake(lambda friend_lists, installers: sum(len(friend_lists[i]) for i in installers),
                "It adds up friend-list lengths, so a person who is friends with two installers "
                "is counted twice: collect the ids in a set instead."),
        Mistake(lambda friend_lists, installers: len(
            {f for i in installers for f in friend_lists[i]}),
                "It counts only the friends and leaves out the installers themselves: the app "
                "read their profiles too."),
        Mistake(lambda friend_lists, installers: len(set(installers)) + len(
            {f for i in installers for f in friend_lists[i]}),
                "It counts an installer twice when that installer is also a friend of another "
                "installer: put installers and friends into one set."),
    )

    def cases(self, graph: Any) -> list[tuple[Any, ...]]:
        toy = [[1, 2], [0, 2], [0, 1, 3], [2], []]
        head = 300  # a small piece of the lesson's graph: people 0..299 and their ties
        piece = [[int(f) for f in graph.friends(i) if f < head] for i in range(head)]
        chosen = [i for i in range(0, head, 7) if piece[i]][:12]
        return [(toy, [0]), (toy, [0, 3]), (toy, [0, 1]), (toy, [4]), (toy, []),
                (piece, chosen)]

    def reference(self, friend_lists: list[list[int]], installers: list[int]) -> int:
        return len(_exposed(friend_lists, installers))


def _per_user(ca_counts: dict[str, Any], friends: tuple[int, int],
              users: tuple[int, int]) -> list[float]:
    return [friends[0] / users[0], friends[1] / users[1]]


class FtcPerUser(ValueProblem):
    """Friends' profiles per app user, from the FTC's figures alone."""

    id = "q2"
    name = "ftc_per_user"
    title = "Profiles per app user, one source only"
    points = 2
    rel_tol = 1e-4
    hints = (
        "Use only the FTC's two ranges: friends whose data was collected, and app users. "
        "Facebook's 87 million is a different kind of count from another source.",
        "The lowest ratio divides the fewest friends by the most users; the highest divides "
        "the most friends by the fewest users.",
        "With `low, high = ca_counts[\"ftc_friends\"]` and the same for `\"ftc_users\"`, "
        "the answer is a list of two divisions, smallest first.",
    )
    mistakes = (
        Mistake(lambda ca_counts: [ca_counts["facebook_max"] / ca_counts["ftc_users"][1],
                                   ca_counts["facebook_max"] / ca_counts["ftc_users"][0]],
                "That divides Facebook's maximum by the FTC's users: two sources with different "
                "methods. Use the FTC's friend counts."),
        Mistake(lambda ca_counts: _per_user(ca_counts, ca_counts["ftc_friends"],
                                            ca_counts["ftc_users"]),
                "You paired low with low and high with high; the full range pairs the fewest "
                "friends with the most users, and the most friends with the fewest users."),
        Mistake(lambda ca_counts: [ca_counts["ftc_friends"][1] / ca_counts["ftc_users"][0],
                                   ca_counts["ftc_friends"][0] / ca_counts["ftc_users"][1]],
                "The values are right but in the wrong order: put the smallest ratio first."),
    )

    def expected(self, ca_counts: dict[str, Any]) -> list[float]:
        friends, users = ca_counts["ftc_friends"], ca_counts["ftc_users"]
        return [friends[0] / users[1], friends[1] / users[0]]


def _flip_table(races: Any, effect: float, divisor: float = 2.0) -> Any:
    table = races[["year", "state"]].copy()
    table["margin"] = races["winner_votes"] - races["runner_up_votes"]
    table["reach_needed"] = table["margin"] / (divisor * effect)
    return table


class FlipTable(TableProblem):
    """How many voters an ad with a sub-1-point effect would have to reach to flip a race."""

    id = "q3"
    name = "flip_table"
    title = "Reach needed to overturn a certified margin"
    points = 3
    rel_tol = 1e-5
    hints = ("Each voter who switches sides moves the margin by two votes, so reaching R "
             "people moves it by R × effect × 2.",
             "Set that change equal to the margin and solve for R; the margin is the winner's "
             "votes minus the runner-up's.",
             "Start from `races[[\"year\", \"state\"]].copy()`, add a `margin` column from "
             "`winner_votes` and `runner_up_votes`, then `reach_needed` = margin over "
             "`2 * effect`.")
    mistakes = (
        Mistake(lambda races, effect: _flip_table(races, effect, divisor=1.0),
                "`reach_needed` is twice too large: a voter who switches from one candidate to "
                "the other moves the margin by two votes, not one."),
        Mistake(lambda races, effect: _flip_table(races, effect * 100),
                "`reach_needed` is 100 times too small: the effect is 0.7 percentage points, "
                "which is the proportion 0.007, not 0.7."),
        Mistake(lambda races, effect: _flip_table(races, effect * 100, divisor=1.0),
                "`reach_needed` is 200 times too small: use the proportion 0.007 (not 0.7) "
                "and remember that each switch moves the margin by two votes."),
    )

    def expected(self, races: Any, effect: float) -> Any:
        return _flip_table(races, effect)


def _ledger(statements: Any, keep: Any = None, by: tuple[str, str] = ("bears_on", "direction")
            ) -> Any:
    rows = statements if keep is None else statements[keep(statements)]
    return (rows.groupby(list(by), as_index=False).size()
            .rename(columns={"size": "statements"}))


class ClaimLedger(TableProblem):
    """Sort the record on Cambridge Analytica by what it bears on and which way it points."""

    id = "q4"
    name = "ledger"
    title = "Test the claim: what does the record support?"
    points = 3
    hints = (
        "A speaker with a stake in the answer can be right, but their word is not evidence "
        "of the kind you need: leave those statements out first.",
        "Then count the remaining statements for each combination of what they bear on (use "
        "or effect) and which way they point.",
        "Filter with `statements[~statements.stake]`, then `groupby([\"bears_on\", "
        "\"direction\"], as_index=False).size()` and rename `size` to `statements`.",
    )
    mistakes = (
        Mistake(lambda statements: _ledger(statements),
                "You counted every statement; leave out those from speakers with a stake "
                "(`stake` is True) before counting."),
        Mistake(lambda statements: _ledger(statements, keep=lambda s: s.stake),
                "You kept only the speakers with a stake: keep the others (`stake` False)."),
        Mistake(lambda statements: _ledger(statements, keep=lambda s: ~s.stake,
                                           by=("kind", "direction")),
                "You grouped by `kind`; the question is what each statement bears on: group "
                "by `bears_on` and `direction`."),
    )

    def expected(self, statements: Any) -> Any:
        return _ledger(statements, keep=lambda s: ~s.stake)


class FriendsConsent(ReflectionProblem):
    """Who should have been asked."""

    id = "q5"
    name = "friends_consent"
    title = "Consent on behalf of friends"
    points = 2
    min_words = 50
    rubric = (
        Criterion("Who agreed to what", 1,
                  "Separates what the quiz takers agreed to from what their friends agreed to "
                  "(nothing), with the figures or findings of the chapter."),
        Criterion("A rule and the effects question", 1,
                  "Proposes one rule for the platform, the app or the campaign that would have "
                  "stopped the friends' data being taken, and says whether the answer would "
                  "change if the targeting had clearly worked."),
    )
    hints = ("Start from the two groups: the people who took the quiz, and their friends.",
             "Name who agreed to what, who did not, and one rule that would have changed the "
             "outcome; then answer the last question of the prompt.")


def _skew(users: Any, optimise: bool = True, party: str = "DEM", sign: int = 1) -> Any:
    import pandas as pd

    from coursekit.data.ad_delivery import deliver, party_share

    rows = []
    for budget in BUDGETS:
        dem = party_share(users, deliver(users, "DEM", budget, DELIVERY_SEED, optimise), party)
        rep = party_share(users, deliver(users, "REP", budget, DELIVERY_SEED, optimise), party)
        rows.append({"budget": budget, "dem_ad": dem, "rep_ad": rep, "gap": sign * (dem - rep)})
    return pd.DataFrame(rows)


class SkewByBudget(TableProblem):
    """How the platform's delivery skews two identically targeted ads, budget by budget."""

    id = "q6"
    name = "skew_by_budget"
    title = "The platform's skew, budget by budget"
    points = 3
    rel_tol = 1e-9
    hints = (
        "Both ads target everyone; the only thing that differs between them is the party of "
        "the ad, so any difference in who sees them comes from the platform.",
        "For each budget, deliver the Democratic ad and the Republican ad with the same seed, "
        "and measure the share of registered Democrats among the people each one reached.",
        "Loop over `[250, 1_000, 4_000, 16_000]`; `party_share(users, deliver(users, \"DEM\", "
        "budget, 1), \"DEM\")` gives one cell; collect dicts and build a DataFrame.",
    )
    mistakes = (
        Mistake(lambda users: _skew(users, optimise=False),
                "Your deliveries are random (`optimise=False`): the question is what the "
                "platform's optimiser does, so keep its default."),
        Mistake(lambda users: _skew(users, sign=-1),
                "`gap` has the wrong sign: take the Democratic ad's share minus the Republican "
                "ad's share."),
        Mistake(lambda users: _skew(users, party="REP"),
                "You measured the share of registered Republicans; the columns hold the share of "
                "registered Democrats (\"DEM\") among the people reached."),
    )

    def expected(self, users: Any) -> Any:
        return _skew(users)


class CrucialRole(ReflectionProblem):
    """The article's claim about Cambridge Analytica, assessed head-on."""

    id = "q7"
    name = "crucial_role"
    title = "Did Cambridge Analytica play a crucial role?"
    points = 3
    min_words = 80
    rubric = (
        Criterion("Separates use from effect", 1,
                  "Says what the record shows Cambridge Analytica did for the campaign and, "
                  "separately, what it shows about the effect on votes."),
        Criterion("Weighs who is speaking", 1,
                  "Treats self-reports and the testimony of interested parties (on both sides) "
                  "as claims, and names at least one finding or study without a stake."),
        Criterion("A verdict no stronger than the evidence", 1,
                  "Ends with a verdict on 'crucial role' that the cited evidence can carry, "
                  "and says what evidence would change it."),
    )
    hints = ("Use your `ledger`: which cells are empty, and what does that mean for the claim?",
             "A denial by the campaign and a boast by the firm are both claims by interested "
             "parties; say what an independent measurement would need to show.")


PROBLEMS = [CountExposed, FtcPerUser, FlipTable, ClaimLedger, FriendsConsent, SkewByBudget,
            CrucialRole]
