"""Run a lesson notebook's code in-process and keep the namespace before each exercise.

Lesson notebooks contain no magics (a rule in CONTRIBUTING.md), so their cells run as plain
Python. Namespaces are shallow copies taken just before each solution cell.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from typing import Any

from coursekit.lessons.source import LessonSource, cell_question, cell_tags, load_source


@dataclass
class LessonRun:
    source: LessonSource
    before: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Question -> namespace just before its solution cell ran."""
    after: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Question -> namespace just after its solution cell(s) ran."""
    starters: dict[str, str] = field(default_factory=dict)


def run_exec(code: str, namespace: dict[str, Any], label: str) -> None:
    with redirect_stdout(io.StringIO()):
        exec(compile(code, f"<{label}>", "exec"), namespace)


def run_lesson(lesson_id: str) -> LessonRun:
    """Execute every code cell except checks; snapshot around each solution."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    source = load_source(lesson_id)
    run = LessonRun(source)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for index, cell in enumerate(source.notebook.cells):
        if cell.cell_type != "code" or "check" in cell_tags(cell):
            continue
        question = cell_question(cell)
        if "solution" in cell_tags(cell) and question not in run.before:
            run.before[question] = dict(namespace)
            run.starters[question] = cell.metadata["coursekit"]["starter"]
        run_exec(cell.source, namespace, f"{lesson_id} cell {index}")
        if "solution" in cell_tags(cell):
            run.after[question] = dict(namespace)
        plt.close("all")
    return run
