"""The one error tree of coursekit.

    CoursekitError                 base; carries the CLI exit code
    ├── UsageError                 a bad argument or option (exit 2)
    ├── MissingExtraError          an optional dependency is not installed
    ├── LessonError                an unknown lesson or a malformed lesson source
    ├── NotebookError              a notebook file that cannot be read or is invalid
    ├── DataError (also ValueError)  course data asked for with values it cannot use, or a
    │                              shipped data file that is missing or malformed
    ├── BuildError                 the book build failed
    ├── LearnerError               a notebook API used in a way it cannot work (one sentence)
    └── GradingError               the grader could not run at all (sandbox missing, bad out dir)

Subclasses near their use keep this tree: `DataError` ← `CapstoneDataError`, `CareerInputError`,
`DataFileError`; `GradingError` ← `FrameError` ← `ProtocolError`. A few private signals are not
errors and never leave their module (`CheckerBug` in a checker becomes a "checker error"
feedback; the runner's `WorkerFailure` becomes a retried run; time-limit and size-limit signals).

Learner outcomes (incorrect, not attempted, ...) are not errors: they are `Status` values.
"""

from __future__ import annotations

__all__ = [
    "BuildError",
    "CoursekitError",
    "DataError",
    "GradingError",
    "LearnerError",
    "LessonError",
    "MissingExtraError",
    "NotebookError",
    "UsageError",
]


class CoursekitError(Exception):
    """Base of every error coursekit raises on purpose; its message is one line."""

    exit_code = 1


class UsageError(CoursekitError):
    """A command was called with arguments it cannot use."""

    exit_code = 2


class MissingExtraError(CoursekitError):
    """An optional dependency is missing; the message names the install command."""

    def __init__(self, what: str, extra: str) -> None:
        # The course installs from its repository: "coursekit" on PyPI is another project.
        super().__init__(
            f"{what} needs the '{extra}' extra: from the course repository run  "
            f"python -m pip install -e '.[{extra}]'"
        )
        self.extra = extra


class LessonError(CoursekitError):
    """A lesson id is unknown, or a lesson source breaks the cell-tag convention."""


class NotebookError(CoursekitError):
    """A notebook file cannot be read, parsed or validated."""


class DataError(CoursekitError, ValueError):
    """A data generator or course tool was given values it cannot use, or a data file is bad.

    Also a `ValueError`, so that notebook code catching the usual Python error catches it too.
    """

    exit_code = 2


class BuildError(CoursekitError):
    """The book build failed; the message says where to look."""


class LearnerError(CoursekitError):
    """The learner's notebook API was misused; Jupyter shows the sentence, not a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


class GradingError(CoursekitError):
    """The grader could not run at all (as opposed to one submission scoring zero)."""
