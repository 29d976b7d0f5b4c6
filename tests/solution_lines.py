"""Which lines of a lesson's reference solutions are secret (shared by the leak tests)."""

from __future__ import annotations

from coursekit.lessons.source import cell_tags, load_source

_STUBS = ("...", "return ...", "pass")


def secret_lines(lesson_id: str, min_length: int = 1) -> list[str]:
    """Solution lines a learner must not see: not blank, not comments or bare stubs, not in the
    cell's starter, and not shown anywhere else in the lesson (a prompt may quote a call such as
    `f([True, False])` that the solution also makes)."""
    source = load_source(lesson_id)
    public = "\n".join(c.source for c in source.notebook.cells if "solution" not in cell_tags(c))
    lines = []
    for cell in source.solution_cells():
        starter = cell.metadata["coursekit"]["starter"]
        for line in cell.source.splitlines():
            text = line.strip()
            if len(text) >= min_length and not text.startswith("#") and text not in _STUBS \
                    and text not in starter and text not in public:
                lines.append(text)
    return lines
