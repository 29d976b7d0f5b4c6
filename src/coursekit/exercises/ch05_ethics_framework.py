"""Exercises for chapter 5: Ethical or manipulative? A checklist for campaign data."""

from __future__ import annotations

from typing import Any

from coursekit.exercises.kinds import (
    ChoiceProblem,
    FunctionProblem,
    Mistake,
    Option,
    ReflectionProblem,
    TableProblem,
)

ID = "05-ethics-framework"
TITLE = "Ethical or manipulative? A checklist for campaign data"
VERSION = "2026.11.0"


def load_data() -> dict[str, Any]:
    """The checklist and the course's worked assessments of three cases."""
    from coursekit.data import ethics_checklist

    return {"checklist": ethics_checklist.checklist(),
            "assessments": ethics_checklist.assessments()}


# -- q1: scoring the cases ------------------------------------------------------------------------

def _criterion_scores(checklist: Any, assessments: Any, scores: dict[str, float],
                      how: str = "mean") -> Any:
    """Per (case, criterion) aggregate of the item scores, with answers mapped by `scores`."""
    scored = assessments.assign(score=assessments.answer.map(scores)).merge(
        checklist[["item_id", "criterion"]], on="item_id")
    return scored.groupby(["case", "criterion"], as_index=False)["score"].agg(how)


class CriterionScores(TableProblem):
    """Mean item score per case and criterion."""

    id = "q1"
    name = "criterion_scores"
    title = "Score the cases, criterion by criterion"
    points = 3
    hints = (
        "Turn each answer into a number first: `assessments.answer.map({...})`.",
        "The criterion of an item is in `checklist`: merge on `item_id`.",
        "Group by `case` and `criterion`, take the mean of the scores, and keep the groups as "
        "columns (`as_index=False` or `.reset_index()`).",
    )
    mistakes = (
        Mistake(lambda checklist, assessments: _criterion_scores(
            checklist, assessments, {"yes": 1.0, "partly": 0.0, "no": 0.0}),
            "Your scores treat \"partly\" as 0: count it as half of a \"yes\" (0.5)."),
        Mistake(lambda checklist, assessments: _criterion_scores(
            checklist, assessments, {"yes": 1.0, "partly": 1.0, "no": 0.0}),
            "Your scores treat \"partly\" as a full \"yes\": count it as 0.5."),
        Mistake(lambda checklist, assessments: _criterion_scores(
            checklist, assessments, {"yes": 1.0, "partly": 0.5, "no": 0.0}, how="sum"),
            "Those are totals per criterion; take the mean so that a score runs from 0 to 1."),
    )

    def expected(self, checklist: Any, assessments: Any) -> Any:
        from coursekit.data.ethics_checklist import ANSWER_SCORES

        return _criterion_scores(checklist, assessments, ANSWER_SCORES)


# -- q2: which criterion ---------------------------------------------------------------------------

class ViolatedCriterion(ChoiceProblem):
    """Which criterion an unsigned get-out-the-vote text breaks."""

    id = "q2"
    name = "violated_criterion"
    title = "Which criterion does it break?"
    points = 1
    options = {
        "a": Option("How the data is obtained",
                    "The voter file comes from the election office under the state's rules: "
                    "the source is sound."),
        "b": Option("How the data is used",
                    "Reminding registered voters to vote is the use the file is released for."),
        "c": Option("Consent",
                    "Contact from a public voter file never rested on individual consent, in "
                    "this campaign or any other; that is not what changed here."),
        "d": Option("Transparency",
                    "Unsigned texts from a number that cannot be traced hide who is speaking: "
                    "item T2 fails, and people cannot find out who used their data (T1)."),
    }
    answer = "d"
    hints = ("Go through the six criteria one by one: which question gets a clear \"no\"?",
             "Ask what a recipient can know about the sender.")


# -- q3: a rule from attributes ----------------------------------------------------------------------

PRACTICES: tuple[dict[str, Any], ...] = (
    {"source": "public_record", "consent": False, "transparent": True, "deceptive": False,
     "purpose": "mobilise"},
    {"source": "from_person", "consent": True, "transparent": True, "deceptive": False,
     "purpose": "persuade"},
    {"source": "third_party", "consent": False, "transparent": False, "deceptive": False,
     "purpose": "persuade"},
    {"source": "from_person", "consent": True, "transparent": True, "deceptive": True,
     "purpose": "inform"},
    {"source": "public_record", "consent": False, "transparent": True, "deceptive": False,
     "purpose": "suppress"},
    {"source": "third_party", "consent": False, "transparent": True, "deceptive": False,
     "purpose": "mobilise"},
    {"source": "from_person", "consent": False, "transparent": False, "deceptive": False,
     "purpose": "inform"},
    {"source": "third_party", "consent": True, "transparent": True, "deceptive": False,
     "purpose": "persuade"},
)
"""Described practices the learner's classifier is called on (plain dicts)."""


def classify(practice: dict[str, Any]) -> str:
    """The chapter's rule, in the order the prose states it."""
    if practice["deceptive"] or practice["purpose"] == "suppress":
        return "manipulative"
    if (practice["source"] == "third_party" and not practice["consent"]
            and not practice["transparent"]):
        return "manipulative"
    if practice["transparent"] and (practice["consent"] or practice["source"] == "public_record"):
        return "acceptable"
    return "questionable"


def _acceptable_first(practice: dict[str, Any]) -> str:
    if practice["transparent"] and (practice["consent"] or practice["source"] == "public_record"):
        return "acceptable"
    if practice["deceptive"] or practice["purpose"] == "suppress":
        return "manipulative"
    if (practice["source"] == "third_party" and not practice["consent"]
            and not practice["transparent"]):
        return "manipulative"
    return "questionable"


def _consent_always(practice: dict[str, Any]) -> str:
    return classify({**practice, "source": "from_person"}
                    if practice["source"] == "public_record" else practice)


def _ignores_suppression(practice: dict[str, Any]) -> str:
    return classify({**practice, "purpose": "mobilise"})


class ClassifyPractice(FunctionProblem):
    """A classifier that applies the chapter's stated rules to a described practice."""

    id = "q3"
    name = "classify_practice"
    title = "From checklist to rule"
    points = 3
    hints = (
        "Write the four rules as `if` statements in the order the text gives them, each "
        "ending in `return`.",
        "Rule 3 has two ways to pass: consent, or a public record.",
        "A deceptive practice is manipulative even when it is transparent and consented to: "
        "test rule 1 first.",
    )
    wrong_versions = (
        Mistake(_acceptable_first,
                "Your function checks \"acceptable\" before the manipulation rules: a deceptive "
                "or suppressive practice must be caught first, whatever else is true of it."),
        Mistake(_consent_always,
                "Your function asks for consent even for a public record: rule 3 accepts a "
                "transparent use of a public record without individual consent."),
        Mistake(_ignores_suppression,
                "Your function misses the purpose \"suppress\": discouraging people from voting "
                "is manipulative under rule 1."),
    )

    def cases(self) -> list[tuple[Any, ...]]:
        return [(dict(p),) for p in PRACTICES]

    def reference(self, practice: dict[str, Any]) -> str:
        return classify(practice)


# -- q4, q5: reflections ------------------------------------------------------------------------------

class MentorQuestions(ReflectionProblem):
    """One ethics question for a mentor, with the answers that would reassure or worry you."""

    id = "q4"
    name = "mentor_reflection"
    title = "A question for a data-science mentor"
    points = 2
    min_words = 60
    hints = (
        "Use the three headings in the prompt: the question, a reassuring answer, a worrying "
        "answer.",
        "Name at least one checklist item (e.g. C1 or T2) in each answer.",
    )


class StanceRevisited(ReflectionProblem):
    """The learner's chapter-1 stance, revisited with reasons."""

    id = "q5"
    name = "my_stance_revisited"
    title = "Your stance, revisited"
    points = 2
    min_words = 60
    hints = (
        "Start from what you wrote in chapter 1 (`my_stance`): keep it, change it, or "
        "narrow it.",
        "Give two reasons, each tied to a criterion, and one case that tests your line.",
    )


PROBLEMS = [CriterionScores, ViolatedCriterion, ClassifyPractice, MentorQuestions,
            StanceRevisited]
