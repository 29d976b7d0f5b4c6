"""Sanitize: the lesson source is the skeleton, answers are found by id, damage is flagged."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.exercises.feedback import Status
from coursekit.grading.sanitize import NOTE, sanitize, submission_lesson
from coursekit.lessons.registry import get_lesson
from coursekit.lessons.source import load_source
from tests.grading.pipeline_helpers import (
    LESSON,
    answer_index,
    check_index,
    clone,
    code_cell,
    released,
    solved,
    source_notebook,
)

QUESTIONS = list(get_lesson(LESSON).problems)
SOURCE = load_source(LESSON)


def run(nb: dict[str, Any]):
    return sanitize(nb, SOURCE, QUESTIONS, "k" * 64)


def codes(result) -> list[str]:
    return [s.code for s in result.job.steps]


def captures(result) -> list[str]:
    return [s.capture for s in result.job.steps if s.capture]


def text(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def kinds(result) -> list[str]:
    return [f.kind for f in result.flags]


def lesson_cells() -> list[str]:
    """The source's code cells that are neither solutions nor checks, in order."""
    return [text(c) for c in source_notebook()["cells"] if c["cell_type"] == "code"
            and not {"solution", "check"} & set(c["metadata"].get("tags", []))]


def test_a_clean_submission_runs_lesson_cells_and_answers_in_source_order() -> None:
    nb = solved()
    result = run(nb)
    assert result.flags == () and result.overrides == {}
    assert captures(result) == QUESTIONS
    ran = codes(result)
    assert [c for c in ran if c in lesson_cells()] == lesson_cells()
    for q in QUESTIONS:
        assert text(nb["cells"][answer_index(nb, q)]) in ran


def test_the_source_notebook_itself_is_a_clean_submission() -> None:
    result = run(source_notebook())
    assert result.flags == () and result.overrides == {}
    assert captures(result) == QUESTIONS


def test_check_cells_never_run_and_each_capture_follows_its_answer() -> None:
    result = run(solved())
    assert not any(".check()" in c for c in codes(result))
    for step in result.job.steps:
        if step.capture:
            assert step.label.startswith(step.capture)


def test_an_edited_lesson_cell_is_replaced_by_the_instructors_copy_and_flagged() -> None:
    nb = solved()
    first_code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"][first_code]["source"] = "import os; os.system('rm -rf /')"
    result = run(nb)
    assert "import os; os.system('rm -rf /')" not in codes(result)
    assert lesson_cells()[0] in codes(result)
    assert Status.TAMPERED in kinds(result)


def test_a_deleted_answer_cell_makes_that_question_missing_only() -> None:
    nb = solved()
    del nb["cells"][answer_index(nb, "q2")]
    result = run(nb)
    assert result.overrides == {"q2": (Status.MISSING, result.overrides["q2"][1])}
    assert "q2" not in captures(result)
    assert [f.question for f in result.flags if f.kind == Status.MISSING] == ["q2"]


def test_an_answer_cell_retyped_to_markdown_is_tampered() -> None:
    nb = solved()
    cell = nb["cells"][answer_index(nb, "q3")]
    cell["cell_type"] = "markdown"
    del cell["outputs"], cell["execution_count"]
    result = run(nb)
    assert result.overrides["q3"][0] == Status.TAMPERED
    assert "q3" not in captures(result)


def test_duplicated_answer_cells_all_run_in_order_and_are_flagged() -> None:
    nb = solved()
    i = answer_index(nb, "q4")
    first, second = clone(nb["cells"][i]), clone(nb["cells"][i])
    first["source"], second["source"] = 'ftc_answer = "a"', 'ftc_answer = "b"'
    second["id"] = "dup00001"
    nb["cells"][i:i + 1] = [first, second]
    result = run(nb)
    ran = codes(result)
    assert ran.index('ftc_answer = "a"') < ran.index('ftc_answer = "b"')
    capture = next(s for s in result.job.steps if s.capture == "q4")
    assert capture.code == 'ftc_answer = "b"'
    assert any(f.question == "q4" and f.kind == Status.TAMPERED for f in result.flags)
    assert "q4" not in result.overrides


def test_reordered_answers_run_in_the_lessons_order_and_are_flagged() -> None:
    nb = solved()
    order = codes(run(nb))
    a, b = answer_index(nb, "q1"), answer_index(nb, "q5")
    nb["cells"][a], nb["cells"][b] = nb["cells"][b], nb["cells"][a]
    result = run(nb)
    assert codes(result) == order
    assert captures(result) == QUESTIONS
    assert any("moved" in f.message for f in result.flags)


def test_a_learners_own_cell_runs_after_the_cell_it_follows() -> None:
    nb = solved()
    nb["cells"].insert(answer_index(nb, "q2") + 1, code_cell("lift = lift * 1"))
    nb["cells"].insert(check_index(nb, "q2") + 1, code_cell("lift = 'changed later'"))
    result = run(nb)
    ran = codes(result)
    q2 = next(i for i, s in enumerate(result.job.steps) if s.capture == "q2")
    assert result.job.steps[q2].code == "lift = lift * 1"
    assert ran.index("lift = 'changed later'") > q2
    assert result.flags == ()


def test_a_cell_before_every_lesson_cell_runs_first() -> None:
    nb = solved()
    nb["cells"].insert(0, code_cell("print('hello')"))
    assert codes(run(nb))[0] == "print('hello')"


def test_edited_points_ids_and_kernelspec_are_ignored_and_flagged() -> None:
    nb = solved()
    baseline = codes(run(nb))
    nb["metadata"]["kernelspec"] = {"name": "evil", "display_name": "x", "language": "python"}
    nb["metadata"]["coursekit"]["points"] = 100
    cell = nb["cells"][answer_index(nb, "q1")]
    cell["metadata"]["coursekit"]["points"] = 50
    result = run(nb)
    assert codes(result) == baseline
    assert kinds(result).count(Status.TAMPERED) == 3
    assert result.overrides == {}


def test_an_answer_relabelled_with_an_unknown_id_runs_as_own_code_and_its_question_is_missing(
        ) -> None:
    nb = solved()
    cell = nb["cells"][answer_index(nb, "q1")]
    cell["metadata"]["coursekit"]["question"] = "q99"
    result = run(nb)
    assert result.overrides["q1"][0] == Status.MISSING
    assert text(cell) in codes(result)
    assert any("q99" in f.message for f in result.flags)


def test_an_older_lesson_version_is_noted_not_penalised() -> None:
    nb = solved()
    nb["metadata"]["coursekit"]["version"] = "1999.1"
    result = run(nb)
    assert kinds(result) == [NOTE] and result.overrides == {}


@pytest.mark.parametrize("metadata", [
    {"coursekit": 5}, {"coursekit": {"question": ["q1"]}}, {"tags": "answer"},
    {"coursekit": {"question": None, "role": 7}}, {"tags": [1, None]},
])
def test_hostile_cell_metadata_never_crashes(metadata: dict[str, Any]) -> None:
    nb = solved()
    nb["cells"].append({**code_cell("x = 1"), "metadata": metadata})
    result = run(nb)
    assert "x = 1" in codes(result)


def test_the_lesson_comes_from_metadata_unless_overridden() -> None:
    nb = released()
    assert submission_lesson(nb) == LESSON
    assert submission_lesson(nb, "02-campaign-data") == "02-campaign-data"
    nb["metadata"]["coursekit"] = "nope"
    assert submission_lesson(nb) is None


def test_the_jobs_steps_are_plain_strings() -> None:
    result = run(solved())
    assert result.job.key == "k" * 64 and result.job.lesson == LESSON
    assert all(type(s.code) is str and type(s.label) is str for s in result.job.steps)
