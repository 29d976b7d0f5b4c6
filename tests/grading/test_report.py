"""The class report's numbers, the terminal table, progress lines and the attempt history."""

from __future__ import annotations

import io
from pathlib import Path

from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import Mistake
from coursekit.grading.history import History
from coursekit.grading.progress import Progress, eta_text
from coursekit.grading.record import GRADED, QuestionResult, Record, Result
from coursekit.grading.report import histogram, mistake_counts, terminal_table


class Lift:
    mistakes = (Mistake(lambda: 0, "That is the ratio; subtract 1."),
                Mistake(lambda: 0, "That is a percentage."))


def q(status: str, message: str = "", score: float = 0.0) -> QuestionResult:
    return QuestionResult("q2", "Lift", status, message, score, 1.0)


def test_mistakes_are_counted_by_their_catalogue_message() -> None:
    results = [q(Status.INCORRECT, "`lift` is 1.4. That is the ratio; subtract 1."),
               q(Status.INCORRECT, "`lift` is 1.4. That is the ratio; subtract 1."),
               q(Status.INCORRECT, "`lift` is 40. That is a percentage."),
               q(Status.INCORRECT, "`lift` is 7: expected about 0.4."),
               q(Status.CORRECT, "", 1.0), q(Status.NOT_ATTEMPTED)]
    counts = mistake_counts(results, Lift())
    assert counts.most_common() == [("That is the ratio; subtract 1.", 2),
                                    ("That is a percentage.", 1),
                                    ("another wrong answer (not in the mistake catalogue)", 1)]


def test_histogram_has_a_bin_per_point_or_ten_bins() -> None:
    assert histogram([0, 3, 3, 7, 6.5], 7) == [
        ("0", 1), ("1", 0), ("2", 0), ("3", 2), ("4", 0), ("5", 0), ("6", 1), ("7", 1)]
    bins = histogram([0, 50, 99.5, 100], 100)
    assert len(bins) == 10 and bins[0] == ("0–10", 1) and bins[-1] == ("90–100", 2)


def test_the_terminal_table_has_a_line_per_learner_with_notes() -> None:
    result = Result("s", "01-a", "1", GRADED, "", (q(Status.CORRECT, score=1.0),
                                                   q(Status.NEEDS_REVIEW)))
    table = terminal_table([Record("ana", "", result), Record("bo", "", result)],
                           {"bo": ["identical submission to ana"]})
    lines = table.splitlines()
    assert lines[0].split() == ["learner", "lesson", "score", "status", "notes"]
    assert lines[2].split()[:4] == ["ana", "01-a", "1/2", "graded"] and "1 to review" in lines[2]
    assert lines[3].endswith("1 to review; identical submission to ana")


def test_progress_prints_a_line_every_few_seconds_when_not_a_terminal() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(10, stream, True, every=5.0, clock=lambda: now[0])
    for _ in range(10):
        now[0] += 1.5
        progress.step()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Grading: 4/10 done, under 10 s left"
    assert lines[-1] == "Grading: 10/10 done in 20 s"
    assert len(lines) == 3 and "\r" not in stream.getvalue()  # at 6 s, 12 s and the end


def test_quiet_progress_prints_nothing_and_eta_reads_well() -> None:
    stream = io.StringIO()
    progress = Progress(3, stream, False)
    progress.step()
    progress.close()
    assert stream.getvalue() == ""
    assert [eta_text(s) for s in (3, 44, 170, 3900)] == ["under 10 s", "40 s", "3 min",
                                                         "1 h 5 min"]


def test_history_keeps_the_latest_attempt_per_learner_and_lesson(tmp_path: Path) -> None:
    with History(tmp_path / "g.sqlite") as history:
        history.note("w1", "ana", ("s1", "01-a", "1"), "a1")
        history.note("w1", "bo", ("s2", "", ""), "b1")  # unreadable: lesson unknown
        history.note("w2", "ana", ("s3", "01-a", "1"), "a2")
        history.note("w2", "bo", ("s4", "01-a", "1"), "b2")
        history.note("w2", "cy", ("s5", "", ""), "c1")
        latest = {(a.learner, a.key[1]): a.key[0] for a in history.latest()}
        assert latest == {("ana", "01-a"): "s3", ("bo", "01-a"): "s4", ("cy", ""): "s5"}
        assert [a.learner for a in history.latest("w1")] == ["ana", "bo"]
        assert history.batches() == ["w1", "w2"]


def test_a_gradebook_from_before_attempts_keeps_its_submissions(tmp_path: Path) -> None:
    from coursekit.grading.record import Gradebook

    path = tmp_path / "g.sqlite"
    with Gradebook(path) as book:
        book.save(Result("s1", "01-a", "1", GRADED, "", ()), [("ana", "ana.ipynb")])
    with History(path) as history:
        assert [(a.learner, a.batch) for a in history.latest()] == [("ana", "earlier")]
