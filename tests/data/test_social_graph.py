"""The synthetic friendship graph: deterministic, well-formed, heavy-tailed, overlapping."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit.data.social_graph import friendship_graph, pick_installers
from coursekit.errors import DataError


@pytest.fixture(scope="module")
def graph():
    return friendship_graph(5_000, seed=11)


def test_same_seed_gives_the_same_graph(graph):
    again = friendship_graph(5_000, seed=11)
    assert np.array_equal(graph.indptr, again.indptr)
    assert np.array_equal(graph.indices, again.indices)
    assert np.array_equal(graph.community, again.community)


def test_another_seed_gives_another_graph(graph):
    other = friendship_graph(5_000, seed=12)
    assert not np.array_equal(graph.indices[:1000], other.indices[:1000])


def test_friendships_are_mutual_without_self_ties_or_duplicates(graph):
    rows = np.repeat(np.arange(graph.n), graph.degree())
    assert not np.any(rows == graph.indices)
    pairs = set(zip(rows.tolist(), graph.indices.tolist(), strict=True))
    assert len(pairs) == len(rows)
    assert all((b, a) in pairs for a, b in list(pairs)[:5000])


def test_friend_lists_are_sorted(graph):
    for person in range(0, graph.n, 97):
        friends = graph.friends(person)
        assert np.all(np.diff(friends) > 0)


def test_degrees_are_heavy_tailed(graph):
    degree = graph.degree()
    assert degree.max() > 8 * np.median(degree)
    assert degree.mean() > np.median(degree)


def test_friends_mostly_share_a_community(graph):
    rows = np.repeat(np.arange(graph.n), graph.degree())
    same = graph.community[rows] == graph.community[graph.indices]
    assert 0.4 < same.mean() < 0.9


def test_exposed_is_the_union_of_installers_and_their_friends(graph):
    installers = [3, 10, 10, 4000]
    expected = {3, 10, 4000}
    for person in (3, 10, 4000):
        expected.update(graph.friends(person).tolist())
    assert graph.exposed(installers).tolist() == sorted(expected)


def test_exposed_of_nobody_is_empty(graph):
    assert graph.exposed([]).size == 0


def test_exposed_rejects_unknown_people(graph):
    with pytest.raises(DataError, match="installer ids"):
        graph.exposed([graph.n])


def test_pick_installers_is_seeded_and_distinct(graph):
    first = pick_installers(graph, 200, seed=5)
    assert np.array_equal(first, pick_installers(graph, 200, seed=5))
    assert len(set(first.tolist())) == 200


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 1}, "n must be"),
    ({"n": 1000, "seed": -1}, "seed must be"),
    ({"n": 1000, "mean_degree": 0}, "mean_degree"),
    ({"n": 1000, "community_size": 1}, "community_size"),
    ({"n": 1000, "local_share": 1.5}, "local_share"),
    ({"n": 1000, "tail": 1.0}, "tail"),
])
def test_bad_arguments_raise_a_usage_error(kwargs, message):
    with pytest.raises(DataError, match=message):
        friendship_graph(**kwargs)
