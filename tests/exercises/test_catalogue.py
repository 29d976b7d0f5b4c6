"""Every exercise of every lesson: the reference passes, the starter is not attempted, and each
typical wrong answer in the catalogue is reported incorrect with its specific message."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

import pytest

from coursekit.exercises.feedback import Feedback, Status
from coursekit.lessons.registry import LESSON_MODULES, get_lesson, lesson_ids

from .lesson_runner import LessonRun, run_exec, run_lesson

PARAMS = [(lid, qid) for lid in lesson_ids() for qid in get_lesson(lid).problems]
MODULES = {lid: f"tests.exercises.catalogue.{module}" for lid, module in LESSON_MODULES.items()}


@cache
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


# -- kind-level slips: every numeric exercise names each slip its answer allows -----------------
def _slip_cases() -> list[tuple[str, str, str]]:
    """(lesson, question, slip) for every value or table exercise with a numeric answer."""
    from coursekit.exercises.kinds import TableProblem, ValueProblem, call_with_data
    from coursekit.exercises.slips import _flat_numbers

    cases = []
    for lid, q in PARAMS:
        problem = get_lesson(lid).problems[q]
        if not isinstance(problem, (ValueProblem, TableProblem)):
            continue
        try:
            expected = call_with_data(problem.expected, get_lesson(lid).data())
        except NotImplementedError:  # a problem with its own evaluate and no expected answer
            continue
        if isinstance(problem, TableProblem):
            frame = expected.to_frame() if hasattr(expected, "to_frame") else expected
            if not any(frame[c].dtype.kind in "iuf" and frame[c].abs().max() > 0
                       for c in frame.columns):
                continue
            slips = ["scale", "sign"]
        else:
            numbers = _flat_numbers(expected)
            if not numbers or not any(numbers):
                continue
            pair = isinstance(expected, (list, tuple)) and len(numbers) == 2
            slips = ["scale", "sign"] + (["bounds"] if pair else [])
        cases += [(lid, q, slip) for slip in sorted(slips) if slip in _allowed(problem, slip)]
    return cases


def _allowed(problem: Any, slip: str) -> set[str]:
    names = {"scale": {"percent", "proportion", "power"}, "sign": {"sign"},
             "bounds": {"bounds"}}[slip]
    return {slip} if names & problem.slips else set()


def _slipped(value: Any, slip: str) -> Any:
    """The reference answer with the slip made."""
    if hasattr(value, "columns") or type(value).__name__ == "Series":
        out = value.copy()
        frame = out.to_frame() if hasattr(out, "to_frame") else out
        column = next(c for c in frame.columns if frame[c].dtype.kind in "iuf")
        target = out if out is frame else None
        changed = frame[column].astype(float) * (100 if slip == "scale" else -1)
        if target is None:
            return changed.rename(value.name)
        out[column] = changed
        return out
    if isinstance(value, (list, tuple)):
        if slip == "bounds":
            return type(value)(value[::-1])
        return type(value)(_slipped(v, slip) for v in value)
    if isinstance(value, dict):
        return {k: _slipped(v, slip) for k, v in value.items()}
    return value * 100 if slip == "scale" else -value


SLIP_WORDS = {"scale": ("percentage", "proportion", "factor of"), "sign": ("sign",),
              "bounds": ("swapped",)}
SLIP_CASES = _slip_cases()


@pytest.mark.parametrize(("lesson_id", "question", "slip"), SLIP_CASES,
                         ids=[f"{lid}:{q}:{s}" for lid, q, s in SLIP_CASES])
def test_kind_level_slip_is_named_for_every_numeric_exercise(lesson_id: str, question: str,
                                                             slip: str) -> None:
    problem = get_lesson(lesson_id).problems[question]
    namespace = dict(lesson_run(lesson_id).after[question])
    namespace[problem.name] = _slipped(namespace[problem.name], slip)
    feedback = check_in(lesson_id, question, namespace)
    assert feedback.status == Status.INCORRECT, str(feedback)
    own = [m.message for m in problem.mistakes]  # a lesson's own diagnosis comes first
    assert any(word in feedback.message for word in SLIP_WORDS[slip]) or any(
        message in feedback.message for message in own), str(feedback)


def test_a_sibling_year_is_named() -> None:
    namespace = dict(lesson_run("02-campaign-data").after["q1"])
    namespace["turnout_2020"] = namespace["voters"].voted_2016.mean()
    feedback = check_in("02-campaign-data", "q1", namespace)
    assert "`voted_2016` gives instead of `voted_2020`" in feedback.message, str(feedback)


def test_rounded_too_early_is_named() -> None:
    namespace = dict(lesson_run("02-campaign-data").after["q1"])
    namespace["turnout_2020"] = round(float(namespace["turnout_2020"]), 2)
    feedback = check_in("02-campaign-data", "q1", namespace)
    assert "rounded" in feedback.message, str(feedback)


def _sibling_cases() -> list[tuple[str, str]]:
    from coursekit.exercises.kinds import TableProblem, ValueProblem
    from coursekit.exercises.slips import sibling_swaps

    def has_expected(problem: Any) -> bool:
        return isinstance(problem, (ValueProblem, TableProblem)) and type(problem).expected \
            not in (ValueProblem.expected, TableProblem.expected)

    return [(lid, q) for lid, q in PARAMS
            if has_expected(get_lesson(lid).problems[q]) and "sibling" in
            get_lesson(lid).problems[q].slips
            and any(sibling_swaps(get_lesson(lid).problems[q].expected, get_lesson(lid).data()))]


SIBLING_CASES = _sibling_cases()


@pytest.mark.parametrize(("lesson_id", "question"), SIBLING_CASES,
                         ids=[f"{lid}:{q}" for lid, q in SIBLING_CASES])
def test_an_answer_from_a_sibling_column_is_named(lesson_id: str, question: str) -> None:
    from coursekit.exercises.kinds import call_with_data
    from coursekit.exercises.slips import sibling_swaps

    problem = get_lesson(lesson_id).problems[question]
    data = get_lesson(lesson_id).data()
    expected = call_with_data(problem.expected, data)
    for key, column, sibling in sibling_swaps(problem.expected, data):
        swapped = data[key].copy()
        swapped[column] = data[key][sibling]
        try:
            wrong = call_with_data(problem.expected, {**data, key: swapped})
        except Exception:  # a swap the calculation cannot take is skipped
            continue
        if problem.compare(wrong, expected) is not None:
            break
    else:
        pytest.skip("no sibling column changes this answer")
    namespace = dict(lesson_run(lesson_id).after[question])
    namespace[problem.name] = wrong
    feedback = check_in(lesson_id, question, namespace)
    assert feedback.status == Status.INCORRECT, str(feedback)
    own = [m.message for m in problem.mistakes]
    assert "instead of" in feedback.message or any(m in feedback.message for m in own), \
        str(feedback)
