"""Exercises for chapter 1: Is using data science to influence elections cheating?"""

from __future__ import annotations

from typing import Any

from coursekit.exercises.kinds import ChoiceProblem, Option, ReflectionProblem

ID = "01-is-it-cheating"
TITLE = "Is using data science to influence elections cheating?"
VERSION = "2026.11.0"


def load_data() -> dict[str, Any]:
    return {}


class VoteHistory(ChoiceProblem):
    """What a voter file's vote history records."""

    id = "q1"
    name = "vote_history_answer"
    title = "What vote history records"
    points = 1
    options = {
        "a": Option("For whom each person voted",
                    "The ballot is secret: a voter file never records a vote's content."),
        "b": Option("Whether each person voted in each election",
                    "Vote history is participation only: turned out or not."),
        "c": Option("The party each person voted for",
                    "Party registration is not a vote, and the ballot itself stays secret."),
    }
    answer = "b"
    hints = ("Think about what an election office can know without opening a ballot.",)


class FirstStance(ReflectionProblem):
    """The learner's first stance, revisited in chapter 5."""

    id = "q2"
    name = "my_stance"
    title = "Your first stance"
    points = 1
    min_words = 40
    hints = ("Say yes, no or 'it depends', then give one reason and one example.",)


PROBLEMS = [VoteHistory, FirstStance]
