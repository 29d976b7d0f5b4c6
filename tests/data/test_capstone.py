"""The capstone's synthetic consent records, past programme and published tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coursekit.data import capstone
from coursekit.data.capstone import (
    CHANNELS,
    consent_records,
    contact_list,
    k_anonymous,
    laplace_release,
    lift_interval,
    past_programme,
    turnout_table,
    use_permitted,
)
from coursekit.data.voters import voter_file
from coursekit.errors import CoursekitError


@pytest.fixture(scope="module")
def voters() -> pd.DataFrame:
    return voter_file(2000, seed=7)


def test_consent_records_are_deterministic_for_a_seed(voters):
    pd.testing.assert_frame_equal(consent_records(voters, seed=3), consent_records(voters, seed=3))
    assert not consent_records(voters, seed=3).equals(consent_records(voters, seed=4))


def test_consent_records_have_one_row_per_voter_and_known_values(voters):
    consent = consent_records(voters)
    assert consent["voter_id"].tolist() == voters["voter_id"].tolist()
    for channel in CHANNELS:
        assert set(consent[channel]) <= set(capstone.CONSENT_VALUES)
    assert consent["do_not_contact"].dtype == bool
    assert 0.01 < consent["do_not_contact"].mean() < 0.06


def test_younger_voters_opt_in_to_texts_more_often(voters):
    consent = consent_records(voters)
    sms_in = consent["sms"].eq("opt_in")
    assert sms_in[voters["age"] < 35].mean() > sms_in[voters["age"] >= 65].mean()


def test_purpose_rule_allows_election_uses_and_forbids_commercial_ones():
    assert use_permitted("election") and use_permitted("scholarly")
    assert not use_permitted("commercial")
    assert not use_permitted("unheard-of purpose")


@pytest.mark.parametrize("status, channel, dnc, allowed", [
    ("no_record", "mail", False, True),
    ("no_record", "phone", False, True),
    ("no_record", "sms", False, False),
    ("no_record", "email", False, False),
    ("opt_in", "sms", False, True),
    ("opt_out", "mail", False, False),
    ("opt_in", "email", True, False),
])
def test_channel_rule(status, channel, dnc, allowed):
    assert capstone.channel_permitted(status, channel, dnc) is allowed


def test_contact_list_respects_every_opt_out_and_prefers_cheaper_channels(voters):
    consent = consent_records(voters)
    contacts = contact_list(voters, consent).merge(consent, on="voter_id")
    assert not contacts["do_not_contact"].any()
    for row in contacts.itertuples():
        assert getattr(row, row.channel) != "opt_out"
        earlier = CHANNELS[:CHANNELS.index(row.channel)]
        assert not any(capstone.channel_permitted(getattr(row, c), c) for c in earlier)
    assert contacts["voter_id"].is_unique


def test_contact_list_is_empty_for_a_forbidden_purpose(voters):
    assert contact_list(voters, consent_records(voters), purpose="commercial").empty


def test_past_programme_is_deterministic_and_randomised_half_and_half(voters):
    a, b = past_programme(voters, seed=11), past_programme(voters, seed=11)
    pd.testing.assert_frame_equal(a, b)
    assert a["assigned"].sum() == len(a) // 2
    assert not (a["reached"] & ~a["assigned"]).any()
    assert set(a["voter_id"]) <= set(voters["voter_id"])


def test_programme_leaves_out_voters_registered_too_late(voters):
    late = voters.loc[voters["registered"] > pd.Timestamp("2023-10-23"), "voter_id"]
    assert late.size > 0
    assert not set(late) & set(past_programme(voters)["voter_id"])


def test_randomised_estimate_recovers_the_true_effect_on_a_large_file():
    big = voter_file(40000, seed=5)
    _lift, low, high = lift_interval(past_programme(big, seed=1))
    true_itt = 0.6 * capstone.TRUE_EFFECT_IF_REACHED  # about 60% of the assigned are reached
    assert low < true_itt < high
    assert high - low < 0.03


def test_lift_interval_matches_the_textbook_formula():
    programme = pd.DataFrame({"assigned": [True] * 4 + [False] * 4,
                              "voted_2023": [True, True, True, False, True, False, False, False]})
    lift, low, high = lift_interval(programme)
    se = np.sqrt(0.75 * 0.25 / 4 + 0.25 * 0.75 / 4)
    assert lift == pytest.approx(0.5)
    assert (low, high) == pytest.approx((0.5 - 1.96 * se, 0.5 + 1.96 * se))


def test_turnout_table_counts_every_voter_once(voters):
    table = turnout_table(voters)
    assert table["voters"].sum() == len(voters)
    assert table["voted_2024"].sum() == voters["voted_2024"].sum()
    assert set(table["age_band"]) <= set(capstone.AGE_LABELS)


def test_k_anonymous_table_has_no_cell_below_k(voters):
    table = turnout_table(voters)
    assert table["voters"].min() < 10  # the raw table has small cells to suppress
    published = k_anonymous(table, 10)
    assert published["voters"].min() >= 10
    assert len(published) == (table["voters"] >= 10).sum()


def test_laplace_release_is_reproducible_whole_and_non_negative(voters):
    table = turnout_table(voters)
    one, two = laplace_release(table, 0.5, seed=9), laplace_release(table, 0.5, seed=9)
    pd.testing.assert_frame_equal(one, two)
    assert (one["noisy_voters"] >= 0).all()
    assert one["noisy_voters"].dtype == "int64"
    assert not one["noisy_voters"].equals(table["voters"])


def test_smaller_epsilon_means_more_noise(voters):
    table = turnout_table(voters)
    loud = (laplace_release(table, 0.1, seed=1)["noisy_voters"] - table["voters"]).abs().mean()
    quiet = (laplace_release(table, 5.0, seed=1)["noisy_voters"] - table["voters"]).abs().mean()
    assert loud > quiet


@pytest.mark.parametrize("call", [
    lambda v: consent_records(v, seed=-1),
    lambda v: consent_records(v.drop(columns="age")),
    lambda v: past_programme("not a frame"),
    lambda v: k_anonymous(turnout_table(v), 0),
    lambda v: laplace_release(turnout_table(v), epsilon=0),
    lambda v: capstone.channel_permitted("opt_in", "carrier pigeon"),
])
def test_bad_input_raises_one_line_coursekit_error(voters, call):
    with pytest.raises(CoursekitError) as info:
        call(voters)
    assert "\n" not in str(info.value)
