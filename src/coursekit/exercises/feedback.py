"""What a check tells the learner: a status, one sentence, and the points it earned."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum, nonmember

__all__ = ["Feedback", "Status"]


class Status(StrEnum):
    """Every outcome of a check or a grading run: value (stored), label, icon, passing.

    A member *is* its string value (``Status.CORRECT == "correct"``), so gradebooks, progress
    files and exports written before this enumeration read the same; ``Status("timeout")`` looks
    a stored value up. Icons are plain symbols (not emoji) that render with any common font.
    """

    label: str
    icon: str
    passing: bool

    def __new__(cls, value: str, label: str, icon: str, passing: bool = False) -> Status:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.icon = icon
        member.passing = passing
        return member

    CORRECT = ("correct", "Correct", "✓", True)
    INCORRECT = ("incorrect", "Not quite", "✗")
    NOT_ATTEMPTED = ("not attempted", "Not attempted yet", "○")
    ERROR = ("error", "Your code raised an error", "⚠")
    """The learner's code raised."""
    CHECKER_ERROR = ("checker error", "Checker error", "⚠")
    """The course's checker failed: never the learner's fault."""
    RECORDED = ("recorded", "Recorded", "✎", True)
    """A reflection: attempted and substantial, for a person to read."""
    NEEDS_REVIEW = ("needs review", "Needs review", "✎")
    """A free-text answer waiting for a person's score (0 points until then)."""
    # Set only by the grader:
    TIMEOUT = ("timeout", "Timed out", "⏱")
    KERNEL_DIED = ("kernel died", "The notebook's process died", "✗")
    MEMORY_LIMIT = ("memory limit", "Out of memory", "✗")
    OUTPUT_TRUNCATED = ("output truncated", "Output truncated", "✗")
    MISSING = ("missing", "Answer cell missing", "✗")
    TAMPERED = ("tampered", "Tampered", "✗")
    UNREADABLE = ("unreadable notebook", "Unreadable notebook", "✗")
    WRONG_LESSON = ("wrong lesson", "Wrong lesson", "✗")
    TOO_LARGE = ("too large", "Too large to grade", "✗")

    PASSING = nonmember(frozenset({"correct", "recorded"}))
    """The values that earn a question's points."""

    @classmethod
    def parse(cls, value: str) -> Status | None:
        """The member whose value is `value`, or None for a string no status has."""
        member = cls._value2member_map_.get(value)
        return member if isinstance(member, cls) else None


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
        known = Status.parse(self.status)
        return known.label if known is not None else self.status.capitalize()

    def __str__(self) -> str:
        return f"{self.question}: {self._label()} — {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        known = Status.parse(self.status)
        icon = known.icon if known is not None else ""
        return (f"{icon} **{self.question} · {self._label()}** "
                f"({self.score:g}/{self.max_score:g}) — {self.message}")

    def to_dict(self) -> dict[str, object]:
        """The feedback as plain data (for progress files and grade exports)."""
        return {"question": self.question, "status": self.status, "message": self.message,
                "score": self.score, "max_score": self.max_score}
