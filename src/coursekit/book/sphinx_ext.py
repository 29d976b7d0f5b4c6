"""A small Sphinx extension for the course book.

* ``coursekit_hide_solutions = True`` removes every gated solution (fences and the cells between
  them) before sphinx-exercise merges them, and the outputs of check cells: the no-solutions
  edition.
* In the book with solutions, the check cell after a solution is folded into it: its output
  ("Correct: ... is 447") would otherwise show the answer under a closed solution.
* Each exercise is followed by its hints (``problem.hints`` of the exercise definition), as a
  ``<details>`` block that stays folded until the reader opens it (without JavaScript too).
* A cell tagged ``reveals-answer`` (prose or output after a check that states its answer) is
  dropped from the no-solutions edition (a code cell keeps its code, loses its output) and, in
  the book with solutions, folded into a "Discussion" dropdown (a code cell's output is folded).
* Each lesson page gets a link to its learner notebook (no solutions), written at build time to
  ``_static/learner/<lesson>.ipynb``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

_LESSON_DOC_PREFIX = "notebooks/"


class RemoveGatedSolutions(SphinxTransform):
    """Drop each solution-start node, the nodes after it, and its solution-end node."""

    default_priority = 5  # before sphinx-exercise's checks (1 runs first but only validates)

    def apply(self, **kwargs: Any) -> None:
        if not self.config.coursekit_hide_solutions:
            return
        from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

        for start in list(self.document.findall(solution_start_node)):
            parent = start.parent
            if parent is None:
                continue
            index = parent.index(start)
            doomed = [start]
            for sibling in parent.children[index + 1:]:
                doomed.append(sibling)
                if isinstance(sibling, solution_end_node):
                    break
            for node in doomed:
                parent.remove(node)
        for node in list(self.document.findall(solution_node)):
            node.parent.remove(node)
        for cell in list(self.document.findall(nodes.container)):
            if {"tag_check", f"tag_{REVEALS}"} & set(cell.get("classes", [])):
                # A check's output ("Correct — ...") would reveal the answer in this edition.
                for child in list(cell.children):
                    if "cell_output" in child.get("classes", []):
                        cell.remove(child)
        if hasattr(self.env, "sphinx_exercise_gated_registry"):
            self.env.sphinx_exercise_gated_registry.pop(self.env.docname, None)


from coursekit.lessons.source import REVEALS  # noqa: E402 - the cell-tag convention


def answer_cells_folded(raw: str, *, hide: bool) -> str:
    """A notebook's JSON with its ``reveals-answer`` markdown cells dropped (`hide`) or wrapped
    in a folded dropdown; other cells untouched. Returns `raw` itself when nothing is tagged."""
    import json

    nb = json.loads(raw)
    cells, changed = [], False
    for cell in nb.get("cells", []):
        tagged = REVEALS in cell.get("metadata", {}).get("tags", [])
        if not tagged or cell.get("cell_type") != "markdown":
            cells.append(cell)
            continue
        changed = True
        if hide:
            continue
        text = "".join(cell.get("source", ""))
        cell = {**cell, "source": ("`````{admonition} Discussion (it gives an answer away: try "
                                   "the exercise first)\n:class: dropdown ck-reveals\n\n"
                                   f"{text}\n`````\n")}
        cells.append(cell)
    return json.dumps({**nb, "cells": cells}) if changed else raw


def _fold_answer_cells_in_source(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname.startswith(_LESSON_DOC_PREFIX) and REVEALS in source[0]:
        source[0] = answer_cells_folded(source[0], hide=app.config.coursekit_hide_solutions)


def _is_check_cell(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "tag_check" in node.get("classes", [])


class FoldChecksIntoSolutions(SphinxTransform):
    """Move the check cell that follows a solution inside it (the book with solutions)."""

    default_priority = 6  # after RemoveGatedSolutions, before sphinx-exercise merges the gates

    def apply(self, **kwargs: Any) -> None:
        if self.config.coursekit_hide_solutions:
            return
        from sphinx_exercise.nodes import solution_end_node

        for end in list(self.document.findall(solution_end_node)):
            parent = end.parent
            if parent is None:
                continue
            following = parent.children[parent.index(end) + 1:]
            check = next((n for n in following if not isinstance(n, nodes.comment)), None)
            if check is not None and _is_check_cell(check):
                parent.remove(check)
                parent.insert(parent.index(end), check)


_CODE = re.compile(r"`([^`]+)`")


def hints_html(title: str, hints: tuple[str, ...]) -> str:
    """A folded ``<details>`` block listing `hints` (backticks become code), named by `title`."""
    items = "".join("<li>" + _CODE.sub(r"<code>\1</code>", html.escape(hint, quote=False))
                    + "</li>" for hint in hints)
    label = "Hint" if len(hints) == 1 else f"{len(hints)} hints"
    return (f'<details class="ck-hints"><summary>{label} for “{html.escape(title)}”</summary>'
            f"<ol>{items}</ol></details>")


class ExerciseHints(SphinxTransform):
    """Put each exercise's hints, from its definition, right after the exercise."""

    default_priority = 7

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if not docname.startswith(_LESSON_DOC_PREFIX):
            return
        from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

        from coursekit.errors import LessonError
        from coursekit.lessons.registry import get_lesson

        lesson_id = docname[len(_LESSON_DOC_PREFIX):]
        try:
            problems = get_lesson(lesson_id).problems
        except LessonError:
            return
        for node in list(self.document.findall(
                lambda n: isinstance(n, (exercise_enumerable_node, exercise_node)))):
            label = str(node.get("label", ""))
            problem = problems.get(label.removeprefix(f"{lesson_id}-"))
            if problem is None or not problem.hints or node.parent is None:
                continue
            block = nodes.raw("", hints_html(problem.title or problem.id, problem.hints),
                              format="html")
            node.parent.insert(node.parent.index(node) + 1, block)


class LearnerNotebookLink(SphinxTransform):
    """Put a download link to the learner notebook at the top of each lesson page."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if not docname.startswith(_LESSON_DOC_PREFIX):
            return
        lesson = docname[len(_LESSON_DOC_PREFIX):]
        depth = docname.count("/")
        href = "../" * depth + f"_static/learner/{lesson}.ipynb"
        html = (f'<p class="coursekit-download"><a href="{href}" download>'
                f"Download the learner notebook ({lesson}.ipynb)</a> — run it on your own "
                "machine and check your answers as you go.</p>")
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        title_index = 1 if section.children and isinstance(section[0], nodes.title) else 0
        section.insert(title_index, nodes.raw("", html, format="html"))


def _write_learner_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from coursekit.release import release

    out = Path(app.outdir) / "_static" / "learner"
    release(out, src=Path(app.srcdir) / "notebooks", executed_cache=_execution_cache(app))
    for notebook in out.glob("*.ipynb"):  # a learner reads no answer before finding it
        raw = notebook.read_text(encoding="utf-8")
        kept = answer_cells_folded(raw, hide=True)
        if kept is not raw:
            notebook.write_text(kept, encoding="utf-8")


def _execution_cache(app: Sphinx) -> Path | None:
    """The jupyter-cache this build executed notebooks into (myst-nb resolves the configured
    path or its default ``<outdir>/../.jupyter_cache`` at config time), or None without one."""
    config = getattr(app.env, "mystnb_config", None)
    path = getattr(config, "execution_cache_path", None)
    return Path(path) if path else None


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_exercise")
    app.add_config_value("coursekit_hide_solutions", False, "env")
    app.add_transform(RemoveGatedSolutions)
    app.add_transform(FoldChecksIntoSolutions)
    app.add_transform(ExerciseHints)
    app.add_transform(LearnerNotebookLink)
    app.connect("build-finished", _write_learner_notebooks)
    app.connect("source-read", _fold_answer_cells_in_source)
    # env_version: a new version re-reads every page, so changed transforms apply to all
    return {"version": "2", "env_version": 2, "parallel_read_safe": True,
            "parallel_write_safe": True}
