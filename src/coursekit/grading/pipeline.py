"""Grade a batch of submissions: discover → sanitize → run → judge → record → export.

Each submission is graded by `coursekit.grading.step.grade_submission` (the one grading step:
sanitize → run in the sandbox `Runner` → judge here), called from a thread pool; this module
only finds the files, skips what the gradebook already holds, and saves and exports results. Each
finished submission is saved to the gradebook at once, so a killed run resumes where it stopped:
a submission already in the gradebook (same content hash, lesson and lesson version) is not run
again. Identical files from several learners run once.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coursekit.errors import CoursekitError, GradingError, LessonError, UsageError
from coursekit.exercises.feedback import Status
from coursekit.grading.discover import (
    MAX_BYTES,
    Candidate,
    display_path,
    find_submissions,
    parse_submission,
    read_candidate_bytes,
)
from coursekit.grading.history import History
from coursekit.grading.lesson_check import majority_lesson, metadata_lessons, wrong_lesson_result
from coursekit.grading.progress import Progress
from coursekit.grading.publish import publish
from coursekit.grading.record import GRADED, Gradebook, Key, QuestionResult, Record, Result, now
from coursekit.grading.runner import Runner as SandboxRunner
from coursekit.grading.sanitize import submission_lesson
from coursekit.grading.step import (
    LessonContext,
    Runner,
    grade_submission,
    unreadable_result,
)

if TYPE_CHECKING:
    from coursekit.grading.cluster import DaskRunner

__all__ = ["GradeOptions", "Summary", "grade", "prepare"]


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
    dask: str | None = None
    """Run the jobs on the Dask cluster whose scheduler is at this address (see
    `coursekit.grading.cluster`); `workers` then counts jobs kept in flight (0: twice the
    cluster's worker threads)."""


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
        return sum(r.result.status in (Status.UNREADABLE, Status.TOO_LARGE)
                   for r in self.records)

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

class _Lessons:
    """Lesson contexts, loaded once per lesson id."""

    def __init__(self) -> None:
        self._cache: dict[str, LessonContext | str] = {}

    def get(self, lesson_id: str) -> LessonContext | str:
        """The lesson's context, or why it cannot be used (one line)."""
        if lesson_id not in self._cache:
            try:
                context = LessonContext.load(lesson_id)
                context.lesson.data()  # loaded once, before worker threads judge with it
                self._cache[lesson_id] = context
            except LessonError as exc:
                self._cache[lesson_id] = str(exc)
        return self._cache[lesson_id]


# -- the steps -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Pending:
    """A readable submission waiting to be graded by `grade_submission`."""

    key: Key
    data: bytes
    context: LessonContext


def prepare(candidate: Candidate, options: GradeOptions, lessons: _Lessons,
            expected: str | None = None) -> _Pending | Result:
    """Read one submission and find its lesson: a pending submission, or a Result that needs no
    run (unreadable, or made for another lesson than `expected`, the batch's lesson)."""
    data = read_candidate_bytes(candidate, options.max_bytes)
    expected = options.lesson or expected
    forced = lessons.get(expected) if expected else None
    forced_context = forced if isinstance(forced, LessonContext) else None
    if isinstance(data, str):
        return unreadable_result(_marker_sha(candidate, data), f"the file {data}",
                                 forced_context)
    sha = hashlib.sha256(data).hexdigest()
    notebook = parse_submission(data)
    if isinstance(notebook, str):
        return unreadable_result(sha, f"the file {notebook}", forced_context)
    named = submission_lesson(notebook)
    if forced_context and named and named != forced_context.id:
        return wrong_lesson_result(sha, named, forced_context.lesson)
    lesson_id = named or options.lesson
    if lesson_id is None:
        return unreadable_result(sha, "the notebook metadata names no lesson "
                                 "(coursekit.lesson); grade it with --lesson ID", None)
    context = lessons.get(lesson_id)
    if isinstance(context, str):
        return unreadable_result(sha, f"the notebook is for lesson {lesson_id[:80]!r}, "
                                 f"which cannot be graded here ({context[:200]})", None,
                                 lesson_id[:80])
    return _Pending((sha, context.id, context.version), data, context)


def _marker_sha(candidate: Candidate, reason: str) -> str:
    """An identity for a file whose bytes could not be read."""
    marker = f"unreadable\0{candidate.learner}\0{reason}".encode()
    return hashlib.sha256(marker).hexdigest()


def _failed(pending: _Pending, exc: BaseException, duration: float) -> Result:
    """A run the grader itself could not complete: never blamed on the learner."""
    message = (f"the grader failed on this submission ({type(exc).__name__}: {exc}); "
               "this is not the learner's fault — re-run to retry")
    questions = tuple(QuestionResult(q, p.title, Status.CHECKER_ERROR, message, 0.0,
                                     float(p.points))
                      for q, p in pending.context.lesson.problems.items())
    return Result(*pending.key, GRADED, message, questions, (), round(duration, 3), now())


# -- the batch -------------------------------------------------------------------------------

class _Batch:
    """Runs pending submissions on the Runner, at most `limit` in flight, saving each result."""

    def __init__(self, book: Gradebook, runner: Runner, workers: int, progress: Progress
                 ) -> None:
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
        self.inflight[self.pool.submit(_timed_grade, self.runner, pending)] = pending

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
            result, duration, error = future.result()
            self.ran += 1
            if isinstance(error, CoursekitError):
                raise error
            if result is None:
                self.unsaved[pending.key] = (_failed(pending, error or RuntimeError(), duration),
                                             learners)
            else:
                self.book.save(result, learners)
            for _ in learners:
                self.progress.step()


def _timed_grade(runner: Runner, pending: _Pending
                 ) -> tuple[Result | None, float, BaseException | None]:
    """`grade_submission` on one pending submission; a runner failure is returned, not raised."""
    start = time.monotonic()
    try:
        result = grade_submission(pending.data, pending.context, runner)
        return result, time.monotonic() - start, None
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


def _make_runner(options: GradeOptions) -> SandboxRunner | DaskRunner:
    from coursekit.grading.runner import Limits, sandbox_problem

    if options.dask:  # the sandbox runs on the cluster's workers, not here
        from coursekit.grading.cluster import DaskRunner

        return DaskRunner.connect(options.dask, Limits(cell_timeout=options.cell_timeout,
                                                       total_timeout=options.notebook_timeout),
                                  sandbox=options.sandbox)
    if options.sandbox:
        problem = sandbox_problem()
        if problem:
            raise GradingError(f"the sandbox cannot run here ({problem}); refusing to run "
                               "learner code unsandboxed — pass --no-sandbox to accept the risk")
    limits = Limits(cell_timeout=options.cell_timeout, total_timeout=options.notebook_timeout)
    return SandboxRunner(limits, workers=options.workers, sandbox=options.sandbox)


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
        in_flight = options.workers or getattr(runner, "slots", 1)
        batch = _Batch(book, runner, in_flight, progress)
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
    try:
        summary.published = publish(options.out, batch=options.batch, roster=options.roster,
                                    extra=unsaved)
    except OSError as exc:
        raise GradingError(f"cannot write the exports into {display_path(options.out)} "
                           f"({exc.strerror or exc}); every graded submission is kept in "
                           "gradebook.sqlite: fix this and run the same command again to "
                           "write them") from None
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
