"""The course-wide progress table: counts, last-checked times, text and Markdown renderings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.exercises import ChoiceProblem
from coursekit.learner.progress import ProgressStore
from coursekit.learner.report import course_progress
from coursekit.lessons.registry import get_lesson, lesson_ids

FIRST = lesson_ids()[0]


def _store(tmp_path: Path, data: dict) -> ProgressStore:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps(data))
    return ProgressStore(path)


def _questions(lesson_id: str) -> list[str]:
    return list(get_lesson(lesson_id).problems)


def test_an_empty_store_lists_every_lesson_as_never_checked(tmp_path: Path) -> None:
    report = course_progress(ProgressStore(tmp_path / "none.json"))
    assert [row.lesson for row in report.lessons] == lesson_ids()
    assert all(row.passed == 0 and row.last_checked is None for row in report.lessons)
    assert [row.total for row in report.lessons] == [len(_questions(i)) for i in lesson_ids()]
    assert report.passed == 0 and report.total == sum(row.total for row in report.lessons)


def test_correct_and_recorded_count_as_passed_and_the_latest_check_is_shown(
        tmp_path: Path) -> None:
    q = _questions(FIRST)
    records = {q[0]: {"status": "correct", "checked_at": "2026-11-27T09:00:00"},
               q[1]: {"status": "recorded", "checked_at": "2026-11-27T10:30:00"},
               q[2]: {"status": "incorrect", "checked_at": "2026-11-27T11:45:12"},
               "q99": {"status": "correct", "checked_at": "2030-01-01T00:00:00"}}
    row = course_progress(_store(tmp_path, {FIRST: records})).lessons[0]
    assert (row.passed, row.last_checked) == (2, "2026-11-27T11:45:12")
    assert row.last_checked_text == "2026-11-27 11:45"


def test_plain_text_is_an_aligned_table_with_a_summary(tmp_path: Path) -> None:
    q = _questions(FIRST)[0]
    report = course_progress(_store(tmp_path, {
        FIRST: {q: {"status": "correct", "checked_at": "2026-11-27T09:00:00"}}}))
    lines = str(report).splitlines()
    assert lines[0].split() == ["lesson", "passed", "last", "checked"]
    total = len(_questions(FIRST))
    assert re.match(rf"^{FIRST}\s+1 / {total}\s+2026-11-27 09:00$", lines[1])
    assert all(line.endswith("never") for line in lines[2:len(lesson_ids()) + 1])
    assert lines[-1] == f"1 of {report.total} exercises passed; 1 of {len(lesson_ids())} " \
                        "lessons started."
    assert "|" not in str(report) and repr(report) == str(report)


def test_markdown_is_a_table_row_per_lesson_with_its_title(tmp_path: Path) -> None:
    md = course_progress(ProgressStore(tmp_path / "none.json"))._repr_markdown_()
    rows = [line for line in md.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(lesson_ids()) + 1
    assert get_lesson(FIRST).title.replace("|", "\\|") in md
    assert md.startswith("**Your progress:** 0 of")


def test_malformed_records_count_for_nothing_instead_of_failing(tmp_path: Path) -> None:
    q = _questions(FIRST)[0]
    report = course_progress(_store(tmp_path, {FIRST: {q: "correct"}, lesson_ids()[-1]: [1]}))
    assert report.passed == 0


def test_progress_command_reflects_a_check_made_through_the_learner_api(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import coursekit

    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path))
    lesson = get_lesson(FIRST)
    choice = next(p for p in lesson.problems.values() if isinstance(p, ChoiceProblem))
    namespace = {**lesson.data(), choice.name: choice.answer}
    assert coursekit.lesson(FIRST, namespace).__getattr__(choice.id).check().passed
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^{FIRST}\s+1 / {len(lesson.problems)}\s+\d{{4}}-\d\d-\d\d \d\d:\d\d$",
                     out, re.MULTILINE)
    assert json.loads((tmp_path / "progress.json").read_text())[FIRST][choice.id]["status"] \
        == "correct"
