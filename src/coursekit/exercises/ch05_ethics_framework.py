"""Exercises for chapter 5: Persuade, mobilise, demobilise, manipulate? Judging campaign data.

Data: the chapter-5 checklist and its worked assessments (`coursekit.data.ethics_checklist`).
The assessment rule (`ethics_checklist.verdict`) and the classified cases
(`coursekit.data.influence_cases`) are imported by the learner; the answer keys for the
classification exercise live here, on the grader's side, as described practices.
"""

from __future__ import annotations

from typing import Any

from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import (
    Criterion,
    Mistake,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

ID = "05-ethics-framework"
TITLE = "Persuade, mobilise, demobilise, manipulate? Judging campaign data"
VERSION = "2026.11.2"


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
        "Three steps: turn each answer into a number, attach each item's criterion, then "
        "average within each case and criterion.",
        "The answers are in `assessments`; which criterion an item belongs to is in "
        "`checklist`, and both tables share the column `item_id`.",
        "Use `Series.map` with a dict of scores, `DataFrame.merge(..., on=\"item_id\")`, then "
        "`groupby([\"case\", \"criterion\"], as_index=False)` and `.mean()`.",
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


# -- q2: which checklist items an unsigned text fails ---------------------------------------------

UNSIGNED_TEXT_FAILS = ("C1", "C2", "T1", "T2")
"""The items an unsigned, untraceable reminder from the voter file answers "no" (the answer key):
nobody agreed (C1, as for the signed drive), nobody can ask it to stop (C2), nobody can find out
who used their data (T1) or see who is speaking (T2)."""

EITHER_WAY = frozenset({"T1"})
"""Items a careful learner may answer either way: where a state discloses who bought its voter
file, a recipient could in principle trace the campaign, so T1 is "no" or "partly"."""


def _collection(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))


class FailedItems(ValueProblem):
    """The checklist items an unsigned get-out-the-vote text from a voter file fails."""

    id = "q2"
    name = "failed_items"
    title = "Which checklist items does it fail?"
    points = 2
    ordered = False
    hints = (
        "Answer the twelve questions of the checklist for this practice one at a time, as the "
        "course answered them for the signed voter-file drive.",
        "The signed drive fails one item. Its legitimacy rested on two things this practice "
        "takes away: ask what a recipient can learn about the sender, and what they can do to "
        "stop the texts.",
        "Give a list of item ids, such as `[\"S1\", \"H2\"]`, with every item you would answer "
        "\"no\".",
    )
    mistakes = (
        Mistake(lambda: ["T1", "T2"],
                "Transparency fails, yes, but it is not the only criterion: read the consent "
                "items again for someone who wants the texts to stop."),
        Mistake(lambda: ["C2", "T1", "T2"],
                "You left out an item that even the signed drive on the same file fails: no "
                "one on a voter file agreed to be contacted."),
        Mistake(lambda: ["C1", "T1", "T2"],
                "Read C2 again: a number that accepts no replies leaves a recipient no way to "
                "ask to stop."),
        Mistake(lambda: [*UNSIGNED_TEXT_FAILS, "H1"],
                "H1 asks about deception, intimidation or discouraging people from voting; a "
                "true reminder to vote does none of these, and hiding the sender is already "
                "counted under transparency."),
        Mistake(lambda: [*UNSIGNED_TEXT_FAILS, "S1", "S2"],
                "The source items pass: the file is a public record, bought openly under the "
                "state's rules."),
    )

    def expected(self) -> list[str]:
        return list(UNSIGNED_TEXT_FAILS)

    def compare(self, actual: Any, expected: Any) -> str | None:
        """None when `actual` lists the same failing items (T1 either way); otherwise how many
        items are missing or extra, without naming them."""
        if not _collection(actual):
            return super().compare(actual, expected)
        mine = {a for a in actual if a not in EITHER_WAY}
        key = {e for e in expected if e not in EITHER_WAY}
        if super().compare(sorted(mine, key=str), sorted(key)) is None:
            return None
        gaps = [f"leaves out {len(key - mine)} item(s) that this practice fails"] \
            if key - mine else []
        gaps += [f"lists {len(mine - key)} item(s) that it passes"] if mine - key else []
        if gaps:
            return f"`{self.name}` " + " and ".join(gaps) + "."
        return super().compare(list(actual), expected)


# -- q3: testing the article's claim with the rule ---------------------------------------------

ARTICLE_PRACTICE: dict[str, Any] = {
    "source": "public_record", "consent": False, "hidden_sponsor": False, "deceptive": False,
    "exploits_vulnerability": False, "public_view": False}
"""The article's example without its aim: signed messages to people picked from the public
voter file, sent to them alone (not published)."""


def _claim_verdicts(rule: Any, how: str = "verdict") -> dict[str, str]:
    out = {}
    for aim in ("mobilise", "persuade", "demobilise"):
        ruled = rule({**ARTICLE_PRACTICE, "aim": aim})
        out[aim] = getattr(ruled, how)
    return out


def _rule() -> Any:
    from coursekit.data.ethics_checklist import verdict

    return verdict


class ClaimVerdicts(ValueProblem):
    """The article's 'generally ethical' practice, put through the rule once per aim."""

    id = "q3"
    name = "claim_verdicts"
    title = "Is voter-file targeting \"generally considered ethical\"?"
    points = 2
    hints = (
        "The article's sentence names the data but not the aim: try the same practice with "
        "each of the three aims.",
        "Describe the practice once as a dict with every key of `PRACTICE_KEYS`, then change "
        "only `aim`.",
        "For each aim, `ethics_checklist.verdict({**practice, \"aim\": aim}).verdict` is the "
        "value to store.",
    )
    mistakes = (
        Mistake(lambda: _claim_verdicts(_rule(), how="step"),
                "Those are the rule's steps; store the `.verdict` of each result."),
        Mistake(lambda: {a: v for a, v in _claim_verdicts(
            lambda p: _rule()({**p, "public_view": True})).items()},
                "Your practice is published (`public_view` True); the article's messages go "
                "only to the people picked from the file."),
        Mistake(lambda: _claim_verdicts(lambda p: _rule()({**p, "source": "third_party"})),
                "A voter file is a public record, not third-party data: set `source` to "
                "\"public_record\"."),
    )

    def expected(self) -> dict[str, str]:
        return _claim_verdicts(_rule())


# -- q4: classify new cases ----------------------------------------------------------------------

def _p(aim: str, source: str, **signs: bool) -> dict[str, Any]:
    base = {"aim": aim, "source": source, "consent": source == "from_person",
            "hidden_sponsor": False, "deceptive": False, "exploits_vulnerability": False,
            "public_view": False}
    return {**base, **signs}


VIGNETTES: dict[str, dict[str, Any]] = {
    "v1": _p("mobilise", "from_person"),
    "v2": _p("persuade", "public_record", public_view=True),
    "v3": _p("demobilise", "public_record"),
    "v4": _p("demobilise", "third_party", hidden_sponsor=True, deceptive=True),
    "v5": _p("persuade", "from_person"),
    "v6": _p("persuade", "from_person", exploits_vulnerability=True),
}
"""The six vignettes of the prompt, as the course reads them (the answer key)."""


def _labels(**changes: str) -> dict[str, str]:
    from coursekit.data.influence_cases import label

    return {**{k: label(p) for k, p in VIGNETTES.items()}, **changes}


class CaseLabels(ValueProblem):
    """Place six new cases in the course's four-way framework."""

    id = "q4"
    name = "case_labels"
    title = "Classify six new cases"
    points = 3
    hints = (
        "Ask two questions of each case, in order: is anything hidden, false or aimed at a "
        "weakness? If not, what does the message ask its audience to do?",
        "A negative message can still be persuasion: it gives reasons about a candidate. "
        "Demobilisation asks people not to vote at all.",
        "A \"paid for by\" label does not cancel manipulation: check every sign in "
        "`MANIPULATION_SIGNS`, not only the hidden sponsor.",
    )
    mistakes = (
        Mistake(lambda: _labels(v4="demobilisation", v6="persuasion"),
                "You classified by aim alone: manipulation is a manner that overrides the aim, "
                "so v4 and v6 are manipulation whatever they ask for."),
        Mistake(lambda: _labels(v2="demobilisation"),
                "v2 attacks a candidate's record, which gives voters reasons about whom to vote "
                "for: that is persuasion, not demobilisation."),
        Mistake(lambda: _labels(v6="persuasion"),
                "v6 is signed, but it picks people for their anxiety: exploiting a weakness is "
                "a sign of manipulation even when the sponsor is visible."),
    )

    def expected(self) -> dict[str, str]:
        return _labels()


class LabelDefence(ReflectionProblem):
    """Defend the hardest classification."""

    id = "q5"
    name = "label_defence"
    title = "Defend your hardest call"
    points = 2
    min_words = 60
    rubric = (
        Criterion("Uses a definition", 1,
                  "Applies one of the chapter's published definitions of manipulation (or the "
                  "course's aims) by name to the case, not a general impression."),
        Criterion("Weighs the other reading", 1,
                  "States the strongest case for a different label and says what fact about "
                  "the case, if it were different, would change the answer."),
    )
    hints = (
        "Pick the vignette (or one of the chapter's cases) where you hesitated most.",
        "Name the definition you apply, then argue the other side at its strongest.",
    )


# -- q6, q7: a case the rule gets wrong ----------------------------------------------------------

class Counterexample(ValueProblem):
    """A practice on which the learner disagrees with the rule, with the rule's verdict shown."""

    id = "q6"
    name = "counterexample"
    title = "Find a case the rule gets wrong"
    points = 2
    hints = (
        "Look for something the rule's seven keys cannot describe: pressure, selection, "
        "timing, or an effect that differs from the aim.",
        "Describe your practice, run the rule on it, and write down the verdict you think is "
        "right instead.",
        "Store a dict: `{\"practice\": practice, \"rule_says\": "
        "ethics_checklist.verdict(practice).verdict, \"should_be\": \"...\"}`.",
    )

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        from coursekit.data.ethics_checklist import VERDICTS, verdict

        if not isinstance(value, dict) or set(value) != {"practice", "rule_says", "should_be"}:
            return Status.INCORRECT, (f"`{self.name}` should be a dict with the keys "
                                      "\"practice\", \"rule_says\" and \"should_be\".")
        try:
            ruled = verdict(value["practice"]).verdict
        except (KeyError, ValueError, TypeError) as exc:
            return Status.INCORRECT, f"The rule cannot read your practice: {exc}."
        if value["rule_says"] != ruled:
            return Status.INCORRECT, (f"The rule says {ruled!r} for your practice, not "
                                      f"{value['rule_says']!r}: run `verdict` on it again.")
        if value["should_be"] not in VERDICTS:
            return Status.INCORRECT, (f"\"should_be\" must be one of {', '.join(VERDICTS)}, "
                                      f"not {value['should_be']!r}.")
        if value["should_be"] == ruled:
            return Status.INCORRECT, ("Your verdict agrees with the rule, so this is not a case "
                                      "it gets wrong: change the practice or your verdict.")
        return Status.CORRECT, (f"The rule says {ruled!r}; you say {value['should_be']!r}. "
                                "Now argue it in the next exercise.")


class CounterexampleWhy(ReflectionProblem):
    """Why the rule is wrong on the learner's case, and how to mend it."""

    id = "q7"
    name = "counterexample_why"
    title = "Why the rule fails, and a repair"
    points = 2
    min_words = 60
    rubric = (
        Criterion("Locates the failure", 1,
                  "Names the attribute, standard or missing attribute of the rule that "
                  "produces the wrong verdict on the case."),
        Criterion("Proposes a testable repair", 1,
                  "Proposes a change to the rule and checks it against at least one other "
                  "case of the chapter, saying whether that verdict changes too."),
    )
    hints = (
        "Say which step of the rule decided your case, and what it could not see.",
        "A repair that fixes your case but breaks another is not yet a repair: test it on a "
        "case from `influence_cases.CASES`.",
    )


# -- q8, q9: reflections ------------------------------------------------------------------------

class MentorQuestions(ReflectionProblem):
    """One ethics question for a mentor, with the answers that would reassure or worry you."""

    id = "q8"
    name = "mentor_reflection"
    title = "A question for a data-science mentor"
    points = 2
    min_words = 60
    rubric = (
        Criterion("A question that can be judged", 1,
                  "Asks about a practice (data, aim or message), not an opinion, so that the "
                  "answer can be checked against the chapter's framework."),
        Criterion("Answers tied to the framework", 1,
                  "The reassuring and the worrying answer each name a checklist item or an "
                  "aim's standard and say why."),
    )
    hints = (
        "Use the three headings in the prompt: the question, a reassuring answer, a worrying "
        "answer.",
        "Name at least one checklist item (e.g. C1 or T2) or one aim's standard in each answer.",
    )


class StanceRevisited(ReflectionProblem):
    """The learner's chapter-1 stance, revisited with reasons."""

    id = "q9"
    name = "my_stance_revisited"
    title = "Your stance, revisited"
    points = 2
    min_words = 60
    rubric = (
        Criterion("Position and change", 0.5,
                  "Says whether the chapter-1 stance is kept, changed or narrowed."),
        Criterion("Two reasons from the chapter", 1,
                  "Gives two reasons, each tied to a criterion, an aim or a definition of "
                  "manipulation, and to a cited source or case."),
        Criterion("A test case", 0.5,
                  "Names one case that sits on the line and says which side of it falls."),
    )
    hints = (
        "Start from what you wrote in chapter 1 (`my_stance`): keep it, change it, or "
        "narrow it.",
        "Give two reasons, each tied to a criterion or an aim, and one case that tests your "
        "line.",
    )


PROBLEMS = [CriterionScores, FailedItems, ClaimVerdicts, CaseLabels, LabelDefence,
            Counterexample, CounterexampleWhy, MentorQuestions, StanceRevisited]
