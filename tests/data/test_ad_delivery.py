"""The synthetic ad-delivery model: seeded, valid, and skewed only when it optimises."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit.data import ad_delivery as ad
from coursekit.errors import DataError


@pytest.fixture(scope="module")
def users():  # type: ignore[no-untyped-def]
    return ad.platform_users(8_000, seed=3)


def test_the_same_seed_gives_the_same_users_and_the_same_delivery(users) -> None:  # type: ignore[no-untyped-def]
    again = ad.platform_users(8_000, seed=3)
    assert users.equals(again)
    assert np.array_equal(ad.deliver(users, "DEM", 500, seed=1),
                          ad.deliver(again, "DEM", 500, seed=1))
    assert not ad.platform_users(8_000, seed=4).equals(users)


def test_delivery_returns_budget_distinct_known_users(users) -> None:  # type: ignore[no-untyped-def]
    for optimise in (True, False):
        reached = ad.deliver(users, "REP", 700, seed=2, optimise=optimise)
        assert len(reached) == len(np.unique(reached)) == 700
        assert set(reached.tolist()) <= set(users.user_id.tolist())


def test_optimised_delivery_skews_each_ad_towards_its_own_side(users) -> None:  # type: ignore[no-untyped-def]
    dem_ad = ad.party_share(users, ad.deliver(users, "DEM", 800, seed=5), "DEM")
    rep_ad = ad.party_share(users, ad.deliver(users, "REP", 800, seed=5), "DEM")
    base = float((users.party == "DEM").mean())
    assert dem_ad > base + 0.15 and rep_ad < base - 0.15


def test_random_delivery_mirrors_the_audience(users) -> None:  # type: ignore[no-untyped-def]
    base = float((users.party == "DEM").mean())
    shares = [ad.party_share(users, ad.deliver(users, p, 2_000, seed=6, optimise=False), "DEM")
              for p in ("DEM", "REP")]
    assert all(abs(s - base) < 0.04 for s in shares)


def test_the_skew_is_largest_for_small_budgets(users) -> None:  # type: ignore[no-untyped-def]
    def gap(budget: int) -> float:
        return (ad.party_share(users, ad.deliver(users, "DEM", budget, seed=7), "DEM")
                - ad.party_share(users, ad.deliver(users, "REP", budget, seed=7), "DEM"))

    assert gap(300) > gap(3_000) > gap(7_000) > 0


@pytest.mark.parametrize(("call", "words"), [
    (lambda u: ad.deliver(u, "DEM", 0), "budget must be"),
    (lambda u: ad.deliver(u, "DEM", 10**9), "budget must be"),
    (lambda u: ad.deliver(u, "GRN", 10), "ad_party"),
    (lambda u: ad.party_share(u, np.array([], dtype=int), "DEM"), "nobody"),
    (lambda u: ad.party_share(u, np.array([1]), "dem"), "party must be"),
    (lambda u: ad.platform_users(-1), "n must be"),
])
def test_bad_arguments_get_a_one_line_error(users, call, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DataError, match=words):
        call(users)
