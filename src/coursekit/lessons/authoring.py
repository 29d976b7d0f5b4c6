"""Helpers for course authors: the cells of one exercise, following the cell-tag convention.

    cells = exercise_cells("02-campaign-data", "q1", prompt="...", solution="...",
                           starter="turnout_2020 = ...")

gives, in order: the prompt (markdown, tag ``exercise``), the solution fences and code (tag
``solution``; the starter is kept in the code cell's metadata) and the check (tag ``check``).
`new_lesson_notebook` starts a notebook with the lesson metadata and kernelspec set.
"""

from __future__ import annotations

from typing import Any

__all__ = ["exercise_cells", "label", "new_lesson_notebook"]


def label(lesson_id: str, question: str) -> str:
    """The Sphinx label of an exercise: ``<lesson>-<question>``."""
    return f"{lesson_id}-{question}"


def _meta(question: str, tag: str, **extra: Any) -> dict[str, Any]:
    return {"tags": [tag], "coursekit": {"question": question, **extra}}


def exercise_cells(lesson_id: str, question: str, *, prompt: str, solution: str, starter: str,
                   title: str = "", points: float = 1) -> list[Any]:
    """The five cells of one exercise (prompt, solution fences and code, check)."""
    import nbformat.v4 as v4

    name = label(lesson_id, question)
    heading = f"{title} · {points:g} point{'s' if points != 1 else ''}" if title else ""
    return [
        v4.new_markdown_cell(f"````{{exercise}} {heading}\n:label: {name}\n\n{prompt.strip()}\n"
                             "````", metadata=_meta(question, "exercise")),
        v4.new_markdown_cell(f"````{{solution-start}} {name}\n:class: dropdown\n````",
                             metadata=_meta(question, "solution")),
        v4.new_code_cell(solution.strip(), metadata=_meta(question, "solution",
                                                         starter=starter.strip() + "\n")),
        v4.new_markdown_cell("````{solution-end}\n````", metadata=_meta(question, "solution")),
        v4.new_code_cell(f"ex.{question}.check()", metadata=_meta(question, "check")),
    ]


def new_lesson_notebook(lesson_id: str, version: str, cells: list[Any]) -> Any:
    """A lesson notebook with coursekit metadata and the python3 kernelspec."""
    import nbformat.v4 as v4

    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["coursekit"] = {"lesson": lesson_id, "version": version}
    return nb
