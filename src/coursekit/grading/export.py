"""Write a batch's records out: long and wide CSV, JSON, Gradescope results, HTML feedback.

Files (in the output folder):

* ``grades.csv`` — long: one row per learner and question (an unreadable notebook whose lesson
  is unknown gets one row with an empty question);
* ``grades_wide.csv`` — for an LMS gradebook import: one row per learner, a column per question
  (``<lesson>:<question>`` when the batch mixes lessons), ``total`` and ``max_score``;
* ``grades.json`` — every record with its questions and flags;
* ``results/<learner>.json`` — Gradescope's ``results.json`` format;
* ``feedback/<learner>.html`` — one self-contained page per learner (no external assets).

Every file is written to a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from pathlib import Path
from typing import Any

from coursekit.exercises.feedback import Status
from coursekit.grading.record import Record

__all__ = ["export_all", "long_rows", "wide_rows", "gradescope", "feedback_html", "LONG_COLUMNS"]

LONG_COLUMNS = ["learner", "lesson", "lesson_version", "question", "title", "score", "max_score",
                "status", "message", "flags"]


def export_all(records: list[Record], out: Path) -> list[Path]:
    """Write every export of `records` into `out`; returns the files written."""
    written = [
        _write(out / "grades.csv", _csv(LONG_COLUMNS, long_rows(records))),
        _write(out / "grades_wide.csv", _csv(*wide_rows(records))),
        _write(out / "grades.json", json.dumps(grades_json(records), indent=1,
                                               ensure_ascii=False) + "\n"),
    ]
    for record in records:
        written.append(_write(out / "results" / f"{record.learner}.json",
                              json.dumps(gradescope(record), indent=1, ensure_ascii=False)))
        written.append(_write(out / "feedback" / f"{record.learner}.html",
                              feedback_html(record)))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A CSV cell safe from formula injection (OWASP): text starting with ``= + - @``, a tab or
    a carriage return gets a leading ``'``, so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writerow({c: neutralise(c) for c in columns})
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _points(value: float) -> str:
    return f"{value:g}"


def long_rows(records: list[Record]) -> list[dict[str, Any]]:
    """grades.csv rows: one per learner and question."""
    rows = []
    for record in records:
        r = record.result
        base = {"learner": record.learner, "lesson": r.lesson, "lesson_version": r.lesson_version}
        if not r.questions:
            rows.append({**base, "question": "", "title": "", "score": "0", "max_score": "0",
                         "status": r.status, "message": r.message,
                         "flags": _flags_text(record, None)})
        for n, q in enumerate(r.questions):
            rows.append({**base, "question": q.question, "title": q.title,
                         "score": _points(q.score), "max_score": _points(q.max_score),
                         "status": q.status, "message": q.message,
                         "flags": _flags_text(record, q.question, notebook=n == 0)})
    return rows


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


def grades_json(records: list[Record]) -> dict[str, Any]:
    """The grades.json document."""
    return {"format": "coursekit-grades/1", "submissions": [_record_json(r) for r in records]}


def _record_json(record: Record) -> dict[str, Any]:
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

_ICON = {Status.CORRECT: "✓", Status.RECORDED: "✎", Status.NOT_ATTEMPTED: "–",
         Status.INCORRECT: "✗"}

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
.incorrect,.error,.tampered,.missing,.unreadable{color:var(--bad)}
.other{color:var(--warn)}
code{background:var(--code);padding:0 .2em;border-radius:.2em;font-size:.95em}
.flags{border-left:4px solid var(--warn);padding:.25rem .75rem}
"""


def feedback_html(record: Record) -> str:
    """A self-contained HTML page: per question, outcome, message and points."""
    r = record.result
    e = html.escape
    title = f"Feedback for {record.learner}" + (f" — {r.lesson}" if r.lesson else "")
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        "<main>", f"<h1>{e(title)}</h1>",
        f'<p class="total">Score: {_points(r.score)} / {_points(r.max_score)}</p>',
    ]
    if r.message:
        parts.append(f'<p class="muted">Run: {_inline(r.message)}</p>')
    if r.status == Status.UNREADABLE:
        parts.append(f'<p class="unreadable"><strong>This notebook could not be graded:</strong> '
                     f"{_inline(r.message)}</p>")
    if r.flags:
        items = "".join(f"<li>{_inline(f.message)}</li>" for f in r.flags)
        parts.append(f'<section class="flags" aria-label="Notes on the notebook">'
                     f"<h2>Notes on your notebook</h2><ul>{items}</ul></section>")
    if r.questions:
        parts.append("<ol>")
        parts.extend(_question_html(q) for q in r.questions)
        parts.append("</ol>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _question_html(q: Any) -> str:
    e = html.escape
    css = q.status.split()[0] if q.status.split()[0] in (
        "correct", "recorded", "incorrect", "error", "tampered", "missing", "unreadable") \
        else "other"
    icon = _ICON.get(q.status, "!")
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
