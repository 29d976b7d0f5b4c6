"""The public grading step, called directly: source → full marks, released → zero, plain data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from coursekit.exercises.feedback import Status
from coursekit.grading.plan import Job
from coursekit.grading.record import GRADED, Result
from coursekit.grading.runner import Runner as SandboxRunner
from coursekit.grading.runner import RunResult
from coursekit.grading.step import LessonContext, Runner, grade_submission
from tests.grading.pipeline_helpers import LESSON, released, source_notebook

pytestmark = pytest.mark.slow


def as_bytes(nb: dict[str, Any]) -> bytes:
    return json.dumps(nb).encode("utf-8")


@pytest.fixture(scope="module")
def lesson() -> LessonContext:
    return LessonContext.load(LESSON)


@pytest.fixture(scope="module")
def runner() -> Iterator[SandboxRunner]:
    from tests.grading.conftest import require_sandbox

    require_sandbox()
    with SandboxRunner(workers=1) as r:
        yield r


def test_a_lesson_source_scores_full_marks(lesson: LessonContext, runner: SandboxRunner) -> None:
    assert isinstance(runner, Runner)  # the local sandbox is one implementation of the protocol
    result = grade_submission(as_bytes(source_notebook()), lesson, runner)
    assert result.status == GRADED
    assert result.max_score == lesson.lesson.max_score > 0
    assert result.score == result.max_score, [
        (q.question, q.status, q.message) for q in result.questions if q.score < q.max_score]
    assert Result.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_a_released_notebook_scores_zero(lesson: LessonContext, runner: SandboxRunner) -> None:
    result = grade_submission(as_bytes(released()), lesson, runner)
    assert result.status == GRADED
    assert result.score == 0
    assert {q.status for q in result.questions} == {Status.NOT_ATTEMPTED}


class Recording:
    """A runner that records its jobs and collects nothing (a fake: no learner code runs)."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def run(self, job: Job) -> RunResult:
        self.jobs.append(job)
        return RunResult({}, {}, "ok", "", False)


def test_unreadable_bytes_never_reach_the_runner(lesson: LessonContext) -> None:
    fake = Recording()
    result = grade_submission(b"\xff\xfe not a notebook", lesson, fake)
    assert fake.jobs == []
    assert result.status == Status.UNREADABLE
    assert result.score == 0 and len(result.questions) == len(lesson.questions)
    assert "UTF-8" in result.message


def test_the_step_is_keyed_by_content_and_sends_plain_data(lesson: LessonContext) -> None:
    fake = Recording()
    data = as_bytes(source_notebook())
    first = grade_submission(data, lesson, fake)
    second = grade_submission(data, lesson, fake)
    assert first.key == second.key and first.questions == second.questions
    assert fake.jobs[0] == fake.jobs[1]
    assert fake.jobs[0].key == first.sha256
    # nothing collected: the grader says so, and never blames the learner
    assert {q.status for q in first.questions} == {Status.CHECKER_ERROR}


def test_a_runner_failure_propagates(lesson: LessonContext) -> None:
    class Broken:
        def run(self, job: Job) -> RunResult:
            raise OSError("worker lost")

    with pytest.raises(OSError):
        grade_submission(as_bytes(source_notebook()), lesson, Broken())
