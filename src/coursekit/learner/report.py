"""A course-wide progress table from the learner's local progress store.

``coursekit progress`` prints it as plain text; in a notebook,
``coursekit.learner.report.course_progress()`` renders it as a Markdown table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from coursekit.exercises.feedback import Status
from coursekit.learner.progress import ProgressStore
from coursekit.lessons.registry import get_lesson, lesson_ids
from coursekit.messages import say

__all__ = ["CourseProgress", "LessonProgress", "course_progress", "lesson_progress"]


@dataclass(frozen=True)
class LessonProgress:
    """Where the learner stands in one lesson."""

    lesson: str
    """Lesson id, e.g. ``"02-campaign-data"``."""
    title: str
    """The lesson's title."""
    passed: int
    """Exercises whose latest check passed (correct, or a reflection recorded)."""
    total: int
    """Exercises in the lesson."""
    last_checked: str | None
    """When the learner last checked any of its exercises (``YYYY-MM-DDTHH:MM:SS``), or None."""

    @property
    def last_checked_text(self) -> str:
        """``YYYY-MM-DD HH:MM``, or ``never``."""
        return self.last_checked[:16].replace("T", " ") if self.last_checked \
            else say("report_never")


@dataclass(frozen=True)
class CourseProgress:
    """Every lesson's progress, in course order: plain text in a console, a table in Jupyter."""

    lessons: tuple[LessonProgress, ...]

    @property
    def passed(self) -> int:
        return sum(row.passed for row in self.lessons)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.lessons)

    def summary(self) -> str:
        """One sentence: exercises passed across the course."""
        started = sum(1 for row in self.lessons if row.last_checked)
        return say("report_summary", passed=self.passed, total=self.total, started=started,
                   lessons=len(self.lessons))

    def __str__(self) -> str:
        lesson, passed, checked = say("report_lesson"), say("report_passed"), \
            say("report_checked")
        width = max([len(row.lesson) for row in self.lessons] + [len(lesson)])
        lines = [f"{lesson:<{width}}  {passed:<7}  {checked}"]
        lines += [f"{row.lesson:<{width}}  {row.passed:>2} / {row.total:<2}  "
                  f"{row.last_checked_text}" for row in self.lessons]
        return "\n".join([*lines, "", self.summary()])

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        lines = [f"**{say('report_head')}** {self.summary()}", "",
                 f"| {say('report_lesson')} | | {say('report_passed')} | "
                 f"{say('report_checked')} |", "|---|---|---|---|"]
        lines += [f"| {row.lesson} | {_escape(row.title)} | {_bar(row.passed, row.total)} "
                  f"{row.passed}/{row.total} | {row.last_checked_text} |" for row in self.lessons]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The table as plain data (for JSON)."""
        return {"passed": self.passed, "total": self.total,
                "lessons": [asdict(row) for row in self.lessons]}


def _bar(passed: int, total: int, width: int = 5) -> str:
    filled = round(width * passed / total) if total else 0
    return "▰" * filled + "▱" * (width - filled)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def lesson_progress(lesson_id: str, records: dict[str, Any]) -> LessonProgress:
    """One lesson's row, from its saved records (question -> {status, checked_at, ...})."""
    lesson = get_lesson(lesson_id)
    records = records if isinstance(records, dict) else {}
    known = [records[q] for q in lesson.problems if isinstance(records.get(q), dict)]
    passed = sum(1 for record in known if record.get("status") in Status.PASSING)
    times = [str(record["checked_at"]) for record in known if record.get("checked_at")]
    return LessonProgress(lesson_id, lesson.title, passed, len(lesson.problems),
                          max(times, default=None))


def course_progress(store: ProgressStore | None = None) -> CourseProgress:
    """Per lesson: exercises passed / total and when the learner last checked one."""
    saved = (store or ProgressStore()).load()
    return CourseProgress(tuple(
        lesson_progress(lesson_id, saved.get(lesson_id) or {}) for lesson_id in lesson_ids()))
