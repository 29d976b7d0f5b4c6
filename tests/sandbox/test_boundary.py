"""The trust boundary, read from the source: the sandbox side imports no grader and no answers.

Everything under ``coursekit/sandbox/`` runs inside the sandbox, where learner code runs too. It
may use the answer *encoding* (`coursekit.answers`), the status vocabulary
(`coursekit.exercises.feedback`) and the standard library; it must never import the grader side
(`coursekit.grading`) or anything that knows an answer: exercise kinds, comparisons, chapter
modules, the lesson registry or lesson sources. Imports are parsed with `ast`, so an import
inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import coursekit

SANDBOX = Path(coursekit.__file__).parent / "sandbox"
FORBIDDEN = ("coursekit.grading", "coursekit.exercises.kinds", "coursekit.exercises.compare",
             "coursekit.lessons", "coursekit.learner", "coursekit.release")
ALLOWED = "coursekit.exercises.feedback"
MAX_LINES = 400


def imported(path: Path) -> set[str]:
    """Every module `path` imports, absolute names (``from X import Y`` gives X and X.Y)."""
    found: set[str] = set()
    package = "coursekit.sandbox"
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def offending(names: set[str]) -> list[str]:
    """The names among `names` that the sandbox side must not import."""
    def bad(name: str) -> bool:
        if name == ALLOWED or name.startswith(ALLOWED + "."):
            return False
        return (name == "coursekit.exercises" or name.startswith("coursekit.exercises.ch")
                or any(name == f or name.startswith(f + ".") for f in FORBIDDEN))
    return sorted(n for n in names if bad(n))


SOURCES = sorted(SANDBOX.glob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_sandbox_module_imports_the_grader_or_answer_logic(path: Path) -> None:
    assert offending(imported(path)) == []


def test_the_check_itself_catches_forbidden_imports(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from coursekit.grading.runner import Runner\n"
                   "def f():\n    import coursekit.exercises.kinds\n"
                   "from ..exercises import compare\n"
                   "import coursekit.exercises.ch02_campaign_data as ch\n"
                   "from coursekit.exercises.feedback import Status\n")
    assert offending(imported(bad)) == [
        "coursekit.exercises", "coursekit.exercises.ch02_campaign_data",
        "coursekit.exercises.compare", "coursekit.exercises.kinds", "coursekit.grading.runner",
        "coursekit.grading.runner.Runner"]


def test_no_module_in_src_is_over_400_lines() -> None:
    package = Path(coursekit.__file__).parent
    long = {str(p.relative_to(package)): n for p in package.rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}
