"""Exercises for chapter 3: Micro-targeting and Cambridge Analytica.

The lesson data: a SYNTHETIC friendship graph with 200 random "installers" of a quiz app, the
certified results of six close presidential state races (FEC), and the average persuasive
effect of a political ad on vote choice reported by Coppock, Hill & Vavreck (2020).
"""

from __future__ import annotations

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

ID = "03-microtargeting"
TITLE = "Micro-targeting and Cambridge Analytica"
VERSION = "2026.11.0"

GRAPH_SIZE = 20_000
GRAPH_SEED = 2018
INSTALLERS = 200
INSTALLER_SEED = 270
PERSUASION_EFFECT = 0.007
"""Average effect of one ad on vote choice, Coppock, Hill & Vavreck (2020), Table 1."""


def load_data() -> dict[str, Any]:
    """The graph, the installers, the close races and the persuasion effect."""
    from coursekit.data.close_races import load_close_races
    from coursekit.data.social_graph import friendship_graph, pick_installers

    graph = friendship_graph(GRAPH_SIZE, seed=GRAPH_SEED)
    return {"graph": graph, "installers": pick_installers(graph, INSTALLERS, seed=INSTALLER_SEED),
            "races": load_close_races(), "effect": PERSUASION_EFFECT}


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
    hints = ("Start a set with the installers, then add each installer's friends to it.",
             "`len(...)` of the set is the answer: a set keeps each person once.")
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


class ProfilesPerInstaller(ValueProblem):
    """The amplification factor on the synthetic graph."""

    id = "q2"
    name = "profiles_per_installer"
    title = "Profiles per installer"
    points = 2
    rel_tol = 1e-4
    hints = ("Use `graph.exposed(installers)` (or your own `count_exposed`) for the distinct "
             "people, then divide.",
             "Divide the number of distinct exposed people by `len(installers)`.")
    mistakes = (
        Mistake(lambda graph, installers: float(len(graph.exposed(installers))),
                "That is the number of exposed profiles: divide it by the number of installers."),
        Mistake(lambda graph, installers: float(graph.degree()[installers].mean()),
                "That is the installers' mean number of friends, the naive count: it "
                "double-counts shared friends and leaves out the installers themselves."),
        Mistake(lambda graph, installers: float(graph.degree()[installers].mean() + 1),
                "That adds one (the installer) to the mean friend count, but shared friends "
                "are still counted more than once: count distinct people."),
    )

    def expected(self, graph: Any, installers: Any) -> float:
        return len(graph.exposed(installers)) / len(installers)


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
    hints = ("The margin is `winner_votes - runner_up_votes`.",
             "Each voter who switches sides moves the margin by two votes, so a reach of R "
             "moves it by `R * effect * 2`: solve for R.",
             "Keep the columns `year`, `state`, `margin`, `reach_needed`, one row per race.")
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


class WhatTheEvidenceSays(ChoiceProblem):
    """Reading the persuasion research as a debate."""

    id = "q4"
    name = "evidence_answer"
    title = "What the persuasion research supports"
    points = 1
    options = {
        "a": Option("Matz et al. (2017) showed that personality-matched political ads change "
                    "how people vote.",
                    "Matz et al. advertised consumer products and apps and measured clicks and "
                    "purchases, not votes; and Eckles, Gordon and Johnson pointed out that the "
                    "platform chose who saw each ad, which weakens the causal claim."),
        "b": Option("In US general elections, experiments find average persuasive effects of "
                    "contact and ads that are small, often indistinguishable from zero; "
                    "targeting can add something in some settings.",
                    "Kalla and Broockman's best estimate is zero, Coppock and colleagues find "
                    "under a point, and Tappin and colleagues find gains from targeting in one "
                    "issue campaign but not in every study."),
        "c": Option("Because the effects are small, collecting friends' data without their "
                    "consent did no harm.",
                    "Whether targeting works and whether the data were taken fairly are "
                    "separate questions: the FTC and the ICO acted on the data practices, "
                    "whatever their effect on votes."),
        "d": Option("The ICO concluded that Cambridge Analytica's methods were unique, "
                    "proprietary technology.",
                    "The ICO's 2020 letter described them as, in the main, well-recognised "
                    "processes using commonly available technology."),
    }
    answer = "b"
    hints = ("Separate what was measured (votes? clicks?) from what was claimed.",
             "Does a small effect make a data practice acceptable? That is a different question.")


class FriendsConsent(ReflectionProblem):
    """Who should have been asked."""

    id = "q5"
    name = "friends_consent"
    title = "Consent on behalf of friends"
    points = 2
    min_words = 50
    hints = ("Name who agreed to what, who did not, and one rule that would have changed the "
             "outcome.",)


PROBLEMS = [CountExposed, ProfilesPerInstaller, FlipTable, WhatTheEvidenceSays, FriendsConsent]
