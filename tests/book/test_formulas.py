"""Formulas drawn at build time: an image sized in em, with a spoken alt text."""

from __future__ import annotations

import pytest

from coursekit.book.formulas import FormulaError, formula_img, spoken, svg_formula


def test_a_fraction_becomes_an_svg_sized_in_em() -> None:
    svg, width, height, depth = svg_formula(r"R = \frac{M}{2 \times \text{effect}}")
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    assert 3 < width < 10 and 0.8 < height < 3 and depth > 0


def test_inline_formula_sits_on_the_baseline_and_display_shrinks_to_the_column() -> None:
    inline = formula_img("k-1")
    assert 'class="ck-math"' in inline and "vertical-align:-" in inline
    block = formula_img(r"P(|\text{noise}| > t) = e^{-t\varepsilon}", display=True)
    assert block.startswith('<div class="ck-math-block">') and "max-width:100%" in block


def test_alt_text_reads_the_formula_in_words() -> None:
    assert spoken(r"R = \frac{M}{2 \times \text{effect}}") == "R = (M) over (2 times effect)"
    assert spoken(r"e^{-t\varepsilon}") == "e to the power -t epsilon"


def test_a_formula_mathtext_cannot_draw_is_named() -> None:
    with pytest.raises(FormulaError, match=r"\\begin"):
        svg_formula(r"\begin{aligned} a &= b \end{aligned}")
