"""Learner notebooks: no solution code, starters in place, and they run top to bottom."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from coursekit.exercises import lesson_ids
from coursekit.lesson_source import cell_tags, load_source
from coursekit.release import learner_notebook, release

LESSONS = lesson_ids()


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("learner")
    written = release(out)
    assert {p.stem for p in written} >= set(LESSONS)
    return out


def _code_lines(code: str) -> list[str]:
    """Lines of a solution worth searching for: not blank, not comments, not bare stubs."""
    keep = []
    for line in code.splitlines():
        text = line.strip()
        if text and not text.startswith("#") and text not in ("...", "return ...", "pass"):
            keep.append(text)
    return keep


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_contains_no_solution_code(released: Path, lesson_id: str) -> None:
    source = load_source(lesson_id)
    text = (released / f"{lesson_id}.ipynb").read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    starters = "\n".join(c.metadata.get("coursekit", {}).get("starter", "")
                         for c in source.solution_cells())
    learner_code = "\n".join(c.source for c in nb.cells)
    for cell in source.solution_cells():
        for line in _code_lines(cell.source):
            if line in starters:
                continue  # a line the learner is given anyway (e.g. `def f(x):`)
            assert line not in learner_code, f"{lesson_id}: solution line leaked: {line!r}"
    assert "solution-start" not in text and "{solution" not in text


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_has_metadata_and_no_outputs(released: Path, lesson_id: str) -> None:
    nb = nbformat.read(released / f"{lesson_id}.ipynb", as_version=4)
    nbformat.validate(nb)
    meta = nb.metadata["coursekit"]
    assert meta["lesson"] == lesson_id and meta["edition"] == "learner" and meta["version"]
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert not any("solution" in cell_tags(c) for c in nb.cells)
    answers = [c for c in nb.cells if "answer" in cell_tags(c)]
    assert answers and all(c.metadata["coursekit"]["role"] == "answer" for c in answers)


def test_exercise_fence_becomes_plain_markdown() -> None:
    nb = learner_notebook(load_source(LESSONS[0]))
    prompts = [c.source for c in nb.cells if "exercise" in cell_tags(c)]
    assert prompts and prompts[0].startswith("### Exercise 1.1 (`q1`)")
    assert all("{exercise}" not in p for p in prompts)


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_runs_top_to_bottom(released: Path, lesson_id: str,
                                              tmp_path: Path) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(released / f"{lesson_id}.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    feedback = "\n".join(str(o.get("data", {}).get("text/plain", ""))
                         for c in nb.cells if "check" in cell_tags(c) for o in c.outputs)
    assert "Not attempted" in feedback and "Correct" not in feedback
