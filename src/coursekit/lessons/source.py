"""Lesson source notebooks and the cell-tag convention that marks exercises in them.

Convention (see CONTRIBUTING.md):

* notebook metadata ``coursekit: {lesson: "<id>", version: "<version>"}``;
* a markdown cell tagged ``exercise`` (``coursekit.question: "q1"``) holds the prompt inside a
  ``{exercise}`` directive labelled ``<lesson>-<question>``;
* code cells tagged ``solution`` (``coursekit.question``, ``coursekit.starter``) hold the reference
  solution; markdown cells tagged ``solution`` hold the ``{solution-start}``/``{solution-end}``
  fences around them;
* a code cell tagged ``check`` (``coursekit.question``) runs ``ex.<question>.check()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.errors import LessonError, NotebookError

__all__ = [
    "REVEALS",
    "LessonSource",
    "cell_question",
    "cell_tags",
    "lessons_dir",
    "load_source",
    "read_notebook",
    "source_path",
]

_PACKAGE = Path(__file__).resolve().parents[1]      # src/coursekit (or site-packages/coursekit)
_REPO_NOTEBOOKS = _PACKAGE.parents[1] / "notebooks"
_PACKAGED = _PACKAGE / "_lessons"


def lessons_dir() -> Path:
    """The folder of lesson source notebooks (packaged copy, or the repository's)."""
    if _PACKAGED.is_dir():
        return _PACKAGED
    if _REPO_NOTEBOOKS.is_dir():
        return _REPO_NOTEBOOKS
    raise LessonError("lesson notebooks not found: reinstall coursekit")


def source_path(lesson_id: str) -> Path:
    """The source notebook of a lesson (``NN-slug.ipynb`` named after its id)."""
    path = lessons_dir() / f"{lesson_id}.ipynb"
    if not path.is_file():
        raise LessonError(f"no source notebook for lesson {lesson_id!r} in {lessons_dir()}")
    return path


def read_notebook(path: Path) -> Any:
    """Read and validate a notebook; any problem becomes a one-line NotebookError."""
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such file") from None
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotebookError(f"{path}: not a valid notebook ({first[:160]})") from None
    return nb


REVEALS = "reveals-answer"
"""Cell tag: prose (or output) that states an exercise's answer. Dropped from the learner
notebooks and the no-solutions book; folded in the book with solutions."""


def cell_tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def cell_question(cell: Any) -> str | None:
    return cell.get("metadata", {}).get("coursekit", {}).get("question")


@dataclass
class LessonSource:
    """A parsed lesson notebook: its id, version, and the cells of each exercise."""

    path: Path
    notebook: Any
    lesson: str
    version: str

    def solution_cells(self, question: str | None = None) -> list[Any]:
        """Code cells tagged ``solution`` (for one question, or all)."""
        return [c for c in self.notebook.cells if c.cell_type == "code"
                and "solution" in cell_tags(c)
                and (question is None or cell_question(c) == question)]

    def solution_code(self, question: str) -> str:
        """The reference solution of one exercise, as code."""
        cells = self.solution_cells(question)
        if not cells:
            raise LessonError(f"lesson {self.lesson}: no solution cell for {question}")
        return "\n\n".join(c.source for c in cells)


def load_source(lesson_id: str | None = None, path: Path | None = None) -> LessonSource:
    """Parse a lesson source notebook, by lesson id or by path."""
    path = path or source_path(str(lesson_id))
    nb = read_notebook(path)
    meta = nb.metadata.get("coursekit", {})
    if not meta.get("lesson"):
        raise LessonError(f"{path}: notebook metadata has no coursekit.lesson")
    return LessonSource(path, nb, meta["lesson"], str(meta.get("version", "")))
