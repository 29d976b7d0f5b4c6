"""Wrong lesson: a notebook handed in for another lesson is recorded as such, never graded.

The lesson a batch is for is ``--lesson``, or else the lesson of most of the batch (more than
half of the notebooks whose metadata names a lesson). A notebook whose metadata names another
lesson gets the status "wrong lesson" for the batch's lesson, 0 points, and a message that
tells the learner what to hand in. A notebook that names no lesson is graded as the batch's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from coursekit.exercises.feedback import Status
from coursekit.grading.discover import Candidate, Loaded, load_submission
from coursekit.grading.record import QuestionResult, Result, now
from coursekit.grading.sanitize import submission_lesson
from coursekit.lessons.registry import Lesson

__all__ = ["majority_lesson", "metadata_lessons", "wrong_lesson_result"]


def metadata_lessons(candidates: Iterable[Candidate], max_bytes: int) -> list[str | None]:
    """The lesson each readable submission's metadata names (None: unreadable or unnamed)."""
    found: list[str | None] = []
    for candidate in candidates:
        loaded = load_submission(candidate, max_bytes)
        found.append(submission_lesson(loaded.notebook) if isinstance(loaded, Loaded) else None)
    return found


def majority_lesson(lessons: Iterable[str | None]) -> str | None:
    """The lesson named by more than half of the notebooks that name one, else None."""
    named = Counter(lesson for lesson in lessons if lesson)
    if not named:
        return None
    lesson, count = named.most_common(1)[0]
    return lesson if count * 2 > sum(named.values()) else None


def wrong_lesson_result(sha256: str, found: str, lesson: Lesson) -> Result:
    """The record of a notebook made for lesson `found`, handed in for `lesson`."""
    message = (f"this notebook is lesson {found[:80]!r}, but this assignment is lesson "
               f"{lesson.id} ({lesson.title}): hand in your {lesson.id} notebook")
    questions = tuple(QuestionResult(q, p.title, Status.WRONG_LESSON, message, 0.0,
                                     float(p.points)) for q, p in lesson.problems.items())
    return Result(sha256, lesson.id, lesson.version, Status.WRONG_LESSON, message, questions,
                  graded_at=now())
