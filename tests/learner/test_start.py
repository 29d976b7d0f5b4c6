"""``coursekit start``: the course delivered into a learner's folder, and JupyterLab opened there.

Fast tests drive `deliver` and the command with JupyterLab's launch replaced. The slow tests
install the learner edition into a fresh virtualenv from PyPI, start the real command there and
talk to its JupyterLab: through the contents API, and in Debian's chromium through Playwright.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from coursekit.cli import main
from coursekit.learner import start
from coursekit.learner.start import (
    MANIFEST,
    Action,
    Payload,
    deliver,
    describe,
    fingerprint,
    payloads,
)
from coursekit.lessons.source import cell_tags, lessons_dir

from ..conftest import REPO

if TYPE_CHECKING:
    from collections.abc import Iterator

DAY1 = dt.date(2026, 11, 27)
DAY2 = dt.date(2026, 12, 4)
NAME = "02-campaign-data.ipynb"


# -- hand-made notebooks -------------------------------------------------------------------------
def _notebook_bytes(*sources: str, version: str = "1") -> bytes:
    nb = new_notebook(cells=[new_markdown_cell(sources[0]),
                             *(new_code_cell(s) for s in sources[1:])])
    nb.metadata["coursekit"] = {"lesson": "02-campaign-data", "version": version,
                                "edition": "learner"}
    return nbformat.writes(nb).encode()


def _lesson(version: str, *extra: str) -> Payload:
    return Payload(NAME, _notebook_bytes("# Campaign data", "x = ...", *extra, version=version),
                   version)


V1 = _lesson("1")
V2 = _lesson("2", "# a new step")
V3 = _lesson("3", "# a new step", "# and another")
V4 = _lesson("4", "# four")


def _learner_edits(path: Path, answer: str = "x = 42") -> bytes:
    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    nb.cells[1].source = answer
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path.read_bytes()


def _actions(results: list[start.Delivery]) -> list[str]:
    return [r.action for r in results]


# -- deliver -------------------------------------------------------------------------------------
def test_first_start_writes_the_learner_edition_of_every_lesson(tmp_path: Path) -> None:
    results = deliver(tmp_path / "course")
    lessons = sorted(p.name for p in lessons_dir().glob("[0-9][0-9]-*.ipynb"))
    assert lessons and [r.name for r in results if r.name.endswith(".ipynb")] == lessons
    assert all(r.action == Action.NEW for r in results)
    for name in lessons:
        nb = nbformat.read(tmp_path / "course" / name, as_version=4)
        assert nb.metadata["coursekit"]["edition"] == "learner"
        assert not any("solution" in cell_tags(c) for c in nb.cells)
    manifest = json.loads((tmp_path / "course" / MANIFEST).read_text())
    assert set(manifest["files"]) == {r.name for r in results}


def test_second_start_without_changes_touches_nothing(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    before = (tmp_path / NAME).stat().st_mtime_ns, (tmp_path / NAME).read_bytes()
    results = deliver(tmp_path, [V1])
    assert _actions(results) == [Action.CURRENT]
    assert ((tmp_path / NAME).stat().st_mtime_ns, (tmp_path / NAME).read_bytes()) == before
    assert describe(tmp_path, results) == [f"Your course in {tmp_path} is up to date."]


def test_learner_edit_survives_and_the_update_arrives_beside_it(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    edited = _learner_edits(tmp_path / NAME)
    results = deliver(tmp_path, [V2], today=DAY1)
    beside = "02-campaign-data (updated 2026-11-27).ipynb"
    assert results == [start.Delivery(NAME, Action.BESIDE, beside)]
    assert (tmp_path / NAME).read_bytes() == edited
    assert (tmp_path / beside).read_bytes() == V2.content
    message = " ".join(describe(tmp_path, results))
    assert f"You changed {NAME}" in message and beside in message


def test_edited_notebook_with_no_newer_lesson_is_kept_as_it_is(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    edited = _learner_edits(tmp_path / NAME)
    assert _actions(deliver(tmp_path, [V1])) == [Action.KEPT]
    assert (tmp_path / NAME).read_bytes() == edited
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, NAME]


def test_running_cells_is_not_an_edit_so_the_update_replaces_the_notebook(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    nb = nbformat.read(tmp_path / NAME, as_version=4)
    nb.cells[1].execution_count = 1
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="ran\n")]
    nbformat.write(nb, tmp_path / NAME)
    results = deliver(tmp_path, [V2])
    assert results == [start.Delivery(NAME, Action.UPDATED, NAME)]
    assert (tmp_path / NAME).read_bytes() == V2.content
    assert f"Updated 1 notebook you had not changed: {NAME}." in describe(tmp_path, results)


def test_an_update_is_delivered_beside_only_once(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    _learner_edits(tmp_path / NAME)
    deliver(tmp_path, [V2], today=DAY1)
    assert _actions(deliver(tmp_path, [V2], today=DAY2)) == [Action.KEPT]
    assert len(list(tmp_path.glob("*.ipynb"))) == 2


def test_learner_who_deletes_the_updated_copy_is_not_sent_it_again(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    _learner_edits(tmp_path / NAME)
    beside = deliver(tmp_path, [V2], today=DAY1)[0].written
    (tmp_path / str(beside)).unlink()
    assert _actions(deliver(tmp_path, [V2])) == [Action.KEPT]
    assert [p.name for p in tmp_path.glob("*.ipynb")] == [NAME]


def test_newer_update_replaces_an_untouched_earlier_copy_but_never_an_edited_one(
        tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    _learner_edits(tmp_path / NAME)
    first = deliver(tmp_path, [V2], today=DAY1)[0].written
    second = deliver(tmp_path, [V3], today=DAY2)[0].written
    assert not (tmp_path / str(first)).exists()
    assert (tmp_path / str(second)).read_bytes() == V3.content
    kept = _learner_edits(tmp_path / str(second), "x = 7")
    third = deliver(tmp_path, [V4], today=DAY2)[0].written
    assert third == "02-campaign-data (updated 2026-12-04, 2).ipynb"
    assert (tmp_path / str(second)).read_bytes() == kept
    assert (tmp_path / str(third)).read_bytes() == V4.content


def test_a_different_file_already_in_the_folder_is_treated_as_the_learners(tmp_path: Path) -> None:
    (tmp_path / NAME).write_bytes(_notebook_bytes("# my own notes", "y = 1"))
    results = deliver(tmp_path, [V1], today=DAY1)
    assert _actions(results) == [Action.BESIDE]
    assert b"my own notes" in (tmp_path / NAME).read_bytes()


def test_an_identical_file_already_in_the_folder_is_adopted(tmp_path: Path) -> None:
    (tmp_path / NAME).write_bytes(V1.content)
    assert _actions(deliver(tmp_path, [V1])) == [Action.CURRENT]
    assert _actions(deliver(tmp_path, [V2])) == [Action.UPDATED]


def test_an_unreadable_manifest_keeps_every_existing_file(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    (tmp_path / MANIFEST).write_text("{not json")
    assert _actions(deliver(tmp_path, [V2], today=DAY1)) == [Action.BESIDE]
    assert (tmp_path / NAME).read_bytes() == V1.content


def test_a_deleted_notebook_is_delivered_again(tmp_path: Path) -> None:
    deliver(tmp_path, [V1])
    (tmp_path / NAME).unlink()
    assert _actions(deliver(tmp_path, [V1])) == [Action.NEW]
    assert (tmp_path / NAME).read_bytes() == V1.content


def test_fingerprint_ignores_outputs_but_not_what_the_learner_typed() -> None:
    nb = nbformat.reads(V1.content.decode(), as_version=4)
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="ran\n")]
    nb.cells[1].execution_count = 3
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    assert fingerprint(NAME, nbformat.writes(nb).encode()) == fingerprint(NAME, V1.content)
    nb.cells[1].source = "x = 1"
    assert fingerprint(NAME, nbformat.writes(nb).encode()) != fingerprint(NAME, V1.content)
    assert fingerprint("data/a.csv", b"a\n1\n") != fingerprint("data/a.csv", b"a\n2\n")


def _lesson_source(path: Path, lesson: str) -> None:
    nb = new_notebook(cells=[new_markdown_cell("# A lesson"),
                             new_code_cell("import pandas as pd\n"
                                           "polls = pd.read_csv('data/polls.csv')")])
    nb.metadata["coursekit"] = {"lesson": lesson, "version": "1"}
    nbformat.write(nb, path)


def test_files_shipped_beside_the_lessons_are_delivered_and_clutter_is_not(tmp_path: Path) -> None:
    src = tmp_path / "lessons"
    (src / "data").mkdir(parents=True)
    _lesson_source(src / "01-a.ipynb", "01-a")
    (src / "data" / "polls.csv").write_text("pollster,share\nA,0.5\n")
    for clutter in (".ipynb_checkpoints/01-a-checkpoint.ipynb", "_build/x.html",
                    "__pycache__/m.cpython-311.pyc", "data/.~lock.polls.csv#", "scratch.ipynb"):
        (src / clutter).parent.mkdir(parents=True, exist_ok=True)
        (src / clutter).write_text("clutter")
    items = payloads(src)
    assert [p.name for p in items] == ["01-a.ipynb", "data/polls.csv"]
    results = deliver(tmp_path / "course", items)
    assert (tmp_path / "course" / "data" / "polls.csv").read_text().startswith("pollster")
    assert describe(tmp_path, results) == [f"Wrote 1 notebook and 1 other file into {tmp_path}."]


# -- the command ---------------------------------------------------------------------------------
@pytest.fixture
def no_lab(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace JupyterLab's launch by a recorder; returns the calls made."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(start, "launch_lab", lambda root, **kw: calls.append({"root": root, **kw}))
    return calls


def test_start_delivers_the_course_then_opens_jupyterlab_there(
        tmp_path: Path, no_lab: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    course = tmp_path / "my course"
    assert main(["start", "--no-browser", "--port", "0", str(course)]) == 0
    out = capsys.readouterr().out
    assert f"into {course}." in out and "Starting JupyterLab on 127.0.0.1" in out
    assert no_lab == [{"root": course, "port": 0, "open_browser": False}]
    assert (course / "01-is-it-cheating.ipynb").is_file()


def test_second_start_opens_the_running_jupyterlab_instead_of_starting_another(
        tmp_path: Path, no_lab: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    course, runtime = tmp_path / "course", tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    (runtime / "jpserver-1.json").write_text(json.dumps({  # this process stands in for the lab
        "pid": os.getpid(), "root_dir": str(course), "url": "http://127.0.0.1:8899/",
        "token": "abc", "port": 8899}))
    (runtime / "jpserver-2.json").write_text(json.dumps({  # another folder's lab: not ours
        "pid": os.getpid(), "root_dir": str(tmp_path / "other"), "url": "http://127.0.0.1:9/",
        "token": "zzz", "port": 9}))
    assert main(["start", str(course)]) == 0
    out = capsys.readouterr().out
    assert no_lab == [], "a second JupyterLab was started"
    assert "already running: http://127.0.0.1:8899/lab?token=abc" in out
    assert opened == ["http://127.0.0.1:8899/lab?token=abc"]
    (runtime / "jpserver-1.json").unlink()  # once it has stopped, start launches one again
    assert main(["start", "--no-browser", str(course)]) == 0
    assert [c["root"] for c in no_lab] == [course]


def test_start_without_a_folder_uses_a_named_folder_in_the_current_one(
        tmp_path: Path, no_lab: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["start"]) == 0
    assert no_lab[0]["root"] == tmp_path / "election-data-ethics-course"
    assert no_lab[0]["open_browser"] is True and no_lab[0]["port"] is None


def test_second_start_says_the_updated_lesson_is_beside_the_learners_edit(
        tmp_path: Path, no_lab: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "lessons"
    shutil.copytree(lessons_dir(), src, ignore=shutil.ignore_patterns(".*", "_*"))
    monkeypatch.setattr("coursekit.lessons.source.lessons_dir", lambda: src)
    course, name = tmp_path / "course", "01-is-it-cheating.ipynb"
    assert main(["start", str(course)]) == 0
    answer = _learner_edits(course / name, "my_note = 'I changed this cell'")
    lesson = nbformat.read(src / name, as_version=4)
    lesson.cells.append(new_markdown_cell("## A section added after the learner started"))
    nbformat.write(lesson, src / name)
    capsys.readouterr()
    assert main(["start", str(course)]) == 0
    out = capsys.readouterr().out
    beside = f"01-is-it-cheating (updated {dt.date.today().isoformat()}).ipynb"
    assert f"You changed {name}, so it stays as it is" in out and beside in out
    assert (course / name).read_bytes() == answer
    assert "added after the learner started" in (course / beside).read_text()


def test_a_course_folder_that_is_a_file_is_a_one_line_usage_error(
        tmp_path: Path, no_lab: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "course").write_text("")
    assert main(["start", str(tmp_path / "course")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "is a file" in err and err.count("\n") == 1
    assert not no_lab


@pytest.mark.parametrize("port", ["-1", "65536"])
def test_a_port_out_of_range_is_a_usage_error(port: str, tmp_path: Path,
                                              no_lab: list[dict[str, Any]]) -> None:
    assert main(["start", "--port", port, str(tmp_path)]) == 2
    assert not no_lab and not any(tmp_path.iterdir())


def test_missing_jupyterlab_is_one_line_naming_the_learn_extra(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "jupyterlab" else real(name, *a))
    assert main(["start", str(tmp_path / "course")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install -e '.[learn]'" in err
    assert not (tmp_path / "course").exists()


def test_jupyterlab_is_bound_to_loopback_and_asks_nothing_of_the_network(tmp_path: Path) -> None:
    argv = start.lab_argv(tmp_path, port=0, open_browser=False)
    assert f"--ServerApp.root_dir={tmp_path}" in argv
    assert "--ServerApp.ip=127.0.0.1" in argv and "--ServerApp.port=0" in argv
    assert "--ServerApp.open_browser=False" in argv and "--LabApp.news_url=None" in argv
    assert any(a.endswith("NeverCheckForUpdate") for a in argv)
    assert not any("open_browser" in a for a in start.lab_argv(tmp_path))


def test_page_config_hook_disables_the_news_plugin_after_an_existing_hook() -> None:
    hook = start._quiet_page_config(lambda handler, config: {**config, "seen": True})
    config = hook(None, {"disabledExtensions": ["some:plugin"]})
    assert config["seen"] and config["disabledExtensions"] == [
        "some:plugin", "@jupyterlab/apputils-extension:announcements"]


def test_start_is_listed_in_the_command_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert re.search(r"^\s+start\s+put the course in a folder", capsys.readouterr().out,
                     re.MULTILINE)


# -- slow: a fresh virtualenv, a real JupyterLab, a real browser --------------------------------
FIRST_LESSON = "01-is-it-cheating"


@dataclass
class Lab:
    """A running ``coursekit start`` and the JupyterLab it started."""

    proc: subprocess.Popen[bytes]
    root: Path
    home: Path
    runtime: Path
    log: Path
    info: dict[str, Any]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.info['port']}"

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(f"{self.base}{path}", method=method, headers={
            "Authorization": f"token {self.info['token']}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        return json.loads(body) if body and path.startswith("/api/") else body.decode()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _learner_env(bin_dir: Path, tmp: Path) -> dict[str, str]:
    """A learner's environment: the venv first on PATH, every Jupyter/coursekit dir private."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MPLBACKEND", "PYTHONPATH", "COURSEKIT_PROGRESS", "VIRTUAL_ENV")}
    for var, sub in (("COURSEKIT_HOME", "home"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_CONFIG_DIR", "jupyter-config"), ("JUPYTER_DATA_DIR", "jupyter-data"),
                     ("IPYTHONDIR", "ipython")):
        env[var] = str(tmp / sub)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def _start_lab(coursekit: list[str], root: Path, tmp: Path, env: dict[str, str]) -> Lab:
    """Run ``coursekit start --no-browser --port 0 root`` and wait until its server answers."""
    runtime, log = Path(env["JUPYTER_RUNTIME_DIR"]), tmp / f"lab-{time.monotonic_ns()}.log"
    runtime.mkdir(parents=True, exist_ok=True)
    known = set(runtime.glob("jpserver-*.json"))
    with log.open("wb") as out:
        proc = subprocess.Popen([*coursekit, "start", "--no-browser", "--port", "0", str(root)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    lab = Lab(proc, root, Path(env["COURSEKIT_HOME"]), runtime, log, {})
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"coursekit start exited early:\n{lab.output()}"
        fresh = set(runtime.glob("jpserver-*.json")) - known
        if fresh:
            lab.info = json.loads(fresh.pop().read_text())
            try:
                lab.api("/api/status")
                return lab
            except OSError:
                pass
        time.sleep(0.5)
    _kill(proc)
    raise AssertionError(f"JupyterLab did not answer within 240 s:\n{lab.output()}")


def _stop_lab(lab: Lab) -> int:
    """Ask the server to shut down (kernels included); returns the command's exit code."""
    try:
        lab.api("/api/shutdown", method="POST")
        return lab.proc.wait(timeout=120)
    finally:
        _kill(lab.proc)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class FreshInstall:
    """A virtualenv with nothing but ``pip install <repo>[learn]`` in it."""

    bin: Path
    lessons: list[str]
    """The lesson notebooks its installed coursekit ships."""

    def coursekit(self) -> list[str]:
        return [str(self.bin / "coursekit")]

    def run(self, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.coursekit(), *args], env=env, capture_output=True,
                              text=True, timeout=300, check=False)


def _venv_python(bin_dir: Path, code: str) -> str:
    """What `code`, run by the virtualenv's Python, printed."""
    return subprocess.run([str(bin_dir / "python"), "-c", code], capture_output=True, text=True,
                          check=True, timeout=120).stdout.strip()


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory: pytest.TempPathFactory) -> FreshInstall:
    venv = tmp_path_factory.mktemp("learner") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                          "--disable-pip-version-check", f"{REPO}[learn]"],
                         capture_output=True, text=True, timeout=900, check=False)
    assert pip.returncode == 0, f"learner install failed:\n{pip.stderr[-3000:]}"
    lessons_path, lessons = json.loads(_venv_python(bin_dir, (
        "import json; from coursekit.lessons.source import lessons_dir as d; "
        "print(json.dumps([str(d()), sorted(p.name for p in d().glob('[0-9][0-9]-*.ipynb'))]))")))
    assert Path(lessons_path).is_relative_to(venv), "the lessons must come from the wheel"
    return FreshInstall(bin_dir, lessons)


@pytest.mark.slow
def test_fresh_learner_install_starts_jupyterlab_on_loopback_listing_every_lesson(
        fresh_install: FreshInstall, tmp_path: Path) -> None:
    assert FIRST_LESSON + ".ipynb" in fresh_install.lessons
    assert fresh_install.lessons == sorted(
        p.name for p in (REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    env = _learner_env(fresh_install.bin, tmp_path)
    lab = _start_lab(fresh_install.coursekit(), tmp_path / "course", tmp_path, env)
    try:
        assert lab.info["hostname"] == "127.0.0.1" and lab.info["url"].startswith(
            "http://127.0.0.1:")
        listing = lab.api("/api/contents/")
        notebooks = sorted(i["name"] for i in listing["content"] if i["type"] == "notebook")
        assert notebooks == fresh_install.lessons
        first = lab.api(f"/api/contents/{FIRST_LESSON}.ipynb")
        assert first["content"]["metadata"]["coursekit"]["edition"] == "learner"
        page = lab.api("/lab")
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page,
                                      re.DOTALL).group(1))
        assert "@jupyter-widgets/jupyterlab-manager" in [
            e["name"] for e in config["federated_extensions"]]
        assert "@jupyterlab/apputils-extension:announcements" in config["disabledExtensions"]
    finally:
        code = _stop_lab(lab)
    assert code == 0, lab.output()
    assert not list(lab.runtime.glob("jpserver-*.json")), "the server did not stop cleanly"


@pytest.fixture(scope="module")
def course_lab(fresh_install: FreshInstall,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab started by the fresh install's ``coursekit start``, for the browser tests."""
    tmp = tmp_path_factory.mktemp("course-lab")
    lab = _start_lab(fresh_install.coursekit(), tmp / "course", tmp,
                     _learner_env(fresh_install.bin, tmp))
    yield lab
    assert _stop_lab(lab) == 0, lab.output()


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    """The session-wide Chromium (tests/conftest.py): one Playwright instance per process."""
    return chromium


def _open_notebook(browser: Any, lab: Lab, name: str) -> tuple[Any, list[str]]:
    """A page showing notebook `name` with its kernel idle; and the list of off-site requests."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.set_default_timeout(180_000)
    offsite: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(lab.base) or r.url.startswith("data:")
            else offsite.append(r.url))
    # With another notebook's kernel running, JupyterLab may ask which kernel to start; a
    # learner clicks "Select" (the preferred kernel, this Python), and so does the test.
    page.add_locator_handler(page.locator(".jp-Dialog", has_text="Select Kernel"),
                             lambda dialog: dialog.locator(".jp-mod-accept").click())
    page.goto(f"{lab.base}/lab/tree/{name}?reset&token={lab.info['token']}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    _wait_visible(page, page.locator("#jp-main-statusbar", has_text=re.compile(r"\| Idle")))
    return page, offsite


def _wait_visible(page: Any, locator: Any, timeout: float = 180) -> None:
    """Wait for `locator`, answering a kernel-choice dialog if one shows up meanwhile."""
    deadline = time.monotonic() + timeout
    accept = page.locator(".jp-Dialog", has_text="Select Kernel").locator(".jp-mod-accept")
    while not locator.first.is_visible():
        if accept.is_visible():
            accept.click()
        if time.monotonic() > deadline:
            page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "lab-wait.png"))
            raise AssertionError(f"not visible after {timeout:.0f} s: {locator}")
        page.wait_for_timeout(250)


def _run_all(page: Any) -> None:
    page.locator("li.lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()


def _code_cell(page: Any, text: str) -> Any:
    """The code cell whose source contains `text`."""
    cell = page.locator(".jp-Notebook .jp-CodeCell",
                        has=page.locator(".jp-InputArea", has_text=text))
    cell.first.wait_for(state="attached")
    assert cell.count() == 1, f"expected one code cell containing {text!r}"
    return cell


def _run_cell(page: Any, cell: Any) -> None:
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")


def _choice_exercise() -> Any:
    """The first choice exercise of the first lesson."""
    from coursekit.exercises import ChoiceProblem
    from coursekit.lessons.registry import get_lesson

    return next(p for p in get_lesson(FIRST_LESSON).problems.values()
                if isinstance(p, ChoiceProblem))


def _answer_line(problem: Any) -> str:
    """The line a learner types to answer a choice exercise: one letter, or a list of them."""
    answer = sorted(problem.answer) if isinstance(problem.answer, frozenset) else problem.answer
    return f"{problem.name} = {json.dumps(answer)}"


@dataclass
class BrowserSession:
    """What the learner saw while solving one exercise in JupyterLab."""

    question: str
    before: str
    """The check's feedback after Run All, before answering."""
    after_markdown: str
    """The rendered Markdown of the check's feedback after answering."""
    offsite: list[str]
    saved: str
    """The notebook file on disk after saving."""


@pytest.fixture(scope="module")
def solved_in_browser(browser: Any, course_lab: Lab) -> BrowserSession:
    """Open the first lesson, run all its cells, answer one exercise, check it, save."""
    problem = _choice_exercise()
    name = f"{FIRST_LESSON}.ipynb"
    page, offsite = _open_notebook(browser, course_lab, name)
    check = _code_cell(page, f"ex.{problem.id}.check()")
    _run_all(page)
    feedback = check.locator(".jp-OutputArea-output").first
    _wait_visible(page, feedback)
    before = feedback.inner_text()
    answer = _code_cell(page, f"{problem.name} = ...")
    answer.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(_answer_line(problem))
    page.keyboard.press("Shift+Enter")
    _run_cell(page, check)
    correct = check.locator(".jp-RenderedMarkdown", has_text=f"{problem.id} · Correct")
    _wait_visible(page, correct)
    page.keyboard.press("Control+s")
    path = course_lab.root / name
    deadline = time.monotonic() + 60
    while json.dumps(_answer_line(problem))[1:-1] not in path.read_text() and (
            time.monotonic() < deadline):
        time.sleep(0.5)
    session = BrowserSession(problem.id, before, correct.inner_text(), offsite,
                             path.read_text())
    page.close()
    return session


@pytest.mark.slow
@pytest.mark.browser
def test_learner_runs_a_lesson_in_jupyterlab_and_sees_correct_feedback(
        solved_in_browser: BrowserSession) -> None:
    assert f"{solved_in_browser.question} · Not attempted" in solved_in_browser.before
    assert re.search(r"Correct \((\d+)/\1\)", solved_in_browser.after_markdown), \
        solved_in_browser.after_markdown
    assert solved_in_browser.offsite == [], "JupyterLab asked for something off this machine"


@pytest.mark.slow
@pytest.mark.browser
def test_progress_command_reflects_the_checks_run_in_the_browser(
        solved_in_browser: BrowserSession, fresh_install: FreshInstall, course_lab: Lab,
        tmp_path: Path) -> None:
    from coursekit.lessons.registry import get_lesson

    env = _learner_env(fresh_install.bin, tmp_path)
    env["COURSEKIT_HOME"] = str(course_lab.home)
    result = fresh_install.run("progress", env=env)
    assert result.returncode == 0, result.stderr
    total = len(get_lesson(FIRST_LESSON).problems)
    assert re.search(rf"^{FIRST_LESSON}\s+1 / {total}\s+\d{{4}}-\d\d-\d\d \d\d:\d\d$",
                     result.stdout, re.MULTILINE), result.stdout
    saved = json.loads((course_lab.home / "progress.json").read_text())[FIRST_LESSON]
    assert saved[solved_in_browser.question]["status"] == "correct"
    assert {r["status"] for q, r in saved.items() if q != solved_in_browser.question} == {
        "not attempted"}


@pytest.mark.slow
@pytest.mark.browser
def test_answer_saved_in_jupyterlab_survives_a_second_start_after_an_upgrade(
        solved_in_browser: BrowserSession, fresh_install: FreshInstall, course_lab: Lab,
        tmp_path: Path) -> None:
    name = f"{FIRST_LESSON}.ipynb"
    saved = (course_lab.root / name).read_bytes()
    assert saved.decode() == solved_in_browser.saved
    installed = Path(_venv_python(fresh_install.bin, (
        f"from coursekit.lessons.source import source_path; print(source_path('{FIRST_LESSON}'))")))
    upgraded = nbformat.read(installed, as_version=4)  # what `pip install -U` would bring
    upgraded.cells.append(new_markdown_cell("## Added in the next release"))
    nbformat.write(upgraded, installed)
    env = _learner_env(fresh_install.bin, tmp_path)
    env["JUPYTER_RUNTIME_DIR"] = str(course_lab.runtime)  # the course's lab is running there
    second = fresh_install.run("start", "--no-browser", str(course_lab.root), env=env)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout and str(course_lab.info["port"]) in second.stdout
    assert len(list(course_lab.runtime.glob("jpserver-*.json"))) == 1, "a second JupyterLab"
    beside = f"{FIRST_LESSON} (updated {dt.date.today().isoformat()}).ipynb"
    assert f"You changed {name}, so it stays as it is" in second.stdout
    assert beside in second.stdout
    assert (course_lab.root / name).read_bytes() == saved
    assert "Added in the next release" in (course_lab.root / beside).read_text()


WIDGET_NOTEBOOK = new_notebook(cells=[new_code_cell(
    "import ipywidgets as widgets\n"
    "widgets.IntSlider(value=3, min=0, max=10, description='Share')")], metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                   "language": "python"}})


@pytest.mark.slow
@pytest.mark.browser
def test_widgets_render_in_jupyterlab_out_of_the_box(browser: Any, course_lab: Lab) -> None:
    nbformat.write(WIDGET_NOTEBOOK, course_lab.root / "widget-check.ipynb")
    page, _ = _open_notebook(browser, course_lab, "widget-check.ipynb")
    _run_all(page)
    _wait_visible(page, page.locator(".jp-OutputArea-output .widget-slider"))
    assert page.locator(".jp-OutputArea-output .widget-label", has_text="Share").is_visible()
    assert "Error displaying widget" not in page.locator(".jp-OutputArea").first.inner_text()
    page.close()
