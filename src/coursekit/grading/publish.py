"""Write every export from the whole gradebook: cumulative, reviewed, for people and for LMSs.

`publish(out)` reads the latest attempt of each learner for each lesson over every batch (or
one `batch`), puts the reviewers' scores in, notes identical submissions, and writes
grades.csv, grades_wide.csv, grades.json, results/, feedback/, canvas.csv, moodle.csv and
report.html. `coursekit grade` calls it at the end of a run; `coursekit review --scores` after
recording scores. The review sheet is written by `write_review_sheet`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from coursekit.errors import UsageError
from coursekit.exercises.feedback import Status
from coursekit.grading.export import Notes, csv_text, export_all, write_file
from coursekit.grading.history import History
from coursekit.grading.lms import read_roster, write_lms_files
from coursekit.grading.record import GRADED, Gradebook, Record
from coursekit.grading.report import report_html
from coursekit.grading.review import (
    SHEET_COLUMNS,
    apply_reviews,
    read_scores,
    sheet_csv_rows,
    sheet_rows,
)
from coursekit.grading.review_page import review_html

__all__ = [
    "ROSTER_COPY",
    "Published",
    "identical_notes",
    "latest_records",
    "publish",
    "record_scores",
    "write_review_sheet",
]

ROSTER_COPY = "roster.csv"
"""The roster last given with ``--roster`` is kept as ``OUT/roster.csv`` for later exports."""


@dataclass
class Published:
    """What `publish` wrote."""

    records: list[Record]
    """The latest record per learner and lesson, with reviewers' scores."""
    notes: Notes
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _gradebook(out: Path) -> Path:
    path = out / "gradebook.sqlite"
    if not path.is_file():
        raise UsageError(f"no gradebook in {out}: run `coursekit grade ... --out {out}` first")
    return path


def latest_records(out: Path, batch: str | None = None, extra: Iterable[Record] = ()
                   ) -> list[Record]:
    """The latest record per learner and lesson (before reviews); `extra` records (runs the
    grader could not complete, kept out of the gradebook) replace their learner's lesson."""
    path = _gradebook(out)
    with Gradebook(path) as book, History(path) as history:
        found = [(a, book.find(a.key)) for a in history.latest(batch)]
    records = {(a.learner, a.key[1]): Record(a.learner, a.path, result)
               for a, result in found if result is not None}
    for record in extra:
        records[(record.learner, record.result.lesson)] = record
    return sorted(records.values(), key=lambda r: (r.learner, r.result.lesson))


def identical_notes(records: list[Record]) -> Notes:
    """Instructor-only notes on learners who handed in byte-identical, attempted notebooks."""
    groups: dict[str, list[str]] = {}
    for r in records:
        attempted = any(q.status not in (Status.NOT_ATTEMPTED, Status.MISSING)
                        for q in r.result.questions)
        if r.result.status == GRADED and attempted:
            groups.setdefault(r.result.sha256, []).append(r.learner)
    notes: Notes = {}
    for learners in groups.values():
        for learner in learners if len(set(learners)) > 1 else ():
            others = ", ".join(sorted(x for x in set(learners) if x != learner))
            notes.setdefault(learner, []).append(f"identical submission to {others}")
    return notes


def _roster(out: Path, given: Path | None) -> Path | None:
    """The roster to use: `given` (validated, then kept in OUT), else the kept copy."""
    kept = out / ROSTER_COPY
    if given is not None:
        read_roster(given)
        if given.resolve() != kept.resolve():
            shutil.copyfile(given, kept)
        return kept
    return kept if kept.is_file() else None


def publish(out: Path, *, batch: str | None = None, roster: Path | None = None,
            extra: Iterable[Record] = ()) -> Published:
    """Write every export of the gradebook in `out`; returns what was written."""
    roster_path = _roster(out, roster)
    people = read_roster(roster_path)
    raw = latest_records(out, batch, extra)
    with History(_gradebook(out)) as history:
        reviews = history.reviews()
    records = apply_reviews(raw, reviews)
    notes = identical_notes(records)
    files = export_all(records, out, notes)
    lms_files, warnings = write_lms_files(records, out, people)
    files += lms_files
    files.append(write_file(out / "report.html", report_html(records, notes)))
    return Published(records, notes, files, warnings)


def write_review_sheet(out: Path, batch: str | None = None) -> tuple[list[Path], int]:
    """Write OUT/review.html and OUT/review.csv; returns (files, reflections on the sheet)."""
    raw = latest_records(out, batch)
    with History(_gradebook(out)) as history:
        reviews = history.reviews()
    rows = sheet_rows(raw, reviews)
    files = [write_file(out / "review.csv", csv_text(SHEET_COLUMNS, sheet_csv_rows(rows))),
             write_file(out / "review.html", review_html(rows))]
    return files, len(rows)


def record_scores(out: Path, scores: Path, *, batch: str | None = None,
                  roster: Path | None = None) -> tuple[int, Published]:
    """Validate a filled review sheet, store its scores (all or none), and re-export."""
    raw = latest_records(out, batch)
    reviews = read_scores(scores, [replace(r) for r in raw])
    with History(_gradebook(out)) as history:
        count = history.save_reviews(reviews)
    return count, publish(out, batch=batch, roster=roster)
