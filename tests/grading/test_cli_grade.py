"""`coursekit grade` as instructors run it: exit codes, outputs, broken files, kill and resume."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.lessons.registry import get_lesson
from tests.grading.pipeline_helpers import (
    LESSON,
    code_cell,
    machine_points,
    released,
    solved,
    write,
)

REPO = Path(__file__).resolve().parents[2]
needs_sandbox = pytest.mark.usefixtures("sandbox_required")


def grade(*args: str) -> tuple[int, str, str]:
    """Run `coursekit grade` in a subprocess (as an instructor would)."""
    proc = subprocess.run([sys.executable, "-m", "coursekit", "grade", *args],
                          capture_output=True, text=True, timeout=900, cwd=REPO)
    return proc.returncode, proc.stdout, proc.stderr


def rows(out: Path, name: str = "grades.csv") -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def broken_files(folder: Path) -> list[str]:
    """Ten malformed variants plus invalid UTF-8 and NULs; returns their learner ids."""
    good = json.dumps(released())
    (folder / "not-json.ipynb").write_text("print('hello')")
    (folder / "truncated.ipynb").write_text(good[: len(good) // 2])
    (folder / "top-list.ipynb").write_text("[]")
    (folder / "nbformat3.ipynb").write_text(json.dumps(
        {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}))
    with (folder / "huge.ipynb").open("wb") as handle:
        handle.truncate(25_000_000)
    (folder / "nested.ipynb").write_text("[" * 50_000 + "]" * 50_000)
    (folder / "empty.ipynb").write_text("")
    (folder / "a-dir.ipynb").mkdir()
    (folder / "symlink.ipynb").symlink_to("/etc/passwd")
    (folder / "latin1.ipynb").write_bytes(good.replace("coursekit", "caf\xe9").encode("latin-1"))
    (folder / "nul.ipynb").write_bytes(good.encode()[:50] + b"\x00" + good.encode()[50:])
    return sorted(p.stem for p in folder.iterdir())


def test_help_names_the_outputs() -> None:
    code, out, _ = grade("--help")
    assert code == 0 and "grades_wide.csv" in out and "--no-sandbox" in out


@pytest.mark.parametrize("args, message", [
    (["nope-folder", "--out", "o"], "no such file or folder"),
    (["tests", "--out", "o", "--workers", "zero"], "--workers must be a whole number"),
    (["tests", "--out", "o", "--workers", "0"], "--workers must be more than 0"),
    (["tests", "--out", "o", "--timeout", "-1"], "--timeout must be more than 0"),
    (["tests", "--out", "o", "--lesson", "99-nope"], "unknown lesson"),
])
def test_a_command_that_cannot_run_exits_non_zero_with_one_line(
        args: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    args = [str(tmp_path / "o") if a == "o" else a for a in args]
    assert main(["grade", *args]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: ") and message in err and "\n" not in err
    assert not (tmp_path / "o" / "grades.csv").exists()


@needs_sandbox
@pytest.mark.slow
def test_broken_files_each_get_one_zero_record_and_the_batch_goes_on(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    broken = broken_files(subs)
    write(subs / "zz-good.ipynb", solved())
    code, out, err = grade(str(subs), "--out", str(tmp_path / "out"), "--workers", "2")
    assert code == 0, err
    long = rows(tmp_path / "out")
    assert sorted({r["learner"] for r in long}) == [*broken, "zz-good"]
    questions = len(get_lesson(LESSON).problems)  # the batch's lesson: a zero on each
    for learner in broken:
        mine = [r for r in long if r["learner"] == learner]
        assert len(mine) == questions, learner
        assert {(r["status"], r["score"]) for r in mine} == {("unreadable notebook", "0")}
        assert mine[0]["message"].startswith("unreadable notebook: ")
        assert (tmp_path / "out" / "feedback" / f"{learner}.html").is_file()
        assert (tmp_path / "out" / "results" / f"{learner}.json").is_file()
    wide = {r["learner"]: r for r in rows(tmp_path / "out", "grades_wide.csv")}
    assert float(wide["zz-good"]["total"]) == machine_points(LESSON)
    assert f"{len(broken) + 1} submission(s): 1 graded" in out
    assert f"{len(broken)} unreadable" in out


def _batch(folder: Path, n: int) -> None:
    """`n` distinct submissions (a learner's comment makes each file unique)."""
    for i in range(n):
        nb = solved() if i % 2 else released()
        nb["cells"].append(code_cell(f"# submission {i}"))
        write(folder / f"learner{i:02}.ipynb", nb)


def _gradebook_rows(out: Path) -> list[tuple]:
    db = sqlite3.connect(out / "gradebook.sqlite")
    try:
        results = db.execute("SELECT sha256, lesson, lesson_version, status, message, score, "
                             "max_score, questions, flags FROM results ORDER BY sha256").fetchall()
        links = db.execute("SELECT learner, sha256, lesson, lesson_version, path "
                           "FROM submissions ORDER BY learner").fetchall()
    finally:
        db.close()
    return results + links


def _graded_count(out: Path) -> int:
    try:
        db = sqlite3.connect(out / "gradebook.sqlite", timeout=5)
        try:
            return int(db.execute("SELECT count(*) FROM results").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@needs_sandbox
@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    total = 10
    _batch(subs, total)
    reference = tmp_path / "reference"
    code, _, err = grade(str(subs), "--out", str(reference), "--workers", "2")
    assert code == 0, err

    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "coursekit", "grade", str(subs), "--out",
                             str(killed), "--workers", "1"], cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while _graded_count(killed) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # any worker the grader left behind
        except ProcessLookupError:
            pass
    done = _graded_count(killed)
    assert 2 <= done < total, f"the kill came too late to test resuming ({done} done)"

    code, out, err = grade(str(subs), "--out", str(killed), "--workers", "2")
    assert code == 0, err
    assert f"{total - done} run now, {done} already in the gradebook" in out
    assert _gradebook_rows(killed) == _gradebook_rows(reference)
    assert rows(killed) == rows(reference)
    assert rows(killed, "grades_wide.csv") == rows(reference, "grades_wide.csv")


@pytest.mark.parametrize("setup, message", [
    ("empty-folder", "no submissions found in"),
    ("not-a-zip", "as a zip file"),
    ("two-ana", "two submissions have the learner id 'ana'"),
    ("regrade-nobody", "--regrade zed: no submission from this learner"),
])
def test_empty_or_ambiguous_input_exits_2_with_one_line(
        setup: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    extra: list[str] = []
    if setup == "not-a-zip":
        (subs / "week1.zip").write_text("not a zip")
        subs = subs / "week1.zip"
    elif setup == "two-ana":  # ana.ipynb, and ana's folder of one notebook
        write(subs / "ana.ipynb", released())
        (subs / "ana").mkdir()
        write(subs / "ana" / "lesson01.ipynb", released())
    elif setup == "regrade-nobody":
        write(subs / "ana.ipynb", released())
        extra = ["--regrade", "zed"]
    (subs / "notes.txt").write_text("x") if subs.is_dir() else None
    assert main(["grade", str(subs), "--out", str(tmp_path / "out"), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: ") and message in err and "\n" not in err, err
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_review_without_a_gradebook_exits_2(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: no gradebook in ") and "\n" not in err


def test_help_names_review_and_lms_files() -> None:
    code, out, _ = grade("--help")
    assert code == 0 and "canvas.csv" in out and "--regrade" in out and ".zip" in out
    proc = subprocess.run([sys.executable, "-m", "coursekit", "review", "--help"],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0 and "--scores" in proc.stdout and "review.csv" in proc.stdout
