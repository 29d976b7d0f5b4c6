"""The learner's API in a notebook: ``ex = coursekit.lesson("02-campaign-data", globals())``.

``ex.q1.check()`` checks an answer, ``ex.q1.hint()`` gives the next hint (``hint(2)`` the second),
``ex.q1.solution()`` shows the reference solution, ``ex.progress()`` lists where you stand.
The namespace is passed explicitly: nothing here inspects stack frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coursekit.lessons.registry import Lesson, get_lesson
from coursekit.exercises.kinds import Problem
from coursekit.exercises.feedback import Feedback
from coursekit.learner.progress import ProgressStore

__all__ = ["lesson", "BoundLesson", "BoundProblem", "Text"]


@dataclass(frozen=True)
class Text:
    """A display object: Markdown in Jupyter, plain text in a console."""

    markdown: str
    plain: str

    def __repr__(self) -> str:
        return self.plain

    def __str__(self) -> str:
        return self.plain

    def _repr_markdown_(self) -> str:
        return self.markdown


class BoundProblem:
    """One exercise bound to the learner's namespace."""

    def __init__(self, owner: BoundLesson, problem: Problem) -> None:
        self._owner = owner
        self._problem = problem
        self._hints_seen = 0

    def check(self) -> Feedback:
        """Check the answer now in the namespace; remember the outcome."""
        problem, data = self._problem, self._owner.lesson.data()
        try:
            answer = problem.collect(self._owner.namespace, data)
        except Exception as exc:  # noqa: BLE001 - collect's own failure is the course's bug
            feedback = problem.checker_error(exc)
        else:
            feedback = problem.judge(answer, data)
        self._owner.remember(feedback)
        return feedback

    def hint(self, n: int | None = None) -> Text:
        """The next hint, or hint number `n` (counting from 1)."""
        hints = self._problem.hints
        if not hints:
            return Text("No hints for this exercise.", "No hints for this exercise.")
        if n is None:
            self._hints_seen = min(self._hints_seen + 1, len(hints))
            n = self._hints_seen
        if not 1 <= n <= len(hints):
            text = f"There are {len(hints)} hints: ask for `hint(1)` to `hint({len(hints)})`."
            return Text(text, text.replace("`", ""))
        more = f" (more: `hint({n + 1})`)" if n < len(hints) else ""
        return Text(f"**Hint {n}/{len(hints)}:** {hints[n - 1]}{more}",
                    f"Hint {n}/{len(hints)}: {hints[n - 1]}{more.replace('`', '')}")

    def solution(self) -> Text:
        """The reference solution, from the lesson source."""
        from coursekit.lessons.source import load_source

        code = load_source(self._owner.lesson.id).solution_code(self._problem.id)
        return Text(f"**Solution to {self._problem.id}:**\n\n```python\n{code}\n```",
                    f"Solution to {self._problem.id}:\n{code}")

    def __repr__(self) -> str:
        p = self._problem
        return f"<exercise {self._owner.lesson.id}:{p.id} {p.title!r} ({p.points:g} points)>"


class BoundLesson:
    """A lesson's exercises bound to one namespace; attributes are the exercise ids."""

    def __init__(self, lesson: Lesson, namespace: dict[str, Any], store: ProgressStore | None
                 ) -> None:
        self.lesson = lesson
        self.namespace = namespace
        self._store = store
        self._session: dict[str, Feedback] = {}
        self._bound = {qid: BoundProblem(self, p) for qid, p in lesson.problems.items()}

    def __getattr__(self, name: str) -> BoundProblem:
        bound = self.__dict__.get("_bound", {})
        if name in bound:
            return bound[name]
        raise AttributeError(f"lesson {self.lesson.id} has no exercise {name!r}; "
                             f"its exercises are {', '.join(bound)}")

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._bound]

    def remember(self, feedback: Feedback) -> None:
        self._session[feedback.question] = feedback
        if self._store is not None:
            try:
                self._store.record(self.lesson.id, feedback)
            except OSError:
                pass  # a read-only home must not break checking

    def progress(self) -> Text:
        """Which exercises pass, from this session and earlier ones on this machine."""
        saved = self._store.load().get(self.lesson.id, {}) if self._store else {}
        rows = []
        for qid, problem in self.lesson.problems.items():
            now = self._session.get(qid)
            status = now.status if now else saved.get(qid, {}).get("status", "not checked")
            rows.append((qid, problem.title or problem.name, status, problem.points))
        passed = sum(1 for r in rows if r[2] in ("correct", "recorded"))
        head = f"{self.lesson.title}: {passed}/{len(rows)} exercises done"
        md = [f"**{head}**", "", "| exercise | | status | points |", "|---|---|---|---|"]
        md += [f"| {q} | {t} | {s} | {p:g} |" for q, t, s, p in rows]
        plain = [head] + [f"  {q:<4} {s:<14} {t}" for q, t, s, p in rows]
        return Text("\n".join(md), "\n".join(plain))

    def __repr__(self) -> str:
        return f"<lesson {self.lesson.id}: {', '.join(self._bound)}>"


def lesson(lesson_id: str, namespace: dict[str, Any], *, remember: bool = True) -> BoundLesson:
    """Bind a lesson's exercises to `namespace` (pass ``globals()``)."""
    if not isinstance(namespace, dict):
        raise TypeError("pass your notebook's namespace: coursekit.lesson(id, globals())")
    import os

    if os.environ.get("COURSEKIT_PROGRESS", "").lower() in ("off", "0", "no"):
        remember = False  # set by book builds and the grader: not a learner's session
    return BoundLesson(get_lesson(lesson_id), namespace, ProgressStore() if remember else None)
