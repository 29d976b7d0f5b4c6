"""`coursekit grade --dask`: a real scheduler and real workers on 127.0.0.1, as subprocesses.

The cluster (one ``dask scheduler``, two ``dask worker --no-nanny`` processes, one thread each)
is started once for the module on free ports and torn down in a ``finally``. Records from the
cluster are compared with a local run of the same files, timings aside.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from tests.grading.pipeline_helpers import (
    LESSON,
    code_cell,
    graded_lessons,
    machine_points,
    released,
    solved,
    with_one_wrong,
    write,
)

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("sandbox_required", "distributed_required")


@pytest.fixture(scope="module")
def distributed_required() -> None:
    """Skip without the 'cluster' extra; under CI (which installs it) fail instead."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("distributed must be installed under CI (the test extra)", pytrace=False)
        pytest.skip("distributed is not installed (pip install -e '.[cluster]')")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A scheduler and its workers, each a subprocess in its own process group."""

    address: str
    folder: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.folder / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=log,
                                    stderr=subprocess.STDOUT, cwd=self.folder,
                                    start_new_session=True)
        self.procs[name] = proc
        return proc

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        return self.start(name, "worker", self.address, "--name", name, "--nthreads", "1",
                          "--no-nanny", "--host", "127.0.0.1", "--no-dashboard")

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def client(self) -> Any:
        from distributed import Client

        return Client(self.address, timeout=30, set_as_default=False)

    def wait_for(self, count: int) -> None:
        with self.client() as client:
            client.wait_for_workers(count, timeout=120)

    def log(self) -> str:
        return "\n".join(f"== {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted(self.folder.glob("*.log")))


@contextlib.contextmanager
def start_cluster(folder: Path, workers: int) -> Iterator[Cluster]:
    """A scheduler on a free port and `workers` workers, all killed on the way out."""
    port = free_port()
    running = Cluster(f"tcp://127.0.0.1:{port}", folder)
    try:
        running.start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                      "--no-dashboard")
        for i in range(workers):
            running.start_worker(f"w{i + 1}")
        running.wait_for(workers)
        yield running
    finally:
        for name in list(running.procs):
            running.kill(name)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with start_cluster(tmp_path_factory.mktemp("dask"), 2) as running:
        yield running


def grade(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """`coursekit grade` in a subprocess, as an instructor runs it."""
    return subprocess.run([sys.executable, "-m", "coursekit", "grade", *args, "--quiet"],
                          capture_output=True, text=True, timeout=timeout, cwd=REPO)


def records(out: Path) -> list[dict[str, Any]]:
    """grades.json's submissions without their timings."""
    subs = json.loads((out / "grades.json").read_text("utf-8"))["submissions"]
    for sub in subs:
        del sub["duration"], sub["graded_at"]
    return subs


def distinct(nb: dict[str, Any], tag: int, sleep: float = 0.0) -> dict[str, Any]:
    """`nb` with distinct bytes (so no result is reused), optionally slowed by a learner cell."""
    nb = json.loads(json.dumps(nb))
    nb["metadata"]["copy"] = tag
    if sleep:
        nb["cells"].insert(len(nb["cells"]), code_cell(f"import time\ntime.sleep({sleep})"))
    return nb


def gradebook_counts(out: Path) -> tuple[int, int]:
    """(results, submissions) rows in the gradebook, read while a grader may be writing."""
    path = out / "gradebook.sqlite"
    if not path.exists():
        return 0, 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return (conn.execute("SELECT count(*) FROM results").fetchone()[0],
                    conn.execute("SELECT count(*) FROM submissions").fetchone()[0])
    except sqlite3.OperationalError:
        return 0, 0


def slow_batch(folder: Path, count: int, sleep: float) -> Path:
    """`folder` holding `count` distinct full-marks submissions, each running `sleep` s."""
    folder.mkdir()
    for i in range(count):
        write(folder / f"l{i}.ipynb", distinct(solved(), i, sleep=sleep))
    return folder


def wait_until_one_is_saved(out: Path, proc: subprocess.Popen[Any]) -> None:
    """Return once the batch in `proc` has saved a record to `out` (or ended, or 600 s)."""
    deadline = time.monotonic() + 600
    while gradebook_counts(out)[0] < 1 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)


def test_cluster_records_equal_a_local_run(cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    write(folder / "ana.ipynb", solved())
    write(folder / "ana-twin.ipynb", solved())          # same bytes: run once, two records
    write(folder / "ben.ipynb", with_one_wrong(LESSON, "q2"))
    write(folder / "cy.ipynb", released())               # not attempted
    crash = solved()
    crash["cells"].insert(3, code_cell("import os\nos._exit(3)"))
    write(folder / "dee.ipynb", crash)                    # the learner's process dies
    (folder / "eve.ipynb").write_text("{ not a notebook")
    other = next(lesson for lesson in graded_lessons() if lesson != LESSON)
    write(folder / "fay.ipynb", solved(other))
    # --any-lesson: a mixed batch, each notebook graded as the lesson it names
    on_cluster = grade(str(folder), "--out", str(tmp_path / "dask"), "--dask", cluster.address,
                       "--any-lesson")
    assert on_cluster.returncode == 0, on_cluster.stderr + cluster.log()
    local = grade(str(folder), "--out", str(tmp_path / "local"), "--any-lesson")
    assert local.returncode == 0, local.stderr
    assert records(tmp_path / "dask") == records(tmp_path / "local")
    by_learner = {r["learner"]: r for r in records(tmp_path / "dask")}
    assert by_learner["ana"]["score"] == machine_points()
    assert by_learner["fay"]["score"] == machine_points(other)
    assert by_learner["eve"]["status"] == "unreadable notebook"
    assert "5 run now" in on_cluster.stdout  # the twin was run once


def test_worker_killed_mid_batch_still_gives_every_record_once(cluster: Cluster,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "subs"
    folder.mkdir()
    count = 8
    for i in range(count):
        base = solved() if i % 2 == 0 else with_one_wrong(LESSON, "q1")
        write(folder / f"learner{i}.ipynb", distinct(base, i, sleep=2))
    cluster.start_worker("victim")
    cluster.wait_for(3)
    out = tmp_path / "dask"
    proc = subprocess.Popen([sys.executable, "-m", "coursekit", "grade", str(folder), "--out",
                             str(out), "--dask", cluster.address, "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    killed_while_running: list[str] = []
    try:
        with cluster.client() as client:
            deadline = time.monotonic() + 600
            while not killed_while_running and time.monotonic() < deadline \
                    and proc.poll() is None:
                victim = [w for w, keys in client.processing().items()
                          if keys and "victim" in str(client.scheduler_info()["workers"]
                                                      .get(w, {}).get("name"))]
                if victim and gradebook_counts(out)[0] >= 1:
                    killed_while_running = list(client.processing()[victim[0]])
                    cluster.kill("victim")
                time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=900)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert killed_while_running, "the batch ended before the victim worker got a job"
    assert proc.returncode == 0, stderr + cluster.log()
    assert gradebook_counts(out) == (count, count)
    got = records(out)
    assert sorted(r["learner"] for r in got) == [f"learner{i}" for i in range(count)]
    full = machine_points()
    for r in got:
        i = int(r["learner"].removeprefix("learner"))
        assert r["status"] == "graded" and "grader failed" not in r["message"], r
        assert (r["score"] == full) == (i % 2 == 0), r
    assert f"{count} run now" in stdout


def test_client_killed_mid_batch_resumes(cluster: Cluster, tmp_path: Path) -> None:
    count = 6
    folder = slow_batch(tmp_path / "subs", count, sleep=1)
    out = tmp_path / "dask"
    args = [sys.executable, "-m", "coursekit", "grade", str(folder), "--out", str(out),
            "--dask", cluster.address, "--quiet"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=REPO)
    try:
        wait_until_one_is_saved(out, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    saved_before = gradebook_counts(out)[0]
    assert 1 <= saved_before < count
    again = grade(str(folder), "--out", str(out), "--dask", cluster.address)
    assert again.returncode == 0, again.stderr
    assert f"{count - saved_before} run now, {saved_before} already in the gradebook" \
        in again.stdout
    assert gradebook_counts(out) == (count, count)
    assert all(r["score"] == machine_points() for r in records(out))


def test_lost_scheduler_stops_the_batch_with_what_was_graded_saved(tmp_path: Path) -> None:
    count = 6
    folder = slow_batch(tmp_path / "subs", count, sleep=2)
    out = tmp_path / "dask"
    (tmp_path / "cluster").mkdir()
    with start_cluster(tmp_path / "cluster", 1) as small:
        proc = subprocess.Popen([sys.executable, "-m", "coursekit", "grade", str(folder),
                                 "--out", str(out), "--dask", small.address, "--quiet"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=REPO)
        try:
            wait_until_one_is_saved(out, proc)
            small.kill("scheduler")
            _, stderr = proc.communicate(timeout=300)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 1
    assert stderr.strip().splitlines()[-1].startswith(
        f"Error: lost the Dask scheduler at {small.address}")
    saved = gradebook_counts(out)
    assert 1 <= saved[0] < count and saved[0] == saved[1]


def test_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    write(tmp_path / "ana.ipynb", solved())
    done = grade(str(tmp_path / "ana.ipynb"), "--out", str(tmp_path / "out"),
                 "--dask", f"tcp://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_local_grade_never_imports_dask(tmp_path: Path) -> None:
    write(tmp_path / "ana.ipynb", solved())
    code = ("import sys\nfrom coursekit.cli import main\n"
            f"code = main(['grade', {str(tmp_path / 'ana.ipynb')!r}, '--out', "
            f"{str(tmp_path / 'out')!r}, '--quiet'])\n"
            "loaded = sorted(m for m in sys.modules\n"
            "                if m.split('.')[0] in ('dask', 'distributed'))\n"
            "print(code, loaded)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_jobs_travel_as_json_text_and_come_back_whole() -> None:
    from coursekit.errors import GradingError
    from coursekit.grading.cluster import job_from_json, job_to_json
    from coursekit.grading.sanitize import sanitize
    from coursekit.grading.step import LessonContext
    from coursekit.sandbox.protocol import ProtocolError

    lesson = LessonContext.load(LESSON)
    job = replace(sanitize(solved(), lesson.source, lesson.questions, "abc").job,
                  collect=lesson.collect)
    assert job.steps and job.collect
    text = job_to_json(job)
    assert isinstance(text, str) and job_from_json(text) == job
    with pytest.raises(GradingError):
        job_from_json("[1, 2]")
    with pytest.raises(ProtocolError):
        job_from_json(json.dumps({"k": "job", "key": "abc", "lesson": LESSON, "steps": "x"}))


def test_a_worker_with_other_lesson_versions_refuses_to_grade() -> None:
    from coursekit.errors import GradingError
    from coursekit.grading.cluster import SandboxPlugin, lesson_versions
    from coursekit.grading.runner import Limits

    expected = {**lesson_versions(), LESSON: "1999.1.1"}
    plugin = SandboxPlugin(Limits(), True, expected)
    with pytest.raises(GradingError, match=f"{LESSON} .* here, 1999.1.1 on the client"):
        plugin._start("tcp://127.0.0.1:1", 1)
    assert plugin.runner is None and "install the same coursekit" in plugin.problem
    assert SandboxPlugin(Limits(), True, expected).name == plugin.name
    assert SandboxPlugin(Limits(cell_timeout=5), True, expected).name != plugin.name
