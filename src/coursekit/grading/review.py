"""Reflections go to people: the grading hook, the review sheet, and recording human scores.

* `reviewed_question` (called by the pipeline for each judged question): a reflection is never
  credited by a machine. Its status becomes "needs review" with 0 points, and its text is kept
  for the reviewer.
* `write_sheet(out)` writes ``OUT/review.html`` (to read) and ``OUT/review.csv`` (to fill: one
  row per reflection, with its rubric and the automatic screens).
* `read_scores(path, records)` validates a filled sheet strictly and returns the reviews, or
  raises `UsageError` with one line naming the CSV line; nothing is stored unless every row
  is valid.
* `apply_reviews(records, reviews)` puts the human scores and comments into the records that
  every export is written from.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from coursekit.errors import LessonError, UsageError
from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import ReflectionProblem
from coursekit.grading.history import Review
from coursekit.grading.record import Key, QuestionResult, Record, Result

__all__ = [
    "SHEET_COLUMNS",
    "apply_reviews",
    "is_reflection",
    "read_scores",
    "reviewed_question",
    "sheet_rows",
]

SHEET_COLUMNS = ["learner", "lesson", "question", "submission", "text", "rubric", "screens",
                 "max_score", "score", "comment"]
_MAX_TEXT = 20_000


def is_reflection(problem: Any) -> bool:
    """True for free-text problems, which only people score."""
    return isinstance(problem, ReflectionProblem)


def reviewed_question(result: QuestionResult, problem: Any, answer: Any) -> QuestionResult:
    """`result` as the gradebook keeps it: for a reflection, never machine credit."""
    if not is_reflection(problem):
        return result
    text = answer_text(answer)
    if result.status in Status.PASSING or result.status == Status.NEEDS_REVIEW:
        return replace(result, status=Status.NEEDS_REVIEW, score=0.0, answer=text)
    return replace(result, answer=text)


def answer_text(answer: Any) -> str:
    """The learner's answer as text for a person to read (plain data only)."""
    from coursekit.answers import decode

    try:
        value = decode(answer)
    except Exception:
        value = answer
    if isinstance(value, str):
        return value[:_MAX_TEXT]
    if value is Ellipsis or value is None:
        return ""
    try:
        return json.dumps(value, indent=1, ensure_ascii=False, default=str)[:_MAX_TEXT]
    except (TypeError, ValueError):
        return str(value)[:_MAX_TEXT]


def apply_reviews(records: list[Record], reviews: dict[tuple[str, Key, str], Review]
                  ) -> list[Record]:
    """The records with every reviewed reflection scored by its reviewer."""
    out = []
    for record in records:
        r = record.result
        questions = tuple(_reviewed(q, reviews.get((record.learner, r.key, q.question)))
                          for q in r.questions)
        out.append(record if questions == r.questions else
                   replace(record, result=replace(r, questions=questions)))
    return out


def _reviewed(q: QuestionResult, review: Review | None) -> QuestionResult:
    if review is None or q.status != Status.NEEDS_REVIEW:
        return q
    message = f"Reviewed by your instructor: {review.score:g} / {q.max_score:g}."
    if review.comment.strip():
        message += f" {review.comment.strip()}"
    return replace(q, status=Status.RECORDED, score=review.score, message=message)


# -- the sheet -------------------------------------------------------------------------------

def _problem(lesson: str, question: str) -> Any:
    from coursekit.lessons.registry import get_lesson

    try:
        return get_lesson(lesson).problems.get(question)
    except LessonError:
        return None


def rubric_text(problem: Any) -> str:
    """The rubric as one line per criterion: ``name (points): description``."""
    if not is_reflection(problem):
        return ""
    return "\n".join(f"{c.name} ({c.points:g}): {c.description}" for c in problem.criteria())


def sheet_rows(raw: list[Record], reviews: dict[tuple[str, Key, str], Review]
               ) -> list[dict[str, Any]]:
    """One row per reflection to review (or already reviewed, with its score filled in).

    `raw` are the records before reviews were applied: their reflections say "needs review".
    """
    from coursekit.exercises.screens import reflection_screens

    rows: list[dict[str, Any]] = []
    for record in raw:
        r = record.result
        for q in r.questions:
            if q.status != Status.NEEDS_REVIEW:
                continue
            problem = _problem(r.lesson, q.question)
            screens = list(reflection_screens(problem, q.answer)) if is_reflection(problem) \
                else []
            review = reviews.get((record.learner, r.key, q.question))
            rows.append({"learner": record.learner, "lesson": r.lesson, "question": q.question,
                         "title": q.title, "submission": r.sha256[:12], "text": q.answer,
                         "rubric": rubric_text(problem), "screens": screens,
                         "max_score": f"{q.max_score:g}",
                         "score": f"{review.score:g}" if review else "",
                         "comment": review.comment if review else ""})
    _same_text(rows)
    return rows


def _same_text(rows: list[dict[str, Any]]) -> None:
    """Add a screen to answers whose text another learner handed in too."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        text = " ".join(row["text"].split()).casefold()
        if text:
            groups.setdefault((row["lesson"], row["question"], text), []).append(row)
    for group in groups.values():
        for row in group if len(group) > 1 else ():
            others = ", ".join(o["learner"] for o in group if o is not row)
            row["screens"].append(f"same text as {others}")


# -- the filled sheet ------------------------------------------------------------------------

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """A cell as the reviewer meant it: the quote that neutralised a formula is taken off."""
    text = text or ""
    if len(text) > 1 and text[0] == "'" and text[1] in _TRIGGERS:
        return text[1:]
    return text


def read_scores(path: Path, raw: list[Record]) -> list[Review]:
    """The reviews in a filled review CSV, checked against `raw` (the latest records).

    Raises `UsageError` (one line, naming the file and the spreadsheet row; header = row 1) on
    the first problem: a missing
    column, an unknown learner, lesson or question, a question that is not a reflection, a
    submission that changed since the sheet was written, a score that is not a number, below
    0 or above the question's points, or a row given twice. Rows with an empty score are
    skipped (not reviewed yet).
    """
    rows = _csv_rows(path)
    by_learner: dict[str, dict[str, Result]] = {}
    for record in raw:
        by_learner.setdefault(record.learner, {})[record.result.lesson] = record.result
    seen: dict[tuple[str, str, str], int] = {}
    reviews = []
    for line, row in rows:
        where = f"{path.name} row {line}"
        score_text = row["score"].strip()
        if not score_text:
            continue
        result, q = _locate(row, by_learner, where)
        ident = (row["learner"], result.lesson, q.question)
        if ident in seen:
            raise UsageError(f"{where}: {row['learner']} {q.question} is given twice "
                             f"(also row {seen[ident]})")
        seen[ident] = line
        score = _score(score_text, q, where)
        reviews.append(Review(row["learner"], result.key, q.question, score,
                              row.get("comment", "").strip()))
    return reviews


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text: save the sheet as CSV (UTF-8)") from None
    try:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","  # a European Excel
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = reader.fieldnames or []
        missing = [c for c in ("learner", "lesson", "question", "score") if c not in header]
        if missing:
            raise UsageError(f"{path.name} has no column {missing[0]!r}: fill in the "
                             "review.csv that `coursekit review` wrote")
        rows = [(n, {k: _cell(v) for k, v in row.items() if k is not None})
                for n, row in enumerate(reader, start=2)]
    except csv.Error as exc:
        raise UsageError(f"{path.name} is not a readable CSV file ({exc})") from None
    return rows


def _locate(row: dict[str, str], by_learner: dict[str, dict[str, Result]], where: str
            ) -> tuple[Result, QuestionResult]:
    learner, lesson, question = row["learner"], row["lesson"], row["question"]
    if learner not in by_learner:
        raise UsageError(f"{where}: unknown learner {learner!r} (not in the gradebook)")
    result = by_learner[learner].get(lesson)
    if result is None:
        raise UsageError(f"{where}: {learner} has no submission for lesson {lesson!r}")
    q = next((x for x in result.questions if x.question == question), None)
    if q is None:
        raise UsageError(f"{where}: unknown question {question!r} in lesson {lesson}")
    if not is_reflection(_problem(lesson, question)):
        raise UsageError(f"{where}: {question} of {lesson} is not a reflection; only "
                         "reflections are scored by people")
    sub = row.get("submission", "").strip()
    if sub and not result.sha256.startswith(sub):
        raise UsageError(f"{where}: {learner} handed in a new notebook for {lesson} after "
                         "this sheet was written; run `coursekit review` for a new sheet")
    return result, q


def _score(text: str, q: QuestionResult, where: str) -> float:
    try:
        score = float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text \
            else float(text)
    except ValueError:
        raise UsageError(f"{where}: score {text!r} is not a number") from None
    if not math.isfinite(score):
        raise UsageError(f"{where}: score {text!r} is not a number")
    if score < 0:
        raise UsageError(f"{where}: score {text} is below 0")
    if score > q.max_score:
        raise UsageError(f"{where}: score {text} is above the maximum {q.max_score:g} for "
                         f"{q.question}")
    return score


def sheet_csv_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for review.csv (screens joined into one cell)."""
    return [{c: ("; ".join(row[c]) if c == "screens" else row[c]) for c in SHEET_COLUMNS}
            for row in rows]
