"""Write a batch's records out: long and wide CSV, JSON, Gradescope results, HTML feedback.

Files (in the output folder):

* ``grades.csv`` — long: one row per learner and question (an unreadable notebook whose lesson
  is unknown gets one row with an empty question);
* ``grades_wide.csv`` — for an LMS gradebook import: one row per learner, a column per question
  (``<lesson>:<question>`` when the batch mixes lessons), ``total`` and ``max_score``;
* ``grades.json`` — every record with its questions and flags;
* ``results/<learner>.json`` — Gradescope's ``results.json`` format (``<learner>@<lesson>.json``
  for a learner with several lessons in the gradebook);
* ``feedback/<learner>.html`` — one self-contained page per learner, a section per lesson.

Every file is written to a temporary name and renamed, so a reader never sees half a file.
Every CSV cell goes through `safe_cell` (formula injection, OWASP). Notes for the instructor
only (identical submissions) go to the CSV and JSON, never to the learner's page.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

from coursekit.atomic import write_atomic
from coursekit.exercises.feedback import Status
from coursekit.grading.record import Record

__all__ = [
    "LONG_COLUMNS",
    "Notes",
    "csv_text",
    "export_all",
    "feedback_html",
    "gradescope",
    "long_rows",
    "safe_cell",
    "wide_rows",
    "write_file",
]

Notes = dict[str, list[str]]
"""Instructor-only notes per learner (e.g. "identical to bob's submission")."""

LONG_COLUMNS = ["learner", "lesson", "lesson_version", "question", "title", "score", "max_score",
                "status", "message", "flags"]


def export_all(records: list[Record], out: Path, notes: Notes | None = None) -> list[Path]:
    """Write every export of `records` into `out`; returns the files written."""
    notes = notes or {}
    written = [
        write_file(out / "grades.csv", csv_text(LONG_COLUMNS, long_rows(records, notes))),
        write_file(out / "grades_wide.csv", csv_text(*wide_rows(records))),
        write_file(out / "grades.json", json.dumps(grades_json(records, notes), indent=1,
                                                   ensure_ascii=False) + "\n"),
    ]
    by_learner: dict[str, list[Record]] = {}
    for record in records:
        by_learner.setdefault(record.learner, []).append(record)
    for learner, mine in by_learner.items():
        for record in mine:
            name = learner if len(mine) == 1 else f"{learner}@{record.result.lesson}"
            written.append(write_file(out / "results" / f"{name}.json",
                                      json.dumps(gradescope(record), indent=1,
                                                 ensure_ascii=False)))
        written.append(write_file(out / "feedback" / f"{learner}.html", feedback_page(mine)))
    return written


def write_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` atomically (`coursekit.atomic.write_atomic`); returns `path`."""
    return write_atomic(path, text, encoding=encoding)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP, "CSV injection").

    Text starting with ``= + - @``, a tab or a carriage return gets a leading single quote;
    numbers pass unchanged (a negative number is a number, not a formula).
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(columns: list[str], rows: list[dict[str, Any]], *, crlf: bool = False) -> str:
    """CSV text with a header row; every cell neutralised by `safe_cell`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n" if crlf else "\n",
                            extrasaction="ignore")
    writer.writerow({c: safe_cell(c) for c in columns})
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _points(value: float) -> str:
    return f"{value:g}"


def long_rows(records: list[Record], notes: Notes | None = None) -> list[dict[str, Any]]:
    """grades.csv rows: one per learner and question."""
    notes = notes or {}
    rows = []
    for record in records:
        extra = "; ".join(notes.get(record.learner, ()))
        r = record.result
        base = {"learner": record.learner, "lesson": r.lesson, "lesson_version": r.lesson_version}
        if not r.questions:
            rows.append({**base, "question": "", "title": "", "score": "0", "max_score": "0",
                         "status": r.status, "message": r.message,
                         "flags": _joined(_flags_text(record, None), extra)})
        for n, q in enumerate(r.questions):
            rows.append({**base, "question": q.question, "title": q.title,
                         "score": _points(q.score), "max_score": _points(q.max_score),
                         "status": q.status, "message": q.message,
                         "flags": _joined(_flags_text(record, q.question, notebook=n == 0),
                                          extra)})
    return rows


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _flags_text(record: Record, question: str | None, notebook: bool = True) -> str:
    """The flags on this question, plus those on the whole notebook on its first row only."""
    def shown(flag_question: str | None) -> bool:
        if question is None:
            return True
        return flag_question == question or (flag_question is None and notebook)
    return "; ".join(f"{f.kind}: {f.message}" for f in record.result.flags if shown(f.question))


def wide_rows(records: list[Record]) -> tuple[list[str], list[dict[str, Any]]]:
    """grades_wide.csv: (columns, rows), one row per learner and a column per question."""
    lessons = sorted({r.result.lesson for r in records if r.result.questions})
    mixed = len(lessons) > 1
    columns: list[str] = []
    for record in records:
        for q in record.result.questions:
            name = f"{record.result.lesson}:{q.question}" if mixed else q.question
            if name not in columns:
                columns.append(name)
    columns.sort(key=lambda c: _natural(c))
    rows = []
    for record in records:
        r = record.result
        row: dict[str, Any] = {"learner": record.learner, "lesson": r.lesson}
        for q in r.questions:
            row[f"{r.lesson}:{q.question}" if mixed else q.question] = _points(q.score)
        row.update(total=_points(r.score), max_score=_points(r.max_score),
                   status=r.status if r.status != "graded" else "")
        rows.append(row)
    return ["learner", "lesson", *columns, "total", "max_score", "status"], rows


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def grades_json(records: list[Record], notes: Notes | None = None) -> dict[str, Any]:
    """The grades.json document."""
    notes = notes or {}
    return {"format": "coursekit-grades/1",
            "submissions": [_record_json(r, notes.get(r.learner, [])) for r in records]}


def _record_json(record: Record, notes: list[str]) -> dict[str, Any]:
    r = record.result
    return {
        "learner": record.learner, "path": record.path, "sha256": r.sha256, "lesson": r.lesson,
        "lesson_version": r.lesson_version, "status": r.status, "message": r.message,
        "score": r.score, "max_score": r.max_score,
        "questions": [{"question": q.question, "title": q.title, "status": q.status,
                       "message": q.message, "score": q.score, "max_score": q.max_score}
                      for q in r.questions],
        "flags": [{"kind": f.kind, "question": f.question, "message": f.message}
                  for f in r.flags],
        "notes": list(notes),
        "duration": r.duration, "graded_at": r.graded_at,
    }


def gradescope(record: Record) -> dict[str, Any]:
    """The submission in Gradescope's results.json format (a test per question)."""
    r = record.result
    lines = [r.message] + [f"{f.kind}: {f.message}" for f in r.flags]
    return {
        "score": r.score,
        "execution_time": round(r.duration, 3),
        "output": "\n".join(line for line in lines if line),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [{"name": f"{q.question}: {q.title}" if q.title else q.question,
                   "number": q.question, "score": q.score, "max_score": q.max_score,
                   "status": "passed" if q.status in Status.PASSING else "failed",
                   "output": f"{q.status}: {q.message}", "visibility": "visible"}
                  for q in r.questions],
    }


# -- the feedback page -----------------------------------------------------------------------

_CSS = """
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--line:#ddd;
--ok:#17663a;--bad:#9b1c1c;--warn:#7a4b00;--code:#f2f2f2}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#bbb;--line:#444;
--ok:#7fd49b;--bad:#ff9b9b;--warn:#f3c56b;--code:#2a2a2a}}
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;
color:var(--fg);background:var(--bg);max-width:46rem;margin-inline:auto;overflow-wrap:anywhere}
h1{font-size:1.4rem;margin:.2rem 0}
.total{font-size:1.2rem;font-weight:600}
.muted{color:var(--muted)}
ol{list-style:none;padding:0}
li.q{border:1px solid var(--line);border-radius:.5rem;padding:.75rem;margin:.75rem 0}
.head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;font-weight:600}
.status{font-weight:600}
.correct,.recorded{color:var(--ok)}
.incorrect,.error,.tampered,.missing,.unreadable,.wrong{color:var(--bad)}
.needs{color:var(--fg)}
.other{color:var(--warn)}
code{background:var(--code);padding:0 .2em;border-radius:.2em;font-size:.95em}
.flags{border-left:4px solid var(--warn);padding:.25rem .75rem}
"""


def feedback_html(record: Record) -> str:
    """A self-contained HTML page: per question, outcome, message and points."""
    return feedback_page([record])


def feedback_page(records: list[Record]) -> str:
    """One learner's self-contained page: a section per lesson (per record)."""
    e = html.escape
    learner = records[0].learner
    lessons = [r.result.lesson for r in records if r.result.lesson]
    title = f"Feedback for {learner}" + (f" — {lessons[0]}" if len(records) == 1 and lessons
                                         else "")
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        "<main>", f"<h1>{e(title)}</h1>",
    ]
    for record in records:
        parts.extend(_record_section(record, heading=len(records) > 1))
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _record_section(record: Record, heading: bool) -> list[str]:
    r = record.result
    parts = [f"<section><h2>{html.escape(r.lesson or 'Unknown lesson')}</h2>"] if heading \
        else ["<section>"]
    parts.append(f'<p class="total">Score: {_points(r.score)} / {_points(r.max_score)}</p>')
    if r.status == Status.WRONG_LESSON:
        parts.append(f'<p class="wrong"><strong>Wrong lesson:</strong> {_inline(r.message)}</p>')
    elif r.message:
        parts.append(f'<p class="muted">Run: {_inline(r.message)}</p>')
    if r.status == Status.UNREADABLE:
        parts.append(f'<p class="unreadable"><strong>This notebook could not be graded:</strong> '
                     f"{_inline(r.message)}</p>")
    if any(q.status == Status.NEEDS_REVIEW for q in r.questions):
        parts.append('<p class="muted">Reflections are scored by a person; they show 0 points '
                     "until your instructor has read them.</p>")
    if r.flags:
        items = "".join(f"<li>{_inline(f.message)}</li>" for f in r.flags)
        parts.append(f'<section class="flags" aria-label="Notes on the notebook">'
                     f"<h2>Notes on your notebook</h2><ul>{items}</ul></section>")
    if r.questions and r.status != Status.WRONG_LESSON:
        parts.append("<ol>")
        parts.extend(_question_html(q) for q in r.questions)
        parts.append("</ol>")
    parts.append("</section>")
    return parts


def _question_html(q: Any) -> str:
    e = html.escape
    css = q.status.split()[0] if q.status.split()[0] in (
        "correct", "recorded", "incorrect", "error", "tampered", "missing", "unreadable",
        "needs", "wrong") else "other"
    known = Status.parse(str(q.status))
    icon = known.icon if known is not None else "!"
    name = f"{q.question}: {q.title}" if q.title else q.question
    return (f'<li class="q"><div class="head"><span>{e(name)}</span>'
            f"<span>{_points(q.score)} / {_points(q.max_score)} "
            f"point{'s' if q.max_score != 1 else ''}</span></div>"
            f'<div class="status {css}"><span aria-hidden="true">{icon}</span> '
            f"{e(q.status.capitalize())}</div>"
            f"<p>{_inline(q.message)}</p></li>")


def _inline(text: str) -> str:
    """Escape text; `backticked` spans become <code>."""
    pieces = text.split("`")
    out = []
    for i, piece in enumerate(pieces):
        escaped = html.escape(piece)
        out.append(f"<code>{escaped}</code>" if i % 2 and i < len(pieces) - 1 else escaped)
    return "".join(out)
