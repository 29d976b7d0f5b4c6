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

from coursekit.errors import CoursekitError, GradingError, LessonError
from coursekit.exercises.feedback import Status
from coursekit.grading.discover import (
    MAX_BYTES,
    Candidate,
    display_path,
    find_submissions,
    parse_submission,
    read_submission_bytes,
)
from coursekit.grading.export import export_all
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
    """Show a progress bar (None: only when stderr is a terminal)."""
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

    def line(self) -> str:
        """The one-line summary printed at the end of `coursekit grade`."""
        return (f"{len(self.records)} submission(s): {self.graded} graded "
                f"({self.zero_scored} scored zero), {self.unreadable} unreadable; "
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


def prepare(candidate: Candidate, options: GradeOptions, lessons: _Lessons
            ) -> _Pending | Result:
    """Read one submission and find its lesson: a pending submission, or an unreadable Result."""
    data = read_submission_bytes(candidate.path, options.max_bytes)
    forced = lessons.get(options.lesson) if options.lesson else None
    forced_context = forced if isinstance(forced, LessonContext) else None
    if isinstance(data, str):
        return unreadable_result(_marker_sha(candidate, data), f"the file {data}",
                                 forced_context)
    sha = hashlib.sha256(data).hexdigest()
    lesson_id = options.lesson
    if not lesson_id:
        notebook = parse_submission(data)
        if isinstance(notebook, str):
            return unreadable_result(sha, f"the file {notebook}", None)
        lesson_id = submission_lesson(notebook)
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

class _Progress:
    """A one-line progress bar on a terminal (nothing elsewhere)."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total, self.done, self.stream, self.enabled = total, 0, stream, enabled

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\rGrading [{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


class _Batch:
    """Runs pending submissions on the Runner, at most `limit` in flight, saving each result."""

    def __init__(self, book: Gradebook, runner: Runner, workers: int, progress: _Progress
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

    Raises `CoursekitError` only when the batch cannot run at all (bad path, unknown --lesson,
    unwritable output folder, no sandbox without ``sandbox=False``).
    """
    stream = stream or sys.stderr
    candidates = find_submissions(paths)
    lessons = _Lessons()
    if options.lesson and isinstance(lessons.get(options.lesson), str):
        raise LessonError(str(lessons.get(options.lesson)))
    _check_out(options.out)
    show = stream.isatty() if options.progress is None else options.progress
    progress = _Progress(len(candidates), stream, show)
    batch_keys: list[tuple[str, Key]] = []
    skipped = 0
    with Gradebook(options.out / "gradebook.sqlite") as book:
        runner = _make_runner(options)
        in_flight = options.workers or getattr(runner, "slots", 1)
        batch = _Batch(book, runner, in_flight, progress)
        try:
            for candidate in candidates:
                item = prepare(candidate, options, lessons)
                learner = (candidate.learner, display_path(candidate.path))
                key = item.key
                batch_keys.append((candidate.learner, key))
                if book.find(key) is not None:
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
    try:
        summary.files = export_all(records, options.out)
    except OSError as exc:
        raise GradingError(f"cannot write the exports into {display_path(options.out)} "
                           f"({exc.strerror or exc}); every graded submission is kept in "
                           "gradebook.sqlite: fix this and run the same command again to "
                           "write them") from None
    return summary


def _with_unsaved(records: list[Record],
                  unsaved: dict[Key, tuple[Result, list[tuple[str, str]]]]) -> list[Record]:
    """Add the records whose run failed inside the grader (kept out of the gradebook, so that
    the next run retries them)."""
    extra = [Record(learner, path, result)
             for result, learners in unsaved.values() for learner, path in learners]
    return sorted(records + extra, key=lambda r: r.learner)
