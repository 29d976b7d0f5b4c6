"""The synthetic experiments: deterministic, shaped like the designs they imitate."""

from __future__ import annotations

import pandas as pd
import pytest

from coursekit.data.experiments import BUTTONS, MEDIA, SUBJECTS, email_test, splash_page_test
from coursekit.errors import DataError


def test_splash_page_test_is_deterministic_for_a_seed() -> None:
    pd.testing.assert_frame_equal(splash_page_test(seed=5), splash_page_test(seed=5))
    assert not splash_page_test(seed=5).equals(splash_page_test(seed=6))


def test_splash_page_test_has_every_button_media_pair_once() -> None:
    table = splash_page_test()
    assert len(table) == len(BUTTONS) * len(MEDIA) == 24
    assert not table.duplicated(["button", "media"]).any()
    assert table.iloc[0][["button", "media"]].tolist() == ["Sign up", "Video 1"]


def test_splash_page_counts_are_consistent() -> None:
    table = splash_page_test(visitors_per_page=1000)
    assert table.visitors.between(900, 1100).all()
    assert (table.signups <= table.visitors).all() and (table.signups > 0).all()


def test_images_beat_videos_on_average() -> None:
    table = splash_page_test(visitors_per_page=200_000)
    rate = table.signups / table.visitors
    is_video = table.media.str.startswith("Video")
    assert rate[~is_video].min() > rate[is_video].mean()


def test_email_test_is_deterministic_and_typed() -> None:
    first = email_test(5000, seed=3)
    pd.testing.assert_frame_equal(first, email_test(5000, seed=3))
    assert {c: str(t) for c, t in first.dtypes.items()} == {
        "recipient_id": "str", "subject": "str", "opened": "bool", "donated": "bool"}
    assert set(first.subject) == set(SUBJECTS)


def test_only_openers_donate_and_rates_are_plausible() -> None:
    table = email_test()
    assert not (table.donated & ~table.opened).any()
    rates = table.groupby("subject").donated.mean()
    assert 0.015 < rates[SUBJECTS[0]] < 0.025 and 0.02 < rates[SUBJECTS[1]] < 0.03


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", True])
def test_bad_sizes_raise_usage_error(bad: object) -> None:
    with pytest.raises(DataError):
        email_test(bad)  # type: ignore[arg-type]
    with pytest.raises(DataError):
        splash_page_test(bad)  # type: ignore[arg-type]
