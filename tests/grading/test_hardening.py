"""Issue 12's invariants 6-8 through `coursekit grade`, each attack beside a clean control:
safe exports from any file name, bounded grader cost and errors in --out, non-root grading."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.cli import main
from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import ChoiceProblem
from coursekit.grading import pipeline
from coursekit.grading.step import MAX_CELLS
from coursekit.lessons.registry import get_lesson
from tests.grading.pipeline_helpers import (
    LESSON,
    code_cell,
    machine_points,
    released,
    set_answer,
    solved,
    write,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("sandbox_required")]
REPO = Path(__file__).resolve().parents[2]
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def grade(*args: str, user: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "coursekit", "grade", *args]
    return subprocess.run([*(user or []), *command], capture_output=True, text=True,
                          timeout=900, cwd=REPO)


def rows(out: Path) -> list[dict[str, str]]:
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- 6. safe exports from any file name ------------------------------------------------------

ODD_NAMES = [b"=HYPERLINK(1)", b"+1+1", b"-2", b"@SUM(A1)", b"x" * 249, b"caf\xe9-latin1",
             b"bell\x07and\x1bescape", b"tab\tname"]


def test_any_file_name_grades_with_safe_ids_and_neutral_csv(tmp_path: Path) -> None:
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    notebook = json.dumps(solved()).encode()
    for name in ODD_NAMES:
        (Path(os.fsdecode(bytes(subs) + b"/" + name + b".ipynb"))).write_bytes(notebook)
    write(subs / "zz-control.ipynb", solved())
    done = grade(str(subs), "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    learners = {r["learner"] for r in rows(out)}
    assert len(learners) == len(ODD_NAMES) + 1
    assert "zz-control" in learners  # the control keeps its plain id
    with (out / "grades.csv").open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA)]
    assert "'=HYPERLINK(1)" in cells and "'-2" in cells  # kept, as text
    records = json.loads((out / "grades.json").read_text("utf-8"))["submissions"]
    full = machine_points()
    assert {r["score"] for r in records} == {full}  # every odd name was graded
    for record in records:
        learner = record["learner"]
        assert len(learner) <= 80 and learner.isprintable() and "/" not in learner
        assert (out / "feedback" / f"{learner}.html").is_file()
    paths = {r["path"] for r in records}
    assert any(p.endswith("caf\\xe9-latin1.ipynb") for p in paths)  # the original is kept
    assert any(("x" * 249) in p for p in paths)


# -- 7. bounded grader cost; errors in --out -------------------------------------------------

def test_a_notebook_over_the_cell_budget_is_too_large_and_not_run(tmp_path: Path) -> None:
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    big = released()
    big["cells"] += [code_cell(f"x{i} = {i}") for i in range(MAX_CELLS)]
    write(subs / "big.ipynb", big)
    many = solved()  # control: many small cells of the learner's own, under the budget
    many["cells"] += [code_cell(f"y{i} = {i}") for i in range(MAX_CELLS // 2)]
    write(subs / "many.ipynb", many)
    done = grade(str(subs), "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    by = {r["learner"]: r for r in json.loads((out / "grades.json").read_text())["submissions"]}
    assert by["big"]["status"] == Status.TOO_LARGE and by["big"]["score"] == 0
    assert "cells; the limit is" in by["big"]["message"]
    assert by["many"]["score"] == machine_points()
    assert len(by["many"]["flags"]) <= 20


def test_a_full_disk_in_out_is_one_error_line_and_keeps_every_grade(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    write(subs / "ana.ipynb", solved())
    write(subs / "bo.ipynb", released())

    def full(*args: object, **kwargs: object) -> list[Path]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pipeline, "publish", full)
    code = main(["grade", str(subs), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert len(err) == 1 and err[0].startswith("Error: cannot write the exports")
    assert "No space left on device" in err[0]
    with sqlite3.connect(out / "gradebook.sqlite") as db:  # nothing graded was lost
        assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 2
    monkeypatch.undo()  # control: with space again, the same command writes everything
    assert main(["grade", str(subs), "--out", str(out), "--quiet"]) == 0
    assert {r["learner"] for r in rows(out)} == {"ana", "bo"}


def test_an_unwritable_gradebook_is_one_error_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs / "ana.ipynb", solved())

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(pipeline.Gradebook, "_save", refuse)
    code = main(["grade", str(subs), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1
    assert err[0].startswith("Error: cannot save to the gradebook")


# -- 8. non-root grading ---------------------------------------------------------------------

def _as_nobody() -> list[str]:
    """A command prefix that runs the rest as an unprivileged user (root only).

    The interpreter may live under a home folder only root can enter (pyenv in /root): then a
    private mount namespace shows that folder to the unprivileged user, nothing else changes.
    """
    if os.geteuid() != 0:
        pytest.skip("already not root: the rest of the suite is the non-root run")
    if not shutil.which("setpriv") or not shutil.which("unshare"):
        pytest.fail("setpriv and unshare (util-linux) are needed to test non-root grading")
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    hidden = [p for p in (sys.base_prefix, sys.prefix) if p.startswith("/root/")]
    if not hidden:
        return drop
    script = ('set -e; view=$(mktemp -d); mount --bind /root "$view"; '
              'mount -t tmpfs -o mode=755 tmpfs /root; mkdir -p /root/.pyenv; '
              'mount --bind "$view/.pyenv" /root/.pyenv; exec "$@"')
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *drop]


def test_grading_as_an_unprivileged_user_keeps_the_guarantees(tmp_path: Path) -> None:
    user = _as_nobody()
    work = Path(__import__("tempfile").mkdtemp(prefix="ck-nonroot-"))
    try:
        work.chmod(0o777)
        subs, out = work / "subs", work / "out"
        subs.mkdir()
        write(subs / "control.ipynb", solved())
        problems = get_lesson(LESSON).problems
        choice = next(p for p in problems.values() if isinstance(p, ChoiceProblem))
        wrong = next(k for k in choice.options if k != choice.answer)
        attack = solved()  # the right answer only if both escapes were refused
        set_answer(attack, choice.id, (
            "import os, subprocess\n"
            "try:\n    os.memfd_create('x'); memfd = 'allowed'\n"
            "except OSError as exc:\n    memfd = exc.errno\n"
            "userns = subprocess.run(['unshare', '--user', 'true']).returncode\n"
            f"{choice.name} = {choice.answer!r} if (memfd, userns != 0) == (1, True) "
            f"else {wrong!r}"))
        write(subs / "attack.ipynb", attack)
        for path in work.rglob("*"):
            path.chmod(0o777)
        done = grade(str(subs), "--out", str(out), "--quiet", user=user)
        assert done.returncode == 0, done.stderr
        records = {r["learner"]: r for r in
                   json.loads((out / "grades.json").read_text())["submissions"]}
        full = machine_points()
        assert records["control"]["score"] == full
        assert records["attack"]["score"] == full  # no memory file, no user namespace
        assert (out / "gradebook.sqlite").stat().st_uid == 65534
    finally:
        shutil.rmtree(work, ignore_errors=True)
