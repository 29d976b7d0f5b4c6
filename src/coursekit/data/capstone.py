"""SYNTHETIC data for the capstone (chapter 8): consent records, a state-use rule, and a past
randomised get-out-the-vote (GOTV) programme, all built on the synthetic voter file.

No row describes a real person: every table here is generated from `coursekit.data.voters`
with a seed. The state-use rule is a simplified teaching model of the purpose limits in
California Elections Code §2194 (voter data for election, scholarly, journalistic, political or
governmental purposes; no commercial use), plus the course's own consent and opt-out rules for
contact channels. Those channel rules are teaching rules, not law: federal law (the TCPA) asks for
prior express consent only for autodialed or prerecorded calls and texts to mobile phones, and
texts a person sends one by one need none; the course asks for an opt-in before any text or
e-mail and honours every opt-out. It is not legal advice and not the text of any law.

* `USE_RULE` — the rule as data; `use_permitted(purpose)` applies its purpose limit.
* `consent_records(voters, seed)` — per voter: a do-not-contact flag and a consent status per
  channel ("opt_in", "opt_out" or "no_record").
* `contact_list(voters, consent)` — the reference contact list: one permitted channel per voter.
* `past_programme(voters, seed)` — a randomised reminder-call experiment in a fictional 2023
  municipal election, with a true effect set in the generator (`TRUE_EFFECT_IF_REACHED`).
* `turnout_table(voters)` — turnout per ZIP, age band and party: computable by anyone who holds
  the voter file, so there is nothing in it to protect.
* `optin_table(voters, consent)` — text-message opt-ins per ZIP, age band and party: the
  campaign's own, non-public data, which the capstone publishes; `band_totals(table)` — its
  totals per ZIP and age band (the margins a report would also show).
* `k_anonymous(table, k)`, `laplace_release(table, epsilon, seed, column)` — suppression and
  Laplace noise for a published table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coursekit.errors import DataError

__all__ = [
    "AGE_BINS",
    "AGE_LABELS",
    "CHANNELS",
    "CONSENT_VALUES",
    "CONTACT_REQUESTS",
    "DP_SEED",
    "EPSILON",
    "PROGRAMME_ELECTION",
    "PUBLIC_RECORD_CHANNELS",
    "TRUE_EFFECT_IF_REACHED",
    "USE_RULE",
    "K",
    "UseRule",
    "age_band",
    "band_totals",
    "channel_permitted",
    "consent_records",
    "contact_list",
    "k_anonymous",
    "laplace_release",
    "lift_interval",
    "optin_table",
    "past_programme",
    "turnout_table",
    "use_permitted",
]

CHANNELS = ("sms", "email", "phone", "mail")
"""Contact channels, in the order a campaign prefers them (cheapest and quickest first)."""

PUBLIC_RECORD_CHANNELS = ("phone", "mail")
"""Channels whose details come from the registration record: usable unless the voter opted out
(the course's rule; phone calls are assumed dialled by hand, since autodialed or prerecorded calls
to mobile phones need prior express consent under the TCPA). The other channels (text messages,
e-mail) need an explicit opt-in: a teaching rule, stricter than federal law for texts."""

CONSENT_VALUES = ("opt_in", "opt_out", "no_record")

K = 10
"""The k of the published table: every published cell describes at least k voters."""
EPSILON = 0.5
"""Privacy-loss budget of the differentially private table."""
DP_SEED = 2194
"""Seed of the Laplace noise, so that the private table can be checked."""

AGE_BINS = (18, 30, 45, 65, 200)
AGE_LABELS = ("18-29", "30-44", "45-64", "65+")

PROGRAMME_ELECTION = np.datetime64("2023-11-07", "D")
"""Day of the fictional municipal election of the past programme."""
TRUE_EFFECT_IF_REACHED = 0.03
"""Turnout gain (probability) for a voter the reminder call actually reached: 3 points, inside the
range published phone experiments report (no detectable effect for commercial calls in Gerber &
Green 2000; 3.8 points for volunteer calls in Nickerson 2006)."""
_REACH_RATE = 0.6


class CapstoneDataError(DataError):
    """A capstone generator was given data or parameters it cannot use."""


@dataclass(frozen=True)
class UseRule:
    """Who may use voter data, for what, and how opt-outs are treated."""

    name: str
    modelled_on: str
    permitted_purposes: tuple[str, ...]
    forbidden_purposes: tuple[str, ...]
    opt_outs_respected: bool
    opt_in_channels: tuple[str, ...]
    """Channels that need an explicit opt-in (no public-record contact detail)."""


USE_RULE = UseRule(
    name="Fictional county voter-data use rule",
    modelled_on="California Elections Code §2194 (purpose limits on voter registration data)",
    permitted_purposes=("election", "scholarly", "journalistic", "political", "governmental"),
    forbidden_purposes=("commercial",),
    opt_outs_respected=True,
    opt_in_channels=tuple(c for c in CHANNELS if c not in PUBLIC_RECORD_CHANNELS),
)

CONTACT_REQUESTS = {
    "a": ("County election office", "governmental", "Text reminders of the polling-place change"),
    "b": ("A candidate's campaign", "political", "Phone bank reminding supporters to vote"),
    "c": ("A solar-panel installer", "commercial", "Door-to-door sales list of homeowners"),
    "d": ("A university research team", "scholarly", "Mailed survey on why people skip "
                                                     "local elections"),
    "e": ("A data broker", "commercial", "Resale of contact lists to advertisers"),
}
"""Requests to use the county's voter data: id -> (who, purpose, what for)."""


def use_permitted(purpose: str) -> bool:
    """True when `USE_RULE` allows voter data to be used for `purpose`."""
    if purpose in USE_RULE.forbidden_purposes:
        return False
    return purpose in USE_RULE.permitted_purposes


def _check_voters(voters: pd.DataFrame, needed: tuple[str, ...]) -> None:
    if not isinstance(voters, pd.DataFrame):
        raise CapstoneDataError(f"voters must be a DataFrame, not {type(voters).__name__}")
    missing = [c for c in needed if c not in voters.columns]
    if missing:
        raise CapstoneDataError(f"voters has no column {missing[0]!r}")


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise CapstoneDataError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


# -- consent ------------------------------------------------------------------------------------

def _draw_status(rng: np.random.Generator, p_in: np.ndarray, p_out: np.ndarray) -> np.ndarray:
    u = rng.random(len(p_in))
    return np.where(u < p_in, "opt_in", np.where(u < p_in + p_out, "opt_out", "no_record"))


def consent_records(voters: pd.DataFrame, seed: int = 8) -> pd.DataFrame:
    """SYNTHETIC consent records: one row per voter, in the voter file's order.

    Columns: ``voter_id``; ``do_not_contact`` (bool: the voter asked never to be contacted);
    ``sms``, ``email``, ``phone``, ``mail`` (str: "opt_in", "opt_out" or "no_record").

    Generative assumptions (stated, not estimated from any real county): 3% ask not to be
    contacted at all; text-message opt-ins fall with age (35% under 35, 20% at 35-64, 8% at 65+);
    30% opted in to e-mail; opt-outs run from 4% (mail) to 12% (phone); everyone on the file
    has a listed address and phone number on the registration record.
    """
    _check_voters(voters, ("voter_id", "age"))
    rng = np.random.default_rng(_check_seed(seed))
    n = len(voters)
    age = voters["age"].to_numpy()
    sms_in = np.select([age < 35, age < 65], [0.35, 0.20], 0.08)
    frame = pd.DataFrame({"voter_id": voters["voter_id"].to_numpy(),
                          "do_not_contact": rng.random(n) < 0.03})
    frame["sms"] = _draw_status(rng, sms_in, np.full(n, 0.06))
    frame["email"] = _draw_status(rng, np.full(n, 0.30), np.full(n, 0.05))
    frame["phone"] = _draw_status(rng, np.full(n, 0.05), np.full(n, 0.12))
    frame["mail"] = _draw_status(rng, np.full(n, 0.02), np.full(n, 0.04))
    for column in ("voter_id", *CHANNELS):
        frame[column] = frame[column].astype("str")
    return frame


def channel_permitted(status: str, channel: str, do_not_contact: bool = False) -> bool:
    """The channel rule: never after do-not-contact or an opt-out; opt-in channels need opt-in."""
    if channel not in CHANNELS:
        raise CapstoneDataError(f"unknown channel {channel!r}; channels: {', '.join(CHANNELS)}")
    if do_not_contact or status == "opt_out":
        return False
    if channel in USE_RULE.opt_in_channels:
        return status == "opt_in"
    return True


def contact_list(voters: pd.DataFrame, consent: pd.DataFrame,
                 purpose: str = "election") -> pd.DataFrame:
    """Who may be contacted, and how: columns ``voter_id``, ``channel``; sorted by voter_id.

    Each voter gets the first permitted channel in `CHANNELS` order; voters with no permitted
    channel are left out. A purpose the rule forbids gives an empty list.
    """
    _check_voters(voters, ("voter_id",))
    merged = voters[["voter_id"]].merge(consent, on="voter_id", how="inner")
    rows = []
    if use_permitted(purpose):
        for record in merged.itertuples(index=False):
            for channel in CHANNELS:
                if channel_permitted(getattr(record, channel), channel, record.do_not_contact):
                    rows.append((record.voter_id, channel))
                    break
    frame = pd.DataFrame(rows, columns=["voter_id", "channel"])
    return frame.sort_values("voter_id", ignore_index=True)


# -- the past programme -------------------------------------------------------------------------

def past_programme(voters: pd.DataFrame, seed: int = 2023) -> pd.DataFrame:
    """A SYNTHETIC randomised reminder-call programme in a fictional 2023 municipal election.

    Rows: voters who were 18 and registered 15 days before 7 November 2023. Columns:
    ``voter_id``; ``assigned`` (bool: drawn for a call; exactly half, by a random permutation);
    ``reached`` (bool: someone answered; only assigned voters can be reached); ``voted_2023``.

    Generative assumptions: the chance of voting without a call is a logistic function of
    2020 and 2022 turnout and age; about 60% of assigned voters are reached, older and habitual
    voters more often (so comparing reached with unreached voters is biased); being reached adds
    `TRUE_EFFECT_IF_REACHED` to the chance of voting. The effect of being *assigned* (what a
    randomised comparison estimates) is therefore about 0.6 × 0.03 ≈ 0.018.
    """
    _check_voters(voters, ("voter_id", "age", "birth_date", "registered", "voted_2020",
                           "voted_2022"))
    rng = np.random.default_rng(_check_seed(seed))
    deadline = (PROGRAMME_ELECTION - np.timedelta64(15, "D")).astype("datetime64[ns]")
    age_then = voters["age"] - 1  # the 2024 ages are a year on (near enough for eligibility)
    eligible = voters[(voters["registered"] <= deadline) & (age_then >= 18)]
    n = len(eligible)
    assigned = np.zeros(n, dtype=bool)
    assigned[rng.permutation(n)[: n // 2]] = True
    habit = eligible["voted_2022"].to_numpy(float) + eligible["voted_2020"].to_numpy(float)
    age = eligible["age"].to_numpy(float)
    base = 1 / (1 + np.exp(-(-2.2 + 1.2 * habit + 0.025 * (age - 50))))
    reach_p = np.clip(_REACH_RATE + 0.08 * (habit - 1) + 0.004 * (age - 50), 0.05, 0.95)
    reached = assigned & (rng.random(n) < reach_p)
    p_vote = np.clip(base + TRUE_EFFECT_IF_REACHED * reached, 0, 1)
    return pd.DataFrame({"voter_id": eligible["voter_id"].astype("str").to_numpy(),
                         "assigned": assigned, "reached": reached,
                         "voted_2023": rng.random(n) < p_vote})


def lift_interval(programme: pd.DataFrame, z: float = 1.96) -> tuple[float, float, float]:
    """(lift, low, high): turnout of assigned minus not assigned, with a normal-approximation
    interval using the unpooled standard error sqrt(p1(1-p1)/n1 + p0(1-p0)/n0)."""
    treated = programme.loc[programme["assigned"], "voted_2023"]
    control = programme.loc[~programme["assigned"], "voted_2023"]
    p1, p0 = float(treated.mean()), float(control.mean())
    se = float(np.sqrt(p1 * (1 - p1) / len(treated) + p0 * (1 - p0) / len(control)))
    lift = p1 - p0
    return lift, lift - z * se, lift + z * se


# -- publishing ---------------------------------------------------------------------------------

def age_band(ages: pd.Series) -> pd.Series:
    """Age bands "18-29", "30-44", "45-64", "65+" as strings."""
    bands = pd.cut(ages, bins=list(AGE_BINS), labels=list(AGE_LABELS), right=False)
    return bands.astype("str")


def turnout_table(voters: pd.DataFrame) -> pd.DataFrame:
    """Voters and 2024 voters per ZIP, age band and party (columns ``zip``, ``age_band``,
    ``party``, ``voters``, ``voted_2024``), sorted by the three keys; empty cells are absent."""
    _check_voters(voters, ("zip", "age", "party", "voted_2024"))
    frame = voters.assign(age_band=age_band(voters["age"]))
    table = frame.groupby(["zip", "age_band", "party"], as_index=False).agg(
        voters=("voted_2024", "size"), voted_2024=("voted_2024", "sum"))
    return table.sort_values(["zip", "age_band", "party"], ignore_index=True)


def optin_table(voters: pd.DataFrame, consent: pd.DataFrame) -> pd.DataFrame:
    """Voters and text-message opt-ins per ZIP, age band and party (columns ``zip``,
    ``age_band``, ``party``, ``voters``, ``texts_opt_in``), sorted by the three keys.

    ``voters`` can be computed from the public voter file; ``texts_opt_in`` is the campaign's own
    record and is what a release must protect.
    """
    _check_voters(voters, ("voter_id", "zip", "age", "party"))
    if not isinstance(consent, pd.DataFrame) or "sms" not in consent.columns:
        raise CapstoneDataError("consent must be a DataFrame with an 'sms' column")
    merged = voters.merge(consent[["voter_id", "sms"]], on="voter_id", how="inner")
    frame = merged.assign(age_band=age_band(merged["age"]), opted=merged["sms"].eq("opt_in"))
    table = frame.groupby(["zip", "age_band", "party"], as_index=False).agg(
        voters=("voter_id", "size"), texts_opt_in=("opted", "sum"))
    table["texts_opt_in"] = table["texts_opt_in"].astype("int64")
    return table.sort_values(["zip", "age_band", "party"], ignore_index=True)


def band_totals(table: pd.DataFrame) -> pd.DataFrame:
    """The totals of `table` per ZIP and age band (columns ``zip``, ``age_band``, ``voters``,
    ``texts_opt_in``), summed over every cell, suppressed or not: the margins a report shows."""
    missing = [c for c in ("zip", "age_band", "voters", "texts_opt_in") if c not in table.columns]
    if missing:
        raise CapstoneDataError(f"table has no column {missing[0]!r}")
    return table.groupby(["zip", "age_band"], as_index=False)[["voters", "texts_opt_in"]].sum()


def k_anonymous(table: pd.DataFrame, k: int = K) -> pd.DataFrame:
    """The rows of `table` whose ``voters`` cell is at least `k` (small cells suppressed)."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise CapstoneDataError(f"k must be a positive whole number, got {k!r}")
    return table[table["voters"] >= k].reset_index(drop=True)


def laplace_release(table: pd.DataFrame, epsilon: float = EPSILON,
                    seed: int = DP_SEED, column: str = "voters") -> pd.DataFrame:
    """A differentially private count per cell: ``noisy_<column>`` = column + Laplace(1/epsilon)
    noise drawn in the table's row order from ``default_rng(seed)``, rounded to a whole number
    and clipped at 0 (rounding and clipping are post-processing and cost no privacy).

    Each person is in exactly one cell and adds at most 1 to its count: sensitivity 1.
    """
    if column not in table.columns:
        raise CapstoneDataError(f"table has no column {column!r}")
    if not isinstance(epsilon, (int, float)) or isinstance(epsilon, bool) or epsilon <= 0:
        raise CapstoneDataError(f"epsilon must be a positive number, got {epsilon!r}")
    rng = np.random.default_rng(_check_seed(seed))
    noise = rng.laplace(0.0, 1.0 / epsilon, size=len(table))
    noisy = np.clip(np.round(table[column].to_numpy() + noise), 0, None).astype("int64")
    return table[["zip", "age_band", "party"]].assign(**{f"noisy_{column}": noisy})
