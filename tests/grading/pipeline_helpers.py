"""Helpers for the grading pipeline tests: lesson notebooks as plain JSON, and edits to them."""

from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path
from typing import Any

from coursekit.lessons.registry import LESSON_MODULES, get_lesson
from coursekit.lessons.source import lessons_dir, load_source
from coursekit.release import learner_notebook

LESSON = "01-is-it-cheating"


def graded_lessons() -> list[str]:
    """Every lesson that has both an exercise module and a source notebook."""
    return [lesson for lesson in LESSON_MODULES if (lessons_dir() / f"{lesson}.ipynb").is_file()]


def machine_points(lesson: str = LESSON) -> float:
    """Full marks before review: every question's points but the reflections' (which a person
    scores; the grader records them as "needs review" with 0 points)."""
    return float(sum(p.points for p in get_lesson(lesson).problems.values()
                     if p.kind != "reflection"))


def source_notebook(lesson: str = LESSON) -> dict[str, Any]:
    """The instructor's source notebook as plain JSON."""
    return json.loads((lessons_dir() / f"{lesson}.ipynb").read_text("utf-8"))


def released(lesson: str = LESSON) -> dict[str, Any]:
    """The learner notebook as released (starters in the answer cells), as plain JSON."""
    import nbformat

    return json.loads(nbformat.writes(learner_notebook(load_source(lesson))))


def solved(lesson: str = LESSON) -> dict[str, Any]:
    """The released notebook with every answer cell holding the reference solution."""
    source = load_source(lesson)
    nb = released(lesson)
    for q in get_lesson(lesson).problems:
        set_answer(nb, q, source.solution_code(q))
    return nb


def question(cell: dict[str, Any]) -> str | None:
    return cell.get("metadata", {}).get("coursekit", {}).get("question")


def tags(cell: dict[str, Any]) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def answer_index(nb: dict[str, Any], q: str) -> int:
    """Position of the (first) answer cell of question `q`."""
    return next(i for i, c in enumerate(nb["cells"])
                if c["cell_type"] == "code" and question(c) == q
                and ("answer" in tags(c) or "solution" in tags(c)))


def check_index(nb: dict[str, Any], q: str) -> int:
    return next(i for i, c in enumerate(nb["cells"]) if question(c) == q and "check" in tags(c))


def set_answer(nb: dict[str, Any], q: str, code: str) -> None:
    """Put `code` in q's answer cell(s): the first gets it, any others are emptied."""
    cells = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and question(c) == q and ("answer" in tags(c) or "solution" in tags(c))]
    for n, i in enumerate(cells):
        nb["cells"][i]["source"] = code if n == 0 else ""


def code_cell(code: str) -> dict[str, Any]:
    """A new untagged code cell, as a learner would add it."""
    import uuid

    return {"cell_type": "code", "execution_count": None, "id": uuid.uuid4().hex[:8],
            "metadata": {}, "outputs": [], "source": code}


def wrong_answer(lesson: str, q: str) -> str:
    """A wrong answer to `q`: the lesson catalogue's first typical mistake, else None."""
    module_name = LESSON_MODULES[lesson]
    try:
        catalogue = importlib.import_module(f"tests.exercises.catalogue.{module_name}")
        return catalogue.WRONG[q][0][0]
    except (ImportError, KeyError, IndexError):
        return f"{get_lesson(lesson).problems[q].name} = None"


def with_one_wrong(lesson: str, q: str) -> dict[str, Any]:
    """The solved notebook with a wrong answer to `q` only.

    The solution is run again in a cell of the learner's right after q's check, so that later
    cells that reuse q's names see the values the lesson expects (the wrong value was captured
    at the check already).
    """
    source = load_source(lesson)
    nb = solved(lesson)
    set_answer(nb, q, wrong_answer(lesson, q))
    nb["cells"].insert(check_index(nb, q) + 1, code_cell(source.solution_code(q)))
    return nb


def write(path: Path, nb: dict[str, Any]) -> Path:
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


def clone(nb: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(nb)
