"""The learner's API: explicit binding, hints in order, solutions, remembered progress."""

from __future__ import annotations

from pathlib import Path

import pytest

import coursekit
from coursekit.exercises.feedback import Status
from coursekit.learner.progress import ProgressStore

LESSON = "01-is-it-cheating"


def test_public_api_is_small_and_explicit() -> None:
    assert sorted(coursekit.__all__) == sorted(["lesson", "CoursekitError", "__version__"])
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


# -- misuse and hanging code: one plain sentence, never a traceback or a hang -------------------
def _function_problem() -> tuple[str, str, str]:
    """(lesson, question, function name) of the first function exercise in the course."""
    from coursekit.exercises.function_kind import FunctionProblem
    from coursekit.lessons.registry import get_lesson, lesson_ids

    for lesson_id in lesson_ids():
        for qid, problem in get_lesson(lesson_id).problems.items():
            if isinstance(problem, FunctionProblem):
                return lesson_id, qid, problem.name
    raise AssertionError("the course has no function exercise")


def test_a_function_that_never_returns_is_stopped_with_a_message_that_says_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from coursekit.exercises.function_kind import FunctionProblem

    monkeypatch.setattr(FunctionProblem, "time_limit", 0.3)
    lesson_id, qid, name = _function_problem()
    namespace: dict = {}
    exec(f"def {name}(*args):\n    while True:\n        pass\n", namespace)
    ex = coursekit.lesson(lesson_id, namespace, remember=False)
    started = time.monotonic()
    feedback = getattr(ex, qid).check()
    assert time.monotonic() - started < 5
    assert feedback.status == Status.ERROR and feedback.score == 0
    assert "still running after 0.3 seconds" in feedback.message
    assert "loop that never ends" in feedback.message


def test_a_hanging_function_is_stopped_outside_the_main_thread_too(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from coursekit.exercises.function_kind import FunctionProblem

    monkeypatch.setattr(FunctionProblem, "time_limit", 0.3)
    lesson_id, qid, name = _function_problem()
    namespace: dict = {}
    exec(f"def {name}(*args):\n    try:\n        while True:\n            pass\n"
         "    except Exception:\n        return 0\n", namespace)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(
        getattr(coursekit.lesson(lesson_id, namespace, remember=False), qid).check()))
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive() and result
    assert "still running" in result[0].message


@pytest.mark.parametrize("given", ["2", 0, -1, 2.5, True, None])
def test_hint_with_a_bad_number_is_one_plain_sentence(given: object) -> None:
    ex = coursekit.lesson(LESSON, {})
    count = len(ex.lesson.problems["q1"].hints)
    text = ex.q1.hint(given) if given is not None else ex.q1.hint()
    if given is None:
        assert "Hint 1/" in text.plain
    elif isinstance(given, int) and not isinstance(given, bool):
        assert text.plain == f"There are {count} hints: ask for hint(1) to hint({count})."
    else:
        assert f"Ask for a hint by its number, like hint(1); {given} is not a number" \
            in text.plain


def test_misused_api_errors_render_as_one_sentence_in_jupyter() -> None:
    from coursekit.errors import LearnerError

    ex = coursekit.lesson(LESSON, {})
    with pytest.raises(LearnerError) as caught:
        ex.q99  # noqa: B018
    assert caught.value._render_traceback_() == [str(caught.value)]
    assert "\n" not in str(caught.value)


def test_a_renamed_answer_is_pointed_out() -> None:
    from coursekit.lessons.registry import get_lesson

    lesson = get_lesson(LESSON)
    problem = lesson.problems["q1"]
    namespace = dict(lesson.data())
    namespace[problem.name[:-2] + "x"] = 1
    feedback = coursekit.lesson(LESSON, namespace, remember=False).q1.check()
    assert feedback.status == Status.NOT_ATTEMPTED
    assert f"but `{problem.name[:-2]}x` is" in feedback.message


def test_checking_before_the_setup_cell_says_to_run_it() -> None:
    feedback = coursekit.lesson(LESSON, {}, remember=False).q1.check()
    assert feedback.status == Status.NOT_ATTEMPTED
    assert feedback.message.startswith("Run the setup cell at the top of the notebook first")
