"""The pipeline end to end (sandbox on): lessons grade as they should, runs are reproducible."""

from __future__ import annotations

import io
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from coursekit.errors import GradingError, LessonError
from coursekit.exercises.feedback import Status
from coursekit.grading.pipeline import GradeOptions, Summary, grade
from coursekit.grading.record import GRADED, Gradebook, Record
from coursekit.lessons.registry import get_lesson
from tests.grading.pipeline_helpers import (
    LESSON,
    graded_lessons,
    released,
    solved,
    source_notebook,
    with_one_wrong,
    write,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required")]


def run(folder: Path, out: Path, **options: Any) -> Summary:
    return grade([folder], GradeOptions(out=out, **options), stream=io.StringIO())


def comparable(records: list[Record]) -> list[dict[str, Any]]:
    """Records without their timings."""
    rows = []
    for record in records:
        row = asdict(record)
        row["result"].pop("duration")
        row["result"].pop("graded_at")
        rows.append(row)
    return rows


@pytest.mark.parametrize("lesson", graded_lessons())
def test_a_lesson_source_scores_full_marks_and_one_wrong_answer_costs_only_its_points(
        lesson: str, tmp_path: Path) -> None:
    definition = get_lesson(lesson)
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs / "source.ipynb", source_notebook(lesson))
    for q in definition.problems:
        write(subs / f"wrong-{q}.ipynb", with_one_wrong(lesson, q))
    summary = run(subs, tmp_path / "out", workers=2)
    by_learner = {r.learner: r.result for r in summary.records}
    source = by_learner["source"]
    assert source.score == definition.max_score, [
        (q.question, q.status, q.message) for q in source.questions if q.score < q.max_score]
    assert source.flags == ()
    for q, problem in definition.problems.items():
        wrong = by_learner[f"wrong-{q}"]
        lost = {x.question: x.max_score - x.score for x in wrong.questions if x.score < x.max_score}
        assert lost == {q: float(problem.points)}, (q, [(x.question, x.status, x.message)
                                                        for x in wrong.questions])


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small mixed batch of lesson 01: right, wrong, blank, tampered and unreadable files."""
    subs = tmp_path_factory.mktemp("batch")
    write(subs / "ana.ipynb", solved())
    write(subs / "bo.ipynb", with_one_wrong(LESSON, "q2"))
    write(subs / "cy.ipynb", released())
    write(subs / "cy-copy.ipynb", released())  # identical bytes: one run, two records
    tampered = solved()
    tampered["cells"] = [c for c in tampered["cells"]
                         if c.get("metadata", {}).get("coursekit", {}).get("question") != "q3"]
    write(subs / "dee.ipynb", tampered)
    (subs / "eve.ipynb").write_text('{"nbformat": 4, "cells": [')
    (subs / "fay.ipynb").mkdir()
    return subs


@pytest.fixture(scope="module")
def one_worker(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Summary:
    return run(batch, tmp_path_factory.mktemp("one") / "out", workers=1)


def test_a_batch_gives_exactly_one_record_per_file(one_worker: Summary) -> None:
    assert [r.learner for r in one_worker.records] == [
        "ana", "bo", "cy", "cy-copy", "dee", "eve", "fay"]
    statuses = {r.learner: r.result.status for r in one_worker.records}
    assert statuses["eve"] == statuses["fay"] == Status.UNREADABLE
    assert (one_worker.graded, one_worker.unreadable, one_worker.zero_scored) == (5, 2, 2)
    assert one_worker.ran == 4  # cy and cy-copy are the same bytes


def test_grades_are_what_each_submission_deserves(one_worker: Summary) -> None:
    results = {r.learner: r.result for r in one_worker.records}
    full = get_lesson(LESSON).max_score
    assert results["ana"].score == full
    assert results["bo"].score == full - get_lesson(LESSON).problems["q2"].points
    assert {q.status for q in results["cy"].questions} == {Status.NOT_ATTEMPTED}
    dee = {q.question: q.status for q in results["dee"].questions}
    assert dee["q3"] == Status.MISSING
    assert results["dee"].score == full - get_lesson(LESSON).problems["q3"].points
    assert results["eve"].score == 0 and "not valid JSON" in results["eve"].message


def test_one_and_two_workers_give_identical_records(batch: Path, one_worker: Summary,
                                                    tmp_path: Path) -> None:
    two = run(batch, tmp_path / "out", workers=2)
    assert comparable(two.records) == comparable(one_worker.records)


def test_a_rerun_skips_what_is_graded_and_changes_nothing(batch: Path, tmp_path: Path) -> None:
    first = run(batch, tmp_path / "out", workers=2)
    bar = io.StringIO()
    again = grade([batch], GradeOptions(out=tmp_path / "out", workers=2, progress=True),
                  stream=bar)
    assert bar.getvalue().startswith("\rGrading [") and bar.getvalue().endswith(" 7/7\n")
    assert again.ran == 0 and again.skipped == 7
    assert comparable(again.records) == comparable(first.records)
    assert [(r.result.duration, r.result.graded_at) for r in again.records] == \
        [(r.result.duration, r.result.graded_at) for r in first.records]
    with Gradebook(tmp_path / "out" / "gradebook.sqlite") as book:
        assert book.count("submissions") == 7 and book.count("results") == 6


def test_a_changed_submission_is_graded_again(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs / "ana.ipynb", released())
    assert run(subs, tmp_path / "out").records[0].result.score == 0
    write(subs / "ana.ipynb", solved())
    again = run(subs, tmp_path / "out")
    assert again.ran == 1
    assert again.records[0].result.score == get_lesson(LESSON).max_score


def test_lesson_override_grades_a_notebook_without_metadata(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    nb = solved()
    del nb["metadata"]["coursekit"]
    write(subs / "ana.ipynb", nb)
    plain = run(subs, tmp_path / "a").records[0].result
    assert plain.status == Status.UNREADABLE and "--lesson" in plain.message
    forced = run(subs, tmp_path / "b", lesson=LESSON).records[0].result
    assert forced.status == GRADED and forced.score == get_lesson(LESSON).max_score


def test_an_unknown_lesson_in_metadata_is_one_unreadable_record(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    nb = solved()
    nb["metadata"]["coursekit"]["lesson"] = "99-nope"
    write(subs / "ana.ipynb", nb)
    (record,) = run(subs, tmp_path / "out").records
    assert record.result.status == Status.UNREADABLE and "99-nope" in record.result.message


def test_an_unknown_lesson_override_stops_the_command(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match="99-nope"):
        run(tmp_path, tmp_path / "out", lesson="99-nope")


def test_an_output_folder_that_cannot_be_written_stops_the_command(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(GradingError, match="cannot write"):
        run(tmp_path, blocker / "out")
