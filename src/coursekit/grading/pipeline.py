"""Grade a batch of submissions: discover → sanitize → run → judge → record → export.

Each step is a small function. Learner code runs only inside the sandbox `Runner` (another
process); what comes back is plain data, judged here by the lesson's `Problem.judge`. Each
finished submission is saved to the gradebook at once, so a killed run resumes where it stopped:
a submission already in the gradebook (same content hash, lesson and lesson version) is not run
again. Identical files from several learners run once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from coursekit.errors import CoursekitError, GradingError, LessonError, NotebookError, UsageError
from coursekit.exercises.feedback import Status
from coursekit.grading.discover import (
    MAX_BYTES,
    Candidate,
    Unreadable,
    find_submissions,
    load_submission,
    read_trusted_notebook,
)
from coursekit.grading.history import History
from coursekit.grading.lesson_check import majority_lesson, metadata_lessons, wrong_lesson_result
from coursekit.grading.plan import Job
from coursekit.grading.progress import Progress
from coursekit.grading.publish import publish
from coursekit.grading.record import GRADED, Gradebook, Key, QuestionResult, Record, Result, now
from coursekit.grading.review import reviewed_question
from coursekit.grading.sanitize import Sanitized, sanitize, submission_lesson
from coursekit.lessons.registry import Lesson, get_lesson
from coursekit.lessons.source import LessonSource, source_path

__all__ = ["GradeOptions", "Summary", "grade", "judge", "prepare"]


@dataclass(frozen=True)
class GradeOptions:
    """How to grade a batch."""

    out: Path
    workers: int = 1
    cell_timeout: float = 30.0
    notebook_timeout: float = 120.0
    lesson: str | None = None
    """Grade every submission as this lesson (instead of its notebook metadata)."""
    sandbox: bool = True
    max_bytes: int = MAX_BYTES
    progress: bool | None = None
    """Show progress (None or True: a bar on a terminal, else a line every few seconds)."""
    regrade: tuple[str, ...] = ()
    """Learners whose submissions are run again even when the gradebook has them."""
    regrade_all: bool = False
    batch: str | None = None
    """Name of this batch; when given, the exports hold only this batch's submissions."""
    roster: Path | None = None
    """CSV mapping learner ids to LMS identities (for canvas.csv and moodle.csv)."""
    any_lesson: bool = False
    """Grade each notebook as the lesson it names, without the batch-majority rule."""


@dataclass
class Summary:
    """What a batch produced."""

    records: list[Record]
    ran: int = 0
    """Submissions run in this invocation (the rest were found in the gradebook)."""
    skipped: int = 0
    files: list[Path] = field(default_factory=list)
    published: Any = None
    """The cumulative exports (`coursekit.grading.publish.Published`)."""

    @property
    def graded(self) -> int:
        return sum(r.result.status == GRADED for r in self.records)

    @property
    def zero_scored(self) -> int:
        return sum(r.result.status == GRADED and r.result.score == 0 for r in self.records)

    @property
    def unreadable(self) -> int:
        return sum(r.result.status == Status.UNREADABLE for r in self.records)

    @property
    def wrong_lesson(self) -> int:
        return sum(r.result.status == Status.WRONG_LESSON for r in self.records)

    def line(self) -> str:
        """The one-line summary printed at the end of `coursekit grade`."""
        return (f"{len(self.records)} submission(s): {self.graded} graded "
                f"({self.zero_scored} scored zero), {self.unreadable} unreadable, "
                f"{self.wrong_lesson} wrong lesson; "
                f"{self.ran} run now, {self.skipped} already in the gradebook.")


# -- lessons ---------------------------------------------------------------------------------

@dataclass
class _LessonContext:
    lesson: Lesson
    source: LessonSource
    questions: list[str]


class _Lessons:
    """Lesson definitions and sources, loaded once per lesson id."""

    def __init__(self) -> None:
        self._cache: dict[str, _LessonContext | str] = {}

    def get(self, lesson_id: str) -> _LessonContext | str:
        """The lesson's context, or why it cannot be used (one line)."""
        if lesson_id not in self._cache:
            try:
                lesson = get_lesson(lesson_id)
                source = _load_source(lesson_id)
                self._cache[lesson_id] = _LessonContext(lesson, source, list(lesson.problems))
            except LessonError as exc:
                self._cache[lesson_id] = str(exc)
        return self._cache[lesson_id]


def _load_source(lesson_id: str) -> LessonSource:
    """The lesson's source notebook, read as plain data (without importing nbformat)."""
    path = source_path(lesson_id)
    try:
        notebook = read_trusted_notebook(path)
    except NotebookError as exc:
        raise LessonError(str(exc)) from None
    meta = notebook.get("metadata", {}).get("coursekit", {})
    return LessonSource(path, notebook, str(meta.get("lesson", lesson_id)),
                        str(meta.get("version", "")))


# -- the steps -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Pending:
    """A readable submission, sanitized, waiting for its run."""

    key: Key
    sanitized: Sanitized
    context: _LessonContext


def _unreadable(sha: str, reason: str, context: _LessonContext | None, lesson: str = ""
                ) -> Result:
    """The result of a submission that cannot be graded: zero on every question."""
    message = f"{Status.UNREADABLE}: {reason}"
    if context is None:
        return Result(sha, lesson, "", Status.UNREADABLE, message, ())
    questions = tuple(QuestionResult(q, p.title, Status.UNREADABLE, message, 0.0,
                                     float(p.points))
                      for q, p in context.lesson.problems.items())
    return Result(sha, context.lesson.id, context.lesson.version, Status.UNREADABLE, message,
                  questions)


def prepare(candidate: Candidate, options: GradeOptions, lessons: _Lessons,
            expected: str | None = None) -> _Pending | Result:
    """Read, validate and sanitize one submission: a pending Job, or a Result that needs no
    run (unreadable, or made for another lesson than `expected`, the batch's lesson)."""
    loaded = load_submission(candidate, options.max_bytes)
    expected = options.lesson or expected
    forced = lessons.get(expected) if expected else None
    forced_context = forced if isinstance(forced, _LessonContext) else None
    if isinstance(loaded, Unreadable):
        return _unreadable(loaded.sha256, f"the file {loaded.reason}", forced_context)
    named = submission_lesson(loaded.notebook)
    if forced_context and named and named != forced_context.lesson.id:
        return wrong_lesson_result(loaded.sha256, named, forced_context.lesson)
    lesson_id = named or options.lesson
    if lesson_id is None:
        return _unreadable(loaded.sha256, "the notebook metadata names no lesson "
                           "(coursekit.lesson); grade it with --lesson ID", None)
    context = lessons.get(lesson_id)
    if isinstance(context, str):
        return _unreadable(loaded.sha256, f"the notebook is for lesson {lesson_id[:80]!r}, "
                           f"which cannot be graded here ({context[:200]})", None,
                           lesson_id[:80])
    key = (loaded.sha256, context.lesson.id, context.lesson.version)
    sanitized = sanitize(loaded.notebook, context.source, context.questions, loaded.sha256)
    return _Pending(key, sanitized, context)


def judge(context: _LessonContext, sanitized: Sanitized, run: Any) -> tuple[QuestionResult, ...]:
    """Each question's outcome, from the run's plain-data answers (judged in this process)."""
    data = context.lesson.data()
    results = []
    for q, problem in context.lesson.problems.items():
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


def _run_message(run: Any) -> str:
    if run.status == "ok":
        return "ran to the end" + (" (output was truncated)" if run.output_truncated else "")
    return f"{run.status}: {run.message}" if run.message else str(run.status)


def _graded(pending: _Pending, run: Any, duration: float) -> Result:
    return Result(*pending.key, GRADED, _run_message(run),
                  judge(pending.context, pending.sanitized, run), pending.sanitized.flags,
                  round(duration, 3), now())


def _failed(pending: _Pending, exc: BaseException, duration: float) -> Result:
    """A run the grader itself could not complete: never blamed on the learner."""
    message = (f"the grader failed on this submission ({type(exc).__name__}: {exc}); "
               "this is not the learner's fault — re-run to retry")
    questions = tuple(QuestionResult(q, p.title, Status.CHECKER_ERROR, message, 0.0,
                                     float(p.points))
                      for q, p in pending.context.lesson.problems.items())
    return Result(*pending.key, GRADED, message, questions, pending.sanitized.flags,
                  round(duration, 3), now())


# -- the batch -------------------------------------------------------------------------------

class _Batch:
    """Runs pending submissions on the Runner, at most `limit` in flight, saving each result."""

    def __init__(self, book: Gradebook, runner: Any, workers: int, progress: Progress) -> None:
        self.book, self.runner, self.progress = book, runner, progress
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grade")
        self.limit = 2 * workers
        self.inflight: dict[Future[Any], _Pending] = {}
        self.waiting: dict[Key, list[tuple[str, str]]] = {}
        self.unsaved: dict[Key, tuple[Result, list[tuple[str, str]]]] = {}
        self.ran = 0

    def submit(self, pending: _Pending, learner: tuple[str, str]) -> None:
        if pending.key in self.waiting:
            self.waiting[pending.key].append(learner)
            return
        while len(self.inflight) >= self.limit:
            self._drain(FIRST_COMPLETED)
        self.waiting[pending.key] = [learner]
        self.inflight[self.pool.submit(_timed_run, self.runner, pending.sanitized.job)] = pending

    def finish(self) -> None:
        while self.inflight:
            self._drain(FIRST_COMPLETED)
        self.pool.shutdown()

    def abort(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _drain(self, how: str) -> None:
        done, _ = wait(self.inflight, return_when=how)
        for future in done:
            pending = self.inflight.pop(future)
            learners = self.waiting.pop(pending.key)
            run, duration, error = future.result()
            self.ran += 1
            if isinstance(error, CoursekitError):
                raise error
            if error is not None:
                self.unsaved[pending.key] = (_failed(pending, error, duration), learners)
            else:
                self.book.save(_graded(pending, run, duration), learners)
            for _ in learners:
                self.progress.step()


def _timed_run(runner: Any, job: Job) -> tuple[Any, float, BaseException | None]:
    start = time.monotonic()
    try:
        return runner.run(job), time.monotonic() - start, None
    except Exception as exc:
        return None, time.monotonic() - start, exc


def _check_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".coursekit-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise GradingError(f"cannot write to the output folder {out}: {exc.strerror}") from None


def _make_runner(options: GradeOptions) -> Any:
    from coursekit.grading.runner import Limits, Runner, sandbox_problem

    if options.sandbox:
        problem = sandbox_problem()
        if problem:
            raise GradingError(f"the sandbox cannot run here ({problem}); refusing to run "
                               "learner code unsandboxed — pass --no-sandbox to accept the risk")
    limits = Limits(cell_timeout=options.cell_timeout, total_timeout=options.notebook_timeout)
    return Runner(limits, workers=options.workers, sandbox=options.sandbox)


def grade(paths: Iterable[str | Path], options: GradeOptions,
          stream: TextIO | None = None) -> Summary:
    """Grade every submission under `paths` into `options.out`; returns the batch's Summary.

    Raises `CoursekitError` only when the batch cannot run at all (bad or empty path, unknown
    --lesson or --regrade learner, unwritable output folder, no sandbox without
    ``sandbox=False``). The exports cover the whole gradebook (`coursekit.grading.publish`).
    """
    stream = stream or sys.stderr
    lessons = _Lessons()
    if options.lesson and isinstance(lessons.get(options.lesson), str):
        raise LessonError(str(lessons.get(options.lesson)))
    candidates = find_submissions(paths)
    _check_regrade(options, candidates)
    _check_out(options.out)
    expected = None if options.lesson or options.any_lesson else \
        majority_lesson(metadata_lessons(candidates, options.max_bytes))
    progress = Progress(len(candidates), stream, options.progress is not False)
    batch_keys: list[tuple[str, Key]] = []
    skipped = 0
    batch_name = options.batch or now()
    with Gradebook(options.out / "gradebook.sqlite") as book, \
            History(options.out / "gradebook.sqlite") as history:
        runner = _make_runner(options)
        batch = _Batch(book, runner, options.workers, progress)
        try:
            for candidate in candidates:
                item = prepare(candidate, options, lessons, expected)
                learner = (candidate.learner, candidate.where)
                key = item.key
                batch_keys.append((candidate.learner, key))
                history.note(batch_name, candidate.learner, key, candidate.where)
                again = options.regrade_all or candidate.learner in options.regrade
                if book.find(key) is not None and not (again and isinstance(item, _Pending)):
                    book.link(key, [learner])
                    skipped += 1
                    progress.step()
                elif isinstance(item, Result):
                    book.save(item, [learner])
                    progress.step()
                else:
                    batch.submit(item, learner)
            batch.finish()
        except BaseException:
            batch.abort()
            raise
        finally:
            runner.close()
            progress.close()
        records = _with_unsaved(book.records(batch_keys), batch.unsaved)
    summary = Summary(records, ran=batch.ran, skipped=skipped)
    unsaved = [r for r in records if r.result.key in batch.unsaved]
    summary.published = publish(options.out, batch=options.batch, roster=options.roster,
                                extra=unsaved)
    summary.files = summary.published.files
    return summary


def _check_regrade(options: GradeOptions, candidates: list[Candidate]) -> None:
    unknown = sorted(set(options.regrade) - {c.learner for c in candidates})
    if unknown:
        raise UsageError(f"--regrade {unknown[0]}: no submission from this learner in the given "
                         "paths (learner ids are shown in grades.csv)")


def _with_unsaved(records: list[Record],
                  unsaved: dict[Key, tuple[Result, list[tuple[str, str]]]]) -> list[Record]:
    """Add the records whose run failed inside the grader (kept out of the gradebook, so that
    the next run retries them)."""
    extra = [Record(learner, path, result)
             for result, learners in unsaved.values() for learner, path in learners]
    return sorted(records + extra, key=lambda r: r.learner)
