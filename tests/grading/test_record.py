"""The gradebook: one atomic result per key, linked to learners; re-runs find what is done."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coursekit.exercises.feedback import Status
from coursekit.grading.record import GRADED, Gradebook, QuestionResult, Result
from coursekit.grading.sanitize import Flag


def result(sha: str = "a" * 64, score: float = 1.0) -> Result:
    return Result(sha, "01-is-it-cheating", "2026.1", GRADED, "ran to the end",
                  (QuestionResult("q1", "First", Status.CORRECT, "`x` = 1.", score, 1.0),
                   QuestionResult("q2", "Second", Status.INCORRECT, "no", 0.0, 2.0)),
                  (Flag(Status.TAMPERED, "moved", "q2"),), 1.25, "2026-01-01T00:00:00+00:00")


def test_a_saved_result_is_found_by_its_key_unchanged(tmp_path: Path) -> None:
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.save(result(), [("ana", "ana.ipynb")])
        assert book.find(result().key) == result()
        assert book.find(("b" * 64, "01-is-it-cheating", "2026.1")) is None
        assert book.find(("a" * 64, "01-is-it-cheating", "2026.2")) is None


def test_results_survive_reopening(tmp_path: Path) -> None:
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.save(result(), [("ana", "ana.ipynb")])
    with Gradebook(tmp_path / "g.sqlite") as book:
        assert [r.learner for r in book.records([("ana", result().key)])] == ["ana"]


def test_the_journal_is_wal(tmp_path: Path) -> None:
    Gradebook(tmp_path / "g.sqlite").close()
    mode = sqlite3.connect(tmp_path / "g.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_saving_twice_does_not_double(tmp_path: Path) -> None:
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.save(result(), [("ana", "ana.ipynb")])
        book.save(result(), [("ana", "ana.ipynb")])
        book.link(result().key, [("ana", "ana.ipynb")])
        assert (book.count("results"), book.count("answers"), book.count("submissions")) \
            == (1, 2, 1)


def test_identical_files_from_two_learners_share_one_result(tmp_path: Path) -> None:
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.save(result(), [("ana", "a.ipynb"), ("bo", "b.ipynb")])
        records = book.records([("bo", result().key), ("ana", result().key)])
        assert [r.learner for r in records] == ["ana", "bo"]
        assert records[0].result == records[1].result
        assert book.count("results") == 1


def test_a_failed_save_leaves_nothing_behind(tmp_path: Path) -> None:
    def learners():
        yield ("ana", "a.ipynb")
        raise RuntimeError("killed half way")

    with Gradebook(tmp_path / "g.sqlite") as book:
        with pytest.raises(RuntimeError):
            book.save(result(), learners())
        assert book.find(result().key) is None
        assert (book.count("results"), book.count("answers"), book.count("submissions")) \
            == (0, 0, 0)


def test_records_of_a_batch_skip_what_is_not_graded(tmp_path: Path) -> None:
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.save(result(), [("ana", "a.ipynb")])
        assert [r.learner for r in book.records([("ana", result().key),
                                                 ("bo", ("c" * 64, "x", "y"))])] == ["ana"]


def test_the_grades_view_has_one_row_per_learner_and_question(tmp_path: Path) -> None:
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.save(result(), [("ana", "a.ipynb")])
    rows = sqlite3.connect(tmp_path / "g.sqlite").execute(
        "SELECT learner, question, score, status FROM grades ORDER BY question").fetchall()
    assert rows == [("ana", "q1", 1.0, "correct"), ("ana", "q2", 0.0, "incorrect")]


def test_score_and_max_score_add_up_the_questions() -> None:
    assert (result().score, result().max_score) == (1.0, 3.0)
