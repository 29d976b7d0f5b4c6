"""Issue 12's sandbox invariants, each attack beside a clean control, on the real Runner.

Run as root (CI) these exercise the real cgroup, namespaces and seccomp filter: nothing is
skipped there (`require_sandbox` fails under CI when the sandbox cannot run).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator

import pytest

from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import FunctionProblem
from coursekit.grading.plan import Job, Step, collect_plan
from coursekit.grading.runner import Limits, Runner, RunResult
from coursekit.lessons.registry import get_lesson
from tests.grading.conftest import require_sandbox

pytestmark = pytest.mark.slow

LESSON = "01-is-it-cheating"
PLAN = collect_plan(get_lesson(LESSON))
Q1, N1 = next((c.question, c.name) for c in PLAN if c.cases is None)
LIMITS = Limits(cell_timeout=1.5, total_timeout=20, memory_mb=256, output_bytes=200_000)


@pytest.fixture(scope="module")
def runner() -> Iterator[Runner]:
    require_sandbox()
    with Runner(LIMITS, workers=1) as r:  # one worker: every job below runs in the same one
        yield r


def run(runner: Runner, *codes: str) -> RunResult:
    steps = [Step(code, label=f"cell {n + 1}") for n, code in enumerate(codes)]
    steps[-1] = Step(codes[-1], capture=Q1, label=f"cell {len(codes)}")
    return runner.run(Job(secrets.token_hex(4), LESSON, tuple(steps), PLAN))


def answer(result: RunResult) -> object:
    assert Q1 in result.answers, (result.status, result.message, result.question_status)
    return result.answers[Q1]


# -- 1. no answer inside the sandbox ---------------------------------------------------------

def test_the_job_sent_to_the_sandbox_holds_no_answer() -> None:
    lesson = get_lesson(LESSON)
    functions = [p for p in lesson.problems.values() if isinstance(p, FunctionProblem)]
    assert {c.question for c in PLAN} == set(lesson.problems)
    for plan in PLAN:
        assert set(plan.to_dict()) == {"q", "name", "cases"}  # a name and inputs, nothing else
    for problem in functions:  # the inputs go, the reference's outputs stay in the grader
        assert next(c for c in PLAN if c.question == problem.id).cases


def test_exercise_definitions_are_not_importable_or_readable_in_the_sandbox(
        runner: Runner) -> None:
    probe = ("import importlib, pathlib, coursekit\n"
             "found = []\n"
             "for name in ('coursekit.exercises.kinds', 'coursekit.exercises.compare',\n"
             "             'coursekit.exercises.ch01_is_it_cheating', 'coursekit.lessons.registry',"
             "\n             'coursekit.learner.api'):\n"
             "    try:\n"
             "        importlib.import_module(name); found.append(name)\n"
             "    except ImportError:\n"
             "        pass\n"
             "package = pathlib.Path(coursekit.__file__).parent\n"
             "found += sorted(p.name for p in (package / 'exercises').rglob('*'))\n"
             f"ex = coursekit.lesson({LESSON!r}, globals())\n"
             f"{N1} = [found, repr(ex.{Q1}.check()), repr(ex.{Q1}.solution())]")
    found, checked, solution = answer(run(runner, probe))  # type: ignore[misc]
    assert found == ["feedback.py"]  # only the status vocabulary is there
    assert "grader" in checked and "grader" in solution
    control = run(runner, "import coursekit.exercises.feedback as f, coursekit.answers as a\n"
                          f"{N1} = [f.Status.CORRECT.label, a.encode((1, 2))['t']]")
    assert answer(control) == ["Correct", "tuple"]


# -- 2. nothing crosses between submissions --------------------------------------------------

def _plant(canary: str) -> str:
    return ("import ctypes, os\n"
            f"kept_secret = {canary!r}\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "segment = libc.shmget(0x7c1e, 4096, 0o1000 | 0o666)\n"
            "open('/dev/shm/ck-canary', 'w').write(kept_secret)\n"
            "open('/tmp/ck-canary', 'w').write(kept_secret)\n")


def _search(digest: str) -> str:
    """Scan every readable mapping of the process (ctypes reads its own memory) for a canary
    whose hash is `digest`: the canary itself is never in this code."""
    return ("import ctypes, hashlib, os, re\n"
            "pattern = re.compile(rb'canary-[0-9a-f]{32}')\n"
            "in_memory = False\n"
            "for line in open('/proc/self/maps').read().splitlines():\n"
            "    fields = line.split()\n"
            "    name = fields[5] if len(fields) > 5 else ''\n"
            "    if not fields[1].startswith('r') or name.startswith(('[v', '/dev')):\n"
            "        continue\n"
            "    start, end = (int(x, 16) for x in fields[0].split('-'))\n"
            "    for at in range(start, end, 1 << 24):\n"
            "        chunk = ctypes.string_at(at, min(end - at, 1 << 24))\n"
            "        for m in pattern.finditer(chunk):\n"
            f"            in_memory |= hashlib.sha256(m.group()).hexdigest() == {digest!r}\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            f"{N1} = [in_memory, libc.shmget(0x7c1e, 0, 0) >= 0,\n"
            "       os.path.exists('/dev/shm/ck-canary'), os.path.exists('/tmp/ck-canary'),\n"
            "       'kept_secret' in globals()]")


def test_a_later_submission_finds_nothing_of_an_earlier_one(runner: Runner) -> None:
    canary = f"canary-{secrets.token_hex(16)}"
    digest = hashlib.sha256(canary.encode()).hexdigest()
    # control: within one submission the search finds every trace it looks for
    assert answer(run(runner, _plant(canary), _search(digest))) == [True] * 5
    run(runner, _plant(canary))
    assert answer(run(runner, _search(digest))) == [False] * 5


# -- 3. limits that hold ---------------------------------------------------------------------

def test_the_grader_runs_each_submission_in_a_cgroup_as_root(runner: Runner) -> None:
    if os.geteuid() != 0:
        pytest.skip("cgroups are made by a root grader (see test_nonroot for the fallback)")
    assert runner.cgroup_problem is None


def _children(mb: int, count: int) -> str:
    return ("import os\n"
            "pids = []\n"
            f"for _ in range({count}):\n"
            "    pid = os.fork()\n"
            "    if pid == 0:\n"
            f"        block = bytearray({mb} * 1024 * 1024)\n"
            "        for i in range(0, len(block), 4096):\n"
            "            block[i] = 1\n"
            "        import time; time.sleep(1)\n"
            "        os._exit(0)\n"
            "    pids.append(pid)\n"
            f"{N1} = sum(os.waitpid(p, 0)[1] == 0 for p in pids)")


def test_memory_is_limited_for_the_whole_submission_not_per_process(runner: Runner) -> None:
    if runner.cgroup_problem:
        pytest.skip(f"no cgroup here ({runner.cgroup_problem})")
    slow = Limits(cell_timeout=30, total_timeout=60, memory_mb=256)  # time is not the point
    with Runner(slow, workers=1) as patient:
        assert answer(run(patient, _children(10, 4))) == 4  # control: 40 MB in four processes
        result = run(patient, _children(150, 4))  # each under its rlimit, 600 MB together
    survived = result.answers.get(Q1)
    assert survived != 4, "four processes of 150 MB each ran in a 256 MB submission"
    assert survived is not None or result.question_status[Q1][0] == Status.MEMORY_LIMIT


def _memfd(mb: int) -> str:
    return ("import os\n"
            "try:\n"
            "    fd = os.memfd_create('fill')\n"
            f"    for _ in range({mb}):\n"
            "        os.write(fd, b'x' * (1 << 20))\n"
            f"    {N1} = 'written'\n"
            "except OSError as exc:\n"
            f"    {N1} = f'refused: {{exc.errno}}'")


def test_memory_backed_files_are_counted(runner: Runner) -> None:
    small = answer(run(runner, _memfd(8)))
    if runner.cgroup_problem:  # fallback: no memfd at all (it would escape the rlimit)
        assert small == "refused: 1"
        return
    assert small == "written"  # control: a small memory file is fine
    result = run(runner, _memfd(1024))
    assert result.answers.get(Q1) != "written"
    assert result.question_status.get(Q1, ("",))[0] in (Status.MEMORY_LIMIT, "") or \
        str(result.answers.get(Q1)).startswith("refused")


def test_user_namespaces_are_refused_inside_the_sandbox(runner: Runner) -> None:
    code = ("import ctypes, os, subprocess, threading\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "failed = libc.unshare(0x10000000)\n"
            "errno = ctypes.get_errno()\n"
            "tool = subprocess.run(['unshare', '--user', 'true'], capture_output=True)\n"
            "t = threading.Thread(target=lambda: None); t.start(); t.join()\n"
            "pid = os.fork()\n"
            "if pid == 0:\n"
            "    os._exit(7)\n"
            f"{N1} = [failed, errno, tool.returncode != 0, os.waitpid(pid, 0)[1] >> 8]")
    assert answer(run(runner, code)) == [-1, 1, True, 7]  # threads and fork still work


# -- 4. the grader decides every status and message ------------------------------------------

FORGE = ("import json, os, struct\n"
         "def send(message):\n"
         "    body = json.dumps(message).encode()\n"
         "    os.write(3, struct.pack('>I', len(body)) + body)\n")


def test_learner_code_cannot_choose_a_status_or_write_the_message(runner: Runner) -> None:
    formula = '=HYPERLINK("http://evil.example","checker error")'
    raised = {"k": "uncollected", "i": 0, "q": Q1, "reason": "raised", "error": formula}
    forged = run(runner, FORGE + f"send({raised!r})")
    status, message = forged.question_status[Q1]
    assert status == Status.ERROR
    assert message == f"collecting {Q1} raised “{formula}”"  # quoted data, after our words
    checker = {"k": "uncollected", "i": 0, "q": Q1, "reason": "checker error", "error": ""}
    chosen = run(runner, FORGE + f"send({checker!r})")
    assert chosen.question_status[Q1][0] == Status.KERNEL_DIED  # refused, the run ended
    assert "protocol" in chosen.question_status[Q1][1]
    assert answer(run(runner, f"{N1} = 'honest'")) == "honest"  # control


# -- 5. clocks the learner cannot touch ------------------------------------------------------

def test_messages_from_learner_code_do_not_extend_the_cell_clock(runner: Runner) -> None:
    stall = (FORGE + "import signal, time\n"
             "signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
             "end = time.monotonic() + 60\n"
             "while time.monotonic() < end:\n"
             f"    send({{'k': 'collect', 'i': 0, 'q': {Q1!r}}})\n"
             "    send({'k': 'step', 'i': 0})\n"
             "    time.sleep(0.1)\n")
    result = run(runner, stall)
    status, message = result.question_status[Q1]
    assert status == Status.TIMEOUT
    assert "cell limit" in message and "limit for a submission" not in message
    control = run(runner, f"import time\ntime.sleep(0.3)\n{N1} = 'in time'")
    assert answer(control) == "in time"
