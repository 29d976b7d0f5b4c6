"""Which lines of a lesson's reference solutions are secret (shared by the leak tests)."""

from __future__ import annotations

import re

from coursekit.lessons.registry import get_lesson
from coursekit.lessons.source import cell_tags, load_source

_STUBS = ("...", "return ...", "pass")


def secret_lines(lesson_id: str, min_length: int = 1) -> list[str]:
    """Solution lines a learner must not see: not blank, not comments or bare stubs, not in the
    cell's starter, and not shown anywhere else in the lesson (a prompt may quote a call such as
    `f([True, False])` that the solution also makes, and a hint may give a line away on
    purpose); whitespace is ignored when comparing, since code shown elsewhere may wrap."""
    source = load_source(lesson_id)
    hints = [hint for p in get_lesson(lesson_id).problems.values() for hint in p.hints]
    public = "\n".join([c.source for c in source.notebook.cells
                        if "solution" not in cell_tags(c)] + hints)
    bare = re.sub(r"\s+", "", public)
    lines = []
    for cell in source.solution_cells():
        starter = cell.metadata["coursekit"]["starter"]
        for line in cell.source.splitlines():
            text = line.strip()
            if len(text) >= min_length and not text.startswith("#") and text not in _STUBS \
                    and text not in starter and re.sub(r"\s+", "", text) not in bare:
                lines.append(text)
    return lines
