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
    # Lines the lesson shows anyway (a prompt may quote a call the solution also makes).
    public = "\n".join(c.source for c in source.notebook.cells if "solution" not in cell_tags(c))
    learner_code = "\n".join(c.source for c in nb.cells)
    for cell in source.solution_cells():
        for line in _code_lines(cell.source):
            if line in starters or line in public:
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


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_exercise_fence_becomes_plain_markdown_with_its_prompt(lesson_id: str) -> None:
    source = load_source(lesson_id)
    nb = learner_notebook(source)
    prompts = [c.source for c in nb.cells if "exercise" in cell_tags(c)]
    originals = [c.source for c in source.notebook.cells if "exercise" in cell_tags(c)]
    chapter = int(lesson_id[:2])
    assert prompts and prompts[0].startswith(f"### Exercise {chapter}.1 (`q")
    for prompt, original in zip(prompts, originals):
        assert "{exercise}" not in prompt and ":label:" not in prompt
        body = original.split("\n\n", 1)[1].rsplit("\n", 1)[0].strip()
        first_line = body.splitlines()[0]
        assert first_line.split("{cite")[0][:40] in prompt, "the prompt's text must survive"


def test_citations_read_plainly_in_learner_notebooks() -> None:
    for lesson_id in LESSONS:
        text = "\n".join(c.source for c in learner_notebook(load_source(lesson_id)).cells
                         if c.cell_type == "markdown")
        assert "{cite" not in text and "{bibliography}" not in text


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
