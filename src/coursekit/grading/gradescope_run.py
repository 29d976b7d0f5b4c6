"""Inside the Gradescope container: grade the submitted notebook into ``results/results.json``.

Run by the bundle's ``run_autograder`` as ``python -m coursekit.grading.gradescope_run ROOT``
(ROOT is ``$AUTOGRADER_ROOT``, default ``/autograder``). The submission is graded by the same
pipeline as ``coursekit grade`` (same sanitizing, sandbox, checks and messages), as the bundle's
lesson, and its record is written in Gradescope's results format: a test per question with its
score, status and feedback, and the bundle's visibility. Whatever happens, a ``results.json`` is
written: no notebook, several notebooks, or an autograder that cannot run gives zero points with
a message saying so (and, for the last, that it is not the learner's fault). Exit status 0 when
the submission was graded, 1 when the autograder itself could not run.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from coursekit.atomic import write_atomic
from coursekit.errors import CoursekitError
from coursekit.grading.gradescope import CONFIG_NAME, BundleConfig

__all__ = ["find_notebooks", "main", "refusal_json", "results_json", "run"]


def find_notebooks(submission: Path) -> list[Path]:
    """Every ``*.ipynb`` under `submission` (links not followed; hidden folders and Jupyter's
    checkpoints skipped), sorted."""
    found = []
    for folder, dirs, files in os.walk(submission):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder) / f for f in files
                  if f.endswith(".ipynb") and not f.startswith(".")]
    return sorted(found)


def results_json(record: Any, config: BundleConfig) -> dict[str, Any]:
    """A graded record in Gradescope's results.json format, with the bundle's visibility."""
    from coursekit.grading.export import gradescope

    results = gradescope(record)
    summary = (f"Lesson {record.result.lesson}: {_points(record.result.score)} / "
               f"{_points(record.result.max_score)} points.")
    results["output"] = "\n".join(line for line in (summary, results.get("output", "")) if line)
    return _finish(results, config)


def refusal_json(reason: str, config: BundleConfig) -> dict[str, Any]:
    """Zero points on every question of the bundle's lesson, each saying `reason`."""
    from coursekit.lessons.registry import get_lesson

    try:
        problems = get_lesson(config.lesson).problems
    except CoursekitError:
        problems = {}
    tests = [{"name": f"{q}: {p.title}" if p.title else q, "number": q, "score": 0.0,
              "max_score": float(p.points), "status": "failed", "output": reason}
             for q, p in problems.items()]
    return _finish({"score": 0.0, "output": reason, "tests": tests}, config)


def _finish(results: dict[str, Any], config: BundleConfig) -> dict[str, Any]:
    """Apply the bundle's visibility; every text is shown as plain text (never as HTML)."""
    results.update(visibility=config.visibility, stdout_visibility="hidden",
                   output_format="text", test_output_format="text", test_name_format="text")
    for test in results.get("tests", []):
        test["visibility"] = config.visibility
    return results


def _points(value: float) -> str:
    return f"{value:g}"


def run(root: Path) -> int:
    """Grade ``ROOT/submission`` into ``ROOT/results/results.json``; returns the exit status."""
    config = BundleConfig.read(root / "source" / CONFIG_NAME)
    notebooks = find_notebooks(root / "submission")
    status = 0
    if not notebooks:
        results = refusal_json("No notebook (.ipynb) was found in your submission: upload your "
                               "lesson notebook.", config)
    elif len(notebooks) > 1:
        names = ", ".join(p.name for p in notebooks[:5]) + (", ..." if len(notebooks) > 5 else "")
        results = refusal_json(f"Your submission holds {len(notebooks)} notebooks ({names}): "
                               "upload exactly one, your lesson notebook.", config)
    else:
        try:
            results = results_json(_grade(notebooks[0], config), config)
        except CoursekitError as exc:
            print(f"coursekit autograder could not run: {exc}")
            results = refusal_json("The autograder could not run on this submission. This is "
                                   "not your fault: your instructor can see why.", config)
            status = 1
    _write(root / "results" / "results.json", results)
    print(f"coursekit: {results['score']:g} point(s); wrote {root / 'results' / 'results.json'}")
    return status


def _grade(notebook: Path, config: BundleConfig) -> Any:
    """The record of one notebook, graded by `coursekit grade`'s pipeline as the lesson."""
    from coursekit.grading.pipeline import GradeOptions, grade

    with tempfile.TemporaryDirectory(prefix="coursekit-gradescope-") as out:
        options = GradeOptions(out=Path(out), workers=1, cell_timeout=config.cell_timeout,
                               notebook_timeout=config.notebook_timeout, lesson=config.lesson,
                               sandbox=config.sandbox, progress=False)
        summary = grade([notebook], options)
    print(summary.line())
    return summary.records[0]


def _write(path: Path, results: dict[str, Any]) -> None:
    write_atomic(path, json.dumps(results, indent=1, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """``python -m coursekit.grading.gradescope_run [ROOT]``."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    try:
        return run(root)
    except CoursekitError as exc:  # the bundle itself is broken: still give Gradescope a result
        print(f"Error: {exc}", file=sys.stderr)
        _write(root / "results" / "results.json", {
            "score": 0.0, "output": "The autograder is misconfigured. This is not your fault: "
            "your instructor can see why.", "output_format": "text",
            "stdout_visibility": "hidden"})
        return 1


if __name__ == "__main__":
    sys.exit(main())
