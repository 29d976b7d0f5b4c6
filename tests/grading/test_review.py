"""Reading a filled review sheet: what spreadsheets write is accepted, anything doubtful refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.errors import UsageError
from coursekit.exercises.feedback import Status
from coursekit.grading.history import Review
from coursekit.grading.record import GRADED, QuestionResult, Record, Result
from coursekit.grading.review import apply_reviews, read_scores, reviewed_question
from coursekit.lessons.registry import get_lesson

LESSON = "01-is-it-cheating"
SHA = "ab" * 32


def records() -> list[Record]:
    questions = (QuestionResult("q4", "FTC", Status.CORRECT, "", 1.0, 1.0),
                 QuestionResult("q5", "Stance", Status.NEEDS_REVIEW, "Saved.", 0.0, 1.0, "Yes."))
    return [Record("ana", "ana.ipynb", Result(SHA, LESSON, "1", GRADED, "", questions))]


def sheet(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "review.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_an_excel_sheet_with_bom_semicolons_and_decimal_comma_is_read(tmp_path: Path) -> None:
    path = sheet(tmp_path, "\ufefflearner;lesson;question;submission;score;comment\r\n"
                           f"ana;{LESSON};q5;{SHA[:12]};0,5;'=good start\r\n", "utf-8")
    (review,) = read_scores(path, records())
    assert (review.learner, review.question, review.score) == ("ana", "q5", 0.5)
    assert review.comment == "=good start"  # the quote that neutralised it is taken off
    scored = apply_reviews(records(), {("ana", review.key, "q5"): review})
    q5 = scored[0].result.questions[1]
    assert (q5.status, q5.score) == (Status.RECORDED, 0.5) and "good start" in q5.message


@pytest.mark.parametrize("rows, message", [
    ("ana,{l},q5,{s},,", None),  # empty score: not reviewed yet, skipped
    ("ana,{l},q5,ffff,1,", "handed in a new notebook"),
    ("ana,{l},q5,{s},-1,", "below 0"),
    ("ana,{l},q5,{s},nan,", "not a number"),
    ("ana,{l},q5,{s},1,\nana,{l},q5,{s},1,", r"row 3: ana q5 is given twice \(also row 2\)"),
])
def test_each_doubtful_row_is_refused_by_row(tmp_path: Path, rows: str, message: str | None
                                             ) -> None:
    path = sheet(tmp_path, "learner,lesson,question,submission,score,comment\n"
                 + rows.format(l=LESSON, s=SHA[:12]) + "\n")
    if message is None:
        assert read_scores(path, records()) == []
        return
    with pytest.raises(UsageError, match=message):
        read_scores(path, records())


@pytest.mark.parametrize("content, encoding, message", [
    ("learner,question,score\nana,q5,1\n", "utf-8", "no column 'lesson'"),
    ("learner,lesson,question,score\nzoë,x,q5,1\n", "latin-1", "not UTF-8"),
])
def test_a_sheet_that_is_not_ours_is_refused(tmp_path: Path, content: str, encoding: str,
                                             message: str) -> None:
    with pytest.raises(UsageError, match=message):
        read_scores(sheet(tmp_path, content, encoding), records())


def test_the_grader_never_credits_a_reflection() -> None:
    problem = get_lesson(LESSON).problems["q5"]
    passed = QuestionResult("q5", "Stance", Status.RECORDED, "Recorded.", 1.0, 1.0)
    kept = reviewed_question(passed, problem, "Because the data was taken without consent.")
    assert (kept.status, kept.score) == (Status.NEEDS_REVIEW, 0.0)
    assert kept.answer == "Because the data was taken without consent."
    other = QuestionResult("q4", "FTC", Status.CORRECT, "", 1.0, 1.0)
    assert reviewed_question(other, get_lesson(LESSON).problems["q4"], "b") == other


def test_a_review_applies_to_its_learner_only() -> None:
    review = Review("bo", (SHA, LESSON, "1"), "q5", 1.0, "")
    assert apply_reviews(records(), {("bo", review.key, "q5"): review}) == records()
