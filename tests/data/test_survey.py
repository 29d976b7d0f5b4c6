"""The synthetic survey: deterministic, de-identified, linkable through its quasi-identifiers."""

from __future__ import annotations

import pandas as pd
import pytest

from coursekit.data.survey import ANSWERS, survey_responses, survey_truth
from coursekit.data.voters import voter_file
from coursekit.errors import DataError


@pytest.fixture(scope="module")
def voters() -> pd.DataFrame:
    return voter_file(2000, seed=3)


def test_same_seed_gives_the_same_survey(voters):
    pd.testing.assert_frame_equal(survey_responses(voters, 300, seed=9),
                                  survey_responses(voters, 300, seed=9))


def test_another_seed_gives_another_survey(voters):
    first = survey_responses(voters, 300, seed=9)
    other = survey_responses(voters, 300, seed=10)
    assert not first.equals(other)


def test_survey_has_no_names_or_ids_but_keeps_quasi_identifiers(voters):
    survey = survey_responses(voters, 300, seed=9)
    assert list(survey.columns) == ["respondent_id", "zip", "birth_date", "sex", "vote_2024"]
    assert survey.respondent_id.is_unique
    assert set(survey.vote_2024) <= set(ANSWERS)
    assert str(survey.birth_date.dtype) == "datetime64[ns]"


def test_truth_links_on_file_respondents_to_their_voter_record(voters):
    survey = survey_responses(voters, 300, seed=9, off_file_share=0.2)
    truth = survey_truth(voters, 300, seed=9, off_file_share=0.2)
    assert truth.isna().sum() == 60
    on_file = truth.dropna()
    linked = survey.set_index("respondent_id").loc[on_file.index]
    records = voters.set_index("voter_id").loc[on_file.to_numpy()]
    for column in ("zip", "birth_date", "sex"):
        assert (linked[column].to_numpy() == records[column].to_numpy()).all()


def test_row_order_does_not_follow_the_voter_file(voters):
    truth = survey_truth(voters, 300, seed=9, off_file_share=0.0)
    order = truth.str[1:].astype(int).to_numpy()
    assert not (order[1:] > order[:-1]).all()


def test_non_voters_mostly_say_they_did_not_vote(voters):
    survey = survey_responses(voters, 1000, seed=1, off_file_share=0.0)
    truth = survey_truth(voters, 1000, seed=1, off_file_share=0.0)
    voted = voters.set_index("voter_id").loc[truth.to_numpy(), "voted_2024"].to_numpy()
    said = survey.vote_2024.to_numpy() != "Did not vote"
    assert said[voted].all()
    assert 0.05 < said[~voted].mean() < 0.3


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be"),
    ({"seed": -2}, "seed must be"),
    ({"off_file_share": 1.0}, "off_file_share"),
    ({"n": 5000}, "only 2000 voters"),
])
def test_bad_arguments_raise_a_usage_error(voters, kwargs, message):
    with pytest.raises(DataError, match=message):
        survey_responses(voters, **kwargs)


def test_a_frame_that_is_not_a_voter_file_is_refused():
    with pytest.raises(DataError, match="voter file"):
        survey_responses(pd.DataFrame({"zip": ["00101"]}))
