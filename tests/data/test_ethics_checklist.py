"""The ethics checklist is well-formed data that chapters 5 and 8 can rely on."""

from __future__ import annotations

import pytest

from coursekit.data import ethics_checklist as ec


def test_every_item_belongs_to_a_known_criterion_and_ids_are_unique() -> None:
    ids = [i.id for i in ec.ITEMS]
    assert len(ids) == len(set(ids))
    assert {i.criterion for i in ec.ITEMS} == set(ec.CRITERIA)


def test_every_criterion_has_at_least_two_questions() -> None:
    frame = ec.checklist()
    assert list(frame.columns) == ["item_id", "criterion", "question"]
    assert (frame.groupby("criterion").size() >= 2).all()


def test_each_case_is_assessed_once_on_every_item_with_a_known_answer() -> None:
    frame = ec.assessments()
    assert set(frame.case) == set(ec.CASES)
    assert set(frame.answer) <= set(ec.ANSWER_SCORES)
    per_case = frame.groupby("case").item_id.apply(sorted)
    for items in per_case:
        assert items == sorted(i.id for i in ec.ITEMS)
    assert frame.reason.str.len().min() > 20


def test_item_lookup_names_the_known_ids_when_missing() -> None:
    assert ec.item("T2").criterion == "transparency"
    with pytest.raises(KeyError, match="S1"):
        ec.item("Z9")


# -- the assessment rule ---------------------------------------------------------------------

def _practice(aim: str, **changes: object) -> dict[str, object]:
    base: dict[str, object] = {"aim": aim, "source": "public_record", "consent": False,
                               "hidden_sponsor": False, "deceptive": False,
                               "exploits_vulnerability": False, "public_view": False}
    return {**base, **changes}


@pytest.mark.parametrize("public_view", [False, True])
def test_the_same_practice_gets_a_different_verdict_for_each_aim(public_view: bool) -> None:
    verdicts = {aim: ec.verdict(_practice(aim, public_view=public_view)).verdict
                for aim in ec.AIMS}
    assert len(set(verdicts.values())) >= 2
    order = {v: i for i, v in enumerate(ec.VERDICTS)}
    assert order[verdicts["mobilise"]] <= order[verdicts["persuade"]] \
        <= order[verdicts["demobilise"]]
    assert verdicts["mobilise"] == "acceptable"
    assert verdicts["demobilise"] != "acceptable"


def test_a_signed_voter_file_message_out_of_public_view_splits_the_three_aims() -> None:
    got = {aim: ec.verdict(_practice(aim)).verdict for aim in ec.AIMS}
    assert got == {"mobilise": "acceptable", "persuade": "questionable",
                   "demobilise": "unacceptable"}


def test_demobilisation_is_never_acceptable_and_persuasion_needs_public_view() -> None:
    for source in ("public_record", "from_person", "third_party"):
        for consent in (False, True):
            for public_view in (False, True):
                kw = {"source": source, "consent": consent, "public_view": public_view}
                assert ec.verdict(_practice("demobilise", **kw)).verdict != "acceptable"
                if not public_view:
                    assert ec.verdict(_practice("persuade", **kw)).verdict != "acceptable"


@pytest.mark.parametrize("sign", sorted(ec.MANIPULATION_SIGNS))
@pytest.mark.parametrize("aim", sorted(ec.AIMS))
def test_any_sign_of_manipulation_is_unacceptable_whatever_the_aim(sign: str, aim: str) -> None:
    ruled = ec.verdict(_practice(aim, public_view=True, **{sign: True}))
    assert (ruled.verdict, ruled.step) == ("unacceptable", "manipulation")


def test_every_standard_is_explained_and_uses_known_conditions_and_verdicts() -> None:
    assert set(ec.STANDARDS) == set(ec.AIMS)
    for standard in ec.STANDARDS.values():
        assert set(standard.needs) <= set(ec.CONDITIONS)
        assert {standard.met, standard.unmet} <= set(ec.VERDICTS)
        assert len(standard.why.split()) > 20


def test_third_party_data_without_consent_fails_the_lawful_source_condition() -> None:
    ruled = ec.verdict(_practice("mobilise", source="third_party"))
    assert ruled.verdict == "questionable" and "public record" in ruled.why
    assert ec.verdict(_practice("mobilise", source="from_person", consent=True)).verdict \
        == "acceptable"


@pytest.mark.parametrize(("bad", "error", "words"), [
    ("not a dict", TypeError, "dict"),
    ({"aim": "mobilise"}, KeyError, "source"),
    ({**_practice("mobilise"), "aim": "inform"}, ValueError, "aim must be"),
    ({**_practice("mobilise"), "source": "friends"}, ValueError, "source must be"),
])
def test_a_malformed_practice_gets_an_error_naming_the_key(bad: object, error: type,
                                                            words: str) -> None:
    with pytest.raises(error, match=words):
        ec.verdict(bad)  # type: ignore[arg-type]
