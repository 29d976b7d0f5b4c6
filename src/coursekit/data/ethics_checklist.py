"""The course's data-ethics checklist for campaign data work, and its worked case assessments.

Chapter 5 builds the checklist; the capstone (chapter 8) applies it again. It follows the spirit
of *deon* (a data-ethics checklist tool): short yes/no questions grouped under headings, asked
*before* and *during* a project. Here the headings are six criteria: the four the course starts
from (how data is obtained, how it is used, consent, transparency) plus proportionality and harm.
Every question is phrased so that "yes" is the answer an ethical project hopes to give.

* `CRITERIA`: criterion id -> its name and one-line meaning, in checklist order.
* `ITEMS`: the checklist, as `ChecklistItem` (``id``, ``criterion``, ``question``).
* `CASES`: three worked cases (id -> title and summary).
* `ASSESSMENTS`: the course's answer ("yes", "partly", "no") for each case and item, with the
  reason. These are judgements made in the open, for learners to argue with, not facts.
* `checklist()` and `assessments()` give the same as pandas DataFrames (pandas loads only then).
* The assessment rule (chapter 5's framework): `AIMS` (mobilise, persuade, demobilise),
  `MANIPULATION_SIGNS` (the manner that makes any of them manipulation), `STANDARDS` (what each
  aim must meet, and why the bars differ) and `verdict(practice)`, which applies them in order.

Facts behind the case reasons are cited in chapter 5 (and listed in the course's fact file,
items 1.1-1.3, 1.10 and 2.12).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AIMS",
    "ANSWER_SCORES",
    "ASSESSMENTS",
    "CASES",
    "CONDITIONS",
    "CRITERIA",
    "ITEMS",
    "MANIPULATION_SIGNS",
    "PRACTICE_KEYS",
    "STANDARDS",
    "VERDICTS",
    "ChecklistItem",
    "Standard",
    "Verdict",
    "assessments",
    "checklist",
    "item",
    "verdict",
]


@dataclass(frozen=True)
class ChecklistItem:
    """One checklist question; "yes" is the hoped-for answer."""

    id: str
    """Short stable id, e.g. ``"C1"``: criterion letter + number."""
    criterion: str
    """The criterion it belongs to: a key of `CRITERIA`."""
    question: str


CRITERIA: dict[str, tuple[str, str]] = {
    "source": ("How the data is obtained",
               "Where the data comes from, and whether it was collected openly."),
    "use": ("How the data is used",
            "Whether the use fits the purpose people were told about or could expect."),
    "consent": ("Consent",
                "Whether the people in the data agreed, and can say no."),
    "transparency": ("Transparency",
                     "Whether people can see who is using their data and who is speaking."),
    "proportionality": ("Proportionality",
                        "Whether the data and the intrusion are no more than the goal needs."),
    "harm": ("Harm",
             "Whether anyone could be deceived, discouraged or hurt, now or after a leak."),
}
"""Criterion id -> (name, meaning), in checklist order."""

ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem("S1", "source",
                  "Does the data come from the people it describes, or from a public record "
                  "about them, rather than from people who never took part?"),
    ChecklistItem("S2", "source",
                  "Was the data collected openly, without misleading anyone about who was "
                  "collecting it or what it would contain?"),
    ChecklistItem("U1", "use",
                  "Is the data used only for a purpose the people in it were told about, or "
                  "could reasonably expect?"),
    ChecklistItem("U2", "use",
                  "Is the data used without profiling people's personality or psychological "
                  "vulnerabilities?"),
    ChecklistItem("C1", "consent",
                  "Did every person whose data is used agree to this use, knowingly and "
                  "specifically?"),
    ChecklistItem("C2", "consent",
                  "Can a person easily stop being contacted or profiled once they ask?"),
    ChecklistItem("T1", "transparency",
                  "Could the people affected find out that their data was used, and by whom?"),
    ChecklistItem("T2", "transparency",
                  "Can every person who receives a message see who is behind it?"),
    ChecklistItem("P1", "proportionality",
                  "Is the data collected limited to what the purpose needs?"),
    ChecklistItem("P2", "proportionality",
                  "Is the intrusion into people's lives small compared with the goal?"),
    ChecklistItem("H1", "harm",
                  "Is the practice free of deception, intimidation and any attempt to "
                  "discourage people from voting?"),
    ChecklistItem("H2", "harm",
                  "If the data leaked or the model were wrong, would the harm to the people "
                  "in it be small and reversible?"),
)

ANSWER_SCORES: dict[str, float] = {"yes": 1.0, "partly": 0.5, "no": 0.0}
"""How an answer counts when a case is scored: "partly" is half of a "yes"."""

CASES: dict[str, tuple[str, str]] = {
    "obama2012": (
        "Obama 2012 Facebook 'targeted sharing' app",
        "Supporters logged in to a campaign app that let the campaign see their Facebook "
        "friend lists; the campaign matched friends to its voter lists and asked supporters "
        "to contact particular friends."),
    "cambridge_analytica": (
        "Cambridge Analytica / GSR personality quiz",
        "A personality quiz collected the profiles of its users and of their Facebook "
        "friends; the data was passed to Cambridge Analytica to predict personality traits "
        "for political targeting."),
    "gotv_voter_file": (
        "Get-out-the-vote drive on a public voter file",
        "A campaign uses the state's voter file (name, address, vote history) as state law "
        "allows, to send signed reminders to vote and honours requests not to be contacted."),
}
"""Case id -> (title, one-sentence summary)."""

ASSESSMENTS: tuple[tuple[str, str, str, str], ...] = (
    # (case, item id, answer, reason)
    ("obama2012", "S1", "partly",
     "Supporters shared their own data; their friends' data came from people who never "
     "used the app."),
    ("obama2012", "S2", "yes",
     "The app was the campaign's own and said so; no finding of deception was made."),
    ("obama2012", "U1", "partly",
     "Supporters joined a campaign app; their friends had no reason to expect campaign "
     "targeting."),
    ("obama2012", "U2", "yes",
     "Friends were matched to voter lists to be contacted, not profiled for personality."),
    ("obama2012", "C1", "partly",
     "App users agreed; the friends whose lists were read did not."),
    ("obama2012", "C2", "partly",
     "Users could leave the app; friends did not know they were in it."),
    ("obama2012", "T1", "partly",
     "The campaign was open about its app; friends could not tell their data was used."),
    ("obama2012", "T2", "partly",
     "Messages came from a friend, but the campaign's choice of whom to ask was invisible."),
    ("obama2012", "P1", "no",
     "A campaign staffer later said the app could take in the whole social graph."),
    ("obama2012", "P2", "partly",
     "Contact by a friend is mild, but the data reached far beyond the people who joined."),
    ("obama2012", "H1", "yes",
     "Friends were asked to register, vote or watch a video; nothing false was found in "
     "the messages."),
    ("obama2012", "H2", "partly",
     "Friend lists of millions held by a campaign are a real exposure if they leak."),
    ("cambridge_analytica", "S1", "no",
     "Most profiles belonged to friends of quiz takers, tens of millions of people."),
    ("cambridge_analytica", "S2", "no",
     "The FTC found users were falsely told the app collected no identifiable data."),
    ("cambridge_analytica", "U1", "no",
     "People took a personality quiz; the data was used for political targeting."),
    ("cambridge_analytica", "U2", "no",
     "The stated aim was predicting personality traits for targeting."),
    ("cambridge_analytica", "C1", "no",
     "Friends never agreed, and quiz takers agreed to something else."),
    ("cambridge_analytica", "C2", "no",
     "People could not stop a profiling they did not know about."),
    ("cambridge_analytica", "T1", "no",
     "Most people learned of it from the press in 2018."),
    ("cambridge_analytica", "T2", "no",
     "Targeted ads did not show how or why a person had been chosen."),
    ("cambridge_analytica", "P1", "no",
     "Whole profiles of friends were taken for a quiz."),
    ("cambridge_analytica", "P2", "no",
     "Personality profiling of millions is a deep intrusion for a campaign's goal."),
    ("cambridge_analytica", "H1", "no",
     "The collection itself rested on a deception found by the FTC."),
    ("cambridge_analytica", "H2", "no",
     "The data did escape its stated purpose; deletion had to be ordered."),
    ("gotv_voter_file", "S1", "yes",
     "The voter file is a public record about the people in it."),
    ("gotv_voter_file", "S2", "yes",
     "The file is obtained from the election office under the state's rules."),
    ("gotv_voter_file", "U1", "yes",
     "Election contact is a use the state allows and voters can expect."),
    ("gotv_voter_file", "U2", "yes",
     "The drive reminds people to vote; it profiles no one."),
    ("gotv_voter_file", "C1", "no",
     "No voter agreed individually: the basis is the law that makes the file public, not "
     "consent."),
    ("gotv_voter_file", "C2", "yes",
     "The drive honours do-not-contact requests."),
    ("gotv_voter_file", "T1", "yes",
     "Access to voter files is set in public law, and every message is signed."),
    ("gotv_voter_file", "T2", "yes",
     "Every reminder names the campaign that sent it."),
    ("gotv_voter_file", "P1", "yes",
     "Name, address and vote history are what a reminder needs."),
    ("gotv_voter_file", "P2", "yes",
     "A reminder to vote is a small intrusion."),
    ("gotv_voter_file", "H1", "yes",
     "The message encourages voting and misstates nothing."),
    ("gotv_voter_file", "H2", "yes",
     "The fields used are already public in the state; nothing sensitive is added."),
)
"""(case, item id, answer, reason) for every case and item: the course's assessments."""


def item(item_id: str) -> ChecklistItem:
    """The checklist item with this id; KeyError names the known ids."""
    for entry in ITEMS:
        if entry.id == item_id:
            return entry
    raise KeyError(f"no checklist item {item_id!r}; items are {', '.join(i.id for i in ITEMS)}")


def checklist() -> pd.DataFrame:
    """The checklist as a DataFrame: columns ``item_id``, ``criterion``, ``question``."""
    import pandas as pd

    return pd.DataFrame([(i.id, i.criterion, i.question) for i in ITEMS],
                        columns=["item_id", "criterion", "question"])


def assessments() -> pd.DataFrame:
    """The worked assessments: columns ``case``, ``item_id``, ``answer``, ``reason``."""
    import pandas as pd

    return pd.DataFrame(list(ASSESSMENTS), columns=["case", "item_id", "answer", "reason"])


# -- the assessment rule: aims, manipulation, and the standard each aim must meet ----------------

AIMS: dict[str, tuple[str, str]] = {
    "mobilise": ("Mobilisation",
                 "Asks people to register or vote, and leaves whom they vote for to them."),
    "persuade": ("Persuasion",
                 "Offers reasons to vote for (or against) a candidate or a cause."),
    "demobilise": ("Demobilisation",
                   "Aims to make people stay at home: not register, not vote."),
}
"""Aim id -> (name, meaning): what a practice asks of the people it reaches. Field experiments
measure persuasion (vote choice) and mobilisation (turnout) separately; demobilisation is studied
mostly as a possible side effect of negative campaigning. The three-aims-plus-manner framework is
the course's own, built from those literatures and from published definitions of manipulation."""

MANIPULATION_SIGNS: dict[str, str] = {
    "hidden_sponsor": "The people reached cannot see who is behind the message (hidden influence).",
    "deceptive": "Something in the collection or the message misleads the people it concerns.",
    "exploits_vulnerability": "People are chosen or addressed for a psychological weakness "
                              "(fear, anxiety, a personality trait) rather than for reasons "
                              "they could weigh.",
}
"""Practice key -> why it is a sign of manipulation. Manipulation is a *manner*, not a fourth
aim: covert influence that gets round a person's own weighing of reasons, which can serve any
aim (Susser, Roessler & Nissenbaum 2019; Sunstein 2015)."""

CONDITIONS: dict[str, str] = {
    "lawful_source": "The data came from a public record, or from the people themselves with "
                     "their consent (not from third parties who never agreed).",
    "public_view": "The message can be seen by anyone, not only by the people targeted "
                   "(broadcast, published, or in a public ad library).",
}
"""Condition id -> what it requires of a practice."""

PRACTICE_KEYS: dict[str, str] = {
    "aim": "one of AIMS",
    "source": '"public_record", "from_person" or "third_party"',
    "consent": "True if the people in the data agreed to this use",
    "hidden_sponsor": "True if recipients cannot see who is behind the message",
    "deceptive": "True if the collection or the message misleads",
    "exploits_vulnerability": "True if people are chosen or addressed for a psychological "
                              "weakness",
    "public_view": "True if anyone, not only the targets, can see the message",
}
"""The keys a described practice must have (a plain dict), and what each means."""

VERDICTS: tuple[str, ...] = ("acceptable", "questionable", "unacceptable")
"""The rule's verdicts, from best to worst."""


@dataclass(frozen=True)
class Standard:
    """What a practice with a given aim must meet, and the verdict it gets either way."""

    aim: str
    needs: tuple[str, ...]
    """Condition ids (keys of `CONDITIONS`) the practice must meet."""
    met: str
    """The verdict when every condition is met."""
    unmet: str
    """The verdict when any condition is not met."""
    why: str
    """Why this aim is held to this standard."""


STANDARDS: dict[str, Standard] = {
    "mobilise": Standard(
        "mobilise", ("lawful_source",), "acceptable", "questionable",
        "Asking people to use a vote they already have leaves their choice to them, and the "
        "result is counted in turnout, which an election exists to maximise. A lawful source "
        "is enough: a public voter file needs no individual consent."),
    "persuade": Standard(
        "persuade", ("lawful_source", "public_view"), "acceptable", "questionable",
        "Persuasion aims at the choice itself. Reasons shown only to their targets cannot be "
        "answered by opponents, journalists or other voters, and a party can look like a "
        "different party to each group; so persuasion must also be open to public view."),
    "demobilise": Standard(
        "demobilise", ("lawful_source", "public_view"), "questionable", "unacceptable",
        "Demobilisation aims to shrink the participation an election depends on. It can be "
        "lawful and truthful, so it is not manipulation by definition; but the rule never "
        "calls it acceptable, and calls it unacceptable when it is aimed in private or built "
        "on data taken without a lawful basis."),
}
"""Aim id -> its standard. The bars differ on purpose: see each `why`."""


@dataclass(frozen=True)
class Verdict:
    """The rule's answer for one practice: the verdict, the step that decided it, and why."""

    verdict: str
    step: str
    """``"manipulation"`` or the aim whose standard decided."""
    why: str


def _meets(practice: dict[str, object], condition: str) -> bool:
    if condition == "lawful_source":
        return practice["source"] == "public_record" or (
            practice["source"] == "from_person" and bool(practice["consent"]))
    if condition == "public_view":
        return bool(practice["public_view"])
    raise KeyError(f"no condition {condition!r}; conditions are {', '.join(CONDITIONS)}")


def _validate_practice(practice: object) -> dict[str, object]:
    if not isinstance(practice, dict):
        raise TypeError(f"a practice is a dict with the keys {', '.join(PRACTICE_KEYS)}")
    missing = [k for k in PRACTICE_KEYS if k not in practice]
    if missing:
        raise KeyError(f"the practice has no {missing[0]!r}; a practice needs "
                       f"{', '.join(PRACTICE_KEYS)}")
    if practice["aim"] not in AIMS:
        raise ValueError(f"aim must be one of {', '.join(AIMS)}, not {practice['aim']!r}")
    if practice["source"] not in ("public_record", "from_person", "third_party"):
        raise ValueError(f"source must be public_record, from_person or third_party, not "
                         f"{practice['source']!r}")
    return practice


def verdict(practice: dict[str, object]) -> Verdict:
    """Apply the assessment rule to a described practice (a dict with `PRACTICE_KEYS`).

    Step 1: any sign of manipulation makes the practice unacceptable, whatever its aim.
    Step 2: otherwise the aim's `Standard` decides: `met` if every condition holds, else `unmet`.
    Raises KeyError/ValueError/TypeError naming the first malformed key.
    """
    practice = _validate_practice(practice)
    signs = [s for s in MANIPULATION_SIGNS if practice[s]]
    if signs:
        return Verdict("unacceptable", "manipulation",
                       f"Manipulation: {MANIPULATION_SIGNS[signs[0]]}")
    standard = STANDARDS[str(practice["aim"])]
    unmet = [c for c in standard.needs if not _meets(practice, c)]
    if unmet:
        return Verdict(standard.unmet, standard.aim,
                       f"{AIMS[standard.aim][0]} without: {CONDITIONS[unmet[0]]} "
                       f"{standard.why}")
    return Verdict(standard.met, standard.aim, standard.why)
