"""The learner's API: explicit binding, hints in order, solutions, remembered progress."""

from __future__ import annotations

from pathlib import Path

import pytest

import coursekit
from coursekit.exercises.feedback import Status
from coursekit.learner.progress import ProgressStore

LESSON = "01-is-it-cheating"


def test_public_api_is_small_and_explicit() -> None:
    assert coursekit.__all__ == ["lesson", "CoursekitError", "__version__"]
    with pytest.raises(TypeError, match="globals"):
        coursekit.lesson(LESSON, None)  # type: ignore[arg-type]


def test_unknown_exercise_names_the_known_ones() -> None:
    ex = coursekit.lesson(LESSON, {})
    with pytest.raises(AttributeError, match="its exercises are q1"):
        ex.q99  # noqa: B018


def test_hints_come_in_order_and_by_number() -> None:
    ex = coursekit.lesson(LESSON, {})
    problem = ex.lesson.problems["q1"]
    first = ex.q1.hint()
    assert problem.hints[0] in first.plain and "Hint 1/" in first.plain
    assert problem.hints[0] in first._repr_markdown_()
    assert "There are" in ex.q1.hint(99).plain


def test_solution_comes_from_the_lesson_source() -> None:
    from coursekit.lessons.source import load_source

    ex = coursekit.lesson(LESSON, {})
    assert load_source(LESSON).solution_code("q1") in ex.q1.solution().plain


def test_feedback_reads_well_in_jupyter_and_console() -> None:
    feedback = coursekit.lesson(LESSON, {}).q1.check()
    assert feedback.status == Status.NOT_ATTEMPTED
    assert str(feedback).startswith("q1: Not attempted yet")
    assert "**q1 · Not attempted yet**" in feedback._repr_markdown_()


def test_progress_is_remembered_between_sessions(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path))
    namespace: dict[str, object] = {}
    ex = coursekit.lesson(LESSON, namespace)
    first_question = next(iter(ex.lesson.problems))
    namespace.update(_reference_namespace(first_question))
    assert getattr(ex, first_question).check().passed
    later = coursekit.lesson(LESSON, {})  # a new session: nothing checked yet in it
    assert "1/" in later.progress().plain and "correct" in later.progress().plain
    saved = ProgressStore(tmp_path / "progress.json").load()
    assert saved[LESSON][first_question]["status"] == "correct"


def test_corrupt_progress_file_is_set_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text("{not json")
    assert ProgressStore(path).load() == {}
    assert list(tmp_path.glob("progress.corrupt-*.json"))


def test_progress_can_be_switched_off_for_builds(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path))
    monkeypatch.setenv("COURSEKIT_PROGRESS", "off")
    coursekit.lesson(LESSON, {}).q1.check()
    assert not (tmp_path / "progress.json").exists()


def _reference_namespace(question: str) -> dict[str, object]:
    from ..exercises.lesson_runner import run_lesson

    return dict(run_lesson(LESSON).after[question])
