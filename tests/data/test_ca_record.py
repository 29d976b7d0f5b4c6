"""The Cambridge Analytica record: every statement sourced, classified with known values."""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.data import ca_record

BIB = Path(__file__).resolve().parents[2] / "book"


def test_every_statement_cites_an_existing_bibliography_entry() -> None:
    text = "\n".join(p.read_text() for p in BIB.glob("references*.bib"))
    keys = set(re.findall(r"^@\w+\{([^,]+),", text, flags=re.M))
    frame = ca_record.ca_statements()
    assert set(frame.source) <= keys


def test_classifications_use_the_documented_values_and_cover_both_directions() -> None:
    frame = ca_record.ca_statements()
    assert list(frame.columns) == list(ca_record.COLUMNS)
    assert set(frame.kind) <= set(ca_record.KINDS)
    assert set(frame.bears_on) == {"use", "effect"}
    assert set(frame.direction) == {"for", "against", "neither"}
    assert frame.stake.dtype == bool and frame.stake.any() and (~frame.stake).any()
    assert frame.statement.is_unique


def test_no_disinterested_statement_measures_an_effect_in_favour() -> None:
    frame = ca_record.ca_statements()
    favour = frame[(frame.bears_on == "effect") & (frame.direction == "for")]
    assert len(favour) >= 1 and favour.stake.all()
