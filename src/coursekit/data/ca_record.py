"""What was said and found about Cambridge Analytica's role in the Trump 2016 campaign, as a table.

Each row is one published statement with the key of its source in ``book/references*.bib``, who
made it, whether the speaker had a stake in the answer, what kind of statement it is, whether it
bears on *what was used* or on *what effect it had on votes*, and which way it points on the
claim that Cambridge Analytica's micro-targeting "played a crucial role" in the result.
`stake`, `bears_on` and `direction` are the course's reading of each statement, made in the open
for learners to argue with; the statements themselves are as the sources report them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "KINDS", "STATEMENTS", "ca_statements"]

KINDS = ("self-report", "testimony", "reporting", "finding", "record", "research")
"""self-report: a party describing its own work; testimony: a participant's account;
reporting: journalists' findings; finding: a regulator's conclusion; record: a filing;
research: a peer-reviewed or expert study."""

COLUMNS = ("statement", "speaker", "stake", "kind", "bears_on", "direction", "source")

# (statement, speaker, stake, kind, bears_on, direction, source)
STATEMENTS: tuple[tuple[str, str, bool, str, str, str, str], ...] = (
    ("Post-election report: 5,000+ ad campaigns, 1.5 billion impressions, a 3% average "
     "favourability lift and a 2% rise in absentee-ballot submissions.",
     "Cambridge Analytica", True, "self-report", "effect", "for", "clc2020ca"),
    ("The campaign paid Cambridge Analytica about $5.9 million in 2016.",
     "FEC filings", False, "record", "use", "for", "clc2020ca"),
    ("About ten Cambridge Analytica data scientists were embedded with the campaign's digital "
     "team of about seventy.", "National Review", False, "reporting", "use", "for",
     "nationalreview2016ca"),
    ("The campaign used audience lists built by Cambridge Analytica for some Facebook "
     "'dark ads' from July 2016.", "The Daily Beast", False, "reporting", "use", "for",
     "dailybeast2018darkads"),
    ("Cambridge Analytica combined commercial data with the Facebook-derived 'insight "
     "information' it had obtained from Kogan.", "ICO (as quoted)", False, "finding", "use",
     "for", "lucas2020byline"),
    ("The campaign did not use psychographic targeting.", "Trump campaign digital staff", True,
     "testimony", "use", "against", "lapowsky2017wired"),
    ("The RNC was the campaign's primary source of voter data; claims that other data played "
     "a key role are false.", "Trump campaign (Glassner)", True, "testimony", "use", "against",
     "lapowsky2017wired"),
    ("Facebook 'was the method': about 80% of the digital budget went to Facebook.",
     "Trump campaign (Parscale)", True, "testimony", "use", "against", "cbs2017embeds"),
    ("The campaign judged RNC data 'vastly more accurate' and stopped using Cambridge "
     "Analytica's data for the general election.", "CBS News", False, "reporting", "use",
     "against", "cbs2018rncdata"),
    ("The campaign used Facebook's own optimisation tools better; it ran 5.9 million ad "
     "variations to Clinton's 66,000.", "Facebook internal review", True, "self-report", "use",
     "against", "frier2018facebook"),
    ("SCL/Cambridge Analytica's methods were, in the main, well recognised processes using "
     "commonly available technology.", "ICO (2020)", False, "finding", "use", "against",
     "ico2020letterknight"),
    ("Personality targeting 'might have some impact' on undecided voters, but targeting on "
     "income would probably give similar results.", "Sandra Matz (researcher)", False,
     "research", "effect", "against", "wireduk2018matz"),
    ("The best estimate of the effect of campaign contact and advertising on vote choice in "
     "US general elections is zero.", "Kalla & Broockman", False, "research", "effect",
     "against", "kalla2018minimal"),
    ("'We may never know whether individuals were unknowingly influenced to vote a certain "
     "way.'", "ICO (2018)", False, "finding", "effect", "neither", "ico2018investigation"),
)
"""The statements, grouped by direction."""


def ca_statements() -> pd.DataFrame:
    """The statements as a DataFrame with `COLUMNS` (stake is bool), one row per statement."""
    import pandas as pd

    return pd.DataFrame(list(STATEMENTS), columns=list(COLUMNS)).astype({"stake": bool})
