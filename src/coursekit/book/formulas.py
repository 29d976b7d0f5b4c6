"""Math rendered at build time: each formula becomes a small SVG image, so no page loads MathJax.

The book's formulas are short (fractions, roots, sub- and superscripts, Greek letters), which
matplotlib's mathtext draws without LaTeX. Each inline or display formula of a page is replaced,
after Sphinx has resolved the page, by an ``<img>`` holding the SVG (a data URI: no extra
request), sized in ``em`` so it scales with the text, with a spoken form of the TeX as its alt
text. A formula mathtext cannot draw fails the build (a warning, fatal under ``-W``) and names it.
"""

from __future__ import annotations

import base64
import html
import io
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from coursekit.errors import BuildError

__all__ = ["FormulaError", "formula_img", "render_formulas", "spoken", "svg_formula"]

_LOGGER = logging.getLogger(__name__)
_POINTS = 12.0  # the font size formulas are drawn at; 1em of text = this many points


class FormulaError(BuildError, ValueError):
    """mathtext could not draw a formula."""


def svg_formula(tex: str) -> tuple[str, float, float, float]:
    """The SVG of `tex` and its width, height and depth below the baseline, in em."""
    import matplotlib
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "coursekit"}):
        try:
            depth = mathtext.math_to_image(f"${tex}$", buffer, format="svg",
                                           prop=FontProperties(size=_POINTS))
        except (ValueError, RuntimeError) as exc:
            raise FormulaError(f"cannot draw the formula {tex!r}: {exc}") from None
    svg = buffer.getvalue().decode("utf-8")
    size = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if size is None:
        raise FormulaError(f"cannot draw the formula {tex!r}: no size in matplotlib's SVG")
    width, height = (float(v) / _POINTS for v in size.groups())
    return svg, width, height, float(depth or 0) / _POINTS


_SPOKEN = ((r"\\(?:text|mathrm|mathit)\{([^{}]*)\}", r"\1"),
           (r"\\times", " times "), (r"\\pm", " plus or minus "), (r"\\cdot", " times "),
           (r"\\(?:var)?epsilon", " epsilon "),
           (r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1) over (\2)"),
           (r"\\sqrt\{([^{}]*)\}", r"square root of (\1)"), (r"\\([a-zA-Z]+)", r"\1"),
           (r"\^\{([^{}]*)\}", r" to the power \1"), (r"\^(\w)", r" to the power \1"),
           (r"_\{([^{}]*)\}", r" \1"), (r"_(\w)", r" \1"), (r"[{}]", ""), (r"\s+", " "))


def spoken(tex: str) -> str:
    """A plain-words reading of `tex` for a screen reader (``\\frac{a}{b}`` -> ``(a) over (b)``)."""
    text = tex
    for pattern, repl in _SPOKEN:
        for _ in range(3):  # nested fractions and roots
            text = re.sub(pattern, repl, text)
    return text.strip()


def formula_img(tex: str, *, display: bool = False) -> str:
    """The HTML of one formula: an ``<img>`` (inline) or a centred block holding one."""
    svg, width, height, depth = svg_formula(tex)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    # a displayed formula shrinks to the column rather than scroll (its height follows its width)
    style = (f"width:{width:.2f}em;max-width:100%" if display else
             f"width:{width:.2f}em;height:{height:.2f}em;vertical-align:-{depth:.2f}em")
    img = (f'<img class="ck-math" src="{uri}" alt="{html.escape(spoken(tex))}" '
           f'style="{style}">')
    return f'<div class="ck-math-block">{img}</div>' if display else img


def render_formulas(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace every math node of a resolved page with its build-time image."""
    for node in list(doctree.findall(
            lambda n: isinstance(n, (nodes.math, nodes.math_block)))):
        display = isinstance(node, nodes.math_block)
        tex = node.astext().strip()
        try:
            markup = formula_img(tex, display=display)
        except FormulaError as exc:
            _LOGGER.warning("%s", exc, location=node, type="coursekit", subtype="formula")
            continue
        node.replace_self(nodes.raw("", markup, format="html"))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the build-time math rendering (before pages are written)."""
    app.connect("doctree-resolved", render_formulas, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
