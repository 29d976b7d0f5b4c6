"""The synthetic voter file: deterministic, well-typed and plausible."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from coursekit.data.voters import ELECTIONS, HISTORY_COLUMNS, PARTIES, ZIPS, voter_file
from coursekit.errors import DataError

EXPECTED_DTYPES = {
    "voter_id": "str", "name": "str", "birth_date": "datetime64[ns]", "age": "int64",
    "sex": "str", "zip": "str", "party": "str", "registered": "datetime64[ns]",
    **{column: "bool" for column in HISTORY_COLUMNS},
}


@pytest.fixture(scope="module")
def voters() -> pd.DataFrame:
    return voter_file()


def test_same_seed_gives_identical_frame() -> None:
    pd.testing.assert_frame_equal(voter_file(800, seed=11), voter_file(800, seed=11))


def test_different_seed_gives_different_frame() -> None:
    assert not voter_file(800, seed=11).equals(voter_file(800, seed=12))


def test_columns_and_dtypes_are_as_documented(voters: pd.DataFrame) -> None:
    assert {c: str(t) for c, t in voters.dtypes.items()} == EXPECTED_DTYPES


def test_has_n_rows_with_unique_sequential_ids() -> None:
    frame = voter_file(250, seed=1)
    assert len(frame) == 250
    assert frame.voter_id.iloc[0] == "V00001" and frame.voter_id.iloc[-1] == "V00250"
    assert frame.voter_id.is_unique


def test_ages_are_adults_and_match_birth_dates(voters: pd.DataFrame) -> None:
    assert voters.age.between(18, 95).all()
    day = pd.Timestamp("2024-11-05")
    birthday_passed = (voters.birth_date.dt.month < day.month) | (
        (voters.birth_date.dt.month == day.month) & (voters.birth_date.dt.day <= day.day))
    age = day.year - voters.birth_date.dt.year - (~birthday_passed).astype(int)
    assert (age == voters.age).all()


def test_categories_take_only_documented_values(voters: pd.DataFrame) -> None:
    assert set(voters.sex) == {"F", "M"}
    assert set(voters.party) == set(PARTIES)
    assert set(voters.zip) == set(ZIPS) and len(ZIPS) == 12
    assert voters.zip.str.fullmatch(r"\d{5}").all()


def test_party_shares_are_plausible(voters: pd.DataFrame) -> None:
    shares = voters.party.value_counts(normalize=True)
    assert 0.30 < shares["DEM"] < 0.48 and 0.25 < shares["REP"] < 0.42
    assert 0.15 < shares["UNA"] < 0.35 and shares["OTH"] < 0.08


def test_turnout_rates_are_plausible(voters: pd.DataFrame) -> None:
    rates = voters[list(HISTORY_COLUMNS)].mean()
    assert 0.5 < rates["voted_2020"] < 0.85
    assert 0.55 < rates["voted_2024"] < 0.85
    assert rates["voted_2018"] < rates["voted_2020"]  # midterms draw fewer voters
    assert rates["voted_2022"] < rates["voted_2024"]


def test_turnout_rises_with_age(voters: pd.DataFrame) -> None:
    young = voters[voters.age < 30].voted_2024.mean()
    old = voters[voters.age.between(60, 79)].voted_2024.mean()
    assert old > young + 0.15


def test_turnout_rises_with_past_turnout(voters: pd.DataFrame) -> None:
    after = voters.groupby("voted_2020").voted_2024.mean()
    assert after[True] > after[False] + 0.15


def test_nobody_votes_before_turning_18_or_registering(voters: pd.DataFrame) -> None:
    for year, day in ELECTIONS.items():
        day = pd.Timestamp(day)
        too_young = voters.birth_date > day - pd.DateOffset(years=18)
        unregistered = voters.registered > day
        assert not voters.loc[too_young | unregistered, f"voted_{year}"].any()


def test_registration_falls_between_17th_birthday_and_deadline(voters: pd.DataFrame) -> None:
    assert (voters.registered >= voters.birth_date + pd.DateOffset(years=17)).all()
    assert (voters.registered <= pd.Timestamp("2024-10-21")).all()


def test_default_file_is_generated_quickly() -> None:
    voter_file()  # warm caches
    start = time.perf_counter()
    voter_file()
    assert time.perf_counter() - start < 0.3


@pytest.mark.parametrize("n", [0, -5, 2.5, "100", True, 100_000])
def test_bad_size_raises_usage_error(n: object) -> None:
    with pytest.raises(DataError, match="n must be"):
        voter_file(n)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [-1, 1.5, None])
def test_bad_seed_raises_usage_error(seed: object) -> None:
    with pytest.raises(DataError, match="seed must be"):
        voter_file(10, seed=seed)  # type: ignore[arg-type]


def test_numpy_integer_arguments_are_accepted() -> None:
    assert len(voter_file(np.int64(10), seed=np.int64(3))) == 10
