"""A SYNTHETIC "de-identified" survey, drawn from the synthetic voter file with a seed.

The survey has no names and no voter ids, but keeps ZIP code, birth date and sex: the
quasi-identifiers of Sweeney's classic result. Chapter 4 uses it for a linkage attack. No row
describes a real person. See `survey_responses` for the generative assumptions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from coursekit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ANSWERS", "QUASI_IDENTIFIERS", "survey_responses", "survey_truth"]

QUASI_IDENTIFIERS = ("zip", "birth_date", "sex")
ANSWERS = ("Candidate A", "Candidate B", "Another candidate", "Did not vote")
"""Answers to the survey's sensitive question: "Whom did you vote for in 2024?"."""

# Probability of each answer among 2024 voters, by registered party (rows follow PARTIES).
_CHOICE = {"DEM": (0.86, 0.09, 0.05), "REP": (0.08, 0.88, 0.04),
           "UNA": (0.45, 0.43, 0.12), "OTH": (0.25, 0.25, 0.50)}
_OVERCLAIM = 0.15  # share of non-voters who say they voted (a known survey bias)


def survey_responses(voters: pd.DataFrame, n: int = 500, seed: int = 4,
                     off_file_share: float = 0.1) -> pd.DataFrame:
    """Return a SYNTHETIC survey of `n` respondents; the same arguments give the same frame.

    Columns: ``respondent_id`` (str, "R0001"...), ``zip`` (str), ``birth_date``
    (datetime64[ns]), ``sex`` ("F"/"M") and ``vote_2024`` (one of `ANSWERS`), in a random order
    unrelated to the voter file.

    Generative assumptions:

    * A share `off_file_share` of respondents are not on the voter file (unregistered, or
      registered elsewhere): their ZIP is one of the county's, their sex is random and their
      age is uniform from 18 to 90. The others are a simple random sample of `voters`.
    * Respondents answer the sensitive question truthfully, except that 15% of those who did
      not vote in 2024 say they voted. A voter's answer depends on their registered party
      (for example 86% of DEM voters say Candidate A, 88% of REP voters Candidate B).
    * Names and voter ids are dropped; ZIP, birth date and sex are kept exactly.
    """
    frame, _ = _draw(voters, n, seed, off_file_share)
    return frame


def survey_truth(voters: pd.DataFrame, n: int = 500, seed: int = 4,
                 off_file_share: float = 0.1) -> pd.Series:
    """The answer key of `survey_responses` with the same arguments.

    An object Series indexed by ``respondent_id`` giving each respondent's ``voter_id``, or
    ``None`` for respondents who are not on the voter file. For checking an attack, never for
    the attack.
    """
    _, truth = _draw(voters, n, seed, off_file_share)
    return truth


def _draw(voters: pd.DataFrame, n: int, seed: int, off_file_share: float
          ) -> tuple[pd.DataFrame, pd.Series]:
    import pandas as pd

    _validate(voters, n, seed, off_file_share)
    rng = np.random.default_rng(seed)
    n_off = round(n * off_file_share)
    n_on = n - n_off
    if n_on > len(voters):
        raise DataError(f"survey_responses: {n_on} respondents on the file but only "
                         f"{len(voters)} voters to draw from")
    on = voters.iloc[np.sort(rng.choice(len(voters), size=n_on, replace=False))]
    on_part = pd.DataFrame({
        "zip": on["zip"].to_numpy(), "birth_date": on["birth_date"].to_numpy(),
        "sex": on["sex"].to_numpy(),
        "vote_2024": _answers(rng, on["party"].to_numpy(), on["voted_2024"].to_numpy()),
        "voter_id": on["voter_id"].to_numpy(dtype=object)})
    off_part = _off_file_people(rng, voters, n_off)
    frame = pd.concat([on_part, off_part], ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "respondent_id", [f"R{i:04d}" for i in range(1, len(frame) + 1)])
    truth = pd.Series(frame["voter_id"].to_numpy(dtype=object),
                      index=pd.Index(frame["respondent_id"], name="respondent_id"),
                      name="voter_id", dtype=object)
    frame = frame.drop(columns="voter_id")
    for column in ("respondent_id", "zip", "sex", "vote_2024"):
        frame[column] = frame[column].astype("str")
    frame["birth_date"] = frame["birth_date"].astype("datetime64[ns]")
    return frame, truth


def _validate(voters: object, n: object, seed: object, off_file_share: object) -> None:
    columns = {"voter_id", "zip", "birth_date", "sex", "party", "voted_2024"}
    missing = sorted(columns - set(getattr(voters, "columns", ())))
    if missing:
        raise DataError(f"survey_responses: voters must be a voter file; it lacks {missing[0]!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise DataError(f"survey_responses: n must be a positive integer, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"survey_responses: seed must be a non-negative integer, got {seed!r}")
    if not isinstance(off_file_share, (int, float)) or not 0 <= off_file_share < 1:
        raise DataError("survey_responses: off_file_share must be from 0 to just under 1, "
                         f"got {off_file_share!r}")


def _answers(rng: np.random.Generator, party: np.ndarray, voted: np.ndarray) -> np.ndarray:
    """The sensitive answer per respondent, from party and 2024 turnout."""
    said_voted = voted | (rng.random(len(party)) < _OVERCLAIM)
    probs = np.array([_CHOICE.get(p, _CHOICE["OTH"]) for p in party]).reshape(len(party), 3)
    pick = (rng.random(len(party))[:, None] > np.cumsum(probs, axis=1)).sum(axis=1)
    answers = np.asarray(ANSWERS[:3], dtype=object)[np.minimum(pick, 2)]
    return np.where(said_voted, answers, ANSWERS[3])


def _off_file_people(rng: np.random.Generator, voters: pd.DataFrame, k: int) -> pd.DataFrame:
    """`k` people who are not on the file: random ZIP of the county, sex and age 18-90."""
    import pandas as pd

    zips = np.sort(voters["zip"].unique())
    reference = np.datetime64("2024-11-05", "D")
    days_old = rng.integers(18 * 365 + 5, 90 * 365, size=k)
    return pd.DataFrame({
        "zip": zips[rng.integers(0, len(zips), size=k)].astype(object),
        "birth_date": (reference - days_old.astype("timedelta64[D]")).astype("datetime64[ns]"),
        "sex": np.where(rng.random(k) < 0.5, "F", "M").astype(object),
        "vote_2024": np.asarray(ANSWERS, dtype=object)[rng.integers(0, 4, size=k)],
        "voter_id": np.full(k, None, dtype=object)})
