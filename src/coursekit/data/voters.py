"""A SYNTHETIC voter file of a fictional county, generated from a seed.

No row describes a real person. The file imitates the *shape* of a US county voter file
(registration records plus vote history) so that lessons can practise on it without exposing
anyone's data. See `voter_file` for the generative assumptions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coursekit.errors import DataError

__all__ = ["ELECTIONS", "HISTORY_COLUMNS", "PARTIES", "REFERENCE_DATE", "ZIPS", "voter_file"]

REFERENCE_DATE = np.datetime64("2024-11-05", "D")
"""Election day 2024: ages are measured on this date."""

ELECTIONS: dict[int, np.datetime64] = {
    2016: np.datetime64("2016-11-08", "D"),
    2018: np.datetime64("2018-11-06", "D"),
    2020: np.datetime64("2020-11-03", "D"),
    2022: np.datetime64("2022-11-08", "D"),
    2024: np.datetime64("2024-11-05", "D"),
}
"""General elections in the vote history, with their dates."""

HISTORY_COLUMNS = tuple(f"voted_{year}" for year in ELECTIONS)
PARTIES = ("DEM", "REP", "UNA", "OTH")

# ZIP prefix 001 is not assigned by USPS, so these codes cannot be mistaken for real places.
# Each ZIP has a share of the county's voters and an "urbanity" from 0 (rural) to 1 (urban).
ZIPS = tuple(f"001{i:02d}" for i in range(1, 13))
_ZIP_SHARE = np.array([14, 12, 11, 10, 9, 9, 8, 7, 6, 5, 5, 4], dtype=float)
_ZIP_URBANITY = np.linspace(1.0, 0.0, len(ZIPS))

# Adult age bands and their shares, roughly those of the US adult population.
_AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 74), (75, 84), (85, 95))
_AGE_SHARE = np.array([11.5, 17.0, 16.5, 15.5, 16.5, 13.5, 7.0, 2.5])

# Log-odds of turning out, by year, before personal effects (midterms lower than presidential).
_YEAR_EFFECT = {2016: 1.2, 2018: -0.05, 2020: 1.0, 2022: -0.2, 2024: 0.8}
_PARTY_EFFECT = {"DEM": 0.0, "REP": 0.05, "UNA": -0.55, "OTH": -0.35}
_HABIT_EFFECT = 1.1   # log-odds added when the person voted in the previous election
_HABIT_SD = 1.3       # spread of a person's lasting propensity to vote
_REGISTRATION_DEADLINE = np.timedelta64(15, "D")

_FIRST_F = ("Mary Linda Karen Susan Nancy Lisa Sandra Ashley Emily Maria Jessica Sarah Laura "
            "Grace Olivia Sofia Chloe Hannah Rosa Ana Mei Aisha Fatima Priya Keisha Ruth "
            "Helen Joan Diane Megan").split()
_FIRST_M = ("James Robert John Michael David William Joseph Thomas Charles Daniel Matthew "
            "Anthony Mark Steven Kevin Jose Luis Carlos Wei Ahmed Omar Raj Tyrone Andre "
            "Ethan Noah Liam Frank George Paul").split()
_LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
         "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
         "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright "
         "Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
         "Mitchell Carter Roberts Chen Patel Kim Okafor Novak").split()


def voter_file(n: int = 5000, seed: int = 2024) -> pd.DataFrame:
    """Return a SYNTHETIC voter file: one row per registered voter of a fictional county.

    The same ``(n, seed)`` always gives the same frame (numpy's ``default_rng(seed)``).

    Columns: ``voter_id`` (str, "V00001"...), ``name`` (str), ``birth_date``
    (datetime64[ns]), ``age`` (int64, age on 2024-11-05), ``sex`` ("F"/"M"), ``zip`` (str,
    5 digits, 12 ZIPs with the unassigned prefix 001), ``party`` ("DEM", "REP", "UNA", "OTH"),
    ``registered`` (datetime64[ns]) and ``voted_2016`` ... ``voted_2024`` (bool). Vote history
    records only WHETHER a person voted in a general election, never how.

    Generative assumptions (simple, stated, and not estimated from any real county):

    * Ages 18–95 drawn from adult age bands with shares close to the US adult population;
      the birth date is uniform among the dates that give that age on 2024-11-05. Urban ZIPs
      are slightly younger. 52% of voters are women.
    * ZIPs have unequal sizes and an urbanity from 0 to 1; urban ZIPs lean DEM, rural ZIPs
      lean REP; younger voters are more often unaffiliated (UNA). County-wide shares come out
      near DEM 38%, REP 32%, UNA 27%, OTH 3%.
    * Registration falls between the 17th birthday (pre-registration) and 15 days before
      2024's election; the time since registering is exponential (mean 25 years), capped by age.
    * A person can vote only in elections they were 18 for and registered 15 days before.
      The log-odds of voting = a year effect (presidential years higher) + an age effect
      (rising to about 75, easing after 85) + a party effect (unaffiliated lower) + a lasting
      personal propensity (normal, sd 1.3) + 1.1 if they voted in the previous election.
      Among eligible people this gives about 70% turnout in presidential years and about 57%
      in midterms; across the whole 2024 roll (which includes people who were not yet
      registered here) 2020 turnout is about 56%.
    * Names are random pairs from short lists of common first and last names.
    """
    n, seed = _validate(n, seed)
    rng = np.random.default_rng(seed)
    zip_idx = rng.choice(len(ZIPS), size=n, p=_ZIP_SHARE / _ZIP_SHARE.sum())
    urbanity = _ZIP_URBANITY[zip_idx]
    age = _draw_ages(rng, urbanity)
    birth = _draw_birth_dates(rng, age)
    female = rng.random(n) < 0.52
    party = _draw_parties(rng, age, urbanity)
    registered = _draw_registration(rng, birth)
    history = _draw_history(rng, birth, registered, party)
    frame = pd.DataFrame({
        "voter_id": [f"V{i:05d}" for i in range(1, n + 1)],
        "name": _draw_names(rng, female),
        "birth_date": birth.astype("datetime64[ns]"),
        "age": age.astype("int64"),
        "sex": np.where(female, "F", "M"),
        "zip": np.asarray(ZIPS, dtype=object)[zip_idx],
        "party": np.asarray(PARTIES, dtype=object)[party],
        "registered": registered.astype("datetime64[ns]"),
    })
    for column, voted in zip(HISTORY_COLUMNS, history, strict=True):
        frame[column] = voted
    for column in ("voter_id", "name", "sex", "zip", "party"):
        frame[column] = frame[column].astype("str")
    return frame


def _validate(n: object, seed: object) -> tuple[int, int]:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 or n > 99_999:
        raise DataError(f"voter_file: n must be an integer from 1 to 99999, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"voter_file: seed must be a non-negative integer, got {seed!r}")
    return int(n), int(seed)


def _draw_ages(rng: np.random.Generator, urbanity: np.ndarray) -> np.ndarray:
    """Ages 18-95 by band; urban voters are shifted a little towards the younger bands."""
    n = len(urbanity)
    base = _AGE_SHARE / _AGE_SHARE.sum()
    young_tilt = np.linspace(1.25, 0.8, len(_AGE_BANDS))  # favours young bands in cities
    bands = np.empty(n, dtype=int)
    urban = rng.random(n) < urbanity
    for mask, weights in ((urban, base * young_tilt), (~urban, base)):
        bands[mask] = rng.choice(len(_AGE_BANDS), size=int(mask.sum()), p=weights / weights.sum())
    lows = np.array([lo for lo, _ in _AGE_BANDS])[bands]
    highs = np.array([hi for _, hi in _AGE_BANDS])[bands]
    return rng.integers(lows, highs + 1)


def _anniversary(age: np.ndarray | int, day: np.datetime64 | np.ndarray = REFERENCE_DATE
                 ) -> np.ndarray:
    """The date `age` years before `day` (day's month and day are never 29 February)."""
    month = day.astype("datetime64[M]")
    offset = day - month.astype("datetime64[D]")
    return (month - 12 * np.asarray(age)).astype("datetime64[D]") + offset


def _draw_birth_dates(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """Uniform among the birth dates that make a person exactly `age` on the reference date."""
    latest = _anniversary(age)
    earliest = _anniversary(age + 1) + np.timedelta64(1, "D")
    span = (latest - earliest).astype(int) + 1
    return earliest + rng.integers(0, span).astype("timedelta64[D]")


def _draw_parties(rng: np.random.Generator, age: np.ndarray, urbanity: np.ndarray) -> np.ndarray:
    """Party index per person: urban leans DEM, rural REP, young voters more often UNA."""
    youth = np.clip((45 - age) / 27, 0, 1)          # 1 at 18, 0 from 45 up
    dem = 0.25 + 0.20 * urbanity
    rep = 0.46 - 0.24 * urbanity
    una = 0.20 + 0.15 * youth
    oth = np.full_like(dem, 0.03)
    weights = np.column_stack([dem, rep, una, oth])
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    return (rng.random(len(age))[:, None] > cumulative).sum(axis=1)


def _draw_registration(rng: np.random.Generator, birth: np.ndarray) -> np.ndarray:
    """Registration date between the 17th birthday and 15 days before the 2024 election."""
    latest = REFERENCE_DATE - _REGISTRATION_DEADLINE
    earliest = _seventeenth_birthday(birth)
    years_ago = rng.exponential(25.0, size=len(birth))
    wanted = latest - (years_ago * 365.25).astype("timedelta64[D]")
    registered = np.maximum(wanted, earliest)
    return np.minimum(registered, latest)


def _seventeenth_birthday(birth: np.ndarray) -> np.ndarray:
    month = birth.astype("datetime64[M]")
    offset = birth - month.astype("datetime64[D]")
    # A 29 February birthday rolls to 1 March in a non-leap year; days beyond month end do so too.
    return (month + 12 * 17).astype("datetime64[D]") + offset


def _age_effect(age_then: np.ndarray) -> np.ndarray:
    """Log-odds by age at the election: rising steeply to 75, easing after 85."""
    rising = 0.045 * (np.minimum(age_then, 75) - 45)
    easing = -0.06 * np.clip(age_then - 85, 0, None)
    return rising + easing


def _draw_history(rng: np.random.Generator, birth: np.ndarray, registered: np.ndarray,
                  party: np.ndarray) -> list[np.ndarray]:
    """One boolean array per election in `ELECTIONS`, in order."""
    n = len(birth)
    propensity = rng.normal(0.0, _HABIT_SD, size=n)
    party_effect = np.array([_PARTY_EFFECT[p] for p in PARTIES])[party]
    previous = np.zeros(n, dtype=bool)
    history = []
    for year, day in ELECTIONS.items():
        age_then = _age_on(birth, day)
        eligible = (age_then >= 18) & (registered <= day - _REGISTRATION_DEADLINE)
        logit = (_YEAR_EFFECT[year] + _age_effect(age_then) + party_effect + propensity
                 + _HABIT_EFFECT * previous)
        voted = eligible & (rng.random(n) < 1 / (1 + np.exp(-logit)))
        history.append(voted)
        previous = voted
    return history


def _age_on(birth: np.ndarray, day: np.datetime64) -> np.ndarray:
    """Whole years of age on `day`."""
    years = day.astype("datetime64[Y]").astype(int) - birth.astype("datetime64[Y]").astype(int)
    this_year_birthday = _anniversary(-years, birth)  # birth shifted forward by `years`
    return years - (this_year_birthday > day)


def _draw_names(rng: np.random.Generator, female: np.ndarray) -> list[str]:
    firsts = np.where(female, np.asarray(_FIRST_F)[rng.integers(0, len(_FIRST_F), len(female))],
                      np.asarray(_FIRST_M)[rng.integers(0, len(_FIRST_M), len(female))])
    lasts = np.asarray(_LAST)[rng.integers(0, len(_LAST), len(female))]
    return [f"{first} {last}" for first, last in zip(firsts, lasts, strict=True)]
