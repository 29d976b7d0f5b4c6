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
