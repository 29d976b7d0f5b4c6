"""Which modules the warm worker imports before it forks: what lesson code will import anyway.

Imports dominate the cost of running a notebook (see TOOLCHAIN.md, "Grading"); a worker that has
imported them once hands them to every forked submission for free. The list is read, in the
grader, from the import statements of the instructors' lesson sources (trusted code; the worker
itself never sees the sources), plus the libraries coursekit's own helpers load lazily.
"""

from __future__ import annotations

import ast

__all__ = ["ALWAYS", "preload_modules"]

ALWAYS = ("numpy", "pandas", "matplotlib.pyplot", "IPython.display", "coursekit.answers",
          "coursekit.sandbox.binding", "coursekit.book.glue", "ipywidgets")
"""Imported by every worker when installed (coursekit's helpers load some of them lazily)."""


def _imports(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def preload_modules() -> list[str]:
    """Module names to import in the worker: `ALWAYS` plus every lesson source's imports."""
    from coursekit.errors import CoursekitError
    from coursekit.lessons.registry import lesson_ids
    from coursekit.lessons.source import load_source

    found: set[str] = set()
    for lesson in lesson_ids():
        try:
            source = load_source(lesson)
        except CoursekitError:
            continue
        for cell in source.notebook.cells:
            if cell.get("cell_type") == "code":
                found |= _imports(str(cell.get("source", "")))
    extra = sorted(found - set(ALWAYS))
    return [*ALWAYS, *extra]
