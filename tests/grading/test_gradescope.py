"""`coursekit gradescope`: the bundle, and its run_autograder run here as Gradescope would run it.

The container's root is a temporary folder (``AUTOGRADER_ROOT``): the zip is extracted into
``ROOT/source``, ``run_autograder`` copied to ``ROOT/``, the learner's file put in
``ROOT/submission``. What setup.sh installs into ``ROOT/venv`` is stood in for by this test
environment's own virtualenv (a link), except in the slow test that runs setup.sh for real.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from coursekit.cli import main
from coursekit.lessons.registry import get_lesson
from tests.grading.pipeline_helpers import LESSON, machine_points, solved, with_one_wrong

REPO = Path(__file__).resolve().parents[2]
needs_sandbox = pytest.mark.usefixtures("sandbox_required")

# Gradescope's documented results.json fields ("Autograder Specifications": output format,
# visibility, test case status, output string formatting).
TOP_FIELDS = {"score", "execution_time", "output", "output_format", "test_output_format",
              "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
              "leaderboard"}
TEST_FIELDS = {"score", "max_score", "status", "name", "name_format", "number", "output",
               "output_format", "tags", "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "simple_format", "html", "md", "ansi"}


def check_results(doc: Any) -> None:
    """Fail unless `doc` is a results.json Gradescope accepts (only documented fields, typed)."""
    assert isinstance(doc, dict) and set(doc) <= TOP_FIELDS, set(doc) - TOP_FIELDS
    tests = doc.get("tests", [])
    assert isinstance(tests, list)
    if "score" not in doc:  # then every test must carry its score
        assert tests and all("score" in t for t in tests)
    for key in ("score", "execution_time"):
        if key in doc:
            assert isinstance(doc[key], (int, float)) and not isinstance(doc[key], bool)
    for key in ("visibility", "stdout_visibility"):
        assert doc.get(key, "visible") in VISIBILITY
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert doc.get(key, "text") in FORMATS
    assert isinstance(doc.get("output", ""), str)
    for test in tests:
        assert isinstance(test, dict) and set(test) <= TEST_FIELDS, set(test) - TEST_FIELDS
        for key in ("score", "max_score"):
            if key in test:
                assert isinstance(test[key], (int, float)) and test[key] >= 0
        assert test.get("status", "passed") in {"passed", "failed"}
        assert test.get("visibility", "visible") in VISIBILITY
        for key in ("name", "number", "output"):
            assert isinstance(test.get(key, ""), str)
    if tests and "score" in doc:
        assert doc["score"] == pytest.approx(sum(t.get("score", 0) for t in tests))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    assert main(["gradescope", "--lesson", LESSON, "--out", str(out)]) == 0
    return out


def container(tmp: Path, bundle: Path, submission: dict[str, bytes], venv: bool = True) -> Path:
    """A Gradescope-like root: the zip in source/, run_autograder at the top, the files."""
    root = tmp / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    for name, data in submission.items():
        (root / "submission" / name).write_bytes(data)
    if venv:
        (root / "venv").symlink_to(sys.prefix, target_is_directory=True)
    return root


def run_autograder(root: Path) -> tuple[int, dict[str, Any], str]:
    """Run ROOT/run_autograder as Gradescope does (cwd ROOT); returns (status, results, log)."""
    proc = subprocess.run(["bash", str(root / "run_autograder")], cwd=root, text=True,
                          capture_output=True, timeout=600,
                          env={**os.environ, "AUTOGRADER_ROOT": str(root)})
    results = json.loads((root / "results" / "results.json").read_text("utf-8"))
    return proc.returncode, results, proc.stdout + proc.stderr


def as_bytes(nb: dict[str, Any]) -> bytes:
    return json.dumps(nb, indent=1).encode()


# -- the bundle --------------------------------------------------------------------------------

def test_bundle_has_gradescope_layout_at_the_zip_root(bundle: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
        config = json.loads(archive.read("coursekit-autograder.json"))
        requirements = archive.read("requirements.txt").decode().split()
        setup = archive.read("setup.sh").decode()
    wheel = next(n for n in names if n.endswith(".whl"))
    assert {"setup.sh", "run_autograder", "requirements.txt", "coursekit-autograder.json",
            wheel} == names
    assert all(modes[n] & stat.S_IXUSR for n in ("setup.sh", "run_autograder"))
    assert config["lesson"] == LESSON and config["sandbox"] is True
    assert config["lesson_version"] == get_lesson(LESSON).version
    assert {r.split("==")[0] for r in requirements} >= {"pandas", "numpy", "nbformat"}
    assert all("==" in r for r in requirements)
    assert "bubblewrap" in setup and wheel in setup and "AUTOGRADER_ROOT" in setup


def test_bundled_wheel_is_complete_and_its_record_matches(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as archive:
        wheel_name = next(n for n in archive.namelist() if n.endswith(".whl"))
        (tmp_path / wheel_name).write_bytes(archive.read(wheel_name))
    with zipfile.ZipFile(tmp_path / wheel_name) as wheel:
        names = set(wheel.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/RECORD"))
        record = wheel.read(f"{info}/RECORD").decode().splitlines()
        for line in record:
            name, digest, size = line.rsplit(",", 2)
            if name == f"{info}/RECORD":
                continue
            data = wheel.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == f"sha256={expected.decode()}" and int(size) == len(data), name
        assert "Tag: py3-none-any" in wheel.read(f"{info}/WHEEL").decode()
        assert "Requires-Dist: pandas" in wheel.read(f"{info}/METADATA").decode()
    assert len(record) == len(names)
    assert f"coursekit/_lessons/{LESSON}.ipynb" in names
    assert "coursekit/grading/gradescope_run.py" in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_cli_refuses_unknown_lesson_and_unwritable_output(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    assert main(["gradescope", "--lesson", "99-nope", "--out", str(tmp_path / "a.zip")]) == 1
    assert "Error: unknown lesson '99-nope'" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    out = tmp_path / "file" / "a.zip"
    assert main(["gradescope", "--lesson", LESSON, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: cannot write the autograder bundle")
    assert len(err.splitlines()) == 1
    assert not list(tmp_path.glob("**/*.tmp"))


# -- run_autograder ----------------------------------------------------------------------------

@needs_sandbox
def test_run_autograder_scores_equal_coursekit_grade(bundle: Path, tmp_path: Path) -> None:
    files = {
        "correct.ipynb": as_bytes(solved()),
        "wrong.ipynb": as_bytes(with_one_wrong(LESSON, "q2")),
        "broken.ipynb": as_bytes(solved())[:-200],
    }
    problems = get_lesson(LESSON).problems
    graded: dict[str, dict[str, Any]] = {}
    for name, data in files.items():
        root = container(tmp_path / name, bundle, {name: data})
        status, results, log = run_autograder(root)
        assert status == 0, log
        check_results(results)
        assert [t["number"] for t in results["tests"]] == list(problems)
        assert [t["max_score"] for t in results["tests"]] == [float(p.points)
                                                             for p in problems.values()]
        graded[Path(name).stem] = results
    # the same files through `coursekit grade`
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out = tmp_path / "out"
    assert main(["grade", str(folder), "--out", str(out), "--lesson", LESSON, "--quiet"]) == 0
    local = json.loads((out / "grades.json").read_text("utf-8"))["submissions"]
    assert {s["learner"] for s in local} == set(graded)
    for submission in local:
        results = graded[submission["learner"]]
        assert results["score"] == submission["score"]
        assert {t["number"]: t["score"] for t in results["tests"]} == \
            {q["question"]: q["score"] for q in submission["questions"]}
        assert [t["output"].split(": ", 1)[1] for t in results["tests"]] == \
            [q["message"] for q in submission["questions"]]
    assert graded["correct"]["score"] == machine_points()
    assert 0 < graded["wrong"]["score"] < graded["correct"]["score"]
    wrong_q2 = next(t for t in graded["wrong"]["tests"] if t["number"] == "q2")
    assert wrong_q2["status"] == "failed" and wrong_q2["score"] == 0
    assert graded["broken"]["score"] == 0
    assert "unreadable notebook" in graded["broken"]["tests"][0]["output"]


@pytest.mark.parametrize("files, says", [
    ({}, "No notebook"),
    ({"a.ipynb": b"{}", "b.ipynb": b"{}"}, "holds 2 notebooks"),
])
def test_run_autograder_without_exactly_one_notebook_gives_zero_and_says_why(
        bundle: Path, tmp_path: Path, files: dict[str, bytes], says: str) -> None:
    status, results, _ = run_autograder(container(tmp_path, bundle, files))
    check_results(results)
    assert status == 0 and results["score"] == 0 and says in results["output"]
    assert len(results["tests"]) == len(get_lesson(LESSON).problems)
    assert all(t["score"] == 0 and says in t["output"] for t in results["tests"])


def test_run_autograder_before_setup_finished_still_writes_results(bundle: Path,
                                                                   tmp_path: Path) -> None:
    root = container(tmp_path, bundle, {"a.ipynb": as_bytes(solved())}, venv=False)
    status, results, log = run_autograder(root)
    check_results(results)
    assert status == 1 and results["score"] == 0 and "setup.sh" in log


def test_run_autograder_with_a_broken_bundle_config_still_writes_results(
        bundle: Path, tmp_path: Path) -> None:
    root = container(tmp_path, bundle, {"a.ipynb": as_bytes(solved())})
    (root / "source" / "coursekit-autograder.json").write_text("{not json")
    status, results, log = run_autograder(root)
    check_results(results)
    assert status == 1 and results["score"] == 0
    assert "cannot read the autograder settings" in log


def test_visibility_is_carried_to_every_test(tmp_path: Path) -> None:
    out = tmp_path / "hidden.zip"
    assert main(["gradescope", "--lesson", LESSON, "--out", str(out),
                 "--visibility", "after_published"]) == 0
    _, results, _ = run_autograder(container(tmp_path, out, {}))
    check_results(results)
    assert results["visibility"] == "after_published"
    assert {t["visibility"] for t in results["tests"]} == {"after_published"}


@pytest.mark.slow
@needs_sandbox
def test_setup_sh_installs_the_bundle_and_it_grades(bundle: Path, tmp_path: Path) -> None:
    """setup.sh for real: a fresh venv with the bundled wheel and pinned requirements."""
    root = container(tmp_path, bundle, {"ana.ipynb": as_bytes(solved())}, venv=False)
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root, text=True,
                           capture_output=True, timeout=1200,
                           env={**os.environ, "AUTOGRADER_ROOT": str(root)})
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-2000:]
    installed = subprocess.run([str(root / "venv" / "bin" / "python"), "-c",
                                "import coursekit; print(coursekit.__file__)"],
                               capture_output=True, text=True, check=True).stdout
    assert installed.startswith(str(root / "venv"))
    status, results, log = run_autograder(root)
    check_results(results)
    assert status == 0, log
    assert results["score"] == machine_points()
