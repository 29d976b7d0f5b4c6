"""Real notebooks through the sandbox, as an instructor hands them in: reflections to review,
wrong lessons, identical files, two batches into one --out, --batch, --regrade, LMS zips."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from coursekit.cli import main
from coursekit.exercises.feedback import Status
from coursekit.grading.pipeline import GradeOptions, Summary, grade
from coursekit.lessons.registry import get_lesson
from tests.grading.pipeline_helpers import LESSON, set_answer, solved, with_one_wrong, write

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required")]

OTHER = "02-campaign-data"
GIBBERISH = "my_stance = " + repr("asdf " * 60)
PASTED = "my_stance = " + repr(" ".join(get_lesson(LESSON).problems["q5"].hints))


def run(paths: list[Path], out: Path, **kw: Any) -> Summary:
    return grade(paths, GradeOptions(out=out, workers=2, progress=False, **kw))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def q5(out: Path, learner: str) -> dict[str, str]:
    return next(r for r in rows(out / "grades.csv") if r["learner"] == learner
                and r["question"] == "q5")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """Batch one: lesson 01 by most, one lesson-02 notebook, a copy, bad reflections."""
    root = tmp_path_factory.mktemp("batches")
    subs = root / "week1"
    subs.mkdir()
    write(subs / "ana.ipynb", solved())
    (subs / "dan.ipynb").write_bytes((subs / "ana.ipynb").read_bytes())
    for learner, code in (("gil", GIBBERISH), ("pat", PASTED)):
        nb = solved()
        set_answer(nb, "q5", code)
        write(subs / f"{learner}.ipynb", nb)
    write(subs / "wes.ipynb", with_one_wrong(LESSON, "q2"))
    write(subs / "carl.ipynb", solved(OTHER))
    out = root / "out"
    return out, run([subs], out)


def test_reflections_need_review_with_zero_points_and_screens(first: tuple[Path, Summary]
                                                              ) -> None:
    out, _ = first
    for learner in ("ana", "gil", "pat"):
        row = q5(out, learner)
        assert (row["status"], row["score"]) == (Status.NEEDS_REVIEW, "0"), row
    assert main(["review", str(out)]) == 0
    sheet = {r["learner"]: r for r in rows(out / "review.csv")}
    assert "repeated text" in sheet["gil"]["screens"]
    assert "copies the question" in sheet["pat"]["screens"]
    assert "same text as dan" in sheet["ana"]["screens"]
    assert "asdf asdf" in (out / "review.html").read_text("utf-8")


def test_human_scores_reach_every_export(first: tuple[Path, Summary], tmp_path: Path) -> None:
    out, _ = first
    assert main(["review", str(out)]) == 0
    sheet = rows(out / "review.csv")
    for row in sheet:
        row["score"] = {"ana": "1", "gil": "0"}.get(row["learner"], "")
        row["comment"] = "=HYPERLINK(\"x\")" if row["learner"] == "gil" else "Clear stance."
    filled = tmp_path / "filled.csv"
    with filled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sheet[0]))
        writer.writeheader()
        writer.writerows(sheet)
    assert main(["review", str(out), "--scores", str(filled)]) == 0
    ana = q5(out, "ana")
    assert (ana["status"], ana["score"]) == (Status.RECORDED, "1")
    assert "Clear stance." in ana["message"]
    assert q5(out, "dan")["status"] == Status.NEEDS_REVIEW  # same file, scored one by one
    assert q5(out, "gil")["message"].endswith('=HYPERLINK("x")')  # inside the cell: inert
    wide = {r["learner"]: r for r in rows(out / "grades_wide.csv")}
    assert wide["ana"]["q5"] == "1"
    canvas = {r["Student"]: r for r in rows(out / "canvas.csv")}
    assert canvas["ana"][LESSON] == wide["ana"]["total"]
    page = (out / "feedback" / "ana.html").read_text("utf-8")
    assert "Reviewed by your instructor: 1 / 1" in page


def test_bad_scores_stop_with_one_line_and_store_nothing(first: tuple[Path, Summary],
                                                         tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    out, _ = first
    before = (out / "grades.csv").read_bytes()
    header = "learner,lesson,question,score\n"
    cases = {"zed,{l},q5,1": "unknown learner 'zed'", "gil,{l},q9,1": "unknown question",
             "gil,{l},q5,5": "above the maximum 1", "gil,{l},q5,lots": "not a number",
             "gil,{l},q1,1": "not a reflection", "gil,99-x,q5,1": "no submission for lesson"}
    for n, (line, message) in enumerate(cases.items()):
        bad = tmp_path / f"bad{n}.csv"
        bad.write_text(header + f"pat,{LESSON},q5,1\n" + line.format(l=LESSON)
                       + "\n", encoding="utf-8")
        assert main(["review", str(out), "--scores", str(bad)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("Error: ") and message in err and "row 3" in err, err
        assert "\n" not in err
    assert q5(out, "pat")["status"] == Status.NEEDS_REVIEW  # row 2 was valid: not stored
    assert (out / "grades.csv").read_bytes() == before


def test_a_notebook_of_another_lesson_is_wrong_lesson_not_graded(first: tuple[Path, Summary]
                                                                 ) -> None:
    out, summary = first
    carl = next(r for r in summary.records if r.learner == "carl")
    assert carl.result.status == Status.WRONG_LESSON and carl.result.lesson == LESSON
    assert carl.result.score == 0 and OTHER in carl.result.message
    page = (out / "feedback" / "carl.html").read_text("utf-8")
    assert "Wrong lesson" in page and f"hand in your {LESSON} notebook" in page
    assert summary.wrong_lesson == 1 and "tampered" not in json.dumps(
        [f.kind for f in carl.result.flags])


def test_identical_submissions_are_flagged_for_the_instructor_only(
        first: tuple[Path, Summary]) -> None:
    out, _ = first
    flags = {r["learner"]: r["flags"] for r in rows(out / "grades.csv") if r["question"] == "q1"}
    assert "identical submission to dan" in flags["ana"]
    assert "identical" not in flags["gil"]
    assert "dan" not in (out / "feedback" / "ana.html").read_text("utf-8")
    assert "identical submission" in (out / "report.html").read_text("utf-8")


def test_the_report_counts_catalogued_mistakes(first: tuple[Path, Summary]) -> None:
    out, _ = first
    report = (out / "report.html").read_text("utf-8")
    mistakes = [m.message for m in get_lesson(LESSON).problems["q2"].mistakes]
    import html

    assert any(html.escape(m) in report for m in mistakes)
    assert "<svg" in report and "http" not in report.replace("http-equiv", "")


def test_with_and_without_lesson(first: tuple[Path, Summary], tmp_path: Path) -> None:
    carl = tmp_path / "carl.ipynb"
    write(carl, solved(OTHER))
    forced = run([carl], tmp_path / "forced", lesson=LESSON)
    assert forced.records[0].result.status == Status.WRONG_LESSON
    alone = run([carl], tmp_path / "alone")
    assert alone.records[0].result.lesson == OTHER
    assert alone.records[0].result.status == "graded"


def test_two_batches_export_cumulatively_and_regrade_reruns(
        first: tuple[Path, Summary], tmp_path: Path) -> None:
    out, _ = first
    week2 = tmp_path / "week2"
    week2.mkdir()
    write(week2 / "eve.ipynb", solved())
    nb = solved()
    set_answer(nb, "q3", "profiles_per_user = 1")
    write(week2 / "ana.ipynb", nb)
    second = run([week2], out, batch="week2")
    assert {r.learner for r in second.records} == {"ana", "eve"}
    assert {r["learner"] for r in rows(out / "grades_wide.csv")} == {"ana", "eve"}  # --batch
    again = run([week2], out)  # no --batch: every batch, latest per learner and lesson
    assert again.ran == 0 and again.skipped == 2
    wide = {r["learner"]: r for r in rows(out / "grades_wide.csv")}
    assert set(wide) == {"ana", "carl", "dan", "eve", "gil", "pat", "wes"}
    assert float(wide["ana"]["q3"]) == 0  # ana's latest attempt counts
    regraded = run([week2], out, regrade=("eve",))
    assert regraded.ran == 1 and regraded.skipped == 1


def test_a_canvas_zip_grades_with_canvas_ids(tmp_path: Path) -> None:
    archive = tmp_path / "submissions.zip"
    data = json.dumps(solved())
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("doejane_12345_6789_lesson01.ipynb", data)
        z.writestr("roesam_LATE_23456_7890_lesson01-1.ipynb", data.replace("It depends", "Yes"))
    summary = run([archive], tmp_path / "out")
    assert [r.learner for r in summary.records] == ["doejane_12345", "roesam_23456"]
    canvas = rows(tmp_path / "out" / "canvas.csv")
    assert canvas[0]["Student"] == "Points Possible"
    assert [r["ID"] for r in canvas[1:]] == ["12345", "23456"]
