"""Exports: long and wide CSV, JSON, Gradescope results, and safe self-contained feedback pages."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

from coursekit.exercises.feedback import Status
from coursekit.grading.export import LONG_COLUMNS, export_all, feedback_html, gradescope
from coursekit.grading.record import GRADED, QuestionResult, Record, Result
from coursekit.grading.sanitize import Flag


def graded(learner: str, lesson: str = "01-x", scores: tuple[float, ...] = (1, 0)) -> Record:
    questions = tuple(
        QuestionResult(f"q{i + 1}", f"Title {i + 1}",
                       Status.CORRECT if s else Status.INCORRECT,
                       "`money` = 3." if s else "<script>alert(1)</script> `x` is wrong", s, 1.0)
        for i, s in enumerate(scores))
    return Record(learner, f"{learner}.ipynb",
                  Result("a" * 64, lesson, "1", GRADED, "ran to the end", questions,
                         (Flag(Status.TAMPERED, "cells were moved"),), 0.5, "t"))


def unreadable(learner: str) -> Record:
    return Record(learner, f"{learner}.ipynb",
                  Result("b" * 64, "", "", Status.UNREADABLE,
                         "unreadable notebook: the file is empty", ()))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_file_is_written(tmp_path: Path) -> None:
    export_all([graded("ana"), unreadable("bo")], tmp_path)
    for name in ["grades.csv", "grades_wide.csv", "grades.json", "results/ana.json",
                 "results/bo.json", "feedback/ana.html", "feedback/bo.html"]:
        assert (tmp_path / name).is_file(), name
    assert not list(tmp_path.rglob("*.tmp"))


def test_long_csv_has_a_row_per_learner_and_question(tmp_path: Path) -> None:
    export_all([graded("ana"), unreadable("bo")], tmp_path)
    rows = read_csv(tmp_path / "grades.csv")
    assert list(rows[0]) == LONG_COLUMNS
    assert [(r["learner"], r["question"], r["score"], r["status"]) for r in rows] == [
        ("ana", "q1", "1", "correct"), ("ana", "q2", "0", "incorrect"),
        ("bo", "", "0", "unreadable notebook")]
    assert rows[2]["message"] == "unreadable notebook: the file is empty"
    # a notebook-level flag is written once, on the learner's first row (issue 12, invariant 7)
    assert (rows[0]["flags"], rows[1]["flags"]) == ("tampered: cells were moved", "")


def test_wide_csv_has_a_row_per_learner_a_column_per_question_and_a_total(tmp_path: Path
                                                                          ) -> None:
    export_all([graded("ana"), graded("cy", scores=(1, 1)), unreadable("bo")], tmp_path)
    rows = read_csv(tmp_path / "grades_wide.csv")
    assert list(rows[0]) == ["learner", "lesson", "q1", "q2", "total", "max_score", "status"]
    assert [(r["learner"], r["q1"], r["q2"], r["total"]) for r in rows] == [
        ("ana", "1", "0", "1"), ("cy", "1", "1", "2"), ("bo", "", "", "0")]


def test_wide_csv_prefixes_questions_when_lessons_are_mixed(tmp_path: Path) -> None:
    export_all([graded("ana", "01-x"), graded("bo", "02-y", (1,))], tmp_path)
    header = list(read_csv(tmp_path / "grades_wide.csv")[0])
    assert header[2:5] == ["01-x:q1", "01-x:q2", "02-y:q1"]


def test_grades_json_holds_questions_and_flags(tmp_path: Path) -> None:
    export_all([graded("ana")], tmp_path)
    doc = json.loads((tmp_path / "grades.json").read_text())
    (sub,) = doc["submissions"]
    assert sub["score"] == 1.0 and sub["max_score"] == 2.0
    assert [q["question"] for q in sub["questions"]] == ["q1", "q2"]
    assert sub["flags"] == [{"kind": "tampered", "question": None,
                             "message": "cells were moved"}]


def test_gradescope_results_have_a_test_per_question() -> None:
    doc = gradescope(graded("ana"))
    assert doc["score"] == 1.0
    assert [(t["number"], t["score"], t["max_score"], t["status"]) for t in doc["tests"]] == [
        ("q1", 1.0, 1.0, "passed"), ("q2", 0.0, 1.0, "failed")]
    assert "cells were moved" in doc["output"]
    assert gradescope(unreadable("bo"))["tests"] == []


def test_feedback_escapes_what_the_learner_controls() -> None:
    page = feedback_html(graded("ana"))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<code>x</code>" in page and "<code>money</code>" in page


def test_feedback_is_self_contained_and_fits_a_phone() -> None:
    page = feedback_html(graded("ana"))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<html lang="en">' in page
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", page)
    assert "Score: 1 / 2" in page
    assert page.count('<li class="q">') == 2


def test_each_question_shows_its_statuss_own_icon() -> None:
    statuses = (Status.CORRECT, Status.INCORRECT, Status.ERROR, Status.TIMEOUT,
                Status.NOT_ATTEMPTED, Status.NEEDS_REVIEW)
    questions = tuple(QuestionResult(f"q{i}", "", status, "message", 0.0, 1.0)
                      for i, status in enumerate(statuses, 1))
    page = feedback_html(Record("ana", "ana.ipynb", Result(
        "c" * 64, "01-x", "1", GRADED, "ran to the end", questions)))
    shown = re.findall(r'<span aria-hidden="true">(.*?)</span>', page)
    assert shown == [status.icon for status in statuses]  # the same icons the learner saw


def test_feedback_for_an_unreadable_notebook_says_why() -> None:
    page = feedback_html(unreadable("bo"))
    assert "could not be graded" in page and "the file is empty" in page


def test_a_question_flag_shows_on_that_questions_row_only(tmp_path: Path) -> None:
    record = graded("ana")
    flagged = Record(record.learner, record.path, Result(
        *record.result.key, GRADED, "", record.result.questions,
        (Flag(Status.TAMPERED, "q2 has 2 answer cells", "q2"),)))
    export_all([flagged], tmp_path)
    rows = read_csv(tmp_path / "grades.csv")
    assert [r["flags"] for r in rows] == ["", "tampered: q2 has 2 answer cells"]


@pytest.mark.browser
def test_feedback_fits_a_phone_screen_and_passes_axe(tmp_path: Path, chromium: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    long_message = "`a_very_long_variable_name_without_any_break_in_it_at_all_" + "x" * 80 + "`"
    record = graded("ana")
    questions = (*record.result.questions,
                 QuestionResult("q3", "Long", Status.TIMEOUT, long_message, 0.0, 1.0))
    page_file = tmp_path / "ana.html"
    page_file.write_text(feedback_html(Record("ana", "", Result(
        *record.result.key, GRADED, "ran to the end", questions, record.result.flags))),
        encoding="utf-8")
    for scheme in ("light", "dark"):
        page = chromium.new_page(viewport={"width": 360, "height": 740}, color_scheme=scheme)
        try:
            page.goto(page_file.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            assert Axe().run(page).violations_count == 0
        finally:
            page.close()


def test_a_learner_with_two_lessons_gets_one_page_and_a_result_file_per_lesson(tmp_path: Path
                                                                              ) -> None:
    from dataclasses import replace

    first = graded("ana")
    second = replace(first, result=replace(first.result, lesson="02-campaign-data"))
    export_all([first, second], tmp_path)
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == [
        f"ana@{first.result.lesson}.json", "ana@02-campaign-data.json"]
    page = (tmp_path / "feedback" / "ana.html").read_text("utf-8")
    assert page.count("<h2>") >= 2 and "02-campaign-data" in page
