"""The learner's API in a notebook: ``ex = coursekit.lesson("02-campaign-data", globals())``.

``ex.q1.check()`` checks an answer, ``ex.q1.hint()`` gives the next hint (``hint(2)`` the second),
``ex.q1.solution()`` shows the reference solution, ``ex.progress()`` lists where you stand.
The namespace is passed explicitly: nothing here inspects stack frames.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Any

from coursekit.errors import LearnerError
from coursekit.exercises.feedback import Feedback, Status
from coursekit.exercises.kinds import MISSING, Problem
from coursekit.learner.progress import ProgressStore
from coursekit.lessons.registry import Lesson, get_lesson
from coursekit.messages import say

__all__ = ["BoundLesson", "BoundProblem", "Text", "lesson"]


class NoSuchExercise(LearnerError, AttributeError):
    """``ex.q9`` for a lesson without q9."""


class NotANamespace(LearnerError, TypeError):
    """``coursekit.lesson(id, something_else)`` instead of ``globals()``."""


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
        except Exception as exc:
            feedback = problem.checker_error(exc)
        else:
            feedback = problem.judge(answer, data)
            if answer == MISSING:
                feedback = replace(feedback, message=self._missing_message(data))
        self._owner.remember(feedback)
        return feedback

    def _missing_message(self, data: dict[str, Any]) -> str:
        """Why the answer's name is missing: a renamed answer, a skipped setup cell, or simply
        not written yet."""
        namespace, name = self._owner.namespace, self._problem.name
        if any(key not in namespace for key in data):
            return say("not_bound")
        mine = [k for k in namespace if not k.startswith("_") and k not in data
                and k not in _NOTEBOOK_NAMES and not _is_module(namespace[k])]
        close = difflib.get_close_matches(name, mine, n=1, cutoff=0.6)
        if close:
            return say("not_defined_renamed", name=name, other=close[0])
        return say("not_defined", name=name)

    def hint(self, n: Any = None) -> Text:
        """The next hint, or hint number `n` (counting from 1)."""
        hints = self._problem.hints
        if not hints:
            return _text(say("hint_none"))
        if n is None:
            self._hints_seen = min(self._hints_seen + 1, len(hints))
            n = self._hints_seen
        if isinstance(n, bool) or not isinstance(n, int):
            return _text(say("hint_not_number", given=str(n)[:20], count=len(hints)))
        if not 1 <= n <= len(hints):
            return _text(say("hint_range", count=len(hints)))
        head = say("hint_head", n=n, count=len(hints))
        more = " " + say("hint_more", next=n + 1) if n < len(hints) else ""
        return Text(f"**{head}** {hints[n - 1]}{more}",
                    f"{head} {hints[n - 1]}{more.replace('`', '')}")

    def solution(self) -> Text:
        """The reference solution, from the lesson source."""
        from coursekit.lessons.source import load_source

        code = load_source(self._owner.lesson.id).solution_code(self._problem.id)
        head = say("solution_head", question=self._problem.id)
        return Text(f"**{head}**\n\n```python\n{code}\n```", f"{head}\n{code}")

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
        raise NoSuchExercise(say("no_exercise", lesson=self.lesson.id, name=name,
                                 known=", ".join(bound)))

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
            status = now.status if now else saved.get(qid, {}).get("status",
                                                                   say("progress_unchecked"))
            rows.append((qid, problem.title or problem.name, status, problem.points))
        passed = sum(1 for r in rows if r[2] in Status.PASSING)
        head = say("progress_head", title=self.lesson.title, passed=passed, total=len(rows))
        md = [f"**{head}**", "", say("progress_columns"), "|---|---|---|---|"]
        md += [f"| {q} | {t} | {s} | {p:g} |" for q, t, s, p in rows]
        plain = [head] + [f"  {q:<4} {s:<14} {t}" for q, t, s, p in rows]
        return Text("\n".join(md), "\n".join(plain))

    def __repr__(self) -> str:
        return f"<lesson {self.lesson.id}: {', '.join(self._bound)}>"


def lesson(lesson_id: str, namespace: dict[str, Any], *, remember: bool = True) -> BoundLesson:
    """Bind a lesson's exercises to `namespace` (pass ``globals()``)."""
    if not isinstance(namespace, dict):
        raise NotANamespace(say("namespace_wrong", lesson=lesson_id))
    import os

    if os.environ.get("COURSEKIT_PROGRESS", "").lower() in ("off", "0", "no"):
        remember = False  # set by book builds and the grader: not a learner's session
    return BoundLesson(get_lesson(lesson_id), namespace, ProgressStore() if remember else None)


_NOTEBOOK_NAMES = frozenset({"ex", "In", "Out", "get_ipython", "exit", "quit", "open"})
"""Names a notebook defines that are never a learner's answer."""


def _is_module(value: Any) -> bool:
    return type(value).__name__ == "module"


def _text(sentence: str) -> Text:
    return Text(sentence, sentence.replace("`", ""))
