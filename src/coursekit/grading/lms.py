"""Grade files an LMS imports: Canvas's gradebook CSV and Moodle's grade-import CSV.

Both have one row per learner and one column per lesson (the lesson's total points), built from
the latest record of each learner and lesson. Who a learner is in the LMS comes from an optional
roster (``--roster FILE``, a CSV with a ``learner`` column and any of `ROSTER_COLUMNS`); without
one, the learner id stands in (and a Canvas-named learner id gives its Canvas user id).

* ``canvas.csv`` — Canvas's import columns ``Student, ID, SIS User ID, SIS Login ID, Section``,
  then one column per lesson; the second row is ``Points Possible`` with each lesson's points.
  UTF-8, comma-separated, CRLF line ends.
* ``moodle.csv`` — a header row, then ``Username, ID number, Email address, First name,
  Last name`` and one column per lesson. On import choose the identifier mapping (e.g. "Email
  address" to "useremail") and map each lesson column to a grade item. UTF-8, comma.

The formats and their sources are in docs/grading.md ("Uploading grades to an LMS").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.errors import UsageError
from coursekit.grading.export import csv_text, write_file
from coursekit.grading.naming import canvas_user_id
from coursekit.grading.record import Record

__all__ = [
    "CANVAS_ID_COLUMNS",
    "MOODLE_ID_COLUMNS",
    "ROSTER_COLUMNS",
    "Roster",
    "canvas_rows",
    "moodle_rows",
    "read_roster",
    "write_lms_files",
]

ROSTER_COLUMNS = ("learner", "name", "first_name", "last_name", "email", "id_number", "username",
                  "canvas_id", "sis_user_id", "sis_login_id", "section")
CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_ID_COLUMNS = ["Username", "ID number", "Email address", "First name", "Last name"]


@dataclass
class Roster:
    """Learner ids mapped to their LMS identities (roster column → value)."""

    people: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, learner: str) -> dict[str, str]:
        return self.people.get(learner, {})


def read_roster(path: Path | None) -> Roster:
    """The roster in `path` (None: an empty roster). Raises `UsageError` on a bad file."""
    if path is None:
        return Roster()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"--roster {path}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"--roster {path} is not UTF-8 text (save it as CSV UTF-8)") from None
    except OSError as exc:
        raise UsageError(f"--roster {path}: cannot read it ({exc.strerror})") from None
    try:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","  # a European Excel
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [h.strip() for h in reader.fieldnames or []]
        _check_header(path, header)
        people: dict[str, dict[str, str]] = {}
        for row in reader:
            values = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
            learner = values.get("learner", "")
            if not learner:
                raise UsageError(f"--roster {path.name} line {reader.line_num}: empty learner")
            if learner in people:
                raise UsageError(f"--roster {path.name} line {reader.line_num}: learner "
                                 f"{learner!r} is listed twice")
            people[learner] = {k: v for k, v in values.items() if k != "learner" and v}
    except csv.Error as exc:
        raise UsageError(f"--roster {path.name} is not a readable CSV file ({exc})") from None
    return Roster(people)


def _check_header(path: Path, header: list[str]) -> None:
    if "learner" not in header:
        raise UsageError(f"--roster {path.name} has no 'learner' column (columns: "
                         f"{', '.join(ROSTER_COLUMNS)})")
    unknown = [h for h in header if h not in ROSTER_COLUMNS]
    if unknown:
        raise UsageError(f"--roster {path.name}: unknown column {unknown[0]!r} (known: "
                         f"{', '.join(ROSTER_COLUMNS)})")


def _table(records: list[Record]
           ) -> tuple[list[str], dict[str, float], dict[str, dict[str, float]]]:
    """(lesson ids, points per lesson, learner → lesson → score) over records with a lesson."""
    lessons = sorted({r.result.lesson for r in records if r.result.lesson and r.result.questions})
    points = {lesson: max(r.result.max_score for r in records if r.result.lesson == lesson)
              for lesson in lessons}
    scores: dict[str, dict[str, float]] = {}
    for r in records:
        if r.result.lesson in points:
            scores.setdefault(r.learner, {})[r.result.lesson] = r.result.score
    return lessons, points, scores


def _learners(records: list[Record], roster: Roster) -> list[str]:
    return sorted({r.learner for r in records} | set(roster.people))


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def canvas_rows(records: list[Record], roster: Roster) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows) of Canvas's gradebook import: the Points Possible row comes first."""
    lessons, points, scores = _table(records)
    columns = CANVAS_ID_COLUMNS + lessons
    rows: list[dict[str, Any]] = [{"Student": "Points Possible",
                                   **{lesson: _num(points[lesson]) for lesson in lessons}}]
    for learner in _learners(records, roster):
        who = roster.get(learner)
        rows.append({"Student": who.get("name") or _full_name(who) or learner,
                     "ID": who.get("canvas_id") or canvas_user_id(learner),
                     "SIS User ID": who.get("sis_user_id", ""),
                     "SIS Login ID": who.get("sis_login_id", ""),
                     "Section": who.get("section", ""),
                     **{lesson: _num(scores.get(learner, {}).get(lesson)) for lesson in lessons}})
    return columns, rows


def _full_name(who: dict[str, str]) -> str:
    last, first = who.get("last_name", ""), who.get("first_name", "")
    return f"{last}, {first}" if last and first else last or first


def moodle_rows(records: list[Record], roster: Roster) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows) of a Moodle grade import: identity columns, then a column per lesson."""
    lessons, _, scores = _table(records)
    rows = []
    for learner in _learners(records, roster):
        who = roster.get(learner)
        rows.append({"Username": who.get("username") or (learner if not who else ""),
                     "ID number": who.get("id_number", ""),
                     "Email address": who.get("email", ""),
                     "First name": who.get("first_name", ""),
                     "Last name": who.get("last_name", ""),
                     **{lesson: _num(scores.get(learner, {}).get(lesson)) for lesson in lessons}})
    return MOODLE_ID_COLUMNS + lessons, rows


def write_lms_files(records: list[Record], out: Path, roster: Roster
                    ) -> tuple[list[Path], list[str]]:
    """Write canvas.csv and moodle.csv; returns (files, warnings for the instructor)."""
    files = [write_file(out / "canvas.csv", csv_text(*canvas_rows(records, roster), crlf=True)),
             write_file(out / "moodle.csv", csv_text(*moodle_rows(records, roster), crlf=True))]
    warnings = []
    if roster.people:
        missing = sorted({r.learner for r in records} - set(roster.people))
        if missing:
            warnings.append(f"{len(missing)} learner(s) are not in the roster (their learner id "
                            f"is used in the LMS files): {', '.join(missing[:5])}"
                            + (" ..." if len(missing) > 5 else ""))
    return files, warnings
