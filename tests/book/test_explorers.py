"""Explorers: a labelled slider over precomputed results that works without Python running."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from coursekit.book.explorers import explorer_html, live_explorer, render_state
from coursekit.errors import DataError

STATES = {1: "one in a group", 5: "five in a group", 10: "ten in a group"}


def payload(html: str) -> list[dict[str, str]]:
    data = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    assert data is not None
    return json.loads(data.group(1))


def test_slider_is_a_labelled_range_over_every_state() -> None:
    html = explorer_html(STATES, label="Group size k", explorer_id="k-explorer")
    assert '<label for="k-explorer-input">Group size k</label>' in html
    assert re.search(r'<input type="range" id="k-explorer-input" min="0" max="2" step="1" '
                     r'value="0"', html)
    assert [s["label"] for s in payload(html)] == ["1", "5", "10"]
    assert 'data-coursekit-explorer' in html


def test_initial_state_is_in_the_page_without_javascript() -> None:
    html = explorer_html(STATES, label="k", initial=5, explorer_id="e1")
    result = re.search(r'<div id="e1-result"[^>]*>(.*?)</div>', html, re.S)
    assert result is not None and result.group(1) == "<p>five in a group</p>"
    assert 'value="1"' in html and 'aria-valuetext="5"' in html


def test_value_format_names_the_values() -> None:
    html = explorer_html({0.5: "a", 2.0: "b"}, label="epsilon", value_format="ε = {:g}")
    assert [s["label"] for s in payload(html)] == ["ε = 0.5", "ε = 2"]
    html = explorer_html({3: "a"}, label="k", value_format=lambda k: f"k={k}")
    assert payload(html)[0]["label"] == "k=3"


def test_tables_are_rendered_escaped_without_index() -> None:
    frame = pd.DataFrame({"zip": ["001**"], "note": ["<b>x</b>"]})
    fragment = render_state(frame)
    assert fragment.startswith("<table") and "&lt;b&gt;x&lt;/b&gt;" in fragment
    assert "<th></th>" not in fragment
    assert render_state(["a & b", frame]).startswith("<p>a &amp; b</p><table")


def test_state_text_cannot_break_out_of_the_script() -> None:
    html = explorer_html({1: "</script><script>alert(1)</script>"}, label="k")
    assert html.count("</script>") == 2  # the JSON block and the code block, nothing else
    assert payload(html)[0]["html"] == ("<p>&lt;/script&gt;&lt;script&gt;alert(1)"
                                        "&lt;/script&gt;</p>")


def test_default_id_is_stable_and_differs_between_explorers() -> None:
    first = explorer_html(STATES, label="k")
    assert first == explorer_html(STATES, label="k")
    assert re.search(r'id="(ck-explorer-[0-9a-f]{10})"', first)
    assert first != explorer_html(STATES, label="another k")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"states": {}, "label": "k"}, "states is empty"),
    ({"states": STATES, "label": " "}, "label must be"),
    ({"states": STATES, "label": "k", "initial": 7}, "initial value 7"),
    ({"states": STATES, "label": "k", "explorer_id": "1 bad"}, "explorer_id"),
    ({"states": {1: 3.5}, "label": "k"}, "must be text"),
])
def test_bad_input_raises_a_usage_error(kwargs: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        explorer_html(**kwargs)


def test_live_explorer_does_nothing_outside_a_kernel() -> None:
    assert live_explorer(lambda v: str(v), [1, 2], label="k") is None
    with pytest.raises(DataError, match="values is empty"):
        live_explorer(lambda v: str(v), [], label="k")


@pytest.mark.browser
def test_moving_the_slider_changes_the_result_without_python(tmp_path: Path,
                                                             chromium: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    table = pd.DataFrame({"k": [10], "groups": [4]})
    page_html = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>t</title>"
                 "</head><body><main>"
                 + explorer_html({1: "first", 2: table, 3: "third"}, label="Pick a value",
                                 explorer_id="demo")
                 + "</main></body></html>")
    path = tmp_path / "explorer.html"
    path.write_text(page_html, encoding="utf-8")
    page = chromium.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(path.as_uri())
        assert page.inner_text("#demo-result") == "first"
        slider = page.get_by_role("slider", name="Pick a value")
        slider.focus()
        page.keyboard.press("ArrowRight")
        assert page.inner_text("#demo-value") == "2"
        assert page.locator("#demo-result table td").first.inner_text() == "10"
        assert slider.get_attribute("aria-valuetext") == "2"
        slider.fill("2")
        assert page.inner_text("#demo-result") == "third"
        violations = Axe().run(page).response["violations"]
        serious = [v["id"] for v in violations if v.get("impact") in ("serious", "critical")]
        assert not serious
        assert not errors
    finally:
        page.close()


def test_categories_get_a_drop_down_list_and_numbers_a_slider() -> None:
    states = {"Texas": "TX table", "Ohio": "OH table", "Utah": "UT table"}
    markup = explorer_html(states, label="State", initial="Ohio")
    assert 'data-coursekit-explorer="select"' in markup and "<select" in markup
    assert '<option value="1" selected>Ohio</option>' in markup
    assert 'type="range"' not in markup
    assert 'type="range"' in explorer_html({1: "a", 2: "b"}, label="k")
    assert "<select" in explorer_html({1: "a", 2: "b"}, label="k", control="select")


def test_an_unknown_control_is_refused() -> None:
    with pytest.raises(DataError, match="control must be"):
        explorer_html({1: "a"}, label="k", control="knob")
