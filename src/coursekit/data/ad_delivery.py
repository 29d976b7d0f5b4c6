"""A SYNTHETIC platform audience and an ad-delivery optimiser, generated from a seed (numpy only).

No row is a real person and no number here is estimated from a real platform. The model exists
to show one mechanism that researchers documented with real ad buys (Ali et al., 2019): even
when a campaign targets everyone alike, a platform that delivers each ad to the users it
predicts will respond to it shows a political ad mostly to people who already lean its way,
and most so when the budget is small.

* `platform_users(n, seed)`: users with a registered party and a predicted interest in politics.
* `deliver(users, ad_party, budget, seed, optimise=True)`: who sees one ad.
* `party_share(users, reached, party)`: the share of the reached audience registered with a party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from coursekit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PARTIES", "deliver", "party_share", "platform_users"]

PARTIES = ("DEM", "REP", "IND")
_PARTY_SHARES = (0.4, 0.4, 0.2)
_ALIGNMENT = 0.4
"""How much more (in log odds of engaging) a user responds to an ad from their own side."""


def platform_users(n: int = 20_000, seed: int = 2019) -> pd.DataFrame:
    """Return a SYNTHETIC audience of `n` platform users; the same arguments give the same frame.

    Columns: ``user_id`` (int), ``party`` ("DEM" 40%, "REP" 40%, "IND" 20%), ``interest``
    (a lognormal "interest in politics" the platform has learned, median 1).
    """
    import pandas as pd

    _check_int("platform_users", "n", n, 1, 2_000_000)
    _check_int("platform_users", "seed", seed, 0, 2**63 - 1)
    rng = np.random.default_rng(seed)
    party = rng.choice(np.array(PARTIES), size=n, p=_PARTY_SHARES)
    interest = rng.lognormal(mean=0.0, sigma=0.6, size=n)
    return pd.DataFrame({"user_id": np.arange(n, dtype=np.int64), "party": party.astype(str),
                         "interest": interest})


def predicted_response(users: pd.DataFrame, ad_party: str) -> np.ndarray:
    """The optimiser's predicted chance that each user engages with an ad from `ad_party`:
    interest times a boost for users of the same party and a penalty for the other party."""
    if ad_party not in ("DEM", "REP"):
        raise DataError(f"ad_party must be \"DEM\" or \"REP\", not {ad_party!r}")
    party = users["party"].to_numpy()
    other = "REP" if ad_party == "DEM" else "DEM"
    lean = np.where(party == ad_party, 1.0, np.where(party == other, -1.0, 0.0))
    odds = 0.02 * users["interest"].to_numpy() * np.exp(_ALIGNMENT * lean)
    return odds / (1 + odds)


def deliver(users: pd.DataFrame, ad_party: str, budget: int, seed: int = 0,
            optimise: bool = True) -> np.ndarray:
    """The sorted ``user_id`` values of the `budget` users who see one ad.

    Every user is in the campaign's target audience (the broadest targeting there is). With
    `optimise`, the platform ranks users by predicted response times a random auction factor
    (lognormal, seeded) and shows the ad to the top `budget`; without it, to `budget` users
    drawn at random. Raises DataError for a budget outside 1..len(users) or an unknown party.
    """
    _check_int("deliver", "budget", budget, 1, len(users))
    _check_int("deliver", "seed", seed, 0, 2**63 - 1)
    rng = np.random.default_rng(seed)
    ids = users["user_id"].to_numpy()
    if not optimise:
        predicted_response(users, ad_party)  # validates the party
        return np.sort(rng.choice(ids, size=budget, replace=False))
    score = predicted_response(users, ad_party) * rng.lognormal(0.0, 1.0, size=len(users))
    top = np.argpartition(-score, budget - 1)[:budget]
    return np.sort(ids[top])


def party_share(users: pd.DataFrame, reached: np.ndarray, party: str) -> float:
    """The share of the `reached` users (ids) registered with `party`."""
    if party not in PARTIES:
        raise DataError(f"party must be one of {', '.join(PARTIES)}, not {party!r}")
    if len(reached) == 0:
        raise DataError("party_share: nobody was reached")
    chosen = users.set_index("user_id").loc[np.asarray(reached), "party"]
    return float((chosen == party).mean())


def _check_int(where: str, name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not low <= value <= high:
        raise DataError(f"{where}: {name} must be an integer from {low} to {high}, "
                         f"got {value!r}")
