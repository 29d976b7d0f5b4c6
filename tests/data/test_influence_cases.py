"""Chapter 5's classified cases: real and invented, every label used, sources that exist."""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.data import influence_cases as ic
from coursekit.data.ethics_checklist import PRACTICE_KEYS, VERDICTS

BIB = Path(__file__).resolve().parents[2] / "book"


def _bib_keys() -> set[str]:
    text = "\n".join(p.read_text() for p in BIB.glob("references*.bib"))
    return set(re.findall(r"^@\w+\{([^,]+),", text, flags=re.M))


def test_at_least_six_cases_real_and_invented_covering_all_four_labels() -> None:
    table = ic.cases_table()
    assert len(table) >= 6 and table.id.is_unique
    assert table.real.any() and (~table.real).any()
    assert set(table.label) == set(ic.LABELS)
    assert set(table.verdict) <= set(VERDICTS)


def test_every_real_case_cites_a_bibliography_entry_and_invented_ones_cite_nothing() -> None:
    keys = _bib_keys()
    for case in ic.CASES:
        assert set(case.practice) == set(PRACTICE_KEYS), case.id
        if case.real:
            assert case.source in keys, case.id
        else:
            assert case.source == "", case.id


def test_label_puts_manipulation_above_the_aim() -> None:
    by_id = {c.id: c for c in ic.CASES}
    assert ic.label(by_id["ira2016"].practice) == "manipulation"
    assert by_id["ira2016"].practice["aim"] == "demobilise"
    assert ic.label(by_id["signed_reminder"].practice) == "mobilisation"
