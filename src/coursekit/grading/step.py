"""Grading one submission: the pure step (notebook bytes, lesson) → `Result`.

`grade_submission` is the only way coursekit grades a notebook. The batch pipeline
(`coursekit.grading.pipeline`), the Dask and Gradescope runners and the tests all call it::

    from coursekit.grading.step import LessonContext, grade_submission
    from coursekit.grading.runner import Runner

    lesson = LessonContext.load("02-campaign-data")
    with Runner(workers=1) as runner:
        result = grade_submission(path.read_bytes(), lesson, runner)
    print(result.score, "/", result.max_score)
    payload = result.to_dict()          # plain JSON data; Result.from_dict(payload) == result

The step is pure apart from the runner: it reads nothing but its arguments, writes nothing, and
the same bytes and lesson version always give the same result (timings aside). In order:

1. **read** — the bytes are checked (size limit, UTF-8, JSON, nbformat 4 schema); a file that
   fails is a `Result` with status ``unreadable notebook`` and zero on every question;
2. **sanitize** — the lesson source is the skeleton (`coursekit.grading.sanitize`): a `Job` of
   plain-data steps, plus the questions decided without running and the flags raised;
3. **run** — ``runner.run(job)`` executes the steps out of this process and returns a `RunResult`
   of plain-data answers; the runner is the only impure part;
4. **judge** — each answer is judged *in the calling process* by the lesson's `Problem.judge`
   (expected values, references and mistakes never leave this process); the grader alone decides
   every status and message.

A bad submission never raises. An exception from the runner itself (a grader failure, not the
learner's) propagates, so a caller can retry it instead of recording a zero.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

from coursekit.exercises.feedback import Status
from coursekit.grading.discover import MAX_BYTES, parse_submission
from coursekit.grading.plan import Collect, Job, collect_plan
from coursekit.grading.record import GRADED, QuestionResult, Result, now
from coursekit.grading.review import reviewed_question
from coursekit.grading.runner import RunResult
from coursekit.grading.sanitize import Sanitized, sanitize
from coursekit.lessons.registry import Lesson, get_lesson
from coursekit.lessons.source import LessonSource

__all__ = [
    "MAX_CELLS",
    "MAX_CODE_BYTES",
    "LessonContext",
    "Runner",
    "grade_submission",
    "judge",
    "unreadable_result",
]

MAX_CELLS = 2_000
"""Most cells a submission may have; a larger notebook is ``too large`` (zero, not run)."""
MAX_CODE_BYTES = 2_000_000
"""Most bytes of code (all code cells together) a submission may have, likewise."""


@runtime_checkable
class Runner(Protocol):
    """Anything that runs a sandbox `Job` and returns its plain-data `RunResult`.

    `coursekit.grading.runner.Runner` (warm bubblewrap workers on this machine) is one
    implementation; a Dask or Gradescope runner is another. `run` must never raise for a bad
    submission (a crash, hang or memory bomb is a `RunResult` status); it may raise when the
    runner itself fails.
    """

    def run(self, job: Job) -> RunResult:
        """Run `job`'s steps out of the caller's process; answers come back as plain data."""
        ...


@dataclass(frozen=True)
class LessonContext:
    """A lesson as the grader needs it: exercise definitions (with answers) and source notebook.

    Build it once per lesson and reuse it for every submission (`load` reads and parses the
    source notebook and imports the exercise module).
    """

    lesson: Lesson
    source: LessonSource
    collect: tuple[Collect, ...] = ()
    """The collect-only view sent to the sandbox (`coursekit.grading.plan.collect_plan`)."""

    @classmethod
    def load(cls, lesson_id: str) -> LessonContext:
        """The context of lesson `lesson_id`; raises `LessonError` when it cannot be graded."""
        from coursekit.errors import LessonError, NotebookError
        from coursekit.grading.discover import read_trusted_notebook
        from coursekit.lessons.source import source_path

        lesson = get_lesson(lesson_id)
        path = source_path(lesson_id)
        try:
            notebook = read_trusted_notebook(path)
        except NotebookError as exc:
            raise LessonError(str(exc)) from None
        meta = notebook.get("metadata", {}).get("coursekit", {})
        source = LessonSource(path, notebook, str(meta.get("lesson", lesson_id)),
                              str(meta.get("version", "")))
        return cls(lesson, source, collect_plan(lesson))

    @property
    def id(self) -> str:
        return self.lesson.id

    @property
    def version(self) -> str:
        return self.lesson.version

    @property
    def questions(self) -> list[str]:
        """Question ids in lesson order."""
        return list(self.lesson.problems)


def unreadable_result(sha256: str, reason: str, lesson: LessonContext | None,
                      lesson_id: str = "", status: Status = Status.UNREADABLE) -> Result:
    """The result of a submission that cannot be graded (`status`): zero on every question."""
    message = f"{status}: {reason}"
    if lesson is None:
        return Result(sha256, lesson_id, "", status, message, ())
    questions = tuple(QuestionResult(q, p.title, status, message, 0.0, float(p.points))
                      for q, p in lesson.lesson.problems.items())
    return Result(sha256, lesson.id, lesson.version, status, message, questions)


def _too_large(notebook: dict[str, Any]) -> str | None:
    """Why a notebook is over the grading budget (`MAX_CELLS`, `MAX_CODE_BYTES`), or None."""
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return None
    if len(cells) > MAX_CELLS:
        return f"the notebook has {len(cells):,} cells; the limit is {MAX_CELLS:,}"
    code = 0
    for cell in cells:
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        code += len(source) if isinstance(source, str) else sum(len(str(s)) for s in source)
    if code > MAX_CODE_BYTES:
        return f"the notebook has {code:,} characters of code; the limit is {MAX_CODE_BYTES:,}"
    return None


def grade_submission(notebook_bytes: bytes, lesson: LessonContext, runner: Runner, *,
                     max_bytes: int = MAX_BYTES) -> Result:
    """Grade one submitted notebook against `lesson`, running its code with `runner`.

    Returns the `Result` (keyed by the bytes' sha256, the lesson id and version; it names no
    learner: the caller links it to whoever submitted those bytes). A file that cannot be read
    scores zero with status ``unreadable notebook``; a submission whose lesson metadata names
    another lesson is graded as `lesson` and flagged. Raises only what `runner.run` raises.
    """
    started = time.monotonic()
    sha = hashlib.sha256(notebook_bytes).hexdigest()
    if len(notebook_bytes) > max_bytes:
        return unreadable_result(sha, f"the file is too large ({len(notebook_bytes):,} bytes; "
                                 f"the limit is {max_bytes:,})", lesson)
    notebook = parse_submission(notebook_bytes)
    if isinstance(notebook, str):
        return unreadable_result(sha, f"the file {notebook}", lesson)
    too_large = _too_large(notebook)
    if too_large:
        return unreadable_result(sha, too_large, lesson, status=Status.TOO_LARGE)
    sanitized = sanitize(notebook, lesson.source, lesson.questions, sha)
    run = runner.run(replace(sanitized.job, collect=lesson.collect))
    questions = judge(lesson, sanitized, run)
    return Result(sha, lesson.id, lesson.version, GRADED, run_message(run), questions,
                  sanitized.flags, round(time.monotonic() - started, 3), now())


def judge(lesson: LessonContext, sanitized: Sanitized, run: RunResult
          ) -> tuple[QuestionResult, ...]:
    """Each question's outcome, from the run's plain-data answers (judged in this process)."""
    data = lesson.lesson.data()
    results = []
    for q, problem in lesson.lesson.problems.items():
        points = float(problem.points)
        if q in sanitized.overrides:
            status, message = sanitized.overrides[q]
        elif q in run.question_status:
            status, message = run.question_status[q]
        elif q in run.answers:
            feedback = problem.judge(run.answers[q], data)
            results.append(reviewed_question(QuestionResult(
                q, problem.title, feedback.status, feedback.message, float(feedback.score),
                points), problem, run.answers[q]))
            continue
        else:
            status, message = Status.CHECKER_ERROR, (f"the grader received no answer for {q}; "
                                                    "this is not the learner's fault")
        results.append(QuestionResult(q, problem.title, str(status), str(message), 0.0, points))
    return tuple(results)


def run_message(run: RunResult) -> str:
    """One line for the instructor on how the run went."""
    if run.status == "ok":
        return "ran to the end" + (" (output was truncated)" if run.output_truncated else "")
    return f"{run.status}: {run.message}" if run.message else str(run.status)
