"""Tables that read like a book: human labels, no stray index, separators, aligned cells."""

from __future__ import annotations

import math

import pandas as pd

from coursekit.book.figures import setup_display
from coursekit.book.tables import format_cell, human_label, install, table_html


def test_snake_case_ids_become_human_labels() -> None:
    assert human_label("turnout_2024") == "Turnout 2024"
    assert human_label("voter_id") == "Voter ID" and human_label("zip") == "ZIP"
    assert human_label("Median wage (USD)") == "Median wage (USD)"
    assert human_label(("turnout", "mean")) == "Turnout · Mean"


def test_numbers_get_separators_and_years_do_not() -> None:
    assert format_cell(73220) == ("73,220", True)
    assert format_cell(2020, "year") == ("2020", True)
    assert format_cell(0.476367) == ("0.476", True)
    assert format_cell(98765.4) == ("98,765", True) and format_cell(31.675) == ("31.68", True)
    assert format_cell(math.nan) == ("–", False)
    assert format_cell("Obama") == ("Obama", False)


def test_a_default_index_is_dropped_and_a_named_one_becomes_a_column() -> None:
    frame = pd.DataFrame({"age_band": ["18-29", "30-44"], "voters": [1079, 1311]},
                         index=[4, 9])
    markup = table_html(frame)
    assert "<th scope=\"col\">Age band</th><th scope=\"col\">Voters</th>" in markup
    assert ">4<" not in markup and '<td class="ck-num">1,079</td>' in markup
    grouped = frame.set_index("age_band")
    assert '<th scope="col">Age band</th>' in table_html(grouped)
    assert "<th></th>" not in table_html(grouped)


def test_long_tables_show_their_ends() -> None:
    markup = table_html(pd.DataFrame({"n": range(100)}), max_rows=10)
    assert markup.count("<tr>") == 1 + 10 + 1 and "90 more rows" in markup


def test_outside_a_kernel_nothing_is_installed() -> None:
    assert install() is False
    assert setup_display() is False
