"""What a check tells the learner: a status, one sentence, and the points it earned."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Status", "Feedback"]


class Status:
    """The outcome vocabulary shared by learner checks and the grader (plain strings)."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not attempted"
    ERROR = "error"  # the learner's code raised
    CHECKER_ERROR = "checker error"  # the course's checker failed: never the learner's fault
    RECORDED = "recorded"  # a reflection: attempted and substantial, for a person to read
    NEEDS_REVIEW = "needs review"  # a reflection waiting for a person's score (0 until then)
    # Set only by the grader:
    TIMEOUT = "timeout"
    KERNEL_DIED = "kernel died"
    MEMORY_LIMIT = "memory limit"
    OUTPUT_TRUNCATED = "output truncated"
    MISSING = "missing"
    TAMPERED = "tampered"
    UNREADABLE = "unreadable notebook"
    WRONG_LESSON = "wrong lesson"  # the notebook is another lesson's: not graded as this one

    PASSING = frozenset({CORRECT, RECORDED})


# Plain symbols (not emoji) so they render with any common font, e.g. DejaVu.
_ICONS = {Status.CORRECT: "✓", Status.RECORDED: "✎", Status.NOT_ATTEMPTED: "○",
          Status.INCORRECT: "✗", Status.ERROR: "⚠", Status.CHECKER_ERROR: "⚠"}


@dataclass(frozen=True)
class Feedback:
    """The result of one check, readable in Jupyter (Markdown) and in a console (text)."""

    question: str
    """Exercise id within its lesson, e.g. ``"q1"``."""
    status: str
    """One of the `Status` values."""
    message: str
    """One sentence for the learner; code in backticks."""
    score: float
    """Points earned."""
    max_score: float
    """Points available."""

    @property
    def passed(self) -> bool:
        """True when the answer is correct (or a reflection was recorded)."""
        return self.status in Status.PASSING

    def _label(self) -> str:
        return {Status.CORRECT: "Correct", Status.RECORDED: "Recorded",
                Status.NOT_ATTEMPTED: "Not attempted yet", Status.INCORRECT: "Not quite",
                Status.ERROR: "Your code raised an error",
                Status.CHECKER_ERROR: "Checker error"}.get(self.status, self.status.capitalize())

    def __str__(self) -> str:
        return f"{self.question}: {self._label()} — {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        icon = _ICONS.get(self.status, "")
        return (f"{icon} **{self.question} · {self._label()}** "
                f"({self.score:g}/{self.max_score:g}) — {self.message}")

    def to_dict(self) -> dict[str, object]:
        """The feedback as plain data (for progress files and grade exports)."""
        return {"question": self.question, "status": self.status, "message": self.message,
                "score": self.score, "max_score": self.max_score}
