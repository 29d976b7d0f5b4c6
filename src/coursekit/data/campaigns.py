"""Cited facts about the three campaigns the course follows, as a small table.

Every row was typed in from a published source; ``source`` is the key of that source in
``book/references.bib``. Figures are as the source states them (upper estimates stay upper
estimates: e.g. Facebook's "up to 87 million"), and a figure that is its author's own estimate
says so in its ``claim`` (e.g. Siroker's 60 million dollars).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FACTS", "campaign_facts"]

# (campaign, year, claim, value, unit, source)
FACTS: tuple[tuple[str, int, str, int, str, str], ...] = (
    ("Obama", 2008, "splash-page combinations tested", 24, "combinations", "siroker2010"),
    ("Obama", 2008, "sign-up lift of the winning splash page", 40, "percent", "siroker2010"),
    ("Obama", 2008, "extra donations Siroker extrapolated from the splash-page lift",
     60_000_000, "USD", "siroker2010"),
    ("Obama", 2008, "potential voters on record", 170_000_000, "people",
     "issenberg2012whitewhale"),
    ("Obama", 2012, "raised online, mostly by e-mail", 690_000_000, "USD", "green2012emails"),
    ("Obama", 2012, "raised by the winning subject line 'I will be outspent' (at least)",
     2_600_000, "USD", "green2012emails"),
    ("Obama", 2012, "election simulations run each night", 66_000, "simulations",
     "scherer2012crunchers"),
    ("Trump", 2016, "paid by the campaign to Cambridge Analytica", 5_900_000, "USD",
     "clc2020ca"),
    ("Trump", 2016, "quiz-app users who gave data to Cambridge Analytica (upper FTC figure)",
     270_000, "people", "ftc2019cambridgeopinion"),
    ("Trump", 2016, "friends whose profile data the app collected (upper FTC figure)",
     65_000_000, "people", "ftc2019cambridgeopinion"),
    ("Trump", 2016, "Facebook users whose data may have been shared (Facebook's maximum)",
     87_000_000, "people", "schroepfer2018update"),
    ("Trump", 2016, "campaign spend on Facebook ads, June-November", 44_000_000, "USD",
     "frier2018facebook"),
    ("Biden", 2020, "raised with the DNC in August 2020", 364_500_000, "USD", "cbs2020august"),
    ("Biden", 2020, "of the August 2020 total, raised online", 205_000_000, "USD",
     "cbs2020august"),
    ("Biden", 2020, "'meaningful conversations' with voters in September 2020", 5_900_000,
     "conversations", "wapo2020canvass"),
)


def campaign_facts() -> pd.DataFrame:
    """Return the facts table: columns campaign, year (int64), claim, value (int64), unit,
    source (a references.bib key); one row per cited figure, in campaign order."""
    frame = pd.DataFrame(FACTS, columns=["campaign", "year", "claim", "value", "unit", "source"])
    return frame.astype({"year": "int64", "value": "int64", "campaign": "str", "claim": "str",
                         "unit": "str", "source": "str"})
