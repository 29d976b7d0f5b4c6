"""Chapter 5's classified cases: real and invented practices, described for the assessment rule.

Each case is a `Case`: an id, a title, whether it is real (and then the bibliography key of its
source) or invented for teaching, a one-paragraph summary, and the practice as the plain dict
that `coursekit.data.ethics_checklist.verdict` reads. The descriptions of real cases are the
course's reading of the cited record, made in the open for learners to argue with: where the
record is disputed, `note` says so.

`label(practice)` gives a practice's place in the course's four-way framework: "manipulation"
when any sign of manipulation is present (it is a manner that can serve any aim), otherwise the
name of its aim ("mobilisation", "persuasion", "demobilisation").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coursekit.data.ethics_checklist import AIMS, MANIPULATION_SIGNS, verdict

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CASES", "LABELS", "Case", "cases_table", "label"]

LABELS: tuple[str, ...] = ("mobilisation", "persuasion", "demobilisation", "manipulation")
"""The four places in the course's framework."""


def label(practice: dict[str, object]) -> str:
    """The practice's place in the framework: "manipulation" if any sign is present, else its
    aim's name in lower case."""
    if any(practice[s] for s in MANIPULATION_SIGNS):
        return "manipulation"
    return AIMS[str(practice["aim"])][0].lower()


def _practice(aim: str, source: str, *, consent: bool = False, hidden_sponsor: bool = False,
              deceptive: bool = False, exploits_vulnerability: bool = False,
              public_view: bool = False) -> dict[str, object]:
    return {"aim": aim, "source": source, "consent": consent, "hidden_sponsor": hidden_sponsor,
            "deceptive": deceptive, "exploits_vulnerability": exploits_vulnerability,
            "public_view": public_view}


@dataclass(frozen=True)
class Case:
    """One classified case."""

    id: str
    title: str
    real: bool
    source: str
    """Bibliography key of the main source of a real case; "" for an invented one."""
    summary: str
    practice: dict[str, object] = field(hash=False)
    note: str = ""
    """What in the record is disputed or unknown, if anything."""


CASES: tuple[Case, ...] = (
    Case("obama2012_friends", "Obama 2012 app: friends asked to register and vote", True,
         "scherer2012friended",
         "Supporters who logged in to the campaign's Facebook app were shown friends the "
         "campaign wanted reached and asked to urge them to register and vote.",
         _practice("mobilise", "third_party"),
         "The friends' data came through the app user, not from the friends themselves."),
    Case("obama2012_video", "Obama 2012 app: friends sent a persuasion video", True,
         "moire2012obama",
         "Through the same app, supporters were also asked to get friends to watch a video "
         "designed to change their mind.",
         _practice("persuade", "third_party")),
    Case("ca_quiz", "Cambridge Analytica / GSR personality quiz", True,
         "ftc2019cambridgeopinion",
         "A quiz collected the profiles of its users and their friends for political "
         "targeting; the FTC found users were told it collected no identifiable data.",
         _practice("persuade", "third_party", deceptive=True),
         "Which of its products the Trump campaign used, and to what effect, is disputed."),
    Case("trump2016_deterrence", "Trump 2016 'Deterrence' audience", True,
         "channel42020deterrence",
         "A campaign database put 3.5 million Black Americans in a 'Deterrence' segment of "
         "voters the campaign hoped would stay home, for targeted online ads.",
         _practice("demobilise", "public_record"),
         "Intent is documented; an effect is not. A 2016 data aide said the material went "
         "unused, and the campaign called the report fake news."),
    Case("ira2016", "Internet Research Agency accounts, 2016", True, "ssci2019russia",
         "Russian operatives posed as Black Americans on social media and urged people not "
         "to vote.",
         _practice("demobilise", "third_party", hidden_sponsor=True, deceptive=True)),
    Case("neighbors_mailer", "'Neighbors' social-pressure mailer, Michigan 2006", True,
         "gerber2008social",
         "A mailer listed whether the recipient and their neighbours had voted in past "
         "elections and said the list would be updated after the election.",
         _practice("mobilise", "public_record", public_view=False),
         "About 1,000 recipients complained to the sender."),
    Case("facebook2010_banner", "Facebook's 2010 'I voted' message", True, "bond2012experiment",
         "The platform showed 61 million users a get-out-the-vote message, some with faces "
         "of friends who had voted, as a randomised experiment.",
         _practice("mobilise", "from_person", public_view=True),
         "Users had agreed to the platform's terms, not to this experiment."),
    Case("signed_reminder", "Signed reminder from the voter file", False, "",
         "A campaign mails people on the public voter file the date of the election and how "
         "to vote, signed with its name.",
         _practice("mobilise", "public_record")),
    Case("record_attack_ad", "Broadcast ad on the opponent's voting record", False, "",
         "A signed television ad accurately lists votes the opponent cast against a popular "
         "programme.",
         _practice("persuade", "public_record", public_view=True)),
    Case("wrong_date_text", "Unsigned text with the wrong election day", False, "",
         "Texts from an untraceable number tell likely opponents' supporters that the "
         "election is the day after it really is.",
         _practice("demobilise", "public_record", hidden_sponsor=True, deceptive=True)),
    Case("anxiety_ads", "Fear ads for people scored as anxious", False, "",
         "A signed campaign ad about crime is shown only to people a model scores as anxious, "
         "using consented survey answers.",
         _practice("persuade", "from_person", consent=True, exploits_vulnerability=True)),
)
"""The classified cases, real first."""


def cases_table() -> pd.DataFrame:
    """The cases as a DataFrame: id, title, real, label, verdict, rule step, source, note."""
    import pandas as pd

    rows = []
    for case in CASES:
        ruled = verdict(case.practice)
        rows.append({"id": case.id, "title": case.title, "real": case.real,
                     "label": label(case.practice), "verdict": ruled.verdict,
                     "step": ruled.step, "source": case.source, "note": case.note})
    return pd.DataFrame(rows)
