"""A course-wide progress table from the learner's local progress store."""

from __future__ import annotations

from coursekit.exercises import get_lesson, lesson_ids
from coursekit.learner import Text
from coursekit.progress import ProgressStore

__all__ = ["course_progress"]


def course_progress(store: ProgressStore | None = None) -> Text:
    """Per lesson: exercises passed / total and when the learner last checked one."""
    saved = (store or ProgressStore()).load()
    rows = []
    for lesson_id in lesson_ids():
        lesson = get_lesson(lesson_id)
        records = saved.get(lesson_id, {})
        passed = sum(1 for q in lesson.problems
                     if records.get(q, {}).get("status") in ("correct", "recorded"))
        last = max((r.get("checked_at", "") for r in records.values()), default="") or "never"
        rows.append((lesson_id, f"{passed}/{len(lesson.problems)}", last))
    width = max([len(r[0]) for r in rows] + [6])
    plain = [f"{'lesson':<{width}}  passed  last checked"]
    plain += [f"{lid:<{width}}  {p:>6}  {last}" for lid, p, last in rows]
    md = ["| lesson | passed | last checked |", "|---|---|---|"]
    md += [f"| {lid} | {p} | {last} |" for lid, p, last in rows]
    return Text("\n".join(md), "\n".join(plain))
