"""Every exercise of every lesson: the reference passes, the starter is not attempted, and each
typical wrong answer in the catalogue is reported incorrect with its specific message."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

import pytest

from coursekit.lessons.registry import LESSON_MODULES, get_lesson, lesson_ids
from coursekit.exercises.feedback import Feedback, Status

from .lesson_runner import LessonRun, run_exec, run_lesson

PARAMS = [(lid, qid) for lid in lesson_ids() for qid in get_lesson(lid).problems]
MODULES = {lid: f"tests.exercises.catalogue.{module}" for lid, module in LESSON_MODULES.items()}


@lru_cache(maxsize=None)
def lesson_run(lesson_id: str) -> LessonRun:
    return run_lesson(lesson_id)


def catalogue(lesson_id: str) -> dict[str, list[tuple[str, str]]]:
    module = importlib.import_module(MODULES[lesson_id])
    return module.WRONG


def check_in(lesson_id: str, question: str, namespace: dict[str, Any]) -> Feedback:
    from coursekit.learner.api import lesson

    return getattr(lesson(lesson_id, namespace, remember=False), question).check()


def ids(params: list[tuple[str, str]]) -> list[str]:
    return [f"{lid}:{q}" for lid, q in params]


@pytest.mark.parametrize(("lesson_id", "question"), PARAMS, ids=ids(PARAMS))
def test_reference_solution_passes(lesson_id: str, question: str) -> None:
    feedback = check_in(lesson_id, question, lesson_run(lesson_id).after[question])
    if _reflection(lesson_id, question):  # people score reflections: never a machine
        assert feedback.status == Status.NEEDS_REVIEW and feedback.score == 0, str(feedback)
        return
    assert feedback.status in Status.PASSING, str(feedback)
    assert feedback.score == feedback.max_score


def _reflection(lesson_id: str, question: str) -> bool:
    return get_lesson(lesson_id).problems[question].kind == "reflection"


@pytest.mark.parametrize(("lesson_id", "question"), PARAMS, ids=ids(PARAMS))
def test_untouched_starter_is_not_attempted(lesson_id: str, question: str) -> None:
    run = lesson_run(lesson_id)
    namespace = dict(run.before[question])
    run_exec(run.starters[question], namespace, f"{lesson_id} {question} starter")
    feedback = check_in(lesson_id, question, namespace)
    assert feedback.status == Status.NOT_ATTEMPTED, str(feedback)
    assert feedback.score == 0


@pytest.mark.parametrize(("lesson_id", "question"), PARAMS, ids=ids(PARAMS))
def test_catalogue_has_two_typical_wrong_answers(lesson_id: str, question: str) -> None:
    try:
        entries = catalogue(lesson_id).get(question, [])
    except ModuleNotFoundError:
        pytest.fail(f"no wrong-answer catalogue for lesson {lesson_id}: add "
                    f"{MODULES[lesson_id].replace('.', '/')}.py")
    assert len(entries) >= 2, f"{lesson_id}:{question} needs at least two typical wrong answers"


def _wrong_params() -> list[tuple[str, str, int]]:
    out = []
    for lid, q in PARAMS:
        try:
            count = len(catalogue(lid).get(q, []))
        except ModuleNotFoundError:
            continue
        out += [(lid, q, i) for i in range(count)]
    return out


WRONG_PARAMS = _wrong_params()


@pytest.mark.parametrize(("lesson_id", "question", "index"), WRONG_PARAMS,
                         ids=[f"{lid}:{q}:{i}" for lid, q, i in WRONG_PARAMS])
def test_typical_wrong_answer_gets_its_specific_message(lesson_id: str, question: str,
                                                        index: int) -> None:
    code, fragment = catalogue(lesson_id)[question][index]
    run = lesson_run(lesson_id)
    namespace = dict(run.before[question])
    run_exec(code, namespace, f"{lesson_id} {question} wrong {index}")
    feedback = check_in(lesson_id, question, namespace)
    wrong = (Status.INCORRECT, Status.ERROR, Status.NEEDS_REVIEW) if _reflection(
        lesson_id, question) else (Status.INCORRECT, Status.ERROR)
    assert feedback.status in wrong, str(feedback)
    assert feedback.score == 0
    assert fragment.lower() in feedback.message.lower(), str(feedback)
