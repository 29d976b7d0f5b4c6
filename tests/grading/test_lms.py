"""Canvas and Moodle import files, the roster, and CSV cells safe from formula injection."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from coursekit.errors import UsageError
from coursekit.grading.export import csv_text, safe_cell
from coursekit.grading.lms import read_roster, write_lms_files
from coursekit.grading.record import GRADED, QuestionResult, Record, Result


def record(learner: str, lesson: str, score: float, sha: str = "s") -> Record:
    questions = (QuestionResult("q1", "One", "correct" if score else "incorrect", "", score, 2.0),
                 QuestionResult("q2", "Two", "needs review", "", 0.0, 1.0))
    return Record(learner, f"{learner}.ipynb", Result(sha + learner, lesson, "1", GRADED, "",
                                                      questions))


RECORDS = [record("doejane_12345", "01-a", 2), record("bo", "01-a", 0), record("bo", "02-b", 2)]


def read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_canvas_csv_has_its_import_columns_and_points_possible_row(tmp_path: Path) -> None:
    write_lms_files(RECORDS, tmp_path, read_roster(None))
    raw = (tmp_path / "canvas.csv").read_bytes()
    assert raw.count(b"\r\n") == 4 and not raw.startswith(b"\xef\xbb\xbf")
    header, points, *people = read(tmp_path / "canvas.csv")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01-a", "02-b"]
    assert points == ["Points Possible", "", "", "", "", "3", "3"]
    assert people == [["bo", "", "", "", "", "0", "2"],
                      ["doejane_12345", "12345", "", "", "", "2", ""]]


def test_roster_fills_lms_identities_and_lists_the_absent(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,first_name,last_name,email,id_number,canvas_id,sis_user_id,"
                      "section\nbo,Bo,Diaz,bo@example.edu,S-1,777,sis1,A\n"
                      "cy,Cy,Eng,cy@example.edu,S-2,778,sis2,A\n", encoding="utf-8")
    _, warnings = write_lms_files(RECORDS, tmp_path, read_roster(roster))
    canvas = read(tmp_path / "canvas.csv")
    assert canvas[2] == ["Diaz, Bo", "777", "sis1", "", "A", "0", "2"]
    assert canvas[3][:2] == ["Eng, Cy", "778"] and canvas[3][5:] == ["", ""]  # no submission
    moodle = read(tmp_path / "moodle.csv")
    assert moodle[0] == ["Username", "ID number", "Email address", "First name", "Last name",
                         "01-a", "02-b"]
    assert moodle[1] == ["", "S-1", "bo@example.edu", "Bo", "Diaz", "0", "2"]
    assert warnings and "doejane_12345" in warnings[0]


@pytest.mark.parametrize("content, message", [
    ("name,email\nBo,bo@x\n", "no 'learner' column"),
    ("learner,phone\nbo,1\n", "unknown column 'phone'"),
    ("learner,email\nbo,a@x\nbo,b@x\n", "listed twice"),
    ("learner,email\n,a@x\n", "empty learner"),
])
def test_a_bad_roster_is_one_line_error(tmp_path: Path, content: str, message: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        read_roster(roster)


def test_a_roster_in_latin1_is_refused(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes("learner,first_name\nzoe,Zoë\n".encode("latin-1"))
    with pytest.raises(UsageError, match="not UTF-8"):
        read_roster(roster)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_a_quote(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


def test_plain_cells_and_numbers_pass_unchanged() -> None:
    assert safe_cell("ana") == "ana" and safe_cell(-1.5) == -1.5 and safe_cell(None) == ""
    text = csv_text(["learner", "=x"], [{"learner": "=cmd|' /C calc'!A0", "=x": 3}])
    assert text.splitlines() == ["learner,'=x", "'=cmd|' /C calc'!A0,3"]
