"""A SYNTHETIC friendship network, generated from a seed (numpy only).

No node is a real person. The graph imitates two features of real online friendship networks
that matter for the Cambridge Analytica story: a heavy-tailed number of friends (most people
have a modest friend list, a few have very long ones) and overlapping friend sets (friends
cluster in communities, so two people's friend lists often share names). See
`friendship_graph` for the generative assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coursekit.errors import DataError

__all__ = ["SocialGraph", "friendship_graph", "pick_installers"]


@dataclass(frozen=True, eq=False)
class SocialGraph:
    """An undirected friendship graph stored as adjacency lists in compressed (CSR) form.

    Person ``i``'s friends are ``indices[indptr[i]:indptr[i + 1]]``, sorted, without
    duplicates or ``i`` itself. ``community`` holds each person's community number.
    """

    indptr: np.ndarray
    indices: np.ndarray
    community: np.ndarray

    @property
    def n(self) -> int:
        """The number of people in the graph."""
        return len(self.indptr) - 1

    def degree(self) -> np.ndarray:
        """The number of friends of each person (an int array of length `n`)."""
        return np.diff(self.indptr)

    def friends(self, person: int) -> np.ndarray:
        """The sorted ids of `person`'s friends."""
        if not 0 <= int(person) < self.n:
            raise DataError(f"friends: person must be from 0 to {self.n - 1}, got {person!r}")
        return self.indices[self.indptr[person]:self.indptr[person + 1]]

    def friend_lists(self) -> list[list[int]]:
        """Every person's friends as plain Python lists (index = person id)."""
        return [self.friends(i).tolist() for i in range(self.n)]

    def exposed(self, installers: np.ndarray | list[int]) -> np.ndarray:
        """The sorted, distinct ids of the installers and all their friends.

        This is who an app with friend permissions can see when `installers` install it.
        """
        people = np.unique(np.asarray(installers, dtype=np.int64))
        if people.size and (people[0] < 0 or people[-1] >= self.n):
            raise DataError(f"exposed: installer ids must be from 0 to {self.n - 1}")
        parts = [people] + [self.friends(i) for i in people]
        return np.unique(np.concatenate(parts)) if parts else people


def friendship_graph(n: int = 20_000, seed: int = 2018, *, mean_degree: float = 50.0,
                     community_size: int = 200, local_share: float = 0.6,
                     tail: float = 2.5) -> SocialGraph:
    """Return a SYNTHETIC friendship graph of `n` people; the same arguments give the same graph.

    Generative assumptions (chosen for teaching, not estimated from any platform):

    * Each person has a sociability weight drawn from a Pareto (power-law) distribution with
      exponent `tail` (2.5: a heavy right tail), scaled so that the expected number of friends
      is about `mean_degree`.
    * People are split at random into communities of `community_size` (think school, workplace,
      neighbourhood).
    * ``n * mean_degree / 2`` friendship ties are drawn. One end of each tie is picked in
      proportion to sociability; with probability `local_share` the other end is picked, again
      in proportion to sociability, from the same community, otherwise from everyone. Ties
      inside communities are what make friend lists overlap.
    * Duplicate ties and ties to oneself are dropped, so the realised mean degree comes out
      below `mean_degree` (about 41 for the defaults).
    """
    _validate(n, seed, mean_degree, community_size, local_share, tail)
    rng = np.random.default_rng(seed)
    weight = _sociability(rng, n, tail, mean_degree)
    community = rng.permutation(n) // community_size
    m = round(n * mean_degree / 2)
    source = _pick(rng, np.cumsum(weight), m)
    target = np.where(rng.random(m) < local_share,
                      _pick_within(rng, weight, community, source),
                      _pick(rng, np.cumsum(weight), m))
    return _from_edges(n, source, target, community)


def _validate(n: object, seed: object, mean_degree: float, community_size: int,
              local_share: float, tail: float) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= 1_000_000:
        raise DataError(f"friendship_graph: n must be an integer from 2 to 1000000, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"friendship_graph: seed must be a non-negative integer, got {seed!r}")
    if not 0 < mean_degree < n:
        raise DataError(f"friendship_graph: mean_degree must be between 0 and n, "
                         f"got {mean_degree!r}")
    if not 2 <= community_size <= n:
        raise DataError(f"friendship_graph: community_size must be from 2 to n, "
                         f"got {community_size!r}")
    if not 0 <= local_share <= 1:
        raise DataError(f"friendship_graph: local_share must be from 0 to 1, got {local_share!r}")
    if not tail > 1:
        raise DataError(f"friendship_graph: tail must be greater than 1, got {tail!r}")


def _sociability(rng: np.random.Generator, n: int, tail: float, mean_degree: float
                 ) -> np.ndarray:
    """Pareto weights (minimum 1), capped so nobody expects more than a tenth of all as friends."""
    weight = 1.0 + rng.pareto(tail - 1.0, size=n)
    return np.minimum(weight, weight.mean() * max(n / 10 / mean_degree, 1.0))


def _pick(rng: np.random.Generator, cumulative: np.ndarray, size: int) -> np.ndarray:
    """`size` people drawn with probability proportional to their weight."""
    draws = rng.random(size) * cumulative[-1]
    order = np.argsort(draws)  # sorted queries search much faster; results go back in place
    picked = np.empty(size, dtype=np.int64)
    picked[order] = np.searchsorted(cumulative, draws[order], side="right")
    return picked


def _pick_within(rng: np.random.Generator, weight: np.ndarray, community: np.ndarray,
                 anchor: np.ndarray) -> np.ndarray:
    """For each anchor, one person from the anchor's community, proportional to weight."""
    order = np.argsort(community, kind="stable")
    cumulative = np.cumsum(weight[order])
    starts = np.searchsorted(community[order], np.arange(community.max() + 2))
    c = community[anchor]
    low = np.where(starts[c] > 0, cumulative[starts[c] - 1], 0.0)
    high = cumulative[starts[c + 1] - 1]
    draws = low + rng.random(len(anchor)) * (high - low)
    by_draw = np.argsort(draws)  # sorted queries search much faster; results go back in place
    found = np.empty(len(draws), dtype=np.int64)
    found[by_draw] = np.searchsorted(cumulative, draws[by_draw], side="right")
    position = np.minimum(found, starts[c + 1] - 1)
    return order[position]


def _from_edges(n: int, source: np.ndarray, target: np.ndarray,
                community: np.ndarray) -> SocialGraph:
    keep = source != target
    low = np.minimum(source, target)[keep].astype(np.int64)
    high = np.maximum(source, target)[keep].astype(np.int64)
    key = np.sort(low * n + high)
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    low, high = key // n, key % n
    rows = np.concatenate([low, high])
    cols = np.concatenate([high, low])
    order = np.argsort(rows * n + cols)  # unique keys: same order as lexsort((cols, rows))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return SocialGraph(indptr=indptr, indices=cols[order].astype(np.int64), community=community)


def pick_installers(graph: SocialGraph, k: int, seed: int = 270) -> np.ndarray:
    """`k` distinct people chosen uniformly at random (seeded): the app's installers, sorted."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k <= graph.n:
        raise DataError(f"pick_installers: k must be an integer from 0 to {graph.n}, got {k!r}")
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(graph.n, size=int(k), replace=False)).astype(np.int64)
